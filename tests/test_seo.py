"""Search engines and link previews: sitemap.xml, robots.txt, canonical URLs, meta descriptions, OpenGraph and
Twitter cards, and schema.org JSON-LD that cannot break out of its script element."""

from __future__ import annotations

import datetime
import html as html_lib
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from tests.builders import make_article, make_call, make_event, make_partner, make_theme

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def png(name: str = "plein.png") -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "teal").save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name=name)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def sitemap_urls(client, path: str) -> dict[str, str | None]:
    response = client.get(path)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}urlset"
    return {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in root.findall(f"{SITEMAP}url")}


def local_day(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).date().isoformat()


def meta(html: str, key: str) -> list[str]:
    """The content of <meta property=key> or <meta name=key>."""
    found = re.findall(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', html)
    return [html_lib.unescape(value) for value in found]


def json_ld(html: str) -> list[dict]:
    return [
        json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


# --- sitemap.xml and robots.txt ---


@pytest.mark.django_db
def test_sitemap_index_lists_a_sitemap_per_section_that_parses(client):
    make_article(title="Een stuk")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}sitemapindex"
    locations = [sitemap.findtext(f"{SITEMAP}loc") for sitemap in root.findall(f"{SITEMAP}sitemap")]
    assert len(locations) == 7
    for location in locations:
        path = location.split("://", 1)[1].split("/", 1)[1]
        assert client.get("/" + path).status_code == 200


@pytest.mark.django_db
def test_sitemap_lists_published_pages_with_their_last_change(client, settings):
    theme = make_theme(name="wonen", slug="wonen")
    partner = make_partner(slug="lsa")
    idle_partner = make_partner(slug="stil")
    article = make_article(title="Gepubliceerd", themes=[theme], partners=[partner])
    make_article(title="Concept", status="draft")
    call = make_call(title="Oproep", deadline_date=timezone.localdate() - datetime.timedelta(days=3))
    event = make_event(title="Bijeenkomst", partners=[partner])
    article.refresh_from_db()
    event.refresh_from_db()
    site = settings.SITE_URL

    articles = sitemap_urls(client, "/sitemap-verdiepen.xml")
    assert articles == {site + article.get_absolute_url(): local_day(article.updated_at)}
    assert site + call.get_absolute_url() in sitemap_urls(client, "/sitemap-meedoen.xml")  # closed, still a page
    assert site + event.get_absolute_url() in sitemap_urls(client, "/sitemap-agenda.xml")

    partners = sitemap_urls(client, "/sitemap-partners.xml")
    assert partners[site + partner.get_absolute_url()] == local_day(max(article.updated_at, event.updated_at))
    assert partners[site + idle_partner.get_absolute_url()] is None
    assert sitemap_urls(client, "/sitemap-themas.xml") == {
        site + theme.get_absolute_url(): local_day(article.updated_at)
    }

    pages = sitemap_urls(client, "/sitemap-paginas.xml")
    assert pages[site + "/"] == local_day(max(article.updated_at, event.updated_at, call.updated_at))
    assert pages[site + "/verdiepen/"] == local_day(article.updated_at)
    for path in ("/meedoen/gesloten/", "/agenda/archief/", "/agenda/abonneren/", "/toegankelijkheid/", "/privacy/"):
        assert site + path in pages, path
        assert client.get(path).status_code == 200, path

    # The newsletter's archive and its sent editions; a draft is not on the site.
    from newsletter.models import Edition

    sent = Edition.objects.create(
        title="Voorjaar", slug="voorjaar", introduction="Hallo.", issue_date=datetime.date(2027, 3, 1)
    )
    Edition.objects.filter(pk=sent.pk).update(status=Edition.Status.SENT, sent_at=timezone.now())
    Edition.objects.create(title="Zomer", slug="zomer", introduction="Hallo.", issue_date=datetime.date(2027, 6, 1))
    sent.refresh_from_db()
    assert sitemap_urls(client, "/sitemap-nieuwsbrieven.xml") == {
        site + sent.get_absolute_url(): local_day(sent.updated_at)
    }
    assert sitemap_urls(client, "/sitemap-paginas.xml")[site + "/nieuwsbrief/"] == local_day(sent.updated_at)


@pytest.mark.django_db
def test_editing_an_item_moves_its_lastmod(client):
    article = make_article(title="Oud")
    type(article).objects.filter(pk=article.pk).update(
        updated_at=datetime.datetime(2021, 5, 1, 12, tzinfo=datetime.UTC)
    )
    assert list(sitemap_urls(client, "/sitemap-verdiepen.xml").values()) == ["2021-05-01"]
    article.refresh_from_db()
    article.title = "Nieuw"
    article.save()
    assert list(sitemap_urls(client, "/sitemap-verdiepen.xml").values()) == [timezone.localdate().isoformat()]


@pytest.mark.django_db
@pytest.mark.parametrize("items", [1, 20])
def test_sitemaps_run_a_fixed_number_of_queries(client, django_assert_max_num_queries, items):
    theme, partner = make_theme(), make_partner()
    for _number in range(items):
        make_article(themes=[theme], partners=[partner])
        make_event(themes=[theme], partners=[partner])
    for path in ("/sitemap.xml", "/sitemap-verdiepen.xml", "/sitemap-partners.xml", "/sitemap-paginas.xml"):
        with django_assert_max_num_queries(10):
            assert client.get(path).status_code == 200


@pytest.mark.django_db
def test_sitemap_of_unknown_section_is_not_found(client):
    assert client.get("/sitemap-onbekend.xml").status_code == 404


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_admin_and_search(client, settings):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /zoeken/" in lines
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in lines


# --- canonical URLs, descriptions and previews ---


@pytest.mark.django_db
def test_pages_have_a_canonical_url_without_tracking_parameters(client, settings):
    article = make_article(title="Het manifest")
    html = client.get(article.get_absolute_url() + "?utm_source=nieuwsbrief").content.decode()
    assert f'<link rel="canonical" href="{settings.SITE_URL}{article.get_absolute_url()}">' in html
    html = client.get("/verdiepen/?page=1").content.decode()
    assert f'<link rel="canonical" href="{settings.SITE_URL}/verdiepen/">' in html


@pytest.mark.django_db
def test_the_canonical_url_of_a_list_names_the_page_shown(client, settings):
    for n in range(settings.PAGE_SIZE + 1):
        make_article(title=f"Artikel {n}")
    for path in ("/verdiepen/?page=2", "/verdiepen/?page=9999"):  # the last page, shown for a page beyond it
        html = client.get(path).content.decode()
        assert f'<link rel="canonical" href="{settings.SITE_URL}/verdiepen/?page=2">' in html, path
        assert meta(html, "og:url") == [f"{settings.SITE_URL}/verdiepen/?page=2"]
    html = client.get("/verdiepen/?page=abc").content.decode()
    assert f'<link rel="canonical" href="{settings.SITE_URL}/verdiepen/">' in html
    # A link from a newsletter, with tracking parameters, names the page all the same.
    html = client.get("/verdiepen/?page=2&utm_source=nieuwsbrief").content.decode()
    assert f'<link rel="canonical" href="{settings.SITE_URL}/verdiepen/?page=2">' in html


@pytest.mark.django_db
def test_a_page_that_is_not_paginated_ignores_a_page_number_in_its_canonical_url(client, settings):
    article = make_article(title="Buurtspanningen")
    partner = make_partner(name="Movisie", slug="movisie")
    make_article(title="Eén stuk", partners=[partner])
    for path in (
        "/?page=7",
        article.get_absolute_url() + "?page=7",
        "/partners/?page=999",
        "/partners/movisie/?page=2",
    ):
        html = client.get(path).content.decode()
        canonical = settings.SITE_URL + path.partition("?")[0]
        assert f'<link rel="canonical" href="{canonical}">' in html, path
        assert meta(html, "og:url") == [canonical], path


@pytest.mark.django_db
def test_a_partner_page_names_the_page_of_its_items_shown(client, settings):
    partner = make_partner(name="Movisie", slug="movisie")
    for n in range(settings.PAGE_SIZE + 1):
        make_article(title=f"Artikel {n}", partners=[partner])
    html = client.get("/partners/movisie/?page=2").content.decode()
    assert f'<link rel="canonical" href="{settings.SITE_URL}/partners/movisie/?page=2">' in html
    assert "<title>Movisie – pagina 2 · WijkWijzer</title>" in html


@pytest.mark.django_db
def test_every_page_of_a_filtered_agenda_points_to_the_agenda_itself(client, settings):
    theme = make_theme(name="Wonen", slug="wonen")
    for n in range(settings.PAGE_SIZE + 1):
        make_event(title=f"Activiteit {n}", themes=[theme])
    html = client.get("/agenda/?thema=wonen&page=2").content.decode()
    assert "Pagina 2 van 2" in html
    assert f'<link rel="canonical" href="{settings.SITE_URL}/agenda/">' in html


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["0", "-1"])
def test_a_page_number_below_one_shows_the_first_page(client, settings, page):
    for n in range(2 * settings.PAGE_SIZE + 1):
        make_call(title=f"Oproep {n}")
    html = client.get(f"/meedoen/?page={page}").content.decode()
    assert "Pagina 1 van 3" in html
    assert "<title>Meedoen · WijkWijzer</title>" in html
    assert f'<link rel="canonical" href="{settings.SITE_URL}/meedoen/">' in html
    html = client.get("/meedoen/?page=3").content.decode()
    assert "<title>Meedoen – pagina 3 · WijkWijzer</title>" in html
    html = client.get(f"/zoeken/?q=oproep&page={page}").content.decode()
    assert "Pagina 1 van 3" in html


