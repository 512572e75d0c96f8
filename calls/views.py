from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from calls.models import Call
from editors.redirects import RedirectOldSlugMixin
from wijkwijzer.pagination import ForgivingPaginationMixin


class CallListView(ForgivingPaginationMixin, ListView):
    """Open calls, soonest deadline first."""

    template_name = "calls/call_list.html"
    context_object_name = "calls"
    closed = False

    def get_queryset(self):
        calls = Call.objects.closed() if self.closed else Call.objects.open()
        return calls.for_cards()

    def get_context_data(self, **kwargs):
        return super().get_context_data(closed=self.closed, **kwargs)


class CallDetailView(RedirectOldSlugMixin, DetailView):
    model = Call
    template_name = "calls/call_detail.html"
    context_object_name = "call"

    def get_object(self, queryset=None):
        return get_object_or_404(Call.objects.published().with_relations(), slug=self.kwargs["slug"])
