"""The grid rebuilt for the rows an edit touched is the grid built from scratch: for any
week of entries and any change to them (entries added, removed, moved between rows or days,
a row's last entry gone, a kept empty row), row for row and in the same order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.frozen_time import BERLIN
from tui.domain.models import Client, Project, Task, TimeEntry
from tui.domain.timesheet import Catalog, RowKey, build_grid, row_key, update_grid
from tui.domain.weeks import week_days

MONDAY = datetime(2026, 11, 16, tzinfo=BERLIN).date()
DAYS = week_days(MONDAY)
START = datetime(2026, 11, 15, 20, tzinfo=UTC)  # Sunday evening: some entries spill in
KEYS: list[RowKey] = [("p1", None), ("p1", "t1"), ("p2", None), (None, None), ("p3", None)]
CATALOG = Catalog(
    clients={"c1": Client(id="c1", workspace_id="w", name="Acme")},
    projects={
        "p1": Project(id="p1", workspace_id="w", name="Website", client_id="c1"),
        "p2": Project(id="p2", workspace_id="w", name="Internal"),
        "p3": Project(id="p3", workspace_id="w", name="Ads", client_id="c1"),
    },
    tasks={"t1": Task(id="t1", project_id="p1", name="Design")},
)

an_entry = st.builds(
    lambda n, key, start_h, length_m, running: TimeEntry(
        id=f"e{n}",
        workspace_id="w",
        start=START + timedelta(hours=start_h),
        end=None if running else START + timedelta(hours=start_h, minutes=length_m),
        project_id=KEYS[key][0],
        task_id=KEYS[key][1],
    ),
    st.integers(0, 40),
    st.integers(0, len(KEYS) - 1),
    st.integers(0, 8 * 24),
    st.integers(1, 600),
    st.booleans(),  # running: no end, never counted
)


def by_id(entries: list[TimeEntry]) -> list[TimeEntry]:
    return list({e.id: e for e in entries}.values())


@settings(max_examples=300, deadline=None)
@given(
    st.lists(an_entry, max_size=25).map(by_id),
    st.lists(an_entry, max_size=6),
    st.sets(st.integers(0, 40), max_size=5),
    st.sets(st.integers(0, len(KEYS) - 1), max_size=2),
)
def test_updating_the_touched_rows_gives_the_grid_built_from_scratch(
    before: list[TimeEntry], added: list[TimeEntry], removed: set[int], kept: set[int]
) -> None:
    extra = [KEYS[k] for k in sorted(kept)]
    after = by_id([e for e in before if int(e.id[1:]) not in removed] + added)
    old = build_grid(before, DAYS, BERLIN, CATALOG, extra)
    touched = {row_key(e) for e in set(before).symmetric_difference(after)}
    updated = update_grid(old, after, touched, BERLIN, CATALOG, extra)
    assert updated == build_grid(after, DAYS, BERLIN, CATALOG, extra)
