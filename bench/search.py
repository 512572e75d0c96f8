"""Search benchmark: p50 and p95 latency of the full-text search over 100,000 mixed items.

    .venv/bin/python bench/search.py [--items 100000] [--repeat 10] [--regenerate]

It runs against a database of its own (``wijkwijzer_bench_search`` on the same PostgreSQL server, never the
development data), which it creates and fills once with fast bulk SQL: random but Dutch-looking items over the
site's own vocabulary, with a skewed word frequency as in real text. Later runs reuse the data.

For each of 20 realistic Dutch queries it times ``search.engine.search`` (every query the search page runs:
vocabulary, facet counts, one page of results with highlighted snippets, spelling suggestions when needed), with
and without facets, and the same searches done naively with ``icontains`` (a count and one page, ordered by
date), and prints p50, p95 and the ratio. The target is p95 under 50 ms on a 2-core machine. Nothing caches
search results: every timed run does all of a search's SQL (only PostgreSQL's buffers are warm).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkwijzer.settings")
BENCH_DATABASE = "wijkwijzer_bench_search"

QUERIES = [
    "buurten",
    "leefbaarheid",
    "spanningen in de buurt",
    "hoe pak ik spanningen in de buurt aan?",
    "wijkaanpak",
    "bewonersinitiatief subsidie",
    "eenzaamheid ouderen",
    "jongeren overlast",
    "energietransitie wijk",
    "armoede en schulden",
    "veiligheid woningen",
    "participatie bewoners",
    "sociale basis",
    "leefbaarhied",
    "creeer ontmoeting",
    "woningcorporatie huurders",
    "buurtpreventie",
    "ondermijning",
    "brede welvaart",
    "gezondheid kinderen",
]


def words(text: str) -> list[str]:
    return text.split()


# Frequent little words first, then the subject words of the site: the earlier a word, the more often it is drawn.
FILLER = words(
    "de het een en van in op met voor dat is die te zijn er niet aan om ook als bij naar wat door maar nog "
    "over uit dan kan wordt worden of meer heeft hebben zo al deze hoe samen veel onze jaar nieuwe goed"
)
SUBJECT = words(
    "buurt wijk bewoners gemeente buurten wijken bewoner samenwerking leefbaarheid professionals aanpak "
    "veiligheid jongeren gemeenten ouderen initiatief wonen zorg welzijn participatie ontmoeting woningen "
    "wijkaanpak bewonersinitiatief bewonersinitiatieven kennis onderzoek rapport praktijk netwerk subsidie "
    "armoede schulden eenzaamheid gezondheid kinderen ouders school scholing opvoeding werk inkomen energie "
    "energietransitie duurzaam duurzame woningcorporatie woningcorporaties huurders corporaties beleid "
    "bestuurders beleidsmakers sociale basis brede welvaart spanningen spanning overlast criminaliteit "
    "ondermijning preventie buurtpreventie vertrouwen zelfbeheer buurthuis buurthuizen sport bewegen "
    "financiering fonds programma experiment experimenten lab wijklab manifest congres webinar bijeenkomst "
    "inwoners vrijwilligers vrijwilligerswerk mantelzorg dorpen kernen platform coalitie afspraken "
    "prestatieafspraken vitale leefbare leefbaar groen openbare ruimte straat straten plein speelplaats "
    "jongerenwerk wijkteam wijkteams opbouwwerk welzijnswerk huisarts gezondheidszorg woningbouw "
    "nieuwbouw renovatie isolatie zonnepanelen warmte warmtenet aardgasvrij coöperatie creëer creëren "
    "ruimte meedoen betrokkenheid zeggenschap democratie burgerschap gemeenschap gemeenschapskracht "
    "verbinding verbinden signaleren escaleren conflict conflicten bemiddeling buurtbemiddeling "
    "discriminatie inclusie diversiteit taal laaggeletterdheid digitale vaardigheden schuldhulp "
    "werkloosheid banen ondernemers winkels economie middenstand veerkracht kwetsbare aandachtswijken "
    "stedelijke vernieuwing herstructurering verhuizen dakloosheid huisvesting statushouders nieuwkomers"
)
THEMES = [
    "opvoeding",
    "scholing",
    "sociaal functioneren",
    "werk en inkomen",
    "gezondheid",
    "wonen",
    "veiligheid en criminaliteit",
    "leefbaarheid",
    "energietransitie",
    "bewonersinitiatieven",
    "financiering",
    "sport en bewegen",
    "spanningen in de buurt",
]
PARTNERS = ["lsa", "lpb", "ccv", "verwey-jonker-instituut", "movisie", "platform31", "vng", "bzk"]
AUDIENCES = ["bewoners", "professionals", "beleidsmakers", "bestuurders"]
FACETS = [{"thema": "leefbaarheid"}, {"soort": "verdiepen"}, {"thema": "wonen", "jaar": "2024"}, {"partner": "lsa"}]


#: Words in the generated text: the little words, the site's subject words and made-up rarer words.
VOCABULARY_SIZE = 20_000
SYLLABLES = words(
    "ver be ge ont her wijk buurt stad huis werk zorg school straat land dorp kracht plan raad hulp geld "
    "bond band ding heid schap ing baar lijk loos zaam tje en er te de"
)


def vocabulary() -> list[str]:
    """Words by rank (most frequent first): the little words, then the subject words spread over ranks 60 to about
    3,000 among made-up Dutch-looking words, so that one subject word is in between 1 and 25 % of the items."""
    import random

    rng = random.Random(42)
    made_up: list[str] = []
    seen = set(FILLER) | set(SUBJECT)
    while len(made_up) < VOCABULARY_SIZE:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            made_up.append(word)
    words = list(FILLER)
    subject = iter(SUBJECT)
    for rank in range(len(FILLER), VOCABULARY_SIZE):
        if rank >= 60 and rank % 12 == 0:
            word = next(subject, None)
            if word is not None:
                words.append(word)
                continue
        words.append(made_up.pop())
    return words


def use_bench_database() -> None:
    """Point Django at the benchmark's own database, made on the server the project uses."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    from wijkwijzer.database import database_url

    url = database_url(BASE_DIR)
    params = conninfo_to_dict(url)
    with psycopg.connect(make_conninfo(url, dbname="postgres"), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DATABASE]).fetchone():
            conn.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')
    params["dbname"] = BENCH_DATABASE
    os.environ["DATABASE_URL"] = make_conninfo(**params)


