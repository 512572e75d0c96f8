"""The agenda's filters: what a visitor picked (from the URL), and how many events each choice would show.

Every filter lives in the query string (``?thema=wonen&vorm=online``), so a filtered agenda can be shared and
the back button works without JavaScript. The counts next to each choice are *facet counts*: the number of
events that match that choice together with all the other filters the visitor picked. They all come from one
statement (``facets_for``), so the agenda runs the same number of queries whatever the number of events.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import connection
from django.db.models import BooleanField, CharField, DateField, Func, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.http import QueryDict
from django.utils.translation import gettext as _

from events.models import Event, related_test_sql
from partners.models import Partner
from themes.models import Audience, Theme
from wijkwijzer.bitmaps import FACET_BITS, bit_ids, mask_filter, mask_sql
from wijkwijzer.dates import format_month
from wijkwijzer.prepared import Selection, prepared

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
        # The choices of these two in lower case, as the links write them (‘?vorm=ONLINE’: the view redirects to
        # that address instead of dropping the filter). Not the slugs above: an editor may have given one capitals.
        raw_form = query.get(FORM, "").strip().lower()
        if raw_form:
            if raw_form in (FORM_ONLINE, FORM_ON_LOCATION):
                values["form"] = raw_form
            else:
                invalid.add(FORM)
        raw_free = query.get(FREE, "").strip().lower()
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

    def _texts(self) -> dict[str, str]:
        """The active filters that name a month or a theme, partner or audience: parameter → text."""
        texts = {MONTH: _month_value(self.month) if self.month else ""}
        texts.update({THEME: self.theme, PARTNER: self.partner, AUDIENCE: self.audience})
        return {param: text for param, text in texts.items() if text}

    def condition(self, *, without: tuple[str, ...] = ()) -> Q:
        """The events that match every active filter except those in ``without``."""
        texts = {param: text for param, text in self._texts().items() if param not in without}
        return _condition(
            texts,
            form=self.form if FORM not in without else "",
            free=self.free and FREE not in without,
        )

    def apply(self, events: QuerySet[Event], *, without: tuple[str, ...] = ()) -> QuerySet[Event]:
        return events.filter(self.condition(without=without))

    def upcoming(self, moment: datetime.datetime) -> Selection:
        """The upcoming events at ``moment`` that match the filter, for a paginator: ``apply(Event.objects.
        upcoming(moment))`` with its SQL written once per process and kind of filter (wijkwijzer/prepared.py)."""
        texts = self._texts()
        return _upcoming.selection(*texts.values(), moment=moment, active=tuple(texts), form=self.form, free=self.free)


class _MonthStart(Func):
    """The first day of a month given as ‘2026-12’."""

    template = "to_date(%(expressions)s, 'YYYY-MM')"
    output_field = DateField()


class _NextMonthStart(Func):
    """The first day of the month after a month given as ‘2026-12’."""

    template = "(to_date(%(expressions)s, 'YYYY-MM') + interval '1 month')::date"
    output_field = DateField()


def _condition(texts: dict[str, str], *, form: str, free: bool) -> Q:
    """The events in the month and of the theme, partner and audience in ``texts`` (parameter → text), of the
    ``form`` and, with ``free``, free.

    The month is the text of the URL, turned into dates by PostgreSQL: so the SQL's parameters are the texts
    themselves, and the upcoming agenda's query can be prepared.
    """
    condition = Q()
    if MONTH in texts:
        month = Value(texts[MONTH], output_field=CharField())
        condition &= Q(start_date__gte=_MonthStart(month), start_date__lt=_NextMonthStart(month))
    for param, model, name in _RELATED_FACETS:
        if param in texts:
            sql = _relation_test(model, name, f'"{Event._meta.db_table}"')
            condition &= Q(RawSQL(sql, (texts[param],) * 4, output_field=BooleanField()))
    if form:
        condition &= _form_condition(form)
    if free:
        condition &= Q(price=0)
    return condition


def _form_condition(form: str) -> Q:
    if form == FORM_ONLINE:
        return Q(attendance__in=[Event.Attendance.ONLINE, Event.Attendance.HYBRID])
    return Q(attendance__in=[Event.Attendance.ON_LOCATION, Event.Attendance.HYBRID])


def _upcoming_filtered(moment, *texts: str, active: tuple[str, ...] = (), form: str = "", free: bool = False):
    return Event.objects.upcoming(moment).filter(
        _condition(dict(zip(active, texts, strict=True)), form=form, free=free)
    )


#: Per event, bitmaps of its themes, partners and audiences with an id below ``FACET_BITS``: columns of the events
#: table that only the database writes (triggers on the link tables, migration events/0008, with the same limit),
#: not fields of the model, so that saving an event never writes back a stale bitmap. Larger ids are counted
#: through the link tables.
_BITS = {THEME: "theme_bits", PARTNER: "partner_bits", AUDIENCE: "audience_bits"}
_BIT_COLUMNS = {column: RawSQL(f'"{Event._meta.db_table}"."{column}"', ()) for column in _BITS.values()}

#: The upcoming agenda, filtered, and what its facets count (every upcoming event).
_upcoming = prepared(_upcoming_filtered)
_upcoming_scope = prepared(
    lambda moment: (
        Event.objects.upcoming(moment)
        .order_by()
        .only("id", "start_date", "attendance", "price")
        .annotate(**_BIT_COLUMNS)
    )
)


def upcoming_scope(moment: datetime.datetime) -> tuple[str, list]:
    """The SQL and parameters of every upcoming event at ``moment``, for ``facets_for``."""
    return _upcoming_scope.sql(moment=moment)


def scope_of(events: QuerySet[Event]) -> tuple[str, list]:
    """The SQL and parameters of ``events``, for ``facets_for``."""
    return events.order_by().values("id", "start_date", "attendance", "price", **_BIT_COLUMNS).query.sql_with_params()


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

    def month_steps(self, selection: AgendaFilter) -> dict[str, dict]:
        """With a month chosen: the nearest earlier and later month that have events (with the other filters),
        as ``{"previous": …, "next": …}`` of a label and the query string that keeps the other filters."""
        if not selection.month:
            return {}
        chosen = _month_value(selection.month)
        others = selection.query_string(without=MONTH)
        with_events = [option for option in self.months if option.count]

        def value(option: Option) -> str:
            return option.value

        previous = max((option for option in with_events if option.value < chosen), key=value, default=None)
        following = min((option for option in with_events if option.value > chosen), key=value, default=None)
        steps = {}
        for name, option in (("previous", previous), ("next", following)):
            if option:
                query = urlencode([(MONTH, option.value)]) + (f"&{others}" if others else "")
                steps[name] = {"label": option.label, "query": query}
        return steps

    def active_filters(self, selection: AgendaFilter) -> list[dict]:
        """Labels and ‘remove’ query strings of the filters in use, for the chips above the list."""
        # The filter's name on its chip, and the noun in the empty state's "Zonder doelgroep ‘bewoners’".
        lookup = {
            MONTH: (_("Maand"), _("maand"), self.months),
            THEME: (_("Thema"), _("thema"), self.themes),
            PARTNER: (_("Partner"), _("partner"), self.partners),
            AUDIENCE: (_("Voor wie"), _("doelgroep"), self.audiences),
            FORM: (_("Vorm"), _("vorm"), self.forms),
            # "Zonder kosten" would say "free of charge": the opposite of taking the filter away.
            FREE: (_("Kosten"), _("filter"), [self.free]),
        }
        chips = []
        for param, value in selection.items():
            name, noun, options = lookup[param]
            label = next((option.label for option in options if option.value == value), value)
            chips.append(
                {
                    "param": param,
                    "name": name,
                    "noun": noun,
                    "label": label,
                    "query": selection.query_string(without=param),
                }
            )
        return chips


#: The vocabulary facets: parameter, model, the relation's table and column of the model's id.
_RELATED_FACETS = (
    (THEME, Theme, "theme"),
    (PARTNER, Partner, "partner"),
    (AUDIENCE, Audience, "audience"),
)


def _relation_test(model, name: str, event: str) -> str:
    """SQL: whether the event ``event`` (a table alias) has the theme, partner or audience whose slug is the
    parameter (given four times): ``related_test_sql``, on its bitmap or through the link table.

    A test on the event's own row: the agenda's query then reads the upcoming events in date order and stops at
    the page's last one, whatever plan PostgreSQL keeps for it, instead of starting from every event of a theme.
    An unknown slug has no id: no event passes.
    """
    return related_test_sql(name, event, f"(SELECT v.id FROM {model._meta.db_table} v WHERE v.slug = %s)")


#: The attendances each choice of the form filter shows.
_FORM_VALUES = {
    FORM_ONLINE: [Event.Attendance.ONLINE, Event.Attendance.HYBRID],
    FORM_ON_LOCATION: [Event.Attendance.ON_LOCATION, Event.Attendance.HYBRID],
}


def _mask_bits(selection: AgendaFilter) -> dict[str, int]:
    """The active filters and their bits in ``_facet_sql``'s mask."""
    active = [
        param
        for param, value in (
            (THEME, selection.theme),
            (PARTNER, selection.partner),
            (AUDIENCE, selection.audience),
            (MONTH, selection.month),
            (FORM, selection.form),
            (FREE, selection.free),
        )
        if value
    ]
    return {param: 1 << n for n, param in enumerate(active)}


