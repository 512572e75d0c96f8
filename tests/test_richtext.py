"""Rich body text: editors format text with a toolbar; whatever they store is sanitised against an allowlist."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.builders import make_article, make_call, make_event
from tests.editors_support import make_hoofdredactie
from wijkwijzer.richtext import body_html, sanitize_html

XSS_PAYLOADS = [
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">klik</a>',
    '<a href="JaVaScRiPt:alert(1)">klik</a>',
    '<a href="&#106;avascript:alert(1)">klik</a>',
    "<svg><script>alert(1)</script></svg>",
    "<svg onload=alert(1)>",
    '<iframe src="https://example.org"></iframe>',
    '<p style="background:url(javascript:alert(1))">tekst</p>',
    "<script>alert(1)</script>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">klik</a>',
    '<p onclick="alert(1)">tekst</p>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<form action="https://example.org"><input name="x"></form>',
    "<object data=x></object><embed src=x>",
]

DANGEROUS = [
    "<script",
    "onerror",
    "onload",
    "onclick",
    "javascript:",
    "<iframe",
    "<svg",
    "style=",
    "data:",
    "<img",
    "<form",
    "<object",
    "<embed",
    "<input",
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_xss_payload_survives_sanitising(payload):
    cleaned = sanitize_html(f"<p>Voor</p>{payload}<p>Na</p>").lower()
    for marker in DANGEROUS:
        assert marker not in cleaned, (payload, cleaned)
    assert cleaned.startswith("<p>voor</p>")


def test_the_formatting_editors_use_survives():
    html = (
        "<h2>Kop</h2><h3>Subkop</h3><p><strong>vet</strong> en <em>cursief</em></p>"
        "<ul><li>een</li></ul><ol><li>twee</li></ol><blockquote><p>citaat</p></blockquote>"
    )
    assert sanitize_html(html) == html


def test_links_keep_their_address_and_get_a_safe_rel():
    assert sanitize_html('<a href="https://www.movisie.nl/">Movisie</a>') == (
        '<p><a href="https://www.movisie.nl/" rel="noopener noreferrer">Movisie</a></p>'  # text is in a paragraph
    )
    assert 'href="mailto:info@wijkwijzer.org"' in sanitize_html('<a href="mailto:info@wijkwijzer.org">mail</a>')
    assert 'href="/verdiepen/"' in sanitize_html('<a href="/verdiepen/">Verdiepen</a>')


def test_plain_text_becomes_paragraphs():
    assert sanitize_html("Eerste alinea.\n\nTweede alinea,\nmet een regel.") == (
        "<p>Eerste alinea.</p>\n\n<p>Tweede alinea,<br>met een regel.</p>"
    )
    assert sanitize_html("5 < 6 & 7 > 3") == "<p>5 &lt; 6 &amp; 7 &gt; 3</p>"


def test_paragraphs_typed_with_blank_lines_stay_paragraphs_when_the_toolbar_is_used():
    """An editor types paragraphs as the help text says (a blank line between them) and makes a word bold: the
    paragraphs stay paragraphs (they ran together into one)."""
    typed = "Eerste alinea met <strong>vet</strong>.\r\n\r\nTweede alinea,\r\nmet een regel."
    assert (
        sanitize_html(typed)
        == "<p>Eerste alinea met <strong>vet</strong>.</p>\n\n<p>Tweede alinea,<br>\nmet een regel.</p>"
    )
    mixed = "<h2>Kop</h2>\n\nTekst <em>schuin</em>.\n\n<ul>\n<li>een</li>\n</ul>\n\nSlot."
    assert sanitize_html(mixed) == (
        "<h2>Kop</h2>\n\n<p>Tekst <em>schuin</em>.</p>\n\n<ul>\n<li>een</li>\n</ul>\n\n<p>Slot.</p>"
    )
    # What is stored is shown as it is: sanitising again changes nothing.
    for text in (typed, mixed, "Tekst\n<ul><li>een</li></ul>", "<p>Een</p>\n<p>Twee</p>"):
        assert sanitize_html(sanitize_html(text)) == sanitize_html(text)


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        (
            "Meld je aan via <aanmelden@movisie.nl> of bel ons.",
            "Meld je aan via &lt;aanmelden@movisie.nl&gt; of bel ons.",
        ),
        ("Als x<y en y>z, dan", "Als x&lt;y en y&gt;z, dan"),
        ("<p>Mail <b>nu</b> naar <info@lsa.nl></p>", "Mail <b>nu</b> naar &lt;info@lsa.nl&gt;"),
    ],
)
def test_text_between_angle_brackets_is_kept_as_text(typed, shown):
    """It was read as an unknown tag and silently dropped: ‘Meld je aan via  of bel ons.’"""
    assert sanitize_html(typed) == f"<p>{shown}</p>"
    assert sanitize_html(sanitize_html(typed)) == f"<p>{shown}</p>"  # stored, then shown


@pytest.mark.parametrize(
    ("pasted", "stored"),
    [
        ("<h1>Titel</h1><p>tekst</p>", "<p>Titel</p>\n\n<p>tekst</p>"),
        ("<h5>Kop</h5>", "<p>Kop</p>"),
        ("<strike>oude prijs</strike> nu", "<p>oude prijs nu</p>"),
        ("<p>Uit Word<o:p></o:p></p>", "<p>Uit Word</p>"),
        ("<div>Mail <info@lsa.nl> &amp; bel</div>", "<p>Mail &lt;info@lsa.nl&gt; &amp; bel</p>"),
        ("<table><tr><td>cel 1</td><td>cel 2</td></tr></table>", "<p>cel 1</p>\n\n<p>cel 2</p>"),
    ],
)
def test_pasted_tags_that_are_not_allowed_leave_their_text_in_paragraphs(pasted, stored):
    """Found in review: a tag missing from the list of HTML's elements (h1, strike, Word's o:p) was shown as text,
    and the text of a dropped block (a div) was stored outside any paragraph, so that it was escaped twice when
    shown ("&amp;lt;")."""
    assert sanitize_html(pasted) == stored
    assert sanitize_html(stored) == stored
    assert body_html(stored) == stored


def test_only_sanitised_html_is_marked_safe():
    assert str(body_html("<p>a</p><script>alert(1)</script>")) == "<p>a</p>"


@pytest.mark.django_db
@pytest.mark.parametrize("make", [make_article, make_call, make_event])
def test_body_is_stored_sanitised_and_shown_as_html(client, make):
    item = make(body='<h2>Aanpak</h2><p>Zo <strong>werkt</strong> het.<img src=x onerror="alert(1)"></p>')
    item.refresh_from_db()
    assert item.body == "<h2>Aanpak</h2><p>Zo <strong>werkt</strong> het.</p>"
    html = client.get(item.get_absolute_url()).text
    assert '<div class="detail__body"><h2>Aanpak</h2><p>Zo <strong>werkt</strong> het.</p></div>' in html
    assert "onerror" not in html


@pytest.mark.django_db
def test_plain_text_demo_bodies_still_render_as_paragraphs(client):
    from django.core.management import call_command

    from articles.models import Article

    call_command("load_demo", verbosity=0)
    article = Article.objects.exclude(body="").first()
    assert article.body.startswith("<p>")
    assert '<div class="detail__body"><p>' in client.get(article.get_absolute_url()).text


@pytest.mark.django_db
def test_admin_body_field_has_the_toolbar_and_explains_itself(client):
    client.force_login(make_hoofdredactie())
    html = client.get(reverse("admin:articles_article_add")).text
    assert 'data-richtext="true"' in html
    assert "js/richtext.js" in html
    assert "Gebruik de knoppen voor tussenkoppen" in html
