"""Benchmark: CPU time per request of the public pages, in Python and in PostgreSQL, without HTTP or load.

Run:  .venv/bin/python bench/cpu.py [--items 10000] [--requests 200] [--rounds 3] [--closed-calls 0.9] [PATH ...]

Uses its own database (``ww_bench_cpu`` on the embedded PostgreSQL, or ``BENCH_DATABASE_URL``), filled once with
the demo content and ``--items`` generated items as ``bench/load.py`` makes them. Each page is requested through
Django's WSGI handler in this process, with production settings and the page cache off, ``--requests`` times per
round; it prints the best round's CPU time per request of this process and of its PostgreSQL backend (read from
``/proc``, so only when the server runs on this machine: the embedded one does). Unlike the load benchmark this
does not depend on how the machine shares its two cores between gunicorn, PostgreSQL and ``wrk``, so two
versions of the code measured one after the other compare well (run-to-run noise 3–5 %). Nothing is asserted.

``--closed-calls 0.9`` moves the deadlines of that share of the generated calls into the past three years, as years
of use leave a site (the generated ones are mostly open), in a database of its own (``ww_bench_cpu_closed90``).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench import common  # noqa: E402

BENCH_DB = "ww_bench_cpu"


def configure(database: str = BENCH_DB) -> None:
    common.configure_pages(database)


def close_calls(share: float) -> None:
    """Deadlines of ``share`` of the generated calls on days of the past three years (the rest as generated), and
    the search index written again to match."""
    from django.db import connection

    from search.indexing import rebuild_index

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE calls_call SET deadline_date = current_date - 1 - (id * 37 %% 1100)::int, deadline_time = NULL "
            "WHERE slug LIKE 'bench-%%' AND id %% 100 < %s",
            [round(share * 100)],
        )
    rebuild_index()


def fill(items: int, closed_calls: float = 0) -> None:
    """The demo content and ``items`` generated items, unless the database has them already; then vacuumed."""
    from django.core.management import call_command
    from django.db import connection

    from articles.models import Article
    from bench.load import generate

    call_command("migrate", verbosity=0, interactive=False)
    if Article.objects.filter(slug__startswith="bench-").count() != items * 4 // 10:
        call_command("flush", verbosity=0, interactive=False)
        call_command("load_demo", verbosity=0)
        generate(items)
        if closed_calls:
            close_calls(closed_calls)
    with connection.cursor() as cursor:
        # As autovacuum leaves a production database (and bench/load.py this one): statistics current, the
        # visibility map set (index-only scans).
        cursor.execute("VACUUM ANALYZE")


def default_paths() -> list[str]:

    from bench.load import pages

    return [page.path for page in pages()]


def backend_cpu(pid: int) -> float:
    """CPU seconds (user and system) of process ``pid``."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def request(app, path: str) -> tuple[str, int]:
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "HTTP_ACCEPT_ENCODING": "gzip, deflate, br",
        "wsgi.input": io.BytesIO(),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
    }
    status = []
    body = b"".join(app(environ, lambda code, headers, exc_info=None: status.append(code)))
    return status[0], len(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="pages to measure (default: those of bench/load.py)")
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--closed-calls", type=float, default=0, help="share of the generated calls closed (0-1)")
    args = parser.parse_args()
    configure(BENCH_DB + (f"_closed{round(args.closed_calls * 100)}" if args.closed_calls else ""))
    from django.db import connection

    started = time.perf_counter()
    fill(args.items, args.closed_calls)
    elapsed = time.perf_counter() - started
    print(f"database {connection.settings_dict['NAME']} ready in {elapsed:.1f} s; {common.interpreter()}")
    from wijkwijzer.wsgi import application as app  # as gunicorn loads it

    paths = args.paths or default_paths()
    print(f"{'python ms':>9} {'postgres ms':>11} {'total ms':>8} {'KiB':>5}  page")
    for path in paths:
        for _ in range(20):  # templates compiled, statements prepared
            status, size = request(app, path)
        best, rounds = None, 0
        while rounds < args.rounds:
            connection.ensure_connection()
            pid = connection.connection.info.backend_pid
            python, postgres = time.process_time(), backend_cpu(pid)
            for _ in range(args.requests):
                request(app, path)
            if connection.connection is None or connection.connection.info.backend_pid != pid:
                continue  # the connection was renewed (CONN_MAX_AGE) during the round: measure it again
            python = (time.process_time() - python) / args.requests * 1000
            postgres = (backend_cpu(pid) - postgres) / args.requests * 1000
            if best is None or python + postgres < sum(best):
                best = (python, postgres)
            rounds += 1
        flag = "" if status.startswith("200") else f"  (HTTP {status})"
        print(f"{best[0]:>9.2f} {best[1]:>11.2f} {sum(best):>8.2f} {size / 1024:>5.0f}  {path}{flag}")


if __name__ == "__main__":
    main()
