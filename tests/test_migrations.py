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
