"""Old addresses keep working: a changed slug leaves a permanent redirect to the item's current address."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save, pre_save
from django.http import Http404, HttpResponsePermanentRedirect


def _publishable_models() -> list[type]:
    from django.apps import apps

    from wijkwijzer.publishing import Publishable

    return [model for model in apps.get_models() if issubclass(model, Publishable)]


def remember_old_slug(sender, instance, raw=False, **kwargs) -> None:
    if raw or instance.pk is None:
        return
    old = sender._default_manager.filter(pk=instance.pk).values_list("slug", flat=True).first()
    instance._old_slug = old if old and old != instance.slug else None


def record_slug_change(sender, instance, raw=False, **kwargs) -> None:
    old = getattr(instance, "_old_slug", None)
    if raw or not old:
        return
    from editors.models import SlugRedirect

    content_type = ContentType.objects.get_for_model(sender)
    SlugRedirect.objects.update_or_create(content_type=content_type, old_slug=old, defaults={"object_id": instance.pk})
    # The item's current slug is its own address again, not a redirect (it may have had this slug before).
    SlugRedirect.objects.filter(content_type=content_type, old_slug=instance.slug, object_id=instance.pk).delete()
    instance._old_slug = None


def forget_old_slugs(sender, instance, **kwargs) -> None:
    """A deleted item's old slugs lead nowhere: its redirects go with it."""
    from editors.models import SlugRedirect

    SlugRedirect.objects.filter(content_type=ContentType.objects.get_for_model(sender), object_id=instance.pk).delete()


def connect_signals() -> None:
    for model in _publishable_models():
        pre_save.connect(remember_old_slug, sender=model, dispatch_uid=f"slug-history-pre-{model._meta.label}")
        post_save.connect(record_slug_change, sender=model, dispatch_uid=f"slug-history-post-{model._meta.label}")
        post_delete.connect(forget_old_slugs, sender=model, dispatch_uid=f"slug-history-delete-{model._meta.label}")


def current_url_for_old_slug(model, slug: str) -> str | None:
    """The address of the published item that had ``slug`` before, or None."""
    from editors.models import SlugRedirect

    object_id = (
        SlugRedirect.objects.filter(content_type=ContentType.objects.get_for_model(model), old_slug=slug)
        .values_list("object_id", flat=True)
        .first()
    )
    if object_id is None:
        return None
    item = model.objects.published().filter(pk=object_id).only("slug").first()
    return item.get_absolute_url() if item else None


class RedirectOldSlugMixin:
    """For a detail view of a publishable item: an unknown slug that the item had before redirects (301)."""

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            url = current_url_for_old_slug(self.model, kwargs["slug"])
            if url is None:
                raise
            return HttpResponsePermanentRedirect(url)
