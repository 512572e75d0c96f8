"""An editor of Movisie, in Chromium: writes a draft with an image, previews it, shares the preview link,
schedules it for the next morning and sees it appear at that moment (the clock is moved, not waited for)."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from articles.models import Article
from tests.builders import make_partner
from tests.editors_support import PASSWORD, image_bytes, make_redacteur

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def movisie_editor(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    movisie = make_partner(name="Movisie", short_name="Movisie", slug="movisie")
    make_partner(name="CCV", short_name="CCV", slug="ccv")
    return make_redacteur(movisie, username="redacteur-movisie")


def test_editor_writes_previews_shares_and_schedules_an_article(page, chromium, live_server, movisie_editor):
    base = live_server.url
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # Log in to the admin.
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", movisie_editor.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(f"{base}/admin/")

    # Write a draft: title (the slug follows by itself), summary, body with the toolbar, an image with alt text.
    page.goto(f"{base}/admin/articles/article/add/")
    page.fill("#id_title", "Buurtbemiddeling werkt")
    page.fill("#id_summary", "Wat buurtbemiddeling oplevert voor bewoners, in drie lessen.")
    page.click("#id_body")
    page.get_by_role("button", name="Tussenkop").click()
    page.keyboard.type("Drie lessen")
    page.keyboard.press("Control+End")
    page.get_by_role("button", name="Alinea").click()
    page.keyboard.type("Bewoners lossen samen meer op dan apart.")
    page.set_input_files(
        "#id_image", files=[{"name": "plein.jpg", "mimeType": "image/jpeg", "buffer": image_bytes("JPEG", (1600, 900))}]
    )
    page.fill("#id_image_alt", "Bewoners in gesprek op een plein")
    assert page.input_value("#id_slug") == "buurtbemiddeling-werkt"
    # The title and its web address are as wide as the summary's box (Django's own 20em showed a third of a title).
    summary_width = page.locator("#id_summary").bounding_box()["width"]
    for line in ("#id_title", "#id_slug"):
        assert page.locator(line).bounding_box()["width"] >= summary_width - 2
    assert page.locator("#id_status").input_value() == "draft"
    page.click("input[name=_continue]")
    page.wait_for_url("**/change/")
    article = Article.objects.get()
    assert [p.slug for p in article.partners.all()] == ["movisie"]  # his organisation, by itself
    assert article.body == "<h2>Drie lessen</h2>\n<p>Bewoners lossen samen meer op dan apart.</p>"
    assert article.image_width == 1600

    # Preview it: the public page, marked ‘Voorbeeld’, with the image in renditions.
    with page.context.expect_page() as new_tab:
        page.get_by_role("link", name="Voorbeeld bekijken").click()
    preview = new_tab.value
    preview.wait_for_load_state()
    assert preview.locator(".preview-banner").inner_text().startswith("Voorbeeld")
    assert preview.locator("h1").inner_text() == "Buurtbemiddeling werkt"
    assert preview.locator(".detail__body h2").inner_text() == "Drie lessen"
    image = preview.locator(".detail__figure img")
    assert image.get_attribute("alt") == "Bewoners in gesprek op een plein"
    assert "480w" in image.get_attribute("srcset")
    preview.close()

    # Share a preview link with a reviewer who has no account.
    page.get_by_role("link", name="Voorbeeldlink delen").click()
    page.get_by_role("button", name="Nieuwe voorbeeldlink maken").click()
    link = page.locator("[data-preview-link]").first.input_value()
    assert link.startswith(f"{base}/voorbeeld/")
    reviewer = chromium.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
    try:
        reviewer_page = reviewer.new_page()
        reviewer_page.goto(link)
        assert reviewer_page.locator("h1").inner_text() == "Buurtbemiddeling werkt"
        assert "Deze voorbeeldlink werkt tot" in reviewer_page.locator(".preview-banner").inner_text()
        assert reviewer.cookies() == []
        assert reviewer_page.goto(f"{base}{article.get_absolute_url()}").status == 404  # not public yet
    finally:
        reviewer.close()

    # Schedule it for tomorrow 08:00 (Amsterdam): status ‘Gepubliceerd’, ‘publiceren vanaf’ in the future.
    moment = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=1), datetime.time(8, 0))
    )
    page.goto(f"{base}/admin/articles/article/{article.pk}/change/")
    page.select_option("#id_status", "published")
    page.fill("#id_publish_from_0", moment.strftime("%d-%m-%Y"))
    page.fill("#id_publish_from_1", "08:00:00")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/articles/article/")
    row = page.locator("#result_list tbody tr", has_text="Buurtbemiddeling werkt")
    assert "Gepland" in row.inner_text()

    visitor = chromium.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
    try:
        visitor_page = visitor.new_page()
        assert visitor_page.goto(f"{base}{article.get_absolute_url()}").status == 404
        visitor_page.goto(f"{base}/verdiepen/")
        assert "Buurtbemiddeling werkt" not in visitor_page.content()

        # The next morning, one minute past eight: it is there, without anyone doing anything.
        with mock.patch("django.utils.timezone.now", return_value=moment + datetime.timedelta(minutes=1)):
            visitor_page.goto(f"{base}/verdiepen/")
            visitor_page.get_by_role("link", name="Buurtbemiddeling werkt").click()
            assert visitor_page.locator("h1").inner_text() == "Buurtbemiddeling werkt"
            assert visitor_page.locator(".preview-banner").count() == 0
    finally:
        visitor.close()
    assert not errors, errors


def test_enter_in_a_draft_edition_saves_it_and_does_nothing_more(page, live_server, transactional_db):
    """The edition's buttons above the form submit it too; Enter must still mean "Opslaan", not "vullen"."""
    from newsletter.models import Edition
    from tests.builders import make_article
    from tests.editors_support import make_hoofdredactie

    chief = make_hoofdredactie()
    edition = Edition.objects.create(
        title="Winter", slug="winter", issue_date=timezone.localdate(), introduction="Beste lezer,"
    )
    make_article(title="Nieuw sinds de vorige editie", publish_from=timezone.now())
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", chief.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.goto(f"{live_server.url}/admin/newsletter/edition/{edition.pk}/change/")
    page.fill("#id_title", "Winter 2026")
    with page.expect_navigation():
        page.press("#id_title", "Enter")
    edition.refresh_from_db()
    assert edition.title == "Winter 2026"
    assert edition.items.count() == 0  # saved, not filled
    assert page.url.endswith("/admin/newsletter/edition/")  # where "Opslaan" leads
