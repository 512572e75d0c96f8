"""The agenda's filters: what a visitor picked (from the URL), and how many events each choice would show.

Every filter lives in the query string (``?thema=wonen&vorm=online``), so a filtered agenda can be shared and
the back button works without JavaScript. The counts next to each choice are *facet counts*: the number of
events that match that choice together with all the other filters the visitor picked. They come from one
query per facet, so the agenda runs the same number of queries whatever the number of events.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import QueryDict
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from events.models import Event
from partners.models import Partner
from themes.models import Audience, Theme

MONTH = "maand"
THEME = "thema"
PARTNER = "partner"
AUDIENCE = "doelgroep"
FORM = "vorm"
FREE = "gratis"
#: The filter parameters in the order they appear in a canonical URL.
PARAMS = (MONTH, THEME, PARTNER, AUDIENCE, FORM, FREE)

FORM_ONLINE = "online"
FORM_ON_LOCATION = "op-locatie"
FREE_YES = "ja"

_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
_SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]{1,200}$")


def _month_value(day: datetime.date) -> str:
    return f"{day:%Y-%m}"


def _parse_month(value: str) -> datetime.date | None:
    match = _MONTH_RE.match(value)
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (1900 <= year <= 9998 and 1 <= month <= 12):
        return None
    return datetime.date(year, month, 1)


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


@dataclass(frozen=True)
class AgendaFilter:
    """What the visitor filters on. Empty values mean ‘all’."""

    month: datetime.date | None = None
    theme: str = ""
    partner: str = ""
    audience: str = ""
    form: str = ""
    free: bool = False

    @classmethod
    def from_query(cls, query: QueryDict) -> tuple[AgendaFilter, set[str]]:
        """The filter in ``query`` and the names of parameters whose value makes no sense (to be dropped)."""
        invalid: set[str] = set()
        values: dict = {}
        raw_month = query.get(MONTH, "").strip()
        if raw_month:
            values["month"] = _parse_month(raw_month)
            if values["month"] is None:
                invalid.add(MONTH)
        for param, name in ((THEME, "theme"), (PARTNER, "partner"), (AUDIENCE, "audience")):
            raw = query.get(param, "").strip()
            if raw:
                if _SLUG_RE.match(raw):
                    values[name] = raw
                else:
                    invalid.add(param)
        raw_form = query.get(FORM, "").strip()
        if raw_form:
            if raw_form in (FORM_ONLINE, FORM_ON_LOCATION):
                values["form"] = raw_form
            else:
                invalid.add(FORM)
        raw_free = query.get(FREE, "").strip()
        if raw_free:
            if raw_free == FREE_YES:
                values["free"] = True
            else:
                invalid.add(FREE)
        return cls(**values), invalid

    # The filter as query string

    def items(self) -> list[tuple[str, str]]:
        """The active filters as (parameter, value) pairs, in canonical order."""
        pairs = [
            (MONTH, _month_value(self.month) if self.month else ""),
            (THEME, self.theme),
            (PARTNER, self.partner),
            (AUDIENCE, self.audience),
            (FORM, self.form),
            (FREE, FREE_YES if self.free else ""),
        ]
        return [(param, value) for param, value in pairs if value]

    def query_string(self, *, without: str | None = None) -> str:
        return urlencode([(param, value) for param, value in self.items() if param != without])

    @property
    def is_active(self) -> bool:
        return bool(self.items())

    # The filter as conditions on events

    def condition(self, *, without: tuple[str, ...] = ()) -> Q:
        """The events that match every active filter except those in ``without``."""
        condition = Q()
        if self.month and MONTH not in without:
            condition &= Q(start_date__gte=self.month, start_date__lt=_next_month(self.month))
        if self.theme and THEME not in without:
            condition &= Q(themes__slug=self.theme)
        if self.partner and PARTNER not in without:
            condition &= Q(partners__slug=self.partner)
        if self.audience and AUDIENCE not in without:
            condition &= Q(audiences__slug=self.audience)
        if self.form and FORM not in without:
            condition &= _form_condition(self.form)
        if self.free and FREE not in without:
            condition &= Q(price=0)
        return condition

    def apply(self, events: QuerySet[Event], *, without: tuple[str, ...] = ()) -> QuerySet[Event]:
        return events.filter(self.condition(without=without))


def _form_condition(form: str) -> Q:
    if form == FORM_ONLINE:
        return Q(attendance__in=[Event.Attendance.ONLINE, Event.Attendance.HYBRID])
    return Q(attendance__in=[Event.Attendance.ON_LOCATION, Event.Attendance.HYBRID])


def _count(condition: Q) -> Count:
    return Count("pk", filter=condition or None)


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Facets:
    """Every filter's choices with their counts, and the number of events that match the whole filter."""

    months: list[Option]
    themes: list[Option]
    partners: list[Option]
    audiences: list[Option]
    forms: list[Option]
    free: Option
    total: int
    #: Parameters whose value named a theme, partner or audience that does not exist.
    unknown: set[str] = field(default_factory=set)

    def active_filters(self, selection: AgendaFilter) -> list[dict]:
        """Labels and ‘remove’ query strings of the filters in use, for the chips above the list."""
        lookup = {
            MONTH: (_("Maand"), self.months),
            THEME: (_("Thema"), self.themes),
            PARTNER: (_("Partner"), self.partners),
            AUDIENCE: (_("Doelgroep"), self.audiences),
            FORM: (_("Vorm"), self.forms),
            FREE: (_("Kosten"), [self.free]),
        }
        chips = []
        for param, value in selection.items():
            name, options = lookup[param]
            label = next((option.label for option in options if option.value == value), value)
            chips.append({"param": param, "name": name, "label": label, "query": selection.query_string(without=param)})
        return chips


