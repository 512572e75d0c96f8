"""A theme dossier: what ``/themas/<slug>/`` shows about one theme."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from calls.models import Call
from events.models import Event
from themes.models import Theme
from wijkwijzer.prepared import prepared

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


#: The dossier's querysets, their SQL written once per process (wijkwijzer/prepared.py).
_articles = prepared(
    lambda moment, theme_id, limit: (
        Article.objects.published(moment).for_theme(theme_id).for_cards().newest_first()[:limit]
    )
)
_calls = prepared(lambda moment, theme_id, limit: Call.objects.open(moment).for_theme(theme_id).for_cards()[:limit])
_events = prepared(lambda moment, theme_id, limit: Event.objects.upcoming(moment).for_theme(theme_id)[:limit])


def dossier_for(theme: Theme, limit: int = DOSSIER_ITEMS) -> Dossier:
    """The newest Verdiepen items, the open Meedoen calls and the upcoming events of ``theme``."""
    moment = timezone.now()
    return Dossier(
        theme=theme,
        articles=_articles(theme.pk, moment=moment, limit=limit),
        calls=_calls(theme.pk, moment=moment, limit=limit),
        events=_events(theme.pk, moment=moment, limit=limit),
    )
