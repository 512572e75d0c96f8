"""An optional read replica (``DATABASE_REPLICA_URL``) for the pages anonymous readers see.

With a replica configured, ``ReplicaRouter`` sends the reads of anonymous GET and HEAD requests (the same
requests the page cache serves, marked by ``AnonymousPageCacheMiddleware`` through ``reading_for_anonymous``) to
the ``replica`` database; everything else, editors in the admin, form posts, the task worker, management
commands, reads inside a transaction, and all writes go to the primary, so an editor always sees his own edit.

The page cache is invalidated when an edit commits on the primary. A page rendered from a replica that lags
behind would then be cached stale until its lifetime ends, so run the replica synchronously
(``synchronous_commit = remote_apply`` with the replica in ``synchronous_standby_names``); see
``docs/deployment.md``.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import connections

REPLICA = "replica"

_anonymous_read: ContextVar[bool] = ContextVar("wijkwijzer_anonymous_read", default=False)


@contextmanager
def reading_for_anonymous():
    """Within this block (an anonymous GET), reads may go to the replica."""
    marker = _anonymous_read.set(True)
    try:
        yield
    finally:
        _anonymous_read.reset(marker)


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str | None:
        # Inside a transaction (a view that writes, or locks rows with select_for_update) reads stay on the
        # primary, which holds the rows the transaction wrote.
        if _anonymous_read.get() and REPLICA in settings.DATABASES and not connections["default"].in_atomic_block:
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints) -> str:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == "default"
