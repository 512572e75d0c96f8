"""Calendar export (RFC 5545): every .ics the site serves is parsed back with `icalendar` and checked."""

import datetime
import re
from unittest import mock
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from events.ical import amsterdam_timezone
from events.models import Event
from tests.builders import make_article, make_event, make_partner, make_theme

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NOON = datetime.time(12)


def fetch(client, url: str) -> icalendar.Calendar:
    """GET an .ics, check what every calendar program relies on, and return it parsed."""
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    raw = response.content
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"", "a calendar ends with CRLF"
    assert all(len(line) <= 75 for line in lines), "content lines are folded at 75 octets"
    assert b"\n" not in raw.replace(b"\r\n", b""), "every line ends with CRLF"
    calendar = icalendar.Calendar.from_ical(raw)
    for component in calendar.walk():
        assert component.errors == [], (component.name, component.errors)
    calendar.validate()
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    uids = [str(event["UID"]) for event in calendar.events]
    assert len(uids) == len(set(uids)), "no event twice"
    for event in calendar.events:
        for required in ("UID", "DTSTAMP", "DTSTART", "SUMMARY", "SEQUENCE", "STATUS"):
            assert required in event, required
        assert event["DTSTAMP"].to_ical().endswith(b"Z"), "DTSTAMP is in UTC"
    if any("TZID" in event["DTSTART"].params for event in calendar.events):
        assert [tz["TZID"] for tz in calendar.timezones] == ["Europe/Amsterdam"]
    return calendar


def uids(calendar: icalendar.Calendar) -> set[str]:
    return {str(event["UID"]) for event in calendar.events}


def only_event(calendar: icalendar.Calendar) -> icalendar.Event:
    assert len(calendar.events) == 1
    return calendar.events[0]


def by_uid(calendar: icalendar.Calendar, event: Event) -> icalendar.Event:
    matches = [item for item in calendar.events if str(item["UID"]) == str(event.uid)]
    assert len(matches) == 1
    return matches[0]


def ics_url(event: Event) -> str:
    return reverse("events:ics", kwargs={"slug": event.slug})


def test_download_is_an_attachment_with_the_events_stable_uid_and_last_change(client):
    event = make_event(title="Dag van de Buurt", start_date=datetime.date(2027, 5, 19))
    response = client.get(ics_url(event))
    assert response["Content-Disposition"] == 'attachment; filename="dag-van-de-buurt.ics"'
    item = only_event(fetch(client, ics_url(event)))
    assert str(item["UID"]) == str(event.uid)
    assert item.decoded("DTSTAMP") == event.updated_at.replace(microsecond=0)
    assert item.decoded("LAST-MODIFIED") == event.updated_at.replace(microsecond=0)
    assert str(item["SUMMARY"]) == "Dag van de Buurt"
    assert str(item["URL"]).endswith("/agenda/dag-van-de-buurt/")
    assert item["STATUS"] == "CONFIRMED"


def test_uid_does_not_change_with_title_or_slug(client):
    event = make_event(title="Werkplaats", start_date=datetime.date(2027, 8, 29))
    before = str(only_event(fetch(client, ics_url(event)))["UID"])
    event.title, event.slug = "Werkplaats wijkontwikkeling", "werkplaats-wijkontwikkeling"
    event.save()
    assert str(only_event(fetch(client, ics_url(event)))["UID"]) == before


def test_all_day_multi_day_event_has_date_values_and_an_exclusive_end(client):
    event = make_event(start_date=datetime.date(2027, 8, 29), end_date=datetime.date(2027, 8, 31))
    item = only_event(fetch(client, ics_url(event)))
    assert b"DTSTART;VALUE=DATE:20270829" in item.to_ical()
    assert b"DTEND;VALUE=DATE:20270901" in item.to_ical()
    assert item.decoded("DTSTART") == datetime.date(2027, 8, 29)
    assert item.decoded("DTEND") == datetime.date(2027, 9, 1)


def test_single_all_day_event_ends_the_next_day(client):
    event = make_event(start_date=datetime.date(2027, 12, 31))
    item = only_event(fetch(client, ics_url(event)))
    assert item.decoded("DTSTART") == datetime.date(2027, 12, 31)
    assert item.decoded("DTEND") == datetime.date(2028, 1, 1)


