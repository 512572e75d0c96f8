"""Prepared querysets (wijkwijzer/prepared.py): SQL written once per process, the same items as the queryset at
every moment, and a loud failure for a queryset that cannot be prepared."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.http import Http404

from articles import views as article_views
from articles.models import Article
from calls import views as call_views
from events import views as event_views
from events.filters import FORM_ON_LOCATION, FORM_ONLINE, AgendaFilter
from events.models import Event
from partners.models import Partner
from tests.builders import make_article, make_audience, make_call, make_event, make_partner, make_theme
from themes import dossier
from themes.models import Theme
from wijkwijzer import content, views
from wijkwijzer.prepared import NotPreparable, prepared

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=AMSTERDAM)


#: Around midnight, around a deadline time, around both clock changes, and long before and after.
MOMENTS = [
    at(2026, 3, 9, 23, 59, 59, 999999),
    at(2026, 3, 10, 0, 0),
    at(2026, 3, 10, 16, 59, 59, 999999),
    at(2026, 3, 10, 17, 0),
    at(2026, 3, 10, 17, 0, 0, 1),
    at(2026, 3, 29, 1, 59),
    at(2026, 3, 29, 3, 0),
    at(2026, 10, 25, 2, 30),
    at(2026, 10, 25, 23, 59, 59),
    at(2019, 1, 1, 12, 0),
    at(2031, 1, 1, 12, 0),
]


@pytest.fixture
def items(db):
    partner, other_partner = make_partner(), make_partner()
    theme, other_theme = make_theme(), make_theme()
    both = {"partners": [partner, other_partner], "themes": [theme, other_theme]}
    for number, moment in enumerate(MOMENTS):
        make_article(publish_from=moment, **both)
        make_article(publish_from=at(2018, 1, 1), publish_until=moment, partners=[partner], themes=[theme])
        old = at(2018, 1, 1)
        make_call(publish_from=old, deadline_date=moment.date(), deadline_time=datetime.time(17, 0), **both)
        make_call(publish_from=old, deadline_date=moment.date(), partners=[partner], themes=[theme])
        make_event(start_date=moment.date(), featured=number % 2 == 0, **both)
        make_event(start_date=moment.date() - datetime.timedelta(days=3), end_date=moment.date(), themes=[theme])
    make_call(deadline_date=None, **both)
    make_article(status="draft", **both)
    return partner, theme


def shown(objects) -> list:
    """What a page shows of each item: its id, its partners and themes, and any annotation (an event's last day)."""
    rows = []
    for item in objects:
        relations = getattr(item, "_prefetched_objects_cache", {})
        rows.append(
            (
                item.pk,
                [partner.pk for partner in relations["partners"]] if "partners" in relations else None,
                [theme.pk for theme in relations["themes"]] if "themes" in relations else None,
                getattr(item, "last_day", None),
            )
        )
    return rows


def test_prepared_querysets_give_the_items_their_querysets_give(items):
    partner, theme = items
    cases = [
        (views._home_articles, (), {}),
        (views._home_calls, (), {}),
        (views._featured_events, (), {"limit": 6}),
        (views._upcoming_events, (), {"limit": 6}),
        (views._upcoming_events, (), {"limit": 100}),
        (views._partners, (), {}),
        (dossier._articles, (theme.pk,), {"limit": 100}),
        (dossier._calls, (theme.pk,), {"limit": 100}),
        (dossier._events, (theme.pk,), {"limit": 100}),
        (content._calls, (partner.pk,), {"limit": 100}),
        (content._events, (partner.pk,), {"limit": 3}),
    ]
    for moment in MOMENTS:
        for query, ids, constants in cases:
            expected = shown(query.build(moment, *ids, **constants))
            assert shown(query(*ids, moment=moment, **constants)) == expected, (moment, query.build)
        # Lists a paginator pages through: the count, and any page (one past the end included).
        for query, ids in [
            (article_views._published, ()),
            (call_views._open, ()),
            (call_views._closed, ()),
            (content._articles, (partner.pk,)),
        ]:
            queryset, selection = query.build(moment, *ids), query.selection(*ids, moment=moment)
            assert selection.count() == queryset.count(), (moment, query.build)
            for start, stop in [(0, 5), (5, 10), (3, 4), (200, 210)]:
                assert shown(selection[start:stop]) == shown(queryset[start:stop]), (moment, query.build, start)
        # Not a vacuous comparison: at this moment there is something to show.
        assert shown(dossier._calls(theme.pk, moment=moment, limit=100))


def test_the_upcoming_events_of_a_theme_or_partner_are_those_of_its_links(items):
    """The dossier and the partner page test an event's bitmaps (ids below 63), else its link table: the same events
    as a join with the link table, in the same order."""

    def free_pk(model) -> int:
        # Below 63 whatever other tests created before (sequences are not rolled back).
        return next(pk for pk in range(1, 63) if not model.objects.filter(pk=pk).exists())

    theme, partner = make_theme(pk=free_pk(Theme)), make_partner(pk=free_pk(Partner))
    high_theme, high_partner = make_theme(pk=100), make_partner(pk=63)
    unlinked = [make_theme(), make_partner()]
    for number, moment in enumerate(MOMENTS):
        make_event(
            start_date=moment.date() + datetime.timedelta(days=number % 3),
            partners=[partner, high_partner] if number % 2 else [high_partner],
            themes=[high_theme, theme] if number % 3 else [high_theme],
        )
    cases = [
        (dossier._events, "themes", (theme, high_theme, unlinked[0], items[1])),
        (content._events, "partners", (partner, high_partner, unlinked[1], items[0])),
    ]
    seen = set()
    for moment in MOMENTS:
        for query, relation, related in cases:
            for instance in related:
                expected = [event.pk for event in Event.objects.upcoming(moment).filter(**{relation: instance})]
                found = [event.pk for event in query(instance.pk, moment=moment, limit=100)]
                assert found == expected, (moment, relation, instance.pk)
                assert [event.pk for event in query(instance.pk, moment=moment, limit=2)] == expected[:2]
                if expected:
                    seen.add(instance)
    # Not a vacuous comparison: both ways (bitmap and link table) found events of themes and of partners.
    assert {theme, high_theme, partner, high_partner} <= seen


def test_the_prepared_agenda_gives_the_events_its_filtered_queryset_gives(items):
    partner, theme = items
    audience = make_audience()
    for number, moment in enumerate(MOMENTS):
        make_event(
            start_date=moment.date() + datetime.timedelta(days=number),
            attendance=[Event.Attendance.ONLINE, Event.Attendance.HYBRID, Event.Attendance.ON_LOCATION][number % 3],
            price=0 if number % 2 else 25,
            audiences=[audience] if number % 2 else [],
            partners=[partner],
        )
    around_december = [
        make_event(start_date=datetime.date(2026, 11, 30)),
        make_event(start_date=datetime.date(2026, 12, 1)),
        make_event(start_date=datetime.date(2026, 12, 31)),
        make_event(start_date=datetime.date(2027, 1, 1)),
    ]
    march = datetime.date(2026, 3, 1)
    selections = [
        AgendaFilter(),
        AgendaFilter(month=march),
        AgendaFilter(month=datetime.date(2026, 12, 1)),  # December: the next month is in the next year
        AgendaFilter(theme=theme.slug),
        AgendaFilter(partner=partner.slug, audience=audience.slug),
        AgendaFilter(form=FORM_ONLINE, free=True),
        AgendaFilter(form=FORM_ON_LOCATION),
        AgendaFilter(month=march, theme=theme.slug, partner=partner.slug, form=FORM_ONLINE),
        AgendaFilter(theme="no-such-theme"),
    ]
    seen = set()
    for moment in MOMENTS:
        for selection in selections:
            queryset, prepared_events = selection.apply(Event.objects.upcoming(moment)), selection.upcoming(moment)
            for start, stop in [(0, 5), (5, 10), (0, 100)]:
                expected = shown(queryset[start:stop])
                assert shown(prepared_events[start:stop]) == expected, (moment, selection, start)
                seen.update(pk for pk, *_rest in expected)
    # Not a vacuous comparison: most events were shown somewhere, and December has its first and last day.
    assert len(seen) > len(MOMENTS) * 2
    december = AgendaFilter(month=datetime.date(2026, 12, 1)).upcoming(MOMENTS[0])
    assert [event.pk for event in december[0:10]] == [event.pk for event in around_december[1:3]]


def test_a_prepared_detail_finds_a_visible_item_by_its_slug_and_is_a_404_otherwise(db):
    article = make_article(title="Zichtbaar")
    draft = make_article(title="Concept", status="draft")
    event = make_event(title="Buurtfeest")
    assert article_views._detail.get(article.slug) == article
    assert event_views._detail.get(event.slug) == event
    for slug in [draft.slug, "bestaat-niet", "", "x" * 300, "\ufffcprepared-a-0"]:
        with pytest.raises(Http404):
            article_views._detail.get(slug)
    page = article_views._detail.get(article.slug)
    assert page.tags.all().count() == 0  # the relations came with it


def test_a_prepared_queryset_counts_as_one_query_plus_its_relations(items, django_assert_num_queries):
    views._home_articles()  # prepared (the preparation itself runs no query)
    with django_assert_num_queries(2):
        articles = views._home_articles()
    assert [partner.short_name for partner in articles[0].partner_list]


def test_a_queryset_whose_parameters_do_not_come_from_its_arguments_is_refused(db):
    next_week = prepared(
        lambda moment: Event.objects.filter(start_date__gte=moment.date() + datetime.timedelta(days=7))
    )
    with pytest.raises(NotPreparable, match="does not come from the arguments"):
        next_week()


def test_a_queryset_whose_sql_depends_on_its_arguments_is_refused(db):
    # An id written into the SQL text instead of passed as a parameter.
    others = prepared(lambda moment, item_id: Article.objects.published(moment).extra(where=[f"id <> {item_id}"]))
    with pytest.raises(NotPreparable, match="SQL text depends"):
        others(3)


def test_a_queryset_that_decides_on_the_time_of_day_itself_is_refused(db):
    """A value the build computes from the moment (here: morning or not) must not pass for a constant."""
    from django.utils import timezone

    def build(moment):
        from_time = datetime.time(12) if timezone.localtime(moment).hour < 12 else datetime.time(0)
        return Event.objects.filter(start_time__gte=from_time).order_by("pk")

    mornings = prepared(build)
    with pytest.raises(NotPreparable, match="does not come from the arguments"):
        mornings()
