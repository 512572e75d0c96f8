from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkwijzer.reversing import cached_reverse


class Partner(models.Model):
    """One of the organisations that run WijkWijzer together."""

    name = models.CharField(_("naam"), max_length=200, unique=True)
    short_name = models.CharField(
        _("korte naam"), max_length=40, help_text=_("Afkorting of roepnaam, zoals ‘LSA’ of ‘CCV’.")
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    logo = models.ImageField(
        _("logo"),
        upload_to="partners/",
        blank=True,
        width_field="logo_width",
        height_field="logo_height",
        help_text=_(
            "Het logo van de organisatie, als PNG of WebP met een doorzichtige achtergrond, liefst minstens 400 "
            "pixels breed. Het staat op de pagina van de organisatie en in het overzicht van partners."
        ),
    )
    logo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    logo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    description = models.TextField(_("beschrijving"), blank=True)
    website = models.URLField(_("website"), blank=True)
    order = models.PositiveIntegerField(
        _("volgorde"), default=0, help_text=_("Lagere nummers staan eerder in overzichten.")
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("partnerorganisatie")
        verbose_name_plural = _("partnerorganisaties")

    def __str__(self) -> str:
        return self.short_name if self.short_name == self.name else f"{self.name} ({self.short_name})"

    def get_absolute_url(self) -> str:
        return cached_reverse("partners:detail", kwargs={"slug": self.slug})
