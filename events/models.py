from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkwijzer.publishing import Publishable, PublishableQuerySet


class EventQuerySet(PublishableQuerySet):
    def with_last_day(self) -> EventQuerySet:
        return self.annotate(last_day=Coalesce("end_date", "start_date"))

    def upcoming(self, at: datetime.datetime | None = None) -> EventQuerySet:
        """Published events whose last day has not passed yet (in Amsterdam), soonest first."""
        moment = at or timezone.now()
        today = timezone.localtime(moment).date()
        return (
            self.published(moment)
            .with_last_day()
            .filter(last_day__gte=today)
            .order_by("start_date", F("start_time").asc(nulls_first=True), "title")
        )

    def past(self, at: datetime.datetime | None = None) -> EventQuerySet:
        """Published events whose last day has passed, most recent first."""
        moment = at or timezone.now()
        today = timezone.localtime(moment).date()
        return self.published(moment).with_last_day().filter(last_day__lt=today).order_by("-start_date", "title")

    def featured(self) -> EventQuerySet:
        return self.filter(featured=True)


class Event(Publishable):
    """An Agenda item: a conference, webinar, meeting or festival on one or more days."""

    class Attendance(models.TextChoices):
        ON_LOCATION = "location", _("Op locatie")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Op locatie en online")

    start_date = models.DateField(_("begindatum"), db_index=True)
    end_date = models.DateField(
        _("einddatum"), null=True, blank=True, help_text=_("Alleen invullen als de activiteit meer dagen duurt.")
    )
    start_time = models.TimeField(_("begintijd"), null=True, blank=True)
    end_time = models.TimeField(_("eindtijd"), null=True, blank=True)
    attendance = models.CharField(_("vorm"), max_length=10, choices=Attendance.choices, default=Attendance.ON_LOCATION)
    venue = models.CharField(_("locatie"), max_length=200, blank=True, help_text=_("Naam van de zaal of het gebouw."))
    address = models.CharField(_("adres"), max_length=200, blank=True)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    online_url = models.URLField(_("link voor online deelname"), max_length=500, blank=True)
    registration_url = models.URLField(_("link om je aan te melden"), max_length=500, blank=True)
    featured = models.BooleanField(
        _("uitgelicht"), default=False, db_index=True, help_text=_("Toon deze activiteit op de voorpagina.")
    )

    objects = EventQuerySet.as_manager()
    url_namespace = "events"

    class Meta(Publishable.Meta):
        ordering = ["start_date", "start_time"]
        verbose_name = _("activiteit")
        verbose_name_plural = _("Agenda")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="event_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(publish_until__isnull=True) | Q(publish_until__gt=F("publish_from")),
                name="event_publish_window_valid",
            ),
        ]

    def clean(self) -> None:
        super().clean()
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("De einddatum kan niet vóór de begindatum liggen.")})
        if (
            self.start_time
            and self.end_time
            and (not self.end_date or self.end_date == self.start_date)
            and self.end_time <= self.start_time
        ):
            raise ValidationError({"end_time": _("De eindtijd moet na de begintijd liggen.")})

    @property
    def last_date(self) -> datetime.date:
        return self.end_date or self.start_date

    @property
    def is_past(self) -> bool:
        return self.last_date < timezone.localdate()

    @property
    def is_multi_day(self) -> bool:
        return bool(self.end_date and self.end_date != self.start_date)
