"""The timer on the grid screen: its keys, the bar above the grid, and the running time in
its grid cell and the totals.

A mixin of :class:`~tui.screens.timesheet.TimesheetScreen`, kept apart so that screen stays
about the grid. Bindings must sit on the screen class itself (Textual merges ``BINDINGS`` of
DOM classes only), so they are exported here as ``TIMER_BINDINGS``.

The running cell is recomputed every second but handed to the grid only when what it shows
changes (h:mm: once a minute), so the grid repaints two lines a minute, not every second.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.timer import Timer

from tui.domain.durations import format_duration
from tui.domain.models import TimeEntry
from tui.domain.periods import closed_days
from tui.domain.running import RunningCell, overlay_running
from tui.domain.time_off import is_time_off, with_time_off
from tui.domain.timesheet import RowKey, WeekGrid
from tui.screens.grid_read_only import TIME_OFF_REFUSAL
from tui.screens.short_stop import ShortStop
from tui.screens.stop_at import ask_stop_time
from tui.screens.timer_start import ask_description
from tui.screens.under_modal import RepaintsUnderModal
from tui.store import Store
from tui.store.snapshot import Severity, Snapshot
from tui.widgets.timer_bar import TimerBar, sync_note, timer_view
from tui.widgets.timesheet_table import TimesheetTable, locked_cells

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui.keys.order import KeyHolds
    from tui.session import Session
    from tui.store.row_choice import RowChoice

    _ScreenBase = Screen[None]
else:
    _ScreenBase = object

TIMER_BINDINGS = [
    Binding("s", "timer_start", "Start", id="timer-start", tooltip="Start a timer on this row"),
    Binding("x", "timer_stop", "Stop", id="timer-stop", tooltip="Stop the running timer now"),
    Binding(
        "X",
        "timer_stop_at",
        "Stop at…",
        show=False,
        id="timer-stop-at",
        tooltip="Stop the running timer at a time: 9:15, -10m, 10m ago",
    ),
    Binding(
        "S",
        "timer_pick",
        "Start…",
        show=False,
        id="timer-pick",
        tooltip="Start or switch the timer to a project or task picked by name",
    ),
    Binding(
        "space",
        "timer_screen",
        "Timer",
        show=False,
        id="timer-screen",
        tooltip="The timer: edit it, continue a recent entry",
    ),
]


SYNC_BINDINGS = [
    Binding(
        "y",
        "sync_changes",
        "Sync",
        show=False,
        id="sync-changes",
        tooltip="Changes waiting for the service, and the ones it refused (the bar's note)",
    ),
]


def _minutes(grid: WeekGrid, cell: RunningCell | None) -> tuple[object, ...]:
    """What the grid shows of the running row, to the minute: the totals follow from it."""
    if cell is None:
        return ()
    index = grid.row_index(cell.key)
    row = grid.rows[index].seconds if index is not None else ()
    return (cell, tuple(format_duration(s) for s in row))


class TimerOnGrid(RepaintsUnderModal, _ScreenBase):
    if TYPE_CHECKING:  # provided by TimesheetScreen
        session: Session
        key_holds: KeyHolds

        @property
        def table(self) -> TimesheetTable: ...
        @property
        def snap(self) -> Snapshot | None: ...
        @property
        def store(self) -> Store | None: ...
        def _say(self, message: str, severity: Severity = "error") -> None: ...

    _shown_minutes: tuple[object, ...] = ()
    _today_index: int | None = None
    _grid_ticker: Timer | None = None
    _timer_running: bool | None = None
    short_stop: ShortStop

    @property
    def timer_bar(self) -> TimerBar:
        return self.query_one(TimerBar)

    def _show_timer(self, snap: Snapshot, today_index: int | None) -> None:
        """Called with every snapshot: the bar, and the grid with the running time in it."""
        bar = self.timer_bar
        if self.store is not None:
            bar.now = self.store.server_now
        bar.show(timer_view(snap), snap.offline, sync_note(snap))
        self._today_index = today_index
        self._show_grid(snap, force=True)
        running = snap.running is not None
        if running != self._timer_running:
            self._timer_running = running
            self.refresh_bindings()  # x greys out and back
            if self._grid_ticker is not None:
                self._grid_ticker.stop()
                self._grid_ticker = None
            if running:
                self._grid_ticker = self.set_interval(1.0, self._tick_grid)

    def _show_grid(self, snap: Snapshot, *, force: bool = False) -> None:
        grid, cell = snap.grid, None
        if self.store is not None and snap.running is not None:
            now = self.store.server_now()
            grid, cell = overlay_running(snap.grid, snap.running, now, snap.tz, snap.catalog)
        minutes = _minutes(grid, cell)
        if force or minutes != self._shown_minutes:
            self._shown_minutes = minutes
            locked = locked_cells(grid, snap.entries, snap.tz)
            grid = with_time_off(grid, snap.time_off)  # read-only rows, in the day totals
            closed = closed_days(snap.periods, snap.days)
            self.table.show(grid, self._today_index, cell, locked=locked, closed_days=closed)

    def _tick_grid(self) -> None:
        snap = self.snap
        if snap is not None and snap.running is not None and self.is_current:
            self._show_grid(snap)

    def _timer_check(self, action: str) -> bool | None:
        if action in ("timer_stop", "timer_stop_at"):
            snap = self.snap
            return None if snap is None or snap.running is None else True
        return True

    # ------------------------------------------------------------ keys

    def action_timer_start(self) -> None:
        key = self.table.current_row_key
        if key is None:
            self.action_timer_pick()  # an empty grid: pick what to start instead
            return
        if is_time_off(key):
            self._say(TIME_OFF_REFUSAL, "warning")
            return
        self._ask_description(key)

    def action_timer_stop(self) -> None:
        self.session.run_edit(self.short_stop.stop)

    def action_timer_stop_at(self) -> None:
        snap, store = self.snap, self.store
        if snap is not None and store is not None:
            ask_stop_time(self, self.session, snap, store)

    def action_timer_pick(self) -> None:
        from tui.screens.row_picker import RowPickerScreen

        def picked(choice: RowChoice | None) -> None:
            if choice is not None:
                self._ask_description(choice)

        self.app.push_screen(RowPickerScreen(self.session, "Start a timer"), picked)

    def _ask_description(self, target: RowKey | RowChoice) -> None:
        snap, store = self.snap, self.store
        if snap is None or store is None:
            return

        def started(entry: TimeEntry) -> None:
            self.table.focus_row((entry.project_id, entry.task_id))

        ask_description(self, self.session, snap, store, target, started, self.key_holds)

    def action_timer_screen(self) -> None:
        from tui.screens.timer import TimerScreen

        self.app.push_screen(TimerScreen(self.session))
