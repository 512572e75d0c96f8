"""The anonymous full-page cache, its invalidation, and a Redis cache that survives Redis being down.

**What is cached.** ``AnonymousPageCacheMiddleware`` keeps whole responses of GET and HEAD requests by visitors
without a session, CSRF or messages cookie (so never an editor's, who is logged in) in the default cache: Redis
when ``REDIS_URL`` is set (shared by every app server), local memory otherwise. Only 200 responses that set no
cookie and are not marked private or ``no-store`` are kept; ``/admin/`` and the health checks never are. Clients
that accept gzip have keys of their own (a calendar feed answers them compressed), and a large body is kept apart
under its digest, also in each process's memory (``LARGE_BODY_BYTES``).

**Invalidation.** Every cached page carries the *content token* it was rendered under and is served only while
that token is current (the page and the token are read in one round trip). The token is a random value kept, with
the moment it is valid until, under one key in the cache (``STATE_KEY``). The token is replaced

- on every save, delete and many-to-many change of public content (items, partners, themes, audiences, tags,
  newsletter editions): the signal handlers delete the state, right away and again when the transaction
  commits (a page rendered between the save and the commit could otherwise be cached under the new token);
- when its ``valid_until`` moment passes. That moment is the next moment at which something changes by itself:
  the next ``publish_from`` or ``publish_until`` in the future, the next deadline time of a call, and the next
  midnight in Amsterdam (events end, calls close and registration deadlines pass by the day). It is computed
  with one SQL query (``next_change``) whenever the state is rebuilt, and caps the lifetime of every page.

Because the state lives in the shared cache, an edit through one app server invalidates the pages of all.

**Conditional requests.** A cached page carries ``Last-Modified`` (the moment it was rendered) and Django's
``ConditionalGetMiddleware`` adds an ``ETag`` and answers ``304 Not Modified``; ``Cache-Control: no-cache`` tells
browsers to revalidate every time, so that they, too, see an edit at once.

**Redis down.** ``ResilientRedisCache`` turns a connection error or timeout into a miss (``get``), a no-op
(``set``) or ``ValueError`` (``incr``, as for a missing key), and logs it at most once a minute; so the site keeps
serving, uncached, and picks the cache up again when Redis returns. ``/readyz`` reports the outage (``ping``).
"""

from __future__ import annotations

import datetime
import logging
import re
import time
import uuid
from collections.abc import Callable
from hashlib import sha256

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import set_response_etag
from django.utils.connection import ConnectionProxy
from django.utils.http import http_date

from wijkwijzer.replica import reading_for_anonymous

logger = logging.getLogger(__name__)

STATE_KEY = "wijkwijzer:content-state"
PAGE_KEY_PREFIX = "wijkwijzer:page:"
BODY_KEY_PREFIX = "wijkwijzer:body:"
#: A cached page's body longer than this is kept apart from its page, under its digest, in the shared cache and in
#: each process's own (``process_cache``): a hit on a large page (a calendar feed of a few hundred kilobytes) then
#: moves only its headers from the shared cache. A body under its digest never changes, so no copy is stale.
LARGE_BODY_BYTES = 64 * 1024
#: The largest value kept in a process's own memory (the plain whole-agenda feed, megabytes, comes from the shared
#: cache each time: few clients do not ask for gzip, and every worker would keep a copy).
PROCESS_COPY_MAX_BYTES = 1024 * 1024

#: This process's own cache (settings: ``CACHES["process"]``), for values under keys that change with the value.
process_cache = ConnectionProxy(caches, "process")
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")

#: Apps whose every model is public content; a change to any of their rows may change a public page.
CONTENT_APPS = frozenset({"articles", "calls", "events", "partners", "themes", "taggit", "search"})
#: Models of other apps that are public content (newsletter subscribers and deliveries are not).
CONTENT_MODELS = frozenset({"newsletter.edition", "newsletter.editionitem", "editors.slugredirect"})
#: Paths that are never cached, whatever their response says.
UNCACHED_PREFIXES = ("/admin/", "/healthz", "/readyz", "/voorbeeld/")


