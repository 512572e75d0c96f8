"""The anonymous page cache: fast for readers, never stale after an edit or a scheduled moment, never for editors.

See wijkwijzer/caching.py. The test settings use the local-memory cache, as a single app server without Redis
does; tests/test_two_instances.py and tests/test_faults.py run gunicorn with Redis.
"""

from __future__ import annotations

import datetime
import hashlib
import threading
import time
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.builders import make_article, make_call, make_event, make_partner, make_theme
from tests.editors_support import make_hoofdredactie
from tests.throwaway_servers import free_port, production_env
from wijkwijzer.caching import ResilientRedisCache, next_change, written_once

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


def is_hit(response) -> bool:
    return response.get("X-Page-Cache") == "hit"


def tomorrow_at(hour: int, minute: int = 0, second: int = 0) -> datetime.datetime:
    """A moment tomorrow in Amsterdam, so that it lies ahead of the real clock the cache's lifetimes use."""
    day = timezone.localdate() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute, second)))


def test_second_visit_of_an_anonymous_reader_is_served_from_the_cache_without_sql(client):
    make_article(title="Buurtpreventie werkt")
    first = client.get(reverse("articles:list"))
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get(reverse("articles:list"))
    assert is_hit(second)
    assert len(queries) == 0
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert not second.cookies


def test_a_large_page_is_served_from_each_process_and_rendered_again_when_its_body_is_gone(client, monkeypatch):
    from django.core.cache import cache

    from wijkwijzer import caching

    monkeypatch.setattr(caching, "LARGE_BODY_BYTES", 100)  # every page is large
    make_article(title="Een grote pagina")
    url = reverse("articles:list")
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss"
    second = client.get(url)
    assert is_hit(second) and second.content == first.content
    caching.process_cache.clear()  # another process: the body comes from the shared cache
    third = client.get(url)
    assert is_hit(third) and third.content == first.content
    caching.process_cache.clear()
    cache.delete(caching.BODY_KEY_PREFIX + hashlib.sha256(first.content).hexdigest())
    again = client.get(url)  # the body is gone everywhere: the page is rendered again, not served empty
    assert again["X-Page-Cache"] == "miss" and again.content == first.content
    monkeypatch.setattr(caching, "PROCESS_COPY_MAX_BYTES", 200)  # too large to keep in each process
    caching.process_cache.clear()
    for _ in range(2):
        hit = client.get(url)
        assert is_hit(hit) and hit.content == first.content
    assert caching.process_cache.get(caching.BODY_KEY_PREFIX + hashlib.sha256(first.content).hexdigest()) is None


def test_a_head_request_is_answered_from_the_page_a_get_cached(client):
    make_article()
    client.get(reverse("articles:list"))
    assert is_hit(client.head(reverse("articles:list")))


def test_a_logged_in_editor_never_gets_a_cached_page(client):
    article = make_article(title="Alleen voor lezers gecachet")
    client.get(article.get_absolute_url())
    assert is_hit(client.get(article.get_absolute_url()))
    client.force_login(make_hoofdredactie())
    for _ in range(2):
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        assert "X-Page-Cache" not in response


@pytest.mark.parametrize("cookie", ["sessionid", "csrftoken", "messages"])
def test_a_reader_with_a_session_csrf_or_messages_cookie_is_not_served_from_the_cache(client, cookie):
    make_article()
    client.get(reverse("articles:list"))
    client.cookies[cookie] = "iets"
    assert "X-Page-Cache" not in client.get(reverse("articles:list"))


def test_a_post_is_never_answered_from_the_cache(client):
    client.get(reverse("newsletter:subscribe"))
    response = client.post(reverse("newsletter:subscribe"), {"email": "", "token": ""})
    assert "X-Page-Cache" not in response


def test_health_checks_and_the_admin_are_never_cached(client):
    for path in (reverse("healthz"), reverse("readyz"), reverse("admin:login")):
        client.cookies.clear()
        client.get(path)
        assert "X-Page-Cache" not in client.get(path), path


def test_a_newly_published_item_shows_at_once_in_lists_and_home(client):
    make_article(title="Eerste artikel")
    for url in (reverse("articles:list"), reverse("home")):
        client.get(url)
        assert is_hit(client.get(url))
    make_article(title="Net gepubliceerd artikel")
    for url in (reverse("articles:list"), reverse("home")):
        response = client.get(url)
        assert not is_hit(response)
        assert "Net gepubliceerd artikel" in response.text


