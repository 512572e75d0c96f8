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
from search.models import FACET_BITS, SEARCH_CONFIG, SearchEntry, SearchMatchRow, SearchWord
from wijkwijzer import pagination
from wijkwijzer.bitmaps import bit_ids, mask_filter, mask_sql

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
#: A word or phrase excluded with a minus, as ``websearch_to_tsquery`` reads it.
_NEGATION_RE = re.compile(r"(?:^|\s)-[\w\"]")
# ts_headline wraps each match in these; they are stripped from indexed text (search.indexing._clean).
_MARK_START, _MARK_END = "\x02", "\x03"
_HEADLINE_OPTIONS = (
    f'StartSel="{_MARK_START}", StopSel="{_MARK_END}", MaxWords=30, MinWords=12, '
    'MaxFragments=2, FragmentDelimiter=" … "'
)
#: A summary or text of at most this many characters is shown whole, its words marked: fragments of it dropped
#: the opening words (a stop word at a fragment's edge is trimmed) and read as a sentence begun halfway.
WHOLE_SNIPPET = 400
_HEADLINE_ALL_OPTIONS = f'StartSel="{_MARK_START}", StopSel="{_MARK_END}", HighlightAll=true'
#: A snippet is looked for in the summary when it has all the words and is at most this long, else in this many
#: opening characters of an item's text (cut back to a whole word) when they match the words by themselves, else in
#: the whole text: ``ts_headline`` parses every word it is given, which for a long report costs milliseconds per
#: result, and a snippet shows at most sixty words.
SNIPPET_PREFIX = 1000

#: A search with more matches than this reads each tier first for the matches among (about) this many newest rows,
#: then for the older ones (``_Query._tier``), for its pages within the first ``WINDOWED_RESULTS`` results.
RANKING_WINDOW = 1000
WINDOWED_RESULTS = 100

ENTRY = SearchEntry._meta.db_table
MATCH = SearchMatchRow._meta.db_table
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
                if name == KIND and value != value.lower():  # ‘?soort=Verdiepen’: as the links write it
                    value, dropped = value.lower(), True
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
    #: When it closed or closes: a call's deadline, the start of the day after an event's last day.
    ends_at: datetime.datetime | None = None

    @property
    def last_day(self) -> datetime.date | None:
        """An event's last day (the day before the one its ``ends_at`` starts), else None."""
        if self.kind != SearchEntry.Kind.EVENT or self.ends_at is None:
            return None
        return (timezone.localtime(self.ends_at) - datetime.timedelta(microseconds=1)).date()

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


def _facet_bits(ids: Sequence[int]) -> tuple[int, list[int]]:
    """The bitmap of ``ids`` as stored in ``SearchMatchRow``, and the ids too large for it."""
    mask, more = 0, []
    for pk in ids:
        if 0 <= pk < FACET_BITS:
            mask |= 1 << pk
        else:
            more.append(pk)
    return mask, more


def _visible(alias: str) -> str:
    """Whether an entry (``e``) is visible now."""
    return (
        f"({alias}.visible_from IS NULL OR {alias}.visible_from <= %(now)s)"
        f" AND ({alias}.visible_until IS NULL OR {alias}.visible_until > %(now)s)"
    )


def _match_visible(alias: str) -> str:
    """Whether a match row is visible now (its bounds are never NULL, but the years 1 and 9999)."""
    return f"{alias}.visible_from <= %(now)s AND {alias}.visible_until > %(now)s"


#: The tiers of the ranking, by where the words are found: the vectors of ``SearchMatchRow`` with a GIN index each,
#: each vector containing the ones before it.
TITLE, SUMMARY, HEAD, BODY = "title_vector", "summary_vector", "head_vector", "search_vector"
TIERS = (TITLE, SUMMARY, HEAD, BODY)


