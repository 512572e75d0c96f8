"""Querysets whose SQL the ORM writes once per process; each request only fills in the moment, ids and slugs.

Building the SQL of a queryset (its filters, annotations and ordering) costs Django 0.2 to 1 ms on every
request, often more than PostgreSQL takes to run it. The public pages run the same few querysets on every
request, differing only in the moment ("published now", "open now", "upcoming today"), an id or a slug.
``prepared(build)`` makes such a queryset cheap::

    home_articles = prepared(lambda moment: Article.objects.published(moment).for_cards()[:6])
    articles = home_articles()  # a list of Article instances, as list(queryset) gives

    detail = prepared(lambda moment, slug: Article.objects.published(moment).with_relations().filter(slug=slug))
    article = detail.get("een-slug")  # or Http404

    published = prepared(lambda moment: Article.objects.published(moment).order_by("-publish_from"))
    page = Paginator(published.selection(), 20).get_page(2)  # count() and one page, a query each

The first call for a database builds the queryset three times, with different stand-in moments, ids and slugs,
and keeps the SQL. Each parameter of that SQL must then be a constant (the same in all builds) or be the moment, the
moment's date or time of day in the current time zone, or one of the arguments; anything else (a SQL text that
changes, a parameter computed differently from the moment) raises ``NotPreparable`` on that first call, so a
queryset that cannot be prepared fails loudly in the tests instead of giving stale results. Keyword arguments
(a limit) may shape the SQL itself: it is written once for each of their combinations. The instances are made as
Django's own iteration makes them (``Model.from_db``, annotations set), with the relations of ``with_related``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections, router
from django.db.models import QuerySet
from django.db.models.query import ModelIterable
from django.http import Http404
from django.utils import timezone

from wijkwijzer.publishing import RelatedRowsIterable, attach_related_rows

#: Three sets of stand-ins, as unlike each other and any real value as possible: moments on different weekdays,
#: in winter and summer time, morning, afternoon and night (a value the build computes from the moment itself,
#: say "before noon", would look like a constant if it came out the same for all three).
_MOMENTS = (
    datetime.datetime(2001, 2, 3, 4, 5, 6, 7, tzinfo=datetime.UTC),  # Saturday 05:05 in Amsterdam, winter time
    datetime.datetime(2002, 7, 17, 13, 20, 30, 14, tzinfo=datetime.UTC),  # Wednesday 15:20, summer time
    datetime.datetime(2003, 10, 26, 22, 59, 59, 21, tzinfo=datetime.UTC),  # Sunday 23:59, the day summer time ends
)
_FIRST_IDS = (-7_000_001, 8_000_001, -9_000_003)
_TEXTS = ("\ufffcprepared-a-", "\ufffcprepared-bb-", "\ufffcprepared-ccc-")


class NotPreparable(ValueError):
    """The queryset's SQL or parameters depend on its arguments in a way ``prepared`` cannot follow."""


def _stand_ins(version: int, kinds: tuple[type, ...]) -> tuple:
    return tuple(
        _TEXTS[version] + str(number) if kind is str else _FIRST_IDS[version] - number
        for number, kind in enumerate(kinds)
    )


def _sources(moment: datetime.datetime, args: tuple) -> dict[str, object]:
    local = timezone.localtime(moment)
    sources = {"moment": moment, "date": local.date(), "time": local.time()}
    sources.update({f"arg{number}": value for number, value in enumerate(args)})
    return sources


def _bind(build: Callable[..., QuerySet], alias: str, kinds: tuple[type, ...], constants: tuple):
    """The SQL of ``build``'s queryset and, per parameter, ("constant", value) or ("source", name); plus the
    queryset and compiler of the first build."""
    versions, first = [], None
    for version, moment in enumerate(_MOMENTS):
        args = _stand_ins(version, kinds)
        queryset = build(moment, *args, **dict(constants)).using(alias)
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        versions.append((sql, list(params), _sources(moment, args)))
        first = first or (queryset, compiler)
    sql, params, names = versions[0]
    if any(other_sql != sql or len(other_params) != len(params) for other_sql, other_params, _ in versions):
        raise NotPreparable(f"{build}: the SQL text depends on the arguments")
    bound = []
    for position, value in enumerate(params):
        values = [version_params[position] for _sql, version_params, _ in versions]
        if all(other == value for other in values):
            bound.append(("constant", value))
            continue
        name = next(
            (
                name
                for name in names
                if all(sources[name] == other for (_sql, _params, sources), other in zip(versions, values, strict=True))
            ),
            None,
        )
        if name is None:
            raise NotPreparable(f"{build}: parameter {value!r} does not come from the arguments")
        bound.append(("source", name))
    return sql, tuple(bound), *first


