"""The agenda: event details and states, filters with counts, the archive by year, structured data, home page."""

import datetime
import html as html_lib
import json
import re
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from partners.models import Partner
from tests.builders import make_audience, make_event, make_partner, make_theme
from themes.models import Theme
from wijkwijzer.dates import format_day

pytestmark = pytest.mark.django_db
AGENDA = "/agenda/"


def today() -> datetime.date:
    return timezone.localdate()


def in_days(days: int) -> datetime.date:
    return today() + datetime.timedelta(days=days)


def first_of_next_month(months: int = 1) -> datetime.date:
    day = today().replace(day=1)
    for _ in range(months):
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return day


def get(client, url, params=None) -> str:
    response = client.get(url, params or {})
    assert response.status_code == 200, (url, params, response.status_code)
    return response.content.decode()


def titles(html: str) -> list[str]:
    return [html_lib.unescape(t) for t in re.findall(r'class="event-item__title"><a href="[^"]*">([^<]*)</a>', html)]


def text(html: str) -> str:
    """The page as a reader sees it: tags removed, entities decoded."""
    return html_lib.unescape(re.sub(r"<[^>]+>", "", html))


def option(html: str, select: str, value: str) -> str:
    """The text of ``<option value=…>`` in the select named ``select``."""
    block = re.search(rf'<select id="filter-{select}" name="{select}">(.*?)</select>', html, re.S)
    assert block, select
    match = re.search(rf'<option value="{re.escape(value)}"(?: selected)?>([^<]*)</option>', block[1])
    return html_lib.unescape(match[1]) if match else ""


def json_ld(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


# --- 1. Event details and states ---


def test_event_page_shows_times_place_organiser_costs_and_registration_deadline(client):
    lsa = make_partner(name="Landelijk Samenwerkingsverband Actieve bewoners", slug="lsa")
    event = make_event(
        title="Congrestival sociale basis",
        start_date=datetime.date(today().year + 1, 9, 23),
        start_time=datetime.time(10, 0),
        end_time=datetime.time(16, 0),
        attendance="location",
        venue="Krachtstation Kanaleneiland",
        address="Marshallaan 2",
        city="Utrecht",
        partners=[lsa],
        price="95.50",
        price_note="leden € 50",
        registration_url="https://example.org/aanmelden",
        registration_deadline=datetime.date(today().year + 1, 9, 16),
    )
    html = get(client, event.get_absolute_url())
    assert f"23 september {today().year + 1}, 10:00–16:00 uur" in text(html)
    assert "Krachtstation Kanaleneiland, Marshallaan 2, Utrecht" in html
    assert "Organisator" in html and "Landelijk Samenwerkingsverband Actieve bewoners" in html
    assert "€\xa095,50 (leden € 50)" in html
    assert f"Kan tot en met 16 september {today().year + 1}" in html
    assert 'href="https://example.org/aanmelden"' in html
    event.registration_deadline = None
    event.save()
    assert "<dt>Aanmelden</dt><dd>Kan tot de activiteit begint</dd>" in get(client, event.get_absolute_url())


def test_free_event_says_gratis_on_the_page_and_in_the_list(client):
    event = make_event(price=0)
    assert "Gratis" in get(client, event.get_absolute_url())
    assert '<span class="event-item__price"><span aria-hidden="true"> · </span>Gratis</span>' in get(client, AGENDA)


def test_an_agenda_item_reads_as_sentences_without_the_style_sheet(client):
    """Reader view, copy and paste and a browser without CSS ran "16 april 202710:00–16:00 uur" and "UtrechtGratis"
    together: the separators were only in the style sheet."""
    make_event(
        title="Buurtdag",
        start_date=in_days(20),
        start_time=datetime.time(10),
        end_time=datetime.time(16),
        city="Utrecht",
        price=0,
    )
    item = re.search(r'<article class="event-item">(.*?)</article>', get(client, AGENDA), re.S).group(1)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)).replace(" ,", ",").strip()
    assert text == f"{format_day(in_days(20))}, 10:00–16:00 uur Buurtdag Utrecht · Gratis"


def test_whole_euros_are_shown_without_cents():
    assert make_event(price=25).price_label == "€\xa025"
    assert make_event(price="1250.00").price_label == "€\xa01.250"
    assert make_event(price=None).price_label == ""


def test_registration_closes_after_its_deadline(client):
    event = make_event(
        start_date=in_days(10), registration_url="https://example.org/aanmelden", registration_deadline=in_days(-1)
    )
    html = get(client, event.get_absolute_url())
    assert "Gesloten: aanmelden kon tot en met" in html
    assert 'href="https://example.org/aanmelden"' not in html
    event.registration_deadline = today()
    event.save()
    assert 'href="https://example.org/aanmelden"' in get(client, event.get_absolute_url())


def test_online_link_is_shown_only_on_the_day_itself(client):
    event = make_event(attendance="online", online_url="https://meet.example.org/wijk", start_date=in_days(2))
    html = get(client, event.get_absolute_url())
    assert "meet.example.org" not in html
    assert "De link om online mee te doen staat hier op de dag zelf." in html
    event.start_date = today()
    event.save()
    assert 'href="https://meet.example.org/wijk"' in get(client, event.get_absolute_url())
    event.start_date = in_days(-1)
    event.save()
    assert "meet.example.org" not in get(client, event.get_absolute_url())