class _Query:
    """The SQL of one search: the text search query and the facet conditions, with their parameters.

    Both the facet counts and the ranking read the narrow match rows (``SearchMatchRow``), never the entries, which
    are read only for the page's own rows. Results are ranked in tiers: first the items with the words in the
    title, then in the summary, then in the themes, tags or partner names, then only in the body; the newest first
    within a tier. Each tier is one scan of its own GIN index, and the tiers are read one after the other and only
    as far as the page needs: a broad word (‘buurten’ is in almost half of all items) costs its title matches, a
    few thousand narrow rows, not a ranking of every match.
    """

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
        #: The number of matches, once counted (``search``), how many of them are of the newest rows' days, and
        #: the first of those days (``count_facets``): whether and where a page is read newest days first.
        self.total, self.window_total, self.recent_day = 0, 0, None
        if mode == self.ANY:
            # Any of the words: the same parsed query with its ANDs turned into ORs.
            self.tsquery = "replace(websearch_to_tsquery(%(config)s::regconfig, %(text)s)::text, ' & ', ' | ')::tsquery"
        else:
            self.tsquery = "websearch_to_tsquery(%(config)s::regconfig, %(text)s)"
        # The facet conditions on an entry (browsing without words, ``e``, with arrays).
        self.conditions = {
            KIND: "e.kind = ANY(%(kinds)s)" if request.kinds else "TRUE",
            THEME: "e.theme_ids && %(themes)s::bigint[]" if request.themes else "TRUE",
            PARTNER: "e.partner_ids && %(partners)s::bigint[]" if request.partners else "TRUE",
            AUDIENCE: "e.audience_ids && %(audiences)s::bigint[]" if request.audiences else "TRUE",
            YEAR: "e.year = ANY(%(years)s::int[])" if request.years else "TRUE",
        }
        # The chosen facets, in the order of the bits of ``facets_sql``'s mask, and their bitmaps.
        self.selected = [
            facet
            for facet, values in (
                (KIND, request.kinds),
                (THEME, request.themes),
                (PARTNER, request.partners),
                (AUDIENCE, request.audiences),
                (YEAR, request.years),
            )
            if values
        ]
        for column, group in (("theme", "themes"), ("partner", "partners"), ("audience", "audiences")):
            self.params[f"{column}_mask"], self.params[f"{column}_more"] = _facet_bits(self.params[group])

    def match_condition(self, facet: str, alias: str = "m") -> str:
        """The condition of a chosen facet on a match row (with bitmaps)."""
        if facet == KIND:
            return f"{alias}.kind = ANY(%(kinds)s)"
        if facet == YEAR:
            return f"{alias}.year = ANY(%(years)s::int[])"
        column = {THEME: "theme", PARTNER: "partner", AUDIENCE: "audience"}[facet]
        sql = f"({alias}.{column}_bits & %({column}_mask)s::bigint) <> 0"
        if self.params[f"{column}_more"]:
            sql += f" OR {alias}.{column}_more && %({column}_more)s::bigint[]"
        return sql

    def all_match_conditions(self, alias: str = "m") -> str:
        """Visible now and in every chosen facet."""
        return " AND ".join([_match_visible(alias)] + [f"({self.match_condition(f, alias)})" for f in self.selected])

    @property
    def with_query(self) -> str:
        if not self.has_text:
            return "WITH q AS (SELECT NULL::tsquery AS query, '{}'::text[] AS lexemes, FALSE AS negated)"
        lexemes = "tsvector_to_array(to_tsvector(%(config)s::regconfig, %(text)s))"
        # MATERIALIZED hides the query from the planner, which then always reads the matches through the GIN
        # indexes (exact for these queries, so without reading the vectors) instead of scanning every row.
        return (
            "WITH q AS MATERIALIZED (SELECT query, lexemes, strpos(query::text, '!') > 0 AS negated "
            f"FROM (SELECT {self.tsquery} AS query, {lexemes} AS lexemes) AS parsed)"
        )

    def all_conditions(self) -> str:
        return " AND ".join(f"({sql})" for sql in self.conditions.values())

    # --- Facet counts ---

    def facets_sql(self) -> str:
        """One pass over the match rows: counts per kind, year and audiences, per themes and per partners.

        Each row also carries a bitmask of the chosen facets whose condition it meets; a facet's counts are taken
        over the rows that meet all the *other* conditions, the total over the rows that meet them all. The
        arrays of primary keys beyond the bitmaps are only read when the vocabulary has such keys.
        """
        conditions = [self.match_condition(facet) for facet in self.selected]
        mask = mask_sql(conditions)
        # The grouping sets: the facets each one counts, with its bitmap's column, and its columns.
        sets = [
            ((KIND, YEAR, AUDIENCE), "audience", ["s.kind", "s.year", "s.audience_bits"]),
            ((THEME,), "theme", ["s.theme_bits"]),
            ((PARTNER,), "partner", ["s.partner_bits"]),
        ]
        more = []
        for facets, column, key in sets:
            if any(term.pk >= FACET_BITS for term in getattr(self.vocabulary, f"{column}s").values()):
                key.append(f"s.{column}_more")
                more.append(f"s.{column}_more")
            else:
                more.append("NULL::bigint[]")
            # Which rows count depends on the mask, unless the one chosen facet is the one this set counts.
            if conditions and self.selected != list(facets):
                key.insert(0, "s.mask")
        where, fence = mask_filter(conditions, "s")
        # The first day of the newest RANKING_WINDOW match rows (all of them, visible or not: it only splits each
        # tier in two; every day when there are fewer rows), and how many of the counted rows are of those days:
        # whether a page of results is read newest days first (``results_sql``). Counted on ``published_at`` from
        # the day's first moment (UTC, as ``published_day`` is computed, migration search/0004): the same rows,
        # and a column near the start of the row. (Only a guide: before 2000 the days are not whole.) OFFSET 0 keeps
        # ``d`` a subquery of its own: pulled up, its day would be looked up once for each of its two uses.
        recent = (
            ", recent AS MATERIALIZED (SELECT coalesce(d.day, -2147483648) AS day, "
            "coalesce(timestamptz '2000-01-01 00:00:00+00' + d.day * interval '1 day', '-infinity') AS since "
            f"FROM (SELECT (SELECT published_day FROM {MATCH} ORDER BY published_day DESC "
            f"OFFSET {RANKING_WINDOW - 1} LIMIT 1) AS day OFFSET 0) AS d)"
            if self.has_text
            else ", recent AS (SELECT NULL::integer AS day, NULL::timestamptz AS since)"
        )
        return f"""
            {self.with_query}{recent}
            SELECT {"s.mask" if conditions else "0"}, GROUPING(s.kind, s.theme_bits, s.partner_bits),
                   s.kind, s.year, s.audience_bits, s.theme_bits, s.partner_bits, {", ".join(more)}, count(*),
                   count(*) FILTER (WHERE s.published_at >= (SELECT since FROM recent)), (SELECT day FROM recent)
            FROM (
                SELECT {mask} AS mask, m.*
                FROM {MATCH} m
                WHERE {"m.search_vector @@ (SELECT query FROM q) AND " if self.has_text else ""}{_match_visible("m")}
                {fence}
            ) AS s
            {where}
            GROUP BY GROUPING SETS ({", ".join(f"({', '.join(key)})" for _facets, _column, key in sets)})
        """

    def count_facets(self) -> dict[str, dict[str, int]]:
        selected = self.selected
        full = (1 << len(selected)) - 1

        def counted(facet: str, mask: int | None) -> bool:
            """Whether a row with ``mask`` counts for ``facet``: it meets every chosen condition but the facet's.

            (No mask: the counts of the one chosen facet, which need none.)"""
            return mask is None or mask == full or (facet in selected and mask == full ^ (1 << selected.index(facet)))

        def ids(bits: int, more: list[int] | None) -> list[int]:
            return [*(more or ()), *bit_ids(bits)]

        counts: dict[str, dict[str, int]] = {}

        def add(facet: str, value: str, count: int) -> None:
            group = counts.setdefault(facet, {})
            group[value] = group.get(value, 0) + count

        with connection.cursor() as cursor:
            cursor.execute(self.facets_sql(), self.params)
            rows = cursor.fetchall()
        # GROUPING() of (kind, theme_bits, partner_bits): which grouping set a row belongs to.
        by_kind, by_theme, by_partner = 0b011, 0b101, 0b110
        self.window_total = 0
        for mask, grouping, kind, year, audiences, themes, partners, *more, count, in_window, day in rows:
            audiences_more, themes_more, partners_more = more
            self.recent_day = day
            if grouping == by_kind:
                if mask == full:
                    add("total", "", count)
                    self.window_total += in_window
                if counted(KIND, mask):
                    add(KIND, kind, count)
                if counted(YEAR, mask) and year:  # 0: without a year (a partner)
                    add(YEAR, str(year), count)
                if counted(AUDIENCE, mask):
                    for pk in ids(audiences, audiences_more):
                        add(AUDIENCE, str(pk), count)
            elif grouping == by_theme and counted(THEME, mask):
                for pk in ids(themes, themes_more):
                    add(THEME, str(pk), count)
            elif grouping == by_partner and counted(PARTNER, mask):
                for pk in ids(partners, partners_more):
                    add(PARTNER, str(pk), count)
        return counts

    # --- One page of results ---

    def _matches(self, tier: str, words: str) -> str:
        """The ids of the visible, chosen matches of a tier for ``words`` (the CTE ``q`` or ``known``)."""
        conditions = self.all_match_conditions("x")
        return f"SELECT x.entry_id FROM {MATCH} x, {words} WHERE x.{tier} @@ {words}.query AND {conditions}"

    def _tier(self, tier: str, words: str, number: int, excluded: Sequence[str] = (), *, windowed: bool) -> str:
        """The matches of one tier for ``words`` (the CTE ``q`` or ``known``), newest first, numbered ``number``.

        ``windowed`` (``results_sql``): two branches, read one after the other and the second only when the first
        does not fill the page: the matches published on the newest rows' days (``recent``), then the older ones.
        The first is one scan of the tier's GIN index, which holds the day too (migration search/0004), so a broad
        word's tier costs the matches of those days, not a sort of all its matches. A day is a whole day, so every
        match of the first branch is newer than every match of the second: together they are the tier in its
        order.

        The matches of the tiers before it are excluded by id: this tier is only read when they did not fill the
        page, so there are few of them.
        """
        where = [f"m.{tier} @@ {words}.query", self.all_match_conditions()]
        if tier != BODY:
            # With a NOT (‘buurt -wijk’) the title alone does not tell whether the whole item matches.
            where.append(f"(NOT q.negated OR m.search_vector @@ {words}.query)")
        if tier != TIERS[0]:
            excluded = [*excluded, self._matches(TIERS[TIERS.index(tier) - 1], words)]
        where += [f"m.entry_id NOT IN ({sql})" for sql in excluded]

        def branch(*days: str) -> str:
            return f"""(
                SELECT m.entry_id AS id, {number} AS tier, m.published_at
                FROM {MATCH} m, q, known{", recent" if days else ""}
                WHERE {" AND ".join([*where, *days])}
                ORDER BY m.published_at DESC, m.entry_id DESC
            )"""

        if not windowed:
            return branch()
        # The older days as a filter (``+ 0``), not in the index scan: they are most of the index, and a range over
        # them costs more than the filter.
        newer, older = branch("m.published_day >= recent.day"), branch("m.published_day + 0 < recent.day")
        return f"{newer}\n            UNION ALL {older}"

    def results_sql(self, offset: int = 0, limit: int = 0) -> str:
        """One page of results, best first, with a highlighted snippet.

        The tiers are the branches of one UNION ALL under the LIMIT: PostgreSQL runs them in order and stops as
        soon as the page is full (no ORDER BY over them, which would make it read them all; none of them is a
        parallel plan, as they read the CTEs). With any of the words, the items with all the words that occur
        anywhere come first (‘hoe pak ik spanningen in de buurt aan?’: those with both ‘spanningen’ and ‘buurt’),
        then the others, each in their tiers.
        """
        if not self.has_text:
            page = f"""
                SELECT e.id, 0 AS tier, e.published_at
                FROM {ENTRY} e
                WHERE {_visible("e")} AND {self.all_conditions()}
                ORDER BY e.published_at DESC NULLS LAST, e.id DESC
                LIMIT %(limit)s OFFSET %(offset)s
            """
            return self._page(page, snippet="e.summary", known="")
        # Newest days first (``_tier``) when there are many matches, the page is among the first, and the newest
        # days have enough matches to fill it: with few matches sorting them all costs less, and when the newest
        # days' matches are too few (far down the list, or a filter on older items) reading them first is waste.
        windowed = (
            self.total > RANKING_WINDOW
            and offset + limit <= WINDOWED_RESULTS
            and self.window_total >= offset + limit
            and self.recent_day is not None
        )
        if self.mode == self.ANY:
            known = f""", known AS MATERIALIZED (
                SELECT (
                    SELECT string_agg(quote_literal(word), ' & ')::tsquery
                    FROM unnest(q.lexemes) AS word
                    -- Counted, not EXISTS: for the first match alone PostgreSQL may plan a scan of every match
                    -- row's vector (stored out of line, 6 ms a word), for a count always the word's GIN index.
                    WHERE NOT q.negated AND (
                        SELECT count(*) FROM {MATCH} x
                        WHERE x.search_vector @@ quote_literal(word)::tsquery AND {self.all_match_conditions("x")}
                    ) > 0
                ) AS query
                FROM q
            )"""
            branches = [self._tier(tier, "known", number, windowed=windowed) for number, tier in enumerate(TIERS, 1)]
            with_all = self._matches(BODY, "known")
            branches += [
                self._tier(tier, "q", number, [with_all], windowed=windowed)
                for number, tier in enumerate(TIERS, 1 + len(TIERS))
            ]
        else:
            known = ", known AS (SELECT NULL::tsquery AS query)"
            branches = [self._tier(tier, "q", number, windowed=windowed) for number, tier in enumerate(TIERS, 1)]
        page = "\n            UNION ALL ".join(branches) + "\n            LIMIT %(limit)s OFFSET %(offset)s"
        if windowed:
            # The first of the newest rows' days, as the facet counts found it (``facets_sql``).
            known += ", recent AS (SELECT %(recent_day)s::integer AS day)"
            self.params["recent_day"] = self.recent_day
        return self._page(page, snippet=self._snippet(), known=known)

    def _snippet(self) -> str:
        """The highlighted snippet of an entry ``e`` for the words ``q``: from its summary, its opening text or its
        whole text (``SNIPPET_PREFIX``)."""
        headline = "ts_headline(%(config)s::regconfig, {0}, q.query, %(headline)s)"
        whole = (
            f"CASE WHEN length({{0}}) <= {WHOLE_SNIPPET} "
            "THEN ts_headline(%(config)s::regconfig, {0}, q.query, %(headline_all)s) "
            f"ELSE {headline} END"
        )
        text = "e.summary || E'\\n' || e.body"
        # The opening characters up to the last white space, so that no word is cut in half.
        cut = f"translate(left({text}, {SNIPPET_PREFIX + 1}), E'\\n\\t\\u00a0', '   ')"
        opening = f"left({text}, {SNIPPET_PREFIX + 1} - strpos(reverse({cut}), ' '))"
        # The opening when the text has none of the words (found by its title or themes alone: the stored vector
        # of summary and body, weights B and C, says so without parsing the text), or when the opening matches the
        # words by itself: else the snippet would show the opening's first words instead of the passage where the
        # words come together.
        cases = (
            f"WHEN length(t.text) <= {SNIPPET_PREFIX} THEN t.text "
            "WHEN NOT ts_filter(e.search_vector, '{b,c}') @@ replace(q.query::text, ' & ', ' | ')::tsquery "
            "THEN t.opening "
            "WHEN to_tsvector(%(config)s::regconfig, t.opening) @@ q.query THEN t.opening"
        )
        from_text = (
            f"(SELECT {whole.format('c.chosen')} FROM (SELECT CASE {cases} ELSE t.text END AS chosen "
            f"FROM (SELECT {text} AS text, {opening} AS opening OFFSET 0) AS t OFFSET 0) AS c)"
        )
        if self.mode != self.ALL:
            return from_text
        # The summary alone when it has all the words (as the item does), checked on its stored vector (weight B of
        # the summary vector): the editors' own description of the item, and a short text to pick from; the item's
        # whole text is then not even read. Not an empty summary (a partner's), which a query of only a NOT (‘-wijk’)
        # matches. Not with any of the words, where the summary may have one of the words that the rest of the text
        # has together.
        return (
            f"CASE WHEN e.summary <> '' AND length(e.summary) <= {SNIPPET_PREFIX} "
            f"AND ts_filter(e.summary_vector, '{{b}}') @@ q.query THEN {whole.format('e.summary')} "
            f"ELSE {from_text} END"
        )

    def _page(self, page: str, *, snippet: str, known: str) -> str:
        self.params["headline"] = _HEADLINE_OPTIONS
        self.params["headline_all"] = _HEADLINE_ALL_OPTIONS
        return f"""
            {self.with_query}{known}, page AS (
                {page}
            )
            SELECT e.kind, e.subkind, e.url, e.title, {snippet}, e.display_date,
                   e.ends_at IS NOT NULL AND e.ends_at <= %(now)s, e.ends_at
            FROM page JOIN {ENTRY} e ON e.id = page.id, q
            ORDER BY page.tier, page.published_at DESC NULLS LAST, page.id DESC
        """

    def fetch(self, offset: int, limit: int) -> list[Result]:
        sql = self.results_sql(offset, limit)
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
                ends_at=ends_at,
            )
            for kind, subkind, url, title, snippet, display_date, is_closed, ends_at in rows
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


