"""The review screen driven for real: Pilot keys on the app over a real SQLite store, from
each kind of problem to the cell (and entry) that fixes it, week moves, breakdowns, export."""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from tests.app.pilot_helpers import loaded, settle
from tests.frozen_time import BERLIN, FROZEN_NOW
from tui.app import PunchcardApp
from tui.app_factory import build_app
from tui.backends.local import LocalBackend
from tui.config import Settings
from tui.domain.models import EntryFields, WorkspaceRules
from tui.domain.review import Review
from tui.screens.cell_entries import CellEntriesScreen
from tui.screens.review import ReviewScreen
from tui.screens.timesheet import TimesheetScreen
from tui.widgets.breakdown_bars import BreakdownBars
from tui.widgets.problem_list import ProblemList
from tui.widgets.status_line import StatusLine
from tui.widgets.timesheet_table import TimesheetTable

SIZE = (120, 36)
MON = date(2026, 11, 16)  # the week shown at the frozen clock: Mon 16 – Sun 22 Nov 2026


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm), BERLIN).astimezone(UTC)


class RulesBackend(LocalBackend):
    """The embedded store, in a workspace that requires a description on every entry."""

    async def workspace_rules(self, workspace_id: str) -> WorkspaceRules:
        await super().workspace_rules(workspace_id)
        return WorkspaceRules(description_required=True)


async def seed(path: Path) -> dict[str, str]:
    """A week with one problem of each kind a cell or an entry fixes; ids by role."""
    backend = LocalBackend(path)
    ws = (await backend.list_workspaces())[0].id
    web = await backend.create_project(ws, "Website")
    ops = await backend.create_project(ws, "Ops")
    tue = MON + timedelta(days=1)

    async def add(start: datetime, end: datetime, project: str, text: str = "work") -> str:
        fields = EntryFields(start=start, end=end, project_id=project, description=text)
        return (await backend.create_entry(ws, fields)).id

    ids = {
        "web": web.id,
        "ops": ops.id,
        # Sunday night into Monday: crosses midnight, on Monday inside this week.
        "night": await add(at(MON - timedelta(days=1), 23), at(MON, 1), ops.id),
        # 08:30–09:30 then 11:00: a gap of an hour and a half after the first, longer than
        # the hour a lunch break may take.
        "before_gap": await add(at(MON, 8, 30), at(MON, 9, 30), web.id),
        "after_gap": await add(at(MON, 11), at(MON, 12, 30), web.id),
        # Ops from 12:15 shares a quarter of an hour with the Website entry before it.
        "overlapping": await add(at(MON, 12, 15), at(MON, 13, 30), ops.id),
        # No description, in a workspace that requires one.
        "undescribed": await add(at(MON, 13, 30), at(MON, 15), web.id, ""),
        "tuesday": tue.isoformat(),  # Tuesday has no time: an empty working day
    }
    await backend.aclose()
    return ids


def app_on(store_path: Path) -> PunchcardApp:
    return build_app(
        Settings(timezone="Europe/Berlin"),
        backend=RulesBackend(store_path),
        clock=lambda: FROZEN_NOW,
        machine_tz=BERLIN,
    )


async def open_review(pilot: Pilot[None]) -> ReviewScreen:
    await settle(pilot)
    await pilot.press("r")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    assert screen.review is not None
    return screen


def shown(screen: ReviewScreen) -> Review:
    """The review the screen shows, which a test reads only once it has one."""
    assert screen.review is not None, "the review has not loaded"
    return screen.review


async def choose(pilot: Pilot[None], kind: str) -> None:
    problems = pilot.app.screen.query_one(ProblemList)
    index = next(i for i, p in enumerate(problems.problems) if p.kind == kind)
    problems.highlighted = index
    await pilot.press("enter")
    await settle(pilot)


def grid_cursor(app: PunchcardApp) -> tuple[object, int | None]:
    grid = next(s for s in app.screen_stack if isinstance(s, TimesheetScreen))
    table = grid.query_one(TimesheetTable)
    return table.current_row_key, table.current_day_index