def test_agenda_says_where_each_event_is_in_a_few_words(client):
    places = {
        "Onlinebijeenkomst": {"attendance": "online", "city": "Utrecht"},
        "Hybride zonder plaats": {"attendance": "hybrid"},
        "In Zwolle": {"venue": "Buurthuis De Pit", "city": "Zwolle"},
        "Alleen een zaal": {"venue": "Buurthuis De Pit"},
        "Plaats nog onbekend": {},
    }
    for title, fields in places.items():
        make_event(title=title, **fields)
    page = get(client, AGENDA)
    meta = {
        title: re.search(rf'>{title}</a>.*?<p class="event-item__meta">(.*?)</p>', page, re.DOTALL).group(1)
        for title in places
    }
    assert meta == {
        "Onlinebijeenkomst": "Online",
        "Hybride zonder plaats": "Op locatie en online",
        "In Zwolle": "Zwolle",
        "Alleen een zaal": "Buurthuis De Pit",
        "Plaats nog onbekend": "Locatie volgt",
    }


def test_online_link_of_a_cancelled_event_is_never_shown(client):
    event = make_event(
        attendance="online", online_url="https://meet.example.org/wijk", start_date=today(), state="cancelled"
    )
    assert "meet.example.org" not in get(client, event.get_absolute_url())


def test_hybrid_event_shows_place_and_online(client):
    event = make_event(attendance="hybrid", venue="Krachtstation", city="Utrecht")
    assert "Krachtstation, Utrecht en online" in get(client, event.get_absolute_url())
    assert "Utrecht en online" in get(client, AGENDA)


def test_cancelled_event_is_marked_on_the_page_and_in_lists_and_has_no_sign_up(client):
    event = make_event(
        title="Festival", state="cancelled", registration_url="https://example.org/aanmelden", featured=True
    )
    page = get(client, event.get_absolute_url())
    assert "Deze activiteit is geannuleerd en gaat niet door." in page
    assert 'href="https://example.org/aanmelden"' not in page
    assert "Zet in je agenda" not in page
    assert "<title>Geannuleerd: Festival" in page
    for url in [AGENDA, "/"]:
        assert '<span class="badge badge--cancelled">Geannuleerd</span>' in get(client, url), url


def test_two_events_of_the_same_name_have_page_titles_of_their_own(client):
    """Search engines and browser tabs showed two "Netwerkbijeenkomst bewonersplatform" pages as one."""
    from wijkwijzer.dates import format_day

    first = make_event(title="Netwerkbijeenkomst", slug="netwerkbijeenkomst", start_date=in_days(10))
    second = make_event(title="Netwerkbijeenkomst", slug="netwerkbijeenkomst-2", start_date=in_days(40))
    for event in (first, second):
        page = get(client, event.get_absolute_url())
        assert f"<title>Netwerkbijeenkomst – {format_day(event.start_date)} · WijkWijzer</title>" in page


def test_moved_event_shows_its_new_date_everywhere(client):
    old, new = in_days(5), in_days(12)
    event = make_event(title="Popeldag", start_date=new, state="moved", previous_start_date=old)
    from wijkwijzer.dates import format_day

    page = get(client, event.get_absolute_url())
    assert f"Deze activiteit is verplaatst van {format_day(old)} naar {format_day(new)}." in page
    # In the list, beside its new date: where it moved from (not the date beside it once more).
    assert f"Verplaatst van {format_day(old)}" in get(client, AGENDA)


def test_full_event_is_marked_and_has_no_sign_up_button(client):
    event = make_event(state="full", registration_url="https://example.org/aanmelden")
    page = get(client, event.get_absolute_url())
    assert "Deze activiteit is vol" in page
    assert 'href="https://example.org/aanmelden"' not in page
    assert '<span class="badge badge--full">Vol</span>' in get(client, AGENDA)


def test_multi_day_event_with_times_shows_the_range(client):
    event = make_event(
        start_date=datetime.date(today().year + 1, 11, 16),
        end_date=datetime.date(today().year + 1, 11, 18),
        start_time=datetime.time(9, 30),
        end_time=datetime.time(17, 0),
    )
    assert f"16–18 november {today().year + 1}, 09:30–17:00 uur" in text(get(client, event.get_absolute_url()))


