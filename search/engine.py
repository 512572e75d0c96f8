"""Searching the index: Dutch full-text search with ranking, snippets, facets and ‘Bedoelde je …?’.

A search runs a fixed number of SQL queries, whatever the number of items:

1. the vocabulary (themes, partners, audiences) to read the facet values in the URL and label the facets;
2. the facet counts and the total, in one query;
3. one page of results with highlighted snippets (only when there are results).

When all words together find nothing, one query finds a spelling suggestion in the vocabulary of indexed words
(trigram similarity) and the search is repeated with it (2 and 3 again); when that finds nothing either, the search
is repeated with any of the words. So a search never runs more than six queries.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import connection
from django.http import QueryDict
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from search.models import SEARCH_CONFIG, SearchEntry, SearchWord

QUERY = "q"
KIND = "soort"
THEME = "thema"
PARTNER = "partner"
AUDIENCE = "doelgroep"
YEAR = "jaar"
PAGE = "page"
#: The parameters of a search URL, in the order of a canonical URL.
PARAMS = (QUERY, KIND, THEME, PARTNER, AUDIENCE, YEAR)

MAX_QUERY_LENGTH = 200
MAX_VALUES = 20
_SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]{1,100}$")
_YEAR_RE = re.compile(r"^\d{4}$")
_WORD_RE = re.compile(r"\w+")
# ts_headline wraps each match in these; they are stripped from indexed text (search.indexing._clean).
_MARK_START, _MARK_END = "\x02", "\x03"
_HEADLINE_OPTIONS = (
    f'StartSel="{_MARK_START}", StopSel="{_MARK_END}", MaxWords=30, MinWords=12, '
    'MaxFragments=2, FragmentDelimiter=" … "'
)

ENTRY = SearchEntry._meta.db_table
WORD = SearchWord._meta.db_table


def _clean_text(value: str) -> str:
    return value.replace("\x00", "").strip()


@dataclass(frozen=True)
class SearchRequest:
    """What the visitor asked for: the words and the facet values, as in the URL."""

    text: str = ""
    kinds: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    years: tuple[int, ...] = ()

    @classmethod
    def from_query(cls, query: QueryDict) -> tuple[SearchRequest, bool]:
        """The request in ``query``, and whether values were dropped because they make no sense."""
        dropped = False
        text = " ".join(_clean_text(query.get(QUERY, "")).split())
        if len(text) > MAX_QUERY_LENGTH:
            text, dropped = text[:MAX_QUERY_LENGTH].rstrip(), True

        def values(name: str, valid) -> tuple:
            nonlocal dropped
            raw = [_clean_text(value) for value in query.getlist(name)]
            kept = []
            for value in raw:
                if value and valid(value) and value not in kept and len(kept) < MAX_VALUES:
                    kept.append(value)
                else:
                    dropped = True
            return tuple(kept)

        kind_values = set(SearchEntry.Kind.values)
        return (
            cls(
                text=text,
                kinds=values(KIND, kind_values.__contains__),
                themes=values(THEME, _SLUG_RE.match),
                partners=values(PARTNER, _SLUG_RE.match),
                audiences=values(AUDIENCE, _SLUG_RE.match),
                years=tuple(int(year) for year in values(YEAR, lambda v: _YEAR_RE.match(v) and 1900 <= int(v) <= 9998)),
            ),
            dropped,
        )

    @property
    def has_filters(self) -> bool:
        return bool(self.kinds or self.themes or self.partners or self.audiences or self.years)

    @property
    def is_empty(self) -> bool:
        return not self.text and not self.has_filters

    def pairs(self) -> list[tuple[str, str]]:
        pairs: list[tuple[str, str]] = [(QUERY, self.text)] if self.text else []
        for name, values in (
            (KIND, self.kinds),
            (THEME, self.themes),
            (PARTNER, self.partners),
            (AUDIENCE, self.audiences),
            (YEAR, self.years),
        ):
            pairs.extend((name, str(value)) for value in values)
        return pairs

    def query_string(self) -> str:
        return urlencode(self.pairs())

    def without(self, name: str, value) -> SearchRequest:
        attribute = _ATTRIBUTES[name]
        return replace(self, **{attribute: tuple(v for v in getattr(self, attribute) if v != value)})


_ATTRIBUTES = {KIND: "kinds", THEME: "themes", PARTNER: "partners", AUDIENCE: "audiences", YEAR: "years"}


@dataclass(frozen=True)
class Term:
    """A theme, partner or audience as the facets show it."""

    pk: int
    slug: str
    name: str


@dataclass
class Vocabulary:
    themes: dict[str, Term]
    partners: dict[str, Term]
    audiences: dict[str, Term]

    @classmethod
    def load(cls) -> Vocabulary:
        """Themes, partners and audiences in one query, in their editors' order."""
        vocabulary = cls({}, {}, {})
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT 'theme', id, slug, name, "order" FROM themes_theme
                UNION ALL SELECT 'partner', id, slug, short_name, "order" FROM partners_partner
                UNION ALL SELECT 'audience', id, slug, name, "order" FROM themes_audience
                ORDER BY 1, 5, 4
                """
            )
            for group, pk, slug, name, _order in cursor.fetchall():
                getattr(vocabulary, group + "s")[slug] = Term(pk, slug, name)
        return vocabulary

    def ids(self, group: str, slugs: Sequence[str]) -> list[int]:
        terms = getattr(self, group)
        return [terms[slug].pk for slug in slugs if slug in terms]

    def unknown(self, request: SearchRequest) -> bool:
        return any(
            slug not in getattr(self, group)
            for group, slugs in (
                ("themes", request.themes),
                ("partners", request.partners),
                ("audiences", request.audiences),
            )
            for slug in slugs
        )


@dataclass
class FacetOption:
    param: str
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    param: str
    label: str
    options: list[FacetOption]


@dataclass
class Facets:
    total: int = 0
    groups: list[Facet] = field(default_factory=list)


@dataclass
class Result:
    kind: str
    subkind: str
    url: str
    title: str
    snippet: SafeString
    display_date: datetime.date | None
    is_closed: bool

    @property
    def kind_label(self) -> str:
        if self.kind == SearchEntry.Kind.ARTICLE and self.subkind in Article.Kind.values:
            return Article.Kind(self.subkind).label
        return {
            SearchEntry.Kind.ARTICLE: _("Verdiepen"),
            SearchEntry.Kind.CALL: _("Meedoen"),
            SearchEntry.Kind.EVENT: _("Activiteit"),
            SearchEntry.Kind.PARTNER: _("Partnerorganisatie"),
        }[self.kind]


def highlight(snippet: str) -> SafeString:
    """The snippet from ``ts_headline`` as HTML: the text escaped, the matches in ``<mark>``."""
    return mark_safe(escape(snippet).replace(_MARK_START, "<mark>").replace(_MARK_END, "</mark>"))


class _Query:
    """The SQL of one search: the text search query and the facet conditions, with their parameters."""

    ALL, ANY = "all", "any"

    def __init__(self, request: SearchRequest, vocabulary: Vocabulary, now: datetime.datetime, mode: str = ALL):
        self.request = request
        self.vocabulary = vocabulary
        self.params: dict = {
            "config": SEARCH_CONFIG,
            "text": request.text,
            "now": now,
            "kinds": list(request.kinds),
            "themes": vocabulary.ids("themes", request.themes),
            "partners": vocabulary.ids("partners", request.partners),
            "audiences": vocabulary.ids("audiences", request.audiences),
            "years": list(request.years),
        }
        self.has_text = bool(request.text)
        self.mode = mode
        if mode == self.ANY:
            # Any of the words: the same parsed query with its ANDs turned into ORs.
            self.tsquery = "replace(websearch_to_tsquery(%(config)s::regconfig, %(text)s)::text, ' & ', ' | ')::tsquery"
        else:
            self.tsquery = "websearch_to_tsquery(%(config)s::regconfig, %(text)s)"
        self.conditions = {
            KIND: "e.kind = ANY(%(kinds)s)" if request.kinds else "TRUE",
            THEME: "e.theme_ids && %(themes)s::bigint[]" if request.themes else "TRUE",
            PARTNER: "e.partner_ids && %(partners)s::bigint[]" if request.partners else "TRUE",
            AUDIENCE: "e.audience_ids && %(audiences)s::bigint[]" if request.audiences else "TRUE",
            YEAR: "e.year = ANY(%(years)s::int[])" if request.years else "TRUE",
        }

    @property
    def base(self) -> str:
        """Rows that are visible now and match the words (before the facets)."""
        where = [
            "(e.visible_from IS NULL OR e.visible_from <= %(now)s)",
            "(e.visible_until IS NULL OR e.visible_until > %(now)s)",
        ]
        if self.has_text:
            where.append("e.search_vector @@ q.query")
        return f"FROM {ENTRY} e, q WHERE " + " AND ".join(where)

    @property
    def with_query(self) -> str:
        if not self.has_text:
            return "WITH q AS (SELECT NULL::tsquery AS query, '{}'::text[] AS lexemes)"
        lexemes = "tsvector_to_array(to_tsvector(%(config)s::regconfig, %(text)s))"
        # MATERIALIZED hides the query from the planner, which then always reads the matches through the GIN
        # index (exact for these queries, so without reading the vectors) instead of scanning every row.
        return f"WITH q AS MATERIALIZED (SELECT {self.tsquery} AS query, {lexemes} AS lexemes)"

    @property
    def matched_words(self) -> str:
        """With any of the words: how many different words of the query a row contains (more is better)."""
        if self.mode != self.ANY:
            return "0"
        return "(SELECT count(*) FROM unnest(q.lexemes) l WHERE e.head_vector @@ quote_literal(l)::tsquery)"

    def all_conditions(self, *, but: str | None = None) -> str:
        return " AND ".join(f"({sql})" for name, sql in self.conditions.items() if name != but)

    def facet_columns(self) -> list[tuple[str, str, str]]:
        """(facet, value, SQL condition) of every count the facets show, each with all *other* facets applied."""
        columns = [("total", "", self.all_conditions())]
        columns += [(KIND, kind, f"e.kind = '{kind}'") for kind in SearchEntry.Kind.values]
        for param, group, column in (
            (THEME, "themes", "theme_ids"),
            (PARTNER, "partners", "partner_ids"),
            (AUDIENCE, "audiences", "audience_ids"),
        ):
            columns += [
                (param, str(term.pk), f"e.{column} @> ARRAY[{int(term.pk)}]::bigint[]")
                for term in getattr(self.vocabulary, group).values()
            ]
        columns.append((YEAR, "", "e.year IS NOT NULL"))
        return [
            (facet, value, sql if facet == "total" else f"{self.all_conditions(but=facet)} AND {sql}")
            for facet, value, sql in columns
        ]

    def facets_sql(self) -> str:
        """One pass over the matches: per year, the total and the count of every facet value.

        Counting with FILTER clauses reads each matching row once; the counts of the years are the per-year
        counts of the year column, the other counts are summed over the years.
        """
        counts = ",\n".join(f"count(*) FILTER (WHERE {sql})" for _facet, _value, sql in self.facet_columns())
        return f"""
            {self.with_query}
            SELECT e.year, {counts}
            {self.base}
            GROUP BY e.year
        """

    def results_sql(self) -> str:
        """One page of results: best first, recent first among equals, with a highlighted snippet."""
        # Ranked on title, summary, themes and tags (weights A and B); a match in the body only ranks lowest.
        rank = "ts_rank(e.head_vector, q.query)" if self.has_text else "0::real"
        if self.has_text:
            snippet = "ts_headline(%(config)s::regconfig, e.summary || E'\\n' || e.body, q.query, %(headline)s)"
        else:
            snippet = "e.summary"
        self.params["headline"] = _HEADLINE_OPTIONS
        return f"""
            {self.with_query}, page AS (
                SELECT e.id, {self.matched_words} AS matched, {rank} AS rank, e.published_at
                {self.base} AND {self.all_conditions()}
                ORDER BY matched DESC, rank DESC, e.published_at DESC NULLS LAST, e.id DESC
                LIMIT %(limit)s OFFSET %(offset)s
            )
            SELECT e.kind, e.subkind, e.url, e.title, {snippet}, e.display_date,
                   e.ends_at IS NOT NULL AND e.ends_at <= %(now)s
            FROM page JOIN {ENTRY} e ON e.id = page.id, q
            ORDER BY page.matched DESC, page.rank DESC, page.published_at DESC NULLS LAST, page.id DESC
        """

    def count_facets(self) -> dict[str, dict[str, int]]:
        columns = self.facet_columns()
        counts: dict[str, dict[str, int]] = {}
        with connection.cursor() as cursor:
            cursor.execute(self.facets_sql(), self.params)
            rows = cursor.fetchall()
        for year, *values in rows:
            for (facet, value, _sql), count in zip(columns, values, strict=True):
                if facet == YEAR:
                    facet, value = YEAR, str(year)
                if count:
                    group = counts.setdefault(facet, {})
                    group[value] = group.get(value, 0) + count
        return counts

    def fetch(self, offset: int, limit: int) -> list[Result]:
        sql = self.results_sql()
        with connection.cursor() as cursor:
            cursor.execute(sql, {**self.params, "offset": offset, "limit": limit})
            rows = cursor.fetchall()
        return [
            Result(
                kind=kind,
                subkind=subkind,
                url=url,
                title=title,
                snippet=highlight(snippet or ""),
                display_date=display_date,
                is_closed=is_closed,
            )
            for kind, subkind, url, title, snippet, display_date, is_closed in rows
        ]


class _LazyResults:
    """The results as a sequence for Django's Paginator: its length is known, a slice runs one query."""

    def __init__(self, query: _Query, total: int):
        self.query, self.total = query, total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index: slice) -> list[Result]:
        start, stop = index.start or 0, min(index.stop or self.total, self.total)
        if stop <= start:
            return []
        return self.query.fetch(start, stop - start)


