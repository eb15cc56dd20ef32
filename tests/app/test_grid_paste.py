"""Pasting into the grid (a terminal's bracketed paste): one value is typed into the cell,
a row of tab-separated values fills across the row as one undoable step, and a value that
cannot be read changes nothing and says why. Results are read back from the store file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import events

from tests.app.burst_helpers import burst, handled, seconds_of, stored_grid
from tests.app.pilot_helpers import loaded
from tests.app.test_key_bursts import SIZE, with_row
from tui.app import PunchcardApp
from tui.widgets.status_line import StatusLine
from tui.widgets.timesheet_table import TimesheetTable

H = 3600


def status(app: PunchcardApp) -> str:
    return str(app.screen.query_one(StatusLine).render())


async def test_a_pasted_value_is_typed_into_the_cell_and_its_line_break_is_enter(
    make_app: Callable[[], PunchcardApp], store_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = await with_row(pilot, "Alpha")
        burst(app, events.Paste("1:30"))
        await handled(pilot)
        assert table.edit_text == "1:30"  # typed, not yet saved
        assert seconds_of(loaded(app).grid, "Alpha")[0] == 0
        burst(app, "enter", "right", events.Paste("2h\n"), "right", "1", events.Paste("5m"))
        burst(app, "enter")
        await handled(pilot)
        assert table.edit_text is None
    assert seconds_of(await stored_grid(store_path), "Alpha")[:4] == (5400, 2 * H, 900, 0)


async def test_tab_separated_values_fill_the_row_from_the_cursor_as_one_undo_step(
    make_app: Callable[[], PunchcardApp], store_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await with_row(pilot, "Alpha", "1", "1", "4")
        # A row copied from a spreadsheet, pasted on Tuesday: the empty value clears
        # Wednesday's 4h, "+15m" adds to Thursday as typing it would; the keys after the
        # paste move on from where it was pasted.
        burst(app, "right", events.Paste("2:30\t\t+15m\t1.5\n"), "right", "right", "right")
        await handled(pilot)
        assert seconds_of(loaded(app).grid, "Alpha") == (H, 9000, 0, 900, 5400, 0, 0)
        assert app.screen.query_one(TimesheetTable).current_day_index == 4
        assert seconds_of(await stored_grid(store_path), "Alpha")[:5] == (H, 9000, 0, 900, 5400)
        burst(app, "u")  # one step: all four cells come back
        await handled(pilot)
        assert seconds_of(loaded(app).grid, "Alpha") == (H, H, 4 * H, 0, 0, 0, 0)
    assert seconds_of(await stored_grid(store_path), "Alpha") == (H, H, 4 * H, 0, 0, 0, 0)


async def test_a_value_that_cannot_be_read_changes_nothing_and_says_which(
    make_app: Callable[[], PunchcardApp], store_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await with_row(pilot, "Alpha", "1")
        burst(app, events.Paste("2\tlunch\t3"))
        await handled(pilot)
        assert "Nothing pasted: Tue 17" in status(app)
        assert "lunch" in status(app)
        assert seconds_of(loaded(app).grid, "Alpha")[:3] == (H, 0, 0)
        burst(app, "right", "right", "right", "right", events.Paste("1\t2\t3\t4"))
        await handled(pilot)
        assert "4 values do not fit from Fri to Sun" in status(app)
        burst(app, events.Paste("1\t2\n3\t4\n"))
        await handled(pilot)
        assert "one row at a time" in status(app)
    assert seconds_of(await stored_grid(store_path), "Alpha") == (H, 0, 0, 0, 0, 0, 0)
