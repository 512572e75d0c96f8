"""How the site talks to PostgreSQL: parameters apart from the SQL, repeated queries kept prepared."""

from __future__ import annotations

import time

import pytest
from django.db import connection

from wijkwijzer.database import django_database

URL = "postgresql://wijkwijzer@db.example.org:5432/wijkwijzer"


def test_queries_are_sent_with_their_parameters_apart_and_prepared_after_two_runs(monkeypatch):
    monkeypatch.delenv("DATABASE_PREPARED_STATEMENTS", raising=False)
    options = django_database(URL)["OPTIONS"]
    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == 2
    assert options["options"] == "-c plan_cache_mode=force_generic_plan"
    # A vanished server is noticed within about a minute (30 s quiet, then three probes 10 s apart).
    assert (options["keepalives_idle"], options["keepalives_interval"], options["keepalives_count"]) == (30, 10, 3)
    # Server settings given in the URL are kept.
    options = django_database(URL + "?options=-c%20statement_timeout%3D5000")["OPTIONS"]
    assert options["options"] == "-c statement_timeout=5000 -c plan_cache_mode=force_generic_plan"


def test_prepared_statements_can_be_turned_off_for_a_connection_pooler(monkeypatch):
    monkeypatch.setenv("DATABASE_PREPARED_STATEMENTS", "0")
    options = django_database(URL)["OPTIONS"]
    assert options["prepare_threshold"] is None
    assert options["server_side_binding"] is True
    assert "options" not in options  # a pooler may refuse server settings at connection time


@pytest.mark.django_db
def test_a_page_requested_again_is_not_planned_again(client, settings):
    from tests.builders import make_article

    settings.PAGE_CACHE_ENABLED = False
    make_article(title="Buurtkracht")

    def prepared_statements() -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return {row[0] for row in cursor.fetchall()}

    before = prepared_statements()
    for _ in range(7):  # PostgreSQL plans a prepared statement for its values at least five times, unless told not to
        assert "Buurtkracht" in client.get("/verdiepen/").content.decode()
        assert client.get("/agenda/").status_code == 200
    kept = prepared_statements() - before
    assert any("articles_article" in statement for statement in kept)
    assert any("events_event" in statement for statement in kept)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements")
        plans = {statement: (generic, custom) for statement, generic, custom in cursor.fetchall()}
    # Each planned once, for any values, and that plan used on every later run.
    assert all(plans[statement][1] == 0 and plans[statement][0] >= 5 for statement in kept), {
        statement[:80]: plans[statement] for statement in kept
    }


@pytest.fixture
def worker_connection():
    """A connection of its own, as a gunicorn worker holds it between requests."""
    from django.db import connections

    wrapper = connections.create_connection("default")
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def next_request_check(wrapper) -> None:
    """What Django does at the start of the next request."""
    wrapper.health_check_done = False
    wrapper.close_if_health_check_failed()


@pytest.mark.django_db(transaction=True)
def test_a_connection_is_checked_without_a_query_and_replaced_when_the_server_ended_it(worker_connection, monkeypatch):
    first = worker_connection.connection.info.backend_pid

    def no_round_trip():
        raise AssertionError("a healthy idle connection is checked without a query")

    # A healthy connection is kept, and checked without a round trip to PostgreSQL.
    with monkeypatch.context() as patch:
        patch.setattr(worker_connection, "is_usable", no_round_trip)
        next_request_check(worker_connection)
    assert worker_connection.connection is not None and worker_connection.connection.info.backend_pid == first

    # The server ends the session (as on a restart): the next request gets a new connection, not an error.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [first])
    next_request_check(worker_connection)
    assert worker_connection.connection is None
    with worker_connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != first


@pytest.mark.django_db(transaction=True)
def test_a_connection_is_checked_with_a_query_when_it_is_not_plainly_idle_and_quiet(worker_connection, monkeypatch):
    from wijkwijzer.postgresql import base

    queries = []
    real_check = worker_connection.is_usable
    monkeypatch.setattr(worker_connection, "is_usable", lambda: queries.append("SELECT 1") or real_check())
    raw = worker_connection.connection

    def checked_with_a_query() -> bool:
        queries.clear()
        next_request_check(worker_connection)
        assert worker_connection.connection is raw, "a healthy connection is kept"
        return queries == ["SELECT 1"]

    assert not checked_with_a_query()

    # In a transaction.
    raw.execute("BEGIN")
    assert checked_with_a_query()
    raw.execute("ROLLBACK")

    # Something has arrived (here a notification; a server's goodbye is another).
    raw.execute("LISTEN wijkwijzer_test")
    with connection.cursor() as cursor:
        cursor.execute("NOTIFY wijkwijzer_test")
    deadline = time.monotonic() + 5
    while worker_connection._idle_and_quiet() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert checked_with_a_query()
    raw.execute("UNLISTEN *")

    # No round trip for longer than CONFIRMED_FOR: Django's check, as on the first request after a quiet spell.
    monkeypatch.setattr(base, "CONFIRMED_FOR", 0.0)
    assert checked_with_a_query()
