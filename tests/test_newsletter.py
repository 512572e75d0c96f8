"""The newsletter: subscribing with double opt-in, receiving an edition, unsubscribing, the archive and the admin."""

from __future__ import annotations

import datetime
import re
import time
from email.policy import SMTP as SMTP_POLICY

import pytest
from django.core import mail, signing
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from events.models import Event
from newsletter import services
from newsletter.forms import subscribe_form_token
from newsletter.models import Delivery, Edition, EditionItem, Section, Subscriber
from newsletter.rendering import render_edition
from newsletter.tasks import send_edition
from tests.builders import make_article, make_call, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _humans_are_not_too_fast(settings):
    """People take a few seconds to type an address; tests post right away."""
    settings.NEWSLETTER_FORM_MIN_SECONDS = 0


def subscribe(client: Client, email: str, **extra) -> object:
    data = {"email": email, "website": "", "token": subscribe_form_token(), **extra}
    return client.post(reverse("newsletter:subscribe"), data)


def confirm_url_from(message) -> str:
    match = re.search(r"https?://\S+/nieuwsbrief/bevestigen/\S+/", message.body)
    assert match, message.body
    return match[0]


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def subscribed(client: Client, email: str) -> Subscriber:
    subscribe(client, email)
    client.post(path_of(confirm_url_from(mail.outbox[-1])))
    return Subscriber.objects.get(email=email)


def run_queued_tasks() -> int:
    """Do what ``manage.py db_worker`` does with the queued tasks, in the test's transaction."""
    ran = 0
    for db_result in DBTaskResult.objects.ready().order_by("enqueued_at"):
        result = db_result.task_result
        db_result.task.call(*result.args, **result.kwargs)
        db_result.delete()
        ran += 1
    return ran


@pytest.fixture
def edition(db):
    today = timezone.localdate()
    article = make_article(title="Manifest voor een succesvolle wijkaanpak", summary="Drie pijlers voor de wijk.")
    call = make_call(title="Wie durft het Wijklab uit te nodigen?", deadline_date=today + datetime.timedelta(days=9))
    event = make_event(title="Dag van de Buurt", start_date=today + datetime.timedelta(days=12), featured=True)
    edition = Edition.objects.create(
        title="Update platform WijkWijzer Zomer",
        slug="zomer",
        issue_date=today,
        introduction="Eerste alinea.\n\nTweede alinea.",
        closing="WijkWijzer is hét platform voor leefbare en veilige wijken.",
    )
    EditionItem.objects.create(edition=edition, section=Section.VERDIEPEN, article=article, order=1)
    EditionItem.objects.create(
        edition=edition, section=Section.MEEDOEN, call=call, order=2, blurb="Meld je gebiedscoalitie aan!"
    )
    EditionItem.objects.create(edition=edition, section=Section.AGENDA, event=event, order=3)
    return edition


def send(edition: Edition, django_capture_on_commit_callbacks) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        rows = services.edition_send(edition=edition)
    run_queued_tasks()
    return rows


# --- Subscribing: the form, double opt-in, no enumeration, bots ---


def test_footer_form_is_on_every_page_and_sets_no_cookie(client, edition):
    for path in ["/", reverse("articles:list"), reverse("newsletter:archive")]:
        response = client.get(path)
        html = response.content.decode()
        assert 'action="/nieuwsbrief/aanmelden/"' in html, path
        assert "csrfmiddlewaretoken" not in html
        assert not response.cookies, f"{path} set {list(response.cookies)}"


def test_a_page_with_its_own_subscribe_form_has_no_second_one_in_the_footer(client):
    """Two identical forms, and two regions named alike for a screen reader (axe: landmark-unique)."""
    for path in [reverse("newsletter:archive"), reverse("newsletter:subscribe")]:
        html = client.get(path).content.decode()
        assert html.count('action="/nieuwsbrief/aanmelden/"') == 1, path
    assert client.get("/").content.decode().count('action="/nieuwsbrief/aanmelden/"') == 1


def test_the_archive_of_editions_and_the_themes_are_linked_from_every_page(client):
    for path in ["/", reverse("articles:list"), reverse("events:list")]:
        html = client.get(path).content.decode()
        assert f'href="{reverse("newsletter:archive")}"' in html, path
        assert f'href="{reverse("themes:list")}"' in html, path


def test_subscribing_mails_a_confirmation_link_and_stores_nothing_yet(client):
    response = subscribe(client, "Bewoner@Voorbeeld.NL")
    assert response.status_code == 200
    assert "Bevestig je aanmelding" in response.content.decode() or "bevestigen" in response.content.decode()
    assert not response.cookies
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["Bewoner@voorbeeld.nl"]
    assert "48 uur" in mail.outbox[0].body
    assert not Subscriber.objects.exists()


def test_subscribe_answers_the_same_whether_or_not_the_address_is_known(client):
    subscribed(client, "bekend@voorbeeld.nl")
    known = subscribe(client, "bekend@voorbeeld.nl").content.decode()
    unknown = subscribe(client, "onbekend@voorbeeld.nl").content.decode()
    normalise = lambda html: re.sub(r'name="token" value="[^"]+"', "", html).replace("onbekend@", "bekend@")  # noqa: E731
    assert normalise(known) == normalise(unknown)


def test_invalid_address_gets_a_dutch_error_linked_to_the_field(client):
    response = subscribe(client, "geen-adres")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Dit is geen geldig e-mailadres" in html
    assert 'aria-describedby="pagina-email-error"' in html
    assert 'id="pagina-email-error"' in html
    assert 'value="geen-adres"' in html
    # Once: the footer's form on the same page stays empty.
    assert html.count("Dit is geen geldig e-mailadres") == 1 and html.count('value="geen-adres"') == 1
    assert "footer-email-error" not in html
    assert not mail.outbox


def test_empty_address_says_what_to_fill_in(client):
    html = subscribe(client, "").content.decode()
    assert "Vul je e-mailadres in" in html


def test_a_bot_filling_the_honeypot_gets_the_same_answer_and_no_mail_is_sent(client):
    response = subscribe(client, "bot@voorbeeld.nl", website="https://spam.example")
    assert response.status_code == 200
    assert "bot@voorbeeld.nl" in response.content.decode()
    assert not mail.outbox


def test_a_post_without_a_valid_form_token_sends_nothing(client):
    subscribe(client, "bot@voorbeeld.nl", token="vervalst")
    client.post(reverse("newsletter:subscribe"), {"email": "bot@voorbeeld.nl"})
    assert not mail.outbox


