"""RSS and Atom feeds: they parse, hold only published items with stable GUIDs and correct dates, and pages
link to them with <link rel="alternate">."""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import pytest
from django.conf import settings
from django.utils import timezone

from tests.builders import make_article, make_call, make_event, make_partner, make_theme

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def rss_items(client, path: str) -> list[dict]:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title") and channel.findtext("link") and channel.findtext("description")
    return [
        {
            "title": item.findtext("title"),
            "link": item.findtext("link"),
            "guid": item.findtext("guid"),
            "permalink": item.find("guid").get("isPermaLink"),
            "published": parsedate_to_datetime(item.findtext("pubDate")),
            "description": item.findtext("description"),
            "categories": [category.text for category in item.findall("category")],
        }
        for item in channel.findall("item")
    ]


def atom_entries(client, path: str) -> list[dict]:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.findtext(f"{ATOM}title") and feed.findtext(f"{ATOM}id") and feed.findtext(f"{ATOM}updated")
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "id": entry.findtext(f"{ATOM}id"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "published": datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}published")),
            "updated": datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated")),
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]


@pytest.fixture
def content(db):
    wonen = make_theme(name="wonen", slug="wonen")
    lsa = make_partner(name="LSA", short_name="LSA", slug="lsa")
    today = timezone.localdate()
    moment = datetime.datetime(2024, 3, 5, 9, 30, tzinfo=datetime.UTC)
    return {
        "theme": wonen,
        "partner": lsa,
        "article": make_article(title="Het wijkmanifest", publish_from=moment, themes=[wonen], partners=[lsa]),
        "old_article": make_article(title="Een ouder stuk", publish_from=moment - datetime.timedelta(days=9)),
        "draft": make_article(title="Een concept", status="draft", themes=[wonen], partners=[lsa]),
        "future": make_article(title="Nog niet online", publish_from=timezone.now() + datetime.timedelta(days=2)),
        "call": make_call(title="Doe mee met het wijklab", deadline_date=today + datetime.timedelta(days=9)),
        "closed_call": make_call(
            title="Dicht sinds gisteren",
            deadline_date=today - datetime.timedelta(days=1),
            themes=[wonen],
            partners=[lsa],
        ),
        "event": make_event(title="Dag van de Buurt", themes=[wonen], partners=[lsa]),
    }


def test_section_feeds_hold_only_published_items_newest_first(client, content):
    items = rss_items(client, "/feeds/verdiepen/rss.xml")
    assert [item["title"] for item in items] == ["Het wijkmanifest", "Een ouder stuk"]
    # Of the calls only the open ones, as on the Meedoen page: a closed call is nothing to join any more.
    assert [item["title"] for item in rss_items(client, "/feeds/meedoen/rss.xml")] == ["Doe mee met het wijklab"]
    assert [item["title"] for item in rss_items(client, "/feeds/agenda/rss.xml")] == ["Dag van de Buurt"]


def test_rss_items_have_absolute_links_publication_dates_and_categories(client, content):
    item = rss_items(client, "/feeds/verdiepen/rss.xml")[0]
    assert item["link"] == settings.SITE_URL + content["article"].get_absolute_url()
    assert item["published"] == content["article"].publish_from
    assert item["categories"] == ["wonen"]
    assert item["permalink"] == "false"


def test_atom_feeds_have_entries_with_published_and_updated(client, content):
    entries = atom_entries(client, "/feeds/verdiepen/atom.xml")
    assert [entry["title"] for entry in entries] == ["Het wijkmanifest", "Een ouder stuk"]
    article = content["article"]
    article.refresh_from_db()
    assert entries[0]["published"] == article.publish_from
    assert entries[0]["updated"] == article.updated_at
    assert entries[0]["link"] == settings.SITE_URL + article.get_absolute_url()
    for section in ("meedoen", "agenda"):
        assert atom_entries(client, f"/feeds/{section}/atom.xml")


def test_guid_stays_the_same_when_an_item_is_renamed_and_moved(client, content):
    before = rss_items(client, "/feeds/verdiepen/rss.xml")[0]["guid"]
    article = content["article"]
    article.title, article.slug = "Het nieuwe wijkmanifest", "het-nieuwe-wijkmanifest"
    article.save()
    after = rss_items(client, "/feeds/verdiepen/rss.xml")[0]
    assert after["title"] == "Het nieuwe wijkmanifest"
    assert after["guid"] == before
    assert before.startswith("tag:wijkwijzer.org,")
    atom_id = atom_entries(client, "/feeds/verdiepen/atom.xml")[0]["id"]
    assert atom_id == before


def test_theme_and_partner_feeds_combine_the_sections(client, content):
    theme_titles = {item["title"] for item in rss_items(client, "/feeds/thema/wonen/rss.xml")}
    assert theme_titles == {"Het wijkmanifest", "Dag van de Buurt"}
    partner_titles = {entry["title"] for entry in atom_entries(client, "/feeds/partner/lsa/atom.xml")}
    assert partner_titles == {"Het wijkmanifest", "Dag van de Buurt"}


