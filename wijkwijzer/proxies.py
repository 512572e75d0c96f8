"""The visitor's own address behind the TLS proxy of the deployment guide (docs/deployment.md)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The visitor's address, for rate limits and the admin's login lockout. Behind the TLS proxy (``HTTPS``, see
    README) every request comes from the proxy, so the address the proxies appended to ``X-Forwarded-For`` is used
    instead."""
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    if getattr(settings, "HTTPS", False) and forwarded:
        # Each proxy appends the address it was reached from: with PROXY_HOPS proxies (a load balancer in front of
        # the TLS proxy makes two), the visitor's is that many from the end. The entries before it are the
        # visitor's own say, and cannot be trusted.
        hops = max(1, getattr(settings, "PROXY_HOPS", 1))
        return forwarded[-hops] if len(forwarded) >= hops else forwarded[0]
    return request.META.get("REMOTE_ADDR", "")
