"""Small builders for test data: sensible defaults, override what a test is about."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article
from calls.models import Call
from events.models import Event
from partners.models import Partner
from themes.models import Audience, Theme

_counter = itertools.count(1)


def _unique(prefix: str) -> str:
    return f"{prefix} {next(_counter)}"


def make_partner(**fields) -> Partner:
    name = fields.pop("name", _unique("Partnerorganisatie"))
    fields.setdefault("short_name", name.split()[0][:10] + str(next(_counter)))
    fields.setdefault("slug", slugify(name))
    return Partner.objects.create(name=name, **fields)


def make_theme(**fields) -> Theme:
    name = fields.pop("name", _unique("thema"))
    fields.setdefault("slug", slugify(name))
    return Theme.objects.create(name=name, **fields)


def make_audience(**fields) -> Audience:
    name = fields.pop("name", _unique("doelgroep"))
    fields.setdefault("slug", slugify(name))
    return Audience.objects.create(name=name, **fields)


def _publishable(model, relations: dict, **fields):
    title = fields.pop("title", _unique(model._meta.verbose_name.capitalize()))
    fields.setdefault("slug", slugify(title))
    fields.setdefault("summary", f"Samenvatting van {title}.")
    fields.setdefault("status", "published")
    # Published long ago, so that tests may look at any moment since.
    fields.setdefault("publish_from", datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    item = model.objects.create(title=title, **fields)
    for name, values in relations.items():
        if values:
            getattr(item, name).set(values)
    return item


def _pop_relations(fields: dict) -> dict:
    return {name: fields.pop(name, None) for name in ("partners", "themes", "audiences", "tags")}


def make_article(**fields) -> Article:
    return _publishable(Article, _pop_relations(fields), **fields)


def make_call(**fields) -> Call:
    return _publishable(Call, _pop_relations(fields), **fields)


def make_event(**fields) -> Event:
    fields.setdefault("start_date", timezone.localdate() + datetime.timedelta(days=7))
    return _publishable(Event, _pop_relations(fields), **fields)
