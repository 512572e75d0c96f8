"""Side effects of the newsletter as plain keyword-only functions, called from views, admin, commands and tasks."""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import ipaddress
import logging
import smtplib

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.mail import EmailMessage, mailers
from django.db import connection, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from articles.models import Article
from calls.models import Call
from events.models import Event
from newsletter import sending
from newsletter.models import Delivery, Edition, EditionItem, Section, Subscriber
from newsletter.rendering import absolute, build_message, render_edition
from wijkwijzer import caching

logger = logging.getLogger(__name__)

CONFIRM_SALT = "newsletter.confirm-subscription"
#: A confirmation link works for 48 hours.
CONFIRM_MAX_AGE = 48 * 3600

#: Subscribe requests per client address per hour, and confirmation mails per e-mail address per day.
REQUESTS_PER_CLIENT_PER_HOUR = 10
CONFIRMATIONS_PER_ADDRESS_PER_DAY = 3


class EditionNotDraft(Exception):
    """The edition was already sent or is being sent."""


class MailServerUnavailable(Exception):
    """The mail server could not be reached or refused the mail (the error is logged)."""


class NoSubscribers(Exception):
    """Nobody is subscribed (with a confirmed address): there is no one to send the edition to."""


def _count_within(key: str, *, limit: int, seconds: int) -> bool:
    """Count one more event under ``key``; False once more than ``limit`` happened in the window."""
    cache.add(key, 0, timeout=seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds)
        count = 1
    return count <= limit


def _client_key(client: str) -> str:
    """The client an address stands for: an IPv6 address by its /64 network, which one household or server has
    whole (else every address of it would be a client of its own)."""
    try:
        address = ipaddress.ip_address(client)
    except ValueError:
        return client
    if address.version == 6 and address.ipv4_mapped:  # ‘::ffff:203.0.113.5’ from a dual-stack listener
        return str(address.ipv4_mapped)
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def mailbox_key(email: str) -> str:
    """The mailbox an address delivers to, for the limit of confirmation mails per mailbox: without a ‘+tag’ or
    quotes, and for Gmail without dots (‘t.arget+1@gmail.com’ is ‘target@gmail.com’), so that one person's mailbox
    cannot be flooded through variants of its address."""
    local, _at, domain = email.strip().lower().rpartition("@")
    local = local.strip('"').split("+", 1)[0]
    if domain in {"gmail.com", "googlemail.com"}:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


def client_allowed(*, client: str) -> bool:
    """Rate limit per client address for the subscribe form."""
    digest = hashlib.sha256(_client_key(client).encode()).hexdigest()[:32]
    return _count_within(f"newsletter:subscribe:client:{digest}", limit=REQUESTS_PER_CLIENT_PER_HOUR, seconds=3600)


# Subscribers


def subscription_request(*, email: str, form_version: str) -> bool:
    """Mail a confirmation link to ``email``. Stores nothing; returns whether a mail went out.

    The caller answers the same whether or not the address is known or a mail was sent (no enumeration).
    At most a few confirmation mails per address per day, so the form cannot be used to flood a mailbox.
    """
    digest = hashlib.sha256(mailbox_key(email).encode()).hexdigest()[:32]
    counter = f"newsletter:subscribe:address:{digest}"
    if not _count_within(counter, limit=CONFIRMATIONS_PER_ADDRESS_PER_DAY, seconds=24 * 3600):
        return False
    token = signing.dumps(
        {"e": email, "v": form_version, "r": timezone.now().timestamp()}, salt=CONFIRM_SALT, compress=True
    )
    with translation.override(settings.LANGUAGE_CODE):
        subject = gettext("Bevestig je aanmelding voor de nieuwsbrief van WijkWijzer")
        body = render_to_string(
            "newsletter/mail/confirm.txt",
            {"confirm_url": absolute(reverse("newsletter:confirm", kwargs={"token": token})), "hours": 48},
        )
    try:
        EmailMessage(subject=subject, body=body, to=[email]).send(using="default")
    except smtplib.SMTPRecipientsRefused:
        # The mail server refuses this address (it does not exist): answered as any other, no mail went out.
        logger.warning("Confirmation mail refused for an address")
        return False
    except OSError as error:  # connection refused, timed out, or another SMTP error (smtplib's are OSErrors)
        logger.exception("Confirmation mail not sent")
        # No mail went out: it does not count against the address's few a day.
        with contextlib.suppress(ValueError):  # the counter expired meanwhile
            cache.decr(counter)
        raise MailServerUnavailable from error
    return True


class ConfirmationExpired(Exception):
    pass


