"""Everything published about one partner, for the partner page."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Page
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from calls.models import Call
from events.models import Event
from wijkwijzer.pagination import paginate
from wijkwijzer.prepared import prepared

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


def first_and_more(items: list, limit: int) -> tuple[list, bool]:
    """The first ``limit`` of ``items`` (fetched one more than that) and whether there are more."""
    return items[:limit], len(items) > limit


#: The partner page's Verdiepen items, open calls and upcoming events, their SQL written once per process
#: (wijkwijzer/prepared.py).
_articles = prepared(
    lambda moment, partner_id: Article.objects.published(moment).for_partner(partner_id).for_cards().newest_first()
)
_calls = prepared(
    lambda moment, partner_id, limit: Call.objects.open(moment).for_partner(partner_id).for_cards()[:limit]
)
_events = prepared(lambda moment, partner_id, limit: Event.objects.upcoming(moment).for_partner(partner_id)[:limit])


def content_for(request: HttpRequest, *, partner, limit: int = SECTION_ITEMS) -> ContentSelection:
    """Published Verdiepen items (paginated), the first open calls and the first upcoming events of a partner."""
    moment = timezone.now()
    articles = _articles.selection(partner.pk, moment=moment)
    calls, more_calls = first_and_more(_calls(partner.pk, moment=moment, limit=limit + 1), limit)
    events, more_events = first_and_more(_events(partner.pk, moment=moment, limit=limit + 1), limit)
    search = reverse("search:results") + "?" + urlencode({"soort": "meedoen", "partner": partner.slug})
    agenda = reverse("events:list") + "?" + urlencode({"partner": partner.slug})
    return ContentSelection(
        articles=paginate(request, articles),
        calls=calls,
        events=events,
        more_calls_url=search if more_calls else "",
        more_events_url=agenda if more_events else "",
    )
