"""`manage.py load_demo` gives a newcomer the whole Voorjaar 2022 newsletter, and running it again changes nothing."""

import datetime
import io
from pathlib import Path

import pytest
from django.core import serializers
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.formats import date_format

from articles.models import Article
from calls.models import Call
from events.models import Event
from partners.models import Partner
from themes.models import Theme

pytestmark = pytest.mark.django_db
NEWSLETTER = Path(__file__).resolve().parents[2] / "shared" / "newsletter-voorjaar-2022.txt"


def snapshot() -> str:
    objects = [
        *Partner.objects.all(),
        *Theme.objects.all(),
        *Article.objects.order_by("pk"),
        *Call.objects.order_by("pk"),
        *Event.objects.order_by("pk"),
    ]
    data = serializers.serialize("python", objects)
    for row in data:
        row["fields"].pop("updated_at", None)  # a save always touches it
    return repr(data)


def test_load_demo_loads_every_item_of_the_newsletter():
    call_command("load_demo", stdout=io.StringIO())
    assert Partner.objects.count() == 8
    assert Article.objects.published().count() == 11
    assert Call.objects.open().count() == 6
    assert Event.objects.upcoming().featured().count() == 8
    assert {p.short_name for p in Partner.objects.all()} >= {"LSA", "LPB", "CCV", "VNG", "BZK", "Movisie", "Platform31"}


def test_every_newsletter_title_is_on_the_site():
    call_command("load_demo", "--original-dates", stdout=io.StringIO())
    titles = {*Article.objects.values_list("title", flat=True), *Call.objects.values_list("title", flat=True)}
    text = NEWSLETTER.read_text()
    for title in titles:
        assert title in text, title


def test_demo_texts_name_the_year_and_month_of_their_moved_dates():
    """ "Wie durft het Wijklab uit te nodigen in 2022?" stood above a call of today; "Elk jaar in november"
    above a congress in another month."""
    call_command("load_demo", stdout=io.StringIO())
    wijklab = Call.objects.get(slug="oproep-wie-durft-het-wijklab-uit-te-nodigen")
    year = timezone.localtime(wijklab.publish_from).year
    assert wijklab.title == f"Oproep: Wie durft het Wijklab uit te nodigen in {year}?"
    congress = Event.objects.get(title="LPB Congres")
    with translation.override("nl"):
        month = date_format(congress.start_date, "F")
    assert f"Elk jaar in {month} organiseert het LPB" in congress.body


def test_load_demo_twice_gives_the_same_data():
    call_command("load_demo", stdout=io.StringIO())
    first = snapshot()
    call_command("load_demo", stdout=io.StringIO())
    assert snapshot() == first


def test_demo_dates_are_moved_so_that_the_edition_is_today():
    call_command("load_demo", stdout=io.StringIO())
    dag = Event.objects.get(title="Dag van de Buurt")
    # The edition (6 May 2022) is about today; Dag van de Buurt was 13 days after it.
    assert abs((dag.start_date - timezone.localdate()).days - 13) <= 3
    assert dag.start_date.weekday() == datetime.date(2022, 5, 19).weekday()


def test_original_dates_keeps_2022():
    call_command("load_demo", "--original-dates", stdout=io.StringIO())
    werkplaats = Event.objects.get(slug__startswith="werkplaats")
    assert (werkplaats.start_date, werkplaats.end_date) == (datetime.date(2022, 8, 29), datetime.date(2022, 8, 31))
    prijs = Call.objects.get(title__contains="20.000 euro")
    assert prijs.deadline_date == datetime.date(2022, 8, 1)


def test_if_empty_leaves_existing_content_alone():
    call_command("load_demo", stdout=io.StringIO())
    Article.objects.filter(title__startswith="Manifest").update(title="Aangepast door redactie")
    out = io.StringIO()
    call_command("load_demo", "--if-empty", stdout=out)
    assert Article.objects.filter(title="Aangepast door redactie").exists()


def test_demo_editor_can_log_in_and_create_content(client):
    call_command("load_demo", stdout=io.StringIO())
    assert client.login(username="redacteur", password="wijkwijzer-demo-2022")
    page = client.get("/admin/articles/article/add/")
    assert page.status_code == 200
    assert "<strong>Redacteur Movisie</strong>" in page.text  # the greeting tells the two demo accounts apart
    assert client.get("/admin/auth/user/").status_code == 403
    assert client.login(username="hoofdredactie", password="wijkwijzer-demo-2022")
    assert "<strong>Hoofdredactie</strong>" in client.get("/admin/").text


def test_the_werkplaats_has_one_sign_up_deadline_in_meedoen_and_in_the_agenda():
    """Meedoen said "Aanmelden kan tot 15 maart", the agenda "Kan tot de activiteit begint" (22 maart)."""
    call_command("load_demo", stdout=io.StringIO())
    call = Call.objects.get(title__startswith="Werkplaats")
    event = Event.objects.get(title__startswith="Werkplaats")
    assert event.registration_deadline == call.deadline_date
