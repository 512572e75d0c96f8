"""The agenda: upcoming events with filters, the archive by year, event pages and calendar exports."""

from __future__ import annotations

import datetime
import gzip
import hashlib
from collections.abc import Callable
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count, Max, QuerySet
from django.db.models.functions import ExtractYear
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import quote_etag
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from events import ical
from events.filters import AgendaFilter, facets_for, scope_of, upcoming_scope
from events.models import Event
from partners.models import Partner
from themes.models import Theme
from wijkwijzer.caching import PROCESS_COPY_MAX_BYTES, accepts_gzip, content_state, process_cache, written_once
from wijkwijzer.pagination import ForgivingPaginationMixin
from wijkwijzer.prepared import prepared

#: The event page's querysets (the page, its .ics file), their SQL written once per process (wijkwijzer/prepared.py).
_detail = prepared(lambda moment, slug: Event.objects.published(moment).with_relations().filter(slug=slug))
_calendar_item = prepared(lambda moment, slug: Event.objects.published(moment).for_cards().filter(slug=slug))

#: The archive goes back no further than this; older years are a 404, not an error.
FIRST_ARCHIVE_YEAR = 1900
#: How many days back a calendar feed keeps past events.
FEED_HISTORY_DAYS = 365
#: How long a version of a calendar feed is kept in the caches (a new version replaces it at once).
FEED_CACHE_SECONDS = 15 * 60


class AgendaView(ForgivingPaginationMixin, ListView):
    """Upcoming events (or, with ``archive=True``, past ones), grouped by month and filtered by the URL.

    A URL with unknown or empty filter values is redirected to its canonical form, so that the address in the
    browser is always the short one that can be shared.
    """

    template_name = "events/event_list.html"
    context_object_name = "events"
    archive = False

    def get(self, request, *args, **kwargs):
        self.year = kwargs.get("year")
        # A year still to come has no past events: a 404, not an empty page that says they took place.
        if self.year is not None and not FIRST_ARCHIVE_YEAR <= self.year <= timezone.localdate().year:
            raise Http404
        self.selection, invalid = AgendaFilter.from_query(request.GET)
        self.moment = timezone.now()
        self.years = self.archive_years() if self.archive else []
        # A year without past events has no archive page (it said "Er zijn nog geen activiteiten geweest").
        if self.year is not None and not any(row["year"] == self.year for row in self.years):
            raise Http404
        scope = scope_of(self.scope()) if self.archive else upcoming_scope(self.moment)
        self.facets = facets_for(scope, self.selection, newest_first=self.archive)
        canonical = self.canonical_query(invalid | self.facets.unknown)
        if canonical != request.META.get("QUERY_STRING", ""):
            return HttpResponseRedirect(f"{request.path}?{canonical}" if canonical else request.path)
        return super().get(request, *args, **kwargs)

    def canonical_query(self, invalid: set[str]) -> str:
        pairs = [(param, value) for param, value in self.selection.items() if param not in invalid]
        page = self.request.GET.get(self.page_kwarg, "").strip()
        if page and page != "1":
            pairs.append((self.page_kwarg, page))
        return urlencode(pairs)

    def scope(self):
        """The events this page is about, before the visitor's filters."""
        if not self.archive:
            return Event.objects.upcoming(self.moment)
        events = Event.objects.past(self.moment)
        if self.year is not None:
            events = events.filter(start_date__year=self.year)
        return events

    def get_queryset(self):
        if not self.archive:
            return self.selection.upcoming(self.moment)  # the same as below, with its SQL written once
        return self.selection.apply(self.scope())

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        paginator = super().get_paginator(queryset, per_page, orphans, allow_empty_first_page, **kwargs)
        paginator.count = self.facets.total  # counted with the facets already: no extra COUNT query
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        selection, facets = self.selection, self.facets
        context.update(
            archive=self.archive,
            year=self.year,
            years=self.years,
            selection=selection,
            filtered_list=selection.is_active,  # its pages' canonical address is the agenda itself
            facets=facets,
            active_filters=facets.active_filters(selection),
            month_steps=facets.month_steps(selection),
            query_prefix=selection.query_string(),
            form_action=self.request.path,
            feeds=self.feeds(),
            # A month that is over: its events are in the archive of its year, which an empty agenda points to.
            past_month=self.past_month(),
        )
        return context

    def past_month(self) -> dict | None:
        """A chosen month that is over (its events are in the archive), and whether its year has an archive page
        to point to."""
        month = self.selection.month
        if self.archive or not month or month >= timezone.localdate(self.moment).replace(day=1):
            return None
        archived = Event.objects.past(self.moment).filter(start_date__year=month.year).exists()
        return {"month": month, "archived": archived}

    def archive_years(self) -> list[dict]:
        rows = (
            Event.objects.past(self.moment)
            .order_by()
            .annotate(year=ExtractYear("start_date"))
            .values("year")
            .annotate(count=Count("pk"))
            .order_by("-year")
        )
        return [{"year": row["year"], "count": row["count"], "current": row["year"] == self.year} for row in rows]

    def feeds(self) -> list[dict]:
        """Calendar feeds that match what the visitor is looking at: the whole agenda, the theme, the partner."""
        feeds = [{"label": _("de hele agenda"), "path": reverse("events:feed")}]
        selection = self.selection
        if selection.theme:
            label = next((option.label for option in self.facets.themes if option.selected), selection.theme)
            feeds.append(
                {
                    "label": _("thema %(name)s") % {"name": label},
                    "path": reverse("events:theme_feed", kwargs={"slug": selection.theme}),
                }
            )
        if selection.partner:
            label = next((option.label for option in self.facets.partners if option.selected), selection.partner)
            feeds.append({"label": label, "path": reverse("events:partner_feed", kwargs={"slug": selection.partner})})
        return [{**feed, **subscription_urls(self.request, feed["path"])} for feed in feeds]


