"""Everything published about one partner or one theme, for the partner and theme pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page
from django.http import HttpRequest

from articles.models import Article
from calls.models import Call
from events.models import Event
from wijkwijzer.pagination import paginate


@dataclass
class ContentSelection:
    articles: Page
    calls: list[Call]
    events: list[Event]

    @property
    def is_empty(self) -> bool:
        return not (self.articles.object_list or self.calls or self.events)


def content_for(request: HttpRequest, *, partner=None, theme=None) -> ContentSelection:
    """Published Verdiepen items (paginated), open calls and upcoming events of a partner or theme."""
    filters = {}
    if partner is not None:
        filters["partners"] = partner
    if theme is not None:
        filters["themes"] = theme
    articles = Article.objects.published().filter(**filters).for_cards().order_by("-publish_from", "title")
    return ContentSelection(
        articles=paginate(request, articles),
        calls=list(Call.objects.open().filter(**filters).for_cards()),
        events=list(Event.objects.upcoming().filter(**filters)),
    )
