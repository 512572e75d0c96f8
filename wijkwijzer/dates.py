"""Dutch date formatting: ‘13 mei 2022’, ‘29–31 augustus 2022’, ‘30 juni – 2 juli 2022’."""

from __future__ import annotations

import datetime
import functools

from django.utils import translation
from django.utils.dates import MONTHS

EN_DASH = "\u2013"


@functools.cache
def _month_names(language: str | None) -> tuple[str, ...]:
    """The twelve month names in ``language``, worked out once per process.

    ``django.utils.dateformat`` looks up every name again through the translation machinery; list pages write a
    date or two per card, and that lookup was a tenth of their rendering time.
    """
    with translation.override(language):
        return tuple(str(MONTHS[month]) for month in range(1, 13))


def month_name(day: datetime.date) -> str:
    """‘augustus’ (in the active language, Dutch on this site)."""
    return _month_names(translation.get_language())[day.month - 1]


def format_day(day: datetime.date) -> str:
    """‘13 mei 2022’."""
    return f"{day.day} {month_name(day)} {day.year}"


def format_month(day: datetime.date) -> str:
    """‘augustus 2022’."""
    return f"{month_name(day)} {day.year}"


def format_date_range(start: datetime.date, end: datetime.date | None = None) -> str:
    """A date or a range of dates, written the way Dutch readers expect."""
    if end is None or end == start:
        return format_day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}{EN_DASH}{format_day(end)}"
    if start.year == end.year:
        return f"{start.day} {month_name(start)} {EN_DASH} {format_day(end)}"
    return f"{format_day(start)} {EN_DASH} {format_day(end)}"


def format_time_range(start: datetime.time | None, end: datetime.time | None = None) -> str:
    """‘10:00–12:30 uur’, ‘10:00 uur’ or ‘’ when there is no time."""
    if start is None:
        return ""
    if end is None:
        return f"{start:%H:%M} uur"
    return f"{start:%H:%M}{EN_DASH}{end:%H:%M} uur"
