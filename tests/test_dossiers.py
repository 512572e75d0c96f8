"""Theme dossiers at /themas/<slug>/: the introduction, then the newest of each section, each with "meer"."""

from __future__ import annotations

import datetime
import html as html_lib
import re

import pytest
from django.utils import timezone

from tests.builders import make_article, make_call, make_event, make_theme

pytestmark = pytest.mark.django_db


def when(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def section(html: str, name: str) -> str:
    match = re.search(rf'<section class="section" aria-labelledby="dossier-{name}">(.*?)</section>', html, re.S)
    return match.group(1) if match else ""


@pytest.fixture
def dossier(db):
    theme = make_theme(name="wonen", slug="wonen", introduction="Alles over wonen in de wijk.\n\nTweede alinea.")
    other = make_theme(name="zorg", slug="zorg")
    today = timezone.localdate()
    for number in range(8):
        make_article(title=f"Woonstuk {number}", themes=[theme], publish_from=when(-number - 1))
    make_article(title="Over zorg", themes=[other])
    make_article(title="Woonconcept", themes=[theme], status="draft")
    make_call(title="Open woonoproep", themes=[theme], deadline_date=today + datetime.timedelta(days=5))
    make_call(title="Gesloten woonoproep", themes=[theme], deadline_date=today - datetime.timedelta(days=5))
    make_event(title="Komende woonavond", themes=[theme], start_date=today + datetime.timedelta(days=3))
    make_event(title="Voorbije woonavond", themes=[theme], start_date=today - datetime.timedelta(days=3))
    return theme


def test_dossier_opens_with_the_editable_introduction(client, dossier):
    html = client.get("/themas/wonen/").content.decode()
    assert "<p>Alles over wonen in de wijk.</p>" in html
    assert "<p>Tweede alinea.</p>" in html
    assert html.index("Alles over wonen") < html.index('id="dossier-verdiepen"')


def test_dossier_shows_the_six_newest_verdiepen_items_of_the_theme(client, dossier):
    articles = section(client.get("/themas/wonen/").content.decode(), "verdiepen")
    titles = re.findall(r'class="card__link" href="[^"]+">([^<]+)</a>', articles)
    assert titles == [f"Woonstuk {number}" for number in range(6)]


def test_dossier_shows_only_open_calls_and_upcoming_events(client, dossier):
    html = client.get("/themas/wonen/").content.decode()
    assert "Open woonoproep" in section(html, "meedoen")
    assert "Gesloten woonoproep" not in html
    assert "Komende woonavond" in section(html, "agenda")
    assert "Voorbije woonavond" not in html
    assert "Over zorg" not in html
    assert "Woonconcept" not in html


def test_a_section_links_to_more_of_the_theme_only_when_it_has_more_than_it_shows(client, dossier):
    html = client.get("/themas/wonen/").content.decode()
    assert "dossier__more" in section(html, "verdiepen")  # 8 items, 6 shown
    assert "dossier__more" not in section(html, "meedoen")  # its only open call is shown
    assert "dossier__more" not in section(html, "agenda")
    today = timezone.localdate()
    for number in range(6):
        make_call(title=f"Woonoproep {number}", themes=[dossier], deadline_date=today + datetime.timedelta(days=9))
        make_event(title=f"Woonavond {number}", themes=[dossier], start_date=today + datetime.timedelta(days=9))
    html = client.get("/themas/wonen/").content.decode()
    more = {}
    for name in ("verdiepen", "meedoen", "agenda"):
        match = re.search(r'<p class="dossier__more"><a href="([^"]+)">([^<]+)</a>', section(html, name))
        assert match, name
        more[name] = html_lib.unescape(match.group(1))
    assert more["verdiepen"] == "/zoeken/?soort=verdiepen&thema=wonen"
    assert more["meedoen"] == "/zoeken/?soort=meedoen&thema=wonen"
    assert more["agenda"] == "/agenda/?thema=wonen"
    all_articles = client.get(more["verdiepen"]).content.decode()
    assert all(f"Woonstuk {number}" in all_articles for number in range(8))
    assert "Over zorg" not in all_articles
    closed_too = client.get(more["meedoen"]).content.decode()
    assert "Open woonoproep" in closed_too and "Gesloten woonoproep" in closed_too
    assert client.get(more["agenda"]).status_code == 200


def test_theme_without_content_says_so(client):
    make_theme(name="sport en bewegen", slug="sport-en-bewegen")
    html = client.get("/themas/sport-en-bewegen/").content.decode()
    assert "Hier is nog niets over gepubliceerd." in html
    assert "dossier__more" not in html


def test_unknown_theme_is_not_found(client):
    assert client.get("/themas/bestaat-niet/").status_code == 404


@pytest.mark.parametrize("items", [1, 10])
def test_dossier_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, items):
    theme = make_theme(slug="wonen")
    today = timezone.localdate()
    for number in range(items):
        make_article(title=f"Stuk {number}", themes=[theme])
        make_call(title=f"Oproep {number}", themes=[theme], deadline_date=today + datetime.timedelta(days=3))
        make_event(title=f"Activiteit {number}", themes=[theme])
    with django_assert_max_num_queries(10):
        assert client.get("/themas/wonen/").status_code == 200
