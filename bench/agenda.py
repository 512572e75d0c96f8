"""Benchmark: the agenda with 10,000 events, with and without filters, and the full calendar feed.

Run:  .venv/bin/python bench/agenda.py [--events 10000] [--runs 5]

Uses its own database (``ww_bench_agenda`` on the embedded PostgreSQL, or ``BENCH_DATABASE_URL``), fills it
once with published events spread over two years (upcoming and past) with themes, partners and audiences,
and prints for each page the number of SQL queries, the time of the first request (calendar feeds are then
generated and cached), and the median and slowest wall-clock time of the next requests
through Django's test client (template rendering included). Nothing is asserted: it prints figures.
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench import common  # noqa: E402

BENCH_DB = "ww_bench_agenda"


def configure() -> None:
    common.configure_pages(BENCH_DB)


def fill(count: int) -> None:
    from django.core.management import call_command
    from django.utils import timezone

    from events.models import Event
    from partners.models import Partner
    from themes.models import Audience, Theme

    call_command("migrate", verbosity=0, interactive=False)
    if Event.objects.count() == count:
        return
    Event.objects.all().delete()
    themes = [Theme.objects.get_or_create(slug=f"thema-{n}", defaults={"name": f"thema {n}"})[0] for n in range(13)]
    partners = [
        Partner.objects.get_or_create(slug=f"partner-{n}", defaults={"name": f"Partner {n}", "short_name": f"P{n}"})[0]
        for n in range(8)
    ]
    audiences = [
        Audience.objects.get_or_create(slug=f"doelgroep-{n}", defaults={"name": f"doelgroep {n}"})[0] for n in range(4)
    ]
    today = timezone.localdate()
    published = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    attendances = ["location", "online", "hybrid"]
    states = ["scheduled"] * 7 + ["cancelled", "moved", "full"]
    events = []
    for n in range(count):
        start = today + datetime.timedelta(days=(n % 730) - 365)
        state = states[n % len(states)]
        events.append(
            Event(
                title=f"Activiteit {n}",
                slug=f"activiteit-{n}",
                summary=f"Samenvatting van activiteit {n}.",
                status="published",
                publish_from=published,
                start_date=start,
                end_date=start + datetime.timedelta(days=2) if n % 9 == 0 else None,
                start_time=datetime.time(10) if n % 2 else None,
                end_time=datetime.time(12, 30) if n % 2 else None,
                attendance=attendances[n % 3],
                city="Utrecht",
                price=0 if n % 4 == 0 else 25 * (n % 5),
                state=state,
                previous_start_date=start - datetime.timedelta(days=7) if state == "moved" else None,
                featured=n % 25 == 0,
            )
        )
    events = Event.objects.bulk_create(events, batch_size=2000)
    links = {
        "themes": (Event.themes.through, "theme_id", themes, 2),
        "partners": (Event.partners.through, "partner_id", partners, 1),
        "audiences": (Event.audiences.through, "audience_id", audiences, 2),
    }
    for through, column, targets, per_event in links.values():
        rows = [
            through(event_id=event.pk, **{column: targets[(i + k * 3) % len(targets)].pk})
            for i, event in enumerate(events)
            for k in range(per_event)
        ]
        through.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)


def measure(client, url: str, runs: int) -> tuple[int, float, float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    queries = 0
    size = status = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
        queries, size, status = len(captured), len(response.content), response.status_code
    return queries, statistics.median(timings), max(timings), size, status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    configure()

    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    started = time.perf_counter()
    fill(args.events)
    elapsed = time.perf_counter() - started
    print(f"database {connection.settings_dict['NAME']}: {args.events} events ready in {elapsed:.1f} s")

    month = f"{timezone.localdate() + datetime.timedelta(days=40):%Y-%m}"
    year = timezone.localdate().year - 1
    urls = [
        "/agenda/",
        "/agenda/?thema=thema-1",
        f"/agenda/?maand={month}&thema=thema-1&partner=partner-1&doelgroep=doelgroep-1&vorm=online&gratis=ja",
        "/agenda/?vorm=op-locatie&page=20",
        "/agenda/archief/",
        f"/agenda/archief/{year}/?thema=thema-1&gratis=ja",
        "/agenda/activiteit-5/",
        "/",
        "/agenda/abonneren/thema/thema-1.ics",
        "/agenda/abonneren/wijkwijzer-agenda.ics",
    ]
    client = Client()
    from django.core.cache import cache

    print(f"{'queries':>7} {'first ms':>9} {'median ms':>10} {'max ms':>8} {'KiB':>7}  url")
    for url in urls:
        cache.clear()
        started = time.perf_counter()
        client.get(url)  # the first request: templates compiled, calendar feeds generated and cached
        first = time.perf_counter() - started
        queries, median, slowest, size, status = measure(client, url, args.runs)
        flag = "" if status == 200 else f"  (HTTP {status})"
        print(
            f"{queries:>7} {first * 1000:>9.1f} {median * 1000:>10.1f} {slowest * 1000:>8.1f} {size / 1024:>7.0f}"
            f"  {url}{flag}"
        )


if __name__ == "__main__":
    main()
