"""Previews in the real public template, and share links that are signed, expiring and revocable."""

from __future__ import annotations

import datetime

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from editors.models import PreviewLink
from tests.builders import make_article, make_call, make_event, make_partner
from tests.editors_support import make_redacteur
from wijkwijzer import preview

pytestmark = pytest.mark.django_db

BUILDERS = {"article": make_article, "call": make_call, "event": make_event}


@pytest.fixture
def movisie():
    return make_partner(name="Movisie")


@pytest.fixture
def editor(client, movisie):
    user = make_redacteur(movisie)
    client.force_login(user)
    return user


@pytest.fixture(params=list(BUILDERS))
def draft(request, movisie):
    return BUILDERS[request.param](
        title="Concept over buurtbemiddeling", status="draft", partners=[movisie], body="<h2>Tussenkop</h2><p>Tekst</p>"
    )


def admin_url(item, view: str) -> str:
    return reverse(f"admin:{item._meta.app_label}_{item._meta.model_name}_{view}", args=[item.pk])


def assert_private_preview(response) -> None:
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    assert response["Referrer-Policy"] == "no-referrer"
    assert '<meta name="robots" content="noindex">' in response.text


def test_editor_sees_a_draft_in_the_public_template_marked_voorbeeld(client, editor, draft):
    response = client.get(admin_url(draft, "preview"))
    assert response.status_code == 200
    html = response.text
    assert "<strong>Voorbeeld</strong>" in html
    assert "Dit is een concept" in html
    assert f"<h1>{draft.title}</h1>" in html
    assert "<h2>Tussenkop</h2>" in html
    assert 'class="site-header"' in html  # the real page, with the site's header
    assert_private_preview(response)


def test_visitors_do_not_see_the_draft(client, draft):
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_preview_of_a_planned_item_says_when_it_appears(client, editor, movisie):
    moment = timezone.make_aware(datetime.datetime(2030, 3, 4, 8, 0))
    article = make_article(partners=[movisie], publish_from=moment)
    response = client.get(admin_url(article, "preview"))
    assert "Deze pagina verschijnt op 4 maart 2030 om 08:00." in response.text


def test_share_link_shows_the_draft_to_someone_without_an_account(client, editor, draft):
    response = client.post(admin_url(draft, "preview_links"), {"days": 7}, follow=True)
    assert "Voorbeeldlink gemaakt" in response.text
    link = PreviewLink.objects.get()
    assert link.created_by == editor
    assert link.expires_at == pytest.approx(
        timezone.now() + datetime.timedelta(days=7), abs=datetime.timedelta(minutes=1)
    )
    url = preview.url_for(link)
    assert url in response.text
    client.logout()
    client.cookies.clear()
    shared = client.get(url)
    assert shared.status_code == 200
    assert f"<h1>{draft.title}</h1>" in shared.text
    assert "Deze voorbeeldlink werkt tot" in shared.text
    assert_private_preview(shared)
    assert not shared.cookies


def test_revoked_share_link_stops_working(client, editor, draft):
    link = preview.preview_link_create(item=draft, user=editor)
    url = preview.url_for(link)
    assert client.get(url).status_code == 200
    response = client.post(admin_url(draft, "preview_links"), {"revoke": link.pk}, follow=True)
    assert "ingetrokken" in response.text
    response = client.get(url)
    assert response.status_code == 404
    assert "Deze voorbeeldlink werkt niet meer" in response.text
    assert draft.title not in response.text
    assert_private_preview(response)


def test_revoking_a_share_link_that_is_not_one_is_a_404(client, editor, draft):
    for value in ("abc", "999999"):
        assert client.post(admin_url(draft, "preview_links"), {"revoke": value}).status_code == 404
    # The page has the admin's breadcrumb bar (an <ol>, as Django 6's admin styles it).
    assert '<li aria-current="page">Voorbeeldlinks</li>' in client.get(admin_url(draft, "preview_links")).text


def test_expired_share_link_stops_working(client, editor, draft):
    link = preview.preview_link_create(item=draft, user=editor, days=1)
    url = preview.url_for(link)
    PreviewLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        signing.Signer(salt=preview.SALT).sign_object([1, "guessed-nonce"], compress=True),
        signing.Signer(salt="another-salt").sign_object([1, "x"], compress=True),
        # A genuine token in the earlier, time-stamped format.
        signing.dumps([1, "x"], salt=preview.SALT, compress=True),
    ],
    ids=["nonsense", "guessed-nonce", "other-salt", "old-format"],
)
def test_forged_tokens_show_nothing(client, editor, draft, token):
    preview.preview_link_create(item=draft, user=editor)
    response = client.get(reverse("preview", kwargs={"token": token}))
    assert response.status_code == 404
    assert draft.title not in response.text


def test_a_tampered_token_shows_nothing(client, editor, draft):
    link = preview.preview_link_create(item=draft, user=editor)
    token = preview.token_for(link)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.get(reverse("preview", kwargs={"token": tampered})).status_code == 404


def test_share_link_of_a_deleted_item_shows_nothing(client, editor, draft):
    link = preview.preview_link_create(item=draft, user=editor)
    url = preview.url_for(link)
    draft.delete()
    assert client.get(url).status_code == 404


def test_share_link_page_lists_the_links_with_their_state(client, editor, draft):
    active = preview.preview_link_create(item=draft, user=editor)
    revoked = preview.preview_link_create(item=draft, user=editor)
    preview.preview_link_revoke(link=revoked)
    response = client.get(admin_url(draft, "preview_links"))
    assert response.status_code == 200
    assert preview.url_for(active) in response.text
    assert preview.url_for(revoked) not in response.text
    assert "Ingetrokken" in response.text


def test_change_form_offers_preview_and_share_link(client, editor, draft):
    response = client.get(admin_url(draft, "change"))
    assert admin_url(draft, "preview") in response.text
    assert admin_url(draft, "preview_links") in response.text
    assert "Voorbeeld bekijken" in response.text


def test_a_share_link_lives_one_of_the_offered_lifetimes(client, editor, draft):
    response = client.post(admin_url(draft, "preview_links"), {"days": 365}, follow=True)
    assert "Kies hoe lang de link geldig is" in response.text
    assert not PreviewLink.objects.exists()


def test_preview_runs_a_bounded_number_of_queries(client, editor, draft, django_assert_max_num_queries):
    link = preview.preview_link_create(item=draft, user=editor)
    client.logout()
    with django_assert_max_num_queries(10):
        assert client.get(preview.url_for(link)).status_code == 200


def test_a_link_keeps_its_address(client, editor, draft):
    """The address the admin shows later is the one the editor already shared."""
    import time
    from unittest import mock

    client.post(admin_url(draft, "preview_links"), {"days": 7})
    link = PreviewLink.objects.get()
    first = preview.url_for(link)
    with mock.patch("time.time", return_value=time.time() + 3600):
        assert preview.url_for(link) == first
        assert first in client.get(admin_url(draft, "preview_links")).text
