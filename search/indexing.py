"""Keeping the search index current: what a row holds for each kind of item, and writing it.

``index_object`` is called by the signal handlers in ``search.signals`` on every save, delete and change of
relations; ``rebuild_index`` (the ``rebuild_search_index`` command) rewrites the whole index, for after bulk
changes that send no signals (``QuerySet.update``, raw SQL, fixtures).
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone

from articles.models import Article
from calls.models import Call
from events.models import Event
from partners.models import Partner
from search.models import SearchEntry, SearchWord

#: Every model the search covers, and the kind of result it gives.
INDEXED_MODELS: dict[type[models.Model], str] = {
    Article: SearchEntry.Kind.ARTICLE,
    Call: SearchEntry.Kind.CALL,
    Event: SearchEntry.Kind.EVENT,
    Partner: SearchEntry.Kind.PARTNER,
}
PUBLISHABLE_MODELS = (Article, Call, Event)
PUBLISHABLE_RELATIONS = ("partners", "themes", "audiences", "tags")

#: Fields written on every update (all but the object's identity).
_UPDATE_FIELDS = [
    "kind",
    "subkind",
    "url",
    "title",
    "summary",
    "body",
    "keywords",
    "partner_ids",
    "theme_ids",
    "audience_ids",
    "year",
    "display_date",
    "published_at",
    "visible_from",
    "visible_until",
    "ends_at",
]
# ts_headline marks matches with these two characters; they must not occur in the indexed text itself.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


_TAG = re.compile(r"<[^>]*>")
_BLANK_LINES = re.compile(r"\s*\n\s*")


def _clean(text: str) -> str:
    return _CONTROL_CHARACTERS.sub(" ", text or "")


def plain_text(body: str) -> str:
    """Body text (sanitised HTML, or older plain text) as plain text: tags become spaces, entities characters."""
    if "<" not in (body or "") and "&" not in (body or ""):
        return _clean(body)
    text = html.unescape(_TAG.sub(" ", body.replace("</p>", "\n").replace("<br>", "\n")))
    return _clean(_BLANK_LINES.sub("\n", text).strip())


def _amsterdam() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _start_of_day(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=_amsterdam())


def call_ends_at(call: Call) -> datetime.datetime | None:
    """The moment a call closes: after its deadline time, or at the end of its deadline day."""
    if call.deadline_date is None:
        return None
    if call.deadline_time is not None:
        return datetime.datetime.combine(call.deadline_date, call.deadline_time, tzinfo=_amsterdam())
    return _start_of_day(call.deadline_date + datetime.timedelta(days=1))


def event_ends_at(event: Event) -> datetime.datetime:
    """The moment an event is past: the start of the day after its last day (as ``Event.objects.past()``)."""
    last_day = event.end_date or event.start_date
    return _start_of_day(last_day + datetime.timedelta(days=1))


def entry_for(obj: models.Model) -> SearchEntry | None:
    """The (unsaved) index row for ``obj``, or ``None`` when it does not belong in the index (a draft).

    The relations are read through ``.all()``, so prefetch them when describing many objects.
    """
    kind = INDEXED_MODELS[type(obj)]
    content_type = ContentType.objects.get_for_model(type(obj))
    if isinstance(obj, Partner):
        return SearchEntry(
            content_type=content_type,
            object_id=obj.pk,
            kind=kind,
            url=obj.get_absolute_url(),
            title=_clean(obj.name),
            summary="",
            body=_clean(obj.description),
            keywords=_clean(obj.short_name),
            partner_ids=[obj.pk],
        )
    if obj.status != obj.Status.PUBLISHED:
        return None
    partners = list(obj.partners.all())
    themes = list(obj.themes.all())
    audiences = list(obj.audiences.all())
    tags = list(obj.tags.all())
    keywords = [theme.name for theme in themes] + [tag.name for tag in tags] + [p.short_name for p in partners]
    published = timezone.localtime(obj.publish_from)
    entry = SearchEntry(
        content_type=content_type,
        object_id=obj.pk,
        kind=kind,
        url=obj.get_absolute_url(),
        title=_clean(obj.title),
        summary=_clean(obj.summary),
        body=plain_text(obj.body),
        keywords=_clean(" · ".join(keywords)),
        partner_ids=sorted(p.pk for p in partners),
        theme_ids=sorted(t.pk for t in themes),
        audience_ids=sorted(a.pk for a in audiences),
        year=published.year,
        display_date=published.date(),
        published_at=obj.publish_from,
        visible_from=obj.publish_from,
        visible_until=obj.publish_until,
    )
    if isinstance(obj, Article):
        entry.subkind = obj.kind
    elif isinstance(obj, Call):
        # The year is that of the date the result shows: the deadline (else the call was under another year than
        # the one on it).
        entry.display_date = obj.deadline_date
        entry.year = obj.deadline_date.year if obj.deadline_date else published.year
        entry.ends_at = call_ends_at(obj)
    elif isinstance(obj, Event):
        entry.year = obj.start_date.year
        entry.display_date = obj.start_date
        entry.ends_at = event_ends_at(obj)
    return entry


def _write(entries: list[SearchEntry]) -> None:
    if not entries:
        return
    SearchEntry.objects.bulk_create(
        entries,
        update_conflicts=True,
        unique_fields=["content_type", "object_id"],
        update_fields=_UPDATE_FIELDS,
        batch_size=500,
    )


def _remember_words(where: str, params: list) -> None:
    """Add the words of the matching index rows to the ‘Bedoelde je …?’ vocabulary."""
    table, words = SearchEntry._meta.db_table, SearchWord._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {words} (word)
            SELECT DISTINCT w FROM {table} e,
                regexp_split_to_table(
                    lower(unaccent(e.title || ' ' || e.summary || ' ' || e.keywords || ' ' || e.body)),
                    '[^[:alnum:]]+'
                ) AS w
            WHERE {where} AND length(w) BETWEEN 4 AND 60 AND w !~ '^[0-9]+$'
            ON CONFLICT (word) DO NOTHING
            """,
            params,
        )


