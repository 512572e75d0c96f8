"""One URL of every page type of the demo site, for the quality gates (axe, vnu, headers, privacy, bad input).

Adding a page type is one line in ``PAGE_TYPES``: a name and a function that returns its path once the demo
content is loaded. The quality-gate modules parametrize over ``PAGE_NAMES`` and look the path up with
``site_page(name)``.

This module is also a pytest plugin (``tests/conftest.py`` lists it in ``pytest_plugins``): the ``demo_site``
fixture loads the demo content and starts a live server once per test module, and ``browser_page`` opens one
browser tab for the whole module. A module that uses them marks its tests ``django_db`` (so that pytest-django
sets up the test database); each test then only reads the committed demo content.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.urls import reverse

#: Lists show this many items a page in the quality-gate modules, so that the demo content has a page 2
#: and pagination is checked too.
QUALITY_PAGE_SIZE = 5


def _first(queryset) -> str:
    """The address of the first item of ``queryset``; fails loudly when the demo content has none."""
    item = queryset.order_by("slug").first()
    assert item is not None, f"the demo content has no {queryset.model.__name__} for this page type"
    return item.get_absolute_url()


def _article() -> str:
    from articles.models import Article

    return _first(Article.objects.published())


def _call() -> str:
    from calls.models import Call

    return _first(Call.objects.open())


def _event() -> str:
    from events.models import Event

    return _first(Event.objects.upcoming())


def _partner() -> str:
    from partners.models import Partner

    return _first(Partner.objects.all())


def _theme() -> str:
    from themes.models import Theme

    return _first(Theme.objects.filter(articles__isnull=False).distinct())


def _edition() -> str:
    from newsletter.models import Edition

    return _first(Edition.objects.archived())


def _preview() -> str:
    """A share link of an article's preview, as a reviewer without an account opens it.

    The link is made on a database connection of its own (another thread), so that it is committed and the live
    server sees it too.
    """
    import threading

    from django.db import connection

    from articles.models import Article
    from wijkwijzer import preview

    made = []

    def make_link() -> None:
        try:
            article = Article.objects.published().order_by("slug").first()
            if article is not None:
                made.append(preview.url_for(preview.preview_link_create(item=article, user=None)))
        finally:
            connection.close()

    thread = threading.Thread(target=make_link)
    thread.start()
    thread.join()
    assert made, "the demo content has no Article for the preview page type"
    return made[0]


@dataclass(frozen=True)
class PageType:
    name: str
    path: Callable[[], str]
    #: The HTTP status the page answers with.
    status: int = 200
    #: A page whose own content is a form that needs a CSRF cookie may set a cookie for anonymous readers.
    may_set_cookie: bool = False


PAGE_TYPES: list[PageType] = [
    PageType("home", lambda: reverse("home")),
    PageType("verdiepen", lambda: reverse("articles:list")),
    PageType("verdiepen-pagina-2", lambda: reverse("articles:list") + "?page=2"),
    PageType("verdiepen-item", _article),
    PageType("meedoen", lambda: reverse("calls:list")),
    PageType("meedoen-gesloten", lambda: reverse("calls:closed")),
    PageType("meedoen-item", _call),
    PageType("agenda", lambda: reverse("events:list")),
    PageType("agenda-archief", lambda: reverse("events:archive")),
    PageType("agenda-gefilterd", lambda: reverse("events:list") + "?thema=" + _theme().rstrip("/").rsplit("/", 1)[-1]),
    PageType("agenda-item", _event),
    PageType("agenda-abonneren", lambda: reverse("events:subscribe")),
    PageType("partners", lambda: reverse("partners:list")),
    PageType("partner", _partner),
    PageType("themas", lambda: reverse("themes:list")),
    PageType("thema", _theme),
    PageType("zoeken", lambda: reverse("search:results")),
    PageType("zoeken-resultaten", lambda: reverse("search:results") + "?q=wijkaanpak"),
    PageType("zoeken-niets-gevonden", lambda: reverse("search:results") + "?q=xylofoonorkest"),
    PageType("nieuwsbrief", lambda: reverse("newsletter:archive")),
    PageType("nieuwsbrief-editie", _edition),
    PageType("nieuwsbrief-aanmelden", lambda: reverse("newsletter:subscribe")),
    PageType("nieuwsbrief-ongeldige-link", lambda: reverse("newsletter:confirm", args=["ongeldig"]), status=400),
    PageType("toegankelijkheid", lambda: reverse("accessibility")),
    PageType("privacy", lambda: reverse("privacy")),
    PageType("voorbeeld", _preview),
    PageType("voorbeeld-verlopen", lambda: reverse("preview", args=["verlopen"]), status=404),
    PageType("niet-gevonden", lambda: "/deze-pagina-bestaat-niet/", status=404),
]

PAGE_NAMES: list[str] = [page.name for page in PAGE_TYPES]
_BY_NAME = {page.name: page for page in PAGE_TYPES}


def page_type(name: str) -> PageType:
    return _BY_NAME[name]


#: The paths of the loaded demo site, worked out once by ``demo_site``, outside any test's transaction (a path
#: function may create rows, such as a preview link, that the live server must see).
_paths: dict[str, str] = {}


def site_page(name: str) -> str:
    """The path of the page type ``name`` on the demo site (the demo content must be loaded)."""
    if name not in _paths:
        _paths[name] = _BY_NAME[name].path()
    return _paths[name]


def all_site_pages() -> dict[str, str]:
    """Every page type's name and path."""
    return {page.name: site_page(page.name) for page in PAGE_TYPES}


# --- Fixtures shared by the quality-gate modules. ---


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker) -> Iterator[str]:
    """The demo content, committed to the test database, served by a live server: its base URL.

    Loaded once per module (not per test, as ``live_server`` with ``transactional_db`` would) and flushed
    afterwards, so that other modules start from an empty database. The tests of a module that uses it
    may read the database through it and through Django's test client.
    """
    from django.core.management import call_command
    from django.db import connections
    from django.test.utils import override_settings
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock(), override_settings(PAGE_SIZE=QUALITY_PAGE_SIZE):
        call_command("load_demo", verbosity=0)
        all_site_pages()
        server = LiveServer("localhost")
        try:
            yield server.url
        finally:
            server.stop()
            _paths.clear()
            call_command("flush", interactive=False, verbosity=0)
            # Playwright's sync API runs the tests in a context of its own, with its own database connections;
            # close them, or the test database cannot be dropped at the end of the run.
            connections.close_all()


@pytest.fixture(scope="module")
def browser_context(chromium, demo_site):
    """One browser context for a module: Dutch, Amsterdam time, a desktop window.

    It depends on ``demo_site`` so that it closes first: its kept-alive connections would otherwise keep
    server threads, and their database connections, alive after the server stops.
    """
    context = chromium.new_context(
        locale="nl-NL", timezone_id="Europe/Amsterdam", viewport={"width": 1280, "height": 900}
    )
    yield context
    context.close()


@pytest.fixture(scope="module")
def browser_page(browser_context):
    """One tab for a module's browser tests; tests may change its viewport and restore it."""
    tab = browser_context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    tab.close()
