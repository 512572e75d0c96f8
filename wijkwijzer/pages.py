"""Pages the law asks for: the accessibility statement, the privacy statement and ``security.txt``."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
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