def subscription_urls(request, path: str) -> dict:
    """The https address of a feed, and the ``webcal://`` one that opens a calendar program."""
    url = request.build_absolute_uri(path)
    return {"url": url, "webcal": "webcal://" + url.split("://", 1)[1]}


class EventDetailView(DetailView):
    model = Event
    template_name = "events/event_detail.html"
    context_object_name = "event"

    def get_object(self, queryset=None):
        return _detail.get(self.kwargs["slug"])


def _calendar_response(content: bytes, *, filename: str, download: bool) -> HttpResponse:
    response = HttpResponse(content, content_type=ical.CONTENT_TYPE)
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=900"
    return response


def event_ics(request, slug: str) -> HttpResponse:
    """‘Zet in je agenda’: one event as an .ics file."""
    event = _calendar_item.get(slug)  # with its partners and themes (ical.event_component reads them)
    content = ical.calendar_bytes([event], name=event.title)
    return _calendar_response(content, filename=f"{event.slug}.ics", download=True)


def _feed_version(request, published: Callable[[], QuerySet], source: str) -> str:
    """The cache key of a feed's current version, which changes with every edit of its events (the latest
    ``updated_at``), every event that appears or disappears (count, latest ``publish_from``) and the address.

    Those can only change when the content token does (``wijkwijzer.caching``: it is replaced on every edit of
    public content and at every moment something goes online or offline by itself), so each process works the key
    out once per token and address; an edit elsewhere (an article) costs one query, not a new feed.
    """
    token = getattr(request, "content_token", None) or content_state()[0]
    remembered = "events:feed-version:" + hashlib.sha256(f"{token}|{source}".encode()).hexdigest()
    key = process_cache.get(remembered)
    if key is None:
        state = published().aggregate(count=Count("pk"), changed=Max("updated_at"), appeared=Max("publish_from"))
        fingerprint = "|".join(str(value) for value in (source, state["count"], state["changed"], state["appeared"]))
        key = "events:feed:" + hashlib.sha256(fingerprint.encode()).hexdigest()
        process_cache.set(remembered, key, FEED_CACHE_SECONDS)
    return key