class TestEditorValidation:
    def full_clean(self, **fields):
        event = Event(title="Test", slug=fields.pop("slug", "test"), summary="Samenvatting.", **fields)
        event.full_clean()
        return event

    def test_moved_event_needs_its_previous_date(self):
        with pytest.raises(ValidationError) as error:
            self.full_clean(start_date=in_days(3), state="moved")
        assert "oorspronkelijke datum" in str(error.value.message_dict["previous_start_date"])

    def test_a_previous_date_belongs_to_a_moved_event_only(self):
        """Filled in on a planned event it was silently never shown: the editor most likely forgot ‘Verplaatst’."""
        with pytest.raises(ValidationError) as error:
            self.full_clean(start_date=in_days(10), previous_start_date=in_days(3))
        assert "Kies bij doorgang ‘Verplaatst’, of maak dit veld leeg." in str(
            error.value.message_dict["previous_start_date"]
        )
        self.full_clean(start_date=in_days(10), previous_start_date=in_days(3), state="moved")
        # A moved event that is now full or cancelled keeps the date it was moved from.
        self.full_clean(start_date=in_days(10), previous_start_date=in_days(3), state="full")

    def test_a_moved_event_needs_a_new_date(self):
        with pytest.raises(ValidationError) as error:
            self.full_clean(start_date=in_days(3), previous_start_date=in_days(3), state="moved")
        assert "gelijk aan de begindatum" in str(error.value.message_dict["previous_start_date"])

    @pytest.mark.parametrize("field", ["start_date", "end_date", "previous_start_date", "registration_deadline"])
    @pytest.mark.parametrize(
        "typed", [datetime.date(1900, 6, 1), datetime.date(2202, 6, 1), datetime.date(9999, 12, 31)]
    )
    def test_dates_with_a_typing_error_in_the_year_are_refused(self, field, typed):
        """1900 filled the archive with a year of its own; 9999 broke the calendar export's day after."""
        fields = {"start_date": in_days(3), "state": "moved", "previous_start_date": in_days(1), field: typed}
        with pytest.raises(ValidationError) as error:
            self.full_clean(**fields)
        assert "Vul een datum tussen 2000 en 2099 in." in error.value.message_dict[field]

    def test_moving_a_saved_event_remembers_the_old_date_by_itself(self):
        event = make_event(start_date=in_days(3))
        event.start_date, event.state = in_days(10), "moved"
        event.full_clean()
        assert event.previous_start_date == in_days(3)

    def test_end_time_needs_a_start_time(self):
        with pytest.raises(ValidationError) as error:
            self.full_clean(start_date=in_days(3), end_time=datetime.time(12))
        assert "begintijd" in str(error.value.message_dict["start_time"])

    def test_multi_day_event_with_a_start_time_needs_an_end_time(self):
        with pytest.raises(ValidationError) as error:
            self.full_clean(start_date=in_days(3), end_date=in_days(4), start_time=datetime.time(10))
        assert "eindtijd" in str(error.value.message_dict["end_time"])

    def test_an_evening_past_midnight_is_asked_for_its_end_date(self):
        with pytest.raises(ValidationError) as error:
            self.full_clean(start_date=in_days(3), start_time=datetime.time(22), end_time=datetime.time(1))
        assert "Loopt de activiteit door na middernacht? Vul dan ook de einddatum in." in str(
            error.value.message_dict["end_time"]
        )
        self.full_clean(
            start_date=in_days(3), end_date=in_days(4), start_time=datetime.time(22), end_time=datetime.time(1)
        )

    def test_registration_deadline_cannot_be_after_the_event(self):
        with pytest.raises(ValidationError) as error:
            self.full_clean(start_date=in_days(3), registration_deadline=in_days(4))
        assert "aanmelddag" in str(error.value.message_dict["registration_deadline"])

    def test_costs_cannot_be_negative(self):
        with pytest.raises(ValidationError) as error:
            self.full_clean(start_date=in_days(3), price=-5)
        assert "price" in error.value.message_dict

    def test_agenda_page_names_are_not_available_as_slugs(self):
        with pytest.raises(ValidationError) as error:
            self.full_clean(start_date=in_days(3), slug="archief")
        assert "ander webadres" in str(error.value.message_dict["slug"])

    def test_every_problem_of_an_event_is_reported_at_once_in_dutch(self, admin_client, settings, tmp_path):
        """An image without a description used to hide the event's own checks, and the database's rule for the
        dates then spoke instead: ‘Beperking “event_end_not_before_start” is geschonden.’"""
        from tests.editors_support import image_upload

        settings.MEDIA_ROOT = tmp_path
        start = in_days(10)
        response = admin_client.post(
            reverse("admin:events_event_add"),
            {
                "title": "Werkplaats",
                "slug": "werkplaats",
                "summary": "Samenvatting.",
                "status": "draft",
                "publish_from_0": "01-01-2026",
                "publish_from_1": "09:00:00",
                "start_date": start.strftime("%d-%m-%Y"),
                "end_date": (start - datetime.timedelta(days=9)).strftime("%d-%m-%Y"),
                "state": "scheduled",
                "attendance": "location",
                "image": image_upload(),
                "image_alt": "",
                "tags": "",
            },
        )
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert "Beschrijf wat er op de afbeelding staat" in str(errors["image_alt"])
        assert "De einddatum kan niet vóór de begindatum liggen." in str(errors["end_date"])
        content = response.content.decode()
        assert "Beperking" not in content and "event_end_not_before_start" not in content
        assert not Event.objects.exists()

    def test_the_databases_rules_speak_dutch_when_they_are_checked_themselves(self):
        event = Event(title="Test", slug="test", summary="Samenvatting.", start_date=in_days(3))
        event.end_date = event.start_date - datetime.timedelta(days=1)
        with pytest.raises(ValidationError) as error:
            event.validate_constraints()
        assert error.value.messages == ["De einddatum kan niet vóór de begindatum liggen."]

    def test_the_admin_list_shows_an_events_dates_in_one_column(self, admin_client):
        from wijkwijzer.dates import format_date_range

        start = in_days(20)
        event = make_event(title="Zomerschool", start_date=start, end_date=start + datetime.timedelta(days=2))
        page = admin_client.get(reverse("admin:events_event_changelist")).text
        assert format_date_range(event.start_date, event.end_date) in page
        assert "Wanneer" in page and "Einddatum" not in page
        # Sorted by the start date from the column's header, both ways.
        earlier = make_event(title="Voorjaarsdag", start_date=in_days(5))
        for order, expected in (("2", ["Voorjaarsdag", "Zomerschool"]), ("-2", ["Zomerschool", "Voorjaarsdag"])):
            page = admin_client.get(reverse("admin:events_event_changelist") + f"?o={order}").text
            assert re.findall(r'<th class="field-title"><a [^>]*>([^<]+)</a>', page) == expected
        assert earlier.start_date < event.start_date

    def test_editor_can_cancel_an_event_in_the_admin(self, admin_client):
        event = make_event(title="Festival", start_date=in_days(3))
        url = reverse("admin:events_event_change", args=[event.pk])
        assert admin_client.get(url).status_code == 200
        assert "Doorgang" in admin_client.get(url).content.decode()


