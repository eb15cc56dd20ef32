"""Typing into a day with the running timer: new time goes before the timer's start, never
after now and never over the timer; when it does not fit, the plan is refused and says how."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import count

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.frozen_time import BERLIN
from tui.domain.models import TimeEntry
from tui.domain.timesheet import PlanError, apply_ops, cell_entries, plan_cell_edit
from tui.domain.weeks import day_bounds

TODAY = date(2026, 11, 18)
NOW = datetime(2026, 11, 18, 14, 30, tzinfo=UTC)  # 15:30 in Berlin
A = ("p1", None)
C = ("p2", None)
_ids = count()


def at(hh: int, mm: int = 0, day: date = TODAY) -> datetime:
    return datetime.combine(day, time(hh, mm), BERLIN).astimezone(UTC)


def entry(
    start: datetime, end: datetime | None, key: tuple[str | None, str | None] = A
) -> TimeEntry:
    return TimeEntry(id=f"e{next(_ids)}", workspace_id="w", start=start, end=end, project_id=key[0])


def planned(
    entries: list[TimeEntry], key: tuple[str | None, str | None], target: int, day: date = TODAY
) -> list[TimeEntry]:
    ops = plan_cell_edit(entries, key, day, target, BERLIN, now=NOW)
    made = [
        TimeEntry(id=f"new{i}", workspace_id="w", **op.fields.entry_fields())
        for i, op in enumerate(o for o in ops if hasattr(o, "fields"))
    ]
    return apply_ops(entries, ops, made)


def cell(entries: list[TimeEntry], key: tuple[str | None, str | None], day: date = TODAY) -> int:
    d0, d1 = day_bounds(day, BERLIN)
    return sum(
        int((min(e.end, d1) - max(e.start, d0)).total_seconds())
        for e in cell_entries(entries, key, day, BERLIN)
        if e.end is not None
    )


def test_the_timers_cell_gets_its_time_before_the_timer_started() -> None:
    running = entry(at(10), None)
    after = planned([running], A, 3600)
    assert cell(after, A) == 3600
    [new] = [e for e in after if e.end is not None]
    assert (new.start, new.end) == (at(9), at(10))  # the workday start, up to the timer


def test_a_cell_that_cannot_grow_into_the_timer_adds_time_elsewhere_before_it() -> None:
    running = entry(at(9), None)
    morning = entry(at(8), at(9))
    after = planned([morning, running], A, 2 * 3600)
    assert cell(after, A) == 2 * 3600
    assert running in after
    for e in after:
        if e.end is not None:
            assert e.end <= running.start  # nothing after the timer's start, so not after now


def test_other_rows_of_the_day_also_keep_clear_of_the_timer() -> None:
    running = entry(at(10), None, C)
    after = planned([running], A, 3 * 3600)
    [new] = [e for e in after if e.end is not None]
    assert new.end is not None
    assert new.end <= running.start
    assert new.end <= NOW


def test_when_it_does_not_fit_before_the_timer_the_plan_says_how() -> None:
    running = entry(at(0, 30), None)
    with pytest.raises(PlanError, match="before the running timer of this cell") as refused:
        plan_cell_edit([running], A, TODAY, 3600, BERLIN, now=NOW)
    assert "since 00:30" in str(refused.value)
    assert "stop the timer, or edit its start" in str(refused.value)


def test_a_later_day_is_planned_as_before() -> None:
    """The timer says nothing about tomorrow, which has not begun."""
    running = entry(at(10), None)
    tomorrow = TODAY + timedelta(days=1)
    after = planned([running], A, 3600, tomorrow)
    assert cell(after, A, tomorrow) == 3600


@settings(max_examples=200, deadline=None)
@given(
    start_minute=st.integers(min_value=0, max_value=15 * 60 + 30),
    finished=st.lists(
        st.tuples(st.integers(0, 24 * 60 - 1), st.integers(1, 180), st.sampled_from([A, C])),
        max_size=5,
    ),
    key=st.sampled_from([A, C]),
    target=st.integers(min_value=0, max_value=12 * 3600),
)
def test_no_plan_ever_puts_time_over_the_timer_or_after_now(
    start_minute: int,
    finished: list[tuple[int, int, tuple[str | None, str | None]]],
    key: tuple[str | None, str | None],
    target: int,
) -> None:
    d0 = day_bounds(TODAY, BERLIN)[0]
    running = entry(d0 + timedelta(minutes=start_minute), None, A)
    entries = [running]
    for first, length, row in sorted(finished):
        start = d0 + timedelta(minutes=first)
        end = min(start + timedelta(minutes=length), running.start)
        if start < end and all(e.end is None or end <= e.start or start >= e.end for e in entries):
            entries.append(entry(start, end, row))
    try:
        after = planned(entries, key, target)
    except PlanError:
        return
    assert cell(after, key) == target
    for e in after:
        if e.end is not None and e not in entries:  # what the plan made or changed
            assert e.end <= running.start
            assert e.end <= NOW
