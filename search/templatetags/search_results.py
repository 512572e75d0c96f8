"""The list of search results, written in Python rather than in a template.

A page of results is twenty items of a dozen values each (the kind, a date in two forms, whether it closed, the
address, the title, the snippet): in a template loop about fifty microseconds an item, a tenth of the page. The
markup is the same as the template wrote; every value is escaped as ``{{ }}`` escapes it (``cards.text``), the
snippet is already HTML (``search.engine.highlight``).
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from search.models import SearchEntry
from wijkwijzer.dates import format_date_range
from wijkwijzer.templatetags.cards import text

register = template.Library()


def _result(result) -> str:
    kicker = text(result.kind_label)
    if result.display_date:
        deadline = f"{text(gettext('deadline'))} " if result.kind == SearchEntry.Kind.CALL else ""
        kicker += (
            f' · {deadline}<time datetime="{result.display_date:%Y-%m-%d}">'
            f"{text(format_date_range(result.display_date, result.last_day))}</time>"
        )
    kicker += "\n              "
    if result.is_closed:
        label = gettext("Voorbij") if result.kind == SearchEntry.Kind.EVENT else gettext("Gesloten")
        kicker += f'<span class="badge badge--closed">{text(label)}</span>'
    snippet = f'\n            <p class="search-result__snippet">{text(result.snippet)}</p>' if result.snippet else ""
    return (
        '<li class="search-result">\n'
        f'            <p class="search-result__kicker">{kicker}</p>\n'
        f'            <h3 class="search-result__title"><a href="{text(result.url)}">{text(result.title)}</a></h3>'
        f"{snippet}\n          </li>"
    )


@register.simple_tag
def search_results(results) -> SafeString:
    """``{% search_results page_obj.object_list %}``: an ``<li>`` per result (``search.engine.Result``)."""
    return mark_safe("\n          ".join(_result(result) for result in results))