def test_unpublishing_or_deleting_an_item_takes_it_offline_at_once(client):
    article = make_article(title="Wordt teruggetrokken")
    other = make_article(title="Wordt verwijderd")
    for url in (article.get_absolute_url(), other.get_absolute_url(), reverse("articles:list")):
        client.get(url)
        assert is_hit(client.get(url))
    article.status = "draft"
    article.save()
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Wordt teruggetrokken" not in client.get(reverse("articles:list")).text
    other.delete()
    assert client.get(other.get_absolute_url()).status_code == 404
    assert "Wordt verwijderd" not in client.get(reverse("articles:list")).text


def test_changing_an_items_themes_or_renaming_a_partner_shows_at_once(client):
    theme = make_theme(name="Energietransitie")
    partner = make_partner(name="Platform31")
    article = make_article(title="Warmtenet in de wijk", partners=[partner])
    theme_url, partner_url = theme.get_absolute_url(), partner.get_absolute_url()
    for url in (theme_url, partner_url):
        client.get(url)
        assert is_hit(client.get(url))
    article.themes.add(theme)
    assert "Warmtenet in de wijk" in client.get(theme_url).text
    partner.name = "Platform 31"
    partner.save()
    assert "Platform 31" in client.get(partner_url).text


def test_a_scheduled_item_appears_at_its_moment_without_anyone_editing(client):
    now = tomorrow_at(12)
    make_article(title="Verschijnt om één uur", publish_from=now + HOUR)
    with mock.patch("django.utils.timezone.now", return_value=now):
        client.get(reverse("articles:list"))
        cached = client.get(reverse("articles:list"))
        assert is_hit(cached)
        assert "Verschijnt om één uur" not in cached.text
    with mock.patch("django.utils.timezone.now", return_value=now + HOUR):
        assert "Verschijnt om één uur" in client.get(reverse("articles:list")).text


def test_an_item_goes_offline_at_its_publish_until_without_anyone_editing(client):
    now = tomorrow_at(12)
    article = make_article(title="Tijdelijk online", publish_until=now + HOUR)
    with mock.patch("django.utils.timezone.now", return_value=now):
        client.get(article.get_absolute_url())
        assert is_hit(client.get(article.get_absolute_url()))
    with mock.patch("django.utils.timezone.now", return_value=now + HOUR):
        assert client.get(article.get_absolute_url()).status_code == 404


def test_a_call_closes_at_its_deadline_time_without_anyone_editing(client):
    now = tomorrow_at(12)
    make_call(title="Meld je buurt aan", deadline_date=now.date(), deadline_time=datetime.time(15, 0))
    with mock.patch("django.utils.timezone.now", return_value=now):
        client.get(reverse("calls:list"))
        cached = client.get(reverse("calls:list"))
        assert is_hit(cached)
        assert "Meld je buurt aan" in cached.text
    with mock.patch("django.utils.timezone.now", return_value=tomorrow_at(15, 0, 1)):
        assert "Meld je buurt aan" not in client.get(reverse("calls:list")).text
        assert "Meld je buurt aan" in client.get(reverse("calls:closed")).text


def test_an_online_events_link_goes_at_its_end_time_without_anyone_editing(client):
    """At 23:50 the page of a webinar of 10:00–12:00 still offered "Doe online mee"."""
    now = tomorrow_at(11)
    event = make_event(
        title="Webinar",
        attendance="online",
        online_url="https://meet.example.org/wijk",
        start_date=now.date(),
        start_time=datetime.time(10),
        end_time=datetime.time(12),
    )
    make_event(title="Zonder link", start_date=now.date(), start_time=datetime.time(10), end_time=datetime.time(11, 30))
    assert next_change(now) == tomorrow_at(12), "the event without a link changes nothing at 11:30"
    with mock.patch("django.utils.timezone.now", return_value=now):
        client.get(event.get_absolute_url())
        cached = client.get(event.get_absolute_url())
        assert is_hit(cached) and 'href="https://meet.example.org/wijk"' in cached.text
    with mock.patch("django.utils.timezone.now", return_value=tomorrow_at(12, 0, 1)):
        assert "meet.example.org" not in client.get(event.get_absolute_url()).text