def index_object(obj: models.Model) -> None:
    """Write (or remove) the index row of one item or partner."""
    entry = entry_for(obj)
    if entry is None:
        unindex_object(obj)
        return
    with transaction.atomic():
        _write([entry])
        _remember_words("e.content_type_id = %s AND e.object_id = %s", [entry.content_type_id, obj.pk])


def unindex_object(obj: models.Model) -> None:
    content_type = ContentType.objects.get_for_model(type(obj))
    SearchEntry.objects.filter(content_type=content_type, object_id=obj.pk).delete()


def _with_relations(model: type[models.Model]) -> models.QuerySet:
    if model is Partner:
        return model.objects.all()
    return model.objects.filter(status=model.Status.PUBLISHED).prefetch_related(*PUBLISHABLE_RELATIONS)


def index_objects(model: type[models.Model], pks: Iterable[int]) -> None:
    """Re-index the given objects of ``model`` in a fixed number of queries (after a theme was renamed, …)."""
    pks = set(pks)
    if not pks:
        return
    objects = list(_with_relations(model).filter(pk__in=pks))
    with transaction.atomic():
        if model is not Partner:
            # Objects that are no longer published leave the index.
            content_type = ContentType.objects.get_for_model(model)
            published = {obj.pk for obj in objects}
            SearchEntry.objects.filter(content_type=content_type, object_id__in=pks - published).delete()
        _write([entry for entry in map(entry_for, objects) if entry is not None])
        _remember_words(
            "e.content_type_id = %s AND e.object_id = ANY(%s)",
            [ContentType.objects.get_for_model(model).pk, list(pks)],
        )


def reindex_entries(entries: models.QuerySet) -> None:
    """Re-index the objects behind some index rows, e.g. every row that mentions a theme."""
    by_type: dict[int, list[int]] = {}
    for content_type_id, object_id in entries.values_list("content_type_id", "object_id"):
        by_type.setdefault(content_type_id, []).append(object_id)
    for content_type_id, pks in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model in INDEXED_MODELS:
            index_objects(model, pks)


def rebuild_index(chunk_size: int = 500) -> int:
    """Rewrite the whole index from the content; returns the number of rows."""
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        SearchWord.objects.all().delete()
        count = 0
        for model in INDEXED_MODELS:
            batch: list[SearchEntry] = []
            for obj in _with_relations(model).order_by("pk").iterator(chunk_size=chunk_size):
                entry = entry_for(obj)
                if entry is not None:
                    batch.append(entry)
                if len(batch) >= chunk_size:
                    _write(batch)
                    count += len(batch)
                    batch = []
            _write(batch)
            count += len(batch)
        _remember_words("TRUE", [])
    return count