class ConfirmationInvalid(Exception):
    pass


class ConfirmationSuperseded(Exception):
    """The address was unsubscribed (or bounced, or complained) after the link was sent: the link no longer
    subscribes it, or an old link would undo the unsubscription."""


def confirmation_state(*, payload: dict) -> str:
    """What a confirmation link would do now: "new" (subscribe), "subscribed" (nothing: already subscribed) or
    "superseded" (nothing: the address was deactivated after the link was sent)."""
    subscriber = Subscriber.objects.filter(email__iexact=payload["e"]).first()
    return _state(subscriber, payload)


def _state(subscriber: Subscriber | None, payload: dict) -> str:
    if subscriber is None:
        return "new"
    if subscriber.is_subscribed:
        return "subscribed"
    requested_at = datetime.datetime.fromtimestamp(payload["r"], tz=datetime.UTC)
    if subscriber.unsubscribed_at and subscriber.unsubscribed_at >= requested_at:
        return "superseded"
    return "new"


def confirmation_read(*, token: str) -> dict:
    """The payload of a confirmation link; raises ``ConfirmationExpired`` or ``ConfirmationInvalid``."""
    try:
        return signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        raise ConfirmationExpired from None
    except signing.BadSignature:
        raise ConfirmationInvalid from None


def subscription_confirm(*, token: str) -> Subscriber:
    """Subscribe the address of a valid confirmation link, recording consent time and form version; raises
    ``ConfirmationSuperseded`` when the address was deactivated after the link was sent."""
    payload = confirmation_read(token=token)
    email = payload["e"]
    now = timezone.now()
    requested_at = datetime.datetime.fromtimestamp(payload["r"], tz=datetime.UTC)
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(email__iexact=email).first()
        if subscriber is None:
            return Subscriber.objects.create(
                email=email, requested_at=requested_at, consent_at=now, consent_form_version=payload["v"]
            )
        if _state(subscriber, payload) == "superseded":
            raise ConfirmationSuperseded
        if not subscriber.is_subscribed:
            subscriber.status = Subscriber.Status.SUBSCRIBED
            subscriber.requested_at = requested_at
            subscriber.consent_at = now
            subscriber.consent_form_version = payload["v"]
            subscriber.unsubscribed_at = None
            subscriber.deactivation_reason = ""
            subscriber.save()
        return subscriber


def subscriber_unsubscribe(*, subscriber: Subscriber, reason: str = "afgemeld door abonnee") -> Subscriber:
    """Stop mailing ``subscriber``; pending deliveries to them are skipped by the sender. Idempotent."""
    return subscriber_deactivate(subscriber=subscriber, status=Subscriber.Status.UNSUBSCRIBED, reason=reason)


def subscriber_deactivate(*, subscriber: Subscriber, status: str, reason: str) -> Subscriber:
    if subscriber.status == status:
        return subscriber
    subscriber.status = status
    subscriber.unsubscribed_at = timezone.now()
    subscriber.deactivation_reason = reason[:200]
    subscriber.save(update_fields=["status", "unsubscribed_at", "deactivation_reason"])
    return subscriber


def address_deactivate(*, email: str, status: str, reason: str) -> int:
    """Deactivate every subscriber with this address (bounces, complaints); returns how many."""
    changed = 0
    for subscriber in Subscriber.objects.filter(email__iexact=email).exclude(status=status):
        subscriber_deactivate(subscriber=subscriber, status=status, reason=reason)
        changed += 1
    return changed


# Editions


def edition_fill(*, edition: Edition, now: datetime.datetime | None = None) -> int:
    """Add what was published since the previous edition to the sections; returns how many items were added.

    Verdiepen and Meedoen get the items published since the issue date of the previous edition (open calls
    only); the agenda, ‘Uitgelichte activiteiten’, gets the upcoming featured events (as on the home page and in the
    demo's edition: other new events would stand under a heading that they do not fit).
    Items already in the edition are left where they are. An edition that went out is not filled (it is a record).
    """
    if not edition.is_draft:
        return 0
    now = now or timezone.now()
    previous = (
        Edition.objects.exclude(pk=edition.pk).filter(issue_date__lt=edition.issue_date).order_by("-issue_date").first()
    )
    since = (
        timezone.make_aware(datetime.datetime.combine(previous.issue_date, datetime.time.min))
        if previous
        else now - datetime.timedelta(days=92)
    )
    present = set(edition.items.values_list("article_id", "call_id", "event_id"))
    taken = {
        "article": {ids[0] for ids in present},
        "call": {ids[1] for ids in present},
        "event": {ids[2] for ids in present},
    }
    order = (edition.items.aggregate(Max("order"))["order__max"] or 0) + 1
    candidates = [
        (
            Section.VERDIEPEN,
            "article",
            Article.objects.published(now).filter(publish_from__gte=since).order_by("-publish_from"),
        ),
        (Section.MEEDOEN, "call", Call.objects.open(now).filter(publish_from__gte=since)),
        (
            Section.AGENDA,
            "event",
            Event.objects.upcoming(now).filter(featured=True),
        ),
    ]
    new_items = []
    for section, field, queryset in candidates:
        for item in queryset:
            if item.pk in taken[field]:
                continue
            taken[field].add(item.pk)
            new_items.append(EditionItem(edition=edition, section=section, order=order, **{field: item}))
            order += 1
    EditionItem.objects.bulk_create(new_items)
    return len(new_items)


