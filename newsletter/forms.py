"""The subscribe form, and why it needs no CSRF cookie.

The footer of every page carries this form. Django's CSRF protection would need a cookie, and WijkWijzer sets
no cookies for anonymous readers. The subscribe endpoint is therefore ``csrf_exempt``, which is acceptable
because of double opt-in: a forged or automated POST can at most make us send one confirmation mail to an
address; nothing is stored and no mail of the newsletter is sent until the owner of that address confirms.
What remains is abuse of that one mail (mail bombing, bots), and this form guards against it with:

- a honeypot field (``website``) that people never see and bots fill in;
- a form token signed with ``SECRET_KEY`` (``django.core.signing``) and stamped with the time the page was
  rendered: a POST without a valid token, or sent within seconds of rendering, or long after, is not acted on.
  The token also carries the version of the form text, which is stored as part of the consent (AVG);
- rate limits in the cache, per client address and per e-mail address (``services.subscription_request``).

Bots get the same friendly answer as people, so they learn nothing from it.
"""

from __future__ import annotations

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

#: Raise when the text next to the form (what people consent to) changes; stored with each consent.
FORM_VERSION = "2026-11-aanmelden-v1"

FORM_TOKEN_SALT = "newsletter.subscribe-form"


def form_max_age() -> int:
    """Seconds a rendered form stays valid (``NEWSLETTER_FORM_MAX_AGE``, default two days)."""
    return getattr(settings, "NEWSLETTER_FORM_MAX_AGE", 2 * 24 * 3600)


def form_min_seconds() -> float:
    """People need a moment to type an address; a POST faster than this is a bot (``NEWSLETTER_FORM_MIN_SECONDS``)."""
    return getattr(settings, "NEWSLETTER_FORM_MIN_SECONDS", 2)


#: The last token made: every page carries the form, and within one second the token is the same anyway.
_last_token: tuple[tuple, str] = ((), "")


def subscribe_form_token(version: str = FORM_VERSION) -> str:
    global _last_token
    key = (version, int(time.time()), settings.SECRET_KEY)
    if _last_token[0] != key:
        token = signing.dumps({"v": version, "t": key[1]}, salt=FORM_TOKEN_SALT, compress=True)
        _last_token = (key, token)
    return _last_token[1]


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Je e-mailadres"),
        max_length=254,
        error_messages={
            "required": _("Vul je e-mailadres in, bijvoorbeeld naam@voorbeeld.nl."),
            "invalid": _("Dit is geen geldig e-mailadres. Controleer het, bijvoorbeeld naam@voorbeeld.nl."),
            "max_length": _("Dit e-mailadres is te lang: gebruik hoogstens %(limit_value)d tekens."),
        },
    )
    website = forms.CharField(required=False)
    token = forms.CharField(required=False)

    #: Set by ``clean``: a bot filled in the honeypot or the token says the form was posted too fast.
    looks_automated = False
    form_version = FORM_VERSION

    def clean_email(self) -> str:
        local, _, domain = self.cleaned_data["email"].strip().rpartition("@")
        return f"{local}@{domain.lower()}"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            self.looks_automated = True
            return cleaned
        try:
            payload = signing.loads(cleaned.get("token") or "", salt=FORM_TOKEN_SALT, max_age=form_max_age())
        except signing.SignatureExpired:
            raise forms.ValidationError(
                _("Het formulier stond te lang open. Vul je e-mailadres opnieuw in en verstuur het nog eens."),
                code="expired",
            ) from None
        except signing.BadSignature:
            self.looks_automated = True
            return cleaned
        if time.time() - payload.get("t", 0) < form_min_seconds():
            self.looks_automated = True
        self.form_version = str(payload.get("v", FORM_VERSION))[:40]
        return cleaned
