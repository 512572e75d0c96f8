"""A Dutch 503 page, with ``Retry-After``, when PostgreSQL cannot be reached.

``DatabaseOutageMiddleware`` turns an ``OperationalError`` or ``InterfaceError`` (no connection, connection
lost, server shutting down) into ``503 Service Unavailable`` instead of a 500 with a stack trace in the log of
every request. The database connection is checked at the start of each request (``CONN_HEALTH_CHECKS``, mostly
without a query by ``wijkwijzer.postgresql``) and replaced when the server ended it, so the site recovers by
itself as soon as the database answers again. How long a visitor waits at most is bounded by ``connect_timeout``
(``wijkwijzer/database.py``).

Errors raised inside a view or template go through ``process_exception``. Errors raised elsewhere (another
middleware reading the session, say) reach Django's 500 handler; the ``got_request_exception`` receiver marks
the request, and the middleware replaces that 500 with the same 503.
"""

from __future__ import annotations

import logging
import sys

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

#: Seconds a client (or a proxy) is asked to wait before it tries again.
RETRY_AFTER_SECONDS = 30

DATABASE_DOWN = (OperationalError, InterfaceError)


def is_database_outage(error: BaseException | None) -> bool:
    return isinstance(error, DATABASE_DOWN)


def outage_response() -> HttpResponse:
    """The 503 page. It is rendered without a request context, so that nothing on it needs the database."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _mark_outage(sender, request: HttpRequest | None = None, **kwargs) -> None:
    if request is not None and is_database_outage(sys.exc_info()[1]):
        request.wijkwijzer_database_outage = True


got_request_exception.connect(_mark_outage, dispatch_uid="wijkwijzer.outage")


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, "wijkwijzer_database_outage", False):
            return outage_response()
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_outage(exception):
            return None
        logger.error("Database unreachable, answering 503: %s", exception)
        return outage_response()
