"""Django's PostgreSQL backend with a health check that mostly costs no round trip.

Django checks a persistent connection at the start of every request (``CONN_HEALTH_CHECKS``) with ``SELECT 1``:
a round trip to PostgreSQL on every request, cached pages included, which on the cheaper pages is 5-10 % of their
CPU time (PostgreSQL answering, and two context switches).

This backend first asks the operating system whether the idle connection has anything to read. A healthy idle
connection has nothing: PostgreSQL only writes to it in answer to a query. A server that shut down, restarted or
ended the session (``pg_terminate_backend``, ``idle_session_timeout``) has written its goodbye or closed the
socket, which makes it readable, and so does a connection that TCP keep-alive found dead
(``wijkwijzer/database.py``). Then, and whenever the connection has not been confirmed by a round trip for
``CONFIRMED_FOR`` seconds, Django's own check decides, and a dead connection is replaced before the request uses
it, as before.

What this cannot see is a server that vanished without a word (its machine lost, its address moved to another
one) within ``CONFIRMED_FOR`` seconds of the last round trip: the socket is quiet, so the request's first query
fails and that request gets the 503 page; the connection is then closed and the next request connects anew.
"""

from __future__ import annotations

import select
import time

import psycopg
from django.db.backends.postgresql import base
from psycopg import pq

#: Seconds after a round trip (a new connection, or Django's ``SELECT 1``) in which a quiet idle connection is
#: taken as healthy without another one. A busy worker sends one ``SELECT 1`` every so many seconds instead of one
#: per request; the first request after a quiet spell checks with a query, as Django does.
CONFIRMED_FOR = 5.0


class DatabaseWrapper(base.DatabaseWrapper):
    confirmed_at = float("-inf")

    def connect(self):
        super().connect()
        self.confirmed_at = time.monotonic()

    def close_if_health_check_failed(self):
        if self.connection is None or not self.health_check_enabled or self.health_check_done:
            return
        if time.monotonic() - self.confirmed_at < CONFIRMED_FOR and self._idle_and_quiet():
            self.health_check_done = True
            return
        super().close_if_health_check_failed()  # SELECT 1, and a closed connection when that fails
        if self.connection is not None:
            self.confirmed_at = time.monotonic()

    def _idle_and_quiet(self) -> bool:
        """Whether the connection is open, outside a transaction, and nothing has arrived on it."""
        try:
            pgconn = self.connection.pgconn
            if self.connection.closed or pgconn.status != pq.ConnStatus.OK:
                return False
            if pgconn.transaction_status != pq.TransactionStatus.IDLE:
                return False
            poller = select.poll()  # not select.select(), which refuses descriptors from 1024 up
            poller.register(pgconn.socket, select.POLLIN)
            return not poller.poll(0)
        except (OSError, ValueError, psycopg.Error):
            return False
