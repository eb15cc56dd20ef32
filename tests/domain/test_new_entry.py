"""A new entry's first values: after the day's last finished entry (or at the workday's
start), an hour long or until now, never past the day."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from tests.frozen_time import BERLIN
from tui.domain.models import TimeEntry
from tui.domain.new_entry import new_entry_span
from tui.domain.weeks import day_bounds

DAY = date(2026, 11, 18)
NINE = time(9, 0)


def berlin(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime.combine(day, time(hour, minute), BERLIN).astimezone(UTC)


def entry(start: datetime, end: datetime | None) -> TimeEntry:
    return TimeEntry(start=start, end=end, id=f"e{start:%H%M}", workspace_id="w")


LATER = berlin(23, 59, date(2026, 11, 30))  # "now" long after the day


def test_an_empty_day_starts_at_the_workday_start_for_an_hour() -> None:
    assert new_entry_span(DAY, [], BERLIN, workday_start=NINE, now=LATER) == (
        berlin(9),
        berlin(10),
    )


def test_it_starts_where_the_days_last_finished_entry_ends() -> None:
    entries = [entry(berlin(9), berlin(10, 30)), entry(berlin(13), berlin(14, 15))]
    span = new_entry_span(DAY, entries, BERLIN, workday_start=NINE, now=LATER)
    assert span == (berlin(14, 15), berlin(15, 15))


def test_today_it_ends_now_when_now_comes_before_the_hour_is_up() -> None:
    entries = [entry(berlin(9), berlin(10))]
    now = berlin(10, 20)
    assert new_entry_span(DAY, entries, BERLIN, workday_start=NINE, now=now) == (berlin(10), now)


def test_it_never_runs_past_midnight() -> None:
    entries = [entry(berlin(22), berlin(23, 30))]
    start, end = new_entry_span(DAY, entries, BERLIN, workday_start=NINE, now=LATER)
    assert (start, end) == (berlin(23, 30), day_bounds(DAY, BERLIN)[1])


def test_entries_of_other_days_and_the_running_one_do_not_count() -> None:
    entries = [
        entry(berlin(20, day=DAY - timedelta(days=1)), berlin(21, day=DAY - timedelta(days=1))),
        entry(berlin(11), None),
    ]
    span = new_entry_span(DAY, entries, BERLIN, workday_start=NINE, now=LATER)
    assert span == (berlin(9), berlin(10))


@given(
    st.lists(st.tuples(st.integers(0, 1439), st.integers(1, 600)), max_size=6),
    st.integers(0, 3 * 1440),
)
def test_the_span_is_always_within_the_day_and_not_empty(
    spans: list[tuple[int, int]], now_minutes: int
) -> None:
    first, last = day_bounds(DAY, BERLIN)
    entries = [
        entry(first + timedelta(minutes=s), first + timedelta(minutes=s + length))
        for s, length in spans
    ]
    now = first + timedelta(minutes=now_minutes)
    start, end = new_entry_span(DAY, entries, BERLIN, workday_start=NINE, now=now)
    assert first <= start < end <= last
    assert start.tzinfo is not None
    assert start.microsecond == end.microsecond == 0