def generate(items: int) -> float:
    """Fill the index with ``items`` random items in one INSERT … SELECT; returns the seconds it took."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from articles.models import Article
    from calls.models import Call
    from events.models import Event
    from partners.models import Partner
    from search.models import SearchEntry, SearchMatchRow, SearchWord
    from themes.models import Audience, Theme

    started = time.perf_counter()
    with connection.cursor() as cursor:
        # TRUNCATE rather than DELETE: the tables' sizes printed afterwards are those of the new rows alone.
        tables = ", ".join(model._meta.db_table for model in (SearchEntry, SearchMatchRow, SearchWord))
        cursor.execute(f"TRUNCATE {tables}")
    for order, name in enumerate(THEMES):
        Theme.objects.update_or_create(slug=name.replace(" ", "-"), defaults={"name": name, "order": order})
    for order, slug in enumerate(PARTNERS):
        Partner.objects.update_or_create(
            slug=slug, defaults={"name": slug.upper(), "short_name": slug.upper()[:10], "order": order}
        )
    for order, name in enumerate(AUDIENCES):
        Audience.objects.update_or_create(slug=name, defaults={"name": name, "order": order})
    theme_ids = list(Theme.objects.values_list("pk", flat=True))
    partner_ids = list(Partner.objects.values_list("pk", flat=True))
    audience_ids = list(Audience.objects.values_list("pk", flat=True))
    types = [ContentType.objects.get_for_model(model).pk for model in (Article, Call, Event)]
    words = vocabulary()

    def text(length: int) -> str:
        # One word drawn per position with Zipf's law (the word of rank r with a chance proportional to 1/r:
        # r = N ** u for a uniform u); ``g > 0`` makes the subquery run for every row.
        return (
            f"(SELECT string_agg((%(words)s::text[])[floor(power(%(count)s, random()))::int], ' ') "
            f"FROM generate_series(1, {length}) WHERE g > 0)"
        )

    def pick(array: str, most: int) -> str:
        return (
            f"ARRAY(SELECT x FROM unnest(%({array})s::bigint[]) x WHERE g > 0 "
            f"ORDER BY random() LIMIT 1 + floor(random() * {most})::int)"
        )

    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.42)")
        cursor.execute(
            f"""
            INSERT INTO {SearchEntry._meta.db_table} (
                content_type_id, object_id, kind, subkind, url, title, summary, body, keywords,
                theme_ids, partner_ids, audience_ids, year, display_date, published_at, visible_from,
                visible_until, ends_at
            )
            SELECT
                (%(types)s::int[])[1 + (g %% 3)], g, (ARRAY['verdiepen', 'meedoen', 'agenda'])[1 + (g %% 3)],
                CASE WHEN g %% 3 = 0 THEN 'artikel' ELSE '' END,
                '/bench/' || g || '/',
                initcap({text(7)}), {text(35)}, {text(120)},
                coalesce((SELECT string_agg(t.name, ' · ') FROM themes_theme t WHERE t.id = ANY(themes)), ''),
                themes, {pick("partners", 2)}, {pick("audiences", 2)},
                extract(year FROM moment)::int, moment::date, moment, moment, NULL,
                CASE WHEN g %% 3 = 0 THEN NULL ELSE moment + interval '30 days' END
            FROM (
                SELECT g, now() - random() * interval '2000 days' AS moment, {pick("themes", 3)} AS themes
                FROM generate_series(1, %(items)s) g
            ) AS generated
            """,
            {
                "types": types,
                "words": words,
                "count": len(words),
                "themes": theme_ids,
                "partners": partner_ids,
                "audiences": audience_ids,
                "items": items,
            },
        )
    from search.indexing import _remember_words

    _remember_words("TRUE", [])
    with connection.cursor() as cursor:
        # As autovacuum would after a while: statistics, and the match rows written by the trigger settled.
        for model in (SearchEntry, SearchMatchRow, SearchWord):
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
    return time.perf_counter() - started


def icontains_search(text: str, params: dict, per_page: int) -> list:
    """The naive way: every word somewhere in title, summary or body; newest first; a count and one page."""
    from django.db.models import Q

    from search.models import SearchEntry
    from themes.models import Theme

    entries = SearchEntry.objects.all()
    for word in text.replace("?", " ").split():
        entries = entries.filter(Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word))
    if "soort" in params:
        entries = entries.filter(kind=params["soort"])
    if "thema" in params:
        entries = entries.filter(theme_ids__contains=[Theme.objects.get(slug=params["thema"]).pk])
    if "jaar" in params:
        entries = entries.filter(year=int(params["jaar"]))
    if "partner" in params:
        from partners.models import Partner

        entries = entries.filter(partner_ids__contains=[Partner.objects.get(slug=params["partner"]).pk])
    entries.count()
    return list(entries.order_by("-published_at").values("title", "summary", "url")[:per_page])


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def measure(run, cases: list, repeat: int) -> tuple[list[float], list[int]]:
    timings, hits = [], []
    for case in cases:
        hits.append(run(case))  # warm-up, and the number of results
        for _ in range(repeat):
            started = time.perf_counter()
            run(case)
            timings.append((time.perf_counter() - started) * 1000)
    return timings, hits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=10, help="timed runs per query (after one warm-up)")
    parser.add_argument("--regenerate", action="store_true", help="throw the generated items away and make new ones")
    options = parser.parse_args()

    use_bench_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.http import QueryDict

    from search.engine import SearchRequest, search
    from search.models import SearchEntry, SearchMatchRow

    for app in ("contenttypes", "themes", "partners", "search"):
        call_command("migrate", app, verbosity=0)
    # The generated items (the partners are indexed too, by the signals).
    generated = SearchEntry.objects.filter(url__startswith="/bench/").count()
    if options.regenerate or generated != options.items:
        seconds = generate(options.items)
        print(f"generated {options.items:,} items in {seconds:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_size_pretty(pg_total_relation_size(%s)), pg_size_pretty(pg_total_relation_size(%s))",
            [SearchEntry._meta.db_table, SearchMatchRow._meta.db_table],
        )
        size, match_size = cursor.fetchone()
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    print(
        f"{SearchEntry.objects.count():,} items, index tables {size} (entries) and {match_size} (match rows), "
        f"{version}, {os.cpu_count()} CPU cores"
    )

    per_page = 12

    def full_text(case) -> int:
        text, params = case
        query = QueryDict(mutable=True)
        query["q"] = text
        for key, value in params.items():
            query[key] = value
        request, _dropped = SearchRequest.from_query(query)
        outcome = search(request, per_page=per_page)
        list(outcome.page.object_list)
        return outcome.total

    def naive(case) -> int:
        text, params = case
        return len(icontains_search(text, params, per_page))

    plain = [(text, {}) for text in QUERIES]
    faceted = [(text, FACETS[number % len(FACETS)]) for number, text in enumerate(QUERIES)]
    rows = []
    for label, cases in (("without facets", plain), ("with facets", faceted)):
        fts, hits = measure(full_text, cases, options.repeat)
        slow, _ = measure(naive, cases, max(1, options.repeat // 5))
        rows.append((label, fts, slow, hits))

    print(f"\n{len(QUERIES)} queries, {options.repeat} timed runs each (icontains: {max(1, options.repeat // 5)})")
    print(f"{'':16} {'full-text p50':>14} {'p95':>9} {'icontains p50':>14} {'p95':>9} {'ratio p50':>10} {'p95':>7}")
    for label, fts, slow, _hits in rows:
        fts50, fts95 = statistics.median(fts), percentile(fts, 0.95)
        slow50, slow95 = statistics.median(slow), percentile(slow, 0.95)
        print(
            f"{label:16} {fts50:11.1f} ms {fts95:6.1f} ms {slow50:11.1f} ms {slow95:6.1f} ms "
            f"{slow50 / fts50:9.1f}x {slow95 / fts95:6.1f}x"
        )
    print("\nresults and slowest run per query, without | with facets:")
    (_, plain_times, _, plain_hits), (_, faceted_times, _, faceted_hits) = rows
    for number, (text, params) in enumerate(faceted):
        runs = slice(number * options.repeat, (number + 1) * options.repeat)
        facets = "&".join(f"{key}={value}" for key, value in params.items())
        print(
            f"  {plain_hits[number]:6,} {max(plain_times[runs]):6.1f} ms | {faceted_hits[number]:6,} "
            f"{max(faceted_times[runs]):6.1f} ms  {text} | {facets}"
        )
    target = all(percentile(fts, 0.95) < 50 for _label, fts, _slow, _hits in rows)
    print(f"\ntarget p95 < 50 ms: {'met' if target else 'NOT met'}")


if __name__ == "__main__":
    main()
