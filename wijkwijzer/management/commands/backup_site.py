"""``manage.py backup_site``: the database and the media folder into ``var/backups/`` (see wijkwijzer/backups.py)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from wijkwijzer.backups import backup_create


class Command(BaseCommand):
    help = "Back up the database (pg_dump, custom format) and MEDIA_ROOT (tar.gz) into var/backups/."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--directory", type=Path, help="Folder for the backup (default var/backups or BACKUP_DIR).")

    def handle(self, *args, directory: Path | None = None, **options) -> None:
        backup = backup_create(directory=directory)
        if options["verbosity"]:
            self.stdout.write(f"Database: {backup.dump}\nMedia:    {backup.media}")
