"""Keys typed faster than the app handles them still act on the grid in the order typed.

A key reaches the app, which hands it to the grid; a key the grid does not take itself goes
back up to the app to find its binding. Under load the keys after it are handed to the grid
before that trip is over, so the test posts them back to back, as a busy terminal delivers
them, and looks at the grid only once all of them are handled.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import events
from textual.pilot import Pilot

from tests.app.pilot_helpers import from_monday, loaded, settle, type_text
from tui.app import PunchcardApp
from tui.widgets.timesheet_table import TimesheetTable

SIZE = (120, 36)


def post_keys(pilot: Pilot[Any], *keys: str) -> None:
    """Queue ``keys`` on the app at once, without waiting for any of them to be handled."""
    for key in keys:
        char = key if len(key) == 1 else None
        pilot.app.post_message(events.Key(key, char))


async def add_row(pilot: Pilot[Any], name: str) -> TimesheetTable:
    await pilot.press("a")
    await settle(pilot)
    await type_text(pilot, name)
    await pilot.press("enter")
    await settle(pilot)
    return pilot.app.screen.query_one(TimesheetTable)


async def test_a_digit_typed_right_after_moving_the_cursor_lands_in_the_new_cell(
    make_app: Callable[[], PunchcardApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await from_monday(pilot)
        table = await add_row(pilot, "Race Project")
        key = table.current_row_key
        assert key is not None
        assert table.current_day_index == 0
        post_keys(pilot, "l", "h", "2")  # off Monday and back, then a digit at once
        await settle(pilot)
        assert table.current_day_index == 0
        assert table.edit_text == "2"  # typing began in Monday's cell and goes on
        post_keys(pilot, ":", "3", "0", "enter", "l", "3", "enter", "right", "1", "tab")
        await settle(pilot)
        row = loaded(app).grid.row_index(key)
        assert row is not None
        # Each value in the cell it was typed into, though every key was queued at once.
        assert loaded(app).grid.rows[row].seconds[:4] == (9000, 3 * 3600, 3600, 0)
        assert table.current_day_index == 3  # Tab saved Wednesday's and moved on
