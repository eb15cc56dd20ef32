"""The grid maths and the cell-edit planner: hand-checked cases, then properties."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.domain.models import Client, EntryFields, Project, Task, TimeEntry
from tui.domain.timesheet import (
    Catalog,
    Create,
    Delete,
    PlanError,
    RowKey,
    Update,
    apply_ops,
    build_grid,
    cell_entries,
    plan_cell_edit,
)
from tui.domain.weeks import day_bounds, seconds_by_day, week_days

BERLIN = ZoneInfo("Europe/Berlin")
WEEK = week_days(date(2026, 11, 16))
DST_WEEK = week_days(date(2026, 10, 19))  # Sunday 25 Oct 2026 has 25 hours in Berlin
NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
A = ("p1", None)
B = ("p1", "t1")
C = ("p2", None)
KEYS = [A, B, C]
_ids = itertools.count()


def local(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm), BERLIN).astimezone(UTC)


def entry(start: datetime, end: datetime | None, key=A, **kw) -> TimeEntry:
    return TimeEntry(
        id=f"e{next(_ids)}",
        workspace_id="w",
        start=start,
        end=end,
        project_id=key[0],
        task_id=key[1],
        **kw,
    )


def cell(entries, key, day) -> int:
    total = 0
    for e in entries:
        if e.end is not None and (e.project_id, e.task_id) == key:
            total += seconds_by_day(e.start, e.end, BERLIN).get(day, 0)
    return total


def apply(entries, ops):
    created = [
        TimeEntry(id=f"n{next(_ids)}", workspace_id="w", **op.fields.entry_fields())
        for op in ops
        if isinstance(op, Create)
    ]
    return apply_ops(entries, ops, created)


def assert_no_overlap(entries):
    spans = sorted((e.start, e.end or NOW) for e in entries)
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert end <= start, "entries overlap"


# ---------------------------------------------------------------- the grid


def test_grid_sums_rows_and_days_and_splits_midnight():
    catalog = Catalog(
        clients={"c1": Client(id="c1", workspace_id="w", name="Acme")},
        projects={
            "p1": Project(id="p1", workspace_id="w", name="Website", client_id="c1"),
            "p2": Project(id="p2", workspace_id="w", name="Internal"),
        },
        tasks={"t1": Task(id="t1", project_id="p1", name="Design")},
    )
    entries = [
        entry(local(WEEK[0], 9), local(WEEK[0], 10, 30), A),
        entry(local(WEEK[1], 23), local(WEEK[2], 1), B),  # crosses midnight
        entry(local(WEEK[2], 14), local(WEEK[2], 15), C),
        entry(local(WEEK[3], 8), None, C),  # running: not counted
    ]
    grid = build_grid(entries, WEEK, BERLIN, catalog)
    labels = [row.label for row in grid.rows]
    assert labels == ["Acme › Website", "Acme › Website › Design", "Internal"]
    assert grid.rows[0].seconds == (5400, 0, 0, 0, 0, 0, 0)
    assert grid.rows[1].seconds == (0, 3600, 3600, 0, 0, 0, 0)
    assert grid.day_totals == (5400, 3600, 7200, 0, 0, 0, 0)
    assert grid.total == 16200
    assert grid.rows[1].client == "Acme"
    assert grid.rows[1].task == "Design"


def test_grid_keeps_rows_added_without_time():
    grid = build_grid([], WEEK, BERLIN, Catalog(), extra_rows=[C])
    assert [row.key for row in grid.rows] == [C]
    assert grid.rows[0].total == 0


def test_dst_week_total_counts_the_extra_hour():
    sunday = DST_WEEK[6]
    whole_day = entry(day_bounds(sunday, BERLIN)[0], day_bounds(sunday, BERLIN)[1], A)
    grid = build_grid([whole_day], DST_WEEK, BERLIN, Catalog())
    assert grid.rows[0].seconds[6] == 25 * 3600


# ---------------------------------------------------------------- the planner by hand


def plan(entries, key, day, target, **kw):
    return plan_cell_edit(entries, key, day, target, BERLIN, now=NOW, **kw)


def test_empty_cell_gets_one_entry_at_workday_start():
    ops = plan([], A, WEEK[0], 5400, billable_default=True)
    assert len(ops) == 1
    assert isinstance(ops[0], Create)
    assert ops[0].fields.start == local(WEEK[0], 9)
    assert ops[0].fields.end == local(WEEK[0], 10, 30)
    assert ops[0].fields.billable is True


def test_workday_start_is_configurable():
    ops = plan([], A, WEEK[0], 3600, workday_start=time(7, 30))
    assert ops[0].fields.start == local(WEEK[0], 7, 30)


def test_new_entry_goes_right_after_the_days_last_entry():
    other = entry(local(WEEK[0], 9), local(WEEK[0], 12), C)
    ops = plan([other], A, WEEK[0], 3600)
    assert ops[0].fields.start == local(WEEK[0], 12)
    assert ops[0].fields.end == local(WEEK[0], 13)


def test_new_entry_finds_a_free_slot_when_the_evening_is_full():
    late = entry(local(WEEK[0], 20), local(WEEK[0], 23, 30), C)
    ops = plan([late], A, WEEK[0], 2 * 3600)
    assert ops[0].fields.start == local(WEEK[0], 9)


def test_one_entry_moves_its_end_and_keeps_its_fields():
    e = entry(
        local(WEEK[0], 9),
        local(WEEK[0], 10),
        A,
        description="Design review",
        tag_ids=("g1",),
        billable=True,
    )
    ops = plan([e], A, WEEK[0], 2 * 3600)
    assert ops == [Update(e, e.replace(end=local(WEEK[0], 11)))]
    shrunk = plan([e], A, WEEK[0], 1800)
    assert shrunk[0].after.end == local(WEEK[0], 9, 30)
    assert shrunk[0].after.description == "Design review"
    assert shrunk[0].after.billable


def test_several_entries_change_the_latest():
    early = entry(local(WEEK[0], 9), local(WEEK[0], 10), A)
    late = entry(local(WEEK[0], 14), local(WEEK[0], 15), A)
    ops = plan([early, late], A, WEEK[0], 3 * 3600)
    assert ops == [Update(late, late.replace(end=local(WEEK[0], 16)))]
    # Taking more than the latest holds removes it and shortens the one before.
    ops = plan([early, late], A, WEEK[0], 1800)
    assert ops[0] == Delete(late)
    assert ops[1].after.end == local(WEEK[0], 9, 30)


def test_growing_into_a_neighbour_adds_an_entry_instead_of_overlapping():
    mine = entry(local(WEEK[0], 9), local(WEEK[0], 10), A, description="x")
    theirs = entry(local(WEEK[0], 10), local(WEEK[0], 11), C)
    ops = plan([mine, theirs], A, WEEK[0], 2 * 3600)
    assert isinstance(ops[0], Create)
    assert ops[0].fields.start == local(WEEK[0], 11)
    assert ops[0].fields.description == "x"


def test_zero_deletes_and_trims_midnight_crossers_to_the_day():
    inside = entry(local(WEEK[1], 9), local(WEEK[1], 10), A)
    crossing = entry(local(WEEK[1], 23), local(WEEK[2], 1), A)
    ops = plan([inside, crossing], A, WEEK[2], 0)
    assert ops == [Update(crossing, crossing.replace(end=local(WEEK[2], 0)))]
    after = apply([inside, crossing], ops)
    assert cell(after, A, WEEK[1]) == 2 * 3600  # Tuesday untouched
    ops = plan([inside, crossing], A, WEEK[1], 0)
    after = apply([inside, crossing], ops)
    assert cell(after, A, WEEK[1]) == 0
    assert cell(after, A, WEEK[2]) == 3600  # Wednesday untouched


def test_a_day_cannot_hold_more_than_its_length():
    busy = entry(local(WEEK[0], 0), local(WEEK[0], 20), C)
    with pytest.raises(PlanError, match="at most 4:00"):
        plan([busy], A, WEEK[0], 5 * 3600)


def test_locked_cells_are_refused():
    e = entry(local(WEEK[0], 9), local(WEEK[0], 10), A, locked=True)
    with pytest.raises(PlanError, match="locked"):
        plan([e], A, WEEK[0], 0)


def test_running_entry_is_never_overlapped():
    """Nor is time put after it: the timer will hold that time once it is stopped."""
    running = entry(local(WEEK[2], 9), None, C)  # 09:00 until now (10:30 Berlin)
    ops = plan([running], A, WEEK[2], 3600)
    assert ops[0].fields.end <= running.start
    assert running not in [getattr(op, "before", None) for op in ops]


def test_unchanged_target_plans_nothing():
    e = entry(local(WEEK[0], 9), local(WEEK[0], 10), A)
    assert plan([e], A, WEEK[0], 3600) == []
    assert cell_entries([e], A, WEEK[0], BERLIN) == [e]


# ---------------------------------------------------------------- the planner's properties


@st.composite
def week_of_entries(draw):
    days = draw(st.sampled_from([WEEK, DST_WEEK]))
    start, end = day_bounds(days[0], BERLIN)[0], day_bounds(days[6], BERLIN)[1]
    minutes = int((end - start).total_seconds() // 60)
    points = sorted(set(draw(st.lists(st.integers(0, minutes), max_size=16))))
    entries = []
    for i in range(0, len(points) - 1, 2):
        a, b = points[i], points[i + 1]
        if b - a > 24 * 60:
            b = a + draw(st.integers(1, 24 * 60))
        entries.append(
            entry(
                start + timedelta(minutes=a),
                start + timedelta(minutes=b),
                draw(st.sampled_from(KEYS)),
                description=f"d{i}",
            )
        )
    edits = draw(
        st.lists(
            st.tuples(st.sampled_from(KEYS), st.integers(0, 6), st.integers(0, 12 * 4)),
            min_size=1,
            max_size=8,
        )
    )
    return days, entries, [(k, d, quarters * 900) for k, d, quarters in edits]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(week_of_entries())
def test_any_sequence_of_edits_ends_with_what_was_typed(case):
    days, entries, edits = case
    assert_no_overlap(entries)
    typed: dict[tuple[RowKey, date], int] = {}
    for key, d, target in edits:
        day = days[d]
        before = {e.id: e for e in entries}
        cells_before = {(k, x): cell(entries, k, x) for k in KEYS for x in days}
        try:
            ops = plan(entries, key, day, target)
        except PlanError:
            # Only growing can be refused (no room left that day); shrinking always works.
            assert target > cells_before[(key, day)]
            continue
        entries = apply(entries, ops)
        typed[(key, day)] = target
        assert cell(entries, key, day) == target
        assert_no_overlap(entries)
        for (k, x), seconds in cells_before.items():
            if (k, x) != (key, day):
                assert cell(entries, k, x) == seconds, "another cell changed"
        touched = {op.before.id for op in ops if isinstance(op, Update)}
        touched |= {op.entry.id for op in ops if isinstance(op, Delete)}
        for e in entries:
            if e.id in before and e.id not in touched:
                assert e == before[e.id], "an untouched entry changed"
            if e.id in before:
                old = before[e.id]
                assert (e.description, e.tag_ids, e.billable) == (
                    old.description,
                    old.tag_ids,
                    old.billable,
                )
    for (key, day), target in typed.items():
        assert cell(entries, key, day) == target


@given(st.lists(st.integers(1, 8 * 3600), min_size=1, max_size=3))
def test_created_entries_keep_fields_of_the_row(targets):
    entries: list[TimeEntry] = []
    for target in targets:
        entries = apply(entries, plan(entries, B, WEEK[0], target, billable_default=True))
    assert cell(entries, B, WEEK[0]) == targets[-1]
    assert all(e.project_id == "p1" and e.task_id == "t1" and e.billable for e in entries)


def test_entry_fields_reject_an_end_before_the_start():
    with pytest.raises(ValueError, match="cannot end before it starts"):
        EntryFields(start=local(WEEK[0], 10), end=local(WEEK[0], 9))
