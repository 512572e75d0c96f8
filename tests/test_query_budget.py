"""Every page type of the site (tests/site_pages.py) runs at most 10 SQL queries, with the demo content and with
many more items, counted with the page cache on but cold (the worst case: the cache's own query included)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from partners.models import Partner
from tests.builders import make_article, make_call, make_event
from tests.site_pages import PAGE_NAMES, page_type, site_page
from themes.models import Audience, Theme

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 10
MANY = 40


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture(scope="module")
def many_items(demo_site, django_db_blocker) -> None:
    """``MANY`` more articles, calls, upcoming and past events, with partners, themes, audiences and tags,
    committed once for the module (``demo_site`` empties the database afterwards)."""
    with django_db_blocker.unblock():
        partners, themes = list(Partner.objects.all()), list(Theme.objects.all())
        audiences = list(Audience.objects.all())
        today = timezone.localdate()
        for n in range(MANY):
            relations = {
                "partners": partners[n % len(partners) : n % len(partners) + 2],
                "themes": themes[n % len(themes) : n % len(themes) + 3],
                "audiences": audiences[: n % len(audiences) + 1],
                "tags": [f"trefwoord{n % 5}"],
            }
            day = datetime.timedelta(days=n)
            make_article(title=f"Extra artikel over de wijk {n}", **relations)
            make_call(title=f"Extra oproep voor de wijk {n}", deadline_date=today + day, **relations)
            make_event(title=f"Extra activiteit in de wijk {n}", start_date=today + day, **relations)
            make_event(title=f"Voorbije activiteit in de wijk {n}", start_date=today - day - datetime.timedelta(days=1))


def assert_within_budget(client, django_assert_max_num_queries, name: str) -> None:
    path = site_page(name)
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(path)
    assert response.status_code == page_type(name).status, path


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_every_page_type_runs_at_most_ten_queries_with_the_demo_content(
    demo_site, client, django_assert_max_num_queries, name
):
    assert_within_budget(client, django_assert_max_num_queries, name)


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_every_page_type_runs_at_most_ten_queries_with_many_items(
    many_items, client, django_assert_max_num_queries, name
):
    assert_within_budget(client, django_assert_max_num_queries, name)
