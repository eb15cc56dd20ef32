"""Status messages belong to the screen they were said on; undo and redo say what the cell
went back to and put the cursor on it, in its week; the running marker shows only in the
timer's week."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.app.pilot_helpers import from_monday, loaded, settle, type_text
from tests.app.test_timer_app import SIZE, T0, grid_line, make, seeded
from tests.frozen_time import Clock
from tui.app import PunchcardApp
from tui.screens.review import ReviewScreen
from tui.screens.timesheet import TimesheetScreen
from tui.widgets.status_line import StatusLine
from tui.widgets.timesheet_table import TimesheetTable


def status(app: PunchcardApp) -> str:
    return str(app.screen.query_one(StatusLine).render())


async def test_a_message_stays_on_the_screen_it_was_said_on(store_path: Path):
    await seeded(store_path)
    app = make(store_path, Clock(T0))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, "1:45")
        await pilot.press("enter")
        await settle(pilot)
        assert "Website on Wed 18 Nov: 1:45" in status(app)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert status(app) == ""  # the grid's message is not the review's
        app.session.say("Said on the review", "warning")
        await settle(pilot)
        assert status(app) == "Said on the review"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TimesheetScreen)
        assert status(app) == ""  # nor is the review's the grid's, coming back


async def test_undo_says_what_the_cell_went_back_to_and_goes_there(store_path: Path):
    await seeded(store_path)
    app = make(store_path, Clock(T0))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await from_monday(pilot)
        await type_text(pilot, "1:30")
        await pilot.press("enter")
        await settle(pilot)
        await type_text(pilot, "2")
        await pilot.press("enter", "right", "right", "right_square_bracket")
        await settle(pilot)
        assert loaded(app).week == date(2026, 11, 23)
        await pilot.press("u")
        await settle(pilot)
        snap = loaded(app)
        assert snap.week == date(2026, 11, 16)  # back in the week it changed
        assert snap.message == "Undid: Mon 16 Website 2:00 → 1:30"
        table = app.screen.query_one(TimesheetTable)
        assert table.current_day_index == 0  # on the cell it changed
        assert table.current_row_key is not None
        assert snap.catalog.label(table.current_row_key) == "Website"
        await pilot.press("right", "right", "ctrl+r")
        await settle(pilot)
        assert loaded(app).message == "Redid: Mon 16 Website 1:30 → 2:00"
        assert table.current_day_index == 0


async def test_the_running_marker_shows_only_in_the_timers_week(store_path: Path):
    await seeded(store_path)
    app = make(store_path, Clock(T0))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s", "enter")  # Website, which has time this week and next
        await settle(pilot)
        assert grid_line(app, 1).startswith("● Website")
        await pilot.press("right_square_bracket")
        await settle(pilot)
        await pilot.press("C")  # Website, with last week's hours, into next week
        await settle(pilot)
        assert grid_line(app, 1).startswith("Website")
        assert "●" not in grid_line(app, 1)
