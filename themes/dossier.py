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
from wijkwijzer.content import first_and_more
from wijkwijzer.prepared import prepared

#: Items per section of a dossier; "meer" leads to all of them.
DOSSIER_ITEMS = 6


@dataclass
class Dossier:
    theme: Theme
    articles: list[Article]
    calls: list[Call]
    events: list[Event]
    #: Whether a section has more items than it shows: only then does it link to all of them.
    more_articles: bool = False
    more_calls: bool = False
    more_events: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.articles or self.calls or self.events)

    def _search(self, kind: str) -> str:
        return reverse("search:results") + "?" + urlencode({"soort": kind, "thema": self.theme.slug})

    @property
    def more_articles_url(self) -> str:
        return self._search("verdiepen") if self.more_articles else ""

    @property
    def more_calls_url(self) -> str:
        return self._search("meedoen") if self.more_calls else ""

    @property
    def more_events_url(self) -> str:
        # The agenda filters by theme itself (events.filters).
        return reverse("events:list") + "?" + urlencode({"thema": self.theme.slug}) if self.more_events else ""


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
    # One more than shown: whether there are more.
    articles, more_articles = first_and_more(_articles(theme.pk, moment=moment, limit=limit + 1), limit)
    calls, more_calls = first_and_more(_calls(theme.pk, moment=moment, limit=limit + 1), limit)
    events, more_events = first_and_more(_events(theme.pk, moment=moment, limit=limit + 1), limit)
    return Dossier(
        theme=theme,
        articles=articles,
        calls=calls,
        events=events,
        more_articles=more_articles,
        more_calls=more_calls,
        more_events=more_events,
    )