def test_timed_event_is_in_amsterdam_time_with_its_vtimezone(client):
    event = make_event(
        start_date=datetime.date(2027, 9, 23), start_time=datetime.time(10, 0), end_time=datetime.time(16, 0)
    )
    calendar = fetch(client, ics_url(event))
    item = only_event(calendar)
    raw = item.to_ical()
    assert b"DTSTART;TZID=Europe/Amsterdam:20270923T100000" in raw
    assert b"DTEND;TZID=Europe/Amsterdam:20270923T160000" in raw
    assert item.decoded("DTSTART").astimezone(datetime.UTC) == datetime.datetime(2027, 9, 23, 8, 0, tzinfo=datetime.UTC)
    assert len(calendar.timezones) == 1


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [
        (datetime.date(2026, 3, 28), 9),  # Saturday before summer time: CET, UTC+1
        (datetime.date(2026, 3, 29), 8),  # the day summer time starts: CEST, UTC+2
        (datetime.date(2026, 10, 24), 8),  # Saturday before winter time: CEST
        (datetime.date(2026, 10, 25), 9),  # the day winter time starts: CET
        (datetime.date(2027, 3, 28), 8),
        (datetime.date(2027, 10, 31), 9),
    ],
)
def test_events_around_daylight_saving_changes_keep_their_wall_clock_time(client, day, utc_hour):
    event = make_event(start_date=day, start_time=datetime.time(10, 0), end_time=datetime.time(11, 30))
    calendar = fetch(client, ics_url(event))
    item = only_event(calendar)
    expected = datetime.datetime.combine(day, datetime.time(utc_hour, 0), tzinfo=datetime.UTC)
    # As a calendar program that knows the Olson name reads it...
    assert item.decoded("DTSTART").astimezone(datetime.UTC) == expected
    # ...and as one that only trusts the VTIMEZONE in the file.
    own_zone = calendar.timezones[0].to_tz()
    assert datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=own_zone).astimezone(datetime.UTC) == expected


def test_event_that_spans_the_night_the_clocks_go_forward(client):
    event = make_event(
        start_date=datetime.date(2026, 3, 28),
        end_date=datetime.date(2026, 3, 29),
        start_time=datetime.time(20, 0),
        end_time=datetime.time(12, 0),
    )
    item = only_event(fetch(client, ics_url(event)))
    start, end = item.decoded("DTSTART").astimezone(datetime.UTC), item.decoded("DTEND").astimezone(datetime.UTC)
    assert end - start == datetime.timedelta(hours=15)  # 16 wall-clock hours, one of which does not exist


def test_vtimezone_agrees_with_the_tz_database_for_years_to_come():
    own_zone = icalendar.Timezone.from_ical(amsterdam_timezone().to_ical()).to_tz()
    moment = datetime.datetime(2024, 1, 1, 12, tzinfo=datetime.UTC)
    while moment.year < 2036:
        assert moment.astimezone(own_zone).utcoffset() == moment.astimezone(AMSTERDAM).utcoffset(), moment
        moment += datetime.timedelta(hours=7)


def test_moved_event_keeps_its_uid_and_raises_its_sequence(client):
    event = make_event(title="LPB Congres", start_date=datetime.date(2027, 11, 16))
    before = only_event(fetch(client, ics_url(event)))
    event.state = Event.State.MOVED
    event.previous_start_date = event.start_date
    event.start_date = datetime.date(2027, 11, 23)
    event.save()
    after = only_event(fetch(client, ics_url(event)))
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert after.decoded("DTSTART") == datetime.date(2027, 11, 23)
    assert after.decoded("DTSTAMP") >= before.decoded("DTSTAMP")
    assert after["STATUS"] == "CONFIRMED"
    assert "Verplaatst van 16 november 2027 naar 23 november 2027" in str(after["DESCRIPTION"])


def test_sequence_rises_for_a_new_time_but_not_for_a_new_text():
    event = make_event(start_date=datetime.date(2027, 6, 1))
    event.summary = "Een betere samenvatting."
    event.save()
    event.refresh_from_db()
    assert event.sequence == 0
    event.start_time = datetime.time(14, 0)
    event.save()
    event.refresh_from_db()
    assert event.sequence == 1
    event.end_date = datetime.date(2027, 6, 2)
    event.end_time = datetime.time(12, 0)
    event.save()
    event.refresh_from_db()
    assert event.sequence == 2


