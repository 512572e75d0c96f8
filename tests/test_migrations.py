"""The migrations: complete (the models need no new one) and reversible (every app back to zero and forward)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader

from tests.throwaway_servers import manage, production_env

#: The project's own apps (in the project's folder), each with migrations.
APPS = tuple(
    sorted(
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).parent == Path(settings.BASE_DIR) and (Path(config.path) / "migrations").is_dir()
    )
)

#: Run in one process: each app's newest migration back and forward again. Taking an app back to zero drops its
#: tables, and with them whatever a wrong reverse step left behind (an index, a trigger); stepping back one
#: migration and applying it again fails when its reverse step left anything ("already exists").
STEP_BACK_AND_FORWARD = """
from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader

graph = MigrationLoader(None).graph
for app in {apps!r}:
    for leaf in graph.leaf_nodes(app):
        parents = sorted(parent for parent in graph.node_map[leaf].parents if parent[0] == app)
        call_command("migrate", app, parents[-1][1] if parents else "zero", verbosity=0)
        call_command("migrate", app, leaf[1], verbosity=0)
"""


@pytest.mark.django_db
def test_the_models_need_no_migration_that_is_not_committed():
    # Exits with status 1 (SystemExit) when a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_every_migration_can_be_reversed_and_applied_again(throwaway_postgres):
    assert {"articles", "calls", "events", "search"} <= set(APPS)
    env = production_env(DATABASE_URL=throwaway_postgres.create_database("ww_migrations"))
    manage("migrate", "--noinput", "-v0", env=env)
    manage("load_demo", "-v0", env=env)  # data, so that the data migrations' reverse steps have rows to handle

    def applied() -> list[str]:
        plan = manage("showmigrations", "--plan", *APPS, env=env).stdout
        # The plan of these apps lists the migrations they depend on too (auth, contenttypes, taggit): not ours.
        return [name for name in re.findall(r"^\[X\]\s+(\S+)", plan, re.MULTILINE) if name.split(".")[0] in APPS]

    everything = applied()
    on_disk = {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}
    assert sorted(everything) == sorted(name for name in on_disk if name.split(".")[0] in APPS)
    manage("shell", "-c", STEP_BACK_AND_FORWARD.format(apps=APPS), env=env)
    manage("migrate", "--noinput", "-v0", env=env)  # what stepping back took along of other apps
    assert applied() == everything
    for app in APPS:
        manage("migrate", app, "zero", "--noinput", "-v0", env=env)
    assert applied() == []
    manage("migrate", "--noinput", "-v0", env=env)
    assert applied() == everything


def test_themes_whose_names_differ_in_capitals_only_are_told_apart_before_the_constraint():
    """Found in review: ‘Wonen’ next to ‘wonen’ in a database made the new constraint fail, and the deploy with it."""
    import importlib

    migration = importlib.import_module("themes.migrations.0003_theme_name_unique_ignoring_case")

    class Row:
        def __init__(self, pk, name, order):
            self.pk, self.name, self.order, self.saved = pk, name, order, False

        def save(self, update_fields):
            assert update_fields == ["name"]
            self.saved = True

    rows = [Row(1, "wonen", 2), Row(2, "Wonen", 1), Row(3, "WONEN (2)", 5), Row(4, "Wonen", 9), Row(5, "zorg", 0)]

    class Objects:
        def values_list(self, field, flat):
            return [row.name for row in rows]

        def order_by(self, *fields):
            return sorted(rows, key=lambda row: (row.order, row.pk))

    class Apps:
        def get_model(self, app, model):
            return type("Theme", (), {"objects": Objects()})

    migration.tell_duplicates_apart(Apps(), None)
    assert {row.pk: row.name for row in rows} == {
        2: "Wonen",  # the first by its place keeps its name
        1: "wonen (3)",  # "(2)" is taken, whatever its capitals
        3: "WONEN (2)",
        4: "Wonen (4)",
        5: "zorg",
    }
    assert [row.pk for row in rows if row.saved] == [1, 4]
