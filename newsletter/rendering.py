"""The newsletter as a mail: HTML with CSS inlined at render time, a plain-text alternative and the headers.

Mail clients ignore or strip ``<style>`` blocks and external stylesheets, so the mail template carries class
names only and ``inline_css`` writes the declarations of ``MAIL_CSS`` into ``style`` attributes when the mail
is rendered. Mail HTML is never served under the site's Content-Security-Policy, which is why inline styles
are right here and wrong on the site. The ``<style>`` block stays in the head for what cannot be inlined:
the dark-mode colours for the clients that honour ``prefers-color-scheme``.

An edition is rendered once per sending run; each subscriber's copy only differs in the unsubscribe address,
which ``personalize`` fills in with a string replacement. That keeps 10,000 mails cheap (see ``bench/``).
"""

from __future__ import annotations

import email.policy
import re
from dataclasses import dataclass
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from newsletter.models import Edition

#: Stands in for the subscriber's own unsubscribe address until ``personalize``.
UNSUBSCRIBE_PLACEHOLDER = "https://unsubscribe.invalid/placeholder"

#: The stylesheet of the mail. Only simple selectors: ``tag``, ``.class`` and ``tag.class``.
MAIL_CSS = """
body { margin: 0; padding: 0; background-color: #f5f7f6; color: #1d2624; }
table { border-collapse: collapse; }
td { font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.5; color: #1d2624; }
a { color: #0b5c55; text-decoration: underline; }
p { margin: 0 0 16px 0; }
h1, h2, h3 { font-family: Arial, Helvetica, sans-serif; color: #07403b; }
h1 { margin: 0 0 16px 0; font-size: 26px; line-height: 1.25; }
h2 { margin: 32px 0 12px 0; font-size: 21px; line-height: 1.3; }
h3 { margin: 20px 0 6px 0; font-size: 17px; line-height: 1.35; }
.outer { width: 100%; background-color: #f5f7f6; }
.frame { width: 100%; max-width: 640px; background-color: #ffffff; }
.browser { padding: 12px 24px; font-size: 13px; color: #4a5754; text-align: center; }
.masthead { padding: 24px; background-color: #07403b; color: #ffffff; font-size: 22px; font-weight: bold; }
.masthead-link { color: #ffffff; text-decoration: none; }
.content { padding: 24px; }
.item-title { color: #0b5c55; }
.more { font-weight: bold; }
.agenda-date { padding: 6px 12px 6px 0; vertical-align: top; white-space: nowrap; font-weight: bold; color: #4a5754; }
.agenda-title { padding: 6px 0; vertical-align: top; }
.closing { padding: 24px; background-color: #e3f1ef; font-size: 15px; }
.footer { padding: 16px 24px 32px 24px; font-size: 13px; color: #4a5754; text-align: center; }
.footer-link { color: #4a5754; }
"""

#: Kept as a ``<style>`` block: clients that support dark mode queries get readable colours.
DARK_MODE_CSS = """
:root { color-scheme: light dark; supported-color-schemes: light dark; }
@media (prefers-color-scheme: dark) {
  body, .outer { background-color: #111615 !important; }
  .frame, td { background-color: #1d2624 !important; color: #e8eeed !important; }
  h1, h2, h3 { color: #e8eeed !important; }
  a, .item-title { color: #8fd3c9 !important; }
  .masthead { background-color: #07403b !important; }
  .closing { background-color: #16302d !important; }
  .browser, .footer, .footer-link, .agenda-date { color: #b9c6c3 !important; }
}
"""

_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_START_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)((?:\s[^<>]*?)?)(/?)>")
_CLASS_ATTR = re.compile(r'\sclass="([^"]*)"')
_STYLE_ATTR = re.compile(r'\sstyle="([^"]*)"')


def parse_css(css: str) -> list[tuple[tuple[int, int, int], str | None, str | None, str]]:
    """Rules as (specificity, tag, class, declarations), in an order where later entries win."""
    rules = []
    for position, (selectors, declarations) in enumerate(_RULE.findall(css)):
        body = "; ".join(part.strip() for part in declarations.split(";") if part.strip())
        for selector in selectors.split(","):
            selector = selector.strip()
            tag, _, css_class = selector.partition(".")
            if not re.fullmatch(r"[a-z0-9]*", tag) or not re.fullmatch(r"[a-z0-9_-]*", css_class):
                raise ValueError(f"the mail stylesheet only supports tag, .class and tag.class: {selector!r}")
            specificity = (1 if css_class else 0, 1 if tag else 0, position)
            rules.append((specificity, tag or None, css_class or None, body))
    return sorted(rules, key=lambda rule: rule[0])