def test_cancelled_event_stays_in_the_feed_as_cancelled(client):
    event = make_event(title="Festival", start_date=timezone.localdate() + datetime.timedelta(days=20))
    event.state = Event.State.CANCELLED
    event.save()
    item = by_uid(fetch(client, reverse("events:feed")), event)
    assert item["STATUS"] == "CANCELLED"
    assert str(item["SUMMARY"]) == "Geannuleerd: Festival"
    assert int(item["SEQUENCE"]) == 1


def test_feed_has_published_upcoming_events_and_a_year_of_past_ones_but_no_drafts(client):
    today = timezone.localdate()
    upcoming = make_event(start_date=today + datetime.timedelta(days=3))
    past = make_event(start_date=today - datetime.timedelta(days=200))
    # Ended exactly a year ago: still in; a day longer ago: left out (a calendar keeps a year of history).
    year_ago = make_event(
        start_date=today - datetime.timedelta(days=400), end_date=today - datetime.timedelta(days=365)
    )
    too_old = make_event(start_date=today - datetime.timedelta(days=366))
    draft = make_event(start_date=today + datetime.timedelta(days=3), status="draft")
    scheduled = make_event(
        start_date=today + datetime.timedelta(days=3), publish_from=timezone.now() + datetime.timedelta(days=1)
    )
    response = client.get(reverse("events:feed"))
    assert response["Content-Disposition"].startswith("inline")
    uids = {str(item["UID"]) for item in fetch(client, reverse("events:feed")).events}
    assert uids == {str(upcoming.uid), str(past.uid), str(year_ago.uid)}
    assert str(too_old.uid) not in uids
    assert str(draft.uid) not in uids and str(scheduled.uid) not in uids


def test_theme_and_partner_feeds_hold_only_their_events(client):
    wonen, veiligheid = make_theme(name="wonen", slug="wonen"), make_theme(name="veiligheid", slug="veiligheid")
    lsa, ccv = make_partner(name="LSA", slug="lsa"), make_partner(name="CCV", slug="ccv")
    day = timezone.localdate() + datetime.timedelta(days=5)
    a = make_event(start_date=day, themes=[wonen], partners=[lsa])
    b = make_event(start_date=day, themes=[veiligheid], partners=[lsa, ccv])
    c = make_event(start_date=day, themes=[wonen, veiligheid], partners=[ccv])

    def uids(url):
        return {str(item["UID"]) for item in fetch(client, url).events}

    assert uids(reverse("events:theme_feed", kwargs={"slug": "wonen"})) == {str(a.uid), str(c.uid)}
    assert uids(reverse("events:partner_feed", kwargs={"slug": "lsa"})) == {str(a.uid), str(b.uid)}
    assert uids(reverse("events:feed")) == {str(a.uid), str(b.uid), str(c.uid)}
    theme_feed = fetch(client, reverse("events:theme_feed", kwargs={"slug": "wonen"}))
    assert str(theme_feed["X-WR-CALNAME"]) == "WijkWijzer agenda: wonen"
    assert set(by_uid(theme_feed, c).get("CATEGORIES").cats) == {"wonen", "veiligheid"}


def test_feed_of_a_theme_without_events_is_still_a_valid_calendar(client):
    make_theme(name="energietransitie", slug="energietransitie")
    calendar = fetch(client, reverse("events:theme_feed", kwargs={"slug": "energietransitie"}))
    assert calendar.events == []


def test_feed_of_an_unknown_theme_or_partner_is_404(client):
    assert client.get(reverse("events:theme_feed", kwargs={"slug": "bestaat-niet"})).status_code == 404
    assert client.get(reverse("events:partner_feed", kwargs={"slug": "bestaat-niet"})).status_code == 404
    assert client.get("/agenda/bestaat-niet.ics").status_code == 404


def test_draft_event_has_no_download(client):
    event = make_event(status="draft")
    assert client.get(ics_url(event)).status_code == 404


