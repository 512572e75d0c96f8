"""``manage.py setup_editor_groups``: create the groups ‘Redacteur’ and ‘Hoofdredactie’ with their permissions."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from editors.roles import setup_editor_groups


class Command(BaseCommand):
    help = "Maakt de groepen ‘Redacteur’ en ‘Hoofdredactie’ aan (of werkt hun rechten bij)."

    def handle(self, *args: Any, **options: Any) -> None:
        for name, group in setup_editor_groups().items():
            self.stdout.write(f"Groep ‘{name}’: {group.permissions.count()} rechten.")
        self.stdout.write(
            "Maak een redacteur lid van ‘Redacteur’ en koppel hem in het beheer aan zijn organisatie(s); "
            "de hoofdredactie wordt lid van ‘Hoofdredactie’."
        )
