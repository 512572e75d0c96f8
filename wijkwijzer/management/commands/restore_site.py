"""``manage.py restore_site [DUMP]``: put a backup of ``backup_site`` back (see wijkwijzer/backups.py)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from wijkwijzer.backups import Backup, backup_restore, latest_backup


class Command(BaseCommand):
    help = "Restore a backup: replaces the database's tables and writes the media files into MEDIA_ROOT."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dump", nargs="?", type=Path, help="The .dump file (default: the latest in var/backups).")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, dump: Path | None = None, interactive: bool = True, **options) -> None:
        backup = Backup.from_dump(dump) if dump else latest_backup()
        if backup is None or not backup.dump.is_file():
            raise CommandError(f"No backup found ({dump or 'var/backups/wijkwijzer-*.dump'}).")
        target = connection.settings_dict["NAME"]
        if interactive:
            answer = input(f"Replace everything in database {target!r} with {backup.dump.name}? Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        backup_restore(backup=backup)
        if options["verbosity"]:
            self.stdout.write(f"Restored {backup.dump.name} into {target!r} and {backup.media.name} into MEDIA_ROOT.")
