import datetime

import pytest
from django.template import Context, Template

from wijkwijzer.dates import format_date_range, format_day, format_time_range

D = datetime.date


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2022, 5, 13), None, "13 mei 2022"),
        (D(2022, 5, 13), D(2022, 5, 13), "13 mei 2022"),
        (D(2022, 8, 29), D(2022, 8, 31), "29–31 augustus 2022"),
        (D(2022, 6, 30), D(2022, 7, 2), "30 juni – 2 juli 2022"),
        (D(2022, 12, 31), D(2023, 1, 2), "31 december 2022 – 2 januari 2023"),
        (D(2022, 3, 1), None, "1 maart 2022"),
    ],
)
def test_date_ranges_are_written_the_dutch_way(start, end, expected):
    assert format_date_range(start, end) == expected


def test_every_month_has_its_dutch_name():
    names = [format_day(D(2022, month, 1)).split()[1] for month in range(1, 13)]
    assert names == [
        "januari", "februari", "maart", "april", "mei", "juni",
        "juli", "augustus", "september", "oktober", "november", "december",
    ]  # fmt: skip


def test_time_ranges():
    assert format_time_range(datetime.time(10), datetime.time(12, 30)) == "10:00–12:30 uur"
    assert format_time_range(datetime.time(9, 5)) == "09:05 uur"
    assert format_time_range(None) == ""


def test_template_tags_render_dates_in_dutch():
    html = Template("{% load dutch_dates %}{% date_range start end %}|{{ moment|dutch_date }}").render(
        Context(
            {
                "start": D(2022, 11, 16),
                "end": D(2022, 11, 18),
                # 23:30 UTC on 12 May is already 13 May in Amsterdam.
                "moment": datetime.datetime(2022, 5, 12, 23, 30, tzinfo=datetime.UTC),
            }
        )
    )
    assert html == "16–18 november 2022|13 mei 2022"
