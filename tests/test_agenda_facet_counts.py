"""The agenda's facet counts (events/filters.py, one grouping pass with a mask of the chosen filters) against
counts made by hand: each option counts the events that pass every *other* chosen filter."""

from __future__ import annotations

import datetime
import itertools
import random

import pytest
from django.utils import timezone

from events.filters import (
    AUDIENCE,
    FORM,
    FORM_ON_LOCATION,
    FORM_ONLINE,
    FREE,
    MONTH,
    PARTNER,
    THEME,
    AgendaFilter,
    facets_for,
    upcoming_scope,
)
from events.models import Event
from tests.builders import make_audience, make_event, make_partner, make_theme

pytestmark = pytest.mark.django_db

#: The attendances each form shows (hybrid under both).
FORMS = {FORM_ONLINE: ("online", "hybrid"), FORM_ON_LOCATION: ("location", "hybrid")}


def month_of(day: datetime.date) -> str:
    return f"{day.year}-{day.month:02d}"


def test_every_facet_counts_the_events_that_pass_every_other_filter():
    rnd = random.Random(4)
    # Ids below and from 63: bitmaps and link tables.
    themes = [make_theme(pk=pk, slug=f"t{pk}") for pk in (1, 2, 62, 63, 64, 500)]
    partners = [make_partner(pk=pk, slug=f"p{pk}") for pk in (3, 61, 63, 1000)]
    audiences = [make_audience(pk=pk, slug=f"a{pk}") for pk in (5, 62, 70)]
    today = timezone.localdate()
    for _ in range(60):
        start = today + datetime.timedelta(days=rnd.randrange(-10, 120))
        make_event(
            start_date=start,
            end_date=start + datetime.timedelta(days=rnd.choice([0, 0, 3, 20])),
            attendance=rnd.choice(["location", "online", "hybrid"]),
            price=rnd.choice([None, 0, 0, 10]),
            themes=rnd.sample(themes, rnd.randrange(0, 3)),
            partners=rnd.sample(partners, rnd.randrange(0, 3)),
            audiences=rnd.sample(audiences, rnd.randrange(0, 2)),
        )
    now = timezone.now()
    events = [
        {
            MONTH: month_of(event.start_date),
            THEME: {theme.slug for theme in event.themes.all()},
            PARTNER: {partner.slug for partner in event.partners.all()},
            AUDIENCE: {audience.slug for audience in event.audiences.all()},
            FORM: event.attendance,
            FREE: event.price == 0,
        }
        for event in Event.objects.upcoming(now).prefetch_related("themes", "partners", "audiences")
    ]
    months = sorted({event[MONTH] for event in events})

    def passes(event: dict, selection: AgendaFilter, without: str = "") -> bool:
        tests = {
            MONTH: not selection.month or event[MONTH] == month_of(selection.month),
            THEME: not selection.theme or selection.theme in event[THEME],
            PARTNER: not selection.partner or selection.partner in event[PARTNER],
            AUDIENCE: not selection.audience or selection.audience in event[AUDIENCE],
            FORM: not selection.form or event[FORM] in FORMS[selection.form],
            FREE: not selection.free or event[FREE],
        }
        return all(passed for facet, passed in tests.items() if facet != without)

    choices = {
        "month": [None, datetime.date.fromisoformat(months[0] + "-01"), datetime.date(2001, 1, 1)],
        "theme": ["", "t2", "t63", "t500", "onbekend"],
        "partner": ["", "p61", "p1000"],
        "audience": ["", "a5", "a70"],
        "form": ["", FORM_ONLINE, FORM_ON_LOCATION],
        "free": [False, True],
    }
    combinations = list(itertools.product(*choices.values()))
    rnd.shuffle(combinations)
    for combination in combinations[:150]:
        selection = AgendaFilter(**dict(zip(choices, combination, strict=True)))
        facets = facets_for(upcoming_scope(now), selection)
        assert facets.total == sum(passes(event, selection) for event in events), selection
        for option in facets.forms:
            expected = sum(e[FORM] in FORMS[option.value] for e in events if passes(e, selection, FORM))
            assert option.count == expected, (selection, option.value)
        assert facets.free.count == sum(e[FREE] for e in events if passes(e, selection, FREE)), selection
        for facet, terms, chosen in (
            (THEME, themes, selection.theme),
            (PARTNER, partners, selection.partner),
            (AUDIENCE, audiences, selection.audience),
        ):
            expected = {
                term.slug: count
                for term in terms
                if (count := sum(term.slug in e[facet] for e in events if passes(e, selection, facet)))
                or term.slug == chosen
            }
            options = {THEME: facets.themes, PARTNER: facets.partners, AUDIENCE: facets.audiences}[facet]
            assert {option.value: option.count for option in options} == expected, (selection, facet)
        expected_months: dict[str, int] = {}
        for event in events:
            if passes(event, selection, MONTH):
                expected_months[event[MONTH]] = expected_months.get(event[MONTH], 0) + 1
        if selection.month:
            expected_months.setdefault(month_of(selection.month), 0)
        assert {option.value: option.count for option in facets.months} == expected_months, selection