# --- 2. The agenda page ---


@pytest.fixture
def agenda(db):
    """Events in this month and the next two, with themes, partners, audiences, forms and costs."""
    wonen = make_theme(name="wonen", slug="wonen")
    veiligheid = make_theme(name="veiligheid", slug="veiligheid")
    lsa = make_partner(name="LSA", slug="lsa")
    ccv = make_partner(name="CCV", slug="ccv")
    bewoners = make_audience(name="bewoners", slug="bewoners")
    professionals = make_audience(name="professionals", slug="professionals")
    m1, m2 = first_of_next_month(1), first_of_next_month(2)
    events = {
        "buurtdag": make_event(
            title="Buurtdag", start_date=m1, themes=[wonen], partners=[lsa], audiences=[bewoners], price=0
        ),
        "webinar": make_event(
            title="Webinar wonen",
            start_date=m1 + datetime.timedelta(days=3),
            attendance="online",
            themes=[wonen],
            partners=[ccv],
            audiences=[professionals],
            price=0,
        ),
        "congres": make_event(
            title="Congres veiligheid",
            start_date=m2,
            attendance="hybrid",
            city="Utrecht",
            themes=[veiligheid],
            partners=[lsa, ccv],
            audiences=[professionals],
            price=150,
        ),
        "festival": make_event(
            title="Festival",
            start_date=m2 + datetime.timedelta(days=5),
            themes=[wonen, veiligheid],
            audiences=[bewoners, professionals],
        ),
    }
    make_event(title="Geweest", start_date=in_days(-40), themes=[wonen])
    make_event(title="Concept", start_date=m1, status="draft", themes=[wonen])
    return {"m1": m1, "m2": m2, **events}


def test_agenda_groups_upcoming_events_by_month(client, agenda):
    html = get(client, AGENDA)
    headings = re.findall(r'<h2 class="agenda-month__title"[^>]*>([^<]*)</h2>', html)
    from django.utils.dateformat import format as date_format

    assert headings == [date_format(agenda["m1"], "F Y"), date_format(agenda["m2"], "F Y")]
    assert titles(html) == ["Buurtdag", "Webinar wonen", "Congres veiligheid", "Festival"]
    assert "4 activiteiten" in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"thema": "wonen"}, ["Buurtdag", "Webinar wonen", "Festival"]),
        ({"partner": "ccv"}, ["Webinar wonen", "Congres veiligheid"]),
        ({"doelgroep": "bewoners"}, ["Buurtdag", "Festival"]),
        ({"vorm": "online"}, ["Webinar wonen", "Congres veiligheid"]),
        ({"vorm": "op-locatie"}, ["Buurtdag", "Congres veiligheid", "Festival"]),
        ({"gratis": "ja"}, ["Buurtdag", "Webinar wonen"]),
        ({"thema": "wonen", "vorm": "online", "gratis": "ja"}, ["Webinar wonen"]),
        ({"partner": "lsa", "doelgroep": "professionals"}, ["Congres veiligheid"]),
    ],
)
def test_each_filter_and_their_combination_narrows_the_agenda(client, agenda, params, expected):
    assert titles(get(client, AGENDA, params)) == expected


def test_month_filter_shows_events_starting_that_month(client, agenda):
    html = get(client, AGENDA, {"maand": f"{agenda['m2']:%Y-%m}"})
    assert titles(html) == ["Congres veiligheid", "Festival"]


def test_filter_values_show_how_many_events_each_would_give(client, agenda):
    html = get(client, AGENDA, {"thema": "wonen"})
    # Counts of other filters take the chosen theme into account...
    assert option(html, "partner", "lsa") == "LSA (1)"
    assert option(html, "partner", "ccv") == "CCV (1)"
    assert option(html, "maand", f"{agenda['m1']:%Y-%m}").endswith("(2)")
    assert "Online (1)" in html and "Op locatie (2)" in html and "Alleen gratis (2)" in html
    # ...while the theme's own choices count as if no theme was chosen, so one can switch.
    assert option(html, "thema", "wonen") == "wonen (3)"
    assert option(html, "thema", "veiligheid") == "veiligheid (2)"


def test_counts_and_filters_follow_links_changed_afterwards(client, agenda):
    wonen, veiligheid = Theme.objects.get(slug="wonen"), Theme.objects.get(slug="veiligheid")
    agenda["festival"].themes.set([veiligheid])  # as the admin saves a changed selection
    agenda["buurtdag"].partners.add(Partner.objects.get(slug="ccv"))
    agenda["webinar"].audiences.clear()
    html = get(client, AGENDA)
    assert option(html, "thema", "wonen") == "wonen (2)"
    assert option(html, "thema", "veiligheid") == "veiligheid (2)"
    assert option(html, "partner", "ccv") == "CCV (3)"
    assert option(html, "doelgroep", "professionals") == "professionals (2)"
    assert titles(get(client, AGENDA, {"thema": "wonen"})) == ["Buurtdag", "Webinar wonen"]
    assert titles(get(client, AGENDA, {"thema": "wonen", "partner": "ccv"})) == ["Buurtdag", "Webinar wonen"]
    wonen.delete()
    assert option(get(client, AGENDA), "thema", "wonen") == ""


