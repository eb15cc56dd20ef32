"""Why a cell of the grid cannot be changed: its day lies in a submitted, approved or
locked timesheet, or it is time off (kept in the service, shown read-only). Asked before
anything is queued, so a refused value never reaches the store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.domain.periods import period_holding
from tui.domain.terms import Terms
from tui.domain.time_off import is_time_off
from tui.domain.timesheet import RowKey, WeekGrid
from tui.keys.worded import word_bindings
from tui.store.snapshot import Severity, Snapshot
from tui.widgets.timesheet_table import TimesheetTable

if TYPE_CHECKING:
    from textual.screen import Screen

    _ScreenBase = Screen[None]
else:
    _ScreenBase = object

TIME_OFF_REFUSAL = (
    "Time off is read-only here: change it where you enter time off in the service; "
    "nothing was changed"
)


def cell_refusal(snap: Snapshot, key: RowKey, day_index: int) -> str | None:
    """Why cell (``key``, ``day_index``) cannot be changed, with what to do; None if it can."""
    if is_time_off(key):
        return TIME_OFF_REFUSAL
    day = snap.days[day_index]
    period = period_holding(snap.periods, day)
    return period.closed_reason(day) if period is not None else None


def row_refusal(snap: Snapshot, grid: WeekGrid, key: RowKey) -> str | None:
    """Why row ``key``'s time this week cannot be removed: the first closed day it has
    time on (or that it is time off); None if it can."""
    if is_time_off(key):
        return TIME_OFF_REFUSAL
    row = grid.row_index(key)
    if row is None:
        return None
    for index, seconds in enumerate(grid.rows[row].seconds):
        if seconds and (why := cell_refusal(snap, key, index)) is not None:
            return why
    return None


class GuardsOnGrid(_ScreenBase):
    """The grid screen's refusals of read-only cells, and its words: a mixin of
    ``TimesheetScreen``, kept apart so the screen stays about editing."""

    if TYPE_CHECKING:  # provided by TimesheetScreen

        @property
        def table(self) -> TimesheetTable: ...
        @property
        def snap(self) -> Snapshot | None: ...
        def _say(self, message: str, severity: Severity = "error") -> None: ...

    _terms: Terms = Terms()

    def _refused(self, key: RowKey | None = None, day: int | None = None) -> bool:
        """Whether the cell (by default the one under the cursor) is read-only; if so the
        status line says why and what to do, and nothing is queued."""
        snap = self.snap
        key = self.table.current_row_key if key is None else key
        day = self.table.current_day_index if day is None else day
        why = None
        if snap is not None and key is not None and day is not None:
            why = cell_refusal(snap, key, day)
        if why is not None:
            self._say(why, "warning")
        return why is not None

    def _time_off_refused(self, key: RowKey | None) -> bool:
        """Whether ``key`` is a time-off row (said on the status line): it has no entries to
        open and no timer to start."""
        if is_time_off(key):
            self._say(TIME_OFF_REFUSAL, "warning")
            return True
        return False

    def _row_refused(self, snap: Snapshot, key: RowKey) -> bool:
        why = row_refusal(snap, self.table.grid or snap.grid, key)
        if why is not None:
            self._say(why, "warning")
        return why is not None

    # Named, not @on: Textual reads decorated handlers only from its own classes' bodies.
    def on_timesheet_table_read_only_typed(self, event: TimesheetTable.ReadOnlyTyped) -> None:
        self._refused(event.key, event.day_index)

    def _use_terms(self, terms: Terms) -> None:
        """The grid's head and the key labels in the workspace's words."""
        if terms == self._terms:
            return
        self._terms = terms
        self.table.head_label, self.table.head_short = terms.row_path, terms.project
        self.table.refresh()
        word_bindings(self, terms)
        self.refresh_bindings()
