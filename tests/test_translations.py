"""``{% load i18n %}`` loads Django's library with remembered translations (wijkwijzer/templatetags/remembered_i18n.py):
the same output as Django's own tags, in every language."""

import datetime
import re

import pytest
from django.template import Context, Engine, engines
from django.utils import translation

from wijkwijzer.templatetags.remembered_i18n import RememberedBlockTranslateNode, RememberedTranslateNode

CASES = [
    '{% translate "Yes" %}',
    '{% translate "Geannuleerd" %}',
    "{% translate 'Partners en thema’s' %}",
    '{% translate "100% gratis, 50%% korting" %}',
    '{% translate "Yes" as answer %}[{{ answer }}]',
    '{% translate "Yes" noop %}',
    '{% translate "May" context "month name" %}',
    '{% translate "yes"|upper %}',
    "{% translate message %}",
    '{% translate "<b>vet</b>" %}',
    "{% blocktranslate %}Vandaag{% endblocktranslate %}",
    "{% blocktranslate with date=day %}Aanmelden kan tot {{ date }}{% endblocktranslate %}",
    "{% blocktranslate trimmed %}\n  Kennis, oproepen\n  en activiteiten {{ message }}\n{% endblocktranslate %}",
    "{% blocktranslate %}{{ number }} en 100% {{ day }}{% endblocktranslate %}",
    "{% blocktranslate with date=day asvar line %}Tot {{ date }}{% endblocktranslate %}({{ line }})",
    "{% blocktranslate count counter=number %}{{ counter }} item{% plural %}{{ counter }} items{% endblocktranslate %}",
    '{% blocktranslate context "month name" %}May{% endblocktranslate %}',
]
CONTEXT = {"message": "Yes", "day": "1 mei <script>", "number": 3}


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_translate_tags_write_what_djangos_own_tags_write(language):
    ours = engines["django"].engine
    djangos = Engine(libraries={"i18n": "django.templatetags.i18n"})  # Django's own i18n library
    with translation.override(language):
        for source in CASES:
            template = "{% load i18n %}" + source
            expected = djangos.from_string(template).render(Context(CONTEXT))
            # Twice: the second render reads what the first remembered.
            for _ in range(2):
                assert ours.from_string(template).render(Context(CONTEXT)) == expected, source


def test_a_remembered_translation_follows_the_active_language():
    template = engines["django"].engine.from_string('{% load i18n %}{% translate "Yes" %}')
    answers = {}
    for language in ["nl", "fr", "nl", "en", "fr"]:
        with translation.override(language):
            answers.setdefault(language, set()).add(template.render(Context()))
    assert answers == {"nl": {"Ja"}, "fr": {"Oui"}, "en": {"Yes"}}


def test_site_templates_load_the_remembering_tags():
    template = engines["django"].engine.from_string(
        "{% load i18n %}{% translate 'Vol' %}{% blocktranslate %}Vol{% endblocktranslate %}"
    )
    assert [type(node) for node in template.nodelist[1:]] == [RememberedTranslateNode, RememberedBlockTranslateNode]


@pytest.mark.django_db
def test_the_admin_has_no_english_left_where_djangos_dutch_catalogue_has_gaps(client):
    """Django 6.1's Dutch catalogue misses a few of its newer texts; locale/nl fills them in."""
    from django.urls import reverse

    from tests.builders import make_event
    from tests.editors_support import make_hoofdredactie

    chief = make_hoofdredactie()
    client.force_login(chief)
    make_event(title="Buurtdag")  # a list with an item has the actions menu
    changelist = client.get(reverse("admin:events_event_changelist")).content.decode()
    assert "Filter op begindatum" in changelist and "Filter by" not in changelist
    assert "Zoek in activiteiten" in changelist and "Search activiteiten" not in changelist
    # The search field's name for screen readers is the magnifier's alt text.
    assert 'alt="Zoeken"' in changelist and 'alt="Search"' not in changelist
    index = client.get(reverse("admin:index")).content.decode()
    assert "Taggit" not in index and ">Tags<" in index
    assert "Thema’s" in index and "Thema's" not in index and "Thema&#x27;s" not in index
    assert 'rel="icon"' in index and 'rel="icon"' in changelist  # no request for a missing /favicon.ico
    assert "- Kies een optie -" in changelist and "Select an option" not in changelist
    # Django's own history page (newsletter editions have no revisions): its heading for screen readers.
    from newsletter.models import Edition

    edition = Edition.objects.create(
        title="Voorjaar", slug="voorjaar", introduction="Hallo.", issue_date=datetime.date(2027, 3, 1)
    )
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    LogEntry.objects.create(
        user=chief,
        content_type=ContentType.objects.get_for_model(Edition),
        object_id=str(edition.pk),
        object_repr=str(edition),
        action_flag=CHANGE,
        change_message="Titel gewijzigd.",
    )
    history = client.get(reverse("admin:newsletter_edition_history", args=[edition.pk])).content.decode()
    assert "Pagina’s van de geschiedenis van editie" in history and "Pagination" not in history
    scripts = client.get(reverse("admin:jsi18n")).content.decode()
    assert "Let op: vul tijden in volgens de tijdzone" in scripts