def edition_send(*, edition: Edition) -> int:
    """Write the ledger (one row per subscribed address) in one transaction, then enqueue the sending task.

    Returns the number of rows. Raises ``EditionNotDraft`` if the edition was already sent or is being sent, and
    ``NoSubscribers`` (leaving the edition a draft) when nobody is subscribed.
    """
    from newsletter.tasks import send_edition

    with transaction.atomic():
        locked = Edition.objects.select_for_update().get(pk=edition.pk)
        if locked.status != Edition.Status.DRAFT:
            raise EditionNotDraft(edition.pk)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {Delivery._meta.db_table} (edition_id, subscriber_id, status, error)
                SELECT %s, id, %s, '' FROM {Subscriber._meta.db_table} WHERE status = %s
                ON CONFLICT DO NOTHING
                """,
                [edition.pk, Delivery.Status.PENDING, Subscriber.Status.SUBSCRIBED],
            )
            rows = cursor.rowcount
        if not rows:
            # Sent to nobody, the edition would be archived as sent and could never go to the first subscribers.
            raise NoSubscribers
        Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.SENDING)
        # update() sends no signal: the archive shows the edition from now on (the first mails link to it).
        transaction.on_commit(caching.content_changed)
        transaction.on_commit(lambda: send_edition.enqueue(edition_id=edition.pk))
    edition.status = Edition.Status.SENDING
    return rows


def edition_resume(*, edition: Edition) -> sending.Recovered:
    """After a worker died: settle what it left behind and enqueue a new sending run if rows are waiting."""
    from newsletter.tasks import send_edition

    recovered = sending.recover_abandoned(edition_id=edition.pk)
    if not sending.finish_if_done(edition.pk):
        send_edition.enqueue(edition_id=edition.pk)
    return recovered


def editions_resume() -> int:
    """Resume every edition that is still being sent (``manage.py resume_newsletters``); returns how many."""
    editions = list(Edition.objects.filter(status=Edition.Status.SENDING))
    for edition in editions:
        edition_resume(edition=edition)
    return len(editions)


def edition_send_test(*, edition: Edition, email: str) -> None:
    """Send the edition to one address as it will look, marked as a test; nothing is written in the ledger."""
    message = build_message(
        render_edition(edition),
        to=email,
        unsubscribe=absolute(reverse("newsletter:archive")),
        subject_prefix="[Test] ",
        list_headers=False,
    )
    try:
        with mailers.default as mailer:
            mailer.send_messages([message])
    except OSError as error:
        logger.exception("Test mail not sent")
        raise MailServerUnavailable(str(error)) from error


def deliveries_retry(*, deliveries) -> int:
    """Put failed or uncertain rows back in the queue after an editor checked them; returns how many."""
    from newsletter.tasks import send_edition

    rows = deliveries.filter(status__in=[Delivery.Status.FAILED, Delivery.Status.UNCERTAIN])
    edition_ids = set(rows.values_list("edition_id", flat=True))
    count = rows.update(status=Delivery.Status.PENDING, claimed_by=None, claimed_at=None, error="")
    for edition_id in edition_ids:
        Edition.objects.filter(pk=edition_id).update(status=Edition.Status.SENDING)
        send_edition.enqueue(edition_id=edition_id)
    return count


__all__ = [
    "ConfirmationExpired",
    "ConfirmationInvalid",
    "EditionNotDraft",
    "NoSubscribers",
    "address_deactivate",
    "client_allowed",
    "confirmation_read",
    "deliveries_retry",
    "edition_fill",
    "edition_resume",
    "edition_send",
    "edition_send_test",
    "editions_resume",
    "subscriber_unsubscribe",
    "subscription_confirm",
    "subscription_request",
]
