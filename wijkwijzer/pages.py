"""Pages the law asks for (accessibility and privacy statements, ``security.txt``) and ``/favicon.ico``."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

SECURITY_CONTACT = "mailto:security@wijkwijzer.org"
#: security.txt says until when it is valid; a year ahead of every request, so it never goes stale.
SECURITY_TXT_VALID_FOR = datetime.timedelta(days=365)


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/accessibility.html")


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/privacy.html")


def security_txt_lines(now: datetime.datetime) -> list[str]:
    """The fields of ``/.well-known/security.txt`` (RFC 9116), valid for a year from ``now``."""
    expires = (now + SECURITY_TXT_VALID_FOR).astimezone(datetime.UTC).replace(microsecond=0)
    return [
        f"Contact: {SECURITY_CONTACT}",
        f"Expires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: nl, en",
        f"Canonical: {settings.SITE_URL}{reverse('security-txt')}",
    ]


@require_safe
def security_txt(request: HttpRequest) -> HttpResponse:
    body = "\n".join(security_txt_lines(timezone.now())) + "\n"
    return HttpResponse(body, content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """``/favicon.ico``, which browsers ask for where a response names no icon (the newsletter's mail preview, a
    feed, a file) and which crawlers ask for anyway: the site's icon. Not permanent: the icon's hashed name changes
    with the icon."""
    response = HttpResponseRedirect(static("img/favicon.svg"))
    patch_cache_control(response, public=True, max_age=86400)
    return response