def test_counts_follow_a_link_changed_in_place_and_an_emptied_link_table(client, agenda):
    links = Event.themes.through.objects.filter(event=agenda["buurtdag"], theme__slug="wonen")
    links.update(theme=make_theme(name="groen", slug="groen"))
    html = get(client, AGENDA)
    assert option(html, "thema", "wonen") == "wonen (2)"
    assert option(html, "thema", "groen") == "groen (1)"
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's transaction has foreign key checks pending
        cursor.execute(f"TRUNCATE {Event.audiences.through._meta.db_table}")
    html = get(client, AGENDA)
    assert option(html, "doelgroep", "bewoners") == ""
    assert option(html, "thema", "groen") == "groen (1)"


@pytest.mark.django_db(transaction=True)
def test_two_editors_linking_one_event_at_the_same_moment_both_count(client):
    event = make_event(title="Buurtdag", start_date=in_days(3))
    first, second = make_theme(name="wonen", slug="wonen"), make_theme(name="groen", slug="groen")
    first_linked, errors = threading.Event(), []

    def link_first():
        try:
            with transaction.atomic():
                event.themes.add(first)
                first_linked.set()
                time.sleep(0.5)  # the second editor's change waits for this one's
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
            first_linked.set()
        finally:
            connections.close_all()

    def link_second():
        try:
            first_linked.wait(5)
            event.themes.add(second)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=link_first), threading.Thread(target=link_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert not errors
    html = get(client, AGENDA)
    assert option(html, "thema", "wonen") == "wonen (1)"
    assert option(html, "thema", "groen") == "groen (1)"


def test_themes_partners_and_audiences_with_large_ids_are_counted_and_filtered_too(client, agenda):
    # Ids from 63 up have no bit in the events' bitmaps: they are counted through the link tables.
    theme = make_theme(id=63, name="groen", slug="groen")
    partner = make_partner(id=1000, name="Platform31", slug="platform31")
    audience = make_audience(id=64, name="beleidsmakers", slug="beleidsmakers")
    for event in (agenda["buurtdag"], agenda["congres"]):
        event.themes.add(theme)
        event.partners.add(partner)
        event.audiences.add(audience)
    html = get(client, AGENDA)
    assert option(html, "thema", "groen") == "groen (2)"
    assert option(html, "partner", "platform31") == "Platform31 (2)"
    assert option(html, "doelgroep", "beleidsmakers") == "beleidsmakers (2)"
    assert option(html, "thema", "wonen") == "wonen (3)"
    html = get(client, AGENDA, {"thema": "groen"})
    assert titles(html) == ["Buurtdag", "Congres veiligheid"]
    assert option(html, "partner", "lsa") == "LSA (2)"
    assert option(html, "thema", "veiligheid") == "veiligheid (2)"
    html = get(client, AGENDA, {"partner": "platform31", "doelgroep": "beleidsmakers", "vorm": "online"})
    assert titles(html) == ["Congres veiligheid"]
    assert option(html, "thema", "groen") == "groen (1)"


def test_choices_without_events_are_not_offered(client, agenda):
    make_theme(name="energietransitie", slug="energietransitie")
    html = get(client, AGENDA)
    assert option(html, "thema", "energietransitie") == ""


def test_filter_choices_are_written_as_text(client):
    theme = make_theme(name='Zorg & "welzijn" <b>', slug="zorg-welzijn")
    partner = make_partner(name="B&W <i>", short_name="BW", slug="b-w")
    make_event(title="Inloopavond", themes=[theme], partners=[partner])
    html = get(client, AGENDA)
    assert '<option value="zorg-welzijn">Zorg &amp; &quot;welzijn&quot; &lt;b&gt; (1)</option>' in html
    assert option(html, "partner", "b-w") == "B&W <i> (1)"
    assert "<b>" not in html and "<i>" not in html


def test_chosen_filters_are_selected_in_the_form_and_can_be_removed_one_by_one(client, agenda):
    html = get(client, AGENDA, {"thema": "wonen", "gratis": "ja"})
    assert '<option value="wonen" selected>' in html
    assert 'name="gratis" value="ja" checked' in html
    assert 'href="/agenda/?gratis=ja">Thema: wonen' in html
    assert 'href="/agenda/?thema=wonen">Kosten: Gratis' in html
    assert 'href="/agenda/">Alle filters wissen' in html


def test_form_submission_is_redirected_to_a_short_shareable_address(client, agenda):
    response = client.get(AGENDA, {"maand": "", "thema": "wonen", "partner": "", "doelgroep": "", "vorm": ""})
    assert response.status_code == 302
    assert response["Location"] == "/agenda/?thema=wonen"


@pytest.mark.parametrize(
    "query",
    [
        "maand=2026-13",
        "maand=abc",
        "maand=99999-01",
        "thema=bestaat-niet",
        "thema=%3Cscript%3E",
        "partner=" + "x" * 500,
        "doelgroep=%00",
        "vorm=per-post",
        "gratis=nee",
        "page=abc",
        "page=99999",
        "thema=wonen&thema=veiligheid",
        "utm_source=nieuwsbrief",
    ],
)
def test_a_bad_filter_value_gives_a_corrected_page_never_an_error(client, agenda, query):
    response = client.get(f"{AGENDA}?{query}", follow=True)
    assert response.status_code == 200
    assert len(response.redirect_chain) <= 1


def test_unknown_theme_is_dropped_and_the_rest_of_the_filter_kept(client, agenda):
    response = client.get(AGENDA, {"thema": "bestaat-niet", "gratis": "ja"})
    assert response.status_code == 302 and response["Location"] == "/agenda/?gratis=ja"


def test_a_choice_in_capitals_is_kept_in_lower_case_and_a_slug_as_it_is(client, agenda):
    """‘?vorm=ONLINE’ dropped the filter without a word. Slugs keep their case: an editor may have typed ‘LSA’."""
    response = client.get(AGENDA, {"thema": "wonen", "vorm": "ONLINE", "gratis": "JA"})
    assert response.status_code == 302 and response["Location"] == "/agenda/?thema=wonen&vorm=online&gratis=ja"
    response = client.get("/zoeken/", {"q": "wijk", "soort": "Verdiepen"})
    assert response.status_code == 302 and response["Location"] == "/zoeken/?q=wijk&soort=verdiepen"
    make_partner(name="Landelijk Samenwerkingsverband", short_name="LSAB", slug="LSAB")
    assert client.get(AGENDA, {"partner": "LSAB"}).status_code == 200
    assert client.get("/zoeken/", {"q": "wijk", "partner": "LSAB"}).status_code == 200


def test_empty_result_suggests_removing_each_filter(client, agenda):
    html = get(client, AGENDA, {"thema": "veiligheid", "gratis": "ja"})
    assert titles(html) == []
    assert "Er zijn geen activiteiten die aan al deze filters voldoen." in html
    assert '<a href="/agenda/?gratis=ja">Zonder thema ‘veiligheid’</a>' in html
    # Not "Zonder kosten ‘Gratis’": that reads as "free of charge" (found in review).
    assert '<a href="/agenda/?thema=veiligheid">Zonder filter ‘Gratis’</a>' in html


def test_an_audience_filter_is_named_voor_wie_and_its_removal_doelgroep(client, agenda):
    """As the search names it; "Zonder voor wie ‘bewoners’" is no Dutch."""
    html = get(client, AGENDA, {"thema": "veiligheid", "doelgroep": "bewoners", "gratis": "ja"})
    assert '<label for="filter-doelgroep">Voor wie</label>' in html
    assert "Voor wie: bewoners" in html
    assert '<a href="/agenda/?thema=veiligheid&amp;gratis=ja">Zonder doelgroep ‘bewoners’</a>' in html


def test_pagination_keeps_the_filters(client, agenda, settings):
    settings.PAGE_SIZE = 2
    html = get(client, AGENDA, {"thema": "wonen"})
    assert 'href="?thema=wonen&amp;page=2"' in html
    assert titles(get(client, AGENDA, {"thema": "wonen", "page": "2"})) == ["Festival"]


def test_archive_lists_years_with_counts_and_each_year_apart(client, db):
    last_year = today().year - 1
    make_event(title="Vorig jaar", start_date=datetime.date(last_year, 6, 1))
    make_event(title="Twee jaar terug", start_date=datetime.date(last_year - 1, 3, 1))
    make_event(title="Ook twee jaar terug", start_date=datetime.date(last_year - 1, 9, 1))
    make_event(title="Komt nog", start_date=in_days(3))
    html = get(client, reverse("events:archive"))
    assert titles(html) == ["Vorig jaar", "Ook twee jaar terug", "Twee jaar terug"]
    assert (
        f'href="/agenda/archief/{last_year - 1}/">{last_year - 1} <span class="archive-years__count">(2)</span>' in html
    )
    year_page = get(client, reverse("events:archive_year", kwargs={"year": last_year - 1}))
    assert titles(year_page) == ["Ook twee jaar terug", "Twee jaar terug"]
    assert f"<h1>Agenda-archief {last_year - 1}</h1>" in year_page


def test_archive_can_be_filtered_too(client, db):
    wonen = make_theme(name="wonen", slug="wonen")
    year = today().year - 1
    make_event(title="Over wonen", start_date=datetime.date(year, 4, 1), themes=[wonen])
    make_event(title="Over iets anders", start_date=datetime.date(year, 5, 1))
    html = get(client, reverse("events:archive_year", kwargs={"year": year}), {"thema": "wonen"})
    assert titles(html) == ["Over wonen"]
    assert option(get(client, reverse("events:archive_year", kwargs={"year": year})), "thema", "wonen") == "wonen (1)"


@pytest.mark.parametrize("year", ["0000", "1899", "99999999999999999999", "next", "2099"])
def test_archive_year_out_of_range_is_404(client, db, year):
    if year == "next":  # a year to come has no past events (its page said they had taken place)
        year = str(today().year + 1)
    assert client.get(f"/agenda/archief/{year}/").status_code == 404


def test_empty_agenda_points_to_the_archive(client, db):
    html = get(client, AGENDA)
    assert "Er staan geen activiteiten op de agenda." in html
    assert 'href="/agenda/archief/"' in html


def test_a_chosen_month_links_to_the_nearest_months_with_events_keeping_the_other_filters(client, db):
    import html as html_lib

    wonen = make_theme(name="wonen", slug="wonen")
    m1, m2, m4 = first_of_next_month(1), first_of_next_month(2), first_of_next_month(4)
    for day in (m1, m2, m4):
        make_event(title=f"Wonen {day:%Y-%m}", start_date=day, themes=[wonen])
    make_event(title="Iets anders", start_date=first_of_next_month(3))  # not about wonen: skipped
    page = get(client, AGENDA, {"maand": f"{m2:%Y-%m}", "thema": "wonen"})
    steps = re.search(r'<nav class="month-steps".*?</nav>', page, re.S).group(0)
    links = dict(re.findall(r'class="month-steps__(previous|next)" href="([^"]+)"', steps))
    assert html_lib.unescape(links["previous"]) == f"{AGENDA}?maand={m1:%Y-%m}&thema=wonen"
    assert html_lib.unescape(links["next"]) == f"{AGENDA}?maand={m4:%Y-%m}&thema=wonen"
    assert titles(get(client, html_lib.unescape(links["next"]))) == [f"Wonen {m4:%Y-%m}"]
    # The last month with events has no next one; without a month there are no steps.
    last = get(client, AGENDA, {"maand": f"{m4:%Y-%m}", "thema": "wonen"})
    assert "month-steps__previous" in last and "month-steps__next" not in last
    assert "month-steps" not in get(client, AGENDA, {"thema": "wonen"})


def test_a_chosen_month_without_events_is_offered_in_its_place(client, db):
    m1, m2, m3 = first_of_next_month(1), first_of_next_month(2), first_of_next_month(3)
    make_event(title="Eerst", start_date=m1)
    make_event(title="Later", start_date=m3)
    page = get(client, AGENDA, {"maand": f"{m2:%Y-%m}"})
    block = re.search(r'<select[^>]*name="maand".*?</select>', page, re.S).group(0)
    values = re.findall(r'<option value="(\d{4}-\d{2})"', block)
    assert values == [f"{m1:%Y-%m}", f"{m2:%Y-%m}", f"{m3:%Y-%m}"]  # it was last, after the months with events
    assert option(page, "maand", f"{m2:%Y-%m}").endswith("(0)")


def test_a_month_that_is_over_points_to_the_archive_of_its_year(client, db):
    import html as html_lib

    last_year = today().replace(day=1) - datetime.timedelta(days=370)
    make_event(title="Toen", start_date=last_year)
    make_event(title="Straks", start_date=first_of_next_month(1))
    page = get(client, AGENDA, {"maand": f"{last_year:%Y-%m}"})
    archive = reverse("events:archive_year", kwargs={"year": last_year.year})
    assert f'is voorbij: de activiteiten van toen staan in het <a href="{archive}">archief</a>.' in page
    assert "Toen" in titles(get(client, archive))
    # Not for a month still to come.
    assert "is voorbij" not in html_lib.unescape(get(client, AGENDA, {"maand": f"{first_of_next_month(2):%Y-%m}"}))


def test_a_year_without_events_has_no_archive_page_and_is_not_pointed_to(client, db):
    """/agenda/archief/1999/ said "Er zijn nog geen activiteiten geweest." as a page of its own, and a month that
    is over pointed to such an empty archive."""
    two_years_ago = today().replace(day=1) - datetime.timedelta(days=740)
    last_year = today().replace(day=1) - datetime.timedelta(days=370)
    make_event(title="Toen", start_date=last_year)
    assert client.get(reverse("events:archive_year", kwargs={"year": 1999})).status_code == 404
    assert client.get(reverse("events:archive_year", kwargs={"year": two_years_ago.year})).status_code == 404
    assert client.get(reverse("events:archive_year", kwargs={"year": last_year.year})).status_code == 200
    page = html_lib.unescape(get(client, AGENDA, {"maand": f"{two_years_ago:%Y-%m}"}))
    assert "is voorbij.</p>" in page and "is voorbij: de activiteiten van toen" not in page


def test_an_agenda_with_nothing_to_filter_shows_no_filters(client, db):
    for url in (AGENDA, reverse("events:archive")):
        assert "Filter de agenda" not in get(client, url), url
    make_event(title="Over wonen", start_date=today() - datetime.timedelta(days=30))
    assert "Filter de agenda" in get(client, reverse("events:archive"))
    # Filters that match nothing stay, so that they can be changed.
    assert "Filter de agenda" in get(client, AGENDA, {"vorm": "online"})


# --- 4. Structured data ---


def test_event_page_has_schema_org_event_data(client):
    lsa = make_partner(name="LSA", slug="lsa")
    event = make_event(
        title="Congrestival",
        start_date=datetime.date(2027, 9, 23),
        start_time=datetime.time(10, 0),
        end_time=datetime.time(16, 0),
        attendance="location",
        venue="Krachtstation",
        address="Marshallaan 2",
        city="Utrecht",
        partners=[lsa],
        price=0,
        registration_url="https://example.org/aanmelden",
    )
    data = json_ld(get(client, event.get_absolute_url()))
    assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
    assert data["name"] == "Congrestival"
    assert data["startDate"] == "2027-09-23T10:00:00+02:00"
    assert data["endDate"] == "2027-09-23T16:00:00+02:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"] == {
        "@type": "Place",
        "name": "Krachtstation",
        "address": {
            "@type": "PostalAddress",
            "addressCountry": "NL",
            "streetAddress": "Marshallaan 2",
            "addressLocality": "Utrecht",
        },
    }
    assert data["organizer"] == {"@type": "Organization", "name": "LSA", "url": "http://testserver/partners/lsa/"}
    assert data["offers"]["price"] == "0.00" and data["offers"]["priceCurrency"] == "EUR"


