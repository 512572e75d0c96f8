"""Health checks for a load balancer or an orchestrator.

``/healthz`` says that the process is alive and answers requests; it touches neither the database nor the cache,
so a database outage does not make a load balancer kill healthy app servers. ``/readyz`` says whether this
instance can serve pages: it answers 200 when PostgreSQL and the cache both answer, and 503 (naming what is down)
when either does not. Neither answer is ever cached.
"""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def _plain(body: str, status: int = 200) -> HttpResponse:
    return HttpResponse(body + "\n", content_type="text/plain; charset=utf-8", status=status)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    return _plain("ok")


def database_reachable(alias: str = "default") -> bool:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.warning("readyz: database %s unreachable", alias, exc_info=True)
        # A connection that failed half-way is of no use to the next request.
        connections[alias].close_if_unusable_or_obsolete()
        return False


def cache_reachable() -> bool:
    """True when the cache answers. The local-memory cache always does; Redis must answer a PING."""
    ping = getattr(cache, "ping", None)
    if ping is None:
        return True
    try:
        return bool(ping())
    except Exception:
        logger.warning("readyz: cache unreachable", exc_info=True)
        return False


@never_cache
@require_safe
def readyz(request: HttpRequest) -> HttpResponse:
    checks = {"database": database_reachable(), "cache": cache_reachable()}
    body = "\n".join(f"{name}: {'ok' if ok else 'unreachable'}" for name, ok in checks.items())
    return _plain(body, status=200 if all(checks.values()) else 503)
