"""Search at /zoeken/: Dutch stemming, accents, typos, ranking, snippets, facets, and an index that keeps up."""

from __future__ import annotations

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from articles.models import Article
from search.engine import SNIPPET_PREFIX, SearchRequest, edit_distance, search
from search.models import SearchEntry, SearchMatchRow
from tests.builders import make_article, make_audience, make_call, make_event, make_partner, make_theme
from themes.models import Theme
from wijkwijzer.dates import format_date_range, format_day

pytestmark = pytest.mark.django_db

SEARCH = "/zoeken/"


def result_titles(response) -> list[str]:
    html = response.content.decode()
    return [
        re.sub(r"<[^>]+>", "", title) for title in re.findall(r'class="search-result__title"><a [^>]*>(.*?)</a>', html)
    ]


def results_for(client, **params) -> list[str]:
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    return result_titles(response)


def when(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


# --- Dutch words: stemming and accents ---


def test_plural_finds_singular(client):
    make_article(title="Samen werken in de buurt", summary="Over de eigen straat.")
    make_article(title="Over iets anders", summary="Geen verband.")
    assert results_for(client, q="buurten") == ["Samen werken in de buurt"]


def test_singular_compound_finds_plural_compound(client):
    make_article(title="Tien wijkaanpakken vergeleken", summary="Wat werkt waar?")
    assert results_for(client, q="wijkaanpak") == ["Tien wijkaanpakken vergeleken"]


def test_word_without_accent_finds_word_with_accent_and_back(client):
    make_article(title="Creëer ruimte voor ontmoeting", summary="Een plein als huiskamer.")
    make_article(title="Het buurtcafe als ontmoetingsplek", summary="Koffie en gesprek.")
    assert results_for(client, q="creeer") == ["Creëer ruimte voor ontmoeting"]
    assert results_for(client, q="buurtcafé") == ["Het buurtcafe als ontmoetingsplek"]


def test_theme_and_tag_names_are_searched(client):
    energie = make_theme(name="energietransitie", slug="energietransitie")
    make_article(title="Zonnepanelen op het dak", summary="Een coöperatie in Zwolle.", themes=[energie])
    make_article(title="Een moestuin", summary="Groente uit de wijk.", tags=["stadslandbouw"])
    assert results_for(client, q="energietransitie") == ["Zonnepanelen op het dak"]
    assert results_for(client, q="stadslandbouw") == ["Een moestuin"]


def test_partner_is_found_by_name(client):
    make_partner(name="Verwey-Jonker Instituut", short_name="VJI", slug="verwey-jonker-instituut")
    response = client.get(SEARCH, {"q": "Verwey-Jonker"})
    assert result_titles(response) == ["Verwey-Jonker Instituut"]
    assert "Partnerorganisatie" in response.content.decode()


# --- Typos ---


def test_misspelt_word_still_finds_and_offers_did_you_mean(client):
    make_article(title="Leefbaarheid in kleine kernen", summary="Dorpen die samen optrekken.")
    make_article(title="Leefbaar wonen", summary="Een huis dat past.")
    response = client.get(SEARCH, {"q": "leefbaarhied"})
    html = response.content.decode()
    assert "Bedoelde je" in html
    assert '<a href="?q=leefbaarheid">leefbaarheid</a>' in html
    assert "Leefbaarheid in kleine kernen" in result_titles(response)
    # With a filter chosen, the suggestion keeps it.
    html = client.get(SEARCH, {"q": "leefbaarhied", "soort": "verdiepen"}).content.decode()
    assert '<a href="?q=leefbaarheid&amp;soort=verdiepen">leefbaarheid</a>' in html


def test_a_compound_typed_as_two_words_is_suggested_once(client):
    make_article(title="Energietransitie in de wijk", summary="Samen van het gas af.")
    response = client.get(SEARCH, {"q": "energie transitie"})
    html = response.content.decode()
    assert '<a href="?q=energietransitie">energietransitie</a>' in html
    assert "energietransitie energietransitie" not in html
    assert result_titles(response) == ["Energietransitie in de wijk"]


def test_query_that_matches_nothing_says_so(client):
    make_article(title="Leefbaarheid in kleine kernen")
    response = client.get(SEARCH, {"q": "xylofoonorkest"})
    html = response.content.decode()
    assert result_titles(response) == []
    assert "Niets gevonden" in html
    assert "Bedoelde je" not in html


def test_edit_distance_counts_a_swap_as_one_edit():
    assert edit_distance("leefbaarhied", "leefbaarheid") == 1
    assert edit_distance("leefbaarhied", "leefbaar") == 4


def test_question_finds_items_with_some_of_its_words(client):
    make_article(title="Spanningen in de buurt bespreekbaar maken", summary="Een gespreksleidraad.")
    make_article(title="Een fietsenstalling", summary="Niets over conflicten.")
    response = client.get(SEARCH, {"q": "hoe pak ik spanningen in de buurt aan?"})
    assert result_titles(response) == ["Spanningen in de buurt bespreekbaar maken"]
    assert "een of meer van de woorden" in response.content.decode()


# --- Ranking ---


def test_title_ranks_above_summary_above_body(client):
    make_article(title="Over de wijk", summary="Iets anders.", body="Hier gaat het om burenhulp.")
    make_article(title="Nog een stuk", summary="Een stuk over burenhulp.")
    make_article(title="Burenhulp", summary="Een samenvatting.")
    assert results_for(client, q="burenhulp") == ["Burenhulp", "Nog een stuk", "Over de wijk"]


def test_equally_relevant_results_show_the_newest_first(client):
    for days, title in [(-30, "Buurtpreventie oud"), (-1, "Buurtpreventie nieuw"), (-10, "Buurtpreventie midden")]:
        make_article(title=title, summary="Hetzelfde verhaal.", publish_from=when(days))
    assert results_for(client, q="buurtpreventie") == [
        "Buurtpreventie nieuw",
        "Buurtpreventie midden",
        "Buurtpreventie oud",
    ]


def test_themes_and_tags_rank_between_summary_and_body(client):
    burenhulp = make_theme(name="burenhulp", slug="burenhulp")
    make_article(title="Over de wijk", summary="Iets anders.", body="Hier gaat het om burenhulp.")
    make_article(title="Een getagd stuk", summary="Iets anders.", tags=["burenhulp"])
    make_article(title="Een stuk in het thema", summary="Iets anders.", themes=[burenhulp], publish_from=when(-5))
    make_article(title="Nog een stuk", summary="Een stuk over burenhulp.")
    make_article(title="Burenhulp", summary="Een samenvatting.")
    assert results_for(client, q="burenhulp") == [
        "Burenhulp",
        "Nog een stuk",
        "Een stuk in het thema",  # the newest of the two with the word in their themes or tags
        "Een getagd stuk",
        "Over de wijk",
    ]


def test_pages_follow_the_ranking_through_the_tiers_without_repeats(client, settings):
    settings.PAGE_SIZE = 2
    make_article(title="Buurtmoestuin in de stad")
    make_article(title="Groente", summary="Over de buurtmoestuin.")
    make_article(title="Oogst", summary="Iets anders.", tags=["buurtmoestuin"])
    make_article(title="Zaaien", summary="Iets anders.", body="Ook de buurtmoestuin doet mee.")
    make_article(title="Buurtmoestuin op het dak")  # as recent as the first: the later one first
    pages = [result_titles(client.get(SEARCH, {"q": "buurtmoestuin", "page": page})) for page in (1, 2, 3)]
    assert pages == [["Buurtmoestuin op het dak", "Buurtmoestuin in de stad"], ["Groente", "Oogst"], ["Zaaien"]]


@pytest.mark.parametrize(("window", "windowed_pages"), [(3, [1]), (7, [1, 2]), (1000, [])])
def test_each_tier_is_read_newest_days_first_and_then_the_older_days_in_one_order(
    client, settings, window, windowed_pages
):
    # A page of a search with more matches than RANKING_WINDOW reads each tier in two parts, split at the days of
    # the newest `window` rows, when those days have matches enough for the page. The pages must run through the
    # tiers in the same order whatever the split. Items on the same day and the same moment, and an item without
    # the word, among them.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search import engine

    settings.PAGE_SIZE = 3
    moment = when(-1)
    articles = [
        ("Buurtkas 1", "Iets.", "", -1),
        ("Buurtkas 2", "Iets.", "", -1),  # the same moment as 1: the later one first
        ("Verslag", "De buurtkas groeit.", "", -2),
        ("Tuin", "Iets.", "", -2),  # without the word, on a day of the newest rows
        ("Begroting", "Over de buurtkas.", "", -2),
        ("Buurtkas 5", "Iets.", "", -2),
        ("Oogst", "Iets.", "Ook de buurtkas.", -3),
        ("Buurtkas 6", "Iets.", "", -3),  # on the first day of the newest 7 rows: in the first part only
        ("Buurtkas 3", "Iets.", "", -40),
        ("Buurtkas 4", "Iets.", "", -400),
        ("Jaarbericht", "Over de buurtkas.", "", -300),
        ("Notulen", "Iets.", "De buurtkas.", -500),
    ]
    for title, summary, body, days in articles:
        make_article(title=title, summary=summary, body=body, publish_from=moment if days == -1 else when(days))
    expected = [
        ["Buurtkas 2", "Buurtkas 1", "Buurtkas 5"],  # titles
        ["Buurtkas 6", "Buurtkas 3", "Buurtkas 4"],
        ["Begroting", "Verslag", "Jaarbericht"],  # then summaries
        ["Oogst", "Notulen"],  # then bodies
    ]
    default, engine.RANKING_WINDOW = engine.RANKING_WINDOW, window
    try:
        for number, titles in enumerate(expected, 1):
            with CaptureQueriesContext(connection) as queries:
                assert results_for(client, q="buurtkas", page=number) == titles, number
            split = any("recent AS (SELECT" in query["sql"] for query in queries.captured_queries)
            assert split == (number in windowed_pages), number
    finally:
        engine.RANKING_WINDOW = default


def test_a_word_with_a_minus_excludes_the_items_with_it_anywhere(client):
    make_article(title="Buurtfeest in de zon", summary="Zomer.")
    make_article(title="Buurtfeest in de regen", summary="Herfst.")
    make_article(title="Buurtfeest binnen", summary="Iets anders.", body="Vanwege de regen binnen.")
    response = client.get(SEARCH, {"q": "buurtfeest -regen"})
    assert result_titles(response) == ["Buurtfeest in de zon"]
    assert "1 resultaat" in response.content.decode()


def test_a_search_with_a_minus_that_finds_nothing_shows_nothing_else(client):
    make_article(title="Buurtfeest in de regen", summary="Herfst.")
    make_article(title="Een fietsenstalling", summary="Iets anders.")
    make_article(title="Een buurtfeast", summary="Zomer.")  # one letter from ‘buurtfeest’
    for q in ("buurtfeest -regen", "buurtfeest -buurtfeest", "fietsenstalling -stalling -fietsenstalling"):
        response = client.get(SEARCH, {"q": q})
        assert result_titles(response) == [], q
        html = response.content.decode()
        assert "0 resultaten" in html and "Bedoelde je" not in html and "een of meer van de woorden" not in html


def test_with_any_of_the_words_the_items_with_all_words_found_come_first(client):
    make_article(title="Zomerfeest", summary="Iets anders.", body="In de zomer een buurtfeest.", publish_from=when(-30))
    make_article(title="Buurtfeest", summary="Iets anders.", publish_from=when(-1))
    make_article(title="Een fietsenstalling", summary="Iets anders.")
    response = client.get(SEARCH, {"q": "pak buurtfeest zomer"})  # ‘pak’ is in no item
    assert result_titles(response) == ["Zomerfeest", "Buurtfeest"]
    assert "een of meer van de woorden" in response.content.decode()


# --- Snippets and escaping ---


def test_snippet_highlights_the_matched_words(client):
    make_article(
        title="Een verslag",
        summary="Kort.",
        body="Na de zomer organiseerden bewoners een buurtbarbecue op het plein.",
    )
    html = client.get(SEARCH, {"q": "buurtbarbecue"}).content.decode()
    assert "<mark>buurtbarbecue</mark>" in html


def snippet_of(client, q: str) -> str:
    html = client.get(SEARCH, {"q": q}).content.decode()
    return re.search(r'search-result__snippet">(.*?)</p>', html, re.S).group(1)


def test_snippet_comes_from_the_summary_when_the_summary_has_the_words(client):
    summary = "Op het plein hielden bewoners een buurtbarbecue met muziek en spelletjes voor de kinderen."
    body = "Verslag. De vorige buurtbarbecue regende weg, deze buurtbarbecue niet. " + " ".join(
        f"woord{n}" for n in range(300)
    )
    make_article(title="Een zomerse zaterdag", summary=summary, body=body)
    snippet = snippet_of(client, "buurtbarbecue")
    assert "<mark>buurtbarbecue</mark>" in snippet
    shown = re.findall(r"\w+", re.sub(r"</?mark>", "", snippet))
    assert shown and set(shown) <= set(re.findall(r"\w+", summary))


def test_a_search_of_only_common_words_says_so_instead_of_asking_for_fewer_words(client):
    make_article(title="De wijk en het plein")
    html = client.get(SEARCH, {"q": "de het een"}).content.decode()
    assert "0 resultaten" in html
    assert "In ‘de het een’ staat geen woord waarop we kunnen zoeken" in html
    assert "Probeer andere of minder woorden" not in html
    html = client.get(SEARCH, {"q": "xyzzyqwerty"}).content.decode()
    assert "Probeer andere of minder woorden" in html and "heel gewone woorden" not in html


def test_a_short_summary_is_shown_whole_from_its_first_word_to_its_full_stop(client):
    """Fragments dropped a stop word at their edges: "kunnen we de wijk…" for "Hoe kunnen we de wijk…"."""
    make_article(
        title="Samen veilig", summary="Hoe kunnen we de wijk samen veiliger maken? Een bijeenkomst voor iedereen."
    )
    snippet = snippet_of(client, "wijk").strip()
    assert snippet == "Hoe kunnen we de <mark>wijk</mark> samen veiliger maken? Een bijeenkomst voor iedereen."


def test_snippet_of_an_item_without_a_summary_comes_from_its_text(client):
    make_partner(name="Buurtwerk Nederland", short_name="BN", description="Wij versterken buurten en dorpen.")
    html = client.get(SEARCH, {"q": "-wijk", "soort": "partners"}).content.decode()
    assert re.search(r'search-result__snippet">\s*Wij versterken buurten en dorpen', html)


def test_snippet_of_a_long_text_comes_from_deep_in_the_body_when_the_opening_lacks_the_words(client):
    filler = " ".join(f"woord{n}" for n in range(SNIPPET_PREFIX // 5))  # well past the opening characters
    make_article(title="Een lang rapport", summary="Kort.", body=f"{filler} Daar stond de buurtbarbecue.")
    snippet = snippet_of(client, "buurtbarbecue")
    assert "<mark>buurtbarbecue</mark>" in snippet
    assert "woord0 " not in snippet


def test_snippet_of_a_long_text_with_the_words_near_the_end_of_its_opening_cuts_no_word_in_half(client):
    summary = "Heel kort."
    filler = " ".join(f"woord{n}" for n in range(100, 205))  # 944 characters
    after = " ".join(f"verderop{n}" for n in range(100, 200))
    body = f"{filler} buurtbarbecue {after}"
    text = f"{summary}\n{body}"
    assert text[SNIPPET_PREFIX - 1] != " " and text[SNIPPET_PREFIX] != " "  # the opening ends inside a word
    make_article(title="Een lang verslag", summary=summary, body=body)
    snippet = snippet_of(client, "buurtbarbecue")
    assert "<mark>buurtbarbecue</mark> verderop100" in snippet
    shown = re.sub(r"</?mark>", "", snippet).replace("…", " ").split()
    assert set(shown) <= set(text.split())


def test_snippet_of_a_long_text_shows_where_all_the_words_are_when_the_opening_has_only_some(client):
    filler = " ".join(f"woord{n}" for n in range(SNIPPET_PREFIX // 5))  # well past the opening characters
    body = f"De buurtbarbecue begint. {filler} Na afloop ruimden de buurtbewoners het plein bij de buurtbarbecue op."
    make_article(title="Een verslag", summary="Kort.", body=body)
    snippet = snippet_of(client, "buurtbarbecue buurtbewoners")
    assert "<mark>buurtbewoners</mark>" in snippet
    assert "<mark>buurtbarbecue</mark>" in snippet


def test_html_in_content_is_shown_as_text_around_the_highlight(client):
    make_article(
        title="<b>Vet</b> buurtfeest",
        summary="Jong & oud: 3 < 4 en <img src=x onerror=alert(1)> op het buurtfeest <script>alert(2)</script>.",
    )
    html = client.get(SEARCH, {"q": "buurtfeest"}).content.decode()
    assert "<script>alert" not in html
    assert "<img src=" not in html
    assert "&lt;b&gt;Vet&lt;/b&gt; buurtfeest" in html
    assert "Jong &amp; oud: 3 &lt; 4 en &lt;img src=x onerror=alert(1)&gt; op het <mark>buurtfeest</mark>" in html


def test_rich_text_body_is_searched_as_text(client):
    make_article(
        title="Een verslag",
        summary="Kort.",
        body="<p>Eerste alinea over de <strong>buurtbarbecue</strong>.</p><p>Jong &amp; oud kwamen.</p>",
    )
    html = client.get(SEARCH, {"q": "buurtbarbecue"}).content.decode()
    snippet = re.search(r'search-result__snippet">(.*?)</p>', html, re.S).group(1)
    assert "<mark>buurtbarbecue</mark>" in snippet
    assert "Jong &amp; oud" in snippet
    assert "strong" not in snippet


def test_html_in_the_query_is_shown_as_text(client):
    make_article(title="Buurtfeest")
    html = client.get(SEARCH, {"q": "buurtfeest <img src=y onerror=alert(3)>"}).content.decode()
    assert "<img src=" not in html
    assert "&lt;img src=y onerror=alert(3)&gt;" in html


# --- What is findable ---


def test_drafts_future_and_expired_items_are_not_found(client):
    make_article(title="Buurtkracht gepubliceerd")
    make_article(title="Buurtkracht concept", status="draft")
    make_article(title="Buurtkracht straks", publish_from=when(3))
    make_article(title="Buurtkracht verlopen", publish_from=when(-10), publish_until=when(-1))
    assert results_for(client, q="buurtkracht") == ["Buurtkracht gepubliceerd"]


def test_closed_calls_and_past_events_are_found_and_marked(client):
    today = timezone.localdate()
    make_call(title="Oproep buurtbudget open", deadline_date=today + datetime.timedelta(days=5))
    make_call(title="Oproep buurtbudget gesloten", deadline_date=today - datetime.timedelta(days=5))
    make_event(title="Avond over buurtbudget geweest", start_date=today - datetime.timedelta(days=5))
    html = client.get(SEARCH, {"q": "buurtbudget"}).content.decode()
    items = dict(re.findall(r'<li class="search-result">(.*?)<a href="[^"]*">(.*?)</a>', html, re.S))
    marks = {title: kicker for kicker, title in items.items()}
    assert "Gesloten" in marks["Oproep buurtbudget gesloten"]
    assert "Voorbij" in marks["Avond over buurtbudget geweest"]
    assert "badge" not in marks["Oproep buurtbudget open"]
    # The kind and the date (for a call its deadline), readable and machine-readable.
    closed = past = today - datetime.timedelta(days=5)
    assert (
        f'Meedoen · deadline <time datetime="{closed:%Y-%m-%d}">{format_day(closed)}</time>'
        in marks["Oproep buurtbudget gesloten"]
    )
    assert (
        f'Activiteit · <time datetime="{past:%Y-%m-%d}">{format_day(past)}</time>'
        in marks["Avond over buurtbudget geweest"]
    )


def test_call_closes_in_search_without_a_save(client):
    make_call(title="Oproep groenstrook", deadline_date=timezone.localdate() + datetime.timedelta(days=1))
    later = timezone.now() + datetime.timedelta(days=3)
    outcome = search(SearchRequest(text="groenstrook"), now=later)
    assert [result.is_closed for result in outcome.page.object_list] == [True]


# --- The index keeps up with the editors ---


def test_index_follows_edits_relations_and_deletes(client):
    wonen = make_theme(name="wonen", slug="wonen")
    article = make_article(title="Het trappenhuis", summary="Schoon en veilig.")
    article.title = "Het portiek"
    article.save()
    assert results_for(client, q="portiek") == ["Het portiek"]
    assert results_for(client, q="trappenhuis") == []

    article.themes.add(wonen)
    assert results_for(client, q="portiek", thema="wonen") == ["Het portiek"]
    wonen.name = "huisvesting"
    wonen.save()
    assert results_for(client, q="huisvesting") == ["Het portiek"]

    article.status = Article.Status.DRAFT
    article.save()
    assert results_for(client, q="portiek") == []
    article.status = Article.Status.PUBLISHED
    article.save()
    article.delete()
    assert results_for(client, q="portiek") == []


def test_reverse_relation_changes_reindex_the_items(client):
    theme = make_theme(name="groen", slug="groen")
    article = make_article(title="Geveltuintjes")
    theme.articles.add(article)
    assert results_for(client, q="geveltuintjes", thema="groen") == ["Geveltuintjes"]
    theme.articles.clear()
    assert client.get(SEARCH, {"q": "geveltuintjes", "thema": "groen"}).status_code == 200
    assert results_for(client, q="geveltuintjes", thema="groen") == []


def test_rebuild_command_catches_up_after_bulk_updates(client):
    make_article(title="Straatspeeldag")
    Article.objects.update(title="Buitenspeeldag")  # QuerySet.update sends no signals
    assert "Buitenspeeldag" not in results_for(client, q="buitenspeeldag")
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert results_for(client, q="buitenspeeldag") == ["Buitenspeeldag"]
    assert SearchEntry.objects.count() == 1


# --- Facets ---


@pytest.fixture
def faceted(db):
    wonen = make_theme(name="wonen", slug="wonen")
    zorg = make_theme(name="zorg", slug="zorg")
    lsa = make_partner(name="LSA", short_name="LSA", slug="lsa")
    ccv = make_partner(name="CCV", short_name="CCV", slug="ccv")
    bewoners = make_audience(name="bewoners", slug="bewoners")
    make_article(title="Buurthuis A", themes=[wonen], partners=[lsa], audiences=[bewoners], publish_from=when(-400))
    make_article(title="Buurthuis B", themes=[wonen, zorg], partners=[ccv], publish_from=when(-2))
    make_call(title="Buurthuis C", themes=[zorg], partners=[lsa], publish_from=when(-2))
    make_event(title="Buurthuis D", themes=[wonen], partners=[lsa], audiences=[bewoners])
    return {"wonen": wonen, "zorg": zorg}


def facet_counts(html: str) -> dict[str, int]:
    """{"thema=wonen": 3, …} for every facet option on the page."""
    found = re.findall(
        r'name="([a-z]+)" value="([^"]+)"(?: checked)?><label [^>]*>[^<]*<span class="search-facets__count">\((\d+)\)',
        html,
    )
    return {f"{name}={value}": int(count) for name, value, count in found}


def test_facets_show_counts_per_type_theme_partner_audience_and_year(client, faceted):
    html = client.get(SEARCH, {"q": "buurthuis"}).content.decode()
    counts = facet_counts(html)
    assert counts["soort=verdiepen"] == 2
    assert counts["soort=meedoen"] == 1
    assert counts["soort=agenda"] == 1
    assert counts["thema=wonen"] == 3
    assert counts["thema=zorg"] == 2
    assert counts["partner=lsa"] == 3
    assert counts["doelgroep=bewoners"] == 2
    assert sum(count for key, count in counts.items() if key.startswith("jaar=")) == 4


def test_facets_combine_and_count_within_the_other_choices(client, faceted):
    response = client.get(SEARCH, {"q": "buurthuis", "thema": "wonen", "partner": "lsa"})
    assert sorted(result_titles(response)) == ["Buurthuis A", "Buurthuis D"]
    counts = facet_counts(response.content.decode())
    assert counts["thema=wonen"] == 2  # with partner LSA
    assert counts["thema=zorg"] == 1  # what choosing zorg too would add: Buurthuis C
    assert counts["partner=ccv"] == 1  # Buurthuis B is about wonen too
    assert counts["soort=agenda"] == 1
    # The chosen values are ticked, with their labels; the others are not.
    html = response.content.decode()
    checkbox = r'<input type="checkbox" id="facet-([a-z]+-[a-z]+)" name="[a-z]+" value="[a-z]+" checked>'
    ticked = re.findall(checkbox, html)
    assert sorted(ticked) == ["partner-lsa", "thema-wonen"]
    assert '<label for="facet-thema-zorg">zorg <span class="search-facets__count">(1)</span></label>' in html


def test_facet_choices_are_written_as_text(client):
    theme = make_theme(name='Zorg & "welzijn" <b>', slug="zorg-welzijn")
    make_article(title="Buurthuis", themes=[theme])
    html = client.get(SEARCH, {"q": "buurthuis"}).content.decode()
    assert (
        '<label for="facet-thema-zorg-welzijn">Zorg &amp; &quot;welzijn&quot; &lt;b&gt; '
        '<span class="search-facets__count">(1)</span></label>'
    ) in html
    assert "<b>" not in html


def test_two_values_of_one_facet_mean_either(client, faceted):
    titles = results_for(client, q="buurthuis", soort=["meedoen", "agenda"])
    assert sorted(titles) == ["Buurthuis C", "Buurthuis D"]


def test_year_facet_filters_on_year(client, faceted):
    year = timezone.localtime(when(-400)).year
    titles = results_for(client, q="buurthuis", jaar=str(year), soort="verdiepen")
    assert titles == ["Buurthuis A"]


def test_the_year_of_a_result_is_the_year_of_the_date_it_shows(client):
    """A call published in one year with its deadline in the next was under the first, while its result said
    "deadline … <next year>"."""
    this_year = timezone.localdate().year
    deadline = datetime.date(this_year + 1, 3, 15)
    make_call(title="Werkplaats wijkontwikkeling", deadline_date=deadline, publish_from=when(-1))
    assert results_for(client, q="werkplaats", jaar=str(this_year + 1)) == ["Werkplaats wijkontwikkeling"]
    assert results_for(client, q="werkplaats", jaar=str(this_year)) == []
    html = client.get(SEARCH, {"q": "werkplaats"}).content.decode()
    assert f'Meedoen · deadline <time datetime="{deadline:%Y-%m-%d}">{format_day(deadline)}</time>' in html


def test_an_event_of_more_days_shows_all_its_days(client):
    """Only its first day was shown ("22 maart"), where the agenda says "22–24 maart"."""
    start = timezone.localdate() + datetime.timedelta(days=30)
    make_event(title="Driedaagse werkplaats", start_date=start, end_date=start + datetime.timedelta(days=2))
    make_event(title="Eendaagse werkplaats", start_date=start, start_time=datetime.time(10))
    html = client.get(SEARCH, {"q": "werkplaats"}).content.decode()
    kickers = {
        re.sub(r"<[^>]+>", "", title): re.sub(r"<[^>]+>", "", kicker).strip()
        for kicker, title in re.findall(
            r'<p class="search-result__kicker">(.*?)</p>\s*<h3 class="search-result__title">(.*?)</h3>', html, re.S
        )
    }
    assert (
        kickers["Driedaagse werkplaats"]
        == f"Activiteit · {format_date_range(start, start + datetime.timedelta(days=2))}"
    )
    assert kickers["Eendaagse werkplaats"] == f"Activiteit · {format_day(start)}"


def test_facets_without_words_browse_everything_newest_first(client, faceted):
    # B and C went online at the same moment: the later one first.
    assert results_for(client, thema="zorg") == ["Buurthuis C", "Buurthuis B"]
    assert results_for(client, soort="meedoen") == ["Buurthuis C"]


def test_selected_filter_can_be_removed_with_a_link(client, faceted):
    html = client.get(SEARCH, {"q": "buurthuis", "thema": "wonen"}).content.decode()
    links = re.findall(r'<ul class="search-active"[^>]*>.*?<a href="\?([^"]+)"', html, re.S)
    assert links
    assert parse_qs(links[0].replace("&amp;", "&")) == {"q": ["buurthuis"]}


def form_fields(html: str, form_class: str) -> tuple[str, list[tuple[str, str]]]:
    """The action of the first form of ``form_class`` and its hidden fields, as a browser would send them."""
    form = re.search(rf'<form class="{form_class}"[^>]*action="([^"]+)"[^>]*>(.*?)</form>', html, re.S)
    assert form, form_class
    hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form.group(2))
    return form.group(1), hidden


def test_verdiepen_has_a_search_form_that_searches_verdiepen_only(client, faceted):
    html = client.get("/verdiepen/").content.decode()
    action, hidden = form_fields(html, "search-form search-form--section")
    assert 'for="zoek-verdiepen">Zoek in Verdiepen</label>' in html
    response = client.get(action, [*hidden, ("q", "buurthuis")])
    titles = result_titles(response)
    assert titles and set(titles) == set(
        Article.objects.filter(title__startswith="Buurthuis").values_list("title", flat=True)
    )
    assert "Filter ‘Verdiepen’ weghalen" in response.content.decode()
    # Filtering without words: the search page with Verdiepen chosen and its facets.
    link = re.search(r'<a href="(/zoeken/\?soort=verdiepen)">Filter op thema, partner, doelgroep of jaar</a>', html)
    assert link and set(result_titles(client.get(link.group(1)))) == set(titles)


def test_other_words_keep_the_chosen_filters(client, faceted):
    html = client.get(SEARCH, {"q": "buurthuis", "thema": "wonen", "soort": "verdiepen"}).content.decode()
    _action, hidden = form_fields(html, "search-form")
    assert sorted(hidden) == [("soort", "verdiepen"), ("thema", "wonen")]
    assert "Zoekt binnen de gekozen filters. Haal een filter weg om breder te zoeken." in html
    html = client.get(SEARCH, {"q": "buurthuis"}).content.decode()
    assert form_fields(html, "search-form")[1] == []


def test_facets_count_and_filter_values_with_large_primary_keys(client):
    # Facet values are bits of a bigint in the match rows; primary keys from 63 on take another way.
    wonen = make_theme(name="wonen", slug="wonen")
    zorg = make_theme(name="zorg", slug="zorg", pk=1000)
    lsa = make_partner(name="LSA", short_name="LSA", slug="lsa", pk=500)
    bewoners = make_audience(name="bewoners", slug="bewoners", pk=63)
    make_article(title="Buurthuis A", themes=[wonen, zorg], partners=[lsa], audiences=[bewoners])
    make_article(title="Buurthuis B", themes=[zorg])
    make_article(title="Buurthuis C", themes=[wonen])
    counts = facet_counts(client.get(SEARCH, {"q": "buurthuis"}).content.decode())
    assert (counts["thema=wonen"], counts["thema=zorg"], counts["partner=lsa"], counts["doelgroep=bewoners"]) == (
        2,
        2,
        1,
        1,
    )
    response = client.get(SEARCH, {"q": "buurthuis", "thema": "zorg"})
    assert sorted(result_titles(response)) == ["Buurthuis A", "Buurthuis B"]
    counts = facet_counts(response.content.decode())
    assert (counts["thema=wonen"], counts["thema=zorg"], counts["partner=lsa"]) == (2, 2, 1)
    assert results_for(client, q="buurthuis", partner="lsa") == ["Buurthuis A"]
    assert results_for(client, q="buurthuis", doelgroep="bewoners") == ["Buurthuis A"]


def test_match_rows_follow_the_index_with_their_vectors_out_of_line(db):
    # A primary key below 63, so that the theme is a bit of theme_bits whatever other tests created before.
    wonen = make_theme(name="wonen", slug="wonen", pk=next(n for n in range(1, 63) if not Theme.objects.filter(pk=n)))
    article = make_article(title="Het trappenhuis", body=" ".join(f"woord{n}" for n in range(500)), themes=[wonen])
    row = SearchMatchRow.objects.get(entry__object_id=article.pk)
    assert (row.kind, row.theme_bits, row.year) == ("verdiepen", 1 << wonen.pk, 2020)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_toast_chunk_id(search_vector), pg_column_toast_chunk_id(head_vector) "
            "FROM search_searchmatchrow WHERE entry_id = %s",
            [row.pk],
        )
        assert None not in cursor.fetchone()  # stored out of line: the row itself stays narrow
    article.themes.clear()
    assert SearchMatchRow.objects.get(pk=row.pk).theme_bits == 0
    article.delete()
    assert not SearchMatchRow.objects.filter(pk=row.pk).exists()


def test_results_are_paginated(client, settings):
    settings.PAGE_SIZE = 2
    for number in range(5):
        make_article(title=f"Buurtmoestuin {number}", publish_from=when(-number))
    first = client.get(SEARCH, {"q": "buurtmoestuin"})
    assert result_titles(first) == ["Buurtmoestuin 0", "Buurtmoestuin 1"]
    assert "Pagina 1 van 3" in first.content.decode()
    assert 'href="?q=buurtmoestuin&amp;page=2"' in first.content.decode()
    assert result_titles(client.get(SEARCH, {"q": "buurtmoestuin", "page": "3"})) == ["Buurtmoestuin 4"]
    assert result_titles(client.get(SEARCH, {"q": "buurtmoestuin", "page": "99"})) == ["Buurtmoestuin 4"]
    assert result_titles(client.get(SEARCH, {"q": "buurtmoestuin", "page": "abc"})) == result_titles(first)


# --- Bad input is corrected, never an error ---


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "buurt", "jaar": "abc"}, {"q": ["buurt"]}),
        ({"q": "buurt", "soort": "onzin"}, {"q": ["buurt"]}),
        ({"q": "buurt", "thema": "bestaat-niet"}, {"q": ["buurt"]}),
        ({"q": "buurt", "partner": "<script>"}, {"q": ["buurt"]}),
        ({"q": "b" * 500}, {"q": ["b" * 200]}),
    ],
)
def test_bad_parameters_redirect_to_the_corrected_search(client, params, expected):
    make_theme(name="wonen", slug="wonen")
    response = client.get(SEARCH, params)
    assert response.status_code == 302
    assert parse_qs(urlsplit(response["Location"]).query) == expected