@pytest.mark.django_db
def test_search_results_are_not_indexed_and_name_no_canonical_page(client):
    html = client.get("/zoeken/?q=wijk&page=2").content.decode()
    assert '<meta name="robots" content="noindex, follow">' in html
    assert 'rel="canonical"' not in html


@pytest.mark.django_db
def test_meta_description_comes_from_the_summary(client):
    article = make_article(title="Manifest", summary="Acht partners over de wijkaanpak van morgen.")
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<meta name="description" content="Acht partners over de wijkaanpak van morgen.">' in html
    assert meta(html, "og:description") == ["Acht partners over de wijkaanpak van morgen."]


@pytest.mark.django_db
def test_article_preview_has_its_title_and_image(client, settings, media):
    article = make_article(title="Een plein voor iedereen", image=png(), image_alt="Kinderen spelen op een plein")
    html = client.get(article.get_absolute_url()).content.decode()
    image = settings.SITE_URL + article.image.url
    assert meta(html, "og:title") == ["Een plein voor iedereen"]
    assert meta(html, "og:type") == ["article"]
    assert meta(html, "og:url") == [settings.SITE_URL + article.get_absolute_url()]
    assert meta(html, "og:image") == [image]
    assert meta(html, "og:image:alt") == ["Kinderen spelen op een plein"]
    assert meta(html, "twitter:card") == ["summary_large_image"]
    assert meta(html, "twitter:image") == [image]
    assert meta(html, "og:locale") == ["nl_NL"]


