"""Sending an edition from its ledger, so that no subscriber gets it twice and none is skipped unnoticed.

``services.edition_send`` writes one ``Delivery`` row per subscriber in one transaction and enqueues
``tasks.send_edition``; the task calls ``run`` here. A run:

1. takes a *lease*: a PostgreSQL session advisory lock on a random key, held on the worker's database
   connection for as long as the run lasts. If the worker process dies (even by ``kill -9``) its connection
   closes and PostgreSQL releases the lock, so any other process can tell that the run is gone;
2. recovers what dead runs left behind (``recover_abandoned``): rows they had reserved but not yet started go
   back to the pool; a row they had marked ``sending`` may or may not have reached the mail server, so it is
   marked ``uncertain`` for an editor to inspect and is *never* sent again by itself;
3. reserves a batch of pending rows with ``SELECT … FOR UPDATE SKIP LOCKED`` (parallel runs take different
   rows), then for each row: commit pending → sending (the same statement re-checks that the subscriber is
   still subscribed, else the row becomes ``skipped``), hand the mail to the mail server, then sent (committed
   with the next row's ``sending``) or failed with the error.

A crash can therefore leave at most one row per run in ``sending``: the mail that was in flight. Every other
subscriber has exactly one sent row, or a pending row that the next run sends.

The lease needs a direct session with PostgreSQL (not a pooler in transaction mode such as PgBouncer's).
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, field

from django.core.mail import mailers
from django.db import connection, transaction
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from newsletter.models import Delivery, Edition, Subscriber
from newsletter.rendering import build_message, message_id, render_edition, unsubscribe_url
from wijkwijzer import caching

logger = logging.getLogger(__name__)

#: First half of every advisory-lock key of a sending run, so these locks do not collide with others.
LEASE_NAMESPACE = 72022
#: Rows reserved at a time by one run.
BATCH_SIZE = 100


class WorkerLease:
    """A sending run's proof of life: an advisory lock that PostgreSQL drops when the process dies."""

    def __init__(self) -> None:
        self.key = secrets.randbelow(2**31 - 2) + 1

    def __enter__(self) -> WorkerLease:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [LEASE_NAMESPACE, self.key])
        return self

    def __exit__(self, *exc_info) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LEASE_NAMESPACE, self.key])


