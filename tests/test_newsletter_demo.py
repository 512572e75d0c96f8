"""The archive page of the demo edition shows what the original Voorjaar 2022 newsletter showed."""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from newsletter.demo import SLUG
from newsletter.models import Delivery, Edition

pytestmark = pytest.mark.django_db

SHARED_TEXT = Path("/work/shared/newsletter-voorjaar-2022.txt")
SECTIONS = ["Verdiepen", "Meedoen", "Uitgelichte activiteiten"]


def shared_newsletter() -> dict:
    """The title, and per section the item titles in order (and the dates of the agenda), from the shared text."""
    lines = [line.strip() for line in SHARED_TEXT.read_text(encoding="utf-8").splitlines() if line.strip()]
    starts = [lines.index(name) for name in SECTIONS]
    end = next(n for n, line in enumerate(lines) if line.startswith("Klik hier voor de complete"))
    verdiepen = lines[starts[0] + 1 : starts[1]]
    meedoen = lines[starts[1] + 1 : starts[2]]
    agenda = [line.split("\t") for line in lines[starts[2] + 1 : end]]
    return {
        "title": lines[0],
        # Title and paragraph alternate in the text sections; the superscript markup ‘7^e’ is plain ‘7e’ on the site.
        "Verdiepen": verdiepen[0::2],
        "Meedoen": meedoen[0::2],
        "Uitgelichte activiteiten": [title.replace("^", "") for _, title in agenda],
        "dates": [date.replace("-", "–") for date, _ in agenda],
    }


@pytest.fixture
def demo_page(client):
    call_command("load_demo", "--original-dates", verbosity=0)
    response = client.get(reverse("newsletter:detail", kwargs={"slug": SLUG}))
    assert response.status_code == 200
    main = re.search(r"<main\b.*</main>", response.content.decode(), re.S)[0]
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", main))


def positions(text: str, needles: list[str], start: int = 0) -> list[int]:
    found = []
    for needle in needles:
        index = text.find(needle, start)
        assert index >= 0, f"{needle!r} is missing (after position {start})"
        found.append(index)
        start = index + len(needle)
    return found


def test_demo_edition_page_shows_every_item_of_the_shared_text_in_order(demo_page):
    shared = shared_newsletter()
    assert [len(shared[name]) for name in SECTIONS] == [11, 6, 8]
    text = " ".join(demo_page.split())
    assert shared["title"] in text
    section_starts = positions(text, SECTIONS, text.index(shared["title"]))
    for number, name in enumerate(SECTIONS):
        found = positions(text, shared[name], section_starts[number])
        if number + 1 < len(SECTIONS):
            assert found[-1] < section_starts[number + 1], f"an item of {name} is outside its section"


def test_demo_edition_agenda_has_the_dates_of_the_shared_text(demo_page):
    shared = shared_newsletter()
    text = " ".join(demo_page.split())
    agenda = text[text.index("Uitgelichte activiteiten") :]
    entries = zip(shared["dates"], shared["Uitgelichte activiteiten"], strict=True)
    positions(agenda, [f"{date} {title}" for date, title in entries])
    assert "Bekijk de complete, actuele agenda" in agenda


def test_demo_edition_page_has_the_introduction_and_closing_text(demo_page):
    text = " ".join(demo_page.split())
    assert "bundelen hun krachten in het kennis- en leerplatform WijkWijzer" in text
    assert "WijkWijzer is een samenwerking van: het Landelijk Samenwerkingsverband Actieve bewoners (LSA)" in text


def test_loading_the_demo_twice_recreates_one_edition_without_mailing_anyone(client):
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)
    edition = Edition.objects.get(slug=SLUG)
    assert Edition.objects.count() == 1
    assert edition.items.count() == 11 + 6 + 8
    assert not Delivery.objects.exists()
    html = client.get(reverse("newsletter:archive")).content.decode()
    assert "Update platform WijkWijzer Voorjaar 2022" in html
