"""The publication window: items go online and offline by themselves; editors see and change the state."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from calls.models import Call
from events.models import Event
from tests.builders import make_article, make_call, make_event, make_partner
from tests.editors_support import make_hoofdredactie, make_redacteur

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 6, 16, 0, tzinfo=datetime.UTC)  # a Friday afternoon
MONDAY_MORNING = datetime.datetime(2026, 3, 9, 7, 0, tzinfo=datetime.UTC)  # 08:00 in Amsterdam
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def chief(client):
    user = make_hoofdredactie()
    client.force_login(user)
    return user


def test_item_planned_on_friday_for_monday_morning_appears_by_itself():
    article = make_article(publish_from=MONDAY_MORNING)
    assert article not in Article.objects.published(NOW)
    assert article not in Article.objects.published(MONDAY_MORNING - datetime.timedelta(seconds=1))
    assert article in Article.objects.published(MONDAY_MORNING)


def test_item_disappears_after_publish_until():
    call = make_call(publish_from=NOW - HOUR, publish_until=NOW + HOUR)
    assert call in Call.objects.published(NOW)
    assert call not in Call.objects.published(NOW + HOUR)


def test_draft_never_appears_whatever_its_window():
    event = make_event(status="draft", publish_from=NOW - HOUR)
    assert event not in Event.objects.published(NOW)


def test_public_page_of_a_planned_item_answers_from_its_moment_on(client):
    article = make_article(publish_from=MONDAY_MORNING)
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        assert client.get(article.get_absolute_url()).status_code == 404
        assert article.title not in client.get(reverse("articles:list")).text
    with mock.patch("django.utils.timezone.now", return_value=MONDAY_MORNING):
        assert client.get(article.get_absolute_url()).status_code == 200
        assert article.title in client.get(reverse("articles:list")).text


@pytest.mark.parametrize(
    ("fields", "state"),
    [
        ({"status": "draft"}, "concept"),
        ({"publish_from": MONDAY_MORNING}, "gepland"),
        ({"publish_from": NOW - HOUR}, "online"),
        ({"publish_from": NOW - 2 * HOUR, "publish_until": NOW - HOUR}, "verlopen"),
    ],
)
def test_publication_state_of_an_item(fields, state):
    article = make_article(**fields)
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        assert article.publication_state == state


@pytest.mark.parametrize("model", [Article, Call, Event])
def test_change_list_shows_the_state_and_filters_on_it(client, chief, model):
    make = {Article: make_article, Call: make_call, Event: make_event}[model]
    items = {
        "concept": make(title="Concept-item", status="draft"),
        "gepland": make(title="Gepland item", publish_from=timezone.now() + datetime.timedelta(days=3)),
        "online": make(title="Online item"),
        "verlopen": make(title="Verlopen item", publish_until=timezone.now() - HOUR),
    }
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = client.get(url)
    for label in ("Concept", "Gepland", "Online", "Verlopen"):
        assert f">{label}</td>" in response.text
    for state, item in items.items():
        listed = client.get(url, {"zichtbaarheid": state}).context["cl"].result_list
        assert list(listed) == [item], state


def test_bulk_publish_and_unpublish(client, chief):
    first, second = make_article(status="draft"), make_article(status="draft")
    url = reverse("admin:articles_article_changelist")
    response = client.post(
        url, {"action": "publish", "_selected_action": [first.pk, second.pk], "index": 0}, follow=True
    )
    assert "2 items gepubliceerd" in response.text
    assert set(Article.objects.values_list("status", flat=True)) == {"published"}
    assert first.history.latest().history_user == chief
    client.post(url, {"action": "unpublish", "_selected_action": [first.pk], "index": 0})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("draft", "published")


def test_a_redacteur_may_publish_his_own_items_in_bulk(client):
    movisie = make_partner(name="Movisie")
    client.force_login(make_redacteur(movisie))
    article = make_article(status="draft", partners=[movisie])
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [article.pk], "index": 0},
    )
    article.refresh_from_db()
    assert article.status == "published"


def change(client, article, **fields):
    data = {
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "kind": article.kind,
        "status": "published",
        "publish_from_0": "09-03-2026",
        "publish_from_1": "08:00:00",
        "publish_until_0": "",
        "publish_until_1": "",
        **fields,
    }
    return client.post(reverse("admin:articles_article_change", args=[article.pk]), data, follow=True)


def test_publish_until_before_publish_from_is_refused_in_dutch(client, chief):
    article = make_article(status="draft")
    response = change(client, article, publish_until_0="08-03-2026", publish_until_1="08:00:00")
    assert response.status_code == 200
    assert "moet na ‘publiceren vanaf’ liggen" in str(response.context["adminform"].form.errors)


def test_the_publication_fields_explain_themselves_in_dutch(client, chief):
    response = client.get(reverse("admin:articles_article_add"))
    text = response.text
    assert "verschijnt vanzelf op ‘publiceren vanaf’" in text
    assert "Twee tot vier zinnen" in text  # how long a summary should be
    assert "Beschrijf in één zin wat er op de afbeelding te zien is" in text


@pytest.mark.parametrize("day", ["01-01-0001", "31-12-9999"])
def test_a_publication_date_with_a_typing_error_in_the_year_is_refused_in_dutch(client, chief, day):
    """The year 1 was a server error (PostgreSQL cannot store it); 9999 broke the change list's date filter."""
    article = make_article(status="draft")
    response = change(client, article, publish_from_0=day)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["publish_from"] == ["Vul een datum tussen 1900 en 2099 in."]
    response = change(client, article, publish_until_0=day, publish_until_1="08:00:00")
    assert "Vul een datum tussen 1900 en 2099 in." in response.context["adminform"].form.errors["publish_until"]
    article.refresh_from_db()
    assert article.status == "draft"


