"""Anonymous readers get no cookies on pages without a form, and the site loads nothing from another host."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.test import Client

from tests.site_pages import PAGE_NAMES, page_type, site_page

pytestmark = pytest.mark.django_db


def cookies_set(response) -> list[str]:
    return [*response.cookies, *(["Set-Cookie header"] if "Set-Cookie" in response.headers else [])]


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_anonymous_reader_gets_no_cookie(demo_site, name):
    response = Client().get(site_page(name))
    assert response.status_code == page_type(name).status
    if not page_type(name).may_set_cookie:
        assert not cookies_set(response), f"{name} sets cookies: {cookies_set(response)}"


def test_cookie_check_reports_a_page_that_sets_one(demo_site):
    """The gate itself works: the editors' login form sets a CSRF cookie, and the check sees it."""
    assert cookies_set(Client().get("/admin/login/")) == ["csrftoken"]


def test_security_txt_sets_no_cookie(demo_site):
    assert not Client().get("/.well-known/security.txt").cookies


@pytest.mark.browser
def test_browser_requests_nothing_from_another_host_and_keeps_no_cookie(browser_page, browser_context, demo_site):
    origin = urlsplit(demo_site)
    requests = []
    browser_page.on("request", lambda request: requests.append(request.url))
    for name in PAGE_NAMES:
        browser_page.goto(demo_site + site_page(name), wait_until="load")
    assert any(url.endswith(".css") for url in requests), "the stylesheets were requested"
    foreign = sorted(
        {url for url in requests if (urlsplit(url).scheme, urlsplit(url).netloc) != (origin.scheme, origin.netloc)}
    )
    assert not foreign, f"requests to other hosts: {foreign}"
    assert browser_context.cookies() == []
    assert browser_page.evaluate("document.cookie") == ""


@pytest.mark.browser
def test_request_recorder_sees_a_request_to_another_host(browser_page, demo_site):
    """The gate itself works: an image from another host is recorded (and never fetched: the route aborts it)."""
    requests = []
    browser_page.on("request", lambda request: requests.append(request.url))
    browser_page.route("https://tracker.invalid/**", lambda route: route.abort())
    browser_page.goto(demo_site + "/")
    browser_page.evaluate(
        "() => { const i = document.createElement('img'); i.src = 'https://tracker.invalid/pixel.gif'; "
        "i.alt = ''; document.body.append(i); }"
    )
    browser_page.wait_for_timeout(200)
    assert "https://tracker.invalid/pixel.gif" in requests
