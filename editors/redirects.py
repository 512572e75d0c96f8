"""Old addresses keep working: a changed slug leaves a permanent redirect to the item's current address.

The slugs an item, theme or partner had are kept (``SlugRedirect``, by signals on every save); the middleware
answers an address with an old slug, where the view found nothing, with a redirect to the same address with the
current slug.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save, pre_save
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import ResolverMatch, reverse


def _models_with_old_slugs() -> list[type]:
    """Every model whose slug is in a public address: the publishable items, themes and partners."""
    from django.apps import apps

    from partners.models import Partner
    from themes.models import Theme
    from wijkwijzer.publishing import Publishable

    return [model for model in apps.get_models() if issubclass(model, Publishable)] + [Theme, Partner]


def remember_old_slug(sender, instance, raw=False, **kwargs) -> None:
    if raw or instance.pk is None:
        return
    old = sender._default_manager.filter(pk=instance.pk).values_list("slug", flat=True).first()
    instance._old_slug = old if old and old != instance.slug else None


def record_slug_change(sender, instance, created=False, raw=False, **kwargs) -> None:
    old = getattr(instance, "_old_slug", None)
    if raw or not (old or created):
        return
    from editors.models import SlugRedirect

    content_type = ContentType.objects.get_for_model(sender)
    if old:
        SlugRedirect.objects.update_or_create(
            content_type=content_type, old_slug=old, defaults={"object_id": instance.pk}
        )
        instance._old_slug = None
    # A slug that an item holds now is its own address, no longer a redirect to whichever item had it before (this
    # one or another: else the other's old address would lead from this item's download or calendar file to the
    # other's, or two items that swapped slugs would send visitors round in circles).
    SlugRedirect.objects.filter(content_type=content_type, old_slug=instance.slug).delete()


def forget_old_slugs(sender, instance, **kwargs) -> None:
    """A deleted item's old slugs lead nowhere: its redirects go with it."""
    from editors.models import SlugRedirect

    SlugRedirect.objects.filter(content_type=ContentType.objects.get_for_model(sender), object_id=instance.pk).delete()


def connect_signals() -> None:
    for model in _models_with_old_slugs():
        pre_save.connect(remember_old_slug, sender=model, dispatch_uid=f"slug-history-pre-{model._meta.label}")
        post_save.connect(record_slug_change, sender=model, dispatch_uid=f"slug-history-post-{model._meta.label}")
        post_delete.connect(forget_old_slugs, sender=model, dispatch_uid=f"slug-history-delete-{model._meta.label}")


def current_slug_for_old_slug(model, slug: str) -> str | None:
    """The current slug of the item (published, if it can be unpublished) that had ``slug`` before, or None."""
    from editors.models import SlugRedirect

    object_id = (
        SlugRedirect.objects.filter(content_type=ContentType.objects.get_for_model(model), old_slug=slug)
        .values_list("object_id", flat=True)
        .first()
    )
    if object_id is None:
        return None
    items = model.objects.published() if hasattr(model.objects, "published") else model.objects.all()
    return items.filter(pk=object_id).values_list("slug", flat=True).first()


def _slug_model(match: ResolverMatch) -> type | None:
    """Whose slug the ``slug`` of an address is: the item's own page, its download or calendar file, or the feed
    of a theme or partner. By URL namespace, and by name for the feeds: a new address with a slug of another
    model's needs a line here, or its old slugs are not redirected."""
    from articles.models import Article
    from calls.models import Call
    from events.models import Event
    from partners.models import Partner
    from themes.models import Theme

    if match.url_name in ("theme_feed", "theme-rss", "theme-atom"):
        return Theme
    if match.url_name in ("partner_feed", "partner-rss", "partner-atom"):
        return Partner
    namespaces = {"articles": Article, "calls": Call, "events": Event, "themes": Theme, "partners": Partner}
    return namespaces.get(match.namespace)


class OldSlugRedirectMiddleware:
    """An address with a slug that its item had before answers with a permanent redirect to the same address with
    the current slug: the item's page, its download, its calendar file, and a theme's or partner's page and feeds.
    Only where the view found nothing (``Http404``), so a current slug never costs a query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Http404) or request.method not in ("GET", "HEAD"):
            return None
        match = request.resolver_match
        if match is None or "slug" not in match.kwargs:
            return None
        model = _slug_model(match)
        old = match.kwargs["slug"]
        slug = current_slug_for_old_slug(model, old) if model else None
        if slug is None or slug == old or model.objects.filter(slug=old).exists():
            return None  # the slug is an item's own (a draft, an item without a download): its 404 stands
        url = reverse(match.view_name, args=match.args, kwargs={**match.kwargs, "slug": slug})
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)