def _facets(request: SearchRequest, counts: dict[str, dict[str, int]], vocabulary: Vocabulary) -> Facets:
    def options(param: str, choices: list[tuple[str, str, str]], selected: Sequence) -> list[FacetOption]:
        found = counts.get(param, {})
        result = []
        for key, value, label in choices:
            count = found.get(key, 0)
            if count or value in selected:
                result.append(FacetOption(param, value, label, count, value in selected))
        return result

    def terms(group: str) -> list[tuple[str, str, str]]:
        return [(str(term.pk), term.slug, term.name) for term in getattr(vocabulary, group).values()]

    years = sorted({int(year) for year in counts.get(YEAR, {})} | set(request.years), reverse=True)
    groups = [
        Facet(KIND, _("Soort"), options(KIND, [(v, v, label) for v, label in SearchEntry.Kind.choices], request.kinds)),
        Facet(THEME, _("Thema"), options(THEME, terms("themes"), request.themes)),
        Facet(PARTNER, _("Partner"), options(PARTNER, terms("partners"), request.partners)),
        Facet(AUDIENCE, _("Voor wie"), options(AUDIENCE, terms("audiences"), request.audiences)),
        Facet(YEAR, _("Jaar"), options(YEAR, [(str(y), y, str(y)) for y in years], request.years)),
    ]
    total = counts.get("total", {}).get("", 0)
    return Facets(total=total, groups=[group for group in groups if group.options])


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment): a swap of two letters counts as one edit."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


