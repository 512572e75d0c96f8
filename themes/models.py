from django.db import models
from django.db.models import Max
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from wijkwijzer.reversing import cached_reverse


def next_theme_order() -> int:
    """A new theme comes after the others in every list, unless an editor gives it a place (it came first)."""
    return (Theme.objects.aggregate(last=Max("order"))["last"] or 0) + 1


class Theme(models.Model):
    """A subject the site's content is about, such as ‘wonen’ or ‘veiligheid en criminaliteit’."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    introduction = models.TextField(
        _("introductie"), blank=True, help_text=_("Een korte inleiding bovenaan de themapagina.")
    )
    order = models.PositiveIntegerField(
        _("volgorde"), default=next_theme_order, help_text=_("Lagere nummers staan eerder in overzichten.")
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("thema")
        verbose_name_plural = _("thema’s")
        constraints = [
            # ‘Wonen’ next to ‘wonen’ listed the theme twice.
            models.UniqueConstraint(
                Lower("name"),
                name="theme_name_unique_ignoring_case",
                violation_error_message=_("Er is al een thema met deze naam (hoofdletters tellen niet mee)."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return cached_reverse("themes:detail", kwargs={"slug": self.slug})


class Audience(models.Model):
    """Who an item is for: bewoners, professionals, beleidsmakers, bestuurders."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    order = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("doelgroep")
        verbose_name_plural = _("doelgroepen")

    def __str__(self) -> str:
        return self.name