def test_next_change_is_the_earliest_scheduled_moment_found_with_one_query():
    now = tomorrow_at(9)
    make_article(publish_from=now + 3 * HOUR)
    make_article(publish_until=now + 5 * HOUR)
    make_article(status="draft", publish_from=now + HOUR)  # a draft changes nothing by itself
    make_call(deadline_date=now.date(), deadline_time=datetime.time(11, 30))
    with CaptureQueriesContext(connection) as queries:
        assert next_change(now) == tomorrow_at(11, 30)
    assert len(queries) == 1
    assert next_change(tomorrow_at(11, 45)) == tomorrow_at(12)
    assert next_change(tomorrow_at(15)) == tomorrow_at(0) + datetime.timedelta(days=1), "midnight: days end"


def test_pages_carry_etag_and_last_modified_and_answer_304_when_unchanged(client):
    make_article()
    url = reverse("articles:list")
    response = client.get(url)
    assert response["Cache-Control"] == "no-cache", "browsers revalidate, so that they see an edit at once"
    etag, modified = response["ETag"], response["Last-Modified"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    make_article(title="Nieuw")
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


def test_a_redis_cache_that_cannot_be_reached_behaves_as_an_empty_cache():
    unreachable = ResilientRedisCache(
        f"redis://127.0.0.1:{free_port()}/0", {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}
    )
    assert unreachable.get("sleutel", "standaard") == "standaard"
    unreachable.set("sleutel", "waarde")
    assert unreachable.add("sleutel", "waarde") is False
    assert unreachable.get_many(["a", "b"]) == {}
    unreachable.delete("sleutel")
    with pytest.raises(ValueError):
        unreachable.incr("teller")
    with pytest.raises(Exception):  # noqa: B017 - redis' own ConnectionError
        unreachable.ping()


def _written_once_by_threads(count: int, write, *, wait: float = 20.0) -> list:
    """``count`` threads at once ask ``written_once`` for the same value, which ``write`` stores in the cache."""
    from django.core.cache import cache

    results: list = [None] * count
    start = threading.Barrier(count)

    def ask(n: int) -> None:
        start.wait()
        try:
            results[n] = written_once("waarde", lambda: cache.get("waarde"), write, wait=wait)
        except RuntimeError as error:
            results[n] = error

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_an_expensive_value_is_written_by_one_process_while_the_others_wait_for_it():
    from django.core.cache import cache

    writes = []

    def write():
        writes.append(1)
        time.sleep(0.3)  # as slow as writing a feed, in short
        cache.set("waarde", "geschreven")
        return "geschreven"

    assert _written_once_by_threads(4, write) == ["geschreven"] * 4
    assert len(writes) == 1
    # Written: read from the cache from now on, by everyone.
    assert written_once("waarde", lambda: cache.get("waarde"), write) == "geschreven"
    assert len(writes) == 1


def test_when_the_writer_fails_another_process_writes_the_value_itself():
    from django.core.cache import cache

    writes = []

    def write():
        writes.append(1)
        time.sleep(0.2)
        if len(writes) == 1:
            raise RuntimeError("de eerste schrijver valt uit")
        cache.set("waarde", "geschreven")
        return "geschreven"

    results = _written_once_by_threads(2, write)
    assert "geschreven" in results
    assert any(isinstance(result, RuntimeError) for result in results)  # the writer that failed
    assert len(writes) == 2


def test_a_claim_left_behind_by_a_killed_writer_is_waited_for_no_longer_than_the_limit():
    from django.core.cache import cache

    cache.add("wijkwijzer:writing:waarde", 1, 60)  # a writer that never finishes
    started = time.monotonic()
    assert written_once("waarde", lambda: cache.get("waarde"), lambda: "zelf geschreven", wait=0.5) == "zelf geschreven"
    assert 0.5 <= time.monotonic() - started < 3


def test_with_redis_unreachable_the_value_is_written_at_once_without_waiting(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "wijkwijzer.caching.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }
    started = time.monotonic()
    assert written_once("waarde", lambda: None, lambda: "geschreven") == "geschreven"
    assert time.monotonic() - started < 5  # connection refused: no claim, so no 20 s wait


def test_hashed_static_files_are_cached_for_a_year_as_immutable(site_database, collected_static, app_servers):
    site = app_servers(production_env(DATABASE_URL=site_database, STATIC_ROOT=str(collected_static)))
    stylesheet = next(collected_static.glob("css/site.*.css")).relative_to(collected_static)
    status, headers, _ = site.get(f"/static/{stylesheet}")
    assert status == 200
    assert "immutable" in headers["cache-control"]
    assert "max-age=315360000" in headers["cache-control"]
    assert f"/static/{stylesheet}" in site.get("/")[2], "pages link the hashed name"
