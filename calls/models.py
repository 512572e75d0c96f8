from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, MaxValueValidator, URLValidator
from django.db import models
from django.db.models import BooleanField, F, OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkwijzer.publishing import Publishable, PublishableQuerySet

#: The deadline of a call without one, for ordering and for the index of open calls: after every real deadline (the
#: field takes none this late).
NO_DEADLINE = datetime.date(9999, 12, 31)
#: The deadline for ordering and for the index ``call_open_order_idx``. The last day is written into the SQL: as a
#: parameter it would not match the index's expression in a prepared statement.
DEADLINE_ORDER = Coalesce(
    "deadline_date", RawSQL(f"DATE '{NO_DEADLINE.isoformat()}'", (), output_field=models.DateField())
)


def _open_condition(now: datetime.datetime) -> Q:
    """A call is open through its deadline day (or until its deadline time on that day).

    Written as a range of ``DEADLINE_ORDER`` from today, which starts a scan of the index ``call_open_order_idx``
    there (the closed calls, over the years most of them, are not read), less the calls whose deadline time today
    has passed. PostgreSQL's estimate of "all but a few" for the latter keeps it reading that index in order for a
    page of calls, in the plans it makes for any values (prepared statements). (An upper end to the range made it
    count the open calls from the index alone, but then read and sort all open calls for a page of them.)
    """
    local = timezone.localtime(now)
    today, time_now = local.date(), local.time()
    return Q(GreaterThanOrEqual(DEADLINE_ORDER, today)) & ~Q(deadline_date=today, deadline_time__lte=time_now)


def _linked(name: str, related) -> Subquery:
    """Whether the call has the partner or theme (``name``) ``related`` (an instance or an id): a look-up of the
    call in the link table.

    A scalar subquery, which PostgreSQL leaves a test on each row, unlike a join or ``EXISTS``: in the generic plan
    of a prepared statement (partner and day unknown) the join's estimates made it hash every open call and every
    link of the partner (2.5 ms on the benchmark) to keep the first seven, where reading the open calls in order
    and testing each one stops at the seventh (0.3 ms). For a partner with few open calls it reads all open calls,
    as the join did.
    """
    field = Call._meta.get_field(name)
    probe = field.remote_field.through.objects.filter(
        **{field.m2m_field_name(): OuterRef("pk"), field.m2m_reverse_field_name(): getattr(related, "pk", related)}
    )
    return Subquery(probe.values(found=RawSQL("TRUE", (), output_field=BooleanField()))[:1])


def validate_action_link(value: str) -> None:
    """A web address (http or https), or ``mailto:`` with one e-mail address: a call's sign-up is often by mail."""
    if value.lower().startswith("mailto:"):
        # A code of its own: a form field puts its own message ("Voer een geldige URL in.") over code "invalid".
        EmailValidator(message=_("Vul na ‘mailto:’ één geldig e-mailadres in."), code="invalid_mailto")(
            value[len("mailto:") :]
        )
    else:
        URLValidator(schemes=["http", "https"])(value)


class ActionLinkFormField(forms.URLField):
    """``forms.URLField`` (it adds ‘https://’ to a typed ‘www.…’) that leaves a ``mailto:`` link as it is."""

    default_validators = [validate_action_link]

    def to_python(self, value):
        if isinstance(value, str) and value.strip().lower().startswith("mailto:"):
            return value.strip()
        return super().to_python(value)


class ActionLinkField(models.URLField):
    """A URL field that also takes ``mailto:`` links (Django's allows http, https, ftp and ftps only)."""

    default_validators = [validate_action_link]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ActionLinkFormField, **kwargs})


class CallQuerySet(PublishableQuerySet):
    def for_partner(self, partner) -> CallQuerySet:
        return self.filter(_linked("partners", partner))

    def for_theme(self, theme) -> CallQuerySet:
        return self.filter(_linked("themes", theme))

    def open(self, at: datetime.datetime | None = None) -> CallQuerySet:
        """Published calls whose deadline has not passed, soonest deadline first."""
        moment = at or timezone.now()
        return self.published(moment).filter(_open_condition(moment)).order_by(DEADLINE_ORDER, "deadline_time", "title")

    def closed(self, at: datetime.datetime | None = None) -> CallQuerySet:
        """Published calls whose deadline has passed, most recently closed first."""
        moment = at or timezone.now()
        return self.published(moment).exclude(_open_condition(moment)).order_by("-deadline_date", "title")


class Call(Publishable):
    """A Meedoen item: a call to sign up for a lab, a programme, a prize or a platform."""

    deadline_date = models.DateField(
        _("deadline"),
        null=True,
        blank=True,
        db_index=True,
        validators=[
            MaxValueValidator(
                NO_DEADLINE - datetime.timedelta(days=1),
                message=_(
                    "Kies een deadline vóór 31 december 9999, of laat het veld leeg als de oproep altijd open staat."
                ),
            )
        ],
        help_text=_("Laatste dag waarop men zich kan aanmelden. Leeg laten als de oproep altijd open staat."),
    )
    deadline_time = models.TimeField(
        _("tijdstip deadline"),
        null=True,
        blank=True,
        help_text=_("Optioneel: tot hoe laat op de deadlinedag. Leeg betekent tot het einde van die dag."),
    )
    action_label = models.CharField(
        _("tekst van de knop"),
        max_length=80,
        blank=True,
        default="Meld je aan",
        help_text=_("Bijvoorbeeld ‘Meld je aan’. Nodig als er een link is: zonder link is er geen knop."),
    )
    action_url = ActionLinkField(
        _("link van de knop"),
        max_length=500,
        blank=True,
        help_text=_("Een webadres, of ‘mailto:’ met een e-mailadres, zoals mailto:aanmelden@movisie.nl."),
    )

    objects = CallQuerySet.as_manager()
    url_namespace = "calls"

    class Meta(Publishable.Meta):
        verbose_name = _("Meedoen-oproep")
        verbose_name_plural = _("Meedoen-oproepen")
        indexes = [
            # The open calls in their order, from today on (``open()``): the first of a page without passing the
            # closed calls. It holds every column the count of open calls tests, so that can read it alone too.
            models.Index(
                DEADLINE_ORDER,
                "deadline_time",
                "title",
                include=["status", "publish_from", "publish_until", "deadline_date"],
                name="call_open_order_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline_time__isnull=True) | Q(deadline_date__isnull=False),
                name="call_deadline_time_needs_date",
                violation_error_message=_("Vul ook de deadline in, of laat het tijdstip van de deadline leeg."),
            ),
            models.CheckConstraint(
                condition=Q(publish_until__isnull=True) | Q(publish_until__gt=F("publish_from")),
                name="call_publish_window_valid",
                violation_error_message=_("‘Publiceren tot’ moet na ‘publiceren vanaf’ liggen."),
            ),
        ]

    def clean(self) -> None:
        errors: dict = {}
        try:
            super().clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if self.action_url and not self.action_label.strip():
            errors["action_label"] = _("Vul de tekst van de knop in, bijvoorbeeld ‘Meld je aan’, of laat de link leeg.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        if self.deadline_date is None:
            return True
        # The site's own time zone (no other is ever activated); cheaper than localtime() on every card.
        now = timezone.now().astimezone(timezone.get_default_timezone())
        if self.deadline_date != now.date():
            return self.deadline_date > now.date()
        return self.deadline_time is None or self.deadline_time > now.time()
