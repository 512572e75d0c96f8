from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wijkwijzer import media
from wijkwijzer.publishing import Publishable


class Article(Publishable):
    """A Verdiepen item: an article, report, manifest, decision tree, magazine, research or episode."""

    class Kind(models.TextChoices):
        ARTICLE = "artikel", _("Artikel")
        REPORT = "rapport", _("Rapport")
        MANIFEST = "manifest", _("Manifest")
        DECISION_TREE = "beslisboom", _("Beslisboom")
        MAGAZINE = "magazine", _("Magazine")
        RESEARCH = "onderzoek", _("Onderzoek")
        EPISODE = "aflevering", _("Aflevering (podcast/video)")
        METHOD = "methode", _("Methode")

    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.ARTICLE, db_index=True)
    external_url = models.URLField(
        _("externe link"),
        max_length=500,
        blank=True,
        help_text=_("Link naar de publicatie op de website van de partner, als die daar staat."),
    )
    external_label = models.CharField(
        _("tekst van de externe link"),
        max_length=100,
        blank=True,
        help_text=_("Bijvoorbeeld ‘Lees het rapport’. Leeg laten geeft ‘Lees verder bij de partner’."),
    )
    download = models.FileField(
        _("download"),
        upload_to=media.download_path,
        max_length=255,
        blank=True,
        help_text=_("Een bestand om te downloaden, zoals een PDF van het rapport."),
    )

    url_namespace = "articles"

    def get_kind_display(self) -> str:
        """The kind's label, as Django's own method gives it, without rebuilding the choices on every call (it
        rebuilt them for every card in a list: 20 µs each)."""
        try:
            return str(self.Kind(self.kind).label)
        except ValueError:
            return self.kind

    class Meta(Publishable.Meta):
        verbose_name = _("Verdiepen-item")
        verbose_name_plural = _("Verdiepen-items")
        # Covers what ``published()`` reads, so counting the visible items is an index-only scan.
        indexes = [
            # With the id, counting the published items of a partner or theme reads only this index.
            models.Index(
                fields=["status", "-publish_from"], include=["publish_until", "id"], name="article_status_pub_id_idx"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(publish_until__isnull=True) | Q(publish_until__gt=models.F("publish_from")),
                name="article_publish_window_valid",
                violation_error_message=_("‘Publiceren tot’ moet na ‘publiceren vanaf’ liggen."),
            )
        ]