@pytest.mark.django_db
def test_call_and_event_pages_get_a_preview_of_their_item_too(client):
    call = make_call(title="Meld je aan voor het Wijklab", summary="Tien gemeenten gezocht.")
    event = make_event(title="Dag van de Buurt")
    assert meta(client.get(call.get_absolute_url()).content.decode(), "og:title") == [call.title]
    assert meta(client.get(event.get_absolute_url()).content.decode(), "og:title") == [event.title]


@pytest.mark.django_db
def test_partner_preview_uses_its_logo(client, settings, media):
    partner = make_partner(name="Movisie", short_name="Movisie", slug="movisie", logo=png("movisie.png"))
    html = client.get(partner.get_absolute_url()).content.decode()
    assert meta(html, "og:image") == [settings.SITE_URL + partner.logo.url]
    assert meta(html, "og:title") == ["Movisie"]


# --- JSON-LD ---


@pytest.mark.django_db
def test_article_page_describes_itself_as_a_schema_org_article(client, settings, media):
    partner = make_partner(name="Platform31", short_name="P31", slug="platform31")
    article = make_article(
        title="Samen naar een leefbare wijk",
        summary="Wat achttien gemeenten leerden.",
        partners=[partner],
        themes=[make_theme(name="energietransitie")],
        tags=["wijkaanpak"],
        image=png(),
    )
    article.refresh_from_db()
    data = json_ld(client.get(article.get_absolute_url()).content.decode())
    assert len(data) == 1
    ld = data[0]
    assert ld["@context"] == "https://schema.org"
    assert ld["@type"] == "Article"
    assert ld["headline"] == "Samen naar een leefbare wijk"
    assert ld["description"] == "Wat achttien gemeenten leerden."
    assert ld["url"] == settings.SITE_URL + article.get_absolute_url()
    assert datetime.datetime.fromisoformat(ld["datePublished"]) == article.publish_from
    assert datetime.datetime.fromisoformat(ld["dateModified"]) == article.updated_at
    assert ld["author"] == [
        {"@type": "Organization", "name": "Platform31", "url": settings.SITE_URL + partner.get_absolute_url()}
    ]
    assert ld["image"] == [settings.SITE_URL + article.image.url]
    assert ld["keywords"] == "energietransitie, wijkaanpak"
    assert ld["inLanguage"] == "nl-NL"


@pytest.mark.django_db
def test_partner_page_describes_the_partner_as_an_organization(client):
    partner = make_partner(
        name="Centrum voor Criminaliteitspreventie en Veiligheid",
        short_name="CCV",
        slug="ccv",
        website="https://hetccv.nl/",
        description="Het CCV maakt Nederland veiliger.",
    )
    (ld,) = json_ld(client.get(partner.get_absolute_url()).content.decode())
    assert ld == {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": "Centrum voor Criminaliteitspreventie en Veiligheid",
        "alternateName": "CCV",
        "url": "https://hetccv.nl/",
        "description": "Het CCV maakt Nederland veiliger.",
        "sameAs": ["https://hetccv.nl/"],
    }


@pytest.mark.django_db
def test_json_ld_cannot_end_its_script_element_early(client):
    title = "Buren </script><script>alert(1)</script> & <!-- vrienden"
    article = make_article(title=title, summary="</SCRIPT> samen")
    html = client.get(article.get_absolute_url()).content.decode()
    head = html.split("</head>")[0]
    assert head.count("<script") == 1
    assert "\\u003C/script\\u003E" in head
    (ld,) = json_ld(html)
    assert ld["headline"] == title
    assert ld["description"] == "</SCRIPT> samen"


@pytest.mark.browser
def test_json_ld_raises_no_content_security_policy_violation(page, live_server, transactional_db):
    article = make_article(title="Een stuk met gestructureerde data", summary="Voor zoekmachines.")
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(live_server.url + article.get_absolute_url())
    data = page.evaluate("() => JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)")
    assert data["headline"] == "Een stuk met gestructureerde data"
    assert not [problem for problem in problems if "Content Security Policy" in problem or "Refused" in problem]
