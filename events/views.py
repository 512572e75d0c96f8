from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from events.models import Event
from wijkwijzer.pagination import ForgivingPaginationMixin


class EventListView(ForgivingPaginationMixin, ListView):
    """Upcoming events, soonest first; ``archive=True`` lists past events, latest first."""

    template_name = "events/event_list.html"
    context_object_name = "events"
    archive = False

    def get_queryset(self):
        events = Event.objects.past() if self.archive else Event.objects.upcoming()
        return events

    def get_context_data(self, **kwargs):
        return super().get_context_data(archive=self.archive, **kwargs)


class EventDetailView(DetailView):
    template_name = "events/event_detail.html"
    context_object_name = "event"

    def get_object(self, queryset=None):
        return get_object_or_404(Event.objects.published().with_relations(), slug=self.kwargs["slug"])
