"""Template tags for findability: canonical URL, feed links, link previews (OpenGraph, Twitter) and JSON-LD."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.core.paginator import Page
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from search import structured_data
from wijkwijzer.reversing import cached_reverse

register = template.Library()

#: The section feeds a page links to with ``<link rel="alternate">``, by the page's URL namespace.
_SECTION_FEEDS = {"articles": "verdiepen", "calls": "meedoen", "events": "agenda"}
_SECTION_TITLES = {
    "verdiepen": gettext_lazy("Verdiepen"),
    "meedoen": gettext_lazy("Meedoen"),
    "agenda": gettext_lazy("Agenda"),
}
_FORMATS = (("rss", "application/rss+xml", "RSS"), ("atom", "application/atom+xml", "Atom"))


def canonical_url_for(request, page_obj=None, *, filtered: bool = False) -> str:
    """The page's address on ``SITE_URL``, without query parameters except the number of the page shown
    (``page_obj``; ``?page=9999`` shows the last one) beyond the first. A page that is not paginated ignores
    ``?page=``, and a filtered list's pages (``filtered``: the agenda with filters) all point to the list itself, as
    its first page does; other parameters (``utm_source``) change nothing."""
    url = settings.SITE_URL + request.path
    if page_obj is not None and page_obj.number > 1 and not filtered:
        url += f"?page={page_obj.number}"
    return url


def shown_page(context) -> Page | None:
    """The page of a paginated list the template shows: ``page_obj``, or a partner's or theme's Verdiepen items."""
    page = context.get("page_obj")
    if page is None:
        page = getattr(context.get("content"), "articles", None)
    return page if isinstance(page, Page) else None


@register.simple_tag(takes_context=True)
def canonical_link(context) -> str:
    request = context.get("request")
    if request is None:
        return ""
    url = canonical_url_for(request, shown_page(context), filtered=bool(context.get("filtered_list")))
    return format_html('<link rel="canonical" href="{}">', url)


def _feeds_for(context) -> list[tuple[str, str, str]]:
    """(title, url name, slug or "") of the feeds that match the page."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None:
        return []
    if match.url_name == "home" and not match.namespace:
        return [(str(_SECTION_TITLES[name]), f"feeds:{name}", "") for name in _SECTION_TITLES]
    if match.namespace in _SECTION_FEEDS:
        name = _SECTION_FEEDS[match.namespace]
        return [(str(_SECTION_TITLES[name]), f"feeds:{name}", "")]
    slug = match.kwargs.get("slug", "")
    if match.view_name == "themes:detail" and slug:
        theme = context.get("theme")
        return [(_("thema %(name)s") % {"name": theme.name if theme else slug}, "feeds:theme", slug)]
    if match.view_name == "partners:detail" and slug:
        partner = context.get("partner")
        return [(partner.name if partner else slug, "feeds:partner", slug)]
    return []


@register.simple_tag(takes_context=True)
def feed_links(context) -> SafeString:
    """``<link rel="alternate">`` to the RSS and Atom feeds of the page's section, theme or partner."""
    links = []
    for title, name, slug in _feeds_for(context):
        for fmt, mime, label in _FORMATS:
            kwargs = {"slug": slug} if slug else {}
            links.append((mime, f"WijkWijzer · {title} ({label})", cached_reverse(f"{name}-{fmt}", kwargs=kwargs)))
    return format_html_join("\n  ", '<link rel="alternate" type="{}" title="{}" href="{}">', links)


def _preview(item) -> dict:
    """Title, description, image and type of a link preview of an item, partner or theme."""
    if item is None:
        return {}
    title = getattr(item, "title", None) or getattr(item, "name", "")
    text = getattr(item, "summary", None) or getattr(item, "description", None) or getattr(item, "introduction", "")
    image = getattr(item, "image", None) or getattr(item, "logo", None)
    preview = {
        "title": title,
        "description": Truncator(" ".join((text or "").split())).chars(200),
        "image": structured_data.absolute(image.url) if image else "",
        "image_alt": getattr(item, "image_alt", "") if getattr(item, "image", None) else title,
        "type": "article" if hasattr(item, "publish_from") else "website",
        "published": getattr(item, "publish_from", None),
        "modified": getattr(item, "updated_at", None),
    }
    return preview


@register.inclusion_tag("search/social_meta.html", takes_context=True)
def social_meta(context, item=None) -> dict:
    """OpenGraph and Twitter card tags; without ``item`` for the page's ``object`` (detail views), if any."""
    if item is None:
        candidate = context.get("object")
        item = candidate if hasattr(candidate, "get_absolute_url") else None
    request = context.get("request")
    preview = _preview(item)
    return {
        "url": canonical_url_for(request, shown_page(context), filtered=bool(context.get("filtered_list")))
        if request is not None
        else settings.SITE_URL + "/",
        "title": preview.get("title") or "WijkWijzer",
        "description": preview.get("description", ""),
        "image": preview.get("image", ""),
        "image_alt": preview.get("image_alt", ""),
        "type": preview.get("type", "website"),
        "published": preview.get("published"),
        "modified": preview.get("modified"),
    }


@register.simple_tag
def article_json_ld(article) -> SafeString:
    return structured_data.json_ld_script(structured_data.article_json_ld(article))


@register.simple_tag
def organization_json_ld(partner) -> SafeString:
    return structured_data.json_ld_script(structured_data.organization_json_ld(partner))
