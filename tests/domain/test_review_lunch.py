"""One break a working day up to the lunch limit is not a gap: the review reports the holes a
user would want to fill, not the lunch everybody takes."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time

from tests.frozen_time import BERLIN
from tui.domain.models import TimeEntry
from tui.domain.review import Expectations, build_review
from tui.domain.weeks import week_days

WEEK = week_days(date(2026, 11, 16))  # Mon 16 – Sun 22 Nov 2026
MON, TUE = WEEK[0], WEEK[1]
NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)  # Friday: Monday and Tuesday are behind us
_ids = itertools.count()


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm), BERLIN).astimezone(UTC)


def day_of(day: date, *spans: tuple[int, int, int, int]) -> list[TimeEntry]:
    """Entries on ``day`` from (start h, start m, end h, end m) spans."""
    return [
        TimeEntry(id=f"e{next(_ids)}", workspace_id="w", start=at(day, a, b), end=at(day, c, d))
        for a, b, c, d in spans
    ]


def gaps(entries: list[TimeEntry], expect: Expectations | None = None) -> list[str]:
    expect = expect or Expectations()
    review = build_review(entries, WEEK, BERLIN, now=NOW, expect=expect)
    return [f"{p.day:%a} {p.message}" for p in review.problems if p.kind == "gap"]


def test_the_defaults_allow_an_hour_for_lunch_and_half_an_hour_between_entries():
    expect = Expectations()
    assert (expect.gap_seconds, expect.lunch_seconds) == (30 * 60, 60 * 60)


def test_one_45_minute_lunch_is_no_gap():
    assert gaps(day_of(MON, (9, 0, 12, 30), (13, 15, 17, 30))) == []


def test_a_second_gap_on_the_lunch_day_is_reported_and_the_lunch_is_not():
    # A 40-minute hole in the morning, then a 45-minute lunch: the longer one is the lunch.
    monday = day_of(MON, (9, 0, 10, 0), (10, 40, 12, 30), (13, 15, 17, 30))
    assert gaps(monday) == ["Mon Gap 10:00–10:40 (0:40) between entries"]
    # The same when the hole comes after the lunch.
    tuesday = day_of(TUE, (9, 0, 12, 30), (13, 15, 15, 0), (15, 40, 17, 30))
    assert gaps(tuesday) == ["Tue Gap 15:00–15:40 (0:40) between entries"]


def test_each_day_has_its_own_lunch():
    week = day_of(MON, (9, 0, 12, 0), (12, 50, 17, 30)) + day_of(TUE, (9, 0, 12, 0), (13, 0, 17, 0))
    assert gaps(week) == []


def test_a_90_minute_break_is_longer_than_a_lunch_and_is_one_gap():
    # It says why it is listed: a long lunch is not mistaken for a missed one.
    assert gaps(day_of(MON, (9, 0, 12, 0), (13, 30, 17, 30))) == [
        "Mon Gap 12:00–13:30 (1:30) between entries, longer than a 1:00 lunch"
    ]
    # Beside a lunch it is a gap like any other.
    tuesday = day_of(TUE, (9, 0, 12, 0), (12, 45, 14, 0), (15, 30, 17, 30))
    assert gaps(tuesday) == ["Tue Gap 14:00–15:30 (1:30) between entries"]


def test_the_lunch_limit_is_inclusive_and_a_minute_more_is_a_gap():
    assert gaps(day_of(MON, (9, 0, 12, 0), (13, 0, 17, 30))) == []
    assert gaps(day_of(MON, (9, 0, 12, 0), (13, 1, 17, 30))) == [
        "Mon Gap 12:00–13:01 (1:01) between entries, longer than a 1:00 lunch"
    ]


def test_a_short_pause_is_not_taken_for_the_lunch():
    # Ten minutes between meetings is under the gap limit: it does not use up the lunch.
    monday = day_of(MON, (9, 0, 10, 0), (10, 10, 12, 0), (12, 45, 17, 30))
    assert gaps(monday) == []


def test_no_lunch_allowed_reports_every_gap_over_the_limit():
    monday = day_of(MON, (9, 0, 10, 0), (10, 40, 12, 30), (13, 15, 17, 30))
    assert gaps(monday, Expectations(lunch_seconds=0)) == [
        "Mon Gap 10:00–10:40 (0:40) between entries",
        "Mon Gap 12:30–13:15 (0:45) between entries",
    ]


def test_a_longer_lunch_limit_is_honoured():
    expect = Expectations(lunch_seconds=90 * 60)
    assert gaps(day_of(MON, (9, 0, 12, 0), (13, 30, 17, 30)), expect) == []