def _facet_tests(selection: AgendaFilter) -> tuple[list[str], list]:
    """SQL per active filter, in the order of ``_mask_bits``: whether an event ``e`` passes it; and the tests'
    parameters."""
    tests: list[str] = []
    params: list = []
    for param in _mask_bits(selection):
        if param == MONTH:
            tests.append("e.start_date >= %s AND e.start_date < %s")
            params += [selection.month, _next_month(selection.month)]
        elif param == FORM:
            tests.append("e.attendance = ANY(%s)")
            params.append(_FORM_VALUES[selection.form])
        elif param == FREE:
            tests.append("e.price = 0")
        else:
            _param, model, name = next(facet for facet in _RELATED_FACETS if facet[0] == param)
            tests.append(_relation_test(model, name, "e"))
            slug = getattr(selection, name)
            params += [slug] * 4
    return tests, params


#: ``GROUPING()`` of (month, theme_bits, partner_bits, audience_bits) per grouping set of ``_facet_sql``: a bit
#: for each of those columns the set does not group on, the first column's the highest.
_GROUPING_SETS = {
    0b0111: MONTH,
    0b1011: f"{THEME}:bits",
    0b1101: f"{PARTNER}:bits",
    0b1110: f"{AUDIENCE}:bits",
    0b1111: "count",
}