def test_structured_data_of_online_hybrid_cancelled_and_moved_events(client):
    online = make_event(attendance="online", start_date=datetime.date(2027, 3, 28), end_date=datetime.date(2027, 3, 29))
    data = json_ld(get(client, online.get_absolute_url()))
    assert data["location"] == {"@type": "VirtualLocation", "url": f"http://testserver{online.get_absolute_url()}"}
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert (data["startDate"], data["endDate"]) == ("2027-03-28", "2027-03-29")

    hybrid = make_event(attendance="hybrid", city="Utrecht", state="cancelled")
    data = json_ld(get(client, hybrid.get_absolute_url()))
    assert [place["@type"] for place in data["location"]] == ["Place", "VirtualLocation"]
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"

    moved = make_event(state="moved", start_date=in_days(20), previous_start_date=in_days(10))
    data = json_ld(get(client, moved.get_absolute_url()))
    assert data["eventStatus"] == "https://schema.org/EventRescheduled"
    assert data["previousStartDate"] == in_days(10).isoformat()

    # A place not known yet: the page says "Locatie volgt", and so does the place's name (not the event's title).
    unknown = make_event(title="Bewustwordingsbijeenkomst", attendance="location")
    data = json_ld(get(client, unknown.get_absolute_url()))
    assert data["location"] == {
        "@type": "Place",
        "name": "Locatie volgt",
        "address": {"@type": "PostalAddress", "addressCountry": "NL"},
    }


