"""Changing a slug keeps the old address working: a permanent redirect to the new one."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.builders import make_article, make_call, make_event, make_partner, make_theme
from tests.editors_support import make_hoofdredactie

pytestmark = pytest.mark.django_db

BUILDERS = [make_article, make_call, make_event]


def rename(item, slug: str):
    old = item.get_absolute_url()
    item.slug = slug
    item.save()
    return old


@pytest.mark.parametrize("make", BUILDERS)
def test_old_address_redirects_permanently_to_the_new_one(client, make):
    item = make(slug="oude-naam")
    old = rename(item, "nieuwe-naam")
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == item.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("make", BUILDERS)
def test_every_earlier_address_leads_straight_to_the_current_one(client, make):
    item = make(slug="eerste")
    first = rename(item, "tweede")
    second = rename(item, "derde")
    assert client.get(first)["Location"] == item.get_absolute_url()
    assert client.get(second)["Location"] == item.get_absolute_url()


@pytest.mark.parametrize(
    ("make", "addresses"),
    [
        (make_theme, ["themes:detail", "feeds:theme-rss", "feeds:theme-atom", "events:theme_feed"]),
        (make_partner, ["partners:detail", "feeds:partner-rss", "feeds:partner-atom", "events:partner_feed"]),
        (make_event, ["events:detail", "events:ics"]),
    ],
)
def test_every_address_with_an_old_slug_leads_to_the_same_address_with_the_new_one(client, make, addresses):
    """Only the items' own pages redirected: a theme's or partner's page and feeds, and an event's calendar file,
    were a 404 after a new slug."""
    item = make(slug="oude-naam")
    rename(item, "nieuwe-naam")
    for name in addresses:
        old, new = (reverse(name, kwargs={"slug": slug}) for slug in ("oude-naam", "nieuwe-naam"))
        response = client.get(old, {"utm_source": "nieuwsbrief"})
        assert response.status_code == 301, name
        assert response["Location"] == f"{new}?utm_source=nieuwsbrief"
        assert client.get(new).status_code == 200, name


def test_the_download_of_an_article_with_an_old_slug_redirects(client, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    article = make_article(slug="oud-rapport")
    article.download.save("rapport.pdf", ContentFile(b"%PDF-1.4 rapport"), save=True)
    rename(article, "nieuw-rapport")
    response = client.get("/verdiepen/oud-rapport/download/")
    assert response.status_code == 301 and response["Location"] == "/verdiepen/nieuw-rapport/download/"


def test_renaming_back_makes_the_old_slug_the_real_address_again(client):
    item = make_article(slug="a")
    rename(item, "b")
    rename(item, "a")
    assert client.get(reverse("articles:detail", args=["a"])).status_code == 200
    assert client.get(reverse("articles:detail", args=["b"]))["Location"] == item.get_absolute_url()


def test_old_slug_of_an_unpublished_item_is_not_found(client):
    item = make_article(slug="oud")
    rename(item, "nieuw")
    item.status = "draft"
    item.save()
    assert client.get(reverse("articles:detail", args=["oud"])).status_code == 404


def test_a_new_item_may_take_an_old_slug_and_wins(client):
    first = make_article(slug="gedeeld")
    rename(first, "eerste")
    second = make_article(slug="gedeeld", title="Het nieuwe item")
    response = client.get(reverse("articles:detail", args=["gedeeld"]))
    assert response.status_code == 200
    assert second.title in response.text


def test_a_slug_taken_by_another_item_never_leads_to_the_item_that_had_it(client, settings, tmp_path):
    """Found in review: the new item's download (it has none) and, once it was a draft, its page redirected to the
    old item's."""
    first = make_article(slug="gedeeld")
    rename(first, "eerste")
    second = make_article(slug="gedeeld", title="Het nieuwe item")
    assert client.get("/verdiepen/gedeeld/download/").status_code == 404
    second.status = "draft"
    second.save()
    assert client.get("/verdiepen/gedeeld/").status_code == 404


