"""Safe rich text for body fields: an allowlist sanitiser (nh3) and the admin's editor widget.

Body text is stored as HTML that ``sanitize_html`` has cleaned, and templates only mark as safe what
``body_html`` returns, which sanitises again. Text without any tag (older plain-text bodies, or an editor
without JavaScript typing paragraphs) becomes paragraphs, and so does text typed in paragraphs with a few tags
from the toolbar in it (``paragraphs_around_blocks``).
"""

from __future__ import annotations

import re

import nh3
from django import forms
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

#: What an editor may use: headings below the page title, paragraphs, lists, links, bold, italic, quotes.
ALLOWED_TAGS = frozenset({"p", "br", "h2", "h3", "h4", "strong", "em", "b", "i", "ul", "ol", "li", "a", "blockquote"})
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
#: Elements that are removed together with their content (the others lose only their tags).
REMOVED_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "object", "embed", "svg", "math", "template", "noscript", "textarea", "select"}
)

#: The names of HTML's elements, current and obsolete (WHATWG): a ``<`` before one of these, or before a name with a
#: colon or hyphen (Word's ``<o:p>``, a custom element), starts a tag, kept if allowed, else dropped with its text
#: kept. Any other ``<`` is text, as in ‘mail <aanmelden@movisie.nl>’ or ‘x<y en y>z’, which a browser's parser
#: (and nh3) would read as an unknown element and drop with everything up to its ``>``.
HTML_ELEMENTS = (
    frozenset(
        """a abbr acronym address applet area article aside audio b base basefont bdi bdo bgsound big blink blockquote
        body br button canvas caption center cite code col colgroup data datalist dd del details dfn dialog dir div
        dl dt em embed fieldset figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup
        hr html i iframe image img input ins isindex kbd keygen label legend li link listing main map mark marquee math
        menu menuitem meta meter multicol nav nextid nobr noembed noframes noscript object ol optgroup option output p
        param picture plaintext pre progress q rb rp rt rtc ruby s samp script search section select slot small source
        spacer span strike strong style sub summary sup svg table tbody td template textarea tfoot th thead time title
        tr track tt u ul var video wbr xmp""".split()  # noqa: SIM905 (a list of 140 words, one per line)
    )
    | ALLOWED_TAGS
    | REMOVED_WITH_CONTENT
)
_NAMES = "|".join(sorted(HTML_ELEMENTS, key=len, reverse=True))
_TAG_NAME = rf"(?:{_NAMES}|[a-z][a-z0-9]*[:-][a-z0-9:._-]*)(?=[\s/>])"
#: Where a tag, comment, doctype or processing instruction starts.
_TAG = re.compile(rf"<(?:[!?]|\s*/?\s*{_TAG_NAME})", re.IGNORECASE)
#: A ``<`` that starts none of those: text.
_STRAY_BRACKET = re.compile(rf"<(?![!?]|\s*/?\s*{_TAG_NAME})", re.IGNORECASE)
#: A tag that makes its own block: a stretch of text with one of these is not made a paragraph. Only blocks that
#: survive sanitising: text in a ``<div>`` (which is dropped) would otherwise be stored without a paragraph around
#: it, and then be read as plain text and escaped a second time when shown.
_BLOCK_TAG = re.compile(r"<\s*/?\s*(?:p|h[2-4]|ul|ol|li|blockquote)\b", re.IGNORECASE)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
#: Blocks that sanitising drops (pasted from Word or a web page): their text is a stretch of its own, made a
#: paragraph like any other, instead of text outside every paragraph.
_DROPPED_BLOCK = re.compile(
    r"<\s*/?\s*(?:div|section|article|header|footer|main|aside|nav|center|address|figure|figcaption|form|fieldset"
    r"|table|caption|thead|tbody|tfoot|tr|td|th|dl|dt|dd|pre|hr|h1|h5|h6)\b[^>]*>",
    re.IGNORECASE,
)


def looks_like_html(text: str) -> bool:
    return bool(_TAG.search(text))


def escape_stray_brackets(html: str) -> str:
    """``html`` with each ``<`` that starts no HTML element (or comment) written as ``&lt;``: kept as text."""
    return _STRAY_BRACKET.sub("&lt;", html)


def paragraphs(text: str) -> str:
    """Plain text as HTML paragraphs: a blank line separates paragraphs, a newline is a line break."""
    return linebreaks(text.strip(), autoescape=True)


def paragraphs_around_blocks(html: str) -> str:
    """HTML as the toolbar leaves it: text typed in paragraphs (a blank line between them) with some bold, italic or
    links in it. Each stretch between blank lines that has no block of its own (a heading, list, quote or
    paragraph) becomes a paragraph, a single newline in it a line break; the rest is left as it is."""
    html = _DROPPED_BLOCK.sub("\n\n", html.replace("\r\n", "\n")).strip()
    stretches = [stretch.strip() for stretch in _BLANK_LINE.split(html)]
    return "\n\n".join(
        stretch if _BLOCK_TAG.search(stretch) else "<p>" + stretch.replace("\n", "<br>\n") + "</p>"
        for stretch in stretches
        if stretch
    )


def sanitize_html(text: str) -> str:
    """``text`` as clean HTML: only the allowed tags, attributes and link schemes survive."""
    if not text or not text.strip():
        return ""
    html = paragraphs_around_blocks(text) if looks_like_html(text) else paragraphs(text)
    return nh3.clean(
        escape_stray_brackets(html),
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(REMOVED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def body_html(text: str) -> SafeString:
    """Sanitised HTML, marked safe for a template: the only way body text reaches a page."""
    return mark_safe(sanitize_html(text))


class RichTextarea(forms.Textarea):
    """A textarea with a small toolbar (headings, bold, italic, lists, link, quote) from a static script.

    Without JavaScript it is a plain textarea: paragraphs separated by a blank line are kept as paragraphs.
    """

    def __init__(self, attrs=None):
        defaults = {"rows": 18, "class": "richtext", "data-richtext": "true"}
        super().__init__({**defaults, **(attrs or {})})

    class Media:
        js = ["js/richtext.js"]
        css = {"all": ["css/richtext.css"]}


RICH_TEXT_HELP = _(
    "De hoofdtekst. Gebruik de knoppen voor tussenkoppen, vet, cursief, opsommingen, links en citaten. "
    "Alinea’s scheid je met een witregel. Andere opmaak, scripts en ingesloten inhoud worden verwijderd."
)
