"""Crash and resume: a worker killed with SIGKILL in the middle of sending, then restarted.

The real worker (``manage.py db_worker``) runs in a subprocess against the test database, with a mail
backend that writes every mail as a file in a folder and then hangs at the Nth mail: either just after the
mail was handed over (the dangerous moment: delivered, but the ledger does not know yet) or just before.
The test kills the process with SIGKILL, restarts the worker the way ``make worker`` does
(``resume_newsletters``, then ``db_worker``) and reads the folder and the ledger: every subscriber has
exactly one mail and a ``sent`` row, except the one mail that was in flight, whose row is ``uncertain``
(marked for inspection) and which was delivered at most once. Never two mails; never none unnoticed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.utils import timezone
from psycopg.conninfo import make_conninfo

from newsletter import services
from newsletter.models import Delivery, Edition, EditionItem, Section, Subscriber
from tests.builders import make_article

pytestmark = pytest.mark.django_db(transaction=True)

SUBSCRIBERS = 30
HANG_AT = 10


class FolderBackend(BaseEmailBackend):
    """Writes each mail to ``folder``; with ``hang_at`` it hangs at that mail, before or after writing it."""

    def __init__(self, *, folder: str, hang_at: int | None = None, hang: str = "after", **kwargs):
        super().__init__(**kwargs)
        self.folder = Path(folder)
        self.hang_at = hang_at
        self.hang = hang

    def send_messages(self, messages) -> int:
        for message in messages:
            number = len(list(self.folder.glob("*.eml"))) + 1
            if self.hang_at == number and self.hang == "before":
                self._hang()
            (self.folder / f"{uuid.uuid4().hex}.eml").write_bytes(message.message().as_bytes())
            if self.hang_at == number and self.hang == "after":
                self._hang()
        return len(messages)

    def _hang(self) -> None:
        (self.folder / "hanging").touch()
        time.sleep(600)


WORKER = textwrap.dedent(
    """
    import sys
    import django
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    settings.MAILERS = {{"default": {{"BACKEND": "tests.test_newsletter_crash.FolderBackend", "OPTIONS": {options!r}}}}}
    for command in {commands!r}:
        call_command(*command)
    """
)


def start_worker(folder: Path, commands: list[list[str]], **options) -> subprocess.Popen:
    """A worker process on the test database that delivers into ``folder``."""
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "wijkwijzer.settings",
        "DATABASE_URL": make_conninfo(
            dbname=database["NAME"],
            user=database["USER"],
            password=database["PASSWORD"],
            host=database["HOST"],
            port=str(database["PORT"] or ""),
        ),
        "CONN_MAX_AGE": "0",
    }
    script = WORKER.format(options={"folder": str(folder), **options}, commands=commands)
    return subprocess.Popen([sys.executable, "-c", script], cwd=settings.BASE_DIR, env=env)


def mails_per_address(folder: Path) -> Counter:
    import email

    return Counter(email.message_from_bytes(path.read_bytes())["To"] for path in folder.glob("*.eml"))


@pytest.fixture
def queued_edition():
    now = timezone.now()
    for n in range(SUBSCRIBERS):
        Subscriber.objects.create(
            email=f"abonnee{n:02d}@voorbeeld.nl", requested_at=now, consent_at=now, consent_form_version="test"
        )
    edition = Edition.objects.create(title="Crashbestendig", slug="crash", issue_date=now.date(), introduction="x")
    EditionItem.objects.create(edition=edition, section=Section.VERDIEPEN, article=make_article(), order=1)
    assert services.edition_send(edition=edition) == SUBSCRIBERS
    return edition


@pytest.mark.parametrize("hang", ["after", "before"])
def test_worker_killed_mid_send_and_restarted_mails_everyone_once_or_marks_the_row(queued_edition, tmp_path, hang):
    first = start_worker(
        tmp_path, [["db_worker", "--batch", "--no-startup-delay", "--interval", "0"]], hang_at=HANG_AT, hang=hang
    )
    try:
        deadline = time.monotonic() + 120
        while not (tmp_path / "hanging").exists():
            assert first.poll() is None, "the worker stopped before it reached the mail to hang at"
            assert time.monotonic() < deadline, "the worker never reached the mail to hang at"
            time.sleep(0.05)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
    assert first.returncode == -signal.SIGKILL

    # What the killed worker left: the mails before the hang are sent, one row is in flight.
    left = Counter(Delivery.objects.values_list("status", flat=True))
    assert left[Delivery.Status.SENT] == HANG_AT - 1
    assert left[Delivery.Status.SENDING] == 1
    in_flight = Delivery.objects.get(status=Delivery.Status.SENDING).subscriber.email

    (tmp_path / "hanging").unlink()
    second = start_worker(
        tmp_path, [["resume_newsletters"], ["db_worker", "--batch", "--no-startup-delay", "--interval", "0"]]
    )
    assert second.wait(timeout=180) == 0

    mails = mails_per_address(tmp_path)
    rows = dict(Delivery.objects.values_list("subscriber__email", "status"))
    assert len(rows) == SUBSCRIBERS
    assert max(mails.values()) == 1, "someone got the edition twice"
    for address, status in rows.items():
        if address == in_flight:
            assert status == Delivery.Status.UNCERTAIN
            assert mails[address] == (1 if hang == "after" else 0)
        else:
            assert status == Delivery.Status.SENT, address
            assert mails[address] == 1, address
    queued_edition.refresh_from_db()
    assert queued_edition.status == Edition.Status.SENT


def test_two_workers_at_once_never_send_one_subscriber_twice(queued_edition, tmp_path):
    services.edition_resume(edition=queued_edition)  # a second task for the same edition
    command = [["db_worker", "--batch", "--no-startup-delay", "--interval", "0"]]
    workers = [start_worker(tmp_path, command), start_worker(tmp_path, command)]
    assert [worker.wait(timeout=180) for worker in workers] == [0, 0]
    mails = mails_per_address(tmp_path)
    assert len(mails) == SUBSCRIBERS
    assert set(mails.values()) == {1}
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}
