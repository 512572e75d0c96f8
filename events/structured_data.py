"""schema.org ``Event`` data for search engines, as JSON-LD on each event page.

The JSON goes into a ``<script type="application/ld+json">`` data block. That block is never executed, so the
Content-Security-Policy does not need ``unsafe-inline``; ``<``, ``>`` and ``&`` are written as ``\\u003C`` and
so on, so that a title like ``</script>`` cannot end the block early.
"""

from __future__ import annotations

import datetime
import json

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from events.ical import AMSTERDAM

SCHEMA = "https://schema.org/"

_STATUS = {
    "scheduled": "EventScheduled",
    "full": "EventScheduled",
    "moved": "EventRescheduled",
    "cancelled": "EventCancelled",
}
_ATTENDANCE = {
    "location": "OfflineEventAttendanceMode",
    "online": "OnlineEventAttendanceMode",
    "hybrid": "MixedEventAttendanceMode",
}
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _moment(day, time) -> str:
    """An ISO 8601 date, or date and time with Amsterdam's offset on that day."""
    if time is None:
        return day.isoformat()
    return datetime.datetime.combine(day, time, tzinfo=AMSTERDAM).isoformat()


def event_json_ld(event, *, page_url: str, base_url: str) -> dict:
    """The schema.org description of ``event``; ``page_url`` is its absolute address."""
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "url": page_url,
        "startDate": _moment(event.start_date, event.start_time),
        "endDate": _moment(event.last_date, event.end_time),
        "eventStatus": SCHEMA + _STATUS[event.state],
        "eventAttendanceMode": SCHEMA + _ATTENDANCE[event.attendance],
    }
    if event.end_time is None and event.start_time is not None:
        data["endDate"] = event.last_date.isoformat()
    if event.is_moved and event.previous_start_date:
        data["previousStartDate"] = event.previous_start_date.isoformat()
    if event.image:
        data["image"] = base_url + event.image.url

    locations = []
    if event.is_on_location:
        place: dict = {"@type": "Place"}
        if event.venue:
            place["name"] = event.venue
        address = {"@type": "PostalAddress", "addressCountry": "NL"}
        if event.address:
            address["streetAddress"] = event.address
        if event.city:
            address["addressLocality"] = event.city
        place["address"] = address
        # Without a venue or city the page says the location follows; the event's title is no place's name.
        place.setdefault("name", event.city or gettext("Locatie volgt"))
        locations.append(place)
    if event.is_online:
        locations.append({"@type": "VirtualLocation", "url": page_url})
    data["location"] = locations[0] if len(locations) == 1 else locations

    organisers = [
        {"@type": "Organization", "name": partner.name, "url": base_url + partner.get_absolute_url()}
        for partner in event.partners.all()
    ]
    if organisers:
        data["organizer"] = organisers[0] if len(organisers) == 1 else organisers

    if event.price is not None or event.registration_url:
        offer: dict = {
            "@type": "Offer",
            "url": event.registration_url or page_url,
            "availability": SCHEMA + ("SoldOut" if event.is_full else "InStock"),
        }
        if event.price is not None:
            offer["price"] = f"{event.price:.2f}"
            offer["priceCurrency"] = "EUR"
        if event.registration_deadline:
            offer["validThrough"] = event.registration_deadline.isoformat()
        data["offers"] = offer
    return data


def json_ld_script(data: dict) -> SafeString:
    """``data`` as a ``<script type="application/ld+json">`` block that no string inside can break out of."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
