from django import template

from newsletter.forms import FORM_VERSION, subscribe_form_token

register = template.Library()


@register.filter
def paragraphs(text: str) -> list[str]:
    """Split an editor's text on blank lines: ``{% for p in edition.introduction|paragraphs %}``."""
    return [" ".join(block.split()) for block in (text or "").replace("\r\n", "\n").split("\n\n") if block.strip()]


@register.simple_tag
def newsletter_form_token(version: str = FORM_VERSION) -> str:
    """A fresh signed, time-stamped token for the subscribe form (see ``newsletter.forms``)."""
    return subscribe_form_token(version)
