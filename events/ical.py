"""The agenda as iCalendar (RFC 5545): one event to download, or a feed to subscribe to.

A subscribed calendar program recognises an event by its ``UID`` (a UUID stored with the event, so it survives
a new title, slug or web address) and takes over a change when ``SEQUENCE`` rises (the date, time or
cancellation changed) or ``DTSTAMP``/``LAST-MODIFIED`` moves on (anything else changed). Cancelled events stay in
the feed with ``STATUS:CANCELLED`` so that they disappear from, or are struck through in, the subscribers'
calendars instead of silently lingering.

All-day events are ``VALUE=DATE`` with the exclusive end date RFC 5545 asks for (29–31 August ends on
1 September); events with times are wall-clock times in Amsterdam, written with ``TZID=Europe/Amsterdam`` and
the matching ``VTIMEZONE``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils.translation import gettext as _

from wijkwijzer.dates import format_date_range, format_day

PRODID = "-//WijkWijzer//Agenda//NL"
TZID = "Europe/Amsterdam"
AMSTERDAM = ZoneInfo(TZID)
CONTENT_TYPE = "text/calendar; charset=utf-8"
#: How often a subscribed calendar program should fetch the feed again.
REFRESH_INTERVAL = datetime.timedelta(hours=6)


def amsterdam_timezone() -> icalendar.Timezone:
    """``VTIMEZONE`` for Europe/Amsterdam with the EU rules in force since 1996.

    Summer time starts on the last Sunday of March at 02:00 CET and ends on the last Sunday of October at
    03:00 CEST; each onset is written in the offset that applies before it, as RFC 5545 §3.6.5 requires.
    """
    tz = icalendar.Timezone()
    tz.add("tzid", TZID)
    tz.add("x-lic-location", TZID)

    summer = icalendar.TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("tzoffsetfrom", datetime.timedelta(hours=1))
    summer.add("tzoffsetto", datetime.timedelta(hours=2))
    summer.add("dtstart", datetime.datetime(1970, 3, 29, 2, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    tz.add_component(summer)

    winter = icalendar.TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("tzoffsetfrom", datetime.timedelta(hours=2))
    winter.add("tzoffsetto", datetime.timedelta(hours=1))
    winter.add("dtstart", datetime.datetime(1970, 10, 25, 3, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    tz.add_component(winter)
    return tz


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC).replace(microsecond=0)


def _location(event) -> str:
    if event.attendance == event.Attendance.ONLINE:
        return _("Online")
    place = event.place
    if event.attendance == event.Attendance.HYBRID:
        return _("%(place)s en online") % {"place": place} if place else _("Op locatie en online")
    return place


def _description(event, url: str) -> str:
    lines = []
    if event.is_cancelled:
        lines.append(_("Deze activiteit gaat niet door."))
    elif event.is_moved and event.previous_start_date:
        lines.append(
            _("Verplaatst van %(old)s naar %(new)s.")
            % {"old": format_day(event.previous_start_date), "new": format_date_range(event.start_date, event.end_date)}
        )
    elif event.is_full:
        lines.append(_("Deze activiteit is vol."))
    lines.append(event.summary)
    details = []
    partners = [partner.name for partner in event.partners.all()]
    if partners:
        details.append(_("Organisatie: %(names)s") % {"names": ", ".join(partners)})
    if event.price_label:
        costs = event.price_label + (f" ({event.price_note})" if event.price_note else "")
        details.append(_("Kosten: %(costs)s") % {"costs": costs})
    if event.registration_url and not event.is_cancelled:
        if event.registration_deadline:
            details.append(
                _("Aanmelden tot en met %(date)s: %(url)s")
                % {"date": format_day(event.registration_deadline), "url": event.registration_url}
            )
        else:
            details.append(_("Aanmelden: %(url)s") % {"url": event.registration_url})
    if event.is_online and not event.is_cancelled:
        details.append(_("De link om online mee te doen staat op de dag zelf op %(url)s") % {"url": url})
    details.append(_("Meer informatie: %(url)s") % {"url": url})
    return "\n\n".join([*lines, "\n".join(details)])


def event_component(event) -> icalendar.Event:
    """One ``VEVENT``. The event's partners and themes should be prefetched."""
    url = absolute_url(event.get_absolute_url())
    component = icalendar.Event()
    component.add("uid", str(event.uid))
    component.add("dtstamp", _utc(event.updated_at))
    component.add("created", _utc(event.created_at))
    component.add("last-modified", _utc(event.updated_at))
    component.add("sequence", event.sequence)
    summary = event.title
    if event.is_cancelled:
        summary = _("Geannuleerd: %(title)s") % {"title": event.title}
    component.add("summary", summary)
    if event.start_time is None:
        component.add("dtstart", event.start_date)
        component.add("dtend", event.last_date + datetime.timedelta(days=1))
    else:
        component.add("dtstart", datetime.datetime.combine(event.start_date, event.start_time, tzinfo=AMSTERDAM))
        if event.end_time is not None:
            component.add("dtend", datetime.datetime.combine(event.last_date, event.end_time, tzinfo=AMSTERDAM))
        elif event.is_multi_day:
            # Not allowed by the model's validation, but never write an event that ends before its last day.
            next_day = event.last_date + datetime.timedelta(days=1)
            component.add("dtend", datetime.datetime.combine(next_day, datetime.time(0, 0), tzinfo=AMSTERDAM))
    component.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    component.add("class", "PUBLIC")
    component.add("url", url, parameters={"VALUE": "URI"})
    location = _location(event)
    if location:
        component.add("location", location)
    component.add("description", _description(event, url))
    themes = [theme.name for theme in event.themes.all()]
    if themes:
        component.add("categories", themes)
    return component


def calendar_bytes(events: Iterable, *, name: str, description: str = "", source: str = "") -> bytes:
    """A whole ``VCALENDAR``: the feed of ``events``, or a single event to download."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    if description:
        calendar.add("description", description)
        calendar.add("x-wr-caldesc", description)
    if source:
        calendar.add("source", source, parameters={"VALUE": "URI"})
        calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT6H")
    # Always present: it is what timed events refer to, and it keeps an empty feed a valid calendar.
    calendar.add_component(amsterdam_timezone())
    for event in events:
        calendar.add_component(event_component(event))
    return calendar.to_ical()