@pytest.mark.parametrize(
    ("kind", "entry", "project", "day"),
    [
        ("gap", "before_gap", "web", 0),
        ("overlap", "overlapping", "ops", 0),
        ("missing_fields", "undescribed", "web", 0),
        ("crosses_midnight", "night", "ops", 0),
    ],
)
async def test_an_entry_problem_opens_the_cell_on_the_entry(store_path, kind, entry, project, day):
    ids = await seed(store_path)
    app = app_on(store_path)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_review(pilot)
        assert kind in {p.kind for p in shown(review).problems}
        await choose(pilot, kind)
        dialog = app.screen
        assert isinstance(dialog, CellEntriesScreen)
        assert dialog.key == (ids[project], None)
        assert dialog.day_index == day
        row = dialog.query_one(DataTable).cursor_row
        assert dialog.entries[row].id == ids[entry]
        assert loaded(app).week == MON
        assert grid_cursor(app) == ((ids[project], None), day)


async def test_an_empty_day_puts_the_cursor_on_that_day(store_path):
    await seed(store_path)
    app = app_on(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await choose(pilot, "empty_day")
        assert isinstance(app.screen, TimesheetScreen)
        assert grid_cursor(app)[1] == 1  # Tuesday
        assert app.screen.query_one(TimesheetTable).has_focus


async def test_a_timer_left_running_last_week_jumps_to_that_week(make_app, store_path):
    backend = LocalBackend(store_path)
    ws = (await backend.list_workspaces())[0].id
    project = await backend.create_project(ws, "Website")
    friday = MON - timedelta(days=3)
    start = at(friday, 17)
    await backend.create_entry(ws, EntryFields(start=start, project_id=project.id))
    await backend.create_entry(
        ws, EntryFields(start=at(friday, 9), end=at(friday, 12), project_id=project.id)
    )
    await backend.aclose()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        review = await open_review(pilot)
        stale = [p for p in shown(review).problems if p.kind == "stale_timer"]
        assert len(stale) == 1
        assert "since Fri 13 Nov 17:00" in stale[0].message
        await choose(pilot, "stale_timer")
        assert isinstance(app.screen, TimesheetScreen)
        assert loaded(app).week == MON - timedelta(days=7)
        assert grid_cursor(app) == ((project.id, None), 4)  # the Friday, on the timer's row


async def test_weeks_move_with_the_grid_and_breakdowns_switch(store_path):
    await seed(store_path)
    app = app_on(store_path)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_review(pilot)
        this_week = review.review
        assert this_week is not None
        assert this_week.total == 1 * 3600 + 5.25 * 3600
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert loaded(app).week == MON - timedelta(days=7)
        assert review.review is not None
        assert review.review.first == MON - timedelta(days=7)
        # Last week holds only the hour before Sunday's midnight.
        assert review.review.total == 3600
        assert review.review.comparison is not None
        assert review.review.comparison.previous.first == MON - timedelta(days=14)
        await pilot.press("t")
        await settle(pilot)
        assert loaded(app).week == MON
        assert review.review.total == this_week.total
        bars = review.query_one(BreakdownBars)
        seen = []
        for _ in range(4):
            assert bars.breakdown is not None
            seen.append(bars.breakdown.by)
            await pilot.press("b")
            await settle(pilot)
        assert seen == ["project", "task", "tag", "client"]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TimesheetScreen)
        assert loaded(app).week == MON


async def test_export_writes_csv_and_json_and_says_where(store_path, hermetic_home):
    await seed(store_path)
    app = app_on(store_path)
    exports = hermetic_home / "data" / "punchcard" / "exports"
    async with app.run_test(size=SIZE) as pilot:
        review = await open_review(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        path = exports / "week-2026-11-16.csv"
        status = str(review.query_one(StatusLine).render())
        assert str(path) in status
        with path.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert sum(int(r["seconds"]) for r in rows) == shown(review).total
        assert {r["date"] for r in rows} == {"2026-11-16"}
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        data = json.loads((exports / "week-2026-11-16.json").read_text(encoding="utf-8"))
        assert data["total"] == shown(review).total
        assert data["from"] == "2026-11-16"
        assert {p["kind"] for p in data["problems"]} >= {"gap", "overlap", "empty_day"}
        assert data["comparison"]["average"]["weeks"] == 4
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("escape")  # neither
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert sorted(p.name for p in exports.iterdir()) == [
            "week-2026-11-16.csv",
            "week-2026-11-16.json",
        ]


async def test_the_palette_opens_the_review(store_path):
    await seed(store_path)
    app = app_on(store_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        for key in "weekly review":
            await pilot.press("space" if key == " " else key)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.review is not None
        assert app.screen.review.first == MON
