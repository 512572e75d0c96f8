"""Many machines, proven on one: two gunicorn instances on different ports share one PostgreSQL and one Redis.

Both serve anonymous readers from the shared page cache. An editor's change through the admin of one instance
is visible through the other at once: the content token lives in Redis, so the edit invalidates the pages that
the other instance cached.
"""

from __future__ import annotations

import gzip
import http.cookiejar
import re
import urllib.parse
import urllib.request

import psycopg

from tests.throwaway_servers import production_env

CHIEF_EDITOR = ("hoofdredactie", "wijkwijzer-demo-2022")  # made by load_demo


class AdminSession:
    """An editor logged in to the admin of one instance (cookies kept, CSRF token sent along)."""

    def __init__(self, server) -> None:
        self.server = server
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        page = self.opener.open(server.url + "/admin/login/", timeout=10).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        username, password = CHIEF_EDITOR
        response = self.post("/admin/login/?next=/admin/", {"username": username, "password": password}, token)
        assert response.geturl().endswith("/admin/"), "the editor is logged in"

    def csrf_token(self) -> str:
        return next(cookie.value for cookie in self.cookies if cookie.name == "csrftoken")

    def post(self, path: str, data: dict, token: str | None = None):
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token or self.csrf_token()}, doseq=True)
        return self.opener.open(self.server.url + path, data=body.encode(), timeout=10)

    def set_status(self, article_id: int, action: str, changelist: str = "/admin/articles/article/") -> None:
        response = self.post(changelist, {"action": action, "_selected_action": [article_id], "index": 0})
        assert response.status == 200


def test_an_edit_through_one_instance_is_visible_through_the_other_at_once(
    site_database, collected_static, throwaway_redis, app_servers
):
    env = production_env(DATABASE_URL=site_database, STATIC_ROOT=str(collected_static), REDIS_URL=throwaway_redis.url)
    first, second = app_servers(env, workers=2), app_servers(env, workers=2)
    assert first.port != second.port
    with psycopg.connect(site_database) as conn:
        article_id, slug, title = conn.execute(
            "SELECT id, slug, title FROM articles_article WHERE status = 'published' ORDER BY publish_from DESC LIMIT 1"
        ).fetchone()
    pages = [f"/verdiepen/{slug}/", "/verdiepen/", "/"]

    for server in (first, second):
        for path in pages:
            server.get(path)
    for server in (first, second):
        for path in pages:
            status, headers, body = server.get(path)
            assert (status, headers.get("x-page-cache")) == (200, "hit"), (server.port, path)
            assert title in body

    AdminSession(first).set_status(article_id, "unpublish")
    status, _, _ = second.get(f"/verdiepen/{slug}/")
    assert status == 404, "the other instance no longer serves the unpublished article"
    assert title not in second.get("/verdiepen/")[2]
    assert title not in second.get("/")[2]

    AdminSession(second).set_status(article_id, "publish")
    status, headers, body = first.get(f"/verdiepen/{slug}/")
    assert status == 200
    assert title in body
    assert title in first.get("/verdiepen/")[2]


def test_the_calendar_feed_follows_an_edit_through_the_other_instance_at_once(
    site_database, collected_static, throwaway_redis, app_servers
):
    """Each worker keeps the feed's current version in its own memory; an edit elsewhere must still show at once."""
    env = production_env(DATABASE_URL=site_database, STATIC_ROOT=str(collected_static), REDIS_URL=throwaway_redis.url)
    first, second = app_servers(env, workers=2), app_servers(env, workers=2)
    with psycopg.connect(site_database) as conn:
        event_id, uid = conn.execute(
            "SELECT id, uid FROM events_event WHERE status = 'published' AND start_date >= current_date "
            "ORDER BY start_date LIMIT 1"
        ).fetchone()
    feed = "/agenda/abonneren/wijkwijzer-agenda.ics"

    def uids_in_feed(server) -> set[str]:
        """The events of the gzipped feed as each of the server's workers answers it (two workers: four requests)."""
        answers = set()
        for _ in range(4):
            request = urllib.request.Request(server.url + feed, headers={"Accept-Encoding": "gzip"})
            with urllib.request.urlopen(request, timeout=30) as response:
                assert (response.status, response.headers["Content-Encoding"]) == (200, "gzip")
                calendar = gzip.decompress(response.read()).decode()
            answers.add(frozenset(re.findall(r"^UID:(.+?)\r$", calendar, re.MULTILINE)))
        assert len(answers) == 1, "every worker answers the same feed"
        return set(answers.pop())

    for server in (first, second):
        assert str(uid) in uids_in_feed(server)
    AdminSession(first).set_status(event_id, "unpublish", "/admin/events/event/")
    assert str(uid) not in uids_in_feed(second), "the other instance no longer has the unpublished event"
    AdminSession(second).set_status(event_id, "publish", "/admin/events/event/")
    assert str(uid) in uids_in_feed(first)
