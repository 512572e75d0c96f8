"""Pieces of the cards in lists that are written in Python rather than in a template.

A list page shows up to two dozen cards, and a template's loop costs a few microseconds per item and per loop:
the partner and theme labels of one card (two loops of short items) cost as much to render as the rest of the
card. The markup is the same as a template would write; the labels are escaped as ``{{ }}`` escapes them
(``text``).
"""

from __future__ import annotations

from html import escape

from django import template
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()


def text(value) -> str:
    """``value`` as ``{{ value }}`` writes it where no number formatting applies (text, ids, counts without a
    thousands separator): escaped, unless marked safe. Django's ``conditional_escape`` without its lazy-string
    wrapper, which costs more than the escaping on a page of a hundred labels."""
    return str(value) if isinstance(value, SafeData) else escape(str(value))


@register.simple_tag
def meta_tags(item) -> SafeString:
    """``{% meta_tags article %}``: the item's partners (short names) and themes as a list of labels, or nothing."""
    partners, themes = item.partner_list, item.theme_list
    if not partners and not themes:
        return mark_safe("")
    labels = [f'<li class="meta-tag meta-tag--partner">{text(p.short_name)}</li>' for p in partners]
    labels += [f'<li class="meta-tag">{text(theme.name)}</li>' for theme in themes]
    label = text(gettext("Partners en thema’s"))
    return mark_safe(f'<ul class="meta-tags" aria-label="{label}">{"".join(labels)}</ul>')
