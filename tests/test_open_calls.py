"""Open and closed calls: the same calls as each call's own ``is_open`` says, in deadline order, and read without
passing the calls that closed before today (over the years most of them)."""

from __future__ import annotations

import datetime
import json
from zoneinfo import ZoneInfo

import psycopg
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from calls import views as call_views
from calls.models import Call
from tests.builders import make_call, make_partner, make_theme
from themes import dossier
from wijkwijzer import content, views

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
TODAY = datetime.date(2026, 6, 10)


def at(hour: int, minute: int = 0, day: datetime.date = TODAY) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=AMSTERDAM)


@pytest.fixture
def calls(db):
    """Calls around today: without a deadline, past, today with and without a time, tomorrow, far ahead."""
    partner, theme = make_partner(), make_theme()
    made = []
    for number, (deadline, time) in enumerate(
        [
            (None, None),
            (TODAY - datetime.timedelta(days=400), None),
            (TODAY - datetime.timedelta(days=1), None),
            (TODAY - datetime.timedelta(days=1), datetime.time(23, 59)),
            (TODAY, None),
            (TODAY, datetime.time(9, 0)),
            (TODAY, datetime.time(17, 30)),
            (TODAY, datetime.time(17, 30)),
            (TODAY + datetime.timedelta(days=1), datetime.time(0, 1)),
            (TODAY + datetime.timedelta(days=1), None),
            (datetime.date(9999, 12, 30), None),
            (None, None),
        ]
    ):
        relations = {"partners": [partner], "themes": [theme]} if number % 2 else {}
        made.append(
            make_call(
                title=f"Oproep {number % 5}",
                slug=f"oproep-{number}",
                deadline_date=deadline,
                deadline_time=time,
                **relations,
            )
        )
    return made, partner, theme


def expected_order(calls: list[Call]) -> list[Call]:
    """Soonest deadline first, then the earliest time (a whole day last), then the title; no deadline last."""
    return sorted(
        calls,
        key=lambda c: (
            c.deadline_date is None,
            c.deadline_date or TODAY,
            c.deadline_time is None,
            c.deadline_time or datetime.time(),
            c.title,
        ),
    )


@pytest.mark.parametrize("moment", [at(0, 0), at(8, 59), at(9, 0), at(17, 29), at(17, 30), at(23, 59)])
def test_open_and_closed_calls_are_those_their_deadlines_say_in_deadline_order(calls, moment, monkeypatch):
    made, partner, theme = calls
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
    open_now = [call for call in made if call.is_open]
    assert len(open_now) >= 5 and len(open_now) < len(made)  # the moment splits the calls
    assert list(Call.objects.open(moment)) == expected_order(open_now)
    assert set(Call.objects.closed(moment)) == set(made) - set(open_now)
    linked = [call for call in open_now if call.partners.exists()]
    assert linked and list(Call.objects.open(moment).for_partner(partner)) == expected_order(linked)
    assert list(Call.objects.open(moment).for_theme(theme.pk)) == expected_order(linked)
    # As the pages read them (prepared statements).
    assert call_views._open.selection(moment=moment).count() == len(open_now)
    assert content._calls(partner.pk, moment=moment, limit=100) == expected_order(linked)
    assert dossier._calls(theme.pk, moment=moment, limit=2) == expected_order(linked)[:2]


def calls_rows_read(sql: str, params: list) -> int:
    """How many rows of ``calls_call`` the plan for any values (as the site runs its statements) reads for ``params``:
    rows returned by its scans of that table plus the rows they passed over."""
    raw = connection.connection
    numbered = sql.replace("%s", "{}").format(*(f"${n}" for n in range(1, len(params) + 1)))
    raw.execute("SET plan_cache_mode = force_generic_plan", prepare=False)
    raw.execute(f"PREPARE open_calls_plan AS {numbered}", prepare=False)
    try:
        client = psycopg.ClientCursor(raw)
        placeholders = ", ".join(["%s"] * len(params))
        client.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE open_calls_plan({placeholders})", params)
        plan = client.fetchone()[0]
    finally:
        raw.execute("DEALLOCATE open_calls_plan", prepare=False)
        raw.execute("RESET plan_cache_mode", prepare=False)
    plan = json.loads(plan) if isinstance(plan, str) else plan

    def walk(node) -> int:
        own = 0
        if node.get("Relation Name") == "calls_call":
            passed = node.get("Rows Removed by Filter", 0) + node.get("Rows Removed by Index Recheck", 0)
            own = (node["Actual Rows"] + passed) * node["Actual Loops"]  # EXPLAIN gives rows per loop
        return own + sum(walk(child) for child in node.get("Plans", []))

    return walk(plan[0]["Plan"])


