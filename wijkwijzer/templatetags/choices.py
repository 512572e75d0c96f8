"""The choices of the agenda's filters and the search's facets, each with its count, written in Python.

The agenda and the search show forty-odd choices in their filter forms. In a template loop each cost about fifteen
microseconds (the loop, five variables, the count formatted for the language), together a tenth of the page; the
form itself stays in the template, these tags write only the repeated elements. Values and labels are escaped as
``{{ }}`` escapes them (``cards.text``); a count is written as ``{{ }}`` writes it with ``USE_THOUSAND_SEPARATOR``
off (the default, ours): its digits.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from wijkwijzer.templatetags.cards import text

register = template.Library()


@register.simple_tag
def select_options(options) -> SafeString:
    """``{% select_options facets.themes %}``: an ``<option>`` per choice, ‘label (count)’, the chosen selected."""
    return mark_safe(
        "".join(
            f'<option value="{text(option.value)}"{" selected" if option.selected else ""}>'
            f"{text(option.label)} ({text(option.count)})</option>"
            for option in options
        )
    )


@register.simple_tag
def facet_checkboxes(group) -> SafeString:
    """``{% facet_checkboxes group %}``: a check box with its label and count per choice of a search facet."""
    param = text(group.param)
    html = []
    for option in group.options:
        value = text(option.value)
        html.append(
            f'<div class="search-facets__choice"><input type="checkbox" id="facet-{param}-{value}" name="{param}" '
            f'value="{value}"{" checked" if option.selected else ""}><label for="facet-{param}-{value}">'
            f'{text(option.label)} <span class="search-facets__count">({text(option.count)})</span></label></div>'
        )
    return mark_safe("\n".join(html))
