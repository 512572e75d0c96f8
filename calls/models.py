from __future__ import annotations

import datetime

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkwijzer.publishing import Publishable, PublishableQuerySet


def _open_condition(now: datetime.datetime) -> Q:
    """A call is open through its deadline day (or until its deadline time on that day)."""
    local = timezone.localtime(now)
    today, time_now = local.date(), local.time()
    return (
        Q(deadline_date__isnull=True)
        | Q(deadline_date__gt=today)
        | Q(deadline_date=today, deadline_time__isnull=True)
        | Q(deadline_date=today, deadline_time__gt=time_now)
    )


class CallQuerySet(PublishableQuerySet):
    def open(self, at: datetime.datetime | None = None) -> CallQuerySet:
        """Published calls whose deadline has not passed, soonest deadline first."""
        moment = at or timezone.now()
        return (
            self.published(moment)
            .filter(_open_condition(moment))
            .order_by(F("deadline_date").asc(nulls_last=True), "deadline_time", "title")
        )

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
        help_text=_("Laatste dag waarop men zich kan aanmelden. Leeg laten als de oproep altijd open staat."),
    )
    deadline_time = models.TimeField(
        _("tijdstip deadline"),
        null=True,
        blank=True,
        help_text=_("Optioneel: tot hoe laat op de deadlinedag. Leeg betekent tot het einde van die dag."),
    )
    action_label = models.CharField(
        _("tekst van de knop"), max_length=80, default="Meld je aan", help_text=_("Bijvoorbeeld ‘Meld je aan’.")
    )
    action_url = models.URLField(_("link van de knop"), max_length=500, blank=True)

    objects = CallQuerySet.as_manager()
    url_namespace = "calls"

    class Meta(Publishable.Meta):
        verbose_name = _("Meedoen-oproep")
        verbose_name_plural = _("Meedoen-oproepen")
        # Covers what ``open()`` reads, so counting the open calls is an index-only scan.
        indexes = [
            models.Index(
                fields=["status", "publish_from"],
                include=["publish_until", "deadline_date", "deadline_time"],
                name="call_status_pub_idx",
            )
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

    @property
    def is_open(self) -> bool:
        if self.deadline_date is None:
            return True
        # The site's own time zone (no other is ever activated); cheaper than localtime() on every card.
        now = timezone.now().astimezone(timezone.get_default_timezone())
        if self.deadline_date != now.date():
            return self.deadline_date > now.date()
        return self.deadline_time is None or self.deadline_time > now.time()
