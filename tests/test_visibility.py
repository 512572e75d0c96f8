"""What the public sees is decided against the current time, in Amsterdam."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from articles.models import Article
from calls.models import Call
from events.models import Event
from tests.builders import make_article, make_call, make_event

AMS = ZoneInfo("Europe/Amsterdam")
pytestmark = pytest.mark.django_db


def ams(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=AMS)


class TestPublished:
    def test_draft_is_not_published(self):
        make_article(title="Concept", status="draft")
        assert not Article.objects.published().exists()

    def test_item_appears_at_its_publication_moment(self):
        make_article(title="Gepland", publish_from=ams(2026, 3, 2, 9, 0))
        assert not Article.objects.published(at=ams(2026, 3, 2, 8, 59)).exists()
        assert Article.objects.published(at=ams(2026, 3, 2, 9, 0)).exists()

    def test_item_disappears_after_its_end(self):
        make_article(publish_from=ams(2026, 1, 1, 0, 0), publish_until=ams(2026, 2, 1, 0, 0))
        assert Article.objects.published(at=ams(2026, 1, 31, 23, 59)).exists()
        assert not Article.objects.published(at=ams(2026, 2, 1, 0, 0)).exists()

    def test_publication_moment_across_the_spring_clock_change(self):
        # On 29 March 2026 the clocks go from 02:00 to 03:00 in Amsterdam.
        make_article(publish_from=ams(2026, 3, 29, 3, 30))
        assert not Article.objects.published(at=datetime.datetime(2026, 3, 29, 1, 29, tzinfo=datetime.UTC)).exists()
        assert Article.objects.published(at=datetime.datetime(2026, 3, 29, 1, 30, tzinfo=datetime.UTC)).exists()


class TestCallsOpen:
    def test_call_is_open_through_its_deadline_day(self):
        make_call(deadline_date=datetime.date(2026, 8, 1))
        assert Call.objects.open(at=ams(2026, 8, 1, 23, 59)).exists()
        assert not Call.objects.open(at=ams(2026, 8, 2, 0, 0)).exists()

    def test_deadline_is_midnight_in_amsterdam_not_utc(self):
        make_call(deadline_date=datetime.date(2026, 8, 1))
        # 22:30 UTC on 1 August is 00:30 on 2 August in Amsterdam (summer time): closed.
        assert not Call.objects.open(at=datetime.datetime(2026, 8, 1, 22, 30, tzinfo=datetime.UTC)).exists()
        # 21:30 UTC is 23:30 in Amsterdam: still open.
        assert Call.objects.open(at=datetime.datetime(2026, 8, 1, 21, 30, tzinfo=datetime.UTC)).exists()

    def test_call_with_deadline_time_closes_at_that_time(self):
        make_call(deadline_date=datetime.date(2026, 5, 29), deadline_time=datetime.time(12, 0))
        assert Call.objects.open(at=ams(2026, 5, 29, 11, 59)).exists()
        assert not Call.objects.open(at=ams(2026, 5, 29, 12, 0)).exists()

    def test_call_without_deadline_stays_open(self):
        make_call(deadline_date=None)
        assert Call.objects.open(at=ams(2099, 1, 1, 0, 0)).exists()

    def test_closed_call_is_not_listed_as_open_but_as_closed(self):
        call = make_call(deadline_date=datetime.date(2026, 1, 10))
        at = ams(2026, 2, 1, 12, 0)
        assert list(Call.objects.open(at=at)) == []
        assert list(Call.objects.closed(at=at)) == [call]

    def test_open_calls_are_ordered_by_soonest_deadline_without_deadline_last(self):
        later = make_call(title="Later", deadline_date=datetime.date(2026, 9, 1))
        endless = make_call(title="Altijd open", deadline_date=None)
        sooner = make_call(title="Eerder", deadline_date=datetime.date(2026, 6, 1))
        assert list(Call.objects.open(at=ams(2026, 5, 1, 12, 0))) == [sooner, later, endless]

    def test_draft_call_is_never_open(self):
        make_call(status="draft", deadline_date=None)
        assert not Call.objects.open().exists()


class TestEventsUpcoming:
    def test_single_day_event_is_upcoming_until_the_end_of_its_day(self):
        event = make_event(start_date=datetime.date(2026, 5, 19))
        assert list(Event.objects.upcoming(at=ams(2026, 5, 19, 23, 59))) == [event]
        assert list(Event.objects.upcoming(at=ams(2026, 5, 20, 0, 0))) == []
        assert list(Event.objects.past(at=ams(2026, 5, 20, 0, 0))) == [event]

    def test_multi_day_event_stays_upcoming_until_its_last_day_has_passed(self):
        event = make_event(start_date=datetime.date(2026, 8, 29), end_date=datetime.date(2026, 8, 31))
        assert list(Event.objects.upcoming(at=ams(2026, 8, 30, 12, 0))) == [event]
        assert list(Event.objects.upcoming(at=ams(2026, 8, 31, 23, 0))) == [event]
        assert list(Event.objects.past(at=ams(2026, 9, 1, 0, 1))) == [event]

    def test_upcoming_uses_the_amsterdam_date_around_midnight_in_winter(self):
        make_event(start_date=datetime.date(2026, 11, 16))
        # 23:30 UTC on 16 November is 00:30 on 17 November in Amsterdam (winter time).
        assert not Event.objects.upcoming(at=datetime.datetime(2026, 11, 16, 23, 30, tzinfo=datetime.UTC)).exists()
        assert Event.objects.upcoming(at=datetime.datetime(2026, 11, 16, 22, 30, tzinfo=datetime.UTC)).exists()

    def test_upcoming_across_the_autumn_clock_change(self):
        # On 25 October 2026 the clocks go back from 03:00 to 02:00.
        make_event(start_date=datetime.date(2026, 10, 25))
        assert Event.objects.upcoming(at=datetime.datetime(2026, 10, 25, 22, 59, tzinfo=datetime.UTC)).exists()
        assert not Event.objects.upcoming(at=datetime.datetime(2026, 10, 25, 23, 0, tzinfo=datetime.UTC)).exists()

    def test_upcoming_is_soonest_first_and_past_is_latest_first(self):
        a = make_event(title="A", start_date=datetime.date(2026, 6, 10))
        b = make_event(title="B", start_date=datetime.date(2026, 5, 13))
        c = make_event(title="C", start_date=datetime.date(2026, 6, 25))
        assert list(Event.objects.upcoming(at=ams(2026, 5, 1, 0, 0))) == [b, a, c]
        assert list(Event.objects.past(at=ams(2026, 7, 1, 0, 0))) == [c, a, b]

    def test_events_on_now_come_first_however_long_ago_they_began(self):
        season = make_event(title="Seizoen", start_date=datetime.date(2026, 3, 1), end_date=datetime.date(2026, 9, 30))
        week = make_event(title="Week", start_date=datetime.date(2026, 5, 28), end_date=datetime.date(2026, 6, 3))
        today = make_event(title="Vandaag", start_date=datetime.date(2026, 6, 1))
        later = make_event(title="Later", start_date=datetime.date(2026, 7, 1))
        ended = make_event(title="Mei", start_date=datetime.date(2026, 5, 1), end_date=datetime.date(2026, 5, 31))
        draft = {"title": "Concept", "status": "draft"}
        make_event(**draft, start_date=datetime.date(2026, 1, 1), end_date=datetime.date(2026, 12, 1))
        moment = ams(2026, 6, 1, 10, 0)
        assert list(Event.objects.upcoming(at=moment)) == [season, week, today, later]
        assert list(Event.objects.upcoming(at=moment).filter(featured=False)[:2]) == [season, week]
        assert list(Event.objects.past(at=moment)) == [ended]

    def test_unpublished_event_is_neither_upcoming_nor_past(self):
        make_event(status="draft", start_date=datetime.date(2026, 6, 1))
        assert not Event.objects.upcoming(at=ams(2026, 5, 1, 0, 0)).exists()
        assert not Event.objects.past(at=ams(2026, 7, 1, 0, 0)).exists()


def test_items_come_with_their_relations_in_editors_order_without_further_queries(django_assert_num_queries):
    from tests.builders import make_audience, make_partner, make_theme

    lsa = make_partner(name="LSA", short_name="LSA", slug="lsa", order=2)
    vng = make_partner(name="VNG", short_name="VNG", slug="vng", order=1)
    wonen, zorg = make_theme(name="Zorg en wonen", slug="wonen"), make_theme(name="armoede", slug="armoede")
    first = make_article(title="Een", partners=[lsa, vng], themes=[wonen, zorg], tags=["Wijk", "buurt"])
    second = make_article(title="Twee", audiences=[make_audience(name="Bewoners", slug="bewoners")])
    with django_assert_num_queries(2):  # the items, then every relation of all of them
        items = {item.title: item for item in Article.objects.published().with_relations()}
        one, two = items["Een"], items["Twee"]
        assert [p.short_name for p in one.partners.all()] == ["VNG", "LSA"]  # by the partners' own order
        assert {t.name for t in one.themes.all()} == {"armoede", "Zorg en wonen"}
        assert {t.name for t in one.tags.all()} == {"buurt", "Wijk"}
        assert [a.name for a in two.audiences.all()] == ["Bewoners"] and not two.partners.all()
        assert one.partners.all()[0].get_absolute_url() == "/partners/vng/"
    assert (one.pk, two.pk) == (first.pk, second.pk)
    # In the same order as Django's own prefetching gives them (the database's collation for names).
    prefetched = Article.objects.prefetch_related("partners", "themes").get(pk=first.pk)
    assert list(prefetched.partners.all()) == list(one.partners.all())
    assert list(prefetched.themes.all()) == list(one.themes.all())
    assert [t.name for t in one.tags.all()] == list(first.tags.order_by("name").values_list("name", flat=True))