def has_lexemes(text: str) -> bool:
    """Whether ``text`` has a word to search for: ‘de het een’ has none (stop words are not indexed)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT numnode(websearch_to_tsquery(%s::regconfig, %s)) > 0", [SEARCH_CONFIG, text])
        return cursor.fetchone()[0]


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
            SELECT word, plain, known,
                   -- Only for the unknown words: a trigram search costs milliseconds a word.
                   CASE WHEN NOT known AND length(word) >= 4 THEN
                       ARRAY(SELECT s.word FROM {WORD} s WHERE s.word %% plain
                             ORDER BY similarity(s.word, plain) DESC, s.word
                             LIMIT {SUGGESTION_CANDIDATES})
                   END
            FROM (
                SELECT w.word, w.n, lower(unaccent(w.word)) AS plain,
                       EXISTS (SELECT 1 FROM {WORD} s WHERE s.word = lower(unaccent(w.word))) AS known
                FROM unnest(%s::text[]) WITH ORDINALITY AS w(word, n)
            ) AS words
            ORDER BY n
            """,
            [words],
        )
        rows = cursor.fetchall()
    corrected = []
    for word, plain, known, candidates in rows:
        if len(word) < 4 or known or not candidates:
            suggestion = word
        else:
            suggestion = min(candidates, key=lambda candidate: edit_distance(plain, candidate))
        # A compound typed as two words (‘energie transitie’) gives the compound for both: once is enough.
        if not corrected or corrected[-1] != suggestion:
            corrected.append(suggestion)
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
    #: Nothing was searched for: the words are all too common (‘de het een’), which the index leaves out.
    only_common_words: bool = False

    @property
    def corrected_query(self) -> str:
        """The query string of the suggested words, with the chosen filters kept."""
        return replace(self.request, text=self.corrected_text).query_string()

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
    # A word with a minus (‘buurt -wijk’) is an instruction: neither fallback may drop it (the suggestion is made of
    # the words alone, and ‘any of the words’ would find every item without ‘wijk’).
    only_common_words = False
    if not counts.get("total", {}).get("") and request.text:
        only_common_words = not has_lexemes(request.text)
    if (
        not counts.get("total", {}).get("")
        and request.text
        and not only_common_words
        and not _NEGATION_RE.search(request.text)
    ):
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
    query.total = counts.get("total", {}).get("", 0)
    facets = _facets(request, counts, vocabulary)
    paginator = Paginator(_LazyResults(query, facets.total), per_page or settings.PAGE_SIZE)
    return SearchOutcome(
        request=request,
        facets=facets,
        page=paginator.get_page(pagination.page_number(page_number)),
        corrected_text=corrected,
        any_word=any_word,
        only_common_words=only_common_words,
    )
