"""A theme dossier: what ``/themas/<slug>/`` shows about one theme."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from articles.models import Article
from calls.models import Call
from events.models import Event
from themes.models import Theme

#: Items per section of a dossier; "meer" leads to all of them.
DOSSIER_ITEMS = 6


@dataclass
class Dossier:
    theme: Theme
    articles: list[Article]
    calls: list[Call]
    events: list[Event]

    @property
    def is_empty(self) -> bool:
        return not (self.articles or self.calls or self.events)

    def _search(self, kind: str) -> str:
        return reverse("search:results") + "?" + urlencode({"soort": kind, "thema": self.theme.slug})

    @property
    def more_articles_url(self) -> str:
        return self._search("verdiepen")

    @property
    def more_calls_url(self) -> str:
        return self._search("meedoen")

    @property
    def more_events_url(self) -> str:
        # The agenda filters by theme itself (events.filters).
        return reverse("events:list") + "?" + urlencode({"thema": self.theme.slug})


def dossier_for(theme: Theme, limit: int = DOSSIER_ITEMS) -> Dossier:
    """The newest Verdiepen items, the open Meedoen calls and the upcoming events of ``theme``."""
    return Dossier(
        theme=theme,
        articles=list(
            Article.objects.published().for_theme(theme).for_cards().order_by("-publish_from", "title")[:limit]
        ),
        calls=list(Call.objects.open().for_theme(theme).for_cards()[:limit]),
        events=list(Event.objects.upcoming().for_theme(theme)[:limit]),
    )
