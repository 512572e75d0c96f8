"""How the site talks to PostgreSQL: parameters apart from the SQL, repeated queries kept prepared."""

from __future__ import annotations

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


@pytest.mark.django_db(transaction=True)
def test_a_connection_is_checked_without_a_query_and_replaced_when_the_server_ended_it(monkeypatch):
    from django.db import connections

    wrapper = connections.create_connection("default")  # as a worker holds it between requests
    try:
        wrapper.ensure_connection()
        first = wrapper.connection.info.backend_pid

        def no_round_trip():
            raise AssertionError("a healthy idle connection is checked without a query")

        # A healthy connection is kept, and checked without a round trip to PostgreSQL.
        with monkeypatch.context() as patch:
            patch.setattr(wrapper, "is_usable", no_round_trip)
            wrapper.close_if_health_check_failed()
        assert wrapper.connection is not None and wrapper.connection.info.backend_pid == first

        # The server ends the session (as on a restart): the next request gets a new connection, not an error.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [first])
        wrapper.close_if_unusable_or_obsolete()  # the end of the request before: the next one checks again
        wrapper.close_if_health_check_failed()
        assert wrapper.connection is None
        with wrapper.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            assert cursor.fetchone()[0] != first
    finally:
        wrapper.close()
