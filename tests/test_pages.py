"""Every public page: it answers, shows what it should, hides drafts and runs a fixed number of queries."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.builders import make_article, make_audience, make_call, make_event, make_partner, make_theme

pytestmark = pytest.mark.django_db


def h1_count(html: str) -> int:
    return len(re.findall(r"<h1[\s>]", html))


@pytest.fixture
def site(db):
    lsa = make_partner(name="Landelijk Samenwerkingsverband Actieve bewoners", short_name="LSA", slug="lsa")
    wonen = make_theme(name="wonen", slug="wonen")
    bewoners = make_audience(name="bewoners", slug="bewoners")
    today = timezone.localdate()
    return {
        "partner": lsa,
        "theme": wonen,
        "article": make_article(
            title="Manifest voor een succesvolle wijkaanpak",
            kind="manifest",
            partners=[lsa],
            themes=[wonen],
            audiences=[bewoners],
            tags=["wijkaanpak"],
        ),
        "draft": make_article(title="Geheim concept", status="draft", partners=[lsa], themes=[wonen]),
        "call": make_call(
            title="Wie durft het Wijklab uit te nodigen?",
            deadline_date=today + datetime.timedelta(days=20),
            partners=[lsa],
            themes=[wonen],
            action_url="https://example.org/aanmelden",
        ),
        "closed_call": make_call(title="Verlopen oproep", deadline_date=today - datetime.timedelta(days=3)),
        "event": make_event(
            title="Dag van de Buurt",
            start_date=today + datetime.timedelta(days=10),
            featured=True,
            partners=[lsa],
            themes=[wonen],
        ),
        "range_event": make_event(
            title="Werkplaats Werken aan wijkontwikkeling",
            start_date=datetime.date(today.year + 1, 8, 29),
            end_date=datetime.date(today.year + 1, 8, 31),
        ),
        "past_event": make_event(title="Brede Welvaart Conferentie", start_date=today - datetime.timedelta(days=30)),
    }


def test_home_shows_each_area(client, site):
    html = client.get("/").content.decode()
    assert "Manifest voor een succesvolle wijkaanpak" in html
    assert "Wie durft het Wijklab uit te nodigen?" in html
    assert "Dag van de Buurt" in html
    assert "Uitgelichte activiteiten" in html
    assert ">LSA<" in html
    assert "Geheim concept" not in html
    assert "Verlopen oproep" not in html
    assert "Brede Welvaart Conferentie" not in html


def test_home_falls_back_to_upcoming_events_when_none_are_featured(client, site):
    site["event"].featured = False
    site["event"].save()
    html = client.get("/").content.decode()
    assert "Dag van de Buurt" in html
    assert "Werkplaats Werken aan wijkontwikkeling" in html


def test_home_shows_at_most_six_featured_events(client, db):
    for day in range(8):
        make_event(
            title=f"Uitgelicht {day}", start_date=timezone.localdate() + datetime.timedelta(days=day + 1), featured=True
        )
    html = client.get("/").content.decode()
    assert "Uitgelicht 5" in html
    assert "Uitgelicht 6" not in html


def test_article_list_and_detail(client, site):
    html = client.get(reverse("articles:list")).content.decode()
    assert "Manifest voor een succesvolle wijkaanpak" in html
    assert "Geheim concept" not in html
    detail = client.get(site["article"].get_absolute_url()).content.decode()
    assert "Manifest" in detail and "Landelijk Samenwerkingsverband Actieve bewoners" in detail
    assert "wijkaanpak" in detail  # the tag


def test_draft_detail_is_404(client, site):
    response = client.get(site["draft"].get_absolute_url())
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.content.decode()


def test_scheduled_item_is_hidden_until_its_moment(client, db):
    item = make_article(title="Komt maandag", publish_from=timezone.now() + datetime.timedelta(days=3))
    assert client.get(item.get_absolute_url()).status_code == 404
    assert "Komt maandag" not in client.get(reverse("articles:list")).content.decode()


def test_calls_lists_open_calls_with_deadline_and_closed_ones_apart(client, site):
    html = client.get(reverse("calls:list")).content.decode()
    assert "Wie durft het Wijklab uit te nodigen?" in html
    assert "Aanmelden kan tot" in html
    assert "Verlopen oproep" not in html
    closed = client.get(reverse("calls:closed")).content.decode()
    assert "Verlopen oproep" in closed and "Gesloten" in closed
    assert "Wie durft het Wijklab" not in closed


def test_call_cards_say_until_when_one_can_sign_up(client, db):
    from wijkwijzer.dates import format_day

    later = timezone.localdate() + datetime.timedelta(days=10)
    earlier = timezone.localdate() - datetime.timedelta(days=3)
    make_call(title="Met datum", deadline_date=later)
    make_call(title="Met tijd", deadline_date=later, deadline_time=datetime.time(17, 0))
    make_call(title="Doorlopend")
    make_call(title="Voorbij", deadline_date=earlier)
    make_call(title="Voorbij met tijd", deadline_date=earlier, deadline_time=datetime.time(12, 0))

    def deadline(html: str, title: str) -> str:
        return re.search(rf">{title}</a>.*?(<p class=\"deadline[^\"]*\">.*?</p>)", html, re.DOTALL).group(1)

    html = client.get(reverse("calls:list")).content.decode()
    assert deadline(html, "Met datum") == f'<p class="deadline">Aanmelden kan tot {format_day(later)}</p>'
    assert deadline(html, "Met tijd") == f'<p class="deadline">Aanmelden kan tot {format_day(later)} 17:00 uur</p>'
    assert deadline(html, "Doorlopend") == '<p class="deadline">Aanmelden kan doorlopend</p>'
    closed = client.get(reverse("calls:closed")).content.decode()
    assert deadline(closed, "Voorbij") == (
        f'<p class="deadline deadline--closed">Gesloten: aanmelden kon tot {format_day(earlier)}</p>'
    )
    assert deadline(closed, "Voorbij met tijd") == (
        f'<p class="deadline deadline--closed">Gesloten: aanmelden kon tot {format_day(earlier)} 12:00 uur</p>'
    )
    # A closed call's card loses the accent that marks the open ones.
    assert '<article class="card card--call card--closed">' in closed
    assert "card--closed" not in html


def test_cards_label_their_partners_then_their_themes_escaped(client, db):
    partner = make_partner(name="Buurt & Co", short_name="B&C <b>")
    themes = [make_theme(name="zorg & welzijn", order=1), make_theme(name="wonen", order=2)]  # editors' order
    make_article(title="Met labels", partners=[partner], themes=themes)
    make_article(title="Zonder labels")
    make_call(title="Oproep met labels", partners=[partner], themes=themes[:1])

    def labels(html: str, title: str) -> list[tuple[str, str]]:
        card = re.search(rf">{title}</a>.*?</article>", html, re.DOTALL).group(0)
        return re.findall(r'<li class="(meta-tag[^"]*)">([^<]*)</li>', card)

    html = client.get(reverse("articles:list")).content.decode()
    assert labels(html, "Met labels") == [
        ("meta-tag meta-tag--partner", "B&amp;C &lt;b&gt;"),
        ("meta-tag", "zorg &amp; welzijn"),
        ("meta-tag", "wonen"),
    ]
    assert '<ul class="meta-tags" aria-label="Partners en thema’s">' in html
    assert labels(html, "Zonder labels") == []
    assert "meta-tags" not in re.search(r">Zonder labels</a>.*?</article>", html, re.DOTALL).group(0)
    calls = client.get(reverse("calls:list")).content.decode()
    assert labels(calls, "Oproep met labels") == [
        ("meta-tag meta-tag--partner", "B&amp;C &lt;b&gt;"),
        ("meta-tag", "zorg &amp; welzijn"),
    ]


def test_closed_call_detail_is_marked_and_has_no_signup_button(client, site):
    html = client.get(site["closed_call"].get_absolute_url()).content.decode()
    assert "Gesloten" in html
    assert "Meld je aan" not in html
    open_html = client.get(site["call"].get_absolute_url()).content.decode()
    assert 'href="https://example.org/aanmelden"' in open_html


def test_agenda_lists_upcoming_events_with_dutch_ranges_and_archive_has_past(client, site):
    html = client.get(reverse("events:list")).content.decode()
    assert "Dag van de Buurt" in html
    assert "29–31 augustus" in html
    assert "Brede Welvaart Conferentie" not in html
    archive = client.get(reverse("events:archive")).content.decode()
    assert "Brede Welvaart Conferentie" in archive and "Dag van de Buurt" not in archive


def test_event_detail(client, site):
    html = client.get(site["range_event"].get_absolute_url()).content.decode()
    assert "29–31 augustus" in html
    past = client.get(site["past_event"].get_absolute_url()).content.decode()
    assert "Deze activiteit is voorbij" in past


def test_partner_page_lists_everything_of_that_partner(client, site):
    html = client.get(site["partner"].get_absolute_url()).content.decode()
    assert "Manifest voor een succesvolle wijkaanpak" in html
    assert "Wie durft het Wijklab uit te nodigen?" in html
    assert "Dag van de Buurt" in html
    assert "Geheim concept" not in html
    assert "Werkplaats" not in html  # not this partner's
    assert "Landelijk Samenwerkingsverband Actieve bewoners" in client.get(reverse("partners:list")).content.decode()


@pytest.mark.django_db
def test_a_partner_whose_short_name_is_its_name_is_named_once(client):
    movisie = make_partner(name="Movisie", short_name="Movisie")
    lsa = make_partner(name="Landelijk Samenwerkingsverband Actieve bewoners", short_name="LSA")
    partners = client.get(reverse("partners:list")).content.decode()
    assert partners.count(">Movisie<") == 1
    assert '<p class="card__kicker">LSA</p>' in partners
    assert client.get(movisie.get_absolute_url()).content.decode().count("detail__kicker") == 0
    assert '<p class="detail__kicker">LSA</p>' in client.get(lsa.get_absolute_url()).content.decode()


def test_partner_page_shows_the_first_calls_and_events_and_links_to_all_of_them(client):
    from wijkwijzer.content import SECTION_ITEMS

    lsa, other = make_partner(name="LSA", slug="lsa"), make_partner(name="CCV", slug="ccv")
    today = timezone.localdate()
    for number in range(SECTION_ITEMS + 1):
        make_call(title=f"Oproep {number:02}", partners=[lsa])
        make_event(
            title=f"Activiteit {number:02}", start_date=today + datetime.timedelta(days=number + 1), partners=[lsa]
        )
    make_call(title="Enige oproep", partners=[other])
    html = client.get(lsa.get_absolute_url()).content.decode()
    shown_events = [
        f"Activiteit {number:02}" for number in range(SECTION_ITEMS + 1) if f"Activiteit {number:02}" in html
    ]
    assert shown_events == [f"Activiteit {number:02}" for number in range(SECTION_ITEMS)]  # the soonest first
    assert sum(f"Oproep {number:02}" in html for number in range(SECTION_ITEMS + 1)) == SECTION_ITEMS
    assert 'href="/zoeken/?soort=meedoen&amp;partner=lsa">Alle oproepen van LSA' in html
    assert 'href="/agenda/?partner=lsa">Alle activiteiten van LSA' in html
    # The agenda behind the link has all of them.
    agenda = client.get("/agenda/?partner=lsa").content.decode()
    assert all(f"Activiteit {number:02}" in agenda for number in range(SECTION_ITEMS + 1))
    # A partner with no more than fits has no "Alle …" links.
    few = client.get(other.get_absolute_url()).content.decode()
    assert "Enige oproep" in few and "Alle oproepen" not in few and "Alle activiteiten" not in few


def test_theme_page_lists_everything_of_that_theme(client, site):
    html = client.get(site["theme"].get_absolute_url()).content.decode()
    assert "Manifest voor een succesvolle wijkaanpak" in html
    assert "Dag van de Buurt" in html
    assert "Geheim concept" not in html


def test_empty_theme_says_so(client, db):
    theme = make_theme(name="energietransitie", slug="energietransitie")
    assert "Hier is nog niets over gepubliceerd" in client.get(theme.get_absolute_url()).content.decode()


def test_empty_lists_show_an_empty_state(client, db):
    assert "Er zijn nog geen publicaties" in client.get(reverse("articles:list")).content.decode()
    assert "geen oproepen open" in client.get(reverse("calls:list")).content.decode()
    assert "geen activiteiten op de agenda" in client.get(reverse("events:list")).content.decode()


def test_lists_are_paginated_and_forgive_bad_page_numbers(client, db, settings):
    settings.PAGE_SIZE = 5
    for number in range(12):
        make_article(title=f"Artikel {number:02}", publish_from=timezone.now() - datetime.timedelta(hours=number))
    first = client.get(reverse("articles:list")).content.decode()
    assert "Pagina 1 van 3" in first and "Artikel 00" in first and "Artikel 05" not in first
    last = client.get(reverse("articles:list"), {"page": "3"}).content.decode()
    assert "Artikel 11" in last
    for bad in ["abc", "-1", "0", "9" * 30, "3.5"]:
        response = client.get(reverse("articles:list"), {"page": bad})
        assert response.status_code == 200, bad


def test_unknown_slug_is_a_dutch_404(client, db):
    for url in [
        "/verdiepen/bestaat-niet/",
        "/meedoen/bestaat-niet/",
        "/agenda/bestaat-niet/",
        "/partners/bestaat-niet/",
        "/themas/bestaat-niet/",
        "/helemaal-niets/",
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Deze pagina bestaat niet" in response.content.decode()


def test_a_bad_request_and_a_refused_form_get_dutch_pages(db, settings):
    from django.test import Client

    settings.DEBUG = False
    response = Client().get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Dit verzoek klopt niet" in response.content.decode()
    assert '<html lang="nl">' in response.content.decode()
    # A form sent without its CSRF token (from another site, or after the cookie was lost).
    response = Client(enforce_csrf_checks=True).post(reverse("admin:login"), {"username": "a", "password": "b"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Het formulier is verlopen of niet vanaf deze website verstuurd" in html
    assert "cookies van deze website toestaan" in html
    assert '<html lang="nl">' in html


def test_every_page_has_exactly_one_h1_and_dutch_language(client, site):
    urls = [
        "/",
        reverse("articles:list"),
        reverse("calls:list"),
        reverse("calls:closed"),
        reverse("events:list"),
        reverse("events:archive"),
        reverse("partners:list"),
        reverse("themes:list"),
        site["article"].get_absolute_url(),
        site["call"].get_absolute_url(),
        site["event"].get_absolute_url(),
        site["partner"].get_absolute_url(),
        site["theme"].get_absolute_url(),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert h1_count(html) == 1, url
        assert '<html lang="nl">' in html


# --- Query budget: the same number of queries with 1 item as with 30. ---


def _fill(count: int):
    partner = make_partner()
    theme = make_theme()
    audience = make_audience()
    today = timezone.localdate()
    for n in range(count):
        rel = {"partners": [partner, make_partner()], "themes": [theme], "audiences": [audience], "tags": ["a", "b"]}
        make_article(**rel)
        make_call(deadline_date=today + datetime.timedelta(days=n + 1), **rel)
        make_event(start_date=today + datetime.timedelta(days=n), featured=True, **rel)
        make_event(start_date=today - datetime.timedelta(days=n + 1), **rel)
    return partner, theme


def _page_urls(partner, theme):
    from articles.models import Article
    from calls.models import Call
    from events.models import Event

    return [
        "/",
        "/verdiepen/",
        "/meedoen/",
        "/meedoen/gesloten/",
        "/agenda/",
        "/agenda/archief/",
        "/partners/",
        "/themas/",
        partner.get_absolute_url(),
        theme.get_absolute_url(),
        Article.objects.first().get_absolute_url(),
        Call.objects.first().get_absolute_url(),
        Event.objects.first().get_absolute_url(),
    ]


QUERY_BUDGET = 10


@pytest.mark.parametrize("count", [1, 30])
def test_every_page_runs_a_bounded_number_of_queries(client, db, count, django_assert_max_num_queries):
    partner, theme = _fill(count)
    for url in _page_urls(partner, theme):
        with django_assert_max_num_queries(QUERY_BUDGET):
            assert client.get(url).status_code == 200, url


def test_query_count_does_not_grow_with_the_number_of_items(client, db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def counts():
        result = {}
        for url in _page_urls(partner, theme):
            with CaptureQueriesContext(connection) as ctx:
                client.get(url)
            result[url.split("/")[1] or "home"] = len(ctx)
        return result

    partner, theme = _fill(1)
    few = counts()
    _fill(29)  # another partner/theme; lists grow
    many = counts()
    assert few == many


def test_kind_label_is_dutch_and_an_unknown_kind_shows_as_stored():
    from articles.models import Article

    assert Article(kind="rapport").get_kind_display() == "Rapport"
    assert Article(kind="aflevering").get_kind_display() == "Aflevering (podcast/video)"
    assert Article(kind="iets-anders").get_kind_display() == "iets-anders"


def test_favicon_ico_leads_to_the_sites_icon(client):
    """Asked for by browsers on responses without an icon (the mail preview) and by crawlers: not a 404."""
    from django.contrib.staticfiles import finders

    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith(".svg") and "favicon" in response["Location"]
    assert "max-age=86400" in response["Cache-Control"]
    assert finders.find("img/favicon.svg")
    assert not response.cookies


def test_an_empty_partner_page_says_the_partner_published_nothing_yet(client, db):
    partner = make_partner(name="Vereniging Buurtwerk", short_name="VBW", slug="vbw")
    assert "VBW heeft hier nog niets gepubliceerd." in client.get(partner.get_absolute_url()).content.decode()


def test_detail_labels_follow_how_many_partners_and_themes_there_are(client, db):
    """ "Partner" stood above two partners and "Thema’s" above one theme."""
    lsa, lpb = make_partner(name="LSA", short_name="LSA"), make_partner(name="LPB", short_name="LPB")
    wonen, zorg = make_theme(name="wonen"), make_theme(name="zorg")
    bewoners = make_audience(name="bewoners")
    two = make_article(title="Twee partners", partners=[lsa, lpb], themes=[wonen], audiences=[bewoners])
    one = make_article(title="Eén partner", partners=[lsa], themes=[wonen, zorg])

    def labels(article) -> list[str]:
        return re.findall(r"<dt>([^<]+)</dt>", client.get(article.get_absolute_url()).content.decode())

    assert labels(two) == ["Partners", "Thema", "Voor wie"]
    assert labels(one) == ["Partner", "Thema’s"]


def test_an_item_without_partners_themes_audiences_or_tags_has_no_empty_details_box(client, db):
    bare = make_call(title="Kale oproep")
    assert 'class="detail-meta"' not in client.get(bare.get_absolute_url()).content.decode()
    themed = make_call(title="Oproep met thema", themes=[make_theme(name="Wonen")])
    assert 'class="detail-meta"' in client.get(themed.get_absolute_url()).content.decode()
