from django.shortcuts import render
from django.utils import timezone

from articles.models import Article
from calls.models import Call
from events.models import Event
from partners.models import Partner
from wijkwijzer.prepared import prepared

HOME_ARTICLES = 6
HOME_CALLS = 6
HOME_EVENTS = 6


#: The home page's querysets, their SQL written once per process (wijkwijzer/prepared.py).
_home_articles = prepared(lambda moment: Article.objects.published(moment).for_cards().newest_first()[:HOME_ARTICLES])
_home_calls = prepared(lambda moment: Call.objects.open(moment).for_cards()[:HOME_CALLS])
_featured_events = prepared(lambda moment, limit: Event.objects.upcoming(moment).featured()[:limit])
_upcoming_events = prepared(lambda moment, limit: Event.objects.upcoming(moment)[:limit])
_partners = prepared(lambda moment: Partner.objects.all())


def featured_events(limit: int = HOME_EVENTS, moment=None) -> list[Event]:
    """Upcoming featured events; when none are featured, simply the next upcoming events."""
    moment = moment or timezone.now()
    return _featured_events(moment=moment, limit=limit) or _upcoming_events(moment=moment, limit=limit)


def home(request):
    moment = timezone.now()
    return render(
        request,
        "home.html",
        {
            "articles": _home_articles(moment=moment),
            "calls": _home_calls(moment=moment),
            "events": featured_events(moment=moment),
            "partners": _partners(moment=moment),
        },
    )


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