def test_publishing_an_item_whose_end_has_passed_warns_the_editor(client, chief):
    """It said "gepubliceerd" and the item stayed offline, without a word why."""
    expired = make_article(status="draft", publish_until=timezone.now() - datetime.timedelta(days=1))
    current = make_article(status="draft")
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [expired.pk, current.pk], "index": 0},
        follow=True,
    )
    assert "bij 1 items ligt" not in response.text
    assert "Let op: ‘publiceren tot’ ligt al in het verleden." in response.text
    response = change(
        client, expired, publish_from_0="01-01-2026", publish_until_0="01-02-2026", publish_until_1="08:00:00"
    )
    assert "Let op: ‘publiceren tot’ ligt al in het verleden." in response.text
    response = change(client, current)
    assert "Let op" not in response.text


def test_a_bulk_publish_that_fails_halfway_changes_nothing(client, chief):
    """The first items stayed published when a later one failed."""
    first, second = make_article(status="draft"), make_article(status="draft")
    saved, calls = Article.save, []

    def failing_save(self, *args, **kwargs):
        calls.append(self.pk)
        if len(calls) == 2:  # the second item of the action, whichever it is
            raise RuntimeError("disk full")
        return saved(self, *args, **kwargs)

    client.raise_request_exception = False
    with mock.patch.object(Article, "save", failing_save):
        response = client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "publish", "_selected_action": [first.pk, second.pk], "index": 0},
        )
    assert response.status_code == 500 and len(calls) == 2
    assert set(Article.objects.values_list("status", flat=True)) == {"draft"}


def test_weergeven_op_website_only_for_an_item_that_is_online(client, chief):
    """For a draft it led to a 404 (with DEBUG on, Django's technical page)."""
    online, draft = make_article(title="Online"), make_article(title="Concept", status="draft")
    expired = make_article(title="Verlopen", publish_until=timezone.now() - datetime.timedelta(hours=1))
    for item, shown in ((online, True), (draft, False), (expired, False)):
        html = client.get(reverse("admin:articles_article_change", args=[item.pk])).text
        assert ("Weergeven op website" in html) is shown, item.title
        assert "Voorbeeld bekijken" in html
    html = client.get(reverse("admin:articles_article_change", args=[online.pk])).text
    assert f'href="{online.get_absolute_url()}" class="viewsitelink"' in html


def test_a_moment_that_summer_time_skips_is_explained(client, chief):
    """Django said it "kon niet worden geïnterpreteerd in tijdzone Europe/Amsterdam; mogelijk is deze dubbelzinnig"."""
    year = timezone.localdate().year + 1
    last_sunday = max(
        datetime.date(year, 3, day) for day in range(25, 32) if datetime.date(year, 3, day).weekday() == 6
    )
    article = make_article(status="draft")
    response = change(client, article, publish_from_0=last_sunday.strftime("%d-%m-%Y"), publish_from_1="02:30:00")
    errors = response.context["adminform"].form.errors["publish_from"]
    assert errors == [
        f"{last_sunday:%Y-%m-%d} 02:30:00 bestaat niet of komt twee keer voor in Europe/Amsterdam, door de overgang "
        "tussen zomer- en wintertijd. Kies een tijdstip een uur eerder of later."
    ]
