"""A visitor in a real browser (headless Chromium): from the home page to an item, an event and a partner."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(transactional_db, live_server):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    return live_server.url


def test_visitor_follows_a_verdiepen_item_from_the_home_page(page, demo_site):
    page.goto(demo_site + "/")
    assert page.locator("h1").inner_text().startswith("WijkWijzer")
    page.get_by_role("link", name="Manifest voor een succesvolle wijkaanpak").click()
    assert page.locator("h1").inner_text() == "Manifest voor een succesvolle wijkaanpak"
    assert "beleidsvacuüm" in page.content()
    page.get_by_role("link", name="Verdiepen", exact=True).first.click()
    assert page.url.endswith("/verdiepen/")


def test_visitor_opens_a_featured_event_from_the_home_page(page, demo_site):
    page.goto(demo_site + "/")
    agenda = page.locator("section", has=page.get_by_role("heading", name="Uitgelichte activiteiten"))
    agenda.get_by_role("link", name="Werkplaats 'Werken aan wijkontwikkeling'").click()
    assert page.locator("h1").inner_text() == "Werkplaats 'Werken aan wijkontwikkeling'"
    from events.models import Event
    from wijkwijzer.dates import format_date_range

    werkplaats = Event.objects.get(slug__startswith="werkplaats")
    assert format_date_range(werkplaats.start_date, werkplaats.end_date) in page.locator(".event-facts").inner_text()
    page.go_back()
    page.get_by_role("link", name="De complete, actuele agenda").click()
    assert page.locator("h1").inner_text() == "Agenda"
    assert page.get_by_role("link", name="Dag van de Buurt").count() == 1


def test_visitor_visits_a_partner_and_sees_its_publications(page, demo_site):
    page.goto(demo_site + "/")
    page.get_by_role("link", name="Movisie").first.click()
    assert "Movisie" in page.locator("h1").inner_text()
    assert page.get_by_role("link", name="Buurtspanningen").count() == 1


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_main_content(page, demo_site):
    page.goto(demo_site + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Naar hoofdinhoud"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "hoofdinhoud"


@pytest.mark.parametrize("width", [375, 1280])
def test_pages_fit_the_screen_without_horizontal_scrolling(page, demo_site, width):
    page.set_viewport_size({"width": width, "height": 800})
    for path in ["/", "/verdiepen/", "/agenda/", "/meedoen/", "/partners/"]:
        page.goto(demo_site + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, path


@pytest.mark.parametrize("width", [375, 1280])
def test_error_pages_keep_their_heading_clear_of_the_header(page, demo_site, width):
    """The 404 page's heading touched the header, and the 500 page had no header at all."""
    from django.template.loader import render_to_string

    page.set_viewport_size({"width": width, "height": 800})
    # The 500 page as the server would send it, at an address of the site (so its style sheets load).
    server_error = render_to_string("500.html")
    page.route(
        demo_site + "/kapot/", lambda route: route.fulfill(status=500, body=server_error, content_type="text/html")
    )
    for path in ("/bestaat-niet/", "/kapot/"):
        page.goto(demo_site + path)
        styled = "getComputedStyle(document.querySelector('header.site-header')).backgroundColor"
        assert page.evaluate(styled) != "rgba(0, 0, 0, 0)", path
        header = page.locator("header.site-header").bounding_box()
        heading = page.locator("h1").bounding_box()
        assert heading["y"] - (header["y"] + header["height"]) >= 16, path


def test_the_agenda_of_a_newsletter_edition_lines_its_titles_up(page, demo_site):
    from newsletter.models import Edition

    edition = Edition.objects.archived().first()
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(demo_site + edition.get_absolute_url())
    titles = page.locator(".edition-agenda__item a")
    assert titles.count() >= 2
    assert len({round(titles.nth(n).bounding_box()["x"]) for n in range(titles.count())}) == 1
    page.set_viewport_size({"width": 375, "height": 800})
    date = page.locator(".edition-agenda__date").first.bounding_box()
    assert titles.first.bounding_box()["y"] >= date["y"] + date["height"] - 1  # under its date


def test_on_a_phone_the_search_offers_its_facets_before_the_results(page, demo_site):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(demo_site + "/zoeken/?q=wijk")
    link = page.get_by_role("link", name="Verfijn de resultaten")
    first_result = page.locator(".search-results__list li").first.bounding_box()
    assert link.bounding_box()["y"] < first_result["y"]
    link.click()
    assert page.url.endswith("#verfijnen")
    assert page.locator("#verfijnen").bounding_box()["y"] < 100  # scrolled to the facets
    page.set_viewport_size({"width": 1280, "height": 800})
    assert not link.is_visible()  # beside the results there, no need


def test_the_admin_fits_an_editors_laptop_and_the_history_a_phone(page, demo_site):
    """At 1280 px the lists of items hid their last columns (partners) behind a sideways scroll; on a phone the
    revision history widened the whole page."""
    from articles.models import Article
    from wijkwijzer.management.commands.load_demo import CHIEF_EDITOR_USERNAME, EDITOR_PASSWORD

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(demo_site + "/admin/login/")
    page.fill("#id_username", CHIEF_EDITOR_USERNAME)
    page.fill("#id_password", EDITOR_PASSWORD)
    page.click("input[type=submit]")
    # A newsletter edition's buttons among the object tools look like the links beside them.
    from newsletter.models import Edition

    page.goto(demo_site + f"/admin/newsletter/edition/{Edition.objects.first().pk}/change/")
    style = (
        "e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).fontSize, getComputedStyle(e).textTransform]"
    )
    link = page.locator(".object-tools a").first.evaluate(style)
    assert page.get_by_role("button", name="Stuur een test naar mij").evaluate(style) == link
    for path in ["/admin/events/event/", "/admin/articles/article/", "/admin/calls/call/"]:
        page.goto(demo_site + path)
        hidden = page.evaluate("(r => r.scrollWidth - r.clientWidth)(document.querySelector('.results'))")
        assert hidden <= 0, path
        assert page.get_by_role("columnheader", name="Partners").is_visible(), path
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(demo_site + f"/admin/articles/article/{Article.objects.first().pk}/history/")
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    # The table scrolls in its own box, its words whole.
    assert page.evaluate("(b => b.scrollWidth > b.clientWidth)(document.querySelector('.history-scroll'))")
    status = page.locator("#change-history tbody td").nth(1)
    assert status.inner_text() == "Gepubliceerd"
    lines = "c => { const r = document.createRange(); r.selectNodeContents(c); return r.getClientRects().length; }"
    assert status.evaluate(lines) == 1
