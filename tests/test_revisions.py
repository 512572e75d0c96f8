"""Revisions: every save keeps a version (who, when, what changed), viewable and restorable with its relations."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from tests.builders import make_article, make_audience, make_call, make_event, make_partner, make_theme
from tests.editors_support import admin_form_data, make_hoofdredactie

pytestmark = pytest.mark.django_db


@pytest.fixture
def chief(client):
    user = make_hoofdredactie()
    client.force_login(user)
    return user


def change_url(item) -> str:
    return reverse(f"admin:{item._meta.app_label}_{item._meta.model_name}_change", args=[item.pk])


@pytest.mark.parametrize("make", [make_article, make_call, make_event])
def test_every_admin_save_keeps_one_revision_with_its_author_and_relations(client, chief, make):
    wonen, veiligheid = make_theme(name="wonen"), make_theme(name="veiligheid")
    item = make(title="Eerste versie", themes=[wonen])
    item.history.all().delete()
    response = client.post(
        change_url(item), admin_form_data(item, title="Tweede versie", themes=[wonen.pk, veiligheid.pk])
    )
    assert response.status_code == 302
    revision = item.history.get()
    assert revision.history_user == chief
    assert revision.title == "Tweede versie"
    assert {row.theme_id for row in revision.themes.all()} == {wonen.pk, veiligheid.pk}


def test_history_page_shows_who_changed_what(client, chief):
    item = make_article(title="Eerste versie")
    client.post(change_url(item), admin_form_data(item, title="Tweede versie"))
    response = client.get(reverse("admin:articles_article_history", args=[item.pk]))
    assert response.status_code == 200
    assert chief.username in response.text
    assert "Eerste versie" in response.text and "Tweede versie" in response.text
    # In Dutch, although django-simple-history ships no Dutch translation.
    assert "Wijzigingsgeschiedenis: Tweede versie" in response.text
    assert "Gewijzigd" in response.text and "Wijzigingen" in response.text
    restore = client.get(reverse("admin:articles_article_simple_history", args=[item.pk, item.history.earliest().pk]))
    assert "Deze versie terugzetten" in restore.text


def test_history_links_the_author_only_for_those_who_may_see_users(client, chief):
    """Editors (the editor-in-chief too) may not open the users' pages: the author is named, not linked to a page
    that answers 403. An administrator gets the link."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from tests.editors_support import make_redacteur

    movisie = make_partner(name="Movisie", short_name="Movisie")
    item = make_article(title="Eerste versie", partners=[movisie])
    client.post(change_url(item), admin_form_data(item, title="Tweede versie", partners=[movisie.pk]))
    user_url = reverse("admin:auth_user_change", args=[chief.pk])
    history = reverse("admin:articles_article_history", args=[item.pk])
    editor = Client()
    editor.force_login(make_redacteur(movisie))
    for reader in (client, editor):
        page = reader.get(history)
        assert page.status_code == 200 and chief.username in page.text
        assert user_url not in page.text
        assert reader.get(user_url).status_code == 403
    administrator = Client()
    administrator.force_login(get_user_model().objects.create_superuser("beheer", "beheer@voorbeeld.nl", "x"))
    assert f'href="{user_url}"' in administrator.get(history).text


def test_history_page_names_columns_and_values_in_dutch(client, chief):
    wonen, veiligheid = make_theme(name="wonen"), make_theme(name="veiligheid")
    item = make_article(title="Eerste versie", status="draft")
    client.post(change_url(item), admin_form_data(item, status="published", themes=[wonen.pk, veiligheid.pk]))
    page = client.get(reverse("admin:articles_article_history", args=[item.pk])).text
    assert "Publiceren vanaf" in page and "publish_from" not in page
    assert "<td>Gepubliceerd</td>" in page and "<td>Concept</td>" in page
    assert "<strong>Status:</strong> Concept" in page  # the change itself, by its label
    assert "(geen)" in page and ("wonen, veiligheid" in page or "veiligheid, wonen" in page)
    assert "None" not in page and "[" not in page
    assert "2 versies" in page


def test_a_history_address_with_a_wrong_id_is_a_404_not_a_server_error(client, chief):
    item = make_article(title="Eerste versie")
    base = reverse("admin:articles_article_change", args=[item.pk])  # …/<id>/change/
    for url in (f"{base}history/", "/admin/articles/article/abc/history/"):
        assert client.get(url).status_code == 404, url
    version = item.history.earliest().pk
    assert client.get(f"/admin/articles/article/{item.pk}/history/abc/").status_code == 404
    assert client.get(f"/admin/articles/article/{item.pk}/history/{version}/").status_code == 200


