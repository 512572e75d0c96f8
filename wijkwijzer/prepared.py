"""Querysets whose SQL the ORM writes once per process; each request only fills in the moment and the ids.

Building the SQL of a queryset (its filters, annotations and ordering) costs Django 0.2 to 1 ms on every
request, often more than PostgreSQL takes to run it. The home page, the theme dossiers and the partner pages run
the same few querysets on every request, differing only in the moment ("published now", "open now",
"upcoming today") and an id. ``prepared(build)`` makes such a queryset cheap::

    home_articles = prepared(lambda moment: Article.objects.published(moment).for_cards()[:6])
    articles = home_articles()  # a list of Article instances, as list(queryset) gives

The first call for a database builds the queryset twice, with two different stand-in moments and ids, and keeps
the SQL. Each parameter of that SQL must then be a constant (the same in both) or be the moment, the moment's
date or time of day in the current time zone, or one of the ids; anything else (a SQL text that changes, a
parameter computed differently from the moment) raises ``NotPreparable`` on that first call, so a queryset that
cannot be prepared fails loudly in the tests rather than giving stale results. The instances are made as Django's
own iteration makes them (``Model.from_db``, annotations set), relations fetched with ``with_related`` included.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections, router
from django.db.models import QuerySet
from django.db.models.query import ModelIterable
from django.utils import timezone

from wijkwijzer.publishing import RelatedRowsIterable, attach_related_rows

#: Two sets of stand-ins, as unlike each other and any real value as possible.
_MOMENTS = (
    datetime.datetime(2001, 2, 3, 4, 5, 6, 7, tzinfo=datetime.UTC),
    datetime.datetime(2002, 4, 6, 8, 10, 12, 14, tzinfo=datetime.UTC),
)
_IDS = (-7_000_001, -8_000_001)


class NotPreparable(ValueError):
    """The queryset's SQL or parameters depend on its arguments in a way ``prepared`` cannot follow."""


def _sources(moment: datetime.datetime, ids: tuple[int, ...]) -> dict[str, object]:
    local = timezone.localtime(moment)
    sources = {"moment": moment, "date": local.date(), "time": local.time()}
    sources.update({f"id{number}": value for number, value in enumerate(ids)})
    return sources


@dataclass(frozen=True)
class _Compiled:
    sql: str
    #: Per parameter: ("constant", value) or ("source", name of the argument it comes from).
    params: tuple[tuple[str, object], ...]
    model: type
    init_list: list[str]
    start: int
    end: int
    annotations: tuple[tuple[str, int], ...]
    related: tuple[str, ...]


class PreparedQuery:
    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        self._compiled: dict[tuple, _Compiled] = {}
        self._model = None

    def _compile(self, alias: str, count: int, constants: tuple) -> _Compiled:
        versions = []
        for moment, first_id in zip(_MOMENTS, _IDS, strict=True):
            ids = tuple(first_id - number for number in range(count))
            queryset = self.build(moment, *ids, **dict(constants)).using(alias)
            compiler = queryset.query.get_compiler(using=alias)
            sql, params = compiler.as_sql()
            versions.append((queryset, compiler, sql, list(params), _sources(moment, ids)))
        (queryset, compiler, sql, params, sources), (_q, _c, other_sql, other_params, other_sources) = versions
        if sql != other_sql or len(params) != len(other_params):
            raise NotPreparable(f"{self.build}: the SQL text depends on the arguments")
        bound = []
        for value, other in zip(params, other_params, strict=True):
            if value == other:
                bound.append(("constant", value))
                continue
            name = next((name for name in sources if sources[name] == value and other_sources[name] == other), None)
            if name is None:
                raise NotPreparable(f"{self.build}: parameter {value!r} does not come from the arguments")
            bound.append(("source", name))
        if queryset._iterable_class not in (ModelIterable, RelatedRowsIterable):
            raise NotPreparable(f"{self.build}: only querysets of model instances can be prepared")
        if queryset._prefetch_related_lookups or compiler.klass_info.get("related_klass_infos"):
            raise NotPreparable(f"{self.build}: prefetch_related and select_related are not supported")
        if compiler.get_converters([column[0] for column in compiler.select]):
            raise NotPreparable(f"{self.build}: columns that need converting are not supported")
        fields = compiler.klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        return _Compiled(
            sql=sql,
            params=tuple(bound),
            model=compiler.klass_info["model"],
            init_list=[column[0].target.attname for column in compiler.select[start:end]],
            start=start,
            end=end,
            annotations=tuple(compiler.annotation_col_map.items()),
            related=tuple(getattr(queryset, "_related_rows_names", ())),
        )

    def __call__(self, *ids: int, moment: datetime.datetime | None = None, **constants) -> list:
        """The instances ``list(build(moment, *ids, **constants))`` gives; ``moment`` defaults to now."""
        moment = moment or timezone.now()
        if self._model is None:
            self._model = self.build(moment, *ids, **constants).model
        alias = router.db_for_read(self._model)
        key = (alias, len(ids), tuple(sorted(constants.items())))
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = self._compile(alias, len(ids), key[2])
        sources = _sources(moment, ids)
        params = [value if kind == "constant" else sources[value] for kind, value in compiled.params]
        with connections[alias].cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        model, init_list, start, end = compiled.model, compiled.init_list, compiled.start, compiled.end
        objects = []
        for row in rows:
            obj = model.from_db(alias, init_list, row[start:end])
            for name, position in compiled.annotations:
                setattr(obj, name, row[position])
            objects.append(obj)
        if compiled.related:
            attach_related_rows(model, alias, compiled.related, objects)
        return objects


def prepared(build: Callable[..., QuerySet]) -> PreparedQuery:
    """``build(moment, *ids, **constants)`` returns the queryset; see the module's documentation."""
    return PreparedQuery(build)
