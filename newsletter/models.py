"""The newsletter: editions composed from site items, double opt-in subscribers and a delivery ledger.

The ledger (``Delivery``) is what makes sending safe: one row per (edition, subscriber) under a unique
constraint, created before any mail leaves, moved pending → sending → sent / failed by the workers in
``newsletter/sending.py``. A row left in ``sending`` by a worker that died is marked ``uncertain`` for an
editor to inspect; it is never sent again by itself.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from wijkwijzer.reversing import cached_reverse


class Section(models.TextChoices):
    VERDIEPEN = "verdiepen", _("Verdiepen")
    MEEDOEN = "meedoen", _("Meedoen")
    AGENDA = "agenda", _("Uitgelichte activiteiten")


#: Which item field each section uses.
SECTION_FIELDS = {Section.VERDIEPEN: "article", Section.MEEDOEN: "call", Section.AGENDA: "event"}

#: Paths under /nieuwsbrief/ that are pages of their own, so no edition may take them as its slug.
RESERVED_SLUGS = frozenset({"aanmelden", "bevestigen", "afmelden", "anymail"})


@dataclass
class EditionSection:
    key: str
    title: str
    items: list[EditionItem]


class EditionQuerySet(models.QuerySet):
    def archived(self) -> EditionQuerySet:
        """Editions readers may see on the site, newest first: those sent and those being sent. An edition is
        in the archive from the moment its sending starts, as the first mails link to it ("Bekijk in je
        browser"); sending to many subscribers can take a while."""
        return self.exclude(status=Edition.Status.DRAFT).order_by("-issue_date", F("sent_at").desc(nulls_first=True))

    def with_progress(self) -> EditionQuerySet:
        """Count the ledger rows of each edition by state, in the same query."""
        states = Delivery.Status
        return self.annotate(
            deliveries_total=Count("deliveries"),
            deliveries_sent=Count("deliveries", filter=Q(deliveries__status=states.SENT)),
            deliveries_failed=Count("deliveries", filter=Q(deliveries__status__in=[states.FAILED, states.UNCERTAIN])),
            deliveries_to_go=Count("deliveries", filter=Q(deliveries__status__in=[states.PENDING, states.SENDING])),
        )


class Edition(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Concept")
        SENDING = "sending", _("Wordt verstuurd")
        SENT = "sent", _("Verstuurd")

    title = models.CharField(
        _("titel"), max_length=200, help_text=_("Bijvoorbeeld ‘Update platform WijkWijzer Voorjaar 2022’.")
    )
    slug = models.SlugField(
        _("slug"), max_length=200, unique=True, help_text=_("Het laatste deel van het webadres in het archief.")
    )
    issue_date = models.DateField(_("datum van de editie"))
    introduction = models.TextField(_("inleiding"), help_text=_("Alinea’s scheiden met een witregel."))
    closing = models.TextField(_("slottekst"), blank=True, help_text=_("Alinea’s scheiden met een witregel."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("editie")
        verbose_name_plural = _("edities")
        ordering = ["-issue_date", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="edition_sent_has_sent_at",
                violation_error_message=_("Een verzonden editie heeft een verzendmoment."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return cached_reverse("newsletter:detail", kwargs={"slug": self.slug})

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def clean(self) -> None:
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {
                    "slug": _("‘%(slug)s’ is al een pagina van de nieuwsbrief; kies een ander webadres.")
                    % {"slug": self.slug}
                }
            )

    def _items(self, *, online: bool) -> list[EditionItem]:
        """The items that are online (or not), in the order of their sections and places, in one query."""
        sections = list(Section.values)
        items = self.items.select_related("article", "call", "event")
        return sorted(
            (item for item in items if item.item is not None and item.item.is_published == online),
            key=lambda item: (sections.index(item.section), item.order, item.pk),
        )

    def offline_items(self) -> list[EditionItem]:
        """The items that are not online (a draft, planned for later, expired): the mail leaves them out."""
        return self._items(online=False)

    def sections(self) -> list[EditionSection]:
        """The three sections with their items in order, in one query; items no longer online are left out."""
        items = self._items(online=True)
        return [
            EditionSection(key=key, title=label, items=[item for item in items if item.section == key])
            for key, label in Section.choices
        ]


#: Django's own message named the fields: "Item van de editie met deze Editie en Verdiepen-item bestaat al."
ALREADY_IN_EDITION = _("Dit item staat al in deze editie.")


class EditionItem(models.Model):
    """One item of a section of an edition: an article, a call or an event from the site."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="items", verbose_name=_("editie"))
    section = models.CharField(_("rubriek"), max_length=10, choices=Section.choices)
    order = models.PositiveIntegerField(_("volgorde"), default=0)
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("Verdiepen-item")
    )
    call = models.ForeignKey(
        "calls.Call", on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("Meedoen-oproep")
    )
    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("activiteit")
    )
    blurb = models.TextField(
        _("eigen tekst"),
        blank=True,
        help_text=_("Laat leeg om de samenvatting van het item te gebruiken."),
    )

    class Meta:
        verbose_name = _("item van de editie")
        verbose_name_plural = _("items van de editie")
        ordering = ["edition", "section", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(section="verdiepen", article__isnull=False, call__isnull=True, event__isnull=True)
                    | Q(section="meedoen", article__isnull=True, call__isnull=False, event__isnull=True)
                    | Q(section="agenda", article__isnull=True, call__isnull=True, event__isnull=False)
                ),
                name="edition_item_matches_section",
                violation_error_message=_("Kies precies één item dat bij de rubriek past."),
            ),
            models.UniqueConstraint(
                fields=["edition", "article"],
                name="edition_item_unique_article",
                violation_error_message=ALREADY_IN_EDITION,
            ),
            models.UniqueConstraint(
                fields=["edition", "call"], name="edition_item_unique_call", violation_error_message=ALREADY_IN_EDITION
            ),
            models.UniqueConstraint(
                fields=["edition", "event"],
                name="edition_item_unique_event",
                violation_error_message=ALREADY_IN_EDITION,
            ),
        ]

    def __str__(self) -> str:
        item = self.item
        return str(item) if item is not None else self.get_section_display()

    @property
    def item(self):
        return getattr(self, SECTION_FIELDS[Section(self.section)], None) if self.section else None

    @property
    def text(self) -> str:
        """The editor's blurb, or else the summary of the item."""
        item = self.item
        return self.blurb.strip() or (item.summary if item is not None else "")


def new_token() -> str:
    return secrets.token_urlsafe(24)


class SubscriberQuerySet(models.QuerySet):
    def subscribed(self) -> SubscriberQuerySet:
        return self.filter(status=Subscriber.Status.SUBSCRIBED)


class Subscriber(models.Model):
    """A confirmed address. Addresses that asked to subscribe but did not confirm are not stored at all."""

    class Status(models.TextChoices):
        SUBSCRIBED = "subscribed", _("Aangemeld")
        UNSUBSCRIBED = "unsubscribed", _("Afgemeld")
        BOUNCED = "bounced", _("Onbestelbaar")
        COMPLAINED = "complained", _("Als spam gemeld")

    email = models.EmailField(_("e-mailadres"), max_length=254)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SUBSCRIBED)
    #: Opaque, random and per subscriber: the only key in the unsubscribe address.
    token = models.CharField(_("afmeldsleutel"), max_length=64, unique=True, default=new_token, editable=False)
    requested_at = models.DateTimeField(_("aanmelding gevraagd op"))
    consent_at = models.DateTimeField(_("toestemming gegeven op"))
    consent_form_version = models.CharField(_("versie van het aanmeldformulier"), max_length=40)
    unsubscribed_at = models.DateTimeField(_("afgemeld op"), null=True, blank=True)
    deactivation_reason = models.CharField(_("reden van afmelden"), max_length=200, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("abonnee")
        verbose_name_plural = _("abonnees")
        ordering = ["-consent_at"]
        constraints = [models.UniqueConstraint(Lower("email"), name="subscriber_email_unique_ci")]
        indexes = [models.Index(fields=["status"], name="subscriber_status_idx")]

    def __str__(self) -> str:
        return self.email

    @property
    def is_subscribed(self) -> bool:
        return self.status == self.Status.SUBSCRIBED


class Delivery(models.Model):
    """The ledger: one row per (edition, subscriber), created before any mail of the edition leaves."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Wacht")
        SENDING = "sending", _("Wordt verstuurd")
        SENT = "sent", _("Verstuurd")
        FAILED = "failed", _("Mislukt")
        UNCERTAIN = "uncertain", _("Onzeker: controleren")
        SKIPPED = "skipped", _("Overgeslagen (afgemeld)")

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="deliveries", verbose_name=_("editie"))
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("abonnee")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    #: The worker run that reserved or is sending this row (see ``sending.WorkerLease``).
    claimed_by = models.IntegerField(_("verzender"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("opgepakt op"), null=True, blank=True)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    error = models.TextField(_("foutmelding"), blank=True)

    class Meta:
        verbose_name = _("verzending")
        verbose_name_plural = _("verzendingen")
        ordering = ["edition", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "subscriber"], name="delivery_once_per_subscriber"),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="delivery_sent_has_sent_at",
                violation_error_message=_("Een verzonden mail heeft een verzendmoment."),
            ),
        ]
        indexes = [models.Index(fields=["edition", "status"], name="delivery_edition_status_idx")]

    def __str__(self) -> str:
        return f"{self.edition} → {self.subscriber}"
