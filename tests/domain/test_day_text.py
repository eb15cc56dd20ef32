"""One way to write a day and a moment in the command line's output."""

from __future__ import annotations

import locale
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from tui.domain.day_text import day_text, days_text, moment_text, weekday_day

BERLIN = ZoneInfo("Europe/Berlin")


def today(now: datetime, tz: ZoneInfo) -> date:
    return now.astimezone(tz).date()


def test_a_day_is_weekday_padded_day_month_and_year() -> None:
    assert day_text(date(2026, 12, 1)) == "Tue 01 Dec 2026"
    assert day_text(date(2026, 11, 30)) == "Mon 30 Nov 2026"
    assert weekday_day(date(2026, 12, 6)) == "Sun 06"


def test_the_words_do_not_follow_the_process_locale() -> None:
    before = locale.setlocale(locale.LC_TIME)
    try:
        try:
            locale.setlocale(locale.LC_TIME, "de_DE.UTF-8")
        except locale.Error:
            locale.setlocale(locale.LC_TIME, "C")
        assert day_text(date(2026, 5, 3)) == "Sun 03 May 2026"
    finally:
        locale.setlocale(locale.LC_TIME, before)


def test_a_run_of_days_and_a_single_day() -> None:
    first, last = date(2026, 12, 28), date(2027, 1, 3)
    assert days_text(first, last) == "Mon 28 Dec 2026 – Sun 03 Jan 2027"
    assert days_text(first, first) == "Mon 28 Dec 2026"


def test_a_moment_says_its_day_unless_it_is_today() -> None:
    now = datetime(2026, 12, 2, 14, 0, tzinfo=UTC)  # Wed 15:00 in Berlin
    assert (
        moment_text(datetime(2026, 12, 2, 8, 15, tzinfo=UTC), BERLIN, today(now, BERLIN)) == "09:15"
    )
    assert (
        moment_text(datetime(2026, 12, 1, 16, 0, tzinfo=UTC), BERLIN, today(now, BERLIN))
        == "17:00 yesterday (Tue 01 Dec 2026)"
    )
    assert (
        moment_text(datetime(2026, 11, 30, 8, 0, tzinfo=UTC), BERLIN, today(now, BERLIN))
        == "09:00 on Mon 30 Nov 2026"
    )
    assert (
        moment_text(datetime(2026, 12, 3, 8, 0, tzinfo=UTC), BERLIN, today(now, BERLIN))
        == "09:00 tomorrow (Thu 03 Dec 2026)"
    )


def test_the_day_is_the_zones_day_not_utcs() -> None:
    """23:30 UTC on the 1st is already the 2nd in Berlin: today there, no day said."""
    now = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    assert (
        moment_text(datetime(2026, 12, 1, 23, 30, tzinfo=UTC), BERLIN, today(now, BERLIN))
        == "00:30"
    )
    assert (
        moment_text(datetime(2026, 12, 1, 23, 30, tzinfo=UTC), UTC, today(now, ZoneInfo("UTC")))
        == "23:30 yesterday (Tue 01 Dec 2026)"
    )