def test_two_items_that_swap_slugs_do_not_send_visitors_round_in_circles(client, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    a, b = make_article(slug="rapport-2024"), make_article(slug="rapport-2025")
    for item in (a, b):
        item.download.save("rapport.pdf", ContentFile(b"%PDF-1.4 rapport"), save=True)
    rename(a, "tijdelijk")
    rename(b, "rapport-2024")
    rename(a, "rapport-2025")
    b.download.delete(save=True)
    response = client.get("/verdiepen/rapport-2024/download/")
    assert response.status_code == 404  # b's own address: b has no download now
    assert client.get("/verdiepen/tijdelijk/").status_code == 301


def test_old_slug_of_an_article_does_not_redirect_on_another_content_type(client):
    item = make_article(slug="oud")
    rename(item, "nieuw")
    assert client.get(reverse("calls:detail", args=["oud"])).status_code == 404


def test_unknown_slug_is_still_not_found(client):
    assert client.get(reverse("events:detail", args=["bestaat-niet"])).status_code == 404


def test_renaming_in_the_admin_leaves_a_redirect(client):
    client.force_login(make_hoofdredactie())
    item = make_article(slug="oud", title="Een titel")
    response = client.post(
        reverse("admin:articles_article_change", args=[item.pk]),
        {
            "title": item.title,
            "slug": "nieuw",
            "summary": item.summary,
            "kind": item.kind,
            "status": "published",
            "publish_from_0": "01-01-2020",
            "publish_from_1": "09:00:00",
            "tags": "",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("articles:detail", args=["oud"]))["Location"] == "/verdiepen/nieuw/"


def test_redirect_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    item = make_article(slug="oud")
    rename(item, "nieuw")
    with django_assert_max_num_queries(10):
        assert client.get(reverse("articles:detail", args=["oud"])).status_code == 301


def test_the_redirects_list_names_each_item_by_its_title_in_a_constant_number_of_queries(
    client, django_assert_max_num_queries
):
    client.force_login(make_hoofdredactie())
    for number, make in enumerate(BUILDERS * 3):
        rename(make(title=f"Item {number}", slug=f"oud-{number}"), f"nieuw-{number}")
    with django_assert_max_num_queries(12):
        page = client.get(reverse("admin:editors_slugredirect_changelist")).text
    for number in range(9):
        assert f">Item {number}</a>" in page
    article = make_article(title="Nog een", slug="a")
    rename(article, "b")
    page = client.get(reverse("admin:editors_slugredirect_changelist")).text
    assert f'href="{reverse("admin:articles_article_change", args=[article.pk])}">Nog een</a>' in page
    # The filter offers the kinds of item with redirects, not every table; redirects are not added by hand.
    assert "Sessies" not in page and "sessie" not in page
    assert "Verdiepen-item" in page
    assert client.get(reverse("admin:editors_slugredirect_add")).status_code == 403
    # Looked at, not changed; deleted if need be.
    from editors.models import SlugRedirect

    redirect = SlugRedirect.objects.get(old_slug="a")
    change = reverse("admin:editors_slugredirect_change", args=[redirect.pk])
    assert client.get(change).status_code == 200
    client.post(change, {"old_slug": "iets-anders", "content_type": redirect.content_type_id, "object_id": 1})
    redirect.refresh_from_db()
    assert (redirect.old_slug, redirect.object_id) == ("a", article.pk)
    client.post(reverse("admin:editors_slugredirect_delete", args=[redirect.pk]), {"post": "yes"})
    assert not SlugRedirect.objects.filter(pk=redirect.pk).exists()


@pytest.mark.parametrize("make", BUILDERS)
def test_deleting_an_item_deletes_its_old_slugs(client, make):
    from editors.models import SlugRedirect

    item = make(slug="oud")
    old = rename(item, "nieuw")
    kept = make(slug="blijft-oud")
    rename(kept, "blijft-nieuw")
    item.delete()
    assert list(SlugRedirect.objects.values_list("old_slug", flat=True)) == ["blijft-oud"]
    assert client.get(old).status_code == 404


def test_deleting_items_from_the_admin_list_deletes_their_old_slugs(client):
    from editors.models import SlugRedirect

    client.force_login(make_hoofdredactie())
    items = [make_article(slug=f"oud-{number}") for number in range(3)]
    for number, item in enumerate(items):
        rename(item, f"nieuw-{number}")
    chosen = [item.pk for item in items[:2]]
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "delete_selected", "_selected_action": chosen, "post": "yes"},
    )
    assert list(SlugRedirect.objects.values_list("old_slug", flat=True)) == ["oud-2"]


def test_a_redacteur_cannot_take_the_old_address_of_another_organisations_item(client):
    from tests.editors_support import admin_form_data, make_redacteur

    lsa, movisie = make_partner(name="LSA"), make_partner(name="Movisie")
    theirs = make_article(slug="samen-naar-een-veilige-wijk", partners=[lsa])
    old = rename(theirs, "samen-naar-een-veiliger-wijk")
    mine = make_article(slug="movisie-concept", partners=[movisie], status="draft")
    client.force_login(make_redacteur(movisie))
    response = client.post(
        reverse("admin:articles_article_change", args=[mine.pk]),
        admin_form_data(mine, slug="samen-naar-een-veilige-wijk"),
    )
    assert response.status_code == 200
    assert "Dit is het oude webadres van een item van een andere organisatie" in response.content.decode()
    assert client.get(old).status_code == 301  # the old address still leads to the other organisation's item
    # His own item's old address he may give to another of his items.
    own_old = rename(mine, "movisie-artikel")
    other = make_article(slug="nog-een", partners=[movisie], status="draft")
    response = client.post(
        reverse("admin:articles_article_change", args=[other.pk]), admin_form_data(other, slug="movisie-concept")
    )
    assert response.status_code == 302, own_old