def lease_is_held(key: int) -> bool:
    """Whether the run with this lease key is still alive (its advisory lock is taken)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LEASE_NAMESPACE, key])
        acquired = cursor.fetchone()[0]
        if acquired:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LEASE_NAMESPACE, key])
    return not acquired


@dataclass
class Recovered:
    released: int = 0
    uncertain: int = 0


def recover_abandoned(*, edition_id: int | None = None, own_key: int | None = None) -> Recovered:
    """Put rows of dead runs right: reserved ones back in the pool, in-flight ones to ``uncertain``."""
    recovered = Recovered()
    rows = Delivery.objects.filter(
        status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING], claimed_by__isnull=False
    )
    if edition_id is not None:
        rows = rows.filter(edition_id=edition_id)
    for key in set(rows.values_list("claimed_by", flat=True)):
        if key == own_key or lease_is_held(key):
            continue
        with transaction.atomic():
            recovered.uncertain += rows.filter(claimed_by=key, status=Delivery.Status.SENDING).update(
                status=Delivery.Status.UNCERTAIN,
                error="De verzender stopte terwijl deze mail werd verstuurd: controleer of hij is aangekomen.",
            )
            recovered.released += rows.filter(claimed_by=key, status=Delivery.Status.PENDING).update(
                claimed_by=None, claimed_at=None
            )
    if recovered.uncertain:
        logger.warning("%d deliveries left in flight by a dead worker are marked uncertain", recovered.uncertain)
    return recovered


def reserve_batch(*, edition_id: int, lease: WorkerLease, size: int = BATCH_SIZE) -> list[Delivery]:
    """Reserve up to ``size`` free pending rows for this run; rows locked by another run are skipped."""
    with transaction.atomic():
        ids = list(
            Delivery.objects.filter(edition_id=edition_id, status=Delivery.Status.PENDING, claimed_by__isnull=True)
            .order_by("pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:size]
        )
        Delivery.objects.filter(pk__in=ids).update(claimed_by=lease.key, claimed_at=timezone.now())
    return list(Delivery.objects.filter(pk__in=ids).select_related("subscriber").order_by("pk"))


@dataclass
class RunResult:
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    recovered: Recovered = field(default_factory=Recovered)


def record_sent(delivered: list[int], lease: WorkerLease) -> None:
    """Record as sent the rows whose mail the mail server accepted (call inside the next row's transaction)."""
    if delivered:
        Delivery.objects.filter(pk__in=delivered, status=Delivery.Status.SENDING, claimed_by=lease.key).update(
            status=Delivery.Status.SENT, sent_at=timezone.now()
        )
        delivered.clear()


def deliver(row: Delivery, *, rendered, mailer, lease: WorkerLease, delivered: list[int]) -> str:
    """Send one reserved row: pending → sending → sent / failed, or skipped if the subscriber left.

    To spend one commit per mail instead of two, the previous row's ``sent`` is committed together with this
    row's ``sending`` (``delivered`` holds it until then). That keeps the guarantee: a row is ``sending`` in
    the database before its mail is handed over, and at most one row of a run is in flight.
    """
    mine = Delivery.objects.filter(pk=row.pk, status=Delivery.Status.PENDING, claimed_by=lease.key)
    with transaction.atomic():
        record_sent(delivered, lease)
        started = mine.filter(subscriber__status=Subscriber.Status.SUBSCRIBED).update(
            status=Delivery.Status.SENDING, claimed_at=timezone.now()
        )
        if not started:
            mine.update(status=Delivery.Status.SKIPPED)
    if not started:
        return Delivery.Status.SKIPPED
    message = build_message(
        rendered,
        to=row.subscriber.email,
        unsubscribe=unsubscribe_url(row.subscriber.token),
        message_id=message_id(edition_id=row.edition_id, delivery_id=row.pk),
    )
    try:
        mailer.send_messages([message])
    except Exception as error:  # any failure of the mail server: record it, go on with the next subscriber
        logger.exception("Delivery %s failed", row.pk)
        Delivery.objects.filter(pk=row.pk, status=Delivery.Status.SENDING, claimed_by=lease.key).update(
            status=Delivery.Status.FAILED, error=f"{type(error).__name__}: {error}"[:2000]
        )
        return Delivery.Status.FAILED
    delivered.append(row.pk)
    return Delivery.Status.SENT


def fail_waiting(*, edition_id: int, error: Exception) -> int:
    """The rows of the edition that wait, marked failed with ``error``: the mail server could not be reached, so
    none of them was sent. The editor sees them as failed on the edition and re-queues them from *Verzendingen*
    once the mail server works again, as any failed row; then the run that sends them finishes the edition. Rows
    another live run has reserved are its own."""
    return Delivery.objects.filter(edition_id=edition_id, status=Delivery.Status.PENDING, claimed_by=None).update(
        status=Delivery.Status.FAILED, error=f"Mailserver niet bereikbaar: {type(error).__name__}: {error}"[:2000]
    )


def finish_if_done(edition_id: int) -> bool:
    """Mark the edition sent once no row is waiting or in flight any more."""
    waiting = Delivery.objects.filter(
        edition_id=edition_id, status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING]
    ).exists()
    if waiting:
        return False
    finished = Edition.objects.filter(pk=edition_id, status=Edition.Status.SENDING).update(
        status=Edition.Status.SENT, sent_at=Coalesce("sent_at", Value(timezone.now()))
    )
    if finished:
        # update() sends no signal: tell the page cache that the archive changed (the edition is now public).
        caching.content_changed()
    return True


def run(*, edition_id: int, batch_size: int = BATCH_SIZE) -> RunResult:
    """Send every pending row of the edition that no other live run has reserved."""
    result = RunResult()
    edition = Edition.objects.get(pk=edition_id)
    rendered = render_edition(edition)
    with WorkerLease() as lease:
        result.recovered = recover_abandoned(edition_id=edition_id, own_key=lease.key)
        delivered: list[int] = []
        mailer = mailers.default
        try:
            mailer.open()
        except OSError as error:  # the mail server is down or refuses us: nothing was sent
            mailer.close()
            logger.exception("Mail server unavailable for edition %s", edition_id)
            result.failed += fail_waiting(edition_id=edition_id, error=error)
            return result  # still being sent: not marked sent while nothing went out
        with mailer:
            while batch := reserve_batch(edition_id=edition_id, lease=lease, size=batch_size):
                for row in batch:
                    outcome = deliver(row, rendered=rendered, mailer=mailer, lease=lease, delivered=delivered)
                    if outcome == Delivery.Status.SENT:
                        result.sent += 1
                    elif outcome == Delivery.Status.FAILED:
                        result.failed += 1
                    else:
                        result.skipped += 1
                record_sent(delivered, lease)
    finish_if_done(edition_id)
    return result