def _fill(bound: tuple[tuple[str, object], ...], moment: datetime.datetime, args: tuple) -> list:
    """The parameters for ``moment`` and ``args``, from what ``_bind`` found."""
    sources = _sources(moment, args)
    return [value if kind == "constant" else sources[value] for kind, value in bound]


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
    #: Whether the queryset is not sliced, so that a page of it can be asked for.
    whole: bool


class PreparedQuery:
    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        self._compiled: dict[tuple, _Compiled] = {}
        self._counts: dict[tuple, tuple[str, tuple]] = {}
        self._model = None

    def _key(self, moment, args: tuple, constants: dict) -> tuple:
        if self._model is None:
            self._model = self.build(moment, *args, **constants).model
        kinds = tuple(str if isinstance(arg, str) else int for arg in args)
        return router.db_for_read(self._model), kinds, tuple(sorted(constants.items()))

    def _compile(self, key: tuple) -> _Compiled:
        alias, kinds, constants = key
        sql, bound, queryset, compiler = _bind(self.build, alias, kinds, constants)
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
            params=bound,
            model=compiler.klass_info["model"],
            init_list=[column[0].target.attname for column in compiler.select[start:end]],
            start=start,
            end=end,
            annotations=tuple(compiler.annotation_col_map.items()),
            related=tuple(getattr(queryset, "_related_rows_names", ())),
            whole=not queryset.query.is_sliced,
        )

    def _prepared(self, key: tuple) -> _Compiled:
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = self._compile(key)
        return compiled

    def _objects(self, key, moment, args, limit: int | None = None, offset: int = 0) -> list:
        compiled = self._prepared(key)
        params = _fill(compiled.params, moment, args)
        sql = compiled.sql
        if limit is not None:
            if not compiled.whole:
                raise NotPreparable(f"{self.build}: a sliced queryset has no pages")
            sql += " LIMIT %s OFFSET %s"
            params += [limit, offset]
        alias = key[0]
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, params)
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

    def _count(self, key, moment, args) -> int:
        counted = self._counts.get(key)
        if counted is None:
            alias, kinds, constants = key

            def build(*args, **constants):
                return self.build(*args, **constants).order_by().values("pk")

            sql, bound, _queryset, _compiler = _bind(build, alias, kinds, constants)
            counted = self._counts[key] = (f"SELECT COUNT(*) FROM ({sql}) AS counted", bound)
        sql, bound = counted
        with connections[key[0]].cursor() as cursor:
            cursor.execute(sql, _fill(bound, moment, args))
            return cursor.fetchone()[0]

    def __call__(self, *args: int | str, moment: datetime.datetime | None = None, **constants) -> list:
        """The instances ``list(build(moment, *args, **constants))`` gives; ``moment`` defaults to now.

        ``args`` are ids or texts (a slug): values in the SQL's parameters. ``constants`` may shape the SQL itself
        (a limit): the SQL is written once per combination of them.
        """
        moment = moment or timezone.now()
        return self._objects(self._key(moment, args, constants), moment, args)

    def selection(self, *args: int | str, moment: datetime.datetime | None = None, **constants) -> Selection:
        """The items of ``build(moment, *args, **constants)`` for a paginator: ``count()`` and slices, each
        one query."""
        moment = moment or timezone.now()
        return Selection(self, self._key(moment, args, constants), moment, args)

    def sql(self, *args: int | str, moment: datetime.datetime | None = None, **constants) -> tuple[str, list]:
        """The SQL of ``build(moment, *args, **constants)`` and its parameters, for use inside another statement."""
        moment = moment or timezone.now()
        compiled = self._prepared(self._key(moment, args, constants))
        return compiled.sql, _fill(compiled.params, moment, args)

    def get(self, *args: int | str, moment: datetime.datetime | None = None, **constants):
        """The one item the queryset finds, or ``Http404``."""
        objects = self(*args, moment=moment, **constants)
        if len(objects) != 1:
            raise Http404(f"{self._model._meta.verbose_name}: {len(objects)} found")
        return objects[0]


class Selection:
    """What ``Paginator`` needs of a queryset: ``count()`` and ``[start:stop]``."""

    ordered = True  # ordered by the queryset's own ordering (Paginator warns about unordered lists)

    def __init__(self, query: PreparedQuery, key: tuple, moment, args: tuple):
        self.query, self.key, self.moment, self.args = query, key, moment, args
        self.model = query._model

    def count(self) -> int:
        return self.query._count(self.key, self.moment, self.args)

    def __getitem__(self, index: slice) -> list:
        if not isinstance(index, slice) or index.step is not None or (index.start or 0) < 0 or index.stop is None:
            raise TypeError("a Selection only gives slices with a start and a stop")
        start = index.start or 0
        return self.query._objects(self.key, self.moment, self.args, limit=max(index.stop - start, 0), offset=start)


def prepared(build: Callable[..., QuerySet]) -> PreparedQuery:
    """``build(moment, *args, **constants)`` returns the queryset; see the module's documentation."""
    return PreparedQuery(build)
