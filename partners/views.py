from django.shortcuts import render
from django.views.generic import ListView

from partners.models import Partner
from wijkwijzer.content import content_for
from wijkwijzer.prepared import prepared

#: The partner of a partner page, its SQL written once per process (wijkwijzer/prepared.py).
_partner = prepared(lambda moment, slug: Partner.objects.filter(slug=slug))


class PartnerListView(ListView):
    model = Partner
    template_name = "partners/partner_list.html"
    context_object_name = "partners"


def partner_detail(request, slug):
    partner = _partner.get(slug)
    return render(
        request,
        "partners/partner_detail.html",
        {"partner": partner, "content": content_for(request, partner=partner)},
    )