@pytest.mark.django_db(transaction=True)
def test_open_calls_are_read_without_passing_the_calls_that_closed():
    """Ten open calls among three thousand that closed: the Meedoen list, the home page, the partner page and the
    dossier each read about as many calls as they show, in the plans the site's prepared statements get. (The
    list's count may read every published call, which PostgreSQL finds as cheap where their publication order is
    their table order.)"""
    partner, theme = make_partner(), make_theme()
    moment = timezone.now()
    today = timezone.localdate(moment)
    published = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    deadlines = [today - datetime.timedelta(days=1 + n % 2000) for n in range(3000)]
    deadlines += [today + datetime.timedelta(days=n) for n in range(10)]
    made = Call.objects.bulk_create(
        Call(title=f"Oproep {n}", slug=f"oproep-{n}", status="published", publish_from=published, deadline_date=day)
        for n, day in enumerate(deadlines)
    )
    Call.partners.through.objects.bulk_create(Call.partners.through(call=call, partner=partner) for call in made)
    Call.themes.through.objects.bulk_create(Call.themes.through(call=call, theme=theme) for call in made)
    with connection.cursor() as cursor:  # as autovacuum leaves the tables
        cursor.execute("VACUUM ANALYZE calls_call, calls_call_partners, calls_call_themes")
    # The statements the pages run, as they run them (a page of a list is LIMIT %s OFFSET %s).
    statements = []

    def capture(execute, sql, params, many, context):
        if sql.lstrip().startswith('SELECT "calls_call"."id"'):  # not the partners and themes of the calls found
            statements.append((sql, list(params or ())))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        assert len(call_views._open.selection(moment=moment)[0:12]) == 10
        assert len(views._home_calls(moment=moment)) == 6
        assert len(content._calls(partner.pk, moment=moment, limit=7)) == 7
        assert len(dossier._calls(theme.pk, moment=moment, limit=7)) == 7
    assert len(statements) == 4
    for sql, params in statements:
        assert calls_rows_read(sql, params) <= 20, sql


@pytest.mark.django_db
def test_a_deadline_on_the_last_day_there_is_is_refused_with_a_reason():
    """The last day there is stands for 'no deadline' in the order of open calls (and a day after it cannot be
    written): an editor who types it is asked for an earlier day or none."""
    call = Call(title="Oproep", slug="oproep", summary="Samenvatting.", deadline_date=datetime.date(9999, 12, 31))
    with pytest.raises(ValidationError) as refused:
        call.full_clean()
    assert refused.value.message_dict["deadline_date"] == [
        "Kies een deadline vóór 31 december 9999, of laat het veld leeg als de oproep altijd open staat."
    ]
    call.deadline_date = datetime.date(9999, 12, 30)
    call.full_clean()


@pytest.mark.django_db
def test_publishing_a_call_whose_deadline_has_passed_warns_the_editor(client):
    from django.urls import reverse

    from tests.editors_support import admin_form_data, make_hoofdredactie

    client.force_login(make_hoofdredactie())
    call = make_call(title="Meld je aan", deadline_date=timezone.localdate() + datetime.timedelta(days=5))
    url = reverse("admin:calls_call_change", args=[call.pk])
    warning = "Let op: de deadline van deze oproep is al voorbij."
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).strftime("%d-%m-%Y")
    page = client.post(url, admin_form_data(call, deadline_date=yesterday), follow=True).content.decode()
    assert warning in page
    page = client.post(url, admin_form_data(call, deadline_date=""), follow=True).content.decode()
    assert warning not in page and "Gewijzigd" in page


@pytest.mark.django_db
def test_the_button_text_is_needed_only_with_a_link():
    """Without a link there is no button, so no text for it is asked; with a link it is, in Dutch, with the
    other problems of the call at once."""
    call = Call(title="Oproep", slug="oproep", summary="Samenvatting.", action_label="")
    call.full_clean()
    call.action_url = "https://www.voorbeeld.nl/aanmelden"
    call.publish_until = datetime.datetime(2019, 1, 1, tzinfo=datetime.UTC)  # before 'publiceren vanaf'
    with pytest.raises(ValidationError) as refused:
        call.full_clean()
    assert refused.value.message_dict["action_label"] == [
        "Vul de tekst van de knop in, bijvoorbeeld ‘Meld je aan’, of laat de link leeg."
    ]
    assert "publish_until" in refused.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "stored", "error"),
    [
        ("mailto:aanmelden@movisie.nl", "mailto:aanmelden@movisie.nl", None),
        ("www.movisie.nl/aanmelden", "https://www.movisie.nl/aanmelden", None),
        ("mailto:aanmelden", None, "Vul na ‘mailto:’ één geldig e-mailadres in."),
        ("javascript:alert(1)", None, "Voer een geldige URL in."),
        ("ftp://bestanden.movisie.nl/", None, "Voer een geldige URL in."),
    ],
)
def test_the_button_may_link_to_an_e_mail_address(client, typed, stored, error):
    """Sign-up is often by mail; the link field refused ‘mailto:’ (found in an exploratory test of the admin)."""
    from django.urls import reverse

    from tests.builders import make_call
    from tests.editors_support import admin_form_data, make_hoofdredactie

    client.force_login(make_hoofdredactie())
    call = make_call(title="Wijklab", action_label="Meld je aan")
    response = client.post(reverse("admin:calls_call_change", args=[call.pk]), admin_form_data(call, action_url=typed))
    call.refresh_from_db()
    if error:
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["action_url"] == [error]
        assert call.action_url == ""
    else:
        assert response.status_code == 302, response.context and response.context["adminform"].form.errors
        assert call.action_url == stored
        assert (
            f'<a class="button" href="{stored}" rel="noopener">Meld je aan</a>'
            in client.get(call.get_absolute_url()).content.decode()
        )
