"""The main screen: the week as a grid, edited from the keyboard."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import TYPE_CHECKING

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from tui.domain.durations import (
    DurationError,
    apply_cell_input,
    read_cell_input,
)
from tui.domain.timesheet import RowKey, cell_entries
from tui.domain.weeks import week_label
from tui.keys.order import HoldsKeys
from tui.screens.export_week import EXPORT_BINDINGS, ExportsWeek
from tui.screens.grid_read_only import GuardsOnGrid
from tui.screens.row_delete import DeletesRows
from tui.screens.short_stop import ShortStop
from tui.screens.timesheet_paste import pasted_cells
from tui.screens.timesheet_timer import SYNC_BINDINGS, TIMER_BINDINGS, TimerOnGrid
from tui.session import Session, StoreIntent
from tui.store import Store
from tui.store.snapshot import Severity, Snapshot
from tui.widgets.cell_bar import cell_bar_text
from tui.widgets.key_footer import KeyFooter
from tui.widgets.period_bar import PeriodBar
from tui.widgets.status_line import StatusLine
from tui.widgets.timer_bar import TimerBar
from tui.widgets.timesheet_table import TimesheetTable, unsent_cells

if TYPE_CHECKING:
    from tui.screens.review_jump import CellTarget
    from tui.store.row_choice import RowChoice

EMPTY_HINT = (
    "No time this week. Press [b]a[/] to add a row (client › project › task) and type hours "
    "into its cells, or [b]c[/] to copy last week's rows ([b]C[/]: with their hours); "
    "[b]p[/] manages projects and clients, [b]w[/] workspaces, [b]?[/] lists every key."
)
CONNECT_HINT = " To use your Clockify account instead: [b]punch login clockify[/]."


class TimesheetScreen(HoldsKeys, TimerOnGrid, GuardsOnGrid, DeletesRows, ExportsWeek, Screen[None]):
    SHOWS_MESSAGES = True
    BINDINGS = [
        Binding("a", "add_row", "Add row", id="add-row"),
        Binding("e", "entries", "Entries", id="entries"),
        Binding("d", "delete_row", "Delete row", show=False, id="delete-row"),
        Binding("delete,backspace", "clear_cell", "Clear cell", show=False, id="clear-cell"),
        Binding(
            "left_square_bracket", "shift_week(-1)", "Prev week", key_display="[", id="prev-week"
        ),
        Binding(
            "right_square_bracket", "shift_week(1)", "Next week", key_display="]", id="next-week"
        ),
        Binding("t", "this_week", "This week", show=False, id="this-week"),
        Binding("u", "undo", "Undo", id="undo"),
        Binding("ctrl+r", "redo", "Redo", show=False, id="redo"),
        Binding(
            "c",
            "copy_week(False)",
            "Copy rows",
            show=False,
            id="copy-rows",
            tooltip="Copy last week's rows",
        ),
        Binding(
            "C",
            "copy_week(True)",
            "Copy hours",
            show=False,
            id="copy-hours",
            tooltip="Copy last week's rows with their hours",
        ),
        Binding("w", "workspaces", "Workspaces", show=False, id="workspaces"),
        Binding("p", "projects", "Projects", id="projects"),
        Binding(
            "T",
            "tasks",
            "Tasks",
            show=False,
            id="tasks",
            tooltip="Tasks of the project under the cursor",
        ),
        Binding("f5", "reload", "Reload", show=False, id="reload"),
        Binding(
            "r",
            "review",
            "Review",
            show=False,
            id="review",
            tooltip="Weekly review: totals, breakdowns, problems",
        ),
        *TIMER_BINDINGS,
        *SYNC_BINDINGS,
        *EXPORT_BINDINGS,
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="week-bar")
        yield PeriodBar(id="period-bar")
        yield TimerBar(id="timer-bar")
        yield Static(EMPTY_HINT, id="empty-hint")
        yield TimesheetTable(id="grid")
        yield Static(id="cell-bar", markup=False)
        yield StatusLine(id="status-line", markup=False)
        yield KeyFooter()

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._texts: dict[str, str] = {}
        self._history = (False, False)
        self.short_stop = ShortStop()

    def on_mount(self) -> None:
        self.query_one("#empty-hint").display = False
        self.watch(self.session, "snapshot", self._show, init=True)

    @property
    def table(self) -> TimesheetTable:
        return self.query_one(TimesheetTable)

    @property
    def snap(self) -> Snapshot | None:
        return self.session.snapshot

    @property
    def store(self) -> Store | None:
        return self.session.store

    # ------------------------------------------------------------ painting

    def _show(self, snap: Snapshot | None) -> None:
        """Repaint from a snapshot. Everything here runs on every edit, so each part changes
        only what differs and never asks for a relayout of the screen."""
        if snap is None:
            self._set_text("#week-bar", "Opening the store…")
            return
        workspace = snap.workspace.name if snap.workspace else "—"
        parts = [f"[b]{escape(workspace)}[/]", week_label(snap.week), snap.tz.key]
        if snap.backend != "local":
            parts.insert(1, snap.backend)
        if snap.timezone_note:
            parts.append(f"[$warning]{escape(snap.timezone_note)}[/]")
        if snap.loading:
            parts.append("[dim]loading…[/]")
        self._set_text("#week-bar", "  ·  ".join(parts))
        self.query_one(PeriodBar).show(snap.periods, snap.days)
        self._use_terms(snap.terms)
        today = (snap.today - snap.week).days
        self._show_timer(snap, today if 0 <= today < 7 else None)  # the grid, timer included
        self.table.mark_unsent(unsent_cells(snap.grid, snap.entries, snap.tz, snap.unsent_ids))
        hint = self.query_one("#empty-hint", Static)
        empty = not snap.grid.rows and not snap.loading
        if hint.display != empty:
            # Only the embedded store needs telling how to connect an account.
            hint.update(
                snap.terms.say(EMPTY_HINT) + (CONNECT_HINT if snap.backend == "local" else "")
            )
            hint.display = empty
        self.query_one(StatusLine).say(*self.session.said_on(self))
        history = (snap.can_undo, snap.can_redo)
        if history != self._history:
            self._history = history
            self.refresh_bindings()

    def _set_text(self, selector: str, text: str) -> None:
        if self._texts.get(selector) != text:
            self._texts[selector] = text
            self.query_one(selector, Static).update(text, layout=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        snap = self.snap
        # While edits are on their way the history may not have their steps yet: an undo
        # typed right behind a value must wait for it (the store sees to that), not be
        # dropped because the step it will take back is not recorded yet.
        if action == "undo":
            return True if snap is not None and (snap.can_undo or self._editing()) else None
        if action == "redo":
            return True if snap is not None and (snap.can_redo or self._editing()) else None
        return self._timer_check(action)

    def _editing(self) -> bool:
        return self.session.edits_running > 0

    def _held(self, intent: StoreIntent) -> StoreIntent:
        """``intent``, with the keys typed after it waiting until it has run: they act on
        the week it loads or the row it adds, not on the grid as it was."""
        return intent if self.store is None else self.key_holds.held(intent)

    def _say(self, message: str, severity: Severity = "error") -> None:
        self.session.say(message, severity)

    # ------------------------------------------------------------ editing cells

    def _target(self) -> tuple[RowKey, int] | None:
        key, day = self.table.current_row_key, self.table.current_day_index
        if key is None or day is None:
            self._say("Move to a day cell of a row to edit it", "warning")
            return None
        return key, day

    def _begin_edit(self, text: str) -> None:
        if self._target() is not None and not self._refused():
            self.table.begin_edit(text)

    @on(TimesheetTable.EditSubmitted)
    def _commit_edit(self, event: TimesheetTable.EditSubmitted) -> None:
        """The text goes into the cell it was typed into, wherever the cursor is now (the
        table has already moved it on for an arrow)."""
        snap = self.snap
        if snap is None:
            return
        key, day = event.key, event.day_index
        if self._refused(key, day):
            return
        row = snap.grid.row_index(key)
        current = snap.grid.rows[row].seconds[day] if row is not None else 0
        try:
            sign, amount = read_cell_input(event.text)
            if sign:
                apply_cell_input(event.text, current)  # refused now if it is already wrong
        except DurationError as err:
            self._say(str(err))
            self.table.focus_row(key, day)  # back into the cell, to be corrected
            self.table.begin_edit(event.text)
            return
        # Shown once stored (never before: a kill -9 before the commit would lose a value the
        # screen had shown).
        if sign:
            # Reckoned by the store on what the cell holds when the edit is saved: +1 typed
            # twice before the first is stored adds two hours, not one.
            delta = sign * amount
            self.session.run_edit(lambda store: store.adjust_cell(key, day, delta))
        elif amount != current or self.session.edits_running:
            # While edits are on their way the shown value may be an older one: "1" typed
            # after "2" into a cell that showed 1 must still make it 1.
            self.session.run_edit(lambda store: store.set_cell(key, day, amount))

    @on(TimesheetTable.Pasted)
    def _paste_row(self, event: TimesheetTable.Pasted) -> None:
        """Tab-separated values fill the row from the pasted-on day as one step (one undo);
        a value that cannot be read changes nothing."""
        snap = self.snap
        if snap is None:
            return
        key = event.key
        cells = pasted_cells(snap, key, event.day_index, event.rows)
        if isinstance(cells, str):
            self._say(cells)
        elif cells and not any(self._refused(key, day) for day in cells):
            self.session.run_edit(lambda store: store.set_cells(key, cells))

    @on(TimesheetTable.EditChanged)
    @on(TimesheetTable.CursorMoved)
    def _show_where(self) -> None:
        """The bar under the grid says which cell the cursor is on and what it holds, or
        what is being typed into it."""
        self._set_text("#cell-bar", cell_bar_text(self.snap, self.table))

    def action_clear_cell(self) -> None:
        if (slip := self.short_stop.take(self.snap)) is not None:
            # Right after a timer stopped within seconds, as the status line offered.
            self.session.run_edit(lambda store: store.delete_entry(slip))
            return
        target = self._target()
        if target is not None and not self._refused(*target):
            key, day = target
            self.session.run_edit(lambda store: store.set_cell(key, day, 0))

    @on(TimesheetTable.CellSelected)
    def _cell_selected(self) -> None:
        """Enter on a cell: its entries when it has some, else start typing into it."""
        target = self._target()
        snap = self.snap
        if target is None or snap is None:
            return
        key, day = target
        if cell_entries(snap.entries, key, snap.days[day], snap.tz):
            self.action_entries()
        else:
            self._begin_edit("")

    # ------------------------------------------------------------ rows and weeks

    def action_add_row(self) -> None:
        from tui.screens.row_picker import RowPickerScreen

        def picked(choice: RowChoice | None) -> None:
            if choice is not None:  # keys typed after the pick go into the new row
                self.session.run_edit(self._held(lambda store: self._add_row(store, choice)))

        self.app.push_screen(RowPickerScreen(self.session), picked)

    async def _add_row(self, store: Store, choice: RowChoice) -> None:
        key = await store.add_picked_row(choice)
        if key is not None:
            self.table.focus_row(key)

    def action_copy_week(self, with_hours: bool) -> None:
        self.session.run_edit(lambda store: store.copy_last_week(with_hours))

    def action_shift_week(self, weeks: int) -> None:
        self.session.run_load(self._held(lambda store: store.shift_week(weeks)))

    def action_this_week(self) -> None:
        self.session.run_load(self._held(self._this_week))

    async def _this_week(self, store: Store) -> None:
        """This week, the cursor on today's cell of the row it was on."""
        await store.this_week()
        snap = store.snapshot
        self.table.focus_day((snap.today - snap.week).days)

    def action_reload(self) -> None:
        self.session.run_load(self._held(lambda store: store.reload()))

    # Held: the keys typed after u go to the cell it puts the cursor on, not the one before.
    def action_undo(self) -> None:
        self.session.run_edit(self._held(lambda store: self._replay(store, store.undo)))

    def action_redo(self) -> None:
        self.session.run_edit(self._held(lambda store: self._replay(store, store.redo)))

    async def _replay(self, store: Store, replay: Callable[[], Awaitable[bool]]) -> None:
        """Undo or redo, then the cursor on the cell it changed (its week is shown by now)."""
        if await replay() and (cell := store.replayed_cell) is not None:
            key, day = cell
            days = store.snapshot.days
            if day in days:
                self.table.focus_row(key, days.index(day))

    # ------------------------------------------------------------ other screens

    def action_sync_changes(self) -> None:
        from tui.screens.sync_changes import SyncChangesScreen

        self.app.push_screen(SyncChangesScreen(self.session))

    def action_entries(self) -> None:
        from tui.screens.cell_entries import CellEntriesScreen

        target = self._target()
        if target is not None and not self._time_off_refused(target[0]):
            self.app.push_screen(CellEntriesScreen(self.session, *target))

    def action_workspaces(self) -> None:
        from tui.screens.workspaces import WorkspacesScreen

        self.app.push_screen(WorkspacesScreen(self.session))

    def action_projects(self) -> None:
        from tui.screens.projects import ProjectsScreen

        self.app.push_screen(ProjectsScreen(self.session))

    def action_tasks(self) -> None:
        from tui.screens.tasks import TasksScreen

        key = self.table.current_row_key
        if key is None or key[0] is None:
            self._say("Move to a row with a project to see its tasks", "warning")
            return
        self.app.push_screen(TasksScreen(self.session, key[0]))

    # ------------------------------------------------------------ the weekly review

    def action_review(self) -> None:
        from tui.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen(self.session), self._review_closed)

    def _review_closed(self, target: CellTarget | None) -> None:
        if target is not None:  # a problem was chosen: show the cell that fixes it
            self.go_to_cell(target.week, target.key, target.day_index, entry_id=target.entry_id)

    def go_to_cell(
        self, week: date, key: RowKey | None, day_index: int, *, entry_id: str | None = None
    ) -> None:
        """Show ``week`` with the cursor on row ``key`` (if the grid has it) and day
        ``day_index``; with ``entry_id``, open that cell's entries on that entry."""
        from tui.screens.review_jump import CellTarget, go_to_cell

        target = CellTarget(week, key, day_index, entry_id)
        self.session.run_load(self._held(lambda store: go_to_cell(self, store, target)))
