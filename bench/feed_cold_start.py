"""Benchmark: the calendar feed just after an edit, asked for by many calendar programs at once.

Run:  .venv/bin/python bench/feed_cold_start.py [--items 10000] [--requests 8] [--rounds 3] [--workers 4]

On ``bench/cpu.py``'s database (the demo content and ``--items`` generated items) and a throwaway ``redis-server``,
gunicorn (``--workers`` sync workers, production settings, the page cache off so that every request reaches the
feed) serves the whole-agenda feed. Each round first changes one event (so the feed has a new version that no
process has written yet), then sends ``--requests`` requests for the feed at the same moment, as calendar
programs do, and, while they run, requests ``/healthz`` every 100 ms. It prints per round how long until every
feed request was answered, the slowest ``/healthz`` meanwhile, and the CPU seconds the workers used. Nothing is
asserted.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench import cpu  # noqa: E402
from bench.common import interpreter  # noqa: E402


def children_cpu(pid: int) -> float:
    """CPU seconds of the children of ``pid`` (gunicorn's workers)."""
    total = 0.0
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        total += cpu.backend_cpu(int(child))
    return total


def one_round(server, feed: str, requests: int) -> tuple[float, float, float]:
    """``requests`` feed requests at once, ``/healthz`` meanwhile: seconds until all answered, the slowest
    ``/healthz`` and the workers' CPU seconds."""
    start = threading.Barrier(requests + 1)
    done = threading.Event()
    slowest = 0.0

    def ask() -> None:
        start.wait()
        request = urllib.request.Request(feed, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=120) as response:
            assert response.status == 200
            response.read()

    def probe() -> None:
        nonlocal slowest
        while not done.is_set():
            moment = time.monotonic()
            server.get("/healthz", timeout=120)
            slowest = max(slowest, time.monotonic() - moment)
            time.sleep(0.1)

    threads = [threading.Thread(target=ask) for _ in range(requests)]
    for thread in threads:
        thread.start()
    used = children_cpu(server.process.pid)
    start.wait()
    began = time.monotonic()
    prober = threading.Thread(target=probe)
    prober.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    done.set()
    prober.join()
    return elapsed, slowest, children_cpu(server.process.pid) - used


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    from tests.throwaway_servers import Gunicorn, ThrowawayRedis, production_env

    redis = ThrowawayRedis().start()
    server = None
    try:
        os.environ["REDIS_URL"] = redis.url  # this process's edits replace the content token the workers read
        cpu.configure()
        cpu.fill(args.items)
        from django.db import connection
        from django.urls import reverse

        from events.models import Event

        env = production_env(
            DATABASE_URL=os.environ["DATABASE_URL"], REDIS_URL=redis.url, PAGE_CACHE_ENABLED="0", ALLOWED_HOSTS="*"
        )
        server = Gunicorn(env, workers=args.workers).start()
        feed = server.url + reverse("events:feed")
        event = Event.objects.filter(slug__startswith="bench-").upcoming().first()
        print(f"{interpreter()}; gunicorn {args.workers} workers; {args.requests} feed requests at once per round")
        print("round  all answered s  slowest /healthz s  worker CPU s")
        for round_ in range(1, args.rounds + 1):
            event.save()  # a new version of the feed (and a new content token)
            connection.close()
            elapsed, slowest, used = one_round(server, feed, args.requests)
            print(f"{round_:>5}  {elapsed:>14.2f}  {slowest:>18.2f}  {used:>12.2f}")
    finally:
        if server:
            server.stop()
        redis.stop()


if __name__ == "__main__":
    main()
