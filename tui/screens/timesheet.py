"""The main screen: the week as a grid, edited from the keyboard."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.domain.durations import DurationError, apply_cell_input
from tui.domain.timesheet import RowKey, cell_entries
from tui.domain.weeks import week_label
from tui.screens.app_access import punch_app
from tui.store.snapshot import Snapshot
from tui.widgets.cell_editor import CellEditor
from tui.widgets.status_line import StatusLine
from tui.widgets.timesheet_table import TimesheetTable

EMPTY_HINT = (
    "No time this week. Press [b]a[/] to add a row (client › project › task) and type hours "
    "into its cells; [b]p[/] manages projects and clients, [b]w[/] workspaces, [b]?[/] lists "
    "every key. To use Clockify or ClickTime instead: [b]punch login clockify[/] or "
    "[b]punch login clicktime[/]."
)


class TimesheetScreen(Screen[None]):
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
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="week-bar")
        yield Static(EMPTY_HINT, id="empty-hint")
        yield TimesheetTable(id="grid")
        yield CellEditor(id="cell-editor")
        yield StatusLine(id="status-line")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#empty-hint").display = False
        self.watch(self.app, "snapshot", self._show, init=True)

    @property
    def table(self) -> TimesheetTable:
        return self.query_one(TimesheetTable)

    @property
    def snap(self) -> Snapshot | None:
        snapshot: Snapshot | None = getattr(self.app, "snapshot", None)
        return snapshot

    @property
    def store(self) -> Any:
        return punch_app(self.app).store

    # ------------------------------------------------------------ painting

    def _show(self, snap: Snapshot | None) -> None:
        bar = self.query_one("#week-bar", Static)
        if snap is None:
            bar.update("Opening the store…")
            return
        workspace = snap.workspace.name if snap.workspace else "—"
        parts = [f"[b]{workspace}[/]", week_label(snap.week), snap.tz.key]
        if snap.timezone_note:
            parts.append(f"[$warning]{snap.timezone_note}[/]")
        if snap.loading:
            parts.append("[dim]loading…[/]")
        if snap.backend != "local":
            parts.insert(1, snap.backend)
        bar.update("  ·  ".join(parts))
        today = snap.today - snap.week
        today_index = today.days if 0 <= today.days < 7 else None
        self.table.show(snap.grid, today_index)
        self.query_one("#empty-hint").display = not snap.grid.rows and not snap.loading
        self.query_one(StatusLine).say(snap.message, snap.severity)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        snap = self.snap
        if action == "undo":
            return None if snap is None or not snap.can_undo else True
        if action == "redo":
            return None if snap is None or not snap.can_redo else True
        return True

    def _say(self, message: str, severity: str = "error") -> None:
        if self.store is not None:
            self.store.say(message, severity)

    # ------------------------------------------------------------ editing cells

    def _target(self) -> tuple[RowKey, int] | None:
        key, day = self.table.current_row_key, self.table.current_day_index
        if key is None or day is None:
            self._say("Move to a day cell of a row to edit it", "warning")
            return None
        return key, day

    @on(TimesheetTable.StartEdit)
    def _start_edit(self, event: TimesheetTable.StartEdit) -> None:
        self._begin_edit(event.text)

    def _begin_edit(self, text: str) -> None:
        target = self._target()
        snap = self.snap
        if target is None or snap is None:
            return
        key, day = target
        where = f"{snap.catalog.label(key)} · {snap.days[day]:%a %d %b}"
        self.query_one(CellEditor).begin(text, where)

    @on(CellEditor.Submitted)
    def _commit_edit(self, event: CellEditor.Submitted) -> None:
        target = self._target()
        snap = self.snap
        if target is None or snap is None:
            return
        key, day = target
        row = snap.grid.row_index(key)
        current = snap.grid.rows[row].seconds[day] if row is not None else 0
        try:
            seconds = apply_cell_input(event.value, current)
        except DurationError as err:
            self._say(str(err))
            return  # the text stays in the editor to be corrected
        self._close_editor()
        punch_app(self.app).run_edit(lambda: self.store.set_cell(key, day, seconds))

    @on(CellEditor.Cancelled)
    def _close_editor(self) -> None:
        self.query_one(CellEditor).end()
        self.table.focus()

    def action_clear_cell(self) -> None:
        target = self._target()
        if target is not None:
            key, day = target
            punch_app(self.app).run_edit(lambda: self.store.set_cell(key, day, 0))

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

        def picked(choice: object) -> None:
            if choice is not None:
                punch_app(self.app).run_edit(lambda: self._add_row(choice))

        self.app.push_screen(RowPickerScreen(), picked)

    async def _add_row(self, choice: object) -> None:
        key = await self.store.add_picked_row(choice)
        if key is not None:
            self.table.focus_row(key)

    def action_delete_row(self) -> None:
        from tui.screens.confirm import ConfirmScreen

        key = self.table.current_row_key
        snap = self.snap
        if key is None or snap is None:
            self._say("Move to a row to delete it", "warning")
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                punch_app(self.app).run_edit(lambda: self.store.delete_row(key))

        label = snap.catalog.label(key)
        self.app.push_screen(
            ConfirmScreen(f"Remove all of {label}'s time from this week? (u undoes it)"),
            confirmed,
        )

    def action_copy_week(self, with_hours: bool) -> None:
        punch_app(self.app).run_edit(lambda: self.store.copy_last_week(with_hours))

    def action_shift_week(self, weeks: int) -> None:
        punch_app(self.app).run_load(lambda: self.store.shift_week(weeks))

    def action_this_week(self) -> None:
        punch_app(self.app).run_load(lambda: self.store.this_week())

    def action_reload(self) -> None:
        punch_app(self.app).run_load(lambda: self.store.reload())

    def action_undo(self) -> None:
        punch_app(self.app).run_edit(lambda: self.store.undo())

    def action_redo(self) -> None:
        punch_app(self.app).run_edit(lambda: self.store.redo())

    # ------------------------------------------------------------ other screens

    def action_entries(self) -> None:
        from tui.screens.cell_entries import CellEntriesScreen

        target = self._target()
        if target is not None:
            self.app.push_screen(CellEntriesScreen(*target))

    def action_workspaces(self) -> None:
        from tui.screens.workspaces import WorkspacesScreen

        self.app.push_screen(WorkspacesScreen())

    def action_projects(self) -> None:
        from tui.screens.projects import ProjectsScreen

        self.app.push_screen(ProjectsScreen())

    def action_tasks(self) -> None:
        from tui.screens.tasks import TasksScreen

        key = self.table.current_row_key
        if key is None or key[0] is None:
            self._say("Move to a row with a project to see its tasks", "warning")
            return
        self.app.push_screen(TasksScreen(key[0]))