def facets_for(events: QuerySet[Event], selection: AgendaFilter, *, newest_first: bool = False) -> Facets:
    """Count, for every choice of every filter, the events in ``events`` that the choice would show.

    Five queries: months, themes, partners, audiences, and one for form, costs and the total.
    """
    unordered = events.order_by()

    month_rows = (
        selection.apply(unordered, without=(MONTH,))
        .annotate(month=TruncMonth("start_date"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("-month" if newest_first else "month")
    )
    months = [
        Option(
            value=_month_value(row["month"]),
            label=date_format(row["month"], "F Y"),
            count=row["count"],
            selected=row["month"] == selection.month,
        )
        for row in month_rows
    ]
    if selection.month and not any(option.selected for option in months):
        months.append(Option(_month_value(selection.month), date_format(selection.month, "F Y"), 0, selected=True))

    unknown: set[str] = set()

    def related(model, param: str, chosen: str, label_field: str) -> list[Option]:
        matching = selection.apply(unordered, without=(param,)).values("pk")
        rows = model.objects.annotate(count=Count("events", filter=Q(events__in=matching))).values_list(
            "slug", label_field, "count"
        )
        options = [Option(slug, label, count, selected=slug == chosen) for slug, label, count in rows]
        if chosen and not any(option.selected for option in options):
            unknown.add(param)
        return [option for option in options if option.count or option.selected]

    themes = related(Theme, THEME, selection.theme, "name")
    partners = related(Partner, PARTNER, selection.partner, "name")
    audiences = related(Audience, AUDIENCE, selection.audience, "name")

    # Form and costs in one query: each count applies the other one's filter, as a condition.
    form_filter = _form_condition(selection.form) if selection.form else Q()
    free_filter = Q(price=0) if selection.free else Q()
    counts = selection.apply(unordered, without=(FORM, FREE)).aggregate(
        online=_count(_form_condition(FORM_ONLINE) & free_filter),
        on_location=_count(_form_condition(FORM_ON_LOCATION) & free_filter),
        free=_count(Q(price=0) & form_filter),
        total=_count(form_filter & free_filter),
    )
    forms = [
        Option(FORM_ONLINE, _("Online"), counts["online"], selected=selection.form == FORM_ONLINE),
        Option(FORM_ON_LOCATION, _("Op locatie"), counts["on_location"], selected=selection.form == FORM_ON_LOCATION),
    ]
    free = Option(FREE_YES, _("Gratis"), counts["free"], selected=selection.free)
    return Facets(
        months=months,
        themes=themes,
        partners=partners,
        audiences=audiences,
        forms=forms,
        free=free,
        total=counts["total"],
        unknown=unknown,
    )
