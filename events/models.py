from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from wijkwijzer.bitmaps import FACET_BITS
from wijkwijzer.publishing import Publishable, PublishableQuerySet

#: Paths under /agenda/ that are pages of their own, so no event may take them as its slug.
RESERVED_SLUGS = frozenset({"archief", "abonneren"})

#: The dates an event can be on: a typing error (1900, 2202) is refused instead of filling the archive with a year
#: of its own, and the calendar export keeps room for the day after an event's last day.
FIRST_DAY, LAST_DAY = datetime.date(2000, 1, 1), datetime.date(2099, 12, 31)
_DATE_RANGE_MESSAGE = _("Vul een datum tussen 2000 en 2099 in.")
DATE_VALIDATORS = [
    MinValueValidator(FIRST_DAY, message=_DATE_RANGE_MESSAGE),
    MaxValueValidator(LAST_DAY, message=_DATE_RANGE_MESSAGE),
]


def _earliest_start_of_upcoming(today: datetime.date) -> RawSQL:
    """No upcoming event starts before this day: today, or the first day of a longer event that is on now.

    Redundant next to "the last day has not passed", but it lets PostgreSQL read the start-date index from there
    on, instead of stepping over every past event (the agenda keeps them all) on each page that lists upcoming
    events. Events of more days are few and have their own small index on the end date.
    """
    return RawSQL(
        # OFFSET 0 keeps the planner from turning MIN() into a walk along the start-date index, which in a
        # prepared statement's generic plan (the days unknown) would step over all past events after all. For
        # the same reason the events on now are only those whose end date has not passed: "and that started
        # before today" (what LEAST() leaves of the others anyway) gave the generic plan a range of the start-date
        # index to scan, every past event, 0.3 ms on each query of the upcoming events, instead of the few entries
        # of the end-date index.
        f"LEAST(%s, (SELECT MIN(start_date) FROM (SELECT start_date FROM {Event._meta.db_table}"
        " WHERE end_date >= %s OFFSET 0) AS on_now))",
        (today, today),
        output_field=models.DateField(),
    )


def related_test_sql(name: str, event: str, related_id: str) -> str:
    """SQL: whether the event ``event`` (a table or alias) has the theme, partner or audience (``name``) whose id
    is the SQL ``related_id`` (written four times; NULL: none): a test on the event's own row, its bitmap
    (migration 0008, kept by triggers) for ids below ``FACET_BITS``, else a look-up in the link table.

    Not a join with the link table: in the generic plan of a prepared statement (the id and the day unknown) the
    join's row estimate was low enough that PostgreSQL hashed every link of the theme and every upcoming event
    (2,000 on the benchmark, ~3 ms) to keep 7 of them. A test on the row leaves one plan to choose: read the
    upcoming events in date order and stop at the last one shown. The bound is tested in SQL, so that the text of
    the statement is the same for every id (wijkwijzer/prepared.py). The agenda's filters use it too.
    """
    field = Event._meta.get_field(f"{name}s")
    through = field.remote_field.through._meta.db_table
    return (
        f"CASE WHEN {related_id} >= 0 AND {related_id} < {FACET_BITS} "
        f"THEN ({event}.{name}_bits & (1::bigint << {related_id}::int)) <> 0 "
        f"ELSE EXISTS (SELECT 1 FROM {through} x WHERE x.{field.m2m_column_name()} = {event}.id "
        f"AND x.{field.m2m_reverse_name()} = {related_id}) END"
    )


def _has_related(name: str, related) -> RawSQL:
    """Whether the event has the theme or partner (``name``) ``related`` (an instance or an id)."""
    sql = related_test_sql(name, f'"{Event._meta.db_table}"', "%s")
    return RawSQL(sql, (getattr(related, "pk", related),) * 4, output_field=models.BooleanField())


class EventQuerySet(PublishableQuerySet):
    def for_partner(self, partner) -> EventQuerySet:
        return self.filter(_has_related("partner", partner))

    def for_theme(self, theme) -> EventQuerySet:
        return self.filter(_has_related("theme", theme))

    def with_last_day(self) -> EventQuerySet:
        return self.annotate(last_day=Coalesce("end_date", "start_date"))

    def upcoming(self, at: datetime.datetime | None = None) -> EventQuerySet:
        """Published events whose last day has not passed yet (in Amsterdam), soonest first."""
        moment = at or timezone.now()
        today = timezone.localtime(moment).date()
        return (
            self.published(moment)
            .with_last_day()
            .filter(last_day__gte=today, start_date__gte=_earliest_start_of_upcoming(today))
            .order_by("start_date", F("start_time").asc(nulls_first=True), "title")
        )

    def past(self, at: datetime.datetime | None = None) -> EventQuerySet:
        """Published events whose last day has passed, most recent first."""
        moment = at or timezone.now()
        today = timezone.localtime(moment).date()
        return self.published(moment).with_last_day().filter(last_day__lt=today).order_by("-start_date", "title")

    def featured(self) -> EventQuerySet:
        return self.filter(featured=True)

    def free(self) -> EventQuerySet:
        return self.filter(price=0)

    def online(self) -> EventQuerySet:
        """Events one can follow online: online and hybrid ones."""
        return self.filter(attendance__in=[Event.Attendance.ONLINE, Event.Attendance.HYBRID])

    def on_location(self) -> EventQuerySet:
        """Events one can attend in person: on location and hybrid ones."""
        return self.filter(attendance__in=[Event.Attendance.ON_LOCATION, Event.Attendance.HYBRID])


