from django.shortcuts import get_object_or_404, render
from django.views.generic import ListView

from partners.models import Partner
from wijkwijzer.content import content_for


class PartnerListView(ListView):
    model = Partner
    template_name = "partners/partner_list.html"
    context_object_name = "partners"


def partner_detail(request, slug):
    partner = get_object_or_404(Partner, slug=slug)
    return render(
        request,
        "partners/partner_detail.html",
        {"partner": partner, "content": content_for(request, partner=partner)},
    )