@pytest.mark.django_db
def test_admin_pages_of_an_item_start_with_a_capital(client):
    """Dutch puts the name first (‘%s toevoegen’), which left ‘activiteit toevoegen’ in lower case."""
    from django.urls import reverse

    from tests.builders import make_event
    from tests.editors_support import make_hoofdredactie

    client.force_login(make_hoofdredactie())
    add = client.get(reverse("admin:events_event_add")).content.decode()
    assert "<h1>Activiteit toevoegen</h1>" in add
    assert '<li aria-current="page">Activiteit toevoegen</li>' in add
    assert "<title>Activiteit toevoegen |" in add
    event = make_event(title="Buurtdag")
    change = client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
    assert "<h1>Activiteit wijzigen</h1>" in change
    # Every model's pages, not only those of what editors publish.
    add = client.get(reverse("admin:partners_partner_add")).content.decode()
    assert "<h1>Partnerorganisatie toevoegen</h1>" in add
    assert '<li aria-current="page">Partnerorganisatie toevoegen</li>' in add
    assert "<title>Partnerorganisatie toevoegen |" in add


@pytest.mark.django_db
def test_admin_filters_name_the_choice_for_items_without_a_theme(client):
    from django.urls import reverse

    from tests.builders import make_article, make_theme
    from tests.editors_support import make_hoofdredactie

    client.force_login(make_hoofdredactie())
    make_article(title="Met thema", themes=[make_theme(name="wonen")])
    make_article(title="Zonder thema")
    changelist = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "themes__isnull=True" in changelist
    choice = changelist[changelist.index("themes__isnull=True") :][:200]
    assert ">(geen)</a>" in choice


@pytest.mark.django_db
def test_the_admins_messages_after_a_save_are_good_dutch_and_say_je(client):
    """Django's Dutch says ‘De Verdiepen-item … is met succes toegevoegd. U kunt …’."""
    from django.urls import reverse

    from articles.models import Article
    from tests.builders import make_article
    from tests.editors_support import admin_form_data, make_hoofdredactie

    def text(html: str) -> str:  # the messages link the item's name
        return re.sub(r"<[^>]+>", "", html)

    client.force_login(make_hoofdredactie())
    item = make_article(title="Buurtgids")
    url = reverse("admin:articles_article_change", args=[item.pk])
    page = text(client.post(url, admin_form_data(item, _continue="1"), follow=True).content.decode())
    assert "Gewijzigd: Verdiepen-item ‘Buurtgids’. Hieronder kun je verder bewerken." in page
    page = text(client.post(url, admin_form_data(item), follow=True).content.decode())
    assert "Gewijzigd: Verdiepen-item ‘Buurtgids’." in page
    page = text(
        client.get(reverse("admin:articles_article_change", args=[item.pk + 1000]), follow=True).content.decode()
    )
    assert f"Er is geen Verdiepen-item met ID ‘{item.pk + 1000}’. Misschien is die verwijderd?" in page
    page = text(
        client.post(
            reverse("admin:articles_article_delete", args=[item.pk]), {"post": "yes"}, follow=True
        ).content.decode()
    )
    assert "Verwijderd: Verdiepen-item ‘Buurtgids’." in page
    assert not Article.objects.exists()
    for english_or_u in ["met succes", "De Verdiepen-item", "U kunt"]:
        assert english_or_u not in page


@pytest.mark.django_db
def test_the_bulk_delete_and_a_save_of_the_list_say_je_too(client):
    from django.urls import reverse

    from events.models import Event
    from tests.builders import make_event
    from tests.editors_support import make_hoofdredactie

    client.force_login(make_hoofdredactie())
    event = make_event(title="Buurtdag")
    changelist = reverse("admin:events_event_changelist")
    page = client.post(changelist, {"action": "delete_selected", "_selected_action": [event.pk]}).text
    assert "Weet je zeker dat je de gekozen activiteit wilt verwijderen?" in page
    assert "Weet u" not in page and "uw account" not in page
    # The list's own field (uitgelicht), saved from the list.
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(event.pk),
        "form-0-featured": "on",
        "_save": "Opslaan",
    }
    page = client.post(changelist, data, follow=True).text
    assert "Gewijzigd: 1 activiteit." in page and "met succes" not in page
    assert Event.objects.get().featured


@pytest.mark.django_db
def test_the_admin_breadcrumbs_name_the_section_and_its_items_differently(client):
    """The lists used to be called as their sections: ‘Verdiepen › Verdiepen’, ‘Agenda › Agenda’."""
    from django.urls import reverse

    from tests.builders import make_event
    from tests.editors_support import make_hoofdredactie

    client.force_login(make_hoofdredactie())
    event = make_event(title="Buurtdag")
    page = re.sub(r"\s+", " ", client.get(reverse("admin:events_event_change", args=[event.pk])).text)
    crumbs = re.findall(r"<li[^>]*>(?:<a [^>]*>)?([^<]+)", page[page.index('class="breadcrumbs"') :])[:4]
    assert crumbs == ["Voorpagina", "Agenda", "Activiteiten", "Buurtdag"]
    index = client.get(reverse("admin:index")).text
    for name in ["Verdiepen-items", "Meedoen-oproepen", "Activiteiten"]:
        assert f">{name}</a>" in index
