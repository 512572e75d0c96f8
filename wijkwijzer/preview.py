"""Previews: an item as it will look, in its real public template, marked ‘Voorbeeld’.

Editors preview from the admin. For a reviewer without an account an editor makes a share link: a signed
token naming a ``PreviewLink`` row, valid until its expiry moment and until someone revokes it. Preview
responses are never indexed (``X-Robots-Tag`` and a robots meta tag), never cached and send no referrer, so the
token does not leak through links on the page.
"""

from __future__ import annotations

import datetime
import zlib

from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import resolve, reverse
from django.utils import timezone

from editors.models import PreviewLink

SALT = "wijkwijzer.preview-link"
#: How long a share link can stay valid, and the choice offered to editors (days).
LIFETIME_CHOICES = (1, 7, 30)
DEFAULT_LIFETIME_DAYS = 7


def context_processor(request: HttpRequest) -> dict:
    """``preview`` in every template: None, or what the ‘Voorbeeld’ banner says."""
    return {"preview": getattr(request, "wijkwijzer_preview", None)}


def render_preview(request: HttpRequest, item, *, link: PreviewLink | None = None) -> HttpResponse:
    """``item`` in the template of its public detail page, whatever its status, marked ‘Voorbeeld’."""
    item = type(item).objects.with_relations().get(pk=item.pk)
    match = resolve(item.get_absolute_url())
    view_class = getattr(match.func, "view_class", None)
    if view_class is None:
        raise Http404
    view = view_class(**getattr(match.func, "view_initkwargs", {}))
    view.setup(request, *match.args, **match.kwargs)
    view.object = item
    request.wijkwijzer_preview = {
        "item": item,
        "state": item.publication_state,
        "link": link,
        "expires_at": link.expires_at if link else None,
    }
    context = view.get_context_data(object=item)
    response = TemplateResponse(request, view.get_template_names(), context)
    response.render()
    return mark_private(response)


def mark_private(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


# --- Share links ---


def preview_link_create(*, item, user, days: int = DEFAULT_LIFETIME_DAYS) -> PreviewLink:
    if days not in LIFETIME_CHOICES:
        raise ValueError(f"a preview link lives {LIFETIME_CHOICES} days, not {days}")
    return PreviewLink.objects.create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        created_by=user,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )


def preview_link_revoke(*, link: PreviewLink) -> None:
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])


def links_for(item):
    return PreviewLink.objects.filter(
        content_type=ContentType.objects.get_for_model(item), object_id=item.pk
    ).select_related("created_by")


def token_for(link: PreviewLink) -> str:
    """The signed part of a link's address: the same every time, so the address an editor shared stays the one the
    admin shows. How long it works is the link's own ``expires_at``, checked on every visit."""
    return signing.Signer(salt=SALT).sign_object([link.pk, link.nonce], compress=True)


def url_for(link: PreviewLink) -> str:
    return reverse("preview", kwargs={"token": token_for(link)})


def link_from_token(token: str) -> PreviewLink | None:
    """The active link a token names; None for a forged, expired or revoked one."""
    try:
        pk, nonce = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError, zlib.error):
        return None
    return PreviewLink.objects.active().filter(pk=pk, nonce=nonce).select_related("content_type").first()


def shared_preview(request: HttpRequest, token: str) -> HttpResponse:
    """The public address of a share link: the item's preview for anyone who has the link."""
    link = link_from_token(token)
    if link is None:
        response = TemplateResponse(request, "preview/expired.html", status=404)
        response.render()
        return mark_private(response)
    model = link.content_type.model_class()
    item = model._default_manager.filter(pk=link.object_id).first() if model else None
    if item is None:
        raise Http404
    return render_preview(request, item, link=link)