# --- Redis that fails soft. ---


def _redis_errors() -> tuple[type[BaseException], ...]:
    import redis

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


_last_warning = 0.0


def _warn_unreachable(error: BaseException) -> None:
    global _last_warning
    now = time.monotonic()
    if now - _last_warning >= 60:
        _last_warning = now
        logger.warning("Redis unreachable, serving without cache: %s", error)


def _soft(method: Callable, fallback: Callable[[], object]) -> Callable:
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except _redis_errors() as error:
            _warn_unreachable(error)
            return fallback()

    wrapper.__name__ = method.__name__
    return wrapper


def _unreachable_incr() -> object:
    raise ValueError("The cache is unreachable.")


class ResilientRedisCacheClient(RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        """One ``redis.Redis`` per connection pool, made once.

        Django makes a new client object for every cache call; redis-py fills about 170 response callbacks in
        each one, which was a fifth of the time of serving a cached page. The client is thread-safe (it takes a
        connection from the pool per command), so it can be shared.
        """
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client

    add = _soft(RedisCacheClient.add, lambda: False)
    set = _soft(RedisCacheClient.set, lambda: None)
    touch = _soft(RedisCacheClient.touch, lambda: False)
    delete = _soft(RedisCacheClient.delete, lambda: False)
    get_many = _soft(RedisCacheClient.get_many, dict)
    has_key = _soft(RedisCacheClient.has_key, lambda: False)
    incr = _soft(RedisCacheClient.incr, _unreachable_incr)
    set_many = _soft(RedisCacheClient.set_many, list)
    delete_many = _soft(RedisCacheClient.delete_many, lambda: None)
    clear = _soft(RedisCacheClient.clear, lambda: False)

    def get(self, key, default):
        try:
            return super().get(key, default)
        except _redis_errors() as error:
            _warn_unreachable(error)
            return default


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, except that Redis being unreachable means ‘no cache’ instead of an error."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient

    def ping(self) -> bool:
        """Raises when Redis does not answer (for ``/readyz``)."""
        return bool(self._cache.get_client(write=True).ping())


# --- One writer for a value that is expensive to make. ---

#: How long a writer's claim on a value lasts at most (a writer killed halfway leaves it behind that long).
WRITE_CLAIM_SECONDS = 60
#: How long another process waits for that writer's value before it writes the value itself; below gunicorn's
#: ``--timeout`` (30 s, docs/deployment.md).
WRITE_WAIT_SECONDS = 20.0
_WRITE_POLL_SECONDS = 0.05


def written_once(
    key: str,
    read: Callable[[], object | None],
    write: Callable[[], object],
    *,
    wait: float = WRITE_WAIT_SECONDS,
) -> object:
    """``read()``, or else ``write()`` by one process at a time: the others wait for what it writes.

    ``write`` makes the value and stores it where ``read`` finds it; it runs in the process that claims ``key``
    in the shared cache first (``cache.add``). Every other process that finds nothing meanwhile reads again
    every 50 ms while that claim stands, instead of making the same value on the same cores at the same time (a
    new version of the whole-agenda feed takes seconds to write). It writes the value itself when the claim is
    gone without a value (the writer failed) or after ``wait`` seconds, and at once when the cache cannot be
    reached (no claim can be seen then): so a value is always returned, never an error.
    """
    value = read()
    if value is not None:
        return value
    claim = "wijkwijzer:writing:" + key
    if cache.add(claim, 1, WRITE_CLAIM_SECONDS):
        try:
            return write()
        finally:
            cache.delete(claim)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline and cache.get(claim) is not None:
        time.sleep(_WRITE_POLL_SECONDS)
        value = read()
        if value is not None:
            return value
    value = read()
    return value if value is not None else write()


# --- The content state: the token in every page key, and until when it holds. ---


def next_change(now: datetime.datetime | None = None) -> datetime.datetime:
    """The next moment at which a public page may change by itself, with one SQL query.

    The earliest of: a published item's ``publish_from`` or ``publish_until`` after ``now``; a call's deadline
    time later today; the end time later today of an online event's last day (its link goes); the next midnight in
    Amsterdam (events end, calls close and registrations shut by the day).
    """
    from articles.models import Article
    from calls.models import Call
    from events.models import Event

    now = now or timezone.now()
    local = timezone.localtime(now)
    midnight = timezone.make_aware(
        datetime.datetime.combine(local.date() + datetime.timedelta(days=1), datetime.time())
    )
    published = Q(status="published")
    candidates = []
    for model in (Article, Call, Event):
        items = model.objects.filter(published)
        candidates.append(items.filter(publish_from__gt=now).order_by("publish_from").values("publish_from")[:1])
        candidates.append(items.filter(publish_until__gt=now).order_by("publish_until").values("publish_until")[:1])
    deadlines = (
        Call.objects.filter(published, deadline_date=local.date(), deadline_time__gt=local.time())
        .order_by("deadline_time")
        .values("deadline_time")[:1]
    )
    # Events that end later today and have an online link (the only part of an event page that changes then).
    last_day_today = Q(end_date=local.date()) | Q(end_date__isnull=True, start_date=local.date())
    event_ends = (
        Event.objects.filter(published, last_day_today, end_time__gt=local.time())
        .exclude(online_url="")
        .order_by("end_time")
        .values("end_time")[:1]
    )
    parts, params = [], []
    for queryset in candidates:
        sql, sql_params = queryset.query.sql_with_params()
        parts.append(f"({sql})")
        params.extend(sql_params)
    times = []
    for queryset in (deadlines, event_ends):
        sql, sql_params = queryset.query.sql_with_params()
        times.append(f"({sql})")
        params.extend(sql_params)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT LEAST({', '.join(parts)}), LEAST({', '.join(times)})", params)
        moment, time_today = cursor.fetchone()
    choices = [midnight]
    if moment is not None:
        choices.append(moment)
    if time_today is not None:
        choices.append(timezone.make_aware(datetime.datetime.combine(local.date(), time_today)))
    return min(choices)


def content_state(now: datetime.datetime | None = None, *, state=None) -> tuple[str, float]:
    """The content token and the POSIX time it is valid until; rebuilt when missing, passed or from the future.

    ``state`` is the value of ``STATE_KEY`` when the caller already read it (in the same round trip as a page).
    Raises ``DatabaseError`` when it must be rebuilt and the database is unreachable.
    """
    now = now or timezone.now()
    stamp = now.timestamp()
    if state is None:
        state = cache.get(STATE_KEY)
    if state is not None:
        token, built_at, valid_until = state
        if built_at <= stamp < valid_until:
            return token, valid_until
    valid_until = next_change(now).timestamp()
    token = uuid.uuid4().hex
    cache.set(STATE_KEY, (token, stamp, valid_until), timeout=max(1, int(valid_until - stamp) + 1))
    return token, valid_until


def content_changed() -> None:
    """Public content changed: every cached page is stale, on every app server sharing the cache."""
    cache.delete(STATE_KEY)


def _content_changed_now_and_on_commit() -> None:
    content_changed()
    transaction.on_commit(content_changed)


def is_public_content(model) -> bool:
    meta = model._meta
    if meta.app_label in CONTENT_APPS:
        return True
    return meta.label_lower in CONTENT_MODELS


def _on_save_or_delete(sender, **kwargs) -> None:
    if is_public_content(sender) and not kwargs.get("raw", False):
        _content_changed_now_and_on_commit()


def _on_m2m_changed(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_") and (is_public_content(type(instance)) or is_public_content(sender)):
        _content_changed_now_and_on_commit()


def connect_signals() -> None:
    """Called from ``WijkwijzerConfig.ready``."""
    post_save.connect(_on_save_or_delete, dispatch_uid="wijkwijzer.caching.save")
    post_delete.connect(_on_save_or_delete, dispatch_uid="wijkwijzer.caching.delete")
    m2m_changed.connect(_on_m2m_changed, dispatch_uid="wijkwijzer.caching.m2m")


# --- The middleware. ---


def _cookie_names() -> tuple[str, ...]:
    return (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "messages")


def may_use_cache(request: HttpRequest) -> bool:
    """Anonymous GET or HEAD of a public page: no session, CSRF or messages cookie, no credentials."""
    if request.method not in ("GET", "HEAD"):
        return False
    if not getattr(settings, "PAGE_CACHE_ENABLED", True):
        return False
    if request.path.startswith(UNCACHED_PREFIXES):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    return not any(name in request.COOKIES for name in _cookie_names())


def may_store(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if response.get("Content-Encoding", "gzip") != "gzip":
        return False  # the key tells only whether a client accepts gzip (page_key)
    cache_control = response.get("Cache-Control", "").lower()
    return not any(word in cache_control for word in ("private", "no-store", "no-cache"))


def accepts_gzip(request: HttpRequest) -> bool:
    return bool(_ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def page_key(request: HttpRequest) -> str:
    """Where the page of this address is kept; the value carries the content token it was rendered under.

    Clients that accept gzip and those that do not have a key each, so that a compressed answer (a calendar feed)
    never reaches a client that cannot read it."""
    address = f"{request.get_host()}{request.get_full_path()}" + ("\ngzip" if accepts_gzip(request) else "")
    return f"{PAGE_KEY_PREFIX}{sha256(address.encode()).hexdigest()}"


class AnonymousPageCacheMiddleware:
    """Serve anonymous readers from the page cache; see the module docstring. Place it before the session."""

    header = "X-Page-Cache"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not may_use_cache(request):
            return self.get_response(request)
        key = page_key(request)
        # The content state and the page in one round trip to the cache.
        found = cache.get_many([STATE_KEY, key])
        try:
            token, valid_until = content_state(state=found.get(STATE_KEY))
        except DatabaseError:
            # The state cannot be rebuilt without the database; the view will tell the visitor.
            return self.get_response(request)
        request.content_token = token  # for views with caches of their own (the calendar feeds)
        cached = found.get(key)
        if cached is not None and cached[0] == token:
            response = self._rebuild(cached[1])
            if response is not None:
                response[self.header] = "hit"
                return response
        with reading_for_anonymous():
            response = self.get_response(request)
        if may_store(response):
            response["Cache-Control"] = "no-cache"
            response["Last-Modified"] = http_date()
            # Computed once and kept with the page, so that ConditionalGetMiddleware need not hash every hit.
            set_response_etag(response)
            lifetime = min(settings.PAGE_CACHE_SECONDS, int(valid_until - time.time()))
            if lifetime > 0:
                cache.set(key, (token, self._freeze(response, lifetime)), timeout=lifetime)
            response[self.header] = "miss"
        return response

    @staticmethod
    def _freeze(response: HttpResponse, lifetime: int) -> tuple[int, list[tuple[str, str]], bytes | str]:
        """The response as kept in the cache; a large body as its digest (``LARGE_BODY_BYTES``)."""
        content = response.content
        if len(content) > LARGE_BODY_BYTES:
            digest = sha256(content).hexdigest()
            cache.set(BODY_KEY_PREFIX + digest, content, timeout=lifetime)
            if len(content) <= PROCESS_COPY_MAX_BYTES:
                process_cache.set(BODY_KEY_PREFIX + digest, content, timeout=lifetime)
            content = digest
        return response.status_code, list(response.items()), content

    @staticmethod
    def _rebuild(cached: tuple[int, list[tuple[str, str]], bytes | str]) -> HttpResponse | None:
        """The response kept by ``_freeze``, or None when its large body is no longer in any cache."""
        status, headers, content = cached
        if isinstance(content, str):
            key = BODY_KEY_PREFIX + content
            body = process_cache.get(key)
            if body is None:
                body = cache.get(key)
                if body is None:
                    return None
                if len(body) <= PROCESS_COPY_MAX_BYTES:
                    process_cache.set(key, body, timeout=settings.PAGE_CACHE_SECONDS)
            content = body
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        return response