def test_a_title_with_script_tags_cannot_break_out_of_the_structured_data(client):
    title = 'Gevaarlijk </script><script>alert("x")</script> & <!-- zo'
    event = make_event(title=title, summary="</SCRIPT> in de samenvatting")
    html = get(client, event.get_absolute_url())
    assert "<script>alert" not in html
    assert html.count("</script>") == 1 and "</SCRIPT>" not in html
    data = json_ld(html)
    assert data["name"] == title
    assert data["description"] == "</SCRIPT> in de samenvatting"


# --- 5. Home page ---


def test_home_shows_six_upcoming_featured_events_and_links_to_the_agenda(client, db):
    for day in range(8):
        make_event(title=f"Uitgelicht {day}", start_date=in_days(day + 1), featured=True)
    make_event(title="Niet uitgelicht", start_date=in_days(1))
    make_event(title="Voorbij maar uitgelicht", start_date=in_days(-1), featured=True)
    html = get(client, "/")
    section = html.split('id="home-agenda"')[1].split("</section>")[0]
    assert titles(section) == [f"Uitgelicht {day}" for day in range(6)]
    assert 'href="/agenda/">De complete, actuele agenda' in section


# --- 6. Query budget ---


def _fill(count: int) -> None:
    themes = [make_theme() for _ in range(3)]
    partners = [make_partner() for _ in range(3)]
    audiences = [make_audience() for _ in range(2)]
    wonen = make_theme(name="wonen", slug="wonen")
    lsa = make_partner(name="LSA", slug="lsa")
    publiek = make_audience(name="publiek", slug="publiek")
    for n in range(count):
        make_event(
            start_date=in_days(n % 90 + 1),
            attendance=["location", "online", "hybrid"][n % 3],
            price=0 if n % 2 else 25,
            themes=[wonen, themes[n % 3]],
            partners=[lsa, partners[n % 3]],
            audiences=[publiek, audiences[n % 2]],
            tags=["a"],
            start_time=datetime.time(10) if n % 2 else None,
        )
        make_event(start_date=in_days(-(n + 1)), themes=[wonen], partners=[lsa], audiences=[publiek])


