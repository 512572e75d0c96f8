"""The visitor's own address behind the TLS proxy of the deployment guide (docs/deployment.md)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The visitor's address, for rate limits and the admin's login lockout. Behind the TLS proxy (``HTTPS``, see
    README) every request comes from the proxy, so the address the proxy appended to ``X-Forwarded-For`` (the last
    one: those before it are the client's own say) is used instead."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if getattr(settings, "HTTPS", False) and forwarded:
        return forwarded.rsplit(",", 1)[-1].strip()
    return request.META.get("REMOTE_ADDR", "")
