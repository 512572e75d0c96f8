"""Faults, for real: the database or Redis is stopped under a running gunicorn, and the site copes.

The servers are throwaway ones (tests/throwaway_servers.py): a PostgreSQL of its own, stopped with
``pg_ctl stop -m immediate`` as in a crash, and a ``redis-server`` of its own that is terminated.
"""

from __future__ import annotations

import time

from tests.throwaway_servers import production_env, wait_for

#: A visitor gets an answer within this many seconds, whatever is down.
ANSWER_WITHIN_SECONDS = 5


def timed_get(server, path: str) -> tuple[int, dict, str]:
    started = time.monotonic()
    status, headers, body = server.get(path, timeout=ANSWER_WITHIN_SECONDS + 5)
    assert time.monotonic() - started < ANSWER_WITHIN_SECONDS, f"{path} took longer than {ANSWER_WITHIN_SECONDS} s"
    return status, headers, body


def test_without_database_visitors_get_a_dutch_503_with_retry_after_and_the_site_recovers(
    throwaway_postgres, site_database, collected_static, app_servers
):
    env = production_env(DATABASE_URL=site_database, STATIC_ROOT=str(collected_static))
    site = app_servers(env, workers=2)
    assert site.get("/")[0] == 200  # now in the page cache of one worker (local memory)

    throwaway_postgres.stop("immediate")
    try:
        for path in ("/verdiepen/", "/meedoen/", "/agenda/", "/zoeken/?q=wijk"):
            status, headers, body = timed_get(site, path)
            assert status == 503, path
            assert headers["retry-after"].isdigit()
            assert "WijkWijzer is even niet beschikbaar" in body
            assert "Traceback" not in body
            assert 'lang="nl"' in body
            assert "no-store" in headers["cache-control"]
        status, _, body = timed_get(site, "/readyz")
        assert status == 503
        assert "database: unreachable" in body
        assert timed_get(site, "/healthz")[0] == 200, "the process is alive; a load balancer must not kill it"
    finally:
        throwaway_postgres.start()

    wait_for(lambda: site.get("/verdiepen/")[0] == 200, timeout=15, what="recovery after the database returned")
    status, _, body = site.get("/readyz")
    assert (status, body) == (200, "database: ok\ncache: ok\n")
    assert "Verdiepen" in site.get("/verdiepen/")[2]


def test_after_a_database_restart_the_next_request_is_answered_without_an_error(
    throwaway_postgres, site_database, collected_static, app_servers
):
    # One worker, pages rendered on every request: the worker's open connection is the one PostgreSQL ends.
    env = production_env(DATABASE_URL=site_database, STATIC_ROOT=str(collected_static), PAGE_CACHE_ENABLED="0")
    site = app_servers(env, workers=1)
    assert site.get("/verdiepen/")[0] == 200

    throwaway_postgres.stop("fast")  # a restart, as for an upgrade or a failover
    throwaway_postgres.start()

    # The closed connection is noticed before the request uses it: no 503 for the first visitor.
    status, _, body = timed_get(site, "/verdiepen/")
    assert status == 200
    assert "Verdiepen" in body


def test_without_redis_the_site_keeps_serving_uncached_and_uses_the_cache_again_when_it_returns(
    site_database, collected_static, throwaway_redis, app_servers
):
    env = production_env(DATABASE_URL=site_database, STATIC_ROOT=str(collected_static), REDIS_URL=throwaway_redis.url)
    site = app_servers(env)
    site.get("/verdiepen/")
    assert site.get("/verdiepen/")[1].get("x-page-cache") == "hit"

    throwaway_redis.stop()
    for path in ("/verdiepen/", "/", "/agenda/abonneren/", "/agenda/abonneren/wijkwijzer-agenda.ics"):
        status, headers, body = timed_get(site, path)
        assert status == 200, path
        assert headers.get("x-page-cache") != "hit", path
    assert "Verdiepen" in timed_get(site, "/verdiepen/")[2]
    status, _, body = timed_get(site, "/readyz")
    assert status == 503
    assert "cache: unreachable" in body
    assert timed_get(site, "/healthz")[0] == 200

    throwaway_redis.start()  # the same port, empty
    wait_for(lambda: site.get("/readyz")[0] == 200, timeout=10, what="readyz after Redis returned")
    site.get("/verdiepen/")
    assert site.get("/verdiepen/")[1].get("x-page-cache") == "hit"


def test_the_redis_cache_shares_one_client_that_reconnects_after_a_redis_restart(throwaway_redis):
    from wijkwijzer.caching import ResilientRedisCache

    cache = ResilientRedisCache(
        throwaway_redis.url, {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}
    )
    cache.set("pagina", "inhoud")
    client = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is client  # made once, not per call
    assert cache.get("pagina") == "inhoud"

    throwaway_redis.stop()
    assert cache.get("pagina", "geen cache") == "geen cache"
    throwaway_redis.start()  # the same port, empty
    cache.set("pagina", "nieuw")
    assert cache.get("pagina") == "nieuw"
    assert cache._cache.get_client() is client
