"""Django's PostgreSQL backend with a health check that costs no round trip.

Django checks a persistent connection at the start of every request (``CONN_HEALTH_CHECKS``) with ``SELECT 1``:
a round trip to PostgreSQL on every request, which on the cheaper pages is 5-10 % of their CPU time (PostgreSQL
answering, and two context switches). This backend first asks the operating system whether the idle connection
has anything to read. A healthy idle connection has nothing: PostgreSQL only writes to it in answer to a query.
A server that shut down, restarted or ended the session has written its goodbye or closed the socket, which
makes it readable; then (and only then) Django's own check decides, and a dead connection is replaced before
the request uses it, as before.
"""

from __future__ import annotations

import select

from django.db.backends.postgresql import base
from psycopg import pq


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self):
        if self.connection is None or not self.health_check_enabled or self.health_check_done:
            return
        if self._idle_and_quiet() or self.is_usable():
            self.health_check_done = True
        else:
            self.close()
            self.health_check_done = True

    def _idle_and_quiet(self) -> bool:
        """Whether the connection is open, outside a transaction, and nothing has arrived on it."""
        pgconn = self.connection.pgconn
        if self.connection.closed or pgconn.status != pq.ConnStatus.OK:
            return False
        if pgconn.transaction_status != pq.TransactionStatus.IDLE:
            return False
        try:
            readable, _, _ = select.select([pgconn.socket], [], [], 0)
        except (OSError, ValueError):
            return False
        return not readable
