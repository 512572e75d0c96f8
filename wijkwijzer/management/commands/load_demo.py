"""``manage.py load_demo``: load the Voorjaar 2022 newsletter as demo content.

Idempotent: every object is keyed on its slug (``update_or_create``), and many-to-many
relations and tags are *set*, so running the command twice gives the same data.

Dates: by default every date is shifted by the same number of days, a multiple of 7
(so weekdays stay the same), chosen so that the edition date lands as close to today as
possible. Events are then upcoming and calls open, as in the week the newsletter went out.
``--original-dates`` keeps the 2022 dates.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format
from django.utils.text import slugify

from articles.models import Article
from calls.models import Call
from editors.models import Membership
from editors.roles import HOOFDREDACTIE, REDACTEUR, setup_editor_groups
from events.models import Event
from newsletter.demo import edition_load_demo
from partners.models import Partner
from themes.models import Audience, Theme
from wijkwijzer import demo_content, richtext

EDITOR_USERNAME = "redacteur"
EDITOR_PASSWORD = "wijkwijzer-demo-2022"
#: The demo Redacteur edits for this organisation only.
EDITOR_ORGANISATION = "movisie"
#: The demo Hoofdredactie edits everything.
CHIEF_EDITOR_USERNAME = "hoofdredactie"

_DATE_TOKEN = re.compile(r"\{(\d{4}-\d{2}-\d{2})(?:\.\.(\d{4}-\d{2}-\d{2}))?\|([^}]+)\}")


def shift_days(today: datetime.date, edition: datetime.date = demo_content.EDITION_DATE) -> int:
    """The multiple of 7 days closest to ``today - edition``: weekdays stay the same."""
    return 7 * round((today - edition).days / 7)


def slug_for(title: str) -> str:
    """``slugify`` that keeps the dash in ‘2016–2020’ instead of gluing the years together."""
    return slugify(title.replace("\u2013", "-").replace("\u2014", "-"))


def enumerate_days(start: datetime.date, end: datetime.date) -> str:
    """Every day from ``start`` to ``end`` the Dutch way: ‘29, 30 en 31 augustus 2022’."""
    days = [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]
    parts = []
    for index, day in enumerate(days):
        following = days[index + 1] if index + 1 < len(days) else None
        if following is None or following.year != day.year:
            parts.append(date_format(day, "j F Y"))
        elif following.month != day.month:
            parts.append(date_format(day, "j F"))
        else:
            parts.append(str(day.day))
    if len(parts) == 1:
        return parts[0]
    return f"{', '.join(parts[:-1])} en {parts[-1]}"


def render_dates(text: str, shift: int) -> str:
    """Replace the date tokens of ``demo_content`` by shifted dates, written in Dutch."""
    delta = datetime.timedelta(days=shift)

    def replace(match: re.Match) -> str:
        start = datetime.date.fromisoformat(match[1]) + delta
        if match[2]:
            return enumerate_days(start, datetime.date.fromisoformat(match[2]) + delta)
        return date_format(start, match[3])

    with translation.override("nl"):
        return _DATE_TOKEN.sub(replace, text)


class Command(BaseCommand):
    help = "Laadt de nieuwsbrief Voorjaar 2022 als demo-inhoud, met datums verschoven naar vandaag."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--original-dates", action="store_true", help="Houd de oorspronkelijke datums uit 2022 aan."
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Doe niets als er al Verdiepen-items in de database staan."
        )

    def handle(self, *args: Any, original_dates: bool = False, if_empty: bool = False, **options: Any) -> None:
        if if_empty and Article.objects.exists():
            self.stdout.write("Er staat al inhoud in de database; demo-inhoud niet geladen.")
            return
        self.shift = 0 if original_dates else shift_days(timezone.localdate())
        with transaction.atomic():
            partners = self.load_partners()
            themes = self.load_themes()
            audiences = self.load_audiences()
            relations = {"partners": partners, "themes": themes, "audiences": audiences}
            articles = [self.load_article(item, relations) for item in demo_content.ARTICLES]
            calls = [self.load_call(item, relations) for item in demo_content.CALLS]
            events = [self.load_event(item, relations) for item in demo_content.EVENTS]
            edition_load_demo(articles=articles, calls=calls, events=events, shift=self.shift)
            organisation = self.load_editors(partners)

        edition = self.date(demo_content.EDITION_DATE)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo-inhoud geladen: {len(partners)} partners, {len(themes)} thema's, {len(audiences)} "
                f"doelgroepen, {len(articles)} Verdiepen, {len(calls)} Meedoen, {len(events)} activiteiten."
            )
        )
        self.stdout.write(f"Datums {self.shift:+d} dagen verschoven; de nieuwsbrief is van {edition:%d-%m-%Y}.")
        self.stdout.write(
            f"Log in op /admin/ als {EDITOR_USERNAME} / {EDITOR_PASSWORD} "
            f"(Redacteur van {organisation.short_name}: ziet en bewerkt alleen de items van {organisation.short_name})"
        )
        self.stdout.write(f"of als {CHIEF_EDITOR_USERNAME} / {EDITOR_PASSWORD} (Hoofdredactie: bewerkt alles)")

    # Dates and texts

    def date(self, day: datetime.date | None) -> datetime.date | None:
        return None if day is None else day + datetime.timedelta(days=self.shift)

    def moment(self, day: datetime.date) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.date(day), demo_content.PUBLISH_TIME))

    def text(self, text: str) -> str:
        return render_dates(text, self.shift)

    # Shared vocabulary

    def load_partners(self) -> dict[str, Partner]:
        partners = {}
        for order, item in enumerate(demo_content.PARTNERS, start=1):
            slug = slugify(item["short_name"])
            partners[slug], _ = Partner.objects.update_or_create(slug=slug, defaults={**item, "order": order})
        return partners

    def load_themes(self) -> dict[str, Theme]:
        themes = {}
        for order, item in enumerate(demo_content.THEMES, start=1):
            slug = slugify(item["name"])
            themes[slug], _ = Theme.objects.update_or_create(slug=slug, defaults={**item, "order": order})
        return themes

    def load_audiences(self) -> dict[str, Audience]:
        audiences = {}
        for order, name in enumerate(demo_content.AUDIENCES, start=1):
            slug = slugify(name)
            audiences[slug], _ = Audience.objects.update_or_create(slug=slug, defaults={"name": name, "order": order})
        return audiences

    # Content

    def load_item(self, model: type[models.Model], item: dict, relations: dict, **fields: Any) -> models.Model:
        """Create or update one published item and set its relations and tags."""
        slug = item.get("slug") or slug_for(item["title"])
        obj, _ = model.objects.update_or_create(
            slug=slug,
            defaults={
                "title": self.text(item["title"]),
                "summary": self.text(item["summary"]),
                "body": richtext.paragraphs(self.text(item["body"])),
                "status": model.Status.PUBLISHED,
                "publish_from": self.moment(item["publish_from"]),
                "publish_until": None,
                **fields,
            },
        )
        for name in ("partners", "themes", "audiences"):
            getattr(obj, name).set([relations[name][slug] for slug in item[name]])
        obj.tags.set(item["tags"])
        return obj

    def first_partner_website(self, item: dict, relations: dict) -> str:
        return relations["partners"][item["partners"][0]].website if item["partners"] else ""

    def load_article(self, item: dict, relations: dict) -> Article:
        return self.load_item(
            Article,
            item,
            relations,
            kind=item["kind"],
            external_url=item["external_url"],
            external_label=item["external_label"],
        )

    def load_call(self, item: dict, relations: dict) -> Call:
        return self.load_item(
            Call,
            item,
            relations,
            deadline_date=self.date(item["deadline"]),
            deadline_time=None,
            action_label=item["action_label"],
            action_url=self.first_partner_website(item, relations),
        )

    def load_event(self, item: dict, relations: dict) -> Event:
        return self.load_item(
            Event,
            item,
            relations,
            featured=item["featured"],
            start_date=self.date(item["start_date"]),
            end_date=self.date(item.get("end_date")),
            start_time=item.get("start_time"),
            end_time=item.get("end_time"),
            attendance=item["attendance"],
            venue=item["venue"],
            address="",
            city=item["city"],
            online_url="",
            registration_url=item.get("registration_url", ""),
            registration_deadline=self.date(item.get("registration_deadline")),
            price=item.get("price"),
            state=item.get("state", Event.State.SCHEDULED),
            previous_start_date=self.date(item.get("previous_start_date")),
        )

    # The demo editors

    def load_editors(self, partners: dict[str, Partner]) -> Partner:
        """Two staff accounts (not superusers): a Redacteur of Movisie and a Hoofdredactie; returns Movisie."""
        groups = setup_editor_groups()
        organisation = partners[EDITOR_ORGANISATION]
        editor = self.load_account(EDITOR_USERNAME, "Redacteur Movisie")
        editor.groups.set([groups[REDACTEUR]])
        Membership.objects.filter(user=editor).exclude(partner=organisation).delete()
        Membership.objects.get_or_create(user=editor, partner=organisation)
        chief = self.load_account(CHIEF_EDITOR_USERNAME, "Hoofdredactie")
        chief.groups.set([groups[HOOFDREDACTIE]])
        return organisation

    def load_account(self, username: str, role: str):
        user, _ = get_user_model().objects.update_or_create(
            username=username,
            defaults={
                # The admin greets by first name: "Welkom, Redacteur Movisie", so that a demo shows who is logged in.
                "first_name": role,
                "last_name": "(demo)",
                # Where "Stuur een test naar mij" sends the newsletter (mail stays on this machine in development).
                "email": f"{username}@wijkwijzer.example",
                "is_staff": True,
                "is_superuser": False,
                "is_active": True,
            },
        )
        if not user.check_password(EDITOR_PASSWORD):
            user.set_password(EDITOR_PASSWORD)
            user.save(update_fields=["password"])
        return user
