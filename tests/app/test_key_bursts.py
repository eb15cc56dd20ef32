"""Bursts of keys, queued on the app at once, act in the order typed: screen shortcuts
(undo, clear, week moves), keys into a dialog that is still opening, and keys typed after
the key that closes it. Each test reads the result back from the store file itself."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tests.app.burst_helpers import burst, handled, keys_of, seconds_of, stored_grid, typed
from tests.app.pilot_helpers import from_monday, loaded, settle
from tui.app import PunchcardApp
from tui.screens.cell_entries import CellEntriesScreen
from tui.screens.row_picker import RowPickerScreen
from tui.screens.timesheet import TimesheetScreen
from tui.widgets.timesheet_table import TimesheetTable

SIZE = (120, 36)
THIS_WEEK = date(2026, 11, 16)
LAST_WEEK = date(2026, 11, 9)
H = 3600


async def with_row(pilot: Pilot[Any], name: str, *cells: str) -> TimesheetTable:
    """A row called ``name`` with ``cells`` typed from Monday on, one key at a time."""
    await settle(pilot)
    await from_monday(pilot)
    await pilot.press("a", *typed(name), "enter")
    await settle(pilot)
    table = pilot.app.screen.query_one(TimesheetTable)
    for text in cells:
        await pilot.press(*typed(text), "tab")
        await settle(pilot)
    table.cursor_coordinate = table.cursor_coordinate._replace(column=1)
    await settle(pilot)
    return table


async def test_undo_in_a_burst_undoes_the_edit_typed_before_it_not_the_one_after(
    make_app: Callable[[], PunchcardApp], store_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await with_row(pilot, "Alpha")
        burst(app, "2", "enter", "right", "u", "3", "enter")
        await handled(pilot)
        # u takes Monday's 2 back and puts the cursor on Monday: the 3 typed after it lands
        # there, not on Tuesday where the cursor was when u was typed.
        assert seconds_of(loaded(app).grid, "Alpha")[:2] == (3 * H, 0)
    assert seconds_of(await stored_grid(store_path), "Alpha")[:2] == (3 * H, 0)


async def test_delete_in_a_burst_clears_the_cell_it_was_typed_on(
    make_app: Callable[[], PunchcardApp], store_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await with_row(pilot, "Alpha", "1", "2", "4")
        burst(app, "delete", "right", "3", "enter", "right", "backspace", "right")
        await handled(pilot)
        assert app.screen.query_one(TimesheetTable).current_day_index == 3
    assert seconds_of(await stored_grid(store_path), "Alpha")[:4] == (0, 3 * H, 0, 0)


async def test_keys_typed_after_a_opening_the_picker_land_in_it_and_then_in_the_new_row(
    make_app: Callable[[], PunchcardApp], store_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await from_monday(pilot)
        # Open the picker, name a new project, pick it, then type into its Monday and
        # Tuesday: one read from the terminal.
        burst(app, *keys_of("a", typed("Race Project"), "enter", "2", "tab", "1", ":", "4", "5"))
        burst(app, "enter")
        await handled(pilot)
        assert isinstance(app.screen, TimesheetScreen)
        assert seconds_of(loaded(app).grid, "Race Project")[:3] == (2 * H, 6300, 0)
    assert seconds_of(await stored_grid(store_path), "Race Project")[:3] == (2 * H, 6300, 0)


async def test_escape_typed_right_after_a_closes_the_picker_and_the_keys_after_it_edit(
    make_app: Callable[[], PunchcardApp], store_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await with_row(pilot, "Alpha")
        burst(app, "a", "x", "escape", "4", "enter", "a", "escape", "right", "5", "enter")
        await handled(pilot)
        assert not isinstance(app.screen, RowPickerScreen)
    grid = await stored_grid(store_path)
    assert [row.label for row in grid.rows] == ["Alpha"]
    assert seconds_of(grid, "Alpha")[:3] == (4 * H, 5 * H, 0)


async def test_a_week_change_in_a_burst_comes_before_the_keys_typed_after_it(
    make_app: Callable[[], PunchcardApp], store_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await from_monday(pilot)
        burst(app, *keys_of("[", "a", typed("Web"), "enter", "2", ":", "3", "0", "enter", "]"))
        await handled(pilot)
        assert loaded(app).week == THIS_WEEK
        assert seconds_of(loaded(app).grid, "Web") == (0,) * 7
    assert seconds_of(await stored_grid(store_path, LAST_WEEK), "Web")[:2] == (9000, 0)
    assert seconds_of(await stored_grid(store_path, THIS_WEEK), "Web") == (0,) * 7


async def test_keys_typed_into_a_cells_entries_act_there_and_the_rest_back_on_the_grid(
    make_app: Callable[[], PunchcardApp], store_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await with_row(pilot, "Alpha", "1", "2")
        # Enter opens Monday's one entry, d deletes it, Esc closes; then Tuesday gets 5.
        burst(app, "enter", "d", "escape", "right", "5", "enter")
        await handled(pilot)
        assert not isinstance(app.screen, CellEntriesScreen)
    assert seconds_of(await stored_grid(store_path), "Alpha")[:3] == (0, 5 * H, 0)


async def test_a_new_entry_typed_ahead_through_two_dialogs_is_saved_and_the_rest_edits(
    make_app: Callable[[], PunchcardApp], store_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await with_row(pilot, "Alpha")
        # e: Monday's entries; n: a new one; its form filled and saved with Enter; Esc closes
        # the entries; then Tuesday gets 2. All in one read.
        form = keys_of(typed("Standup"), "tab", typed("09:00"), "tab", typed("09:30"), "enter")
        burst(app, *keys_of("e", "n", form, "escape", "right", "2", "enter"))
        await handled(pilot)
        assert isinstance(app.screen, TimesheetScreen)
        entries = [e for e in loaded(app).entries if e.description == "Standup"]
        assert [e.seconds() for e in entries] == [1800]
    assert seconds_of(await stored_grid(store_path), "Alpha")[:3] == (1800, 2 * H, 0)


async def test_relative_values_typed_back_to_back_each_add_to_the_one_before(
    make_app: Callable[[], PunchcardApp], store_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await with_row(pilot, "Alpha", "1")
        burst(app, "+", "1", "enter", "+", "1", "enter", *typed("-30m"), "enter")
        await handled(pilot)
        assert seconds_of(loaded(app).grid, "Alpha")[0] == 2 * H + 1800
    assert seconds_of(await stored_grid(store_path), "Alpha")[0] == 2 * H + 1800
