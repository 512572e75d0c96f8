"""For search engines: ``sitemap.xml`` (an index of one sitemap per section) and ``robots.txt``.

Every published page is listed on ``SITE_URL`` with ``lastmod`` from its real last change: an item's
``updated_at``; for a partner, a theme or a list page the last change of the newest published item it shows.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Count, Max, OuterRef, Subquery
from django.db.models.functions import Greatest
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse
from django.views.decorators.http import require_safe

from articles.models import Article
from calls.models import Call
from events.models import Event
from newsletter.models import Edition
from partners.models import Partner
from themes.models import Theme

CONTENT_MODELS = (Article, Call, Event)


class SiteSitemap(Sitemap):
    """Addresses on ``SITE_URL``, whatever host the request came in on."""

    def get_protocol(self, protocol=None) -> str:
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc

    def get_latest_lastmod(self):
        """The newest ``lastmod`` in one query (Django's default calls ``lastmod`` for every item), which counts the
        items too: the index asks for both, and the count would otherwise be a query of its own."""
        found = self.items().aggregate(latest=Max(self.lastmod_field), count=Count("pk"))
        self._count = found["count"]
        return found["latest"]

    @property
    def paginator(self):
        paginator = super().paginator
        if hasattr(self, "_count"):
            paginator.count = self._count
        return paginator

    lastmod_field = "updated_at"

    def lastmod(self, item):
        return getattr(item, self.lastmod_field)


class ContentSitemap(SiteSitemap):
    model = Article

    def items(self):
        return self.model.objects.published().order_by("pk").only("slug", "updated_at")


class ArticleSitemap(ContentSitemap):
    model = Article


class CallSitemap(ContentSitemap):
    model = Call


class EventSitemap(ContentSitemap):
    model = Event


def _newest_change(field: str):
    """The ``updated_at`` of the newest published item of a partner or theme (``field`` is the relation)."""
    return Greatest(
        *[
            Subquery(
                model.objects.published()
                .filter(**{field: OuterRef("pk")})
                .order_by("-updated_at")
                .values("updated_at")[:1]
            )
            for model in CONTENT_MODELS
        ]
    )


class PartnerSitemap(SiteSitemap):
    lastmod_field = "last_change"

    def items(self):
        return Partner.objects.annotate(last_change=_newest_change("partners")).order_by("order", "name")


class ThemeSitemap(SiteSitemap):
    lastmod_field = "last_change"

    def items(self):
        return Theme.objects.annotate(last_change=_newest_change("themes")).order_by("order", "name")


class EditionSitemap(SiteSitemap):
    """The newsletter's archived editions."""

    def items(self):
        return Edition.objects.archived().order_by("pk").only("slug", "updated_at")


class PagesSitemap(SiteSitemap):
    """The home page, the section pages (changed when their newest item changed) and the other pages of their own:
    closed calls, the agenda's archive, the calendar subscriptions, accessibility and privacy."""

    SECTIONS = {"articles:list": Article, "calls:list": Call, "events:list": Event}

    def items(self) -> list[str]:
        return [
            "home",
            *self.SECTIONS,
            "calls:closed",
            "events:archive",
            "events:subscribe",
            "partners:list",
            "themes:list",
            "newsletter:archive",
            "accessibility",
            "privacy",
        ]

    def location(self, item: str) -> str:
        return reverse(item)

    def _latest(self) -> dict[str, object]:
        if not hasattr(self, "_latest_cache"):
            latest = {
                name: model.objects.published().aggregate(latest=Max("updated_at"))["latest"]
                for name, model in self.SECTIONS.items()
            }
            changes = [value for value in latest.values() if value is not None]
            latest["home"] = max(changes) if changes else None
            latest["newsletter:archive"] = Edition.objects.archived().aggregate(latest=Max("updated_at"))["latest"]
            self._latest_cache = latest
        return self._latest_cache

    def lastmod(self, item: str):
        return self._latest().get(item)

    def get_latest_lastmod(self):
        # Partner and theme overviews have no lastmod of their own, so the index gives none for this sitemap.
        return None


SITEMAPS = {
    "paginas": PagesSitemap,
    "verdiepen": ArticleSitemap,
    "meedoen": CallSitemap,
    "agenda": EventSitemap,
    "partners": PartnerSitemap,
    "themas": ThemeSitemap,
    "nieuwsbrieven": EditionSitemap,
}


@require_safe
def sitemap_index(request: HttpRequest) -> HttpResponse:
    return sitemap_views.index(request, sitemaps=SITEMAPS, sitemap_url_name="sitemap-section")


@require_safe
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    return sitemap_views.sitemap(request, sitemaps=SITEMAPS, section=section)


def robots_lines() -> list[str]:
    return [
        "User-agent: *",
        "Disallow: /admin/",
        # Search results are endless combinations of the same pages; the sitemap lists every page once.
        "Disallow: /zoeken/",
        "",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
    ]


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    return HttpResponse("\n".join(robots_lines()) + "\n", content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap_section, name="sitemap-section"),
    path("robots.txt", robots_txt, name="robots-txt"),
]