class Event(Publishable):
    """An Agenda item: a conference, webinar, meeting or festival on one or more days.

    Dates and times are wall-clock times in Amsterdam. ``sequence`` counts the changes of date, time or
    cancellation, so that calendar programs that subscribed to the agenda know an event changed.
    """

    class Attendance(models.TextChoices):
        ON_LOCATION = "location", _("Op locatie")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Op locatie en online")

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Gepland")
        CANCELLED = "cancelled", _("Geannuleerd")
        MOVED = "moved", _("Verplaatst")
        FULL = "full", _("Vol")

    uid = models.UUIDField(_("kenmerk in agenda’s"), default=uuid.uuid4, unique=True, editable=False)
    # Indexed by ``event_upcoming_covering_idx`` (migrations 0009 and 0010).
    start_date = models.DateField(_("begindatum"), validators=DATE_VALIDATORS)
    end_date = models.DateField(
        _("einddatum"),
        null=True,
        blank=True,
        validators=DATE_VALIDATORS,
        help_text=_("Alleen invullen als de activiteit meer dagen duurt."),
    )
    start_time = models.TimeField(
        _("begintijd"), null=True, blank=True, help_text=_("Leeg laten voor een activiteit die de hele dag duurt.")
    )
    end_time = models.TimeField(
        _("eindtijd"),
        null=True,
        blank=True,
        help_text=_("Bij een activiteit van meer dagen: de eindtijd op de laatste dag."),
    )
    state = models.CharField(
        _("doorgang"),
        max_length=10,
        choices=State.choices,
        default=State.SCHEDULED,
        help_text=_(
            "Gaat de activiteit door? Zet een afgelaste activiteit op ‘Geannuleerd’ in plaats van haar te verwijderen: "
            "dan verdwijnt ze ook netjes uit de agenda’s van wie zich geabonneerd heeft."
        ),
    )
    previous_start_date = models.DateField(
        _("oorspronkelijke datum"),
        null=True,
        blank=True,
        validators=DATE_VALIDATORS,
        help_text=_(
            "Bij een verplaatste activiteit: de datum waarop ze eerst zou zijn. Vul de nieuwe datum hierboven in."
        ),
    )
    attendance = models.CharField(_("vorm"), max_length=10, choices=Attendance.choices, default=Attendance.ON_LOCATION)
    venue = models.CharField(_("locatie"), max_length=200, blank=True, help_text=_("Naam van de zaal of het gebouw."))
    address = models.CharField(_("adres"), max_length=200, blank=True)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    online_url = models.URLField(
        _("link voor online deelname"),
        max_length=500,
        blank=True,
        help_text=_("Bezoekers zien deze link pas op de dag van de activiteit."),
    )
    price = models.DecimalField(
        _("kosten in euro"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("Vul 0 in voor een gratis activiteit. Leeg laten als de kosten niet bekend zijn."),
    )
    price_note = models.CharField(
        _("toelichting op de kosten"), max_length=200, blank=True, help_text=_("Bijvoorbeeld ‘leden betalen € 50’.")
    )
    registration_url = models.URLField(_("link om je aan te melden"), max_length=500, blank=True)
    registration_deadline = models.DateField(
        _("aanmelden kan tot en met"),
        null=True,
        blank=True,
        validators=DATE_VALIDATORS,
        help_text=_("Leeg laten als aanmelden tot het begin kan."),
    )
    featured = models.BooleanField(
        _("uitgelicht"), default=False, db_index=True, help_text=_("Toon deze activiteit op de voorpagina.")
    )
    sequence = models.PositiveIntegerField(
        _("aantal wijzigingen van datum of tijd"),
        default=0,
        editable=False,
        help_text=_("Telt mee in de agenda-export, zodat agenda’s van abonnees een verplaatsing overnemen."),
    )

    objects = EventQuerySet.as_manager()
    url_namespace = "events"

    class Meta(Publishable.Meta):
        ordering = ["start_date", "start_time"]
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="event_end_not_before_start",
                violation_error_message=_("De einddatum kan niet vóór de begindatum liggen."),
            ),
            models.CheckConstraint(
                condition=Q(publish_until__isnull=True) | Q(publish_until__gt=F("publish_from")),
                name="event_publish_window_valid",
                violation_error_message=_("‘Publiceren tot’ moet na ‘publiceren vanaf’ liggen."),
            ),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True) | Q(start_time__isnull=False),
                name="event_end_time_needs_start_time",
                violation_error_message=_("Vul ook een begintijd in, of laat de eindtijd leeg."),
            ),
            models.CheckConstraint(
                condition=~Q(state="moved") | Q(previous_start_date__isnull=False),
                name="event_moved_has_previous_date",
                violation_error_message=_("Vul bij een verplaatste activiteit de oorspronkelijke datum in."),
            ),
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(price__gte=0),
                name="event_price_not_negative",
                violation_error_message=_("De kosten kunnen niet negatief zijn."),
            ),
        ]
        indexes = [
            models.Index(fields=["start_date", "attendance"], name="event_start_attendance_idx"),
            # Finds the events of more days that are on now (see ``upcoming()``).
            models.Index(fields=["end_date"], condition=Q(end_date__isnull=False), name="event_end_date_idx"),
            # Covers what ``upcoming()`` and the agenda's facets read.
            models.Index(
                fields=["status", "publish_from"],
                include=["publish_until", "start_date", "end_date", "attendance", "price"],
                name="event_status_pub_idx",
            ),
        ]

    def clean(self) -> None:
        errors = {}
        try:
            super().clean()
        except ValidationError as error:
            # Kept, and the event's own checks still made: an editor sees every problem of the form at once.
            errors = error.update_error_dict(errors)
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("‘%(slug)s’ is al een pagina van de agenda; kies een ander webadres.") % {
                "slug": self.slug
            }
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("De einddatum kan niet vóór de begindatum liggen.")
        elif self.end_time and not self.start_time:
            errors["start_time"] = _("Vul ook een begintijd in, of laat de eindtijd leeg.")
        elif self.start_time and self.is_multi_day and not self.end_time:
            errors["end_time"] = _("Vul bij een activiteit van meer dagen met een begintijd ook de eindtijd in.")
        elif (
            self.start_time
            and self.end_time
            and (not self.end_date or self.end_date == self.start_date)
            and self.end_time <= self.start_time
        ):
            errors["end_time"] = _(
                "De eindtijd moet na de begintijd liggen. Loopt de activiteit door na middernacht? Vul dan ook de "
                "einddatum in."
            )
        if self.state == self.State.MOVED and not self.previous_start_date:
            stored = self._stored_start_date()
            if stored and self.start_date and stored != self.start_date:
                self.previous_start_date = stored
            else:
                errors["previous_start_date"] = _(
                    "Vul bij een verplaatste activiteit de oorspronkelijke datum in, en de nieuwe datum als begindatum."
                )
        elif self.state == self.State.MOVED and self.previous_start_date == self.start_date:
            errors["previous_start_date"] = _(
                "De oorspronkelijke datum is gelijk aan de begindatum. Vul als begindatum de nieuwe datum in."
            )
        elif self.state == self.State.SCHEDULED and self.previous_start_date:
            errors["previous_start_date"] = _(
                "Alleen een verplaatste activiteit heeft een oorspronkelijke datum. Kies bij doorgang ‘Verplaatst’, "
                "of maak dit veld leeg."
            )
        if self.registration_deadline and self.start_date and self.registration_deadline > self.last_date:
            errors["registration_deadline"] = _("De laatste aanmelddag kan niet na de activiteit liggen.")
        if errors:
            raise ValidationError(errors)

    def _stored_start_date(self) -> datetime.date | None:
        if self.pk is None:
            return None
        return type(self).objects.filter(pk=self.pk).values_list("start_date", flat=True).first()

    def save(self, *args, **kwargs) -> None:
        """Raise ``sequence`` when the date, time or cancellation changes (RFC 5545 §3.8.7.4)."""
        if self.pk is not None:
            stored = (
                type(self)
                .objects.filter(pk=self.pk)
                .values_list("start_date", "end_date", "start_time", "end_time", "state")
                .first()
            )
            if stored is not None and self._schedule(*stored) != self._schedule(
                self.start_date, self.end_date, self.start_time, self.end_time, self.state
            ):
                self.sequence += 1
                if "update_fields" in kwargs and kwargs["update_fields"] is not None:
                    kwargs["update_fields"] = {*kwargs["update_fields"], "sequence"}
        super().save(*args, **kwargs)

    @classmethod
    def _schedule(cls, start_date, end_date, start_time, end_time, state) -> tuple:
        end = end_date or start_date
        return (start_date, end, start_time, end_time, state == cls.State.CANCELLED)

    # Dates and times

    @property
    def last_date(self) -> datetime.date:
        return self.end_date or self.start_date

    @property
    def is_past(self) -> bool:
        return self.last_date < timezone.localdate()

    @property
    def is_multi_day(self) -> bool:
        return bool(self.end_date and self.end_date != self.start_date)

    @property
    def is_all_day(self) -> bool:
        return self.start_time is None

    @property
    def month(self) -> datetime.date:
        """The first day of the month the event starts in, for grouping lists by month."""
        return self.start_date.replace(day=1)

    @property
    def starts_at(self) -> datetime.datetime | None:
        """The start as an aware moment in Amsterdam, or None for an all-day event."""
        if self.start_time is None:
            return None
        return datetime.datetime.combine(self.start_date, self.start_time, tzinfo=ZoneInfo(settings.TIME_ZONE))

    @property
    def ends_at(self) -> datetime.datetime | None:
        """The end as an aware moment in Amsterdam, or None when there is no end time."""
        if self.end_time is None:
            return None
        return datetime.datetime.combine(self.last_date, self.end_time, tzinfo=ZoneInfo(settings.TIME_ZONE))

    # State

    @property
    def is_cancelled(self) -> bool:
        return self.state == self.State.CANCELLED

    @property
    def is_moved(self) -> bool:
        return self.state == self.State.MOVED

    @property
    def is_full(self) -> bool:
        return self.state == self.State.FULL

    @property
    def is_online(self) -> bool:
        return self.attendance in (self.Attendance.ONLINE, self.Attendance.HYBRID)

    @property
    def is_on_location(self) -> bool:
        return self.attendance in (self.Attendance.ON_LOCATION, self.Attendance.HYBRID)

    @property
    def has_place(self) -> bool:
        return bool(self.venue or self.address or self.city)

    @property
    def place(self) -> str:
        """‘Krachtstation Kanaleneiland, Utrecht’: venue, address and city, as far as known."""
        return ", ".join(part for part in (self.venue, self.address, self.city) if part)

    @property
    def place_label(self) -> str:
        """Where, in a few words for a list: ‘Online’, ‘Utrecht en online’, ‘Utrecht’ or ‘Locatie volgt’."""
        if self.attendance == self.Attendance.ONLINE:
            return str(_("Online"))
        if self.attendance == self.Attendance.HYBRID:
            return f"{self.city}{_(' en online')}" if self.city else str(_("Op locatie en online"))
        return self.city or self.venue or str(_("Locatie volgt"))

    # Costs and registration

    @property
    def is_free(self) -> bool:
        return self.price is not None and self.price == 0

    @property
    def price_label(self) -> str:
        """‘Gratis’, ‘€ 95’ or ‘€ 12,50’; empty when the costs are not known."""
        if self.price is None or self.price == "":
            return ""
        price = Decimal(self.price)
        if price == 0:
            return str(_("Gratis"))
        decimals = 0 if price == price.to_integral_value() else 2
        return f"€\u00a0{number_format(price, decimal_pos=decimals, use_l10n=True, force_grouping=True)}"

    def registration_is_open(self, today: datetime.date | None = None) -> bool:
        """Whether the sign-up button is shown: not past, not cancelled or full, deadline not passed."""
        today = today or timezone.localdate()
        return bool(
            self.registration_url
            and self.state in (self.State.SCHEDULED, self.State.MOVED)
            and self.last_date >= today
            and (self.registration_deadline is None or self.registration_deadline >= today)
        )

    @property
    def registration_open(self) -> bool:
        return self.registration_is_open()

    @property
    def registration_closed(self) -> bool:
        """A deadline that has passed while the event itself has not."""
        today = timezone.localdate()
        return bool(self.registration_deadline and self.registration_deadline < today and self.last_date >= today)

    def online_link_is_visible(self, now: datetime.datetime | None = None) -> bool:
        """The online link is shown on the day(s) of the event only, until its end time on the last day, and never
        for a cancelled event. (The page cache expires at that end time: ``caching.next_change``.)"""
        local = timezone.localtime(now)
        today = local.date()
        if not (self.online_url and self.is_online and not self.is_cancelled):
            return False
        if not self.start_date <= today <= self.last_date:
            return False
        return not (today == self.last_date and self.end_time and local.time() >= self.end_time)

    @property
    def online_link_visible(self) -> bool:
        return self.online_link_is_visible()
