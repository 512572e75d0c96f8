from django import template

from wijkwijzer.dates import format_date_range, format_day, format_time_range

register = template.Library()


@register.filter
def dutch_date(value):
    """``{{ article.publish_from|dutch_date }}`` → ‘13 mei 2022’."""
    if not value:
        return ""
    if hasattr(value, "date"):
        from django.utils import timezone

        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return format_day(value)


@register.simple_tag
def date_range(start, end=None):
    """``{% date_range event.start_date event.end_date %}`` → ‘29–31 augustus 2022’."""
    return format_date_range(start, end)


@register.simple_tag
def time_range(start, end=None):
    return format_time_range(start, end)