def test_feed_of_unknown_theme_or_partner_is_not_found(client, content):
    assert client.get("/feeds/thema/bestaat-niet/rss.xml").status_code == 404
    assert client.get("/feeds/partner/bestaat-niet/atom.xml").status_code == 404


def test_feed_descriptions_are_escaped_html(client):
    make_article(title="Jong & oud", summary="Buren <script>alert(1)</script> & vrienden")
    response = client.get("/feeds/verdiepen/rss.xml")
    item = ET.fromstring(response.content).find("channel/item")
    # The reader unescapes the XML once and then sees HTML text, not a script element.
    assert item.findtext("description") == "Buren &lt;script&gt;alert(1)&lt;/script&gt; &amp; vrienden"
    assert item.findtext("title") == "Jong & oud"


def test_event_and_call_items_say_when(client, content):
    event = rss_items(client, "/feeds/agenda/rss.xml")[0]
    assert str(content["event"].start_date.year) in event["description"]
    call = rss_items(client, "/feeds/meedoen/rss.xml")[0]
    assert call["description"].startswith("Aanmelden kan tot ")  # as the site says it


def test_agenda_items_say_when_an_event_is_cancelled_or_moved_and_its_times(db, client):
    day = timezone.localdate() + datetime.timedelta(days=20)
    make_event(title="Buurtfeest", start_date=day, state="cancelled", publish_from=timezone.now())
    make_event(
        title="Popeldag",
        start_date=day,
        state="moved",
        previous_start_date=day - datetime.timedelta(days=7),
        start_time=datetime.time(19, 30),
        end_time=datetime.time(21, 0),
        publish_from=timezone.now() - datetime.timedelta(hours=1),
    )
    cancelled, moved = rss_items(client, "/feeds/agenda/rss.xml")[:2]
    assert cancelled["title"] == "Geannuleerd: Buurtfeest"
    assert cancelled["description"].startswith("Geannuleerd (was ")
    assert moved["title"] == "Popeldag"
    assert "19:30–21:00 uur (verplaatst van " in moved["description"]


@pytest.mark.parametrize(
    ("path", "feed", "text"),
    [
        ("/verdiepen/", "/feeds/verdiepen/rss.xml", "Volg Verdiepen via RSS"),
        ("/meedoen/", "/feeds/meedoen/rss.xml", "Volg Meedoen via RSS"),
        ("/agenda/", "/feeds/agenda/rss.xml", "Volg de agenda via RSS"),
    ],
)
def test_section_pages_link_to_their_feed_visibly(client, content, path, feed, text):
    """Only a <link rel="alternate"> pointed to them, which browsers no longer show."""
    assert f'<a href="{feed}">{text}</a>' in client.get(path).content.decode()


@pytest.mark.parametrize(
    ("path", "feeds"),
    [
        ("/", ["/feeds/verdiepen/rss.xml", "/feeds/meedoen/rss.xml", "/feeds/agenda/rss.xml"]),
        ("/verdiepen/", ["/feeds/verdiepen/rss.xml", "/feeds/verdiepen/atom.xml"]),
        ("/meedoen/", ["/feeds/meedoen/rss.xml"]),
        ("/agenda/", ["/feeds/agenda/atom.xml"]),
        ("/themas/wonen/", ["/feeds/thema/wonen/rss.xml", "/feeds/thema/wonen/atom.xml"]),
        ("/partners/lsa/", ["/feeds/partner/lsa/rss.xml", "/feeds/partner/lsa/atom.xml"]),
    ],
)
def test_pages_link_to_their_feeds(client, content, path, feeds):
    html = client.get(path).content.decode()
    linked = re.findall(
        r'<link rel="alternate" type="application/(?:rss|atom)\+xml" title="[^"]+" href="([^"]+)">', html
    )
    for feed in feeds:
        assert feed in linked
        assert client.get(feed).status_code == 200


@pytest.mark.parametrize("items", [1, 8])
def test_feeds_run_a_fixed_number_of_queries(client, django_assert_max_num_queries, items):
    theme = make_theme(name="wonen", slug="wonen")
    partner = make_partner(slug="lsa")
    for number in range(items):
        make_article(title=f"Stuk {number}", themes=[theme], partners=[partner])
        make_call(title=f"Oproep {number}", themes=[theme], partners=[partner])
        make_event(title=f"Activiteit {number}", themes=[theme], partners=[partner])
    for path in ("/feeds/verdiepen/rss.xml", "/feeds/agenda/atom.xml", "/feeds/thema/wonen/rss.xml"):
        with django_assert_max_num_queries(10):
            assert client.get(path).status_code == 200
