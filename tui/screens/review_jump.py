"""From a problem of the review to the grid cell (and entry) that fixes it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from textual.coordinate import Coordinate
from textual.widgets import DataTable

from tui.domain.review_problems import Problem
from tui.domain.timesheet import RowKey
from tui.domain.weeks import week_start_date

if TYPE_CHECKING:
    from tui.screens.timesheet import TimesheetScreen
    from tui.store import Store


@dataclass(frozen=True)
class CellTarget:
    week: date
    key: RowKey | None
    """The row; None keeps the grid's current row."""
    day_index: int
    entry_id: str | None = None
    """With an entry, the cell's entries open on it."""

    @classmethod
    def of(cls, problem: Problem, week_start_day: int) -> CellTarget:
        week = week_start_date(problem.day, week_start_day)
        return cls(week, problem.key, (problem.day - week).days, problem.entry_id)


async def go_to_cell(screen: TimesheetScreen, store: Store, target: CellTarget) -> None:
    """Show the target's week on the grid, put the cursor on its row and day, and open the
    cell's entries on the target entry when there is one."""
    if store.snapshot.week != target.week:
        await store.load_week(target.week)  # the grid repaints from the new snapshot at once
    table = screen.table
    if target.key is not None:
        table.focus_row(target.key)
    table.cursor_coordinate = Coordinate(table.cursor_coordinate.row, target.day_index + 1)
    table.focus()
    if target.entry_id is None or target.key is None or table.current_row_key != target.key:
        return
    from tui.screens.cell_entries import CellEntriesScreen

    dialog = CellEntriesScreen(screen.session, target.key, target.day_index)
    await screen.app.push_screen(dialog)
    ids = [entry.id for entry in dialog.entries]
    if target.entry_id in ids:
        dialog.query_one(DataTable).move_cursor(row=ids.index(target.entry_id))
