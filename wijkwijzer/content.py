"""Everything published about one partner, for the partner page."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Page
from django.http import HttpRequest
from django.urls import reverse

from articles.models import Article
from calls.models import Call
from events.models import Event
from wijkwijzer.pagination import paginate

#: Open calls and upcoming events shown on a partner page; "meer" leads to all of them.
SECTION_ITEMS = 6


@dataclass
class ContentSelection:
    articles: Page
    calls: list[Call]
    events: list[Event]
    #: Where all open calls and all upcoming events are, when there are more than shown (else "").
    more_calls_url: str = ""
    more_events_url: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.articles.object_list or self.calls or self.events)


def _first(queryset, limit: int) -> tuple[list, bool]:
    """The first ``limit`` items and whether there are more, with one query."""
    items = list(queryset[: limit + 1])
    return items[:limit], len(items) > limit


def content_for(request: HttpRequest, *, partner, limit: int = SECTION_ITEMS) -> ContentSelection:
    """Published Verdiepen items (paginated), the first open calls and the first upcoming events of a partner."""
    articles = Article.objects.published().for_partner(partner).for_cards().order_by("-publish_from", "title")
    calls, more_calls = _first(Call.objects.open().for_partner(partner).for_cards(), limit)
    events, more_events = _first(Event.objects.upcoming().for_partner(partner), limit)
    search = reverse("search:results") + "?" + urlencode({"soort": "meedoen", "partner": partner.slug})
    agenda = reverse("events:list") + "?" + urlencode({"partner": partner.slug})
    return ContentSelection(
        articles=paginate(request, articles),
        calls=calls,
        events=events,
        more_calls_url=search if more_calls else "",
        more_events_url=agenda if more_events else "",
    )
