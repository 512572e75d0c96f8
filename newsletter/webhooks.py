"""Bounces and complaints reported by the e-mail service (django-anymail tracking webhooks).

The webhook URLs are under ``/nieuwsbrief/anymail/`` (e.g. ``/nieuwsbrief/anymail/postmark/tracking/``) and
are protected by ``ANYMAIL = {"WEBHOOK_SECRET": "user:password"}`` (HTTP basic auth), as Anymail documents.
A hard bounce or a complaint deactivates the address, so the next edition skips it.
"""

from __future__ import annotations

from anymail.signals import AnymailTrackingEvent, EventType

from newsletter.models import Subscriber
from newsletter.services import address_deactivate

DEACTIVATING = {
    EventType.BOUNCED: Subscriber.Status.BOUNCED,
    EventType.REJECTED: Subscriber.Status.BOUNCED,
    EventType.COMPLAINED: Subscriber.Status.COMPLAINED,
    EventType.UNSUBSCRIBED: Subscriber.Status.UNSUBSCRIBED,
}


def tracking_received(sender, event: AnymailTrackingEvent, esp_name: str, **kwargs) -> None:
    status = DEACTIVATING.get(event.event_type)
    if status is None or not event.recipient:
        return
    reason = f"{esp_name}: {event.event_type}" + (f" ({event.description})" if event.description else "")
    address_deactivate(email=event.recipient, status=status, reason=reason)
