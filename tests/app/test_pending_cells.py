"""A value typed into a cell shows at once, marked as on its way, while the store writes it.

The grid presents an edit as saved only once the store holds it; until then the cell shows
the typed value muted (``timesheet--pending``), and the row's and the day's totals count it,
so the numbers beside it still add up. When the store is done the mark goes; when it refuses,
the cell shows what is really stored. The embedded store here holds every batch until the
test lets it through (``HeldBatches``), so "until then" lasts as long as the test needs.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from tests.app.burst_helpers import burst, handled, keys_through, seconds_of, stored_grid, typed
from tests.app.pilot_helpers import loaded
from tests.app.test_edits_before_stored import held_app
from tests.app.test_key_bursts import SIZE, with_row
from tui.backends.errors import ValidationError
from tui.widgets.timesheet_table import TimesheetTable

H = 3600


def row_cells(table: TimesheetTable) -> list[str]:
    row = table.cursor_coordinate.row
    return [table.get_cell_at((row, column)).plain for column in range(1, 9)]


async def test_a_typed_value_shows_at_once_and_counts_in_the_totals_before_it_is_stored(
    store_path: Path, frozen_clock: Callable[[], datetime]
) -> None:
    app, backend = held_app(store_path, frozen_clock)
    async with app.run_test(size=SIZE) as pilot:
        table = await with_row(pilot, "Alpha", "1")
        backend.held.clear()
        burst(app, "right", *typed("2:30"), "enter")
        await keys_through(app)
        await pilot.pause()
        cells = row_cells(table)
        assert cells[:2] == ["1:00", "2:30"]  # shown before it is stored...
        assert cells[7] == "3:30"  # ...and the row's total counts it
        assert seconds_of(loaded(app).grid, "Alpha")[1] == 0  # the store has not got it yet
        painted = table.render_line(table.cursor_coordinate.row + 1 - int(table.scroll_y))
        muted = [seg for seg in painted if seg.text.strip() == "2:30"]
        assert muted, "the pending value is painted"
        pending = table.get_component_rich_style("timesheet--pending", partial=True)
        assert pending.color is not None
        assert muted[0].style is not None
        assert muted[0].style.color == pending.color
        backend.held.set()
        await handled(pilot)
        assert row_cells(table)[:2] == ["1:00", "2:30"]
        assert not table._pending  # stored: nothing left marked as on its way
    assert seconds_of(await stored_grid(store_path), "Alpha")[1] == 2 * H + 1800


async def test_a_refused_edit_shows_what_is_stored_again(
    store_path: Path, frozen_clock: Callable[[], datetime]
) -> None:
    app, backend = held_app(store_path, frozen_clock)

    async def refuse(*args: object) -> None:
        raise ValidationError("The store refuses this one.")

    async with app.run_test(size=SIZE) as pilot:
        table = await with_row(pilot, "Alpha", "1")
        backend.apply_changes_within = refuse  # type: ignore[assignment,method-assign]
        burst(app, *typed("4"), "enter")
        await handled(pilot)
        assert row_cells(table)[0] == "1:00"  # what is really stored
        assert row_cells(table)[7] == "1:00"
        assert not table._pending
    assert seconds_of(await stored_grid(store_path), "Alpha")[0] == H


async def test_a_later_value_in_the_same_cell_stays_shown_when_the_earlier_edit_is_done(
    store_path: Path, frozen_clock: Callable[[], datetime]
) -> None:
    app, backend = held_app(store_path, frozen_clock)
    async with app.run_test(size=SIZE) as pilot:
        table = await with_row(pilot, "Alpha")
        backend.held.clear()
        burst(app, "2", "enter", "3", "enter")
        await keys_through(app)
        await pilot.pause()
        assert row_cells(table)[0] == "3:00"  # the latest intent, never an older one
        backend.held.set()
        await handled(pilot)
        assert row_cells(table)[0] == "3:00"
        assert not table._pending
    assert seconds_of(await stored_grid(store_path), "Alpha")[0] == 3 * H
