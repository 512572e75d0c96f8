from django.shortcuts import render

from articles.models import Article
from calls.models import Call
from events.models import Event
from partners.models import Partner

HOME_ARTICLES = 6
HOME_CALLS = 6
HOME_EVENTS = 6


def featured_events(limit: int = HOME_EVENTS) -> list[Event]:
    """Upcoming featured events; when none are featured, simply the next upcoming events."""
    upcoming = Event.objects.upcoming()
    events = list(upcoming.featured()[:limit])
    return events or list(upcoming[:limit])


def home(request):
    return render(
        request,
        "home.html",
        {
            "articles": Article.objects.published().for_cards().order_by("-publish_from", "title")[:HOME_ARTICLES],
            "calls": Call.objects.open().for_cards()[:HOME_CALLS],
            "events": featured_events(),
            "partners": Partner.objects.all(),
        },
    )


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