@pytest.mark.parametrize("q", ["\x00buurt", "!!!", "'", "de", "a & b | !c", "(((", '"'])
def test_odd_queries_give_a_page(client, q):
    make_article(title="Buurt")
    assert client.get(SEARCH, {"q": q}).status_code == 200


def test_empty_search_shows_the_form_only(client):
    response = client.get(SEARCH)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="zoekterm"' in html
    assert "search-results" not in html
    assert 'content="noindex, follow"' in html


def test_search_page_sets_no_cookie(client):
    make_article(title="Buurt")
    assert not client.get(SEARCH, {"q": "buurt"}).cookies


def test_every_page_has_a_search_form_in_the_header(client):
    html = client.get("/").content.decode()
    form = re.search(r'<form class="site-search" method="get" action="/zoeken/"[^>]*>(.*?)</form>', html, re.S)
    assert form
    assert '<label class="visually-hidden" for="site-search-q">' in form.group(1)
    assert 'name="q"' in form.group(1)


# --- A fixed number of queries ---


@pytest.mark.parametrize("items", [1, 30])
def test_search_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, items):
    wonen = make_theme(name="wonen", slug="wonen")
    partner = make_partner()
    for number in range(items):
        make_article(title=f"Buurtbus {number}", themes=[wonen], partners=[partner])
        make_event(title=f"Rit met de buurtbus {number}", themes=[wonen])
    with django_assert_max_num_queries(3):
        client.get(SEARCH, {"q": "buurtbus", "thema": "wonen"})
    with django_assert_max_num_queries(6):
        client.get(SEARCH, {"q": "buurtbsu wonen"})  # a typo: suggestion, and the search again


def test_demo_question_finds_the_tensions_items(client, demo_content):
    response = client.get(SEARCH, {"q": "hoe pak ik spanningen in de buurt aan?"})
    assert result_titles(response)[0] == "Buurtspanningen"
