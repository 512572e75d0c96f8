"""The migrations: complete (the models need no new one) and reversible (every app back to zero and forward)."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader

from tests.throwaway_servers import manage, production_env

#: The project's own apps, each with migrations.
APPS = ("articles", "calls", "editors", "events", "newsletter", "partners", "search", "themes")


@pytest.mark.django_db
def test_the_models_need_no_migration_that_is_not_committed():
    # Exits with status 1 (SystemExit) when a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_every_migration_can_be_reversed_and_applied_again(throwaway_postgres):
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
    for app in APPS:
        manage("migrate", app, "zero", "--noinput", "-v0", env=env)
    assert applied() == []
    manage("migrate", "--noinput", "-v0", env=env)
    assert applied() == everything