def _feed(request, events: Callable[[], QuerySet], *, name: str, filename: str) -> HttpResponse:
    """A subscribable feed: every upcoming published event and the past ones of the last ``FEED_HISTORY_DAYS``.

    A subscriber's calendar keeps a year of history (a calendar program removes what leaves a feed, so older
    events disappear from it then); all of them together made the whole-agenda feed several megabytes, fetched
    again by every subscribed calendar every few hours.

    Writing thousands of events takes seconds, so each version of a feed (``_feed_version``) is written once, by
    one process while the others wait for it (``written_once``), kept in the shared cache, plain and gzipped, and
    kept in this process too when it is at most ``PROCESS_COPY_MAX_BYTES``: a version never changes, so that copy
    is never stale, and a feed of a few hundred kilobytes is not fetched from the shared cache on every request.
    """
    oldest = timezone.localdate() - datetime.timedelta(days=FEED_HISTORY_DAYS)

    def published() -> QuerySet:
        """The feed's events (built only when a new version is needed: building it costs more than serving it)."""
        return events().published().with_last_day().filter(last_day__gte=oldest)

    # The feed's own address, without the query string: else every made-up parameter (``?r=1``, ``?r=2``, …) would
    # be a new version of the feed, written from scratch (seconds) and stored again.
    source = ical.absolute_url(request.path)
    key = _feed_version(request, published, source)
    gzipped = accepts_gzip(request)
    variant = key + ":gzip" if gzipped else key
    content = process_cache.get(variant)
    if content is not None:
        return _feed_response(content, key=key, filename=filename, gzipped=gzipped)

    def write() -> bytes:
        plain = ical.calendar_bytes(
            published().prefetch_related("partners", "themes").order_by("start_date", "start_time", "pk"),
            name=name,
            description=_("Activiteiten over leefbare en veilige wijken, van WijkWijzer."),
            source=source,
        )
        # Calendar programs ask for gzip; a feed of thousands of events shrinks about tenfold. Compressed once
        # per version of the feed, not per request.
        compressed = gzip.compress(plain, compresslevel=6, mtime=0)
        cache.set(key, plain, FEED_CACHE_SECONDS)
        cache.set(key + ":gzip", compressed, FEED_CACHE_SECONDS)
        return compressed if gzipped else plain

    # A new version is written by one process; the others that ask for it meanwhile wait for that one.
    content = written_once(key, lambda: cache.get(variant), write)
    if len(content) <= PROCESS_COPY_MAX_BYTES:
        process_cache.set(variant, content, FEED_CACHE_SECONDS)
    return _feed_response(content, key=key, filename=filename, gzipped=gzipped)


def _feed_response(content: bytes, *, key: str, filename: str, gzipped: bool) -> HttpResponse:
    response = _calendar_response(content, filename=filename, download=False)
    patch_vary_headers(response, ["Accept-Encoding"])
    if gzipped:
        response["Content-Encoding"] = "gzip"
    # The version of the feed is known, so the ETag need not be a hash of megabytes on every request.
    response["ETag"] = quote_etag(key.rsplit(":", 1)[1][:32] + ("-gzip" if gzipped else ""))
    return response


def agenda_feed(request) -> HttpResponse:
    return _feed(request, Event.objects.all, name=_("WijkWijzer agenda"), filename="wijkwijzer-agenda.ics")


def theme_feed(request, slug: str) -> HttpResponse:
    theme = get_object_or_404(Theme, slug=slug)
    return _feed(
        request,
        lambda: Event.objects.filter(themes=theme),
        name=_("WijkWijzer agenda: %(name)s") % {"name": theme.name},
        filename=f"wijkwijzer-{theme.slug}.ics",
    )


def partner_feed(request, slug: str) -> HttpResponse:
    partner = get_object_or_404(Partner, slug=slug)
    return _feed(
        request,
        lambda: Event.objects.filter(partners=partner),
        name=_("WijkWijzer agenda: %(name)s") % {"name": partner.short_name},
        filename=f"wijkwijzer-{partner.slug}.ics",
    )


def _feed_link(request, name: str, url_name: str, slug: str) -> dict:
    return {"name": name, **subscription_urls(request, reverse(url_name, kwargs={"slug": slug}))}


def subscribe(request) -> HttpResponse:
    """How to put the agenda in your own calendar, with a feed per theme and per partner."""
    context = {
        "agenda_feed": subscription_urls(request, reverse("events:feed")),
        "theme_feeds": [_feed_link(request, t.name, "events:theme_feed", t.slug) for t in Theme.objects.all()],
        "partner_feeds": [_feed_link(request, p.name, "events:partner_feed", p.slug) for p in Partner.objects.all()],
    }
    return render(request, "events/subscribe.html", context)
