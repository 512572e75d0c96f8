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


def test_prepared_statements_can_be_turned_off_for_a_connection_pooler(monkeypatch):
    monkeypatch.setenv("DATABASE_PREPARED_STATEMENTS", "0")
    options = django_database(URL)["OPTIONS"]
    assert options["prepare_threshold"] is None
    assert options["server_side_binding"] is True


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
    for _ in range(3):
        assert "Buurtkracht" in client.get("/verdiepen/").content.decode()
    kept = prepared_statements() - before
    assert any("articles_article" in statement for statement in kept)
