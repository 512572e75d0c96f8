import pytest
from django.core.cache import caches

# The quality gates' page list and their module-scoped demo site, live server and browser tab; throwaway
# PostgreSQL, Redis and gunicorn servers for the fault, backup and two-instance tests.
pytest_plugins = ["tests.site_pages", "tests.throwaway_servers"]


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Passwords are hashed with a cheap hasher in tests: PBKDF2 is slow on purpose (about a second per hash on a
    small machine), and ``load_demo``, which many tests and fixtures run, sets two demo passwords. Production and
    the servers the tests start in subprocesses keep Django's default hashers."""
    from django.test import override_settings

    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    fast.enable()
    yield
    fast.disable()


@pytest.fixture(autouse=True, scope="session")
def _test_database_first_and_last(django_db_setup, django_db_blocker):
    """The test database is made before any other session fixture and dropped after all of them.

    Session fixtures are torn down in the reverse order of their set-up. When a worker's first test used
    ``live_server`` before the database, the live server (and its threads' connections) outlived the database and
    ``DROP DATABASE`` failed on them. Depending on ``django_db_setup`` here puts it first; before it is dropped,
    any connection still open to it (a server thread's, a killed subprocess's) is ended.
    """
    yield
    from django.db import connection

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    connection.close()


@pytest.fixture(autouse=True)
def _clear_cache():
    for each in caches.all():
        each.clear()
    yield
    for each in caches.all():
        each.clear()


@pytest.fixture(autouse=True)
def _page_cache_off(settings):
    """The anonymous page cache (wijkwijzer/caching.py) is off, so that a test sees its view's own queries and
    response; tests/test_caching.py and tests/test_query_budget.py turn it on."""
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def demo_content(db):
    """The Voorjaar 2022 newsletter, loaded as on a fresh `make run`."""
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)


# --- Browser tests: Playwright for Python driving Debian's Chromium. ---

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium():
    import os

    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
    # there are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(
        locale="nl-NL", timezone_id="Europe/Amsterdam", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
