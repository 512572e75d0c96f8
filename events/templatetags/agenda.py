from django import template
from django.utils.safestring import SafeString

from events.structured_data import event_json_ld, json_ld_script

register = template.Library()


@register.simple_tag(takes_context=True)
def event_structured_data(context, event) -> SafeString:
    """``{% event_structured_data event %}``: the schema.org Event of ``event`` as JSON-LD."""
    request = context["request"]
    base_url = request.build_absolute_uri("/").rstrip("/")
    page_url = request.build_absolute_uri(event.get_absolute_url())
    return json_ld_script(event_json_ld(event, page_url=page_url, base_url=base_url))
