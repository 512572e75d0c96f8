"""schema.org JSON-LD for link previews and search engines: ``Article`` for Verdiepen, ``Organization`` for partners.

The JSON goes into a ``<script type="application/ld+json">`` data block, which a browser never executes, so the
Content-Security-Policy does not need to allow it. ``<``, ``>`` and ``&`` are written as ``\\u003C`` and so on
(as Django's ``json_script`` filter does), so that text like ``</script>`` cannot end the block early.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def absolute(path: str) -> str:
    return path if path.startswith(("http://", "https://")) else settings.SITE_URL + path


def json_ld_script(data: dict) -> SafeString:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def publisher() -> dict:
    return {"@type": "Organization", "name": "WijkWijzer", "url": settings.SITE_URL + "/"}


def article_json_ld(article) -> dict:
    """An Article with its partners as authors; the relations should be prefetched."""
    url = absolute(article.get_absolute_url())
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.title[:110],
        "description": article.summary,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": "nl-NL",
        "datePublished": article.publish_from.isoformat(),
        "dateModified": article.updated_at.isoformat(),
        "publisher": publisher(),
    }
    authors = [
        {"@type": "Organization", "name": partner.name, "url": absolute(partner.get_absolute_url())}
        for partner in article.partners.all()
    ]
    if authors:
        data["author"] = authors
    if article.image:
        data["image"] = [absolute(article.image.url)]
    keywords = [theme.name for theme in article.themes.all()] + [tag.name for tag in article.tags.all()]
    if keywords:
        data["keywords"] = ", ".join(keywords)
    return data


def organization_json_ld(partner) -> dict:
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": partner.name,
        "url": partner.website or absolute(partner.get_absolute_url()),
    }
    if partner.short_name and partner.short_name != partner.name:
        data["alternateName"] = partner.short_name
    if partner.description:
        data["description"] = partner.description
    if partner.logo:
        data["logo"] = absolute(partner.logo.url)
    if partner.website:
        data["sameAs"] = [partner.website]
    return data