def test_feed_says_how_often_to_refresh_and_where_it_lives(client):
    calendar = fetch(client, reverse("events:feed"))
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert str(calendar["SOURCE"]).endswith("/agenda/abonneren/wijkwijzer-agenda.ics")


def test_a_query_string_does_not_make_a_new_version_of_the_feed(client, django_assert_num_queries):
    """Writing a feed of thousands of events takes seconds: a made-up parameter must not cost a new one."""
    make_event(title="Buurtfeest")
    url = reverse("events:feed")
    first = client.get(url)
    with django_assert_num_queries(0):
        other = client.get(url + "?r=12345")
    assert other.content == first.content
    assert str(fetch(client, url + "?r=6789")["SOURCE"]).endswith("/agenda/abonneren/wijkwijzer-agenda.ics")


def test_online_link_is_not_in_the_calendar_but_the_place_and_details_are(client):
    event = make_event(
        title="Webinar prestatieafspraken",
        attendance="hybrid",
        venue="Krachtstation",
        city="Utrecht",
        online_url="https://meet.example.org/geheim",
        price=0,
        registration_url="https://example.org/aanmelden",
        registration_deadline=datetime.date(2027, 5, 20),
        start_date=datetime.date(2027, 5, 25),
        partners=[make_partner(name="Movisie", slug="movisie")],
    )
    item = only_event(fetch(client, ics_url(event)))
    assert "meet.example.org" not in item.to_ical().decode()
    assert str(item["LOCATION"]) == "Krachtstation, Utrecht en online"
    description = str(item["DESCRIPTION"])
    assert "Organisatie: Movisie" in description
    assert "Kosten: Gratis" in description
    assert "Aanmelden tot en met 20 mei 2027: https://example.org/aanmelden" in description


def test_special_characters_survive_the_round_trip(client):
    title = "Wijk, buurt; samen: ‘één’ \\ </script>"
    event = make_event(title=title, summary="Regel één\nRegel twee, met komma; en puntkomma.")
    item = only_event(fetch(client, ics_url(event)))
    assert str(item["SUMMARY"]) == title
    assert str(item["DESCRIPTION"]).startswith("Regel één\nRegel twee, met komma; en puntkomma.")


def test_agenda_page_links_to_webcal_subscriptions_for_the_chosen_theme_and_partner(client):
    make_theme(name="wonen", slug="wonen")
    make_partner(name="LSA", slug="lsa")
    make_event(themes=[], partners=[])
    html = client.get(reverse("events:list"), {"thema": "wonen", "partner": "lsa"}).content.decode()
    assert 'href="webcal://testserver/agenda/abonneren/wijkwijzer-agenda.ics"' in html
    assert 'href="webcal://testserver/agenda/abonneren/thema/wonen.ics"' in html
    assert 'href="webcal://testserver/agenda/abonneren/partner/lsa.ics"' in html
    links = re.findall(r'<a href="webcal://[^"]+">([^<]+)</a>', html)
    assert links == ["Abonneren op de hele agenda", "Abonneren op thema wonen", "Abonneren op LSA"]


def test_subscribe_page_lists_a_feed_per_theme_and_per_partner(client):
    make_theme(name="wonen", slug="wonen")
    make_partner(name="Platform31", slug="platform31")
    html = client.get(reverse("events:subscribe")).content.decode()
    assert "webcal://testserver/agenda/abonneren/wijkwijzer-agenda.ics" in html
    assert "webcal://testserver/agenda/abonneren/thema/wonen.ics" in html
    assert "webcal://testserver/agenda/abonneren/partner/platform31.ics" in html
    assert "http://testserver/agenda/abonneren/thema/wonen.ics" in html  # to paste into Google Agenda


def test_event_page_offers_zet_in_je_agenda_until_it_is_over(client):
    today = timezone.localdate()
    event = make_event(start_date=today + datetime.timedelta(days=3))
    html = client.get(event.get_absolute_url()).content.decode()
    assert f'href="{ics_url(event)}"' in html and "Zet in je agenda" in html
    past = make_event(start_date=today - datetime.timedelta(days=3))
    assert "Zet in je agenda" not in client.get(past.get_absolute_url()).content.decode()