def _facet_sql(scope: tuple[str, list], selection: AgendaFilter) -> tuple[str, list]:
    """One statement that counts every facet: rows of (facet, mask, value, label, order, count).

    The events in scope (``scope``: SQL with at least the columns id, start_date, attendance, price and the three
    bitmaps, and its parameters) are read once, in one grouping pass: per month, per theme, partner and audience
    bitmap, and per form and price. Each row carries a bitmask (``mask``) of the active filters it passes (bit n
    for the n-th of ``_facet_tests``) and the counts are grouped on it too: a facet counts the rows that pass
    every *other* filter (``facets_for``). Themes, partners and audiences with an id from ``FACET_BITS`` up are
    counted through the link tables, and the statement also gives their names (with the id as the count).

    One pass instead of the former separate aggregate per facet over a materialized list of the events: that
    list had to be written and read six times, which cost PostgreSQL more than reading the events themselves.
    """
    scope_sql, scope_params = scope
    tests, params = _facet_tests(selection)  # their parameters come first in the statement, before the scope's
    params += scope_params
    mask = mask_sql(tests)
    where, fence = mask_filter(tests, "b")  # the fence: the mask, EXISTS and all, is computed once a row

    # Without active filters every row's mask is 0, and the counts are not grouped on it.
    mask_key = "s.mask, " if tests else ""
    # The first day of the month: date_part() reads the day from the date as it is, where extract() would give a
    # numeric and date_trunc() a timestamp with time zone, either of which cost more than the rest of the pass.
    month = "b.start_date - date_part('day', b.start_date)::int + 1"
    facet = " ".join(f"WHEN {grouping} THEN '{facet}'" for grouping, facet in _GROUPING_SETS.items())
    parts = [
        # The grouped column is the one of its set that is not NULL (the bitmaps are never NULL).
        f"""SELECT CASE GROUPING(s.month, s.theme_bits, s.partner_bits, s.audience_bits) {facet} END,
                   {"s.mask" if tests else "0"},
                   coalesce(to_char(s.month, 'YYYY-MM'), s.theme_bits::text, s.partner_bits::text,
                            s.audience_bits::text, s.attendance),
                   CASE WHEN s.free THEN 'free' ELSE '' END, 0, count(*)
            FROM (
                SELECT b.mask, {month} AS month, b.theme_bits, b.partner_bits, b.audience_bits, b.attendance,
                       b.price = 0 AS free
                FROM (SELECT * FROM base {fence}) AS b {where}
            ) AS s
            GROUP BY GROUPING SETS (({mask_key}s.month), ({mask_key}s.theme_bits), ({mask_key}s.partner_bits),
                                    ({mask_key}s.audience_bits), ({mask_key}s.attendance, s.free))"""
    ]
    for param, model, name in _RELATED_FACETS:
        table = Event._meta.get_field(name + "s").remote_field.through._meta.db_table
        parts += [
            # The names (the id in the place of the count), and the counts through the link table of the ids
            # without a bit (none, mostly: found through the index on the id, they cost nothing then).
            f"""SELECT '{param}', 0, v.slug, v.name, v."order", v.id FROM {model._meta.db_table} v""",
            f"""SELECT '{param}:id', b.mask, x.{name}_id::text, '', 0, count(*)
                FROM {table} x JOIN base b ON b.id = x.event_id
                WHERE x.{name}_id >= {FACET_BITS} GROUP BY b.mask, x.{name}_id""",
        ]
    sql = (
        f"WITH base AS NOT MATERIALIZED (SELECT e.id, e.start_date, e.attendance, e.price, "
        f"{', '.join(f'e.{column}' for column in _BITS.values())}, {mask} AS mask FROM ({scope_sql}) e)\n"
        + "\nUNION ALL\n".join(parts)
    )
    return sql, params


