"""Dutch date formatting: ‘13 mei 2022’, ‘29–31 augustus 2022’, ‘30 juni – 2 juli 2022’."""

from __future__ import annotations

import datetime

from django.utils.dateformat import format as date_format

EN_DASH = "\u2013"


def format_day(day: datetime.date) -> str:
    """‘13 mei 2022’ (month names come from the active language, Dutch on this site)."""
    return date_format(day, "j F Y")


def format_date_range(start: datetime.date, end: datetime.date | None = None) -> str:
    """A date or a range of dates, written the way Dutch readers expect."""
    if end is None or end == start:
        return format_day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}{EN_DASH}{format_day(end)}"
    if start.year == end.year:
        return f"{date_format(start, 'j F')} {EN_DASH} {format_day(end)}"
    return f"{format_day(start)} {EN_DASH} {format_day(end)}"


def format_time_range(start: datetime.time | None, end: datetime.time | None = None) -> str:
    """‘10:00–12:30 uur’, ‘10:00 uur’ or ‘’ when there is no time."""
    if start is None:
        return ""
    if end is None:
        return f"{start:%H:%M} uur"
    return f"{start:%H:%M}{EN_DASH}{end:%H:%M} uur"