def _agenda_urls() -> list[str]:
    month = f"{in_days(1):%Y-%m}"
    event = Event.objects.upcoming().first()
    return [
        AGENDA,
        f"{AGENDA}?thema=wonen",
        f"{AGENDA}?maand={month}&thema=wonen&partner=lsa&doelgroep=publiek&vorm=online&gratis=ja",
        f"{AGENDA}?thema=wonen&page=2",
        reverse("events:archive"),
        reverse("events:archive_year", kwargs={"year": today().year}) + "?thema=wonen&gratis=ja",
        reverse("events:subscribe"),
        event.get_absolute_url(),
        reverse("events:ics", kwargs={"slug": event.slug}),
        reverse("events:feed"),
        reverse("events:theme_feed", kwargs={"slug": "wonen"}),
        reverse("events:partner_feed", kwargs={"slug": "lsa"}),
    ]


QUERY_BUDGET = 10


@pytest.mark.parametrize("count", [1, 40])
def test_agenda_pages_and_feeds_stay_within_the_query_budget(client, db, count, django_assert_max_num_queries):
    _fill(count)
    for url in _agenda_urls():
        with django_assert_max_num_queries(QUERY_BUDGET):
            assert client.get(url).status_code == 200, url


def test_agenda_query_count_does_not_grow_with_the_number_of_events(client, db):
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def counts() -> dict[str, int]:
        result = {}
        for url in _agenda_urls():
            for each in caches.all():
                each.clear()  # the calendar feeds are cached (shared and in each process)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            result[url] = len(queries)
        return result

    _fill(1)
    few = counts()
    for n in range(30):
        make_event(start_date=in_days(n % 60 + 1), themes=[make_theme()], partners=[make_partner()])
    # The first event (and so the detail URLs) may differ; compare by position.
    assert list(few.values()) == list(counts().values())


def test_an_event_in_a_year_no_form_accepts_does_not_break_the_agenda(client):
    """Saved past the editors' checks (an import, the shell), the year 1026 made the archive a server error and the
    year 9999 the agenda."""
    make_event(title="Typfout verleden", start_date=datetime.date(1026, 5, 14))
    make_event(title="Typfout toekomst", start_date=datetime.date(9999, 12, 30))
    make_event(title="Gewoon", start_date=in_days(5))
    assert "Typfout toekomst" in get(client, AGENDA)
    assert client.get(reverse("events:archive"), follow=True).status_code == 200