#: Candidates per word, by trigram similarity, among which the fewest edits wins.
SUGGESTION_CANDIDATES = 10


def suggest(text: str) -> str:
    """The text with each unknown word (of four letters or more) replaced by the closest indexed word.

    Candidates are the indexed words most similar by trigrams (``pg_trgm``, using its index); of those the one with
    the fewest edits wins, so ‘leefbaarhied’ becomes ‘leefbaarheid’ rather than the shorter ‘leefbaar’.
    """
    words = _WORD_RE.findall(text.lower())
    if not any(len(word) >= 4 for word in words):
        return " ".join(words)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT w.word, lower(unaccent(w.word)),
                   EXISTS (SELECT 1 FROM {WORD} s WHERE s.word = lower(unaccent(w.word))),
                   ARRAY(SELECT s.word FROM {WORD} s WHERE s.word %% lower(unaccent(w.word))
                         ORDER BY similarity(s.word, lower(unaccent(w.word))) DESC, s.word
                         LIMIT {SUGGESTION_CANDIDATES})
            FROM unnest(%s::text[]) WITH ORDINALITY AS w(word, n)
            ORDER BY w.n
            """,
            [words],
        )
        rows = cursor.fetchall()
    corrected = []
    for word, plain, known, candidates in rows:
        if len(word) < 4 or known or not candidates:
            corrected.append(word)
        else:
            corrected.append(min(candidates, key=lambda candidate: edit_distance(plain, candidate)))
    return " ".join(corrected)


@dataclass
class SearchOutcome:
    request: SearchRequest
    facets: Facets
    page: Page
    #: The words the results are for, when they differ from what was typed (a spelling correction).
    corrected_text: str = ""
    #: The results contain any of the words instead of all of them.
    any_word: bool = False

    @property
    def total(self) -> int:
        return self.facets.total


def search(
    request: SearchRequest,
    *,
    page_number: str | int | None = 1,
    per_page: int | None = None,
    vocabulary: Vocabulary | None = None,
    now: datetime.datetime | None = None,
) -> SearchOutcome:
    """Search the index; see the module docstring for the queries it runs."""
    now = now or timezone.now()
    vocabulary = vocabulary or Vocabulary.load()
    query = _Query(request, vocabulary, now)
    counts = query.count_facets()
    corrected, any_word = "", False
    if not counts.get("total", {}).get("") and request.text:
        suggestion = suggest(request.text)
        if suggestion != " ".join(_WORD_RE.findall(request.text.lower())):
            candidate = _Query(replace(request, text=suggestion), vocabulary, now)
            candidate_counts = candidate.count_facets()
            if candidate_counts.get("total", {}).get(""):
                query, counts, corrected = candidate, candidate_counts, suggestion
        if not corrected and len(_WORD_RE.findall(request.text)) > 1:
            candidate = _Query(request, vocabulary, now, mode=_Query.ANY)
            candidate_counts = candidate.count_facets()
            if candidate_counts.get("total", {}).get(""):
                query, counts, any_word = candidate, candidate_counts, True
    facets = _facets(request, counts, vocabulary)
    paginator = Paginator(_LazyResults(query, facets.total), per_page or settings.PAGE_SIZE)
    return SearchOutcome(
        request=request,
        facets=facets,
        page=paginator.get_page(page_number),
        corrected_text=corrected,
        any_word=any_word,
    )
