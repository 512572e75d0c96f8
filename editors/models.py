"""The editors' workflow: who edits for which organisation, old slugs, and shared preview links."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Membership(models.Model):
    """A user edits on behalf of a partner organisation: a ‘Redacteur’ of that organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="editor_memberships",
        verbose_name=_("gebruiker"),
    )
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.CASCADE,
        related_name="editor_memberships",
        verbose_name=_("organisatie"),
        help_text=_("De redacteur ziet en bewerkt alleen de items van deze organisatie."),
    )

    class Meta:
        verbose_name = _("redacteur van organisatie")
        verbose_name_plural = _("redacteuren van organisaties")
        constraints = [models.UniqueConstraint(fields=["user", "partner"], name="membership_unique_user_partner")]
        permissions = [("edit_all_organisations", _("Mag de inhoud van alle organisaties bewerken"))]

    def __str__(self) -> str:
        return f"{self.user} – {self.partner}"


class SlugRedirect(models.Model):
    """An old slug of an item: its old address answers with a permanent redirect to the current one."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("soort inhoud"))
    old_slug = models.SlugField(_("oude slug"), max_length=200)
    object_id = models.PositiveBigIntegerField(_("item"))
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    item = GenericForeignKey("content_type", "object_id")

    class Meta:
        verbose_name = _("doorverwijzing van een oude slug")
        verbose_name_plural = _("doorverwijzingen van oude slugs")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "old_slug"], name="slugredirect_unique_old_slug")
        ]

    def __str__(self) -> str:
        return self.old_slug


def _new_nonce() -> str:
    return secrets.token_urlsafe(24)


class PreviewLinkQuerySet(models.QuerySet):
    def active(self, at=None) -> PreviewLinkQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=at or timezone.now())


class PreviewLink(models.Model):
    """A link that shows an unpublished item to someone without an account, until it expires or is revoked."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("soort inhoud"))
    object_id = models.PositiveBigIntegerField(_("item"))
    item = GenericForeignKey("content_type", "object_id")
    nonce = models.CharField(max_length=64, default=_new_nonce, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gemaakt door"),
    )
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)
    expires_at = models.DateTimeField(_("geldig tot"))
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("voorbeeldlink")
        verbose_name_plural = _("voorbeeldlinks")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="previewlink_item_idx")]

    def __str__(self) -> str:
        return f"{self.content_type} {self.object_id} ({self.expires_at:%Y-%m-%d %H:%M})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
