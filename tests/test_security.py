"""Strict security headers in production mode, secure cookies, ``check --deploy`` and ``security.txt``.

Production mode is ``wijkwijzer/settings.py`` itself, evaluated with the environment of a production server
(``DEBUG=0``, a long random ``SECRET_KEY``, …); the settings that differ from the test run are applied with
``override_settings``. Only the database, caches, mail and static-file storage stay those of the test run.
"""

from __future__ import annotations

import datetime
import importlib.util
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from tests.site_pages import PAGE_NAMES, page_type, site_page

pytestmark = pytest.mark.django_db

BASE_DIR = Path(settings.BASE_DIR)
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "www.wijkwijzer.org,testserver",
    "SITE_URL": "https://www.wijkwijzer.org",
    "EMAIL_URL": "smtp://wijkwijzer:geheim@mail.wijkwijzer.invalid:587",
    "DATABASE_URL": "postgresql://wijkwijzer@db.wijkwijzer.invalid:5432/wijkwijzer",
}
#: Environment variables that would change what production mode means, or that only a test run sets
#: (the browser tests allow sync ORM calls next to Playwright's event loop); production mode ignores them.
OVERRIDABLE_ENV = ["HTTPS", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"]
#: Settings that stay those of the test run: where data lives and goes, not how the site answers; and the
#: secret key, so that links signed for the demo site (previews) stay valid. ``check --deploy`` checks a real one.
KEPT_SETTINGS = {"DATABASES", "CACHES", "MAILERS", "STORAGES", "REDIS_URL", "SECRET_KEY"}
HTTPS = {"X-Forwarded-Proto": "https"}
ONE_YEAR = 365 * 24 * 60 * 60


def production_settings() -> dict:
    """The settings module as a production server would evaluate it."""
    environment = {key: value for key, value in os.environ.items() if key not in OVERRIDABLE_ENV}
    environment.update(PRODUCTION_ENV)
    with mock.patch.dict(os.environ, environment, clear=True):
        spec = importlib.util.spec_from_file_location("production_settings", BASE_DIR / "wijkwijzer" / "settings.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return {name: getattr(module, name) for name in dir(module) if name.isupper()}


@pytest.fixture(scope="module")
def production_overrides() -> dict:
    missing = object()
    return {
        name: value
        for name, value in production_settings().items()
        if name not in KEPT_SETTINGS and getattr(settings, name, missing) != value
    }


@pytest.fixture
def production(production_overrides):
    """Django answering as in production, behind the TLS proxy."""
    with override_settings(**production_overrides):
        yield Client(headers=HTTPS)


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        tokens = part.split()
        if tokens:
            directives[tokens[0].lower()] = tokens[1:]
    return directives


def header_problems(response) -> list[str]:
    """What internet.nl and our own bar would object to in a production response."""
    problems = []
    csp = csp_directives(response.get("Content-Security-Policy", ""))
    if not csp:
        problems.append("no Content-Security-Policy")
    for directive in ["default-src", "base-uri", "form-action", "object-src"]:
        if directive not in csp:
            problems.append(f"CSP lacks {directive}")
    if csp.get("frame-ancestors") != ["'none'"]:
        problems.append(f"CSP frame-ancestors is {csp.get('frame-ancestors')}, not 'none'")
    if csp.get("object-src", ["'none'"]) != ["'none'"]:
        problems.append("CSP allows plugins (object-src)")
    for directive, sources in csp.items():
        for source in sources:
            if source in {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "http:", "https:"}:
                problems.append(f"CSP {directive} allows {source}")
            if source == "data:" and directive not in {"img-src", "font-src"}:
                problems.append(f"CSP {directive} allows data:")
    hsts = response.get("Strict-Transport-Security", "")
    max_age = re.search(r"max-age=(\d+)", hsts)
    if not max_age or int(max_age[1]) < ONE_YEAR:
        problems.append(f"HSTS shorter than a year: {hsts!r}")
    if "includesubdomains" not in hsts.lower():
        problems.append("HSTS without includeSubDomains")
    expected = {
        "X-Content-Type-Options": {"nosniff"},
        "Referrer-Policy": {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"},
        "Cross-Origin-Opener-Policy": {"same-origin"},
        "X-Frame-Options": {"DENY"},
    }
    for header, allowed in expected.items():
        if response.get(header) not in allowed:
            problems.append(f"{header} is {response.get(header)!r}, expected one of {sorted(allowed)}")
    return problems


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_every_page_type_sends_strict_security_headers_in_production(demo_site, production, name):
    response = production.get(site_page(name))
    assert response.status_code == page_type(name).status
    assert not header_problems(response), f"{name}: {header_problems(response)}"


@pytest.mark.parametrize("path", ["/.well-known/security.txt", "/admin/login/"])
def test_other_responses_send_the_security_headers_too(demo_site, production, path):
    response = production.get(path)
    assert response.status_code == 200
    assert not header_problems(response), header_problems(response)


def test_header_check_reports_a_weak_policy(demo_site, production):
    """The gate itself works: an inline-script policy without frame protection is reported."""
    response = production.get("/")
    response.headers["Content-Security-Policy"] = "default-src 'self'; script-src 'self' 'unsafe-inline'"
    del response.headers["Strict-Transport-Security"]
    problems = header_problems(response)
    assert "CSP script-src allows 'unsafe-inline'" in problems
    assert any(problem.startswith("CSP frame-ancestors") for problem in problems)
    assert any(problem.startswith("HSTS") for problem in problems)


def test_production_redirects_plain_http_to_https(demo_site, production_overrides):
    with override_settings(**production_overrides):
        response = Client().get("/verdiepen/?page=2")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/verdiepen/?page=2"


def test_production_error_page_shows_no_debug_information(demo_site, production):
    response = production.get("/verdiepen/bestaat-niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Deze pagina bestaat niet" in html
    assert "Traceback" not in html and "urlpatterns" not in html and "DEBUG" not in html


def cookie_flags(cookie) -> dict:
    return {"secure": bool(cookie["secure"]), "httponly": bool(cookie["httponly"]), "samesite": cookie["samesite"]}


def test_session_and_csrf_cookies_are_secure_httponly_and_samesite_in_production(demo_site, production):
    from wijkwijzer.management.commands.load_demo import EDITOR_PASSWORD, EDITOR_USERNAME

    login_form = production.get("/admin/login/")
    assert cookie_flags(login_form.cookies["csrftoken"]) == {"secure": True, "httponly": True, "samesite": "Lax"}
    logged_in = production.post(
        "/admin/login/?next=/admin/", {"username": EDITOR_USERNAME, "password": EDITOR_PASSWORD}
    )
    assert logged_in.status_code == 302, "the demo editor can log in"
    assert cookie_flags(logged_in.cookies["sessionid"]) == {"secure": True, "httponly": True, "samesite": "Lax"}


def settings_with(environment: dict) -> dict:
    """The settings module evaluated with only ``environment`` (and the path to the database)."""
    kept = {key: value for key, value in os.environ.items() if key in {"PATH", "DATABASE_URL", "EMBEDDED_PG_DIR"}}
    with mock.patch.dict(os.environ, kept | environment, clear=True):
        spec = importlib.util.spec_from_file_location("settings_under_test", BASE_DIR / "wijkwijzer" / "settings.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return {name: getattr(module, name) for name in dir(module) if name.isupper()}


def test_a_deployment_that_forgets_debug_0_runs_without_debug_and_needs_its_own_secret_key():
    assert settings_with({})["DEBUG"] is True  # a local run: nothing set
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY must be set"):
        settings_with({"ALLOWED_HOSTS": "www.wijkwijzer.org"})
    deployed = settings_with({"ALLOWED_HOSTS": "www.wijkwijzer.org", "SECRET_KEY": "s" * 50})
    assert deployed["DEBUG"] is False
    assert settings_with({"ALLOWED_HOSTS": "192.168.1.5", "DEBUG": "1"})["DEBUG"] is True  # asked for


def test_deploy_check_passes_with_production_settings():
    from django.db import connection
    from psycopg.conninfo import make_conninfo

    environment = {key: value for key, value in os.environ.items() if key not in OVERRIDABLE_ENV}
    environment.update(PRODUCTION_ENV)
    # Checks of models may look at the database server: give them this run's test database.
    database = connection.settings_dict
    environment["DATABASE_URL"] = make_conninfo(
        dbname=database["NAME"],
        user=database["USER"] or None,
        password=database["PASSWORD"] or None,
        host=database["HOST"] or None,
        port=database["PORT"] or None,
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_local_runs_send_the_same_content_security_policy(demo_site, client):
    """`make run` (DEBUG on) shows CSP problems too, before they reach production."""
    response = client.get("/")
    directives = csp_directives(response["Content-Security-Policy"])
    assert directives["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


# --- security.txt (RFC 9116) ---


def security_txt_fields(text: str) -> dict[str, str]:
    fields = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, separator, value = line.partition(": ")
            assert separator and re.fullmatch(r"[A-Za-z-]+", name), f"not a field: {line!r}"
            fields[name] = value
    return fields


def test_security_txt_tells_whom_to_contact_in_which_language_and_until_when(demo_site, production):
    response = production.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert not response.cookies
    fields = security_txt_fields(response.content.decode())
    assert fields["Contact"] == "mailto:security@wijkwijzer.org"
    assert fields["Preferred-Languages"] == "nl, en"
    assert fields["Canonical"] == "https://www.wijkwijzer.org/.well-known/security.txt"
    expires = datetime.datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.UTC)
    assert expires - timezone.now() >= datetime.timedelta(days=30), "security.txt expires within 30 days"
    assert expires - timezone.now() <= datetime.timedelta(days=366), "RFC 9116: at most a year ahead"


def test_security_txt_never_goes_stale(demo_site, client):
    with mock.patch("django.utils.timezone.now", return_value=datetime.datetime(2031, 6, 1, tzinfo=datetime.UTC)):
        fields = security_txt_fields(client.get("/.well-known/security.txt").content.decode())
    assert fields["Expires"] == "2032-05-31T00:00:00Z"


# --- No inline code, so that the policy can stay strict. ---

INLINE_CODE = re.compile(
    r"""\sstyle\s*=|\son[a-z]+\s*=\s*["']|<script(?![^>]*\ssrc=)(?![^>]*type="application/(?:ld\+)?json")""",
    re.IGNORECASE,
)


def test_templates_have_no_inline_styles_scripts_or_event_handlers():
    offenders = []
    for template in sorted((BASE_DIR / "templates").rglob("*.html")):
        for number, line in enumerate(template.read_text().splitlines(), start=1):
            if INLINE_CODE.search(line):
                offenders.append(f"{template.relative_to(BASE_DIR)}:{number}: {line.strip()[:100]}")
    assert not offenders, "\n".join(offenders)


@pytest.mark.browser
def test_no_page_type_breaks_the_content_security_policy_in_the_browser(browser_page, demo_site):
    """Chromium reports every blocked inline script or style, and every script error, on the console."""
    errors = []
    browser_page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    browser_page.on("pageerror", lambda error: errors.append(str(error)))
    problems = []
    for name in PAGE_NAMES:
        errors.clear()
        browser_page.goto(demo_site + site_page(name), wait_until="load")
        # A page type answered with 400 or 404 logs its own status; that is not a policy violation.
        status = page_type(name).status
        problems += [f"{name}: {text}" for text in errors if status == 200 or f"status of {status}" not in text]
    assert not problems, problems
