"""Benchmark: the editors' admin pages, with PostgreSQL's plans for any values (the site's setting) and without.

Run:  .venv/bin/python bench/admin.py [--items 10000] [--requests 8]

The site has PostgreSQL plan each prepared statement once, for any values (``plan_cache_mode=force_generic_plan``,
``wijkwijzer/database.py``), which the public pages were measured for. This requests the admin's lists, searches,
filters and forms as a logged-in superuser on ``bench/cpu.py``'s database (the demo content and ``--items``
generated items), alternating that setting with PostgreSQL's default (``auto``) on the same connection, and prints
the best wall time of each. A ratio well above 1 would mean an admin query whose plan for any values is worse.
Nothing is asserted.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench import cpu  # noqa: E402

MODES = ("force_generic_plan", "auto")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=8, help="requests per page and mode and round")
    args = parser.parse_args()
    cpu.configure()
    cpu.fill(args.items)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from articles.models import Article
    from events.models import Event

    settings.ALLOWED_HOSTS = ["testserver"]
    users = get_user_model().objects
    editor = users.filter(username="bench-admin").first() or users.create_superuser("bench-admin", None, None)
    client = Client()
    client.force_login(editor)
    article = Article.objects.filter(slug__startswith="bench-").first()
    event = Event.objects.filter(slug__startswith="bench-").first()
    paths = [
        "/admin/",
        "/admin/articles/article/",
        "/admin/articles/article/?q=buurt",
        "/admin/articles/article/?p=50",
        "/admin/articles/article/?status__exact=published&themes__id__exact=1",
        f"/admin/articles/article/{article.pk}/change/",
        f"/admin/articles/article/{article.pk}/history/",
        "/admin/events/event/",
        "/admin/events/event/?q=wijk",
        f"/admin/events/event/{event.pk}/change/",
        "/admin/calls/call/",
        "/admin/calls/call/?q=buurt",
        "/admin/partners/partner/",
        "/admin/newsletter/edition/",
    ]
    print(f"{'page':72} {'any values ms':>13} {'per run ms':>10} {'ratio':>6}")
    for path in paths:
        for _ in range(6):  # templates compiled, statements prepared
            status = client.get(path).status_code
        best = dict.fromkeys(MODES, float("inf"))
        for _ in range(2):
            for mode in MODES:
                with connection.cursor() as cursor:
                    cursor.execute(f"SET plan_cache_mode = {mode}")
                for _ in range(args.requests):
                    started = time.perf_counter()
                    client.get(path)
                    best[mode] = min(best[mode], (time.perf_counter() - started) * 1000)
        generic, auto = best[MODES[0]], best[MODES[1]]
        flag = "" if status == 200 else f"  (HTTP {status})"
        print(f"{path:72} {generic:>13.1f} {auto:>10.1f} {generic / auto:>6.2f}{flag}")


if __name__ == "__main__":
    main()
