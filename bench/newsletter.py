"""Benchmark: queue and send the Voorjaar 2022 edition to 10,000 subscribers through the locmem mail backend.

Run:  .venv/bin/python bench/newsletter.py [--subscribers 10000]

Uses its own database (``ww_bench_newsletter`` on the embedded PostgreSQL, or ``BENCH_DATABASE_URL``), loads
the demo content and makes a draft copy of the demo edition, then measures:

- queue: ``services.edition_send``, which writes the whole ledger in one transaction and enqueues the task;
- render: rendering the edition once (HTML with CSS inlined, and text);
- send: ``sending.run``, what the worker's task does: reserve rows, re-check each subscriber, build and hand
  each mail to the mail backend, and record it in the ledger (two committed UPDATEs per mail);
- peak memory: the Python heap peak (tracemalloc) of a second, identical send, and the process's peak RSS.

The locmem backend builds each MIME message and keeps it in ``mail.outbox``; here the outbox is emptied right
away, so the memory figures show the sender, not a list of 10,000 kept mails.
Nothing is asserted: it prints figures.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from pathlib import Path

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench import common  # noqa: E402

BENCH_DB = "ww_bench_newsletter"


def configure() -> None:
    common.configure(BENCH_DB)
    from django.conf import settings

    settings.MAILERS = {"default": {"BACKEND": "bench.newsletter.DrainingLocmemBackend"}}


class DrainingLocmemBackend(EmailBackend):
    """locmem (which builds each MIME message), with the outbox emptied as a mail server takes the mails away."""

    def send_messages(self, messages):
        count = super().send_messages(messages)
        mail.outbox.clear()
        return count


def prepare(subscribers: int):
    from django.core.management import call_command
    from django.utils import timezone

    from newsletter.demo import SLUG
    from newsletter.models import Delivery, Edition, EditionItem, Subscriber

    call_command("migrate", verbosity=0, interactive=False)
    if not Edition.objects.filter(slug=SLUG).exists():
        call_command("load_demo", verbosity=0)
    Delivery.objects.all().delete()
    Edition.objects.exclude(slug=SLUG).delete()
    if Subscriber.objects.count() != subscribers:
        Subscriber.objects.all().delete()
        now = timezone.now()
        Subscriber.objects.bulk_create(
            (
                Subscriber(
                    email=f"abonnee{n:05d}@voorbeeld.nl", requested_at=now, consent_at=now, consent_form_version="bench"
                )
                for n in range(subscribers)
            ),
            batch_size=5000,
        )
    demo = Edition.objects.get(slug=SLUG)
    edition = Edition.objects.create(
        title=demo.title, slug="bench", issue_date=demo.issue_date, introduction=demo.introduction, closing=demo.closing
    )
    EditionItem.objects.bulk_create(
        EditionItem(
            edition=edition,
            section=item.section,
            order=item.order,
            article_id=item.article_id,
            call_id=item.call_id,
            event_id=item.event_id,
        )
        for item in demo.items.all()
    )
    return edition


def reset(edition) -> None:
    from django_tasks_db.models import DBTaskResult

    from newsletter.models import Delivery, Edition

    Delivery.objects.filter(edition=edition).delete()
    DBTaskResult.objects.all().delete()
    Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.DRAFT, sent_at=None)
    edition.refresh_from_db()


def queue(edition) -> tuple[int, float]:
    from django.db import transaction

    from newsletter import services

    started = time.perf_counter()
    with transaction.atomic():
        rows = services.edition_send(edition=edition)
    return rows, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    args = parser.parse_args()
    configure()

    from newsletter import sending
    from newsletter.models import Delivery
    from newsletter.rendering import render_edition

    edition = prepare(args.subscribers)
    items = edition.items.count()
    print(f"Edition: {edition.title!r}, {items} items; {args.subscribers} subscribers; mail backend: locmem")

    started = time.perf_counter()
    rendered = render_edition(edition)
    render_ms = (time.perf_counter() - started) * 1000
    print(
        f"render once : {render_ms:8.1f} ms   (HTML {len(rendered.html) // 1024} KiB with inline CSS, text "
        f"{len(rendered.text) // 1024} KiB)"
    )

    rows, seconds = queue(edition)
    print(f"queue       : {seconds * 1000:8.1f} ms   ({rows} ledger rows in one transaction, task enqueued)")

    started = time.perf_counter()
    result = sending.run(edition_id=edition.pk)
    seconds = time.perf_counter() - started
    sent = Delivery.objects.filter(edition=edition, status=Delivery.Status.SENT).count()
    print(
        f"send        : {seconds:8.2f} s    {result.sent / seconds:8.0f} mails/s   ({sent} rows sent, "
        f"{result.failed} failed, {result.skipped} skipped)"
    )

    reset(edition)
    queue(edition)
    tracemalloc.start()
    sending.run(edition_id=edition.pk)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory : {peak / 2**20:8.1f} MiB Python heap during a send (tracemalloc), {rss:.0f} MiB peak RSS")


if __name__ == "__main__":
    main()
