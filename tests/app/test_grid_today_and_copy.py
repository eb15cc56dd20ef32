"""The grid opens on today's cell, `t` comes back to it, and copying last week's rows (`c`)
or rows and hours (`C`) is one undo step with a message in the right number."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.app.pilot_helpers import loaded, settle
from tests.app.test_timer_app import SIZE, make
from tests.frozen_time import FROZEN_NOW, Clock
from tui.app import PunchcardApp
from tui.backends.local import LocalBackend
from tui.domain.models import EntryFields
from tui.screens.timesheet import EMPTY_HINT
from tui.widgets.timesheet_table import TimesheetTable

LAST_MONDAY = datetime(2026, 11, 9, 8, tzinfo=UTC)  # 09:00 in Berlin, the week before


async def seed_last_week(path: Path, *names: str) -> None:
    """One hour on Monday of last week for each project in ``names``."""
    backend = LocalBackend(path)
    ws = (await backend.list_workspaces())[0].id
    for offset, name in enumerate(names):
        project = await backend.create_project(ws, name)
        start = LAST_MONDAY + timedelta(hours=offset)
        fields = EntryFields(start=start, end=start + timedelta(hours=1), project_id=project.id)
        await backend.create_entry(ws, fields)
    await backend.aclose()


def table_of(app: PunchcardApp) -> TimesheetTable:
    return app.screen.query_one(TimesheetTable)


async def test_the_grid_opens_on_todays_cell_and_t_comes_back_to_it(store_path: Path):
    await seed_last_week(store_path, "Website", "Docs")
    app = make(store_path, Clock(FROZEN_NOW))  # a Wednesday
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = table_of(app)
        assert table.current_day_index == 2
        await pilot.press("c")  # last week's rows: Docs, Website
        await settle(pilot)
        await pilot.press("down", "left", "left", "left_square_bracket")  # Website, Monday
        await settle(pilot)
        website = table.current_row_key
        assert website is not None
        assert loaded(app).catalog.label(website) == "Website"
        assert table.current_day_index == 0
        await pilot.press("t")
        await settle(pilot)
        assert loaded(app).week == loaded(app).today - timedelta(days=2)
        assert table.current_day_index == 2  # today, not the Monday the cursor was on
        assert table.current_row_key == website  # and the row it was on


async def test_an_empty_week_tells_of_c_and_C(store_path: Path):
    app = make(store_path, Clock(FROZEN_NOW))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        hint = str(app.screen.query_one("#empty-hint").render())
        assert "c to copy last week's rows" in hint
        assert "C: with their hours" in hint
        assert "[b]c[/]" in EMPTY_HINT
        assert "[b]C[/]" in EMPTY_HINT


async def test_c_is_one_undo_step_and_says_row_in_the_singular(store_path: Path):
    await seed_last_week(store_path, "Website")
    app = make(store_path, Clock(FROZEN_NOW))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert loaded(app).grid.rows == ()
        await pilot.press("c")
        await settle(pilot)
        assert [row.label for row in loaded(app).grid.rows] == ["Website"]
        assert loaded(app).message == "Copied 1 row from last week"
        assert loaded(app).can_undo
        await pilot.press("u")
        await settle(pilot)
        assert loaded(app).grid.rows == ()  # the copied row is gone again
        assert loaded(app).message == "Undid: Copied 1 row from last week"
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert [row.label for row in loaded(app).grid.rows] == ["Website"]


async def test_C_copies_rows_and_hours_and_one_u_takes_both_back(store_path: Path):
    await seed_last_week(store_path, "Website", "Docs")
    app = make(store_path, Clock(FROZEN_NOW))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("C")
        await settle(pilot)
        snap = loaded(app)
        assert snap.message == "Copied 2 rows with 2:00 from last week"
        assert [row.seconds[0] for row in snap.grid.rows] == [3600, 3600]
        await pilot.press("u")
        await settle(pilot)
        assert loaded(app).grid.rows == ()  # hours and rows: one step


async def test_copying_from_an_empty_last_week_says_so(store_path: Path):
    app = make(store_path, Clock(FROZEN_NOW))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in ("c", "C"):
            await pilot.press(key)
            await settle(pilot)
            assert loaded(app).message == "Last week has no time to copy"
            assert not loaded(app).can_undo
