"""Bounces and complaints reported by the e-mail service (django-anymail tracking webhooks).

The webhook URLs are under ``/nieuwsbrief/anymail/`` (e.g. ``/nieuwsbrief/anymail/postmark/tracking/``) and
are protected by ``ANYMAIL = {"WEBHOOK_SECRET": "user:password"}`` (HTTP basic auth, from the environment variable
``ANYMAIL_WEBHOOK_SECRET``), as Anymail documents. Without a secret Anymail only warns and accepts any request, so
that anyone could unsubscribe any address with a forged bounce: the webhooks answer 404 until a secret is set.
Only the tracking webhooks are offered; the site receives no mail.
A hard bounce or a complaint deactivates the address, so the next edition skips it.
"""

from __future__ import annotations

import functools

from anymail.signals import AnymailTrackingEvent, EventType
from django.conf import settings
from django.http import Http404
from django.urls import URLPattern

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


def webhook_secret_is_set() -> bool:
    return bool(getattr(settings, "ANYMAIL", {}).get("WEBHOOK_SECRET"))


def _with_secret_only(view):
    """``view``, answering 404 while no webhook secret is configured (the CSRF exemption of Anymail's view kept)."""

    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if not webhook_secret_is_set():
            raise Http404("No webhook secret configured")
        return view(request, *args, **kwargs)

    return guarded


def tracking_urlpatterns() -> list[URLPattern]:
    """Anymail's tracking webhooks (one per e-mail service), each guarded by ``_with_secret_only``."""
    from anymail.urls import urlpatterns

    return [
        URLPattern(pattern.pattern, _with_secret_only(pattern.callback), pattern.default_args, pattern.name)
        for pattern in urlpatterns
        if pattern.name.endswith("tracking_webhook") or pattern.name == "mandrill_webhook"
    ]
