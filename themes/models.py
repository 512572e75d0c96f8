from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkwijzer.reversing import cached_reverse


class Theme(models.Model):
    """A subject the site's content is about, such as ‘wonen’ or ‘veiligheid en criminaliteit’."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    introduction = models.TextField(
        _("introductie"), blank=True, help_text=_("Een korte inleiding bovenaan de themapagina.")
    )
    order = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("thema")
        verbose_name_plural = _("thema’s")

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
