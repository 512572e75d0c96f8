"""No server errors on bad input: every public URL, crawled from the page types, answers malformed parameters
and unknown slugs with 200, a redirect, 400 or 404, and never echoes the input unescaped.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve

from tests.site_pages import PAGE_TYPES, all_site_pages, site_page

pytestmark = pytest.mark.django_db

ACCEPTED = {200, 301, 302, 303, 307, 308, 400, 404}
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/")
MAX_CRAWL = 400
SCRIPT = "<script>alert('ww')</script>"
ATTRIBUTE_BREAK = '"><img src=x onerror=alert(1)>'
#: Raw query-string values: out of range, not a number, huge, NUL bytes, invalid dates, markup,
#: broken percent-encoding, 5000 characters, and an array-style name.
BAD_VALUES = [
    "-1",
    "0",
    "abc",
    str(10**20),
    "1.5",
    "",
    "%00",
    "a%00b",
    "2022-13-45",
    "2022-02-30",
    "31-31-2022",
    "99999-01",
    quote(SCRIPT),
    quote(ATTRIBUTE_BREAK),
    "%E0%A4%A",
    "%FF%FE",
    "%",
    "x" * 5000,
    "bestaat-niet",
]
#: The values sent to each parameter a page really reads (all of ``BAD_VALUES`` go to every parameter at once).
BAD_VALUES_EACH = ["-1", "abc", str(10**20), "%00", "2022-13-45", quote(SCRIPT), "%E0%A4%A", "x" * 5000, "bestaat-niet"]
#: Parameters that lists, filters and search read, or may read some day; sent whether or not a page knows them.
COMMON_PARAMS = ["page", "q", "thema", "partner", "doelgroep", "soort", "vorm", "maand", "jaar", "datum", "van", "tot"]
BAD_SLUGS = ["bestaat-niet", "x" * 300, "%00", "a%00b", "%E0%A4%A", "..%2F..%2Fetc%2Fpasswd", quote(SCRIPT), "9" * 30]


def links_in(content: str) -> list[str]:
    """Internal links: relative ones and absolute ones to this site (feeds, canonical URLs)."""
    site = urlsplit(settings.SITE_URL).netloc
    origins = "|".join(re.escape(origin) for origin in (f"http://{site}", f"https://{site}", f"webcal://{site}"))
    return [html.unescape(href) for href in re.findall(rf'href="(?:{origins})?(/[^"#]*)', content)]


def field_names_in(content: str) -> set[str]:
    """The names of the form fields on a page: the parameters a GET form (filters, search) sends."""
    names = set(re.findall(r'<(?:input|select|textarea)\b[^>]*\sname="([^"]+)"', content))
    return names - {"csrfmiddlewaretoken"}


@pytest.fixture(scope="module")
def crawl(demo_site) -> dict:
    """Every internal URL reachable from the page types, its answer, and the query parameters seen per view."""
    client = Client(raise_request_exception=False)
    queue = list(all_site_pages().values())
    statuses: dict[str, int] = {}
    params: dict[str, set[str]] = defaultdict(set)
    while queue and len(statuses) < MAX_CRAWL:
        url = queue.pop(0)
        if url in statuses or url.startswith(SKIPPED_PREFIXES):
            continue
        response = client.get(url)
        statuses[url] = response.status_code
        parts = urlsplit(url)
        params[parts.path].update(name for name, _ in parse_qsl(parts.query, keep_blank_values=True))
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            content = response.content.decode()
            queue += links_in(content)
            params[parts.path].update(field_names_in(content))
    return {"statuses": statuses, "params": params}


def view_patterns(crawl: dict) -> dict[str, tuple[str, set[str]]]:
    """One crawled path per view (by URL name), with the query parameters its links use."""
    patterns: dict[str, tuple[str, set[str]]] = {}
    for path in sorted({urlsplit(url).path for url in crawl["statuses"]}):
        try:
            match = resolve(path)
        except Resolver404:
            match = None
        key = match.view_name if match else "404"
        known = set(crawl["params"].get(path, set()))
        if key in patterns:
            patterns[key][1].update(known)
        else:
            patterns[key] = (path, known)
    return patterns


def problems_for(client: Client, url: str) -> list[str]:
    response = client.get(url)
    if response.status_code not in ACCEPTED:
        cause = repr(response.exc_info[1]) if getattr(response, "exc_info", None) else ""
        return [f"{response.status_code} for {url[:160]} {cause}"]
    body = response.content.decode(errors="replace")
    for payload in (SCRIPT, ATTRIBUTE_BREAK):
        if payload in body:
            return [f"unescaped {payload!r} echoed by {url[:160]}"]
    return []


def test_crawl_reaches_the_demo_content_and_every_internal_link_answers(crawl):
    statuses = crawl["statuses"]
    assert len(statuses) > 40, "the crawl reaches the demo content"
    expected = {site_page(page.name): page.status for page in PAGE_TYPES}
    dead = {url: status for url, status in statuses.items() if status not in {expected.get(url, 200), 301, 302}}
    assert not dead, f"internal links that do not answer: {dead}"


def test_malformed_query_parameters_never_cause_a_server_error(crawl):
    client = Client(raise_request_exception=False)
    problems = []
    for path, known in view_patterns(crawl).values():
        for value in BAD_VALUES:
            combined = "&".join(f"{name}={value}" for name in COMMON_PARAMS)
            problems += problems_for(client, f"{path}?{combined}")
        for name in sorted(known | {"page"}):
            for value in BAD_VALUES_EACH:
                problems += problems_for(client, f"{path}?{name}={value}")
            problems += problems_for(client, f"{path}?{name}=1&{name}=2&{name}=abc")
            problems += problems_for(client, f"{path}?{name}[]=1&{name}%00=2")
        problems += problems_for(client, f"{path}?%E0%A4%A=1&%00=%00&=leeg")
    assert not problems, "\n".join(problems[:30])


def test_unknown_or_malformed_slugs_are_not_found(crawl):
    client = Client(raise_request_exception=False)
    problems = []
    for path, _ in view_patterns(crawl).values():
        parts = [part for part in path.split("/") if part]
        if not parts:
            continue
        for slug in BAD_SLUGS:
            # Replace the last segment (the slug of a detail page, or the last fixed part of a list URL).
            last = parts[-1]
            suffix = last[last.index(".") :] if "." in last else ""
            bad_path = "/" + "/".join([*parts[:-1], slug + suffix]) + ("/" if path.endswith("/") else "")
            response = client.get(bad_path)
            if response.status_code not in {301, 302, 400, 404}:
                problems.append(f"{response.status_code} for {bad_path[:120]}")
    assert not problems, "\n".join(problems[:30])


def test_bad_input_gate_reports_a_server_error(crawl, monkeypatch):
    """The gate itself works: a list view that chokes on its page number is reported."""
    from django.core.paginator import Paginator

    def broken(self, number):
        raise ValueError("kapot")

    monkeypatch.setattr(Paginator, "get_page", broken)
    client = Client(raise_request_exception=False)
    assert problems_for(client, "/verdiepen/?page=abc")[0].startswith("500 for /verdiepen/?page=abc")