def facets_for(scope: tuple[str, list], selection: AgendaFilter, *, newest_first: bool = False) -> Facets:
    """Count, for every choice of every filter, the events in ``scope`` (``upcoming_scope`` or ``scope_of``) that
    the choice would show.

    One query (``_facet_sql``): months, themes, partners, audiences, form, costs and the total.
    """
    sql, params = _facet_sql(scope, selection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    bits = _mask_bits(selection)
    full = (1 << len(bits)) - 1
    # Per facet, the counts per value of the rows that pass every other filter; the names of the vocabularies.
    found: dict[str, dict[str, int]] = {}
    names: dict[str, list[tuple[str, str, int, int]]] = {}
    counts = {"online": 0, "on_location": 0, "free": 0, "total": 0}
    for facet, mask, value, label, order, count in rows:
        if facet in (THEME, PARTNER, AUDIENCE):
            names.setdefault(facet, []).append((value, label, order, count))  # the count is the id here
        elif facet == "count":  # per form and whether free
            if mask | bits.get(FORM, 0) == full:
                counts["online"] += count if value in _FORM_VALUES[FORM_ONLINE] else 0
                counts["on_location"] += count if value in _FORM_VALUES[FORM_ON_LOCATION] else 0
            if label and mask | bits.get(FREE, 0) == full:
                counts["free"] += count
            if mask == full:
                counts["total"] += count
        elif mask | bits.get(facet.partition(":")[0], 0) == full:
            group = found.setdefault(facet, {})
            group[value] = group.get(value, 0) + count

    month_counts = dict(found.get(MONTH, {}))
    if selection.month:  # a chosen month without events is still offered, in its place among the others
        month_counts.setdefault(_month_value(selection.month), 0)
    months = []
    for value, count in sorted(month_counts.items(), reverse=newest_first):
        month = _parse_month(value)
        if month is None:  # a year no form accepts (saved past the editors' checks): not offered, not a crash
            continue
        months.append(Option(value, format_month(month), count, selected=month == selection.month))

    unknown: set[str] = set()

    def related(param: str, chosen: str) -> list[Option]:
        counts: dict[int, int] = {}
        for value, count in found.get(f"{param}:bits", {}).items():
            for pk in bit_ids(int(value)):
                counts[pk] = counts.get(pk, 0) + count
        for pk, count in found.get(f"{param}:id", {}).items():
            counts[int(pk)] = counts.get(int(pk), 0) + count
        rows = sorted(names.get(param, []), key=lambda row: (row[2], row[1]))
        options = [Option(slug, label, counts.get(pk, 0), selected=slug == chosen) for slug, label, _order, pk in rows]
        if chosen and not any(option.selected for option in options):
            unknown.add(param)
        return [option for option in options if option.count or option.selected]

    themes = related(THEME, selection.theme)
    partners = related(PARTNER, selection.partner)
    audiences = related(AUDIENCE, selection.audience)
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