def test_a_post_right_after_the_page_was_rendered_is_treated_as_a_bot(client, settings):
    settings.NEWSLETTER_FORM_MIN_SECONDS = 3
    subscribe(client, "snel@voorbeeld.nl")
    assert not mail.outbox


def test_a_form_left_open_too_long_asks_to_send_again(client, monkeypatch):
    token = subscribe_form_token()
    later = time.time() + 3 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)
    response = client.post(reverse("newsletter:subscribe"), {"email": "traag@voorbeeld.nl", "token": token})
    assert response.status_code == 400
    assert "te lang open" in response.content.decode()
    assert not mail.outbox


def test_the_fourth_sign_up_of_a_day_sends_no_mail_and_the_answer_does_not_claim_one(client):
    """ "We hebben een mail gestuurd naar …" every time, while the fourth of a day sent none."""
    pages = [subscribe(client, "dubbel@voorbeeld.nl").content.decode() for _ in range(4)]
    answers = [re.search(r'<p class="page-header__lead">(.*?)</p>', page).group(1) for page in pages]
    assert len(mail.outbox) == 3
    assert len(set(answers)) == 1  # the same answer: nothing tells whether a mail went out
    assert "We hebben een mail gestuurd" not in answers[3]
    assert "kreeg je er vandaag al drie, gebruik dan de link uit één daarvan" in answers[3]


def test_an_old_confirmation_link_does_not_undo_an_unsubscription(client):
    subscriber = subscribed(client, "weg@voorbeeld.nl")
    confirm_path = path_of(confirm_url_from(mail.outbox[-1]))
    assert "Je bent al aangemeld" in client.get(confirm_path).content.decode()  # not asked again
    client.post(reverse("newsletter:unsubscribe", kwargs={"token": subscriber.token}))
    for response in (client.get(confirm_path), client.post(confirm_path)):
        assert response.status_code == 410
        assert "Deze link is niet meer geldig" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    # A new sign-up, with a new link, does subscribe the address again, even within the same second.
    assert subscribed(client, "weg@voorbeeld.nl").status == Subscriber.Status.SUBSCRIBED


def test_an_editor_can_erase_a_subscriber_with_their_deliveries_but_not_subscribe_anyone(
    client, admin_client, edition, django_capture_on_commit_callbacks
):
    subscriber = subscribed(client, "wis@voorbeeld.nl")
    send(edition, django_capture_on_commit_callbacks)
    assert Delivery.objects.filter(subscriber=subscriber).exists()
    services.subscriber_unsubscribe(subscriber=subscriber)
    change_url = reverse("admin:newsletter_subscriber_change", args=[subscriber.pk])
    admin_client.post(change_url, {"status": Subscriber.Status.SUBSCRIBED})
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED  # no new subscription without consent
    delete_url = reverse("admin:newsletter_subscriber_delete", args=[subscriber.pk])
    assert "kan niet worden verwijderd" not in admin_client.get(delete_url).content.decode()
    response = admin_client.post(delete_url, {"post": "yes"})
    assert response.status_code == 302
    assert not Subscriber.objects.filter(email="wis@voorbeeld.nl").exists()
    assert not Delivery.objects.filter(subscriber_id=subscriber.pk).exists()


def test_variants_of_one_mailbox_share_its_few_confirmation_mails_a_day(client):
    """‘target+1@’, ‘"target"@’, ‘t.arget@gmail.com’: all the same mailbox, each got three mails a day."""
    variants = ["target+1@gmail.com", "target+2@gmail.com", '"target"@gmail.com', "t.arget@gmail.com"]
    variants.append("target@gmail.com")
    for number, address in enumerate(variants):
        subscribe(Client(REMOTE_ADDR=f"10.2.0.{number}"), address)
    assert len(mail.outbox) == 3
    assert services.mailbox_key("Jan.Jansen+nieuws@Voorbeeld.nl") == "jan.jansen@voorbeeld.nl"  # dots count there


def test_the_addresses_of_one_ipv6_network_count_as_one_client(client):
    statuses = [
        subscribe(Client(REMOTE_ADDR=f"2001:db8:1:2::{number:x}"), f"adres{number}@voorbeeld.nl").status_code
        for number in range(12)
    ]
    assert statuses[:10] == [200] * 10
    assert statuses[10:] == [429, 429]
    assert subscribe(Client(REMOTE_ADDR="2001:db8:1:3::1"), "ander@voorbeeld.nl").status_code == 200
    # IPv4 addresses as a dual-stack listener reports them are clients of their own, not one /64.
    assert services._client_key("::ffff:203.0.113.5") != services._client_key("::ffff:198.51.100.7")


def test_one_client_can_only_send_a_few_requests_an_hour(client):
    statuses = [subscribe(client, f"adres{n}@voorbeeld.nl").status_code for n in range(12)]
    assert statuses[:10] == [200] * 10
    assert statuses[10:] == [429, 429]
    assert len(mail.outbox) == 10


def test_behind_the_proxy_each_visitor_has_an_own_rate_limit(client, settings):
    settings.HTTPS = True
    for n in range(12):
        response = client.post(
            reverse("newsletter:subscribe"),
            {"email": f"adres{n}@voorbeeld.nl", "token": subscribe_form_token()},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
            secure=True,
        )
        assert response.status_code == 200
    assert len(mail.outbox) == 12


def test_one_address_gets_at_most_three_confirmation_mails_a_day(client):
    for n in range(5):
        other_client = Client(REMOTE_ADDR=f"10.0.0.{n + 1}")
        assert subscribe(other_client, "doelwit@voorbeeld.nl").status_code == 200
    assert len(mail.outbox) == 3


def test_opening_the_confirmation_link_changes_nothing_until_the_button_is_pressed(client):
    subscribe(client, "bewoner@voorbeeld.nl")
    url = path_of(confirm_url_from(mail.outbox[0]))
    page = client.get(url)
    assert page.status_code == 200
    assert "Ja, meld mij aan" in page.content.decode()
    assert not page.cookies
    assert not Subscriber.objects.exists()

    done = Client(enforce_csrf_checks=True).post(url)
    assert done.status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "bewoner@voorbeeld.nl"
    assert subscriber.is_subscribed
    assert subscriber.consent_form_version.startswith("2026-11-aanmelden")
    assert timezone.now() - subscriber.consent_at < datetime.timedelta(minutes=1)
    assert subscriber.requested_at <= subscriber.consent_at