def test_feed_shows_a_change_at_once_although_it_is_cached(client):
    event = make_event(title="Werkplaats", start_date=timezone.localdate() + datetime.timedelta(days=30))
    before = by_uid(fetch(client, reverse("events:feed")), event)
    event.start_date += datetime.timedelta(days=7)
    event.save()
    after = by_uid(fetch(client, reverse("events:feed")), event)
    assert after.decoded("DTSTART") == before.decoded("DTSTART") + datetime.timedelta(days=7)
    added = make_event(start_date=timezone.localdate() + datetime.timedelta(days=3))
    assert str(added.uid) in {str(item["UID"]) for item in fetch(client, reverse("events:feed")).events}


def test_feed_is_served_without_queries_until_something_changes(client, django_assert_num_queries):
    make_event(title="Buurtfeest")
    url = reverse("events:feed")
    first = client.get(url)
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.content == first.content
    make_article(title="Geen activiteit")
    # Other content changed: a check that the events did not (the next scheduled change, the events' state), but
    # the same feed, not written again.
    with django_assert_num_queries(2):
        after = client.get(url)
    assert (after["ETag"], after.content) == (first["ETag"], first.content)


def test_event_leaves_the_feed_at_its_publish_until_without_anyone_editing(client):
    now = timezone.make_aware(datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=1), NOON))
    event = make_event(
        title="Tijdelijk in de agenda",
        start_date=now.date() + datetime.timedelta(days=30),
        publish_until=now + datetime.timedelta(hours=1),
    )
    url = reverse("events:feed")
    with mock.patch("django.utils.timezone.now", return_value=now):
        assert str(event.uid) in uids(fetch(client, url))
        assert str(event.uid) in uids(fetch(client, url))
    with mock.patch("django.utils.timezone.now", return_value=now + datetime.timedelta(hours=1)):
        assert str(event.uid) not in uids(fetch(client, url))


def test_feed_comes_gzipped_to_calendar_programs_that_ask_and_plain_to_others(client, settings):
    import gzip

    settings.PAGE_CACHE_ENABLED = True  # the page cache must not hand the gzipped answer to the next client
    make_event(title="Buurtfeest")
    url = reverse("events:feed")
    zipped = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert zipped.status_code == 200
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    cached = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert (cached["X-Page-Cache"], cached["Content-Encoding"]) == ("hit", "gzip")
    assert cached.content == zipped.content
    plain = client.get(url)
    assert not plain.has_header("Content-Encoding")
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert not client.get(url).has_header("Content-Encoding")
    assert gzip.decompress(zipped.content) == plain.content
    assert b"SUMMARY:Buurtfeest" in plain.content
    # Each variant has its own ETag, and a calendar program that has the current one gets a 304.
    assert zipped["ETag"] != plain["ETag"]
    again = client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": zipped["ETag"]})
    assert again.status_code == 304
    # An edit gives the feed a new ETag.
    make_event(title="Wijkdiner")
    assert client.get(url)["ETag"] != plain["ETag"]


@pytest.mark.django_db(transaction=True)
def test_a_new_version_of_the_feed_is_written_once_while_other_requests_wait_for_it(monkeypatch):
    """Calendar programs ask for the feed just after an edit, on every worker at once: one writes the new version,
    the others serve that one (writing thousands of events takes seconds of CPU each)."""
    import gzip
    import threading
    import time

    from django.db import connection
    from django.test import Client

    from events import ical

    make_event(title="Buurtfeest")
    written = []
    calendar_bytes = ical.calendar_bytes

    def slow_calendar_bytes(*args, **kwargs):
        written.append(1)
        time.sleep(0.3)  # as slow as thousands of events, in short
        return calendar_bytes(*args, **kwargs)

    monkeypatch.setattr(ical, "calendar_bytes", slow_calendar_bytes)
    bodies: list = [None] * 4
    start = threading.Barrier(4)

    def ask(n: int) -> None:
        try:
            start.wait()
            response = Client().get(reverse("events:feed"), headers={"Accept-Encoding": "gzip"})
            bodies[n] = (response.status_code, response.content)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(written) == 1
    assert len(set(bodies)) == 1 and bodies[0][0] == 200
    assert b"SUMMARY:Buurtfeest" in gzip.decompress(bodies[0][1])
