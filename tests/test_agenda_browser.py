"""A visitor filters the agenda in Chromium with JavaScript switched off, and the new agenda pages pass the gates."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from tests.builders import make_audience, make_event, make_partner, make_theme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def no_js_page(chromium):
    context = chromium.new_context(
        locale="nl-NL",
        timezone_id="Europe/Amsterdam",
        viewport={"width": 1280, "height": 900},
        java_script_enabled=False,
    )
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


def next_month(months: int = 1) -> datetime.date:
    day = timezone.localdate().replace(day=1)
    for _ in range(months):
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return day


@pytest.fixture
def agenda(transactional_db):
    wonen = make_theme(name="wonen", slug="wonen")
    veiligheid = make_theme(name="veiligheid en criminaliteit", slug="veiligheid-en-criminaliteit")
    lsa = make_partner(name="Landelijk Samenwerkingsverband Actieve bewoners", short_name="LSA", slug="lsa")
    movisie = make_partner(name="Movisie", short_name="Movisie", slug="movisie")
    bewoners = make_audience(name="bewoners", slug="bewoners")
    professionals = make_audience(name="professionals", slug="professionals")
    m1, m2 = next_month(1), next_month(2)
    make_event(title="Dag van de Buurt", start_date=m1, themes=[wonen], partners=[lsa], audiences=[bewoners], price=0)
    make_event(
        title="Webinar prestatieafspraken",
        start_date=m1 + datetime.timedelta(days=6),
        attendance="online",
        themes=[wonen],
        partners=[movisie],
        audiences=[professionals],
        price=0,
    )
    make_event(
        title="Congrestival sociale basis",
        start_date=m2,
        start_time=datetime.time(10),
        end_time=datetime.time(16),
        attendance="hybrid",
        venue="Krachtstation Kanaleneiland",
        city="Utrecht",
        themes=[veiligheid],
        partners=[movisie],
        audiences=[professionals, bewoners],
        price=0,
    )
    make_event(
        title="LPB Congres",
        start_date=m2 + datetime.timedelta(days=10),
        end_date=m2 + datetime.timedelta(days=12),
        city="Eindhoven",
        themes=[wonen, veiligheid],
        audiences=[professionals],
        price=295,
        state="full",
    )
    make_event(
        title="Popeldag",
        start_date=m2 + datetime.timedelta(days=3),
        state="moved",
        previous_start_date=m1 + datetime.timedelta(days=1),
        themes=[wonen],
    )
    make_event(title="Festival", start_date=m1 + datetime.timedelta(days=2), state="cancelled", themes=[wonen])
    make_event(
        title="Brede Welvaart Conferentie",
        start_date=datetime.date(timezone.localdate().year - 1, 5, 13),
        themes=[wonen],
    )


def shown(tab) -> list[str]:
    return tab.locator(".event-item__title").all_inner_texts()


def query(tab) -> str:
    return urlsplit(tab.url).query


def test_visitor_combines_filters_without_javascript_and_the_back_button_restores_them(no_js_page, live_server, agenda):
    tab = no_js_page
    tab.goto(live_server.url + "/agenda/")
    assert len(shown(tab)) == 6
    tab.get_by_label("Thema").select_option("wonen")
    tab.get_by_label("Online (2)").check()
    tab.get_by_role("button", name="Toon activiteiten").click()
    assert query(tab) == "thema=wonen&vorm=online"
    assert shown(tab) == ["Webinar prestatieafspraken"]
    assert tab.get_by_label("Thema").input_value() == "wonen"

    tab.get_by_label("Alleen gratis").check()
    tab.get_by_role("button", name="Toon activiteiten").click()
    assert query(tab) == "thema=wonen&vorm=online&gratis=ja"
    assert shown(tab) == ["Webinar prestatieafspraken"]

    # Removing one filter through its chip.
    tab.get_by_role("link", name="Vorm: Online — filter weghalen").click()
    assert query(tab) == "thema=wonen&gratis=ja"
    assert shown(tab) == ["Dag van de Buurt", "Webinar prestatieafspraken"]

    # The back button brings the previous selection back, in the list and in the form.
    tab.go_back()
    assert query(tab) == "thema=wonen&vorm=online&gratis=ja"
    assert shown(tab) == ["Webinar prestatieafspraken"]
    assert tab.get_by_label("Alleen gratis").is_checked()
    assert tab.get_by_label("Online (1)").is_checked()


def test_shared_filter_address_opens_the_same_selection(no_js_page, live_server, agenda):
    tab = no_js_page
    tab.goto(live_server.url + f"/agenda/?maand={next_month(2):%Y-%m}&partner=movisie&doelgroep=bewoners")
    assert shown(tab) == ["Congrestival sociale basis"]
    assert tab.get_by_label("Maand").input_value() == f"{next_month(2):%Y-%m}"
    assert tab.get_by_label("Partner").input_value() == "movisie"
    assert tab.get_by_label("Voor wie").input_value() == "bewoners"
    assert "10:00–16:00 uur" in tab.locator(".event-item").first.inner_text()


def test_empty_result_offers_to_drop_a_filter(no_js_page, live_server, agenda):
    tab = no_js_page
    tab.goto(live_server.url + "/agenda/")
    tab.get_by_label("Thema").select_option("veiligheid-en-criminaliteit")
    tab.get_by_label("Partner").select_option("lsa")
    tab.get_by_role("button", name="Toon activiteiten").click()
    assert shown(tab) == []
    assert "Er zijn geen activiteiten die aan al deze filters voldoen." in tab.locator("main").inner_text()
    tab.get_by_role("link", name="Zonder partner ‘Landelijk Samenwerkingsverband Actieve bewoners’").click()
    assert query(tab) == "thema=veiligheid-en-criminaliteit"
    assert shown(tab) == ["Congrestival sociale basis", "LPB Congres"]


def test_states_are_visible_in_the_list(no_js_page, live_server, agenda):
    tab = no_js_page
    tab.goto(live_server.url + "/agenda/")
    items = {
        item.locator(".event-item__title").inner_text(): item.inner_text() for item in tab.locator(".event-item").all()
    }
    assert "Geannuleerd" in items["Festival"]
    assert "Vol" in items["LPB Congres"]
    assert "Verplaatst van" in items["Popeldag"]
    assert "Gratis" in items["Dag van de Buurt"]


def test_archive_by_year(no_js_page, live_server, agenda):
    tab = no_js_page
    tab.goto(live_server.url + "/agenda/")
    tab.get_by_role("link", name="Eerdere activiteiten bekijken").click()
    year = timezone.localdate().year - 1
    tab.get_by_role("navigation", name="Archief per jaar").get_by_role("link", name=f"{year} (1)").click()
    assert urlsplit(tab.url).path == f"/agenda/archief/{year}/"
    assert shown(tab) == ["Brede Welvaart Conferentie"]


def test_new_agenda_pages_are_valid_html_and_pass_axe(chromium, live_server, agenda, tmp_path):
    """The quality gates (vnu, axe-core) on the pages this feature adds, in the states only it produces."""
    from events.models import Event
    from tests.test_accessibility import axe_violations, describe_violations
    from tests.test_html_validity import describe, run_vnu

    paths = {
        "gefilterd": f"/agenda/?maand={next_month(1):%Y-%m}&thema=wonen&vorm=online&gratis=ja",
        "leeg": "/agenda/?thema=veiligheid-en-criminaliteit&partner=lsa",
        "archief-jaar": f"/agenda/archief/{timezone.localdate().year - 1}/",
        "abonneren": "/agenda/abonneren/",
        "geannuleerd": Event.objects.get(title="Festival").get_absolute_url(),
        "verplaatst": Event.objects.get(title="Popeldag").get_absolute_url(),
        "vol-hybride": Event.objects.get(title="Congrestival sociale basis").get_absolute_url(),
    }
    client = Client()
    files = []
    for name, path in paths.items():
        response = client.get(path)
        assert response.status_code == 200, path
        file = tmp_path / f"{name}.html"
        file.write_bytes(response.content)
        files.append(file)
    errors = run_vnu(files)
    assert not any(errors.values()), "\n".join(f"{name}:\n{describe(messages)}" for name, messages in errors.items())

    context = chromium.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900}, bypass_csp=True)
    try:
        tab = context.new_page()
        for name, path in paths.items():
            tab.goto(live_server.url + path)
            violations = axe_violations(tab)
            assert not violations, f"{name} ({path}):\n{describe_violations(violations)}"
    finally:
        context.close()