def test_confirming_twice_keeps_one_subscriber(client):
    subscribe(client, "bewoner@voorbeeld.nl")
    url = path_of(confirm_url_from(mail.outbox[0]))
    client.post(url)
    client.post(url)
    assert Subscriber.objects.count() == 1


def test_confirmation_link_expires_after_48_hours(client, monkeypatch):
    subscribe(client, "bewoner@voorbeeld.nl")
    url = path_of(confirm_url_from(mail.outbox[0]))
    later = time.time() + 48 * 3600 + 60
    monkeypatch.setattr(signing.time, "time", lambda: later)
    response = client.post(url)
    assert response.status_code == 410
    assert "verlopen" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_a_link_signed_for_another_purpose_does_not_confirm(client):
    form_token = subscribe_form_token()
    response = client.post(reverse("newsletter:confirm", kwargs={"token": form_token}))
    assert response.status_code == 400
    assert not Subscriber.objects.exists()


# --- Receiving an edition, end to end ---


def test_subscribe_confirm_receive_unsubscribe_end_to_end(client, edition, django_capture_on_commit_callbacks):
    subscriber = subscribed(client, "bewoner@voorbeeld.nl")
    mail.outbox.clear()

    assert send(edition, django_capture_on_commit_callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["bewoner@voorbeeld.nl"]
    assert message.subject == "Update platform WijkWijzer Zomer"
    html = message.alternatives[0].content
    assert "Manifest voor een succesvolle wijkaanpak" in html
    assert "Meld je gebiedscoalitie aan!" in html  # the blurb overrides the summary
    assert "Dag van de Buurt" in message.body
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SENT
    assert Delivery.objects.get().status == Delivery.Status.SENT

    # One click in the mail client: a POST to the List-Unsubscribe address, without cookies or CSRF token.
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    response = Client(enforce_csrf_checks=True).post(path_of(unsubscribe), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not response.cookies
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED

    next_edition = Edition.objects.create(
        title="Herfst", slug="herfst", issue_date=timezone.localdate(), introduction="x"
    )
    mail.outbox.clear()
    with pytest.raises(services.NoSubscribers):  # the only subscriber left
        send(next_edition, django_capture_on_commit_callbacks)
    assert not mail.outbox


def test_the_mail_carries_unsubscribe_headers_and_a_stable_message_id(
    client, edition, django_capture_on_commit_callbacks
):
    subscriber = subscribed(client, "bewoner@voorbeeld.nl")
    mail.outbox.clear()
    send(edition, django_capture_on_commit_callbacks)
    message = mail.outbox[0]
    headers = message.extra_headers
    delivery = Delivery.objects.get()
    assert headers["List-Unsubscribe"] == f"<http://127.0.0.1:8000/nieuwsbrief/afmelden/{subscriber.token}/>"
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert headers["Message-ID"] == f"<nieuwsbrief.{edition.pk}.{delivery.pk}@wijkwijzer.org>"
    assert message.message()["Message-ID"] == headers["Message-ID"]
    assert subscriber.token not in str(subscriber.pk)
    # As sent: the address as it is (mail programs read it there for their unsubscribe button), not folded into
    # encoded words as a header line over 78 characters would be.
    sent = message.message().as_bytes().decode()
    assert f"\nList-Unsubscribe: <http://127.0.0.1:8000/nieuwsbrief/afmelden/{subscriber.token}/>\n" in sent
    # Django's SMTP backend asks for the message with its own policy (email.policy.SMTP, lines of 78): the same.
    over_smtp = message.message(policy=SMTP_POLICY).as_bytes().decode()
    assert f"\r\nList-Unsubscribe: <http://127.0.0.1:8000/nieuwsbrief/afmelden/{subscriber.token}/>\r\n" in over_smtp


def test_the_mail_has_inline_css_absolute_links_a_browser_link_and_a_text_version(
    client, edition, django_capture_on_commit_callbacks
):
    subscribed(client, "bewoner@voorbeeld.nl")
    mail.outbox.clear()
    send(edition, django_capture_on_commit_callbacks)
    message = mail.outbox[0]
    html = message.alternatives[0].content
    assert message.alternatives[0].mimetype == "text/html"
    links = re.findall(r'href="([^"]*)"', html)
    assert links and all(link.startswith("http://127.0.0.1:8000/") for link in links), links
    assert "Bekijk in je browser" in html
    assert "http://127.0.0.1:8000/nieuwsbrief/zomer/" in links
    assert re.search(r'<table role="presentation" class="outer"[^>]*style="[^"]*background-color', html)
    assert re.search(r'<h1 style="[^"]*font-size: 26px', html)
    assert "prefers-color-scheme: dark" in html
    assert not re.search(r"<img|<link", html)
    # The plain-text alternative has the same content and absolute links.
    assert "Manifest voor een succesvolle wijkaanpak" in message.body
    assert "http://127.0.0.1:8000/verdiepen/" in message.body
    assert "Afmelden: http://127.0.0.1:8000/nieuwsbrief/afmelden/" in message.body
    assert "<" not in message.body.replace("<nieuwsbrief", "")


def test_unsubscribe_page_changes_nothing_on_get(client):
    subscriber = subscribed(client, "bewoner@voorbeeld.nl")
    response = client.get(reverse("newsletter:unsubscribe", kwargs={"token": subscriber.token}))
    assert response.status_code == 200
    assert "Ja, meld mij af" in response.content.decode()
    assert "no-store" in response["Cache-Control"]  # the page cache must not keep a personal page
    subscriber.refresh_from_db()
    assert subscriber.is_subscribed


def test_unknown_unsubscribe_address_is_not_found_and_says_what_to_do(client):
    """A link that a mail program broke was a bare "Deze pagina bestaat niet (meer)": no way to unsubscribe."""
    assert client.post(reverse("newsletter:unsubscribe", kwargs={"token": "onbekend"})).status_code == 404
    response = client.get(reverse("newsletter:unsubscribe", kwargs={"token": "afgebrok"}))
    assert response.status_code == 404
    html = response.content.decode()
    assert "Deze afmeldlink klopt niet" in html and "mail naar nieuwsbrief@wijkwijzer.org" in html


def test_a_subscriber_who_leaves_after_queueing_is_skipped(client, edition, django_capture_on_commit_callbacks):
    stays = subscribed(client, "blijft@voorbeeld.nl")
    leaves = subscribed(Client(REMOTE_ADDR="10.1.1.1"), "gaat@voorbeeld.nl")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.edition_send(edition=edition)
    services.subscriber_unsubscribe(subscriber=leaves)
    run_queued_tasks()
    assert [m.to for m in mail.outbox] == [[stays.email]]
    assert Delivery.objects.get(subscriber=leaves).status == Delivery.Status.SKIPPED


def test_sending_is_queued_as_a_task_and_the_ledger_exists_before_any_mail(
    client, edition, django_capture_on_commit_callbacks
):
    subscribed(client, "een@voorbeeld.nl")
    subscribed(Client(REMOTE_ADDR="10.1.1.2"), "twee@voorbeeld.nl")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.edition_send(edition=edition) == 2
    assert not mail.outbox
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.PENDING}
    task = DBTaskResult.objects.get()
    assert task.task_path == send_edition.module_path
    assert task.task_result.kwargs == {"edition_id": edition.pk}


def test_an_edition_cannot_be_sent_twice(client, edition, django_capture_on_commit_callbacks):
    subscribed(client, "bewoner@voorbeeld.nl")
    send(edition, django_capture_on_commit_callbacks)
    with pytest.raises(services.EditionNotDraft):
        services.edition_send(edition=edition)
    assert Delivery.objects.count() == 1


def sent_through(backend: str, client, edition, settings, callbacks, second: str) -> None:
    """``edition`` sent to een@voorbeeld.nl and ``second`` through the mail backend ``backend`` of this module."""
    subscribed(client, "een@voorbeeld.nl")
    subscribed(Client(REMOTE_ADDR="10.1.1.3"), second)
    mail.outbox.clear()
    settings.MAILERS = {"default": {"BACKEND": f"tests.test_newsletter.{backend}"}}
    send(edition, callbacks)


def test_a_failing_mail_server_marks_the_row_failed_and_goes_on(
    client, edition, settings, django_capture_on_commit_callbacks
):
    sent_through("RefusingBackend", client, edition, settings, django_capture_on_commit_callbacks, "kapot@voorbeeld.nl")
    rows = dict(Delivery.objects.values_list("subscriber__email", "status"))
    assert rows == {"een@voorbeeld.nl": Delivery.Status.SENT, "kapot@voorbeeld.nl": Delivery.Status.FAILED}
    assert "geweigerd" in Delivery.objects.get(status=Delivery.Status.FAILED).error


class RefusingBackend(BaseEmailBackend):
    """A mail backend that refuses one address, for the test above."""

    def __init__(self, **kwargs):
        from django.core.mail.backends.locmem import EmailBackend

        super().__init__(**kwargs)
        self.inner = EmailBackend(**kwargs)

    def send_messages(self, messages):
        if any("kapot@" in address for message in messages for address in message.to):
            raise ConnectionRefusedError("geweigerd door de mailserver")
        return self.inner.send_messages(messages)


class UnreachableBackend(BaseEmailBackend):
    """A mail server that cannot be reached: nothing connects."""

    def open(self):
        raise ConnectionRefusedError(111, "Connection refused")

    def send_messages(self, messages):
        self.open()


def test_with_the_mail_server_down_sending_fails_visibly_and_can_be_retried(
    client, edition, settings, editor_client, django_capture_on_commit_callbacks
):
    """The run failed before its first row, so the edition stayed ‘wordt verstuurd’ forever, silently."""
    sent_through(
        "UnreachableBackend", client, edition, settings, django_capture_on_commit_callbacks, "twee@voorbeeld.nl"
    )
    rows = list(Delivery.objects.values_list("status", "error"))
    assert [status for status, _error in rows] == [Delivery.Status.FAILED] * 2
    assert all(error.startswith("Mailserver niet bereikbaar: ConnectionRefusedError") for _status, error in rows)
    page = editor_client.get(reverse("admin:newsletter_edition_change", args=[edition.pk])).content.decode()
    assert "0 verstuurd, 2 mislukt of onzeker, 0 te gaan" in page
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SENDING and edition.sent_at is None  # not "verstuurd": nothing went out
    # The mail server is back: the editor re-queues the failed rows and they go out.
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    first, second = Delivery.objects.order_by("pk")
    changelist = reverse("admin:newsletter_delivery_changelist")
    for row, message in [(first, "1 verzending staat weer in de wachtrij."), (second, None)]:
        response = editor_client.post(changelist, {"action": "retry", "_selected_action": [row.pk]}, follow=True)
        if message:
            assert message in response.content.decode()
    run_queued_tasks()
    assert sorted(message.to[0] for message in mail.outbox) == ["een@voorbeeld.nl", "twee@voorbeeld.nl"]
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SENT and edition.sent_at is not None


class RecipientRefusingBackend(BaseEmailBackend):
    """A mail server that refuses the address: it does not exist there."""

    def send_messages(self, messages):
        import smtplib

        raise smtplib.SMTPRecipientsRefused({messages[0].to[0]: (550, b"No such user")})


def test_an_address_the_mail_server_refuses_gets_the_usual_answer(client, settings):
    """Not "we cannot send mail now": the server works, and the answer must not tell which addresses exist."""
    settings.MAILERS = {"default": {"BACKEND": "tests.test_newsletter.RecipientRefusingBackend"}}
    response = subscribe(client, "bestaat-niet@voorbeeld.nl")
    assert response.status_code == 200
    assert "Bijna klaar" in response.content.decode()


def test_with_the_mail_server_down_sign_up_and_test_mail_say_so_in_dutch(client, settings, editor_client, edition):
    settings.MAILERS = {"default": {"BACKEND": "tests.test_newsletter.UnreachableBackend"}}
    for number in range(4):  # an outage does not use up the address's three confirmation mails a day
        response = subscribe(Client(REMOTE_ADDR=f"10.3.0.{number}"), "nieuw@voorbeeld.nl")
        assert response.status_code == 503
    assert "We kunnen nu geen mail versturen" in response.content.decode()
    assert response["Retry-After"]
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    subscribe(client, "nieuw@voorbeeld.nl")
    assert [message.to for message in mail.outbox] == [["nieuw@voorbeeld.nl"]]
    settings.MAILERS = {"default": {"BACKEND": "tests.test_newsletter.UnreachableBackend"}}
    response = editor_client.post(reverse("admin:newsletter_edition_test", args=[edition.pk]), follow=True)
    assert response.status_code == 200
    assert "De testmail is niet verstuurd: de mailserver is niet bereikbaar" in response.content.decode()


# --- Bounces and complaints ---


def test_a_bounce_or_complaint_reported_by_the_mail_service_deactivates_the_address(client):
    from anymail.signals import AnymailTrackingEvent, EventType, tracking

    bounced = subscribed(client, "weg@voorbeeld.nl")
    complained = subscribed(Client(REMOTE_ADDR="10.1.1.4"), "boos@voorbeeld.nl")
    opened = subscribed(Client(REMOTE_ADDR="10.1.1.5"), "blij@voorbeeld.nl")
    for email, event_type in [
        ("WEG@voorbeeld.nl", EventType.BOUNCED),
        ("boos@voorbeeld.nl", EventType.COMPLAINED),
        ("blij@voorbeeld.nl", EventType.OPENED),
    ]:
        tracking.send(sender=None, event=AnymailTrackingEvent(event_type=event_type, recipient=email), esp_name="Test")
    statuses = {s.pk: s.status for s in Subscriber.objects.all()}
    assert statuses[bounced.pk] == Subscriber.Status.BOUNCED
    assert statuses[complained.pk] == Subscriber.Status.COMPLAINED
    assert statuses[opened.pk] == Subscriber.Status.SUBSCRIBED


def test_the_postmark_bounce_webhook_deactivates_the_address(client, settings):
    import base64
    import json

    settings.ANYMAIL = {"WEBHOOK_SECRET": "postmark:geheim"}
    subscriber = subscribed(client, "weg@voorbeeld.nl")
    payload = {"RecordType": "Bounce", "Type": "HardBounce", "Email": "weg@voorbeeld.nl", "ID": 1, "MessageID": "x"}
    auth = "Basic " + base64.b64encode(b"postmark:geheim").decode()
    response = client.post(
        "/nieuwsbrief/anymail/postmark/tracking/",
        json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=auth,
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.BOUNCED


def test_without_a_webhook_secret_nobody_can_unsubscribe_an_address_with_a_forged_bounce(client, settings):
    import json

    settings.ANYMAIL = {}
    subscriber = subscribed(client, "blijf@voorbeeld.nl")
    for url, payload in [
        ("/nieuwsbrief/anymail/postmark/tracking/", {"RecordType": "SpamComplaint", "Email": "blijf@voorbeeld.nl"}),
        ("/nieuwsbrief/anymail/sendgrid/tracking/", [{"event": "bounce", "email": "blijf@voorbeeld.nl"}]),
    ]:
        response = client.post(url, json.dumps(payload), content_type="application/json")
        assert response.status_code == 404
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.SUBSCRIBED


def test_with_a_webhook_secret_a_bounce_without_the_password_is_refused(client, settings):
    import base64
    import json

    settings.ANYMAIL = {"WEBHOOK_SECRET": "postmark:geheim"}
    subscriber = subscribed(client, "blijf@voorbeeld.nl")
    payload = {"RecordType": "Bounce", "Type": "HardBounce", "Email": "blijf@voorbeeld.nl", "ID": 1, "MessageID": "x"}
    for auth in ["", "Basic " + base64.b64encode(b"postmark:fout").decode()]:
        response = client.post(
            "/nieuwsbrief/anymail/postmark/tracking/",
            json.dumps(payload),
            content_type="application/json",
            HTTP_AUTHORIZATION=auth,
        )
        assert response.status_code in (400, 401, 403)
    assert (
        client.post("/nieuwsbrief/anymail/postmark/inbound/", "{}", content_type="application/json").status_code == 404
    )
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.SUBSCRIBED


# --- The archive on the site ---


def test_archive_lists_sent_editions_only(client, edition):
    Edition.objects.create(title="Nog geheim", slug="geheim", issue_date=timezone.localdate(), introduction="x")
    edition.status, edition.sent_at = Edition.Status.SENT, timezone.now()
    edition.save()
    html = client.get(reverse("newsletter:archive")).content.decode()
    assert "Update platform WijkWijzer Zomer" in html
    assert "Nog geheim" not in html
    assert client.get(reverse("newsletter:detail", kwargs={"slug": "geheim"})).status_code == 404


def test_a_sent_edition_is_in_the_cached_archive_as_soon_as_sending_finishes(
    client, edition, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = True
    subscribed(client, "lezer@voorbeeld.nl")
    assert "Update platform WijkWijzer Zomer" not in client.get(reverse("newsletter:archive")).content.decode()
    assert client.get(reverse("newsletter:archive"))["X-Page-Cache"] == "hit"  # the empty archive is cached
    send(edition, django_capture_on_commit_callbacks)
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SENT
    assert "Update platform WijkWijzer Zomer" in client.get(reverse("newsletter:archive")).content.decode()


def test_edition_page_shows_sections_items_and_agenda(client, edition):
    edition.status, edition.sent_at = Edition.Status.SENT, timezone.now()
    edition.save()
    response = client.get(edition.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    expected = ["Verdiepen", "Meedoen", "Uitgelichte activiteiten", "Manifest voor een succesvolle wijkaanpak"]
    expected += ["Meld je gebiedscoalitie aan!", "Dag van de Buurt", "Tweede alinea."]
    for text in expected:
        assert text in html
    assert html.index("Manifest") < html.index("Wijklab") < html.index("Dag van de Buurt")
    assert not response.cookies


@pytest.mark.parametrize("count", [1, 15])
def test_archive_and_edition_pages_run_a_fixed_number_of_queries(client, django_assert_max_num_queries, count):
    today = timezone.localdate()
    for n in range(count):
        edition = Edition.objects.create(
            title=f"Editie {n}",
            slug=f"editie-{n}",
            issue_date=today,
            introduction="x",
            status=Edition.Status.SENT,
            sent_at=timezone.now(),
        )
        EditionItem.objects.create(edition=edition, section=Section.VERDIEPEN, article=make_article(), order=1)
        EditionItem.objects.create(edition=edition, section=Section.MEEDOEN, call=make_call(), order=2)
        EditionItem.objects.create(edition=edition, section=Section.AGENDA, event=make_event(), order=3)
    many = Edition.objects.get(slug="editie-0")
    for _ in range(count):
        EditionItem.objects.create(edition=many, section=Section.VERDIEPEN, article=make_article(), order=5)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("newsletter:archive")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(many.get_absolute_url()).status_code == 200


def test_bad_page_number_in_the_archive_gives_a_page_not_an_error(client):
    assert client.get(reverse("newsletter:archive") + "?page=abc").status_code == 200
    assert client.get(reverse("newsletter:archive") + "?page=999").status_code == 200


def test_an_item_no_longer_online_is_left_out_of_the_edition(client, edition):
    edition.status, edition.sent_at = Edition.Status.SENT, timezone.now()
    edition.save()
    article = edition.items.get(section=Section.VERDIEPEN).article
    article.status = "draft"
    article.save()
    assert "Manifest" not in client.get(edition.get_absolute_url()).content.decode()


# --- The admin ---


@pytest.fixture
def editor_client(admin_user):
    admin_user.email = "redacteur@wijkwijzer.org"
    admin_user.save()
    client = Client()
    client.force_login(admin_user)
    return client


def test_fill_button_adds_what_was_published_since_the_previous_edition(editor_client):
    now = timezone.now()
    today = timezone.localdate()
    Edition.objects.create(
        title="Vorige",
        slug="vorige",
        issue_date=today - datetime.timedelta(days=30),
        introduction="x",
        status=Edition.Status.SENT,
        sent_at=now - datetime.timedelta(days=30),
    )
    new_article = make_article(title="Nieuw artikel", publish_from=now - datetime.timedelta(days=3))
    make_article(title="Oud artikel", publish_from=now - datetime.timedelta(days=60))
    make_article(title="Concept", status="draft", publish_from=now - datetime.timedelta(days=3))
    open_call = make_call(title="Open oproep", publish_from=now - datetime.timedelta(days=2))
    featured = make_event(title="Uitgelicht", featured=True, publish_from=now - datetime.timedelta(days=90))
    make_event(title="Nieuw, niet uitgelicht", publish_from=now - datetime.timedelta(days=2))
    make_event(
        title="Voorbij", start_date=today - datetime.timedelta(days=1), publish_from=now - datetime.timedelta(days=2)
    )
    edition = Edition.objects.create(title="Nieuw", slug="nieuw", issue_date=today, introduction="x")

    response = editor_client.post(reverse("admin:newsletter_edition_fill", args=[edition.pk]), follow=True)
    assert "3 items toegevoegd" in response.content.decode()
    items = {(item.section, str(item)) for item in edition.items.all()}
    assert items == {
        (Section.VERDIEPEN, new_article.title),
        (Section.MEEDOEN, open_call.title),
        (Section.AGENDA, featured.title),
    }
    editor_client.post(reverse("admin:newsletter_edition_fill", args=[edition.pk]))
    assert edition.items.count() == 3


def test_admin_change_page_has_the_buttons_and_shows_progress(editor_client, edition):
    html = editor_client.get(reverse("admin:newsletter_edition_change", args=[edition.pk])).content.decode()
    labels = ["Voorbeeld van de mail", "Opslaan en vullen met nieuwe inhoud", "Opslaan en een test naar mij sturen"]
    for label in [*labels, "Opslaan en versturen naar 0 abonnees"]:
        assert label in html
    Subscriber.objects.create(
        email="a@voorbeeld.nl", requested_at=timezone.now(), consent_at=timezone.now(), consent_form_version="v"
    )
    services.edition_send(edition=edition)
    html = editor_client.get(reverse("admin:newsletter_edition_changelist")).content.decode()
    assert "0 verstuurd, 0 mislukt of onzeker, 1 te gaan (van 1)" in html


def posted_as_shown(response) -> dict:
    """What the admin change form in ``response`` posts as it stands: the edition's fields and every inline form."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if value is None:
                value = ""
            elif isinstance(value, datetime.date):
                value = field.widget.format_value(value)
            data[form.add_prefix(name)] = value
    return data


def section_prefix(response, section: str) -> str:
    """The form prefix of a section's rows on the edition's change page in ``response``."""
    return next(i.formset for i in response.context["inline_admin_formsets"] if i.opts.section == section).prefix


def test_an_item_added_by_hand_goes_to_the_end_of_its_section(editor_client, edition):
    later = make_article(title="Later toegevoegd")
    url = reverse("admin:newsletter_edition_change", args=[edition.pk])
    response = editor_client.get(url)
    assert "Leeg: achteraan in de rubriek." in response.content.decode()
    data = posted_as_shown(response)
    prefix = section_prefix(response, "verdiepen")
    last = make_article(title="Als laatste toegevoegd")
    data[f"{prefix}-TOTAL_FORMS"] = "3"
    data |= {f"{prefix}-1-article": str(later.pk), f"{prefix}-1-blurb": "", f"{prefix}-1-order": ""}
    data |= {f"{prefix}-2-article": str(last.pk), f"{prefix}-2-blurb": "", f"{prefix}-2-order": ""}
    # With a mistake elsewhere nothing is saved, and the places stay empty on the returned form.
    response = editor_client.post(url, data | {"title": ""})
    assert response.status_code == 200
    assert f'name="{prefix}-1-order" value=' not in response.text
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    titles = [item.article.title for item in edition.items.filter(section=Section.VERDIEPEN)]
    assert titles == ["Manifest voor een succesvolle wijkaanpak", "Later toegevoegd", "Als laatste toegevoegd"]
    edition.items.filter(article=last).delete()
    # A place given by the editor is kept.
    response = editor_client.get(url)
    data = posted_as_shown(response)
    data[f"{prefix}-1-order"] = "0"
    assert editor_client.post(url, data).status_code == 302
    titles = [item.article.title for item in edition.items.filter(section=Section.VERDIEPEN)]
    assert titles == ["Later toegevoegd", "Manifest voor een succesvolle wijkaanpak"]


def test_an_item_added_twice_to_an_edition_is_refused_in_dutch(editor_client, edition):
    """ "Corrigeer de dubbele gegevens voor article.": Django's message named the field in English."""
    url = reverse("admin:newsletter_edition_change", args=[edition.pk])
    response = editor_client.get(url)
    prefix = section_prefix(response, "verdiepen")
    data = posted_as_shown(response)
    again = data[f"{prefix}-0-article"]
    data[f"{prefix}-TOTAL_FORMS"] = "2"
    data |= {f"{prefix}-1-article": again, f"{prefix}-1-blurb": "", f"{prefix}-1-order": ""}
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "Dit item staat al in deze editie." in response.content.decode()
    # Two new rows with the same item.
    other = make_article(title="Nog een artikel")
    data[f"{prefix}-TOTAL_FORMS"] = "3"
    data |= {f"{prefix}-1-article": str(other.pk), f"{prefix}-2-article": str(other.pk)}
    data |= {f"{prefix}-2-blurb": "", f"{prefix}-2-order": ""}
    html = editor_client.post(url, data).content.decode()
    assert "Dit item staat twee keer in de editie. Haal het dubbele weg." in html
    assert "dubbele gegevens voor article" not in html


def test_the_buttons_above_a_draft_save_the_editors_changes_first(editor_client, edition):
    """ "Vul met nieuwe inhoud" reloaded the page and lost what was typed; the test mail showed the saved text."""
    url = reverse("admin:newsletter_edition_change", args=[edition.pk])
    data = posted_as_shown(editor_client.get(url))
    make_article(title="Nieuw sinds de vorige editie")
    response = editor_client.post(url, data | {"introduction": "Een nieuwe inleiding.", "_fill": "1"}, follow=True)
    edition.refresh_from_db()
    assert edition.introduction == "Een nieuwe inleiding."
    assert "toegevoegd" in response.content.decode()
    data = posted_as_shown(editor_client.get(url))
    editor_client.post(url, data | {"introduction": "Nog een keer anders.", "_test": "1"})
    assert "Nog een keer anders." in mail.outbox[-1].body
    response = editor_client.post(url, data | {"closing": "Tot de volgende keer!", "_send": "1"})
    assert response["Location"] == reverse("admin:newsletter_edition_send", args=[edition.pk])
    edition.refresh_from_db()
    assert edition.closing == "Tot de volgende keer!" and edition.is_draft  # sending still asks for confirmation
    # With a mistake nothing is sent, and the form comes back with what was typed.
    mail.outbox.clear()
    response = editor_client.post(url, data | {"title": "", "introduction": "Bewaard?", "_test": "1"})
    assert response.status_code == 200 and "Bewaard?" in response.content.decode()
    assert not mail.outbox
    # A page opened before the edition went out neither fills nor sends it.
    count = edition.items.count()
    Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.SENT, sent_at=timezone.now())
    make_article(title="Na het versturen gepubliceerd")
    for button in ("_fill", "_send"):
        response = editor_client.post(url, data | {button: "1"}, follow=True)
        assert "Deze editie is al verstuurd of wordt nu verstuurd." in response.content.decode()
    assert edition.items.count() == count


def test_a_row_with_only_its_own_text_asks_for_an_item_instead_of_a_server_error(editor_client, edition):
    url = reverse("admin:newsletter_edition_change", args=[edition.pk])
    response = editor_client.get(url)
    prefix = section_prefix(response, "meedoen")
    data = posted_as_shown(response)
    count = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(count + 1)
    data |= {f"{prefix}-{count}-call": "", f"{prefix}-{count}-blurb": "Eigen tekst", f"{prefix}-{count}-order": ""}
    response = editor_client.post(url, data | {"introduction": "Nieuwe inleiding."})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kies een item voor deze regel, of haal de regel weg." in html
    assert "Eigen tekst" in html and "Nieuwe inleiding." in html  # nothing typed is lost


def test_a_sent_edition_keeps_its_text_and_its_address(editor_client, edition):
    """Title, texts and slug could still be changed after sending: a new slug made every mailed link a 404."""
    edition.status, edition.sent_at = Edition.Status.SENT, timezone.now()
    edition.save()
    url = reverse("admin:newsletter_edition_change", args=[edition.pk])
    response = editor_client.get(url)
    assert set(response.context["adminform"].form.fields) == set()
    data = posted_as_shown(response) | {"title": "Anders", "slug": "anders", "introduction": "Nieuw."}
    editor_client.post(url, data)
    edition.refresh_from_db()
    assert (edition.title, edition.slug) == ("Update platform WijkWijzer Zomer", "zomer")
    assert Client().get(edition.get_absolute_url()).status_code == 200


def test_admin_progress_of_a_sent_edition_without_deliveries_does_not_say_not_sent(editor_client, edition):
    # As the demo's edition: sent before WijkWijzer sent it, so without deliveries.
    html = editor_client.get(reverse("admin:newsletter_edition_changelist")).content.decode()
    assert "nog niet verstuurd" in html
    Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.SENT, sent_at=timezone.now())
    html = editor_client.get(reverse("admin:newsletter_edition_changelist")).content.decode()
    assert "nog niet verstuurd" not in html and "geen verzendgegevens" in html


def test_the_demo_editors_can_send_themselves_a_test(client):
    from django.core.management import call_command

    from wijkwijzer.management.commands.load_demo import CHIEF_EDITOR_USERNAME, EDITOR_PASSWORD

    call_command("load_demo", verbosity=0)
    client.login(username=CHIEF_EDITOR_USERNAME, password=EDITOR_PASSWORD)
    edition = Edition.objects.first()
    response = client.post(reverse("admin:newsletter_edition_test", args=[edition.pk]), follow=True)
    assert "Testmail verstuurd naar hoofdredactie@wijkwijzer.example" in response.content.decode()
    assert [m.to for m in mail.outbox] == [["hoofdredactie@wijkwijzer.example"]]


def test_admin_preview_shows_the_mail(editor_client, edition):
    response = editor_client.get(reverse("admin:newsletter_edition_preview", args=[edition.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Manifest voor een succesvolle wijkaanpak" in html
    assert "'unsafe-inline'" in response["Content-Security-Policy"]
    assert "script-src" not in response["Content-Security-Policy"]


def test_admin_sends_a_test_to_the_editor_only(editor_client, edition):
    Subscriber.objects.create(
        email="a@voorbeeld.nl", requested_at=timezone.now(), consent_at=timezone.now(), consent_form_version="v"
    )
    editor_client.post(reverse("admin:newsletter_edition_test", args=[edition.pk]))
    assert [m.to for m in mail.outbox] == [["redacteur@wijkwijzer.org"]]
    assert mail.outbox[0].subject == "[Test] Update platform WijkWijzer Zomer"
    # No one-click unsubscribe in a test: the mail program would post to a page that unsubscribes no one.
    assert "List-Unsubscribe" not in mail.outbox[0].message()
    assert "List-Unsubscribe-Post" not in mail.outbox[0].message()
    assert not Delivery.objects.exists()
    edition.refresh_from_db()
    assert edition.is_draft


def confirmed_subscriber(email: str = "a@voorbeeld.nl") -> Subscriber:
    return Subscriber.objects.create(
        email=email, requested_at=timezone.now(), consent_at=timezone.now(), consent_form_version="v"
    )


def test_admin_send_asks_for_confirmation_before_sending(editor_client, edition):
    confirmed_subscriber()
    url = reverse("admin:newsletter_edition_send", args=[edition.pk])
    page = editor_client.get(url).content.decode()
    assert "Ja, verstuur de editie" in page
    assert '<li aria-current="page">Versturen</li>' in page  # the admin's breadcrumb bar
    assert "nog geen onderdelen" not in page
    assert not Delivery.objects.exists()
    response = editor_client.post(url, follow=True)
    assert "De editie gaat naar 1 abonnee. De voortgang zie je hieronder." in response.content.decode()
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SENDING


def test_an_edition_is_linked_in_the_archive_once_its_sending_started(editor_client, edition):
    change = reverse("admin:newsletter_edition_change", args=[edition.pk])
    page = editor_client.get(change).content.decode()
    # The archive has no drafts: no link to a 404 for readers (Django's "Weergeven op website" was one).
    assert "Bekijk in het archief" not in page and "Weergeven op website" not in page
    edition.status = Edition.Status.SENDING
    edition.save()
    page = editor_client.get(change).content.decode()
    assert page.count(f'href="{edition.get_absolute_url()}"') == 1 and "Bekijk in het archief" in page
    assert Client().get(edition.get_absolute_url()).status_code == 200


def test_the_first_mails_link_to_an_edition_that_is_still_being_sent(
    client, edition, settings, django_capture_on_commit_callbacks
):
    """ "Bekijk in je browser" in the mails that went out first was a 404 until the last mail was sent."""
    settings.PAGE_CACHE_ENABLED = True
    subscribed(client, "lezer@voorbeeld.nl")
    subscribed(client, "buur@voorbeeld.nl")
    assert "Update platform WijkWijzer Zomer" not in client.get(reverse("newsletter:archive")).content.decode()
    assert client.get(reverse("newsletter:archive"))["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        services.edition_send(edition=edition)  # the ledger written; no mail sent yet
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SENDING
    web_url = render_edition(edition).web_url
    assert client.get(web_url.removeprefix(settings.SITE_URL)).status_code == 200
    assert "Update platform WijkWijzer Zomer" in client.get(reverse("newsletter:archive")).content.decode()


def test_a_draft_is_shown_to_its_editors_as_a_preview_and_to_nobody_else(client, editor_client, edition):
    """The "Bekijk in je browser" link of a test mail works for the editor who sent it to themselves."""
    url = edition.get_absolute_url()
    assert client.get(url).status_code == 404
    response = editor_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Voorbeeld" in html and "Dit is een concept: bezoekers zien deze pagina nog niet." in html
    assert "Manifest voor een succesvolle wijkaanpak" in html
    assert response["Cache-Control"] == "private, no-store" and response["X-Robots-Tag"] == "noindex, nofollow"
    assert client.get(url).status_code == 404  # the editor's visit cached nothing for readers


def test_sending_an_edition_without_items_asks_whether_that_is_meant(editor_client, edition):
    confirmed_subscriber()
    edition.items.all().delete()
    page = editor_client.get(reverse("admin:newsletter_edition_send", args=[edition.pk])).content.decode()
    assert "Deze editie heeft nog geen onderdelen: alleen de inleiding en de slottekst gaan mee." in page
    assert "Ja, verstuur de editie" in page  # an announcement of a few lines may be meant


def test_items_that_are_not_online_are_named_before_the_edition_goes_out(editor_client, edition):
    """A draft or expired item in an edition was left out of the mail without a word."""
    confirmed_subscriber()
    draft = make_article(title="Nog een concept", status="draft")
    EditionItem.objects.create(edition=edition, section=Section.VERDIEPEN, article=draft, order=5)
    Event.objects.filter(title="Dag van de Buurt").update(publish_until=timezone.now())
    warning = "Niet online, en daarom niet in de mail: ‘Nog een concept’ en ‘Dag van de Buurt’. Publiceer de items"
    change = editor_client.get(reverse("admin:newsletter_edition_change", args=[edition.pk])).content.decode()
    assert warning in change
    page = editor_client.get(reverse("admin:newsletter_edition_send", args=[edition.pk])).content.decode()
    assert warning in page
    assert "nog geen onderdelen" not in page  # the article and the call still go
    edition.items.exclude(article=draft).delete()
    page = editor_client.get(reverse("admin:newsletter_edition_send", args=[edition.pk])).content.decode()
    assert "Niet online, en daarom niet in de mail: ‘Nog een concept’. Publiceer het item" in page
    assert "Deze editie heeft nog geen onderdelen" in page
    draft.status = "published"
    draft.save()
    change = editor_client.get(reverse("admin:newsletter_edition_change", args=[edition.pk])).content.decode()
    assert "Niet online" not in change


def test_an_edition_is_not_sent_to_nobody(editor_client, edition):
    confirmed_subscriber("weg@voorbeeld.nl")
    Subscriber.objects.update(status=Subscriber.Status.UNSUBSCRIBED)
    url = reverse("admin:newsletter_edition_send", args=[edition.pk])
    page = editor_client.get(url).content.decode()
    assert "Er zijn geen abonnees met een bevestigd adres" in page
    assert "Ja, verstuur de editie" not in page
    # A form left open while the last subscriber left: refused, and the edition stays a draft.
    response = editor_client.post(url, follow=True)
    assert "Er zijn geen abonnees met een bevestigd adres" in response.content.decode()
    edition.refresh_from_db()
    assert edition.is_draft
    assert not Delivery.objects.exists()
    with pytest.raises(services.NoSubscribers):
        services.edition_send(edition=edition)
    confirmed_subscriber()
    assert services.edition_send(edition=edition) == 1


def test_editors_unsubscribe_one_subscriber_from_the_list(editor_client):
    subscriber = confirmed_subscriber()
    response = editor_client.post(
        reverse("admin:newsletter_subscriber_changelist"),
        {"action": "unsubscribe", "_selected_action": [subscriber.pk]},
        follow=True,
    )
    assert "1 abonnee afgemeld." in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_editors_cannot_add_subscribers_by_hand(editor_client):
    assert editor_client.get(reverse("admin:newsletter_subscriber_add")).status_code == 403
    # The list says where subscribers come from (empty, it said only "0 abonnees").
    page = editor_client.get(reverse("admin:newsletter_subscriber_changelist")).text
    assert "Abonnees melden zich zelf aan met het formulier onder elke pagina" in page


def test_an_edition_slug_may_not_take_a_page_of_the_newsletter(edition):
    from django.core.exceptions import ValidationError

    edition.slug = "aanmelden"
    with pytest.raises(ValidationError):
        edition.full_clean()
