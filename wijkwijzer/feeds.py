"""RSS and Atom feeds (Django's syndication framework) for Verdiepen, Meedoen and the Agenda, per theme and per
partner.

Only published items appear. Each item's GUID is a ``tag:`` URI made of the item's kind, its database id and the
day it was created, so it never changes when an editor renames the item or changes its address. The publication
date is the moment the item went online; the update date its last change. All links are absolute on ``SITE_URL``,
like the canonical URLs of the pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Model
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import Article
from calls.models import Call
from events.models import Event
from partners.models import Partner
from themes.models import Theme
from wijkwijzer.dates import format_time_range
from wijkwijzer.templatetags.dutch_dates import date_range, dutch_date

#: Items per feed.
FEED_LIMIT = 30
#: The authority of the items' ``tag:`` GUIDs (RFC 4151): fixed, so that moving the site keeps them stable.
TAG_AUTHORITY = "wijkwijzer.org,2025"
_KIND_BY_MODEL = {Article: "verdiepen", Call: "meedoen", Event: "agenda"}


def absolute(path: str) -> str:
    return settings.SITE_URL + path


@dataclass(frozen=True)
class FeedScope:
    """What one feed is about: the address it is served at, and the theme or partner it is limited to."""

    path: str
    theme: Theme | None = None
    partner: Partner | None = None

    def filter(self, queryset):
        if self.theme is not None:
            queryset = queryset.filter(themes=self.theme)
        if self.partner is not None:
            queryset = queryset.filter(partners=self.partner)
        return queryset


def newest(model: type[Model], scope: FeedScope, limit: int = FEED_LIMIT) -> list:
    """The newest published items of ``model`` within ``scope``, with their themes and partners; of the calls only
    the open ones, as on the Meedoen page (a closed call is nothing to join any more)."""
    current = model.objects.open() if model is Call else model.objects.published()
    items = scope.filter(current).prefetch_related("themes", "partners")
    return list(items.order_by("-publish_from", "-pk")[:limit])


class ContentFeed(Feed):
    """The shared part: items, dates, GUIDs and the RSS 2.0 format; subclasses say which items."""

    feed_type = Rss201rev2Feed
    language = "nl"
    item_guid_is_permalink = False
    models: tuple[type[Model], ...] = ()

    def get_object(self, request, *args, **kwargs) -> FeedScope:
        return FeedScope(path=request.path)

    def feed_url(self, scope: FeedScope) -> str:
        return absolute(scope.path)

    def items(self, scope: FeedScope) -> list:
        items = chain.from_iterable(newest(model, scope) for model in self.models)
        return sorted(items, key=lambda item: (item.publish_from, item.pk), reverse=True)[:FEED_LIMIT]

    def item_title(self, item) -> str:
        if isinstance(item, Event) and item.is_cancelled:
            return _("Geannuleerd: %(title)s") % {"title": item.title}
        return item.title

    def item_link(self, item) -> str:
        return absolute(item.get_absolute_url())

    def item_guid(self, item) -> str:
        return f"tag:{TAG_AUTHORITY}:{_KIND_BY_MODEL[type(item)]}/{item.pk}/{item.created_at:%Y-%m-%d}"

    def item_description(self, item) -> str:
        # Feed readers show the description as HTML: the summary is escaped as text.
        summary = escape(item.summary)
        if isinstance(item, Event):
            # When, as the agenda says it: the days, the times, and whether it was cancelled or moved.
            when = date_range(item.start_date, item.end_date)
            if item.start_time:
                when += ", " + format_time_range(item.start_time, item.end_time)
            if item.is_cancelled:
                when = _("Geannuleerd (was %(when)s)") % {"when": when}
            elif item.is_moved and item.previous_start_date:
                when += " " + _("(verplaatst van %(date)s)") % {"date": dutch_date(item.previous_start_date)}
            return f"{escape(when)}. {summary}"
        if isinstance(item, Call) and item.deadline_date:
            deadline = _("Aanmelden kan tot %(date)s") % {"date": dutch_date(item.deadline_date)}
            if item.deadline_time:
                deadline += " " + _("%(time)s uur") % {"time": item.deadline_time.strftime("%H:%M")}
            return f"{escape(deadline)}. {summary}"
        return summary

    def item_pubdate(self, item):
        return item.publish_from

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item) -> list[str]:
        return [theme.name for theme in item.themes.all()]

    def item_author_name(self, item) -> str | None:
        return ", ".join(partner.name for partner in item.partners.all()) or None


class SectionFeed(ContentFeed):
    """One section of the site: Verdiepen, Meedoen or the Agenda."""

    page: str = ""
    heading = gettext_lazy("Nieuw")
    text = gettext_lazy("Nieuw op WijkWijzer.")

    def title(self, scope: FeedScope) -> str:
        return f"WijkWijzer · {self.heading}"

    def link(self, scope: FeedScope) -> str:
        return absolute(reverse(self.page))

    def description(self, scope: FeedScope) -> str:
        return str(self.text)


class ArticlesFeed(SectionFeed):
    models = (Article,)
    page, heading = "articles:list", gettext_lazy("Verdiepen")
    text = gettext_lazy("Nieuwe artikelen, rapporten, manifesten en onderzoek op WijkWijzer.")


class CallsFeed(SectionFeed):
    models = (Call,)
    page, heading = "calls:list", gettext_lazy("Meedoen")
    text = gettext_lazy("Nieuwe oproepen om mee te doen op WijkWijzer.")


class EventsFeed(SectionFeed):
    models = (Event,)
    page, heading = "events:list", gettext_lazy("Agenda")
    text = gettext_lazy("Nieuwe activiteiten in de agenda van WijkWijzer.")


class ThemeFeed(ContentFeed):
    """Everything new about one theme."""

    models = (Article, Call, Event)

    def get_object(self, request, slug: str) -> FeedScope:
        return FeedScope(path=request.path, theme=get_object_or_404(Theme, slug=slug))

    def title(self, scope: FeedScope) -> str:
        return _("WijkWijzer · thema %(name)s") % {"name": scope.theme.name}

    def link(self, scope: FeedScope) -> str:
        return absolute(scope.theme.get_absolute_url())

    def description(self, scope: FeedScope) -> str:
        return _("Nieuw op WijkWijzer over %(name)s: Verdiepen, Meedoen en Agenda.") % {"name": scope.theme.name}


class PartnerFeed(ContentFeed):
    """Everything new from one partner organisation."""

    models = (Article, Call, Event)

    def get_object(self, request, slug: str) -> FeedScope:
        return FeedScope(path=request.path, partner=get_object_or_404(Partner, slug=slug))

    def title(self, scope: FeedScope) -> str:
        return _("WijkWijzer · %(name)s") % {"name": scope.partner.name}

    def link(self, scope: FeedScope) -> str:
        return absolute(scope.partner.get_absolute_url())

    def description(self, scope: FeedScope) -> str:
        return _("Nieuw op WijkWijzer van %(name)s: Verdiepen, Meedoen en Agenda.") % {"name": scope.partner.name}


def _atom(feed: type[ContentFeed]) -> type[ContentFeed]:
    """The Atom 1.0 version of a feed."""
    return type(f"{feed.__name__}Atom", (feed,), {"feed_type": Atom1Feed, "subtitle": feed.description})


#: The section feeds by the name in their URL: ``/feeds/verdiepen/rss.xml`` and ``/feeds/verdiepen/atom.xml``.
SECTION_FEEDS = {"verdiepen": ArticlesFeed, "meedoen": CallsFeed, "agenda": EventsFeed}
FORMATS = {"rss": lambda feed: feed, "atom": _atom}

app_name = "feeds"
urlpatterns = [
    *[
        path(f"{section}/{fmt}.xml", make(feed)(), name=f"{section}-{fmt}")
        for section, feed in SECTION_FEEDS.items()
        for fmt, make in FORMATS.items()
    ],
    *[path(f"thema/<slug:slug>/{fmt}.xml", make(ThemeFeed)(), name=f"theme-{fmt}") for fmt, make in FORMATS.items()],
    *[
        path(f"partner/<slug:slug>/{fmt}.xml", make(PartnerFeed)(), name=f"partner-{fmt}")
        for fmt, make in FORMATS.items()
    ],
]