def inline_css(html: str, css: str = MAIL_CSS) -> str:
    """Write the declarations of ``css`` that match each element into its ``style`` attribute.

    More specific rules override less specific ones, and a ``style`` the template wrote itself wins over all.
    """
    rules = parse_css(css)

    def rewrite(match: re.Match) -> str:
        tag, attributes, self_closing = match[1].lower(), match[2], match[3]
        class_match = _CLASS_ATTR.search(attributes)
        classes = set(class_match[1].split()) if class_match else set()
        declarations = [
            body
            for _, rule_tag, rule_class, body in rules
            if (rule_tag is None or rule_tag == tag) and (rule_class is None or rule_class in classes)
        ]
        if not declarations:
            return match[0]
        style_match = _STYLE_ATTR.search(attributes)
        if style_match:
            declarations.append(style_match[1])
            attributes = attributes[: style_match.start()] + attributes[style_match.end() :]
        style = "; ".join(declarations)
        return f'<{match[1]}{attributes} style="{style}"{self_closing}>'

    return _START_TAG.sub(rewrite, html)


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def message_domain() -> str:
    """The domain of the sender address, for Message-IDs and the List-Id."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return address.rpartition("@")[2] or urlsplit(settings.SITE_URL).hostname or "wijkwijzer.org"


@dataclass(frozen=True)
class RenderedEdition:
    subject: str
    html: str
    text: str
    web_url: str


def render_edition(edition: Edition) -> RenderedEdition:
    """The edition as mail HTML (CSS inlined) and plain text, with a placeholder for the unsubscribe address."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "edition": edition,
            "sections": edition.sections(),
            "site_url": settings.SITE_URL,
            "web_url": absolute(edition.get_absolute_url()),
            "agenda_url": absolute(reverse("events:list")),
            "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
            "dark_mode_css": DARK_MODE_CSS,
        }
        html = inline_css(render_to_string("newsletter/mail/edition.html", context))
        text = render_to_string("newsletter/mail/edition.txt", context)
    return RenderedEdition(subject=edition.title, html=html, text=text, web_url=context["web_url"])


def unsubscribe_url(token: str) -> str:
    return absolute(reverse("newsletter:unsubscribe", kwargs={"token": token}))


def message_id(*, edition_id: int, delivery_id: int) -> str:
    """Deterministic: the same ledger row always gives the same Message-ID, so a copy sent twice is recognisable."""
    return f"<nieuwsbrief.{edition_id}.{delivery_id}@{message_domain()}>"


class NewsletterMessage(EmailMultiAlternatives):
    """A mail whose header lines are never folded within a word.

    Python's default policy folds header lines at 78 characters, and a header of one long word, such as the
    ``List-Unsubscribe`` address, it can only fold by writing it as RFC 2047 encoded words
    (``=?utf-8?q?=3Chttps=3A//…?=``), which mail programs do not read as an address: they then offer no
    unsubscribe button. RFC 5322 allows lines of up to 998 characters; a subject with spaces is still folded there.
    Django's SMTP backend passes a policy of its own (``email.policy.SMTP``, for its CRLF line ends): that one is
    kept, with the longer lines.
    """

    MAX_LINE_LENGTH = 998

    def message(self, *, policy=email.policy.default):
        return super().message(policy=policy.clone(max_line_length=self.MAX_LINE_LENGTH))


def build_message(
    rendered: RenderedEdition,
    *,
    to: str,
    unsubscribe: str,
    message_id: str | None = None,
    subject_prefix: str = "",
    list_headers: bool = True,
) -> NewsletterMessage:
    """One subscriber's mail: text and HTML, RFC 2369/8058 unsubscribe headers, a stable Message-ID. A test mail
    (``list_headers=False``) has no unsubscribe headers: it goes to no subscriber, and a mail program's one-click
    unsubscribe would post to a page that is no unsubscribe address."""
    headers = {"List-Id": f"WijkWijzer nieuwsbrief <nieuwsbrief.{message_domain()}>"}
    if list_headers:
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    if message_id:
        headers["Message-ID"] = message_id
    message = NewsletterMessage(
        subject=subject_prefix + rendered.subject,
        body=rendered.text.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe),
        to=[to],
        headers=headers,
    )
    message.attach_alternative(rendered.html.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe), "text/html")
    return message
