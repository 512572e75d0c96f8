from django.views.generic import DetailView, ListView

from calls.models import Call
from wijkwijzer.pagination import ForgivingPaginationMixin
from wijkwijzer.prepared import prepared

#: The querysets of the Meedoen pages, their SQL written once per process (wijkwijzer/prepared.py).
_open = prepared(lambda moment: Call.objects.open(moment).for_cards())
_closed = prepared(lambda moment: Call.objects.closed(moment).for_cards())
_detail = prepared(lambda moment, slug: Call.objects.published(moment).with_relations().filter(slug=slug))


class CallListView(ForgivingPaginationMixin, ListView):
    """Open calls, soonest deadline first."""

    template_name = "calls/call_list.html"
    context_object_name = "calls"
    closed = False

    def get_queryset(self):
        return (_closed if self.closed else _open).selection()

    def get_context_data(self, **kwargs):
        return super().get_context_data(closed=self.closed, **kwargs)


class CallDetailView(DetailView):
    model = Call
    template_name = "calls/call_detail.html"
    context_object_name = "call"

    def get_object(self, queryset=None):
        return _detail.get(self.kwargs["slug"])
