"""Roles and organisation scoping in the admin, the demo editors, and admin logins (lockout, deactivation)."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article
from calls.models import Call
from events.models import Event
from tests.builders import make_article, make_call, make_event, make_partner, make_theme
from tests.editors_support import PASSWORD, admin_form_data, make_hoofdredactie, make_redacteur, make_user

pytestmark = pytest.mark.django_db

CONTENT_TYPES = {
    "article": (Article, make_article),
    "call": (Call, make_call),
    "event": (Event, make_event),
}


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def organisations():
    return make_partner(name="Movisie"), make_partner(name="CCV")


@pytest.fixture
def movisie_editor(client, organisations):
    movisie, _ = organisations
    user = make_redacteur(movisie)
    client.force_login(user)
    return user


@pytest.fixture(params=list(CONTENT_TYPES))
def content(request, organisations):
    """One item of Movisie and one of CCV, of each content type in turn."""
    model, make = CONTENT_TYPES[request.param]
    movisie, ccv = organisations
    own = make(title="Eigen item van Movisie", partners=[movisie], status="draft")
    foreign = make(title="Item van CCV", partners=[ccv], status="draft")
    return model, own, foreign


# --- Roles ---


def test_setup_editor_groups_creates_both_roles_with_their_permissions():
    out = io.StringIO()
    call_command("setup_editor_groups", stdout=out)
    call_command("setup_editor_groups", stdout=out)  # running it again changes nothing
    redacteur = Group.objects.get(name="Redacteur")
    hoofdredactie = Group.objects.get(name="Hoofdredactie")
    editor_perms = set(redacteur.permissions.values_list("content_type__app_label", "codename"))
    chief_perms = set(hoofdredactie.permissions.values_list("content_type__app_label", "codename"))
    assert ("articles", "change_article") in editor_perms
    assert ("events", "delete_event") in editor_perms
    assert ("articles", "view_historicalarticle") in editor_perms
    assert ("partners", "change_partner") not in editor_perms
    assert ("editors", "edit_all_organisations") not in editor_perms
    assert ("editors", "edit_all_organisations") in chief_perms
    assert ("partners", "change_partner") in chief_perms
    assert "Redacteur" in out.getvalue() and "Hoofdredactie" in out.getvalue()
    assert Group.objects.filter(name__in=["Redacteur", "Hoofdredactie"]).count() == 2


def test_redacteur_sees_only_his_organisations_items_in_the_change_list(client, movisie_editor, content):
    model, own, foreign = content
    response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert own.title in response.text
    assert foreign.title not in response.text


def test_hoofdredactie_sees_every_organisations_items(client, content):
    model, own, foreign = content
    client.force_login(make_hoofdredactie())
    response = client.get(admin_url(model, "changelist"))
    assert own.title in response.text and foreign.title in response.text
    assert client.get(admin_url(model, "change", foreign.pk)).status_code == 200


def test_redacteur_without_organisation_sees_nothing(client, content):
    model, own, foreign = content
    client.force_login(make_redacteur())
    response = client.get(admin_url(model, "changelist"))
    assert own.title not in response.text and foreign.title not in response.text
    assert client.get(admin_url(model, "change", own.pk)).status_code == 302


def test_redacteur_can_open_and_change_his_own_item(client, movisie_editor, content):
    model, own, _ = content
    assert client.get(admin_url(model, "change", own.pk)).status_code == 200
    data = admin_form_data(own) | {"title": "Nieuwe titel"}
    response = client.post(admin_url(model, "change", own.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    own.refresh_from_db()
    assert own.title == "Nieuwe titel"


def test_another_organisations_change_url_is_refused(client, movisie_editor, content):
    model, _, foreign = content
    response = client.get(admin_url(model, "change", foreign.pk))
    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    response = client.post(admin_url(model, "change", foreign.pk), admin_form_data(foreign) | {"title": "Gekaapt"})
    assert response.status_code == 302
    foreign.refresh_from_db()
    assert foreign.title == "Item van CCV"


def test_another_organisations_delete_url_is_refused(client, movisie_editor, content):
    model, _, foreign = content
    assert client.get(admin_url(model, "delete", foreign.pk)).status_code == 302
    client.post(admin_url(model, "delete", foreign.pk), {"post": "yes"})
    assert model.objects.filter(pk=foreign.pk).exists()


def test_another_organisations_history_and_revisions_are_refused(client, movisie_editor, content):
    model, _, foreign = content
    foreign.title = "Item van CCV, bewerkt"
    foreign.save()
    response = client.get(admin_url(model, "history", foreign.pk))
    assert response.status_code == 403
    assert "Geen toegang" in response.text and "Forbidden" not in response.text  # the site's page, in Dutch
    record = foreign.history.earliest()
    response = client.get(admin_url(model, "simple_history", foreign.pk, record.history_id))
    assert response.status_code == 403
    response = client.post(admin_url(model, "simple_history", foreign.pk, record.history_id), admin_form_data(foreign))
    assert response.status_code == 403


def test_another_organisations_preview_and_share_links_are_refused(client, movisie_editor, content):
    model, _, foreign = content
    assert client.get(admin_url(model, "preview", foreign.pk)).status_code == 404
    assert client.post(admin_url(model, "preview_links", foreign.pk), {"days": 7}).status_code == 404


@pytest.mark.parametrize("action", ["publish", "unpublish", "delete_selected"])
def test_an_action_posted_with_another_organisations_ids_leaves_those_items_alone(
    client, movisie_editor, content, action
):
    model, own, foreign = content
    if action == "unpublish":
        model.objects.update(status="published")
    data = {"action": action, "_selected_action": [own.pk, foreign.pk], "index": 0, "select_across": 0}
    if action == "delete_selected":
        data["post"] = "yes"
    client.post(admin_url(model, "changelist"), data)
    foreign.refresh_from_db()
    assert foreign.status == ("published" if action == "unpublish" else "draft")
    assert model.objects.filter(pk=foreign.pk).exists()
    if action == "publish":
        own.refresh_from_db()
        assert own.status == "published"


def test_autocomplete_offers_only_the_editors_own_organisations(client, movisie_editor, organisations, content):
    model, _, _ = content
    movisie, _ = organisations
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": model._meta.app_label, "model_name": model._meta.model_name, "field_name": "partners"},
    )
    assert response.status_code == 200
    assert [result["id"] for result in response.json()["results"]] == [str(movisie.pk)]
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": model._meta.app_label,
            "model_name": model._meta.model_name,
            "field_name": "partners",
            "term": "CCV",
        },
    )
    assert response.json()["results"] == []


def test_the_partner_choices_of_the_form_are_the_editors_own_organisations(
    client, movisie_editor, organisations, content
):
    model, _, _ = content
    movisie, _ = organisations
    response = client.get(admin_url(model, "add"))
    assert list(response.context["adminform"].form.fields["partners"].queryset) == [movisie]
    assert response.context["adminform"].form.initial["partners"] == [movisie.pk]


def test_a_new_item_gets_the_editors_organisation_by_itself(client, movisie_editor, organisations, content):
    model, own, _ = content
    movisie, _ = organisations
    data = admin_form_data(own) | {"title": "Nieuw item", "slug": "nieuw-item", "partners": []}
    response = client.post(admin_url(model, "add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(model.objects.get(slug="nieuw-item").partners.all()) == [movisie]


def test_a_new_item_cannot_be_given_to_another_organisation(client, movisie_editor, organisations, content):
    model, own, _ = content
    _, ccv = organisations
    data = admin_form_data(own) | {"title": "Nieuw item", "slug": "nieuw-item", "partners": [ccv.pk]}
    response = client.post(admin_url(model, "add"), data)
    assert response.status_code == 200
    assert "partners" in response.context["adminform"].form.errors
    assert not model.objects.filter(slug="nieuw-item").exists()


def test_editing_a_joint_item_keeps_the_other_organisation(client, movisie_editor, organisations, content):
    model, own, _ = content
    movisie, ccv = organisations
    own.partners.set([movisie, ccv])
    response = client.post(admin_url(model, "change", own.pk), admin_form_data(own) | {"title": "Samen"})
    assert response.status_code == 302
    assert set(own.partners.all()) == {movisie, ccv}


def test_an_editor_cannot_leave_his_own_organisation_off_an_item(client, movisie_editor, organisations, content):
    model, own, _ = content
    movisie, ccv = organisations
    own.partners.set([movisie, ccv])
    response = client.post(admin_url(model, "change", own.pk), admin_form_data(own) | {"partners": [ccv.pk]})
    assert response.status_code == 200
    assert "eigen organisaties" in str(response.context["adminform"].form.errors["partners"])


def test_redacteur_sees_only_his_own_organisation_among_the_partners(client, movisie_editor, organisations):
    movisie, ccv = organisations
    response = client.get(reverse("admin:partners_partner_changelist"))
    assert response.status_code == 200
    assert movisie.name in response.text and ccv.name not in response.text
    assert client.get(reverse("admin:partners_partner_change", args=[ccv.pk])).status_code == 302


def test_shared_vocabulary_stays_visible_to_a_redacteur(client, movisie_editor):
    theme = make_theme(name="wonen")
    response = client.get(
        reverse("admin:autocomplete"), {"app_label": "articles", "model_name": "article", "field_name": "themes"}
    )
    assert [result["text"] for result in response.json()["results"]] == [theme.name]


# --- The demo editors ---


def test_load_demo_makes_redacteur_an_editor_of_movisie_and_says_so(client):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "redacteur" in out.getvalue() and "Redacteur van Movisie" in out.getvalue()
    assert "hoofdredactie" in out.getvalue()
    editor = get_user_model().objects.get(username="redacteur")
    assert [m.partner.short_name for m in editor.editor_memberships.all()] == ["Movisie"]
    client.force_login(editor)
    listed = client.get(reverse("admin:articles_article_changelist")).context["cl"].result_count
    assert listed == Article.objects.filter(partners__slug="movisie").count()
    assert 0 < listed < Article.objects.count()
    chief = get_user_model().objects.get(username="hoofdredactie")
    client.force_login(chief)
    assert (
        client.get(reverse("admin:articles_article_changelist")).context["cl"].result_count == Article.objects.count()
    )


# --- Admin logins ---


def login(client, username: str, password: str, ip: str = "10.0.0.1"):
    return client.post(reverse("admin:login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_admin_login_locks_out_a_username_from_an_ip_after_repeated_failures(client, settings):
    make_user("anna")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "anna", "fout").status_code == 200  # the form again, with an error
    response = login(client, "anna", "fout")
    assert response.status_code == 429
    assert "Te veel mislukte inlogpogingen" in response.text
    assert "15 minuten" in response.text
    # Even the right password is refused during the cool-off.
    assert login(client, "anna", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username_and_ip(client, settings):
    make_user("anna")
    make_user("bram")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "anna", "fout")
    assert login(client, "bram", PASSWORD).status_code == 302  # another user from the same address
    client.logout()
    assert login(client, "anna", PASSWORD, ip="10.0.0.2").status_code == 302  # the same user elsewhere


def test_login_works_again_after_the_cool_off(client, settings):
    make_user("anna")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "anna", "fout")
    assert login(client, "anna", PASSWORD).status_code == 429
    past = settings.AXES_COOLOFF_TIME + datetime.timedelta(minutes=1)
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= past
        attempt.save()
    assert login(client, "anna", PASSWORD).status_code == 302


def test_a_deactivated_user_is_logged_out_at_his_next_request(client):
    user = make_user("anna", role="Redacteur")
    assert login(client, "anna", PASSWORD).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
    user.is_active = False
    user.save()
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize("password", ["kort", "wachtwoord", "12345678901234", "anna-de-vries"])
def test_weak_passwords_are_refused(password):
    user = get_user_model()(username="anna-de-vries", first_name="Anna")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_new_theme_comes_last_and_once_whatever_its_capitals(client, movisie_editor):
    """A Redacteur's new theme came first on /themas/ (its place defaulted to 0), and ‘Wonen’ next to ‘wonen’ listed
    the theme twice."""
    make_theme(name="wonen", slug="wonen", order=3)
    make_theme(name="zorg", slug="zorg", order=7)
    url = reverse("admin:themes_theme_add")
    assert 'name="order" value="8"' in client.get(url).content.decode()
    response = client.post(url, {"name": "Wonen", "slug": "wonen-2", "introduction": "", "order": "8"})
    assert response.status_code == 200
    assert "Er is al een thema met deze naam (hoofdletters tellen niet mee)." in response.content.decode()
    response = client.post(url, {"name": "Buurtbudget", "slug": "buurtbudget", "introduction": "", "order": "8"})
    assert response.status_code == 302
    page = client.get("/themas/").content.decode()
    names = re.findall(r'<li><a href="/themas/[^"]+/">([^<]+)</a></li>', page)
    assert names == ["Wonen", "Zorg", "Buurtbudget"]


def test_behind_the_tls_proxy_the_lockout_is_per_visitor_not_per_proxy(client, settings):
    """Behind the proxy every request comes from 127.0.0.1: the lockout must follow the visitor's own address (the
    last one in X-Forwarded-For), or five wrong passwords from anywhere would lock the editor out everywhere."""
    settings.HTTPS = True
    make_user("anna")

    def login_from(visitor: str, password: str):
        return client.post(
            reverse("admin:login"),
            {"username": "anna", "password": password},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=visitor,
            secure=True,
        )

    for _ in range(settings.AXES_FAILURE_LIMIT):
        login_from("198.51.100.7", "fout")
    assert login_from("198.51.100.7", PASSWORD).status_code == 429  # the attacker is locked out
    # A forged first entry does not help: the proxy appends the real address last.
    assert login_from("203.0.113.9, 198.51.100.7", PASSWORD).status_code == 429
    assert login_from("203.0.113.9", PASSWORD).status_code == 302  # the editor herself is not
    # Behind a load balancer and the TLS proxy (two hops) the visitor is second from the end.
    settings.PROXY_HOPS = 2
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login_from("198.51.100.8, 10.0.0.2", "fout")
    assert login_from("198.51.100.8, 10.0.0.2", PASSWORD).status_code == 429
    assert login_from("203.0.113.10, 10.0.0.2", PASSWORD).status_code == 302  # same balancer, other visitor


@pytest.mark.django_db
def test_a_redacteur_cannot_rename_or_merge_keywords_on_other_organisations_items(client):
    from taggit.models import Tag

    other = make_article(title="Van een andere partner", partners=[make_partner(name="LSA")], tags=["wijkaanpak"])
    tag = Tag.objects.get(name="wijkaanpak")
    client.force_login(make_redacteur(make_partner(name="Movisie")))
    changelist = client.get(reverse("admin:taggit_tag_changelist"))
    assert changelist.status_code == 200
    assert "Merge" not in changelist.content.decode()
    # taggit's merge page and action are gone; renaming needs the Hoofdredactie's permission.
    client.post(
        reverse("admin:taggit_tag_changelist"),
        {"action": "render_tag_form", "_selected_action": [tag.pk]},
    )
    client.post("/admin/taggit/tag/merge-tags/", {"new_tag_name": "gekaapt"})
    response = client.post(reverse("admin:taggit_tag_change", args=[tag.pk]), {"name": "gekaapt", "slug": "gekaapt"})
    assert response.status_code == 403
    assert list(other.tags.names()) == ["wijkaanpak"]


@pytest.mark.django_db
def test_the_hoofdredactie_renames_a_keyword_on_a_plain_form(client):
    from taggit.models import Tag

    make_article(title="Met trefwoord", tags=["wijkaanpak"])
    tag = Tag.objects.get(name="wijkaanpak")
    client.force_login(make_hoofdredactie())
    page = client.get(reverse("admin:taggit_tag_change", args=[tag.pk])).content.decode()
    assert "Inhoudstype" not in page  # no list of every content type of the site
    response = client.post(
        reverse("admin:taggit_tag_change", args=[tag.pk]), {"name": "wijkgericht werken", "slug": "wijkgericht"}
    )
    assert response.status_code == 302
    assert Tag.objects.get(pk=tag.pk).name == "wijkgericht werken"


@pytest.mark.django_db
def test_view_on_site_does_not_lead_a_redacteur_to_another_organisations_draft(client):
    from django.contrib.contenttypes.models import ContentType

    movisie = make_partner(name="Movisie")
    draft = make_article(title="Geheim concept LSA", status="draft", partners=[make_partner(name="LSA")])
    own = make_article(title="Eigen artikel", partners=[movisie])
    content_type = ContentType.objects.get_for_model(Article).pk
    client.force_login(make_redacteur(movisie))
    response = client.get(reverse("admin:view_on_site", args=[content_type, draft.pk]))
    assert response.status_code == 404
    assert "geheim-concept-lsa" not in response.get("Location", "")
    assert client.get(reverse("admin:view_on_site", args=[content_type, "abc"])).status_code == 404
    assert client.get(reverse("admin:view_on_site", args=["999999", own.pk])).status_code == 404
    response = client.get(reverse("admin:view_on_site", args=[content_type, own.pk]))
    assert response.status_code == 302 and response["Location"].endswith(own.get_absolute_url())


@pytest.mark.django_db
def test_calls_are_browsed_by_deadline_in_the_admin(client):
    import datetime

    make_call(title="Sluit in maart", deadline_date=datetime.date(2027, 3, 15))
    make_call(title="Sluit in juni", deadline_date=datetime.date(2027, 6, 1))
    client.force_login(make_hoofdredactie())
    html = client.get(reverse("admin:calls_call_changelist"), {"deadline_date__year": "2027"}).content.decode()
    # The date navigation above the list goes by deadline: the months of 2027 that have one.
    assert "?deadline_date__month=3&amp;deadline_date__year=2027" in html
    assert "?deadline_date__month=6&amp;deadline_date__year=2027" in html
