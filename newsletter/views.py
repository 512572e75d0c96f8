"""The newsletter on the site: the archive, one edition as a web page, subscribing and unsubscribing.

The subscribe, confirm and unsubscribe endpoints are ``csrf_exempt`` on purpose, so that anonymous readers
never need a CSRF cookie (the site sets no cookies for them):

- subscribe: double opt-in makes the POST harmless; see ``newsletter.forms`` for the honeypot, the signed
  form token and the rate limits that keep bots from abusing the one confirmation mail it sends;
- confirm: only the owner of the mailbox has the signed link, and a forged POST needs that link;
- unsubscribe: RFC 8058 one-click unsubscribe is a POST from the mail client without cookies or tokens,
  authorised by the opaque per-subscriber address alone.
"""

from __future__ import annotations

from email.utils import parseaddr

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from newsletter import services
from newsletter.forms import SubscribeForm
from newsletter.models import Edition, Subscriber
from wijkwijzer.pagination import paginate
from wijkwijzer.preview import mark_private
from wijkwijzer.proxies import client_address


def archive(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "newsletter/edition_list.html",
        {"page_obj": paginate(request, Edition.objects.archived()), "page_subscribe_form": True},
    )


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One edition as a web page. A draft is a 404 to readers; editors who may see editions get it marked
    ‘Voorbeeld’, so that the "Bekijk in je browser" link of a test mail works for the editor who sent it."""
    edition = Edition.objects.archived().filter(slug=slug).first()
    draft = edition is None
    if draft:
        if not request.user.has_perm("newsletter.view_edition"):
            raise Http404
        edition = get_object_or_404(Edition, slug=slug)
        request.wijkwijzer_preview = {"item": edition, "state": "concept", "link": None, "expires_at": None}
    response = render(
        request,
        "newsletter/edition_detail.html",
        {"edition": edition, "sections": edition.sections(), "agenda_url": reverse("events:list")},
    )
    return mark_private(response) if draft else response


def notice(request: HttpRequest, *, title: str, lead: str, status: int = 200, action: str = "", button: str = ""):
    """A short page that tells what happened, optionally with one button that POSTs to ``action``."""
    return render(
        request,
        "newsletter/notice.html",
        {"title": title, "lead": lead, "action": action, "button": button},
        status=status,
    )


@csrf_exempt  # see the module docstring and newsletter.forms
@never_cache  # personal answers: never kept by the page cache or a browser
@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "newsletter/subscribe.html", {"form": SubscribeForm(), "page_subscribe_form": True})
    if not services.client_allowed(client=client_address(request)):
        return notice(
            request,
            title=_("Even geduld"),
            lead=_("Er kwamen vanaf jouw verbinding te veel aanmeldingen binnen. Probeer het over een uur opnieuw."),
            status=429,
        )
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return render(request, "newsletter/subscribe.html", {"form": form, "page_subscribe_form": True}, status=400)
    if not form.looks_automated:
        try:
            services.subscription_request(email=form.cleaned_data["email"], form_version=form.form_version)
        except services.MailServerUnavailable:
            response = notice(
                request,
                title=_("We kunnen nu geen mail versturen"),
                lead=_(
                    "Door een storing kunnen we je nu geen mail sturen om je aanmelding te bevestigen. Probeer het "
                    "over een tijdje opnieuw."
                ),
                status=503,
            )
            response["Retry-After"] = "600"
            return response
    # The same answer whether the address is new, known, or the request looked automated.
    return notice(
        request,
        title=_("Bijna klaar: bevestig je aanmelding"),
        lead=_(
            "Je krijgt een mail op %(email)s met een link om je aanmelding te bevestigen; de link werkt 48 uur. Geen "
            "mail gekregen? Kijk ook in je map met ongewenste mail. We sturen een adres hooguit drie bevestigingsmails "
            "per dag: kreeg je er vandaag al drie, gebruik dan de link uit één daarvan."
        )
        % {"email": form.cleaned_data["email"]},
    )


@csrf_exempt  # the signed link is the authorisation
@never_cache  # personal answers: never kept by the page cache or a browser
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        payload = services.confirmation_read(token=token)
    except services.ConfirmationExpired:
        return notice(
            request,
            title=_("Deze link is verlopen"),
            lead=_("Een bevestigingslink werkt 48 uur. Meld je opnieuw aan; je krijgt dan een nieuwe link."),
            status=410,
        )
    except services.ConfirmationInvalid:
        return notice(
            request,
            title=_("Deze link klopt niet"),
            lead=_("Controleer of je de hele link uit de mail hebt gebruikt, of meld je opnieuw aan."),
            status=400,
        )
    superseded = notice(
        request,
        title=_("Deze link is niet meer geldig"),
        lead=_(
            "Na het versturen van deze link is %(email)s van de nieuwsbrief afgehaald. Wil je de nieuwsbrief toch weer "
            "ontvangen? Meld je dan opnieuw aan; je krijgt een nieuwe link."
        )
        % {"email": payload["e"]},
        status=410,
    )
    if request.method == "POST":
        try:
            services.subscription_confirm(token=token)
        except services.ConfirmationSuperseded:
            return superseded
        return notice(
            request,
            title=_("Je bent aangemeld"),
            lead=_("Bedankt! Vanaf de volgende editie krijgt %(email)s de nieuwsbrief van WijkWijzer.")
            % {"email": payload["e"]},
        )
    state = services.confirmation_state(payload=payload)
    if state == "superseded":
        return superseded
    if state == "subscribed":
        return notice(
            request,
            title=_("Je bent al aangemeld"),
            lead=_("%(email)s krijgt de nieuwsbrief van WijkWijzer al; je hoeft niets meer te doen.")
            % {"email": payload["e"]},
        )
    # A GET changes nothing: mail scanners open links, and only a person should be able to confirm.
    return notice(
        request,
        title=_("Bevestig je aanmelding"),
        lead=_("Wil je de nieuwsbrief van WijkWijzer ontvangen op %(email)s?") % {"email": payload["e"]},
        action=request.path,
        button=_("Ja, meld mij aan"),
    )


@csrf_exempt  # RFC 8058: the one-click POST comes without cookies or CSRF token
@never_cache  # personal answers: never kept by the page cache or a browser
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    subscriber = Subscriber.objects.filter(token=token).first()
    if subscriber is None:
        # A link that a mail program broke or cut off: say what to do instead of a bare "page not found".
        return notice(
            request,
            title=_("Deze afmeldlink klopt niet"),
            lead=_(
                "Misschien is de link in je mailprogramma afgebroken. Gebruik de hele link onder aan de nieuwsbrief, "
                "of mail naar %(address)s: dan melden we je af."
            )
            % {"address": parseaddr(settings.DEFAULT_FROM_EMAIL)[1]},
            status=404,
        )
    if request.method == "POST":
        services.subscriber_unsubscribe(subscriber=subscriber)
        return notice(
            request,
            title=_("Je bent afgemeld"),
            lead=_("%(email)s krijgt de nieuwsbrief van WijkWijzer niet meer.") % {"email": subscriber.email},
        )
    if not subscriber.is_subscribed:
        return notice(
            request,
            title=_("Je bent al afgemeld"),
            lead=_("%(email)s krijgt de nieuwsbrief niet meer.") % {"email": subscriber.email},
        )
    # A GET changes nothing: it only asks.
    return notice(
        request,
        title=_("Afmelden voor de nieuwsbrief"),
        lead=_("Wil je de nieuwsbrief van WijkWijzer niet meer ontvangen op %(email)s?") % {"email": subscriber.email},
        action=request.path,
        button=_("Ja, meld mij af"),
    )