def test_restoring_a_revision_brings_back_its_text_themes_partners_and_audiences(client, chief):
    wonen, veiligheid = make_theme(name="wonen"), make_theme(name="veiligheid")
    movisie, ccv = make_partner(name="Movisie"), make_partner(name="CCV")
    bewoners = make_audience(name="bewoners")
    item = make_article(title="Eerste versie")
    client.post(
        change_url(item),
        admin_form_data(item, themes=[wonen.pk], partners=[movisie.pk], audiences=[bewoners.pk]),
    )
    first = item.history.latest()
    item.refresh_from_db()
    client.post(
        change_url(item),
        admin_form_data(item, title="Tweede versie", themes=[veiligheid.pk], partners=[ccv.pk], audiences=[]),
    )
    item.refresh_from_db()
    assert item.title == "Tweede versie" and list(item.themes.all()) == [veiligheid]

    restore_url = reverse("admin:articles_article_simple_history", args=[item.pk, first.history_id])
    form = client.get(restore_url).context["adminform"].form
    assert form.initial["themes"] == [wonen.pk]
    assert form.initial["partners"] == [movisie.pk]
    assert form.initial["audiences"] == [bewoners.pk]
    assert form.initial["title"] == "Eerste versie"
    # The editor presses ‘Terugzetten’: the form posts what it shows.
    response = client.post(
        restore_url,
        admin_form_data(
            item, title=form.initial["title"], themes=[wonen.pk], partners=[movisie.pk], audiences=[bewoners.pk]
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == change_url(item)
    page = client.get(response["Location"]).content.decode()
    when = formats.localize(timezone.localtime(first.history_date))
    assert f"Teruggezet: Verdiepen-item ‘Eerste versie’ heeft weer de inhoud van de versie van {when}" in page
    item.refresh_from_db()
    assert item.title == "Eerste versie"
    assert list(item.themes.all()) == [wonen]
    assert list(item.partners.all()) == [movisie]
    assert list(item.audiences.all()) == [bewoners]
    restored = item.history.latest()
    assert restored.history_user == chief
    assert {row.theme_id for row in restored.themes.all()} == {wonen.pk}
    # The history says which revision came back (it listed the restore as a plain change, its reason "–").
    assert restored.history_change_reason == f"Teruggezet naar de versie van {when}"
    history = client.get(reverse("admin:articles_article_history", args=[item.pk])).content.decode()
    assert f"<td>Teruggezet naar de versie van {when}</td>" in history
    # An ordinary save afterwards has no reason of its own.
    client.post(change_url(item), admin_form_data(item, title="Derde versie", themes=[wonen.pk]))
    assert item.history.latest().history_change_reason is None


def test_a_revision_is_kept_for_changes_outside_the_admin_too():
    item = make_article(title="Eerste versie")
    item.title = "Via een import"
    item.save()
    assert [record.title for record in item.history.all()][:2] == ["Via een import", "Eerste versie"]


def test_relations_changed_from_the_theme_side_keep_a_revision_too():
    wonen = make_theme(name="wonen")
    item = make_article(title="Een item")
    wonen.articles.add(item)
    assert {row.theme_id for row in item.history.latest().themes.all()} == {wonen.pk}
    wonen.articles.remove(item)
    assert not item.history.latest().themes.exists()


def test_the_delete_confirmation_names_the_item_not_its_link_rows(client, chief):
    item = make_article(title="Weg ermee", themes=[make_theme(name="wonen")], partners=[make_partner(name="LSA")])
    item.audiences.add(make_audience(name="bewoners"))
    single = client.get(reverse("admin:articles_article_delete", args=[item.pk])).text
    assert "Weet je zeker dat je Verdiepen-item ‘Weg ermee’ wilt verwijderen?" in single  # Django 6.1 left it English
    assert "Are you sure" not in single
    for response in (
        client.get(reverse("admin:articles_article_delete", args=[item.pk])),
        client.post(
            reverse("admin:articles_article_changelist"), {"action": "delete_selected", "_selected_action": [item.pk]}
        ),
    ):
        assert response.status_code == 200
        page = response.text
        assert "Weg ermee" in page
        assert "object (" not in page and "relatie" not in page  # "Article_partners object (13)"
