"""The tasks of one project: add, rename, and mark done (done tasks hide until asked for)."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Static

from tui.domain.models import Task
from tui.screens.prompt import PromptScreen
from tui.session import Session, StoreIntent
from tui.store import Store
from tui.store.snapshot import Snapshot
from tui.widgets.key_footer import KeyFooter


class TasksScreen(Screen[None]):
    SHOWS_MESSAGES = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="tasks.back"),
        Binding("n", "new", "New", id="tasks.new", tooltip="New task"),
        Binding("r", "rename", "Rename", id="tasks.rename", tooltip="Rename task"),
        Binding(
            "space,x", "toggle_done", "Done", id="tasks.done", tooltip="Mark task done or not done"
        ),
        Binding("A", "toggle_show_done", "Show done", id="tasks.show_done"),
    ]

    def __init__(self, session: Session, project_id: str) -> None:
        super().__init__()
        self.session = session
        self.project_id = project_id
        self._show_done = False
        self._want_id: str | None = None
        self._ids: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("Tasks", id="tasks-title", classes="manage-title", markup=False)
        yield DataTable(id="tasks-table", cursor_type="row")
        yield Static("", id="tasks-status", classes="manage-status", markup=False)
        yield KeyFooter(compact=True)

    @property
    def table(self) -> DataTable[Any]:
        return self.query_one("#tasks-table", DataTable)

    def on_mount(self) -> None:
        self.table.add_columns("", "Task")
        self.watch(self.session, "snapshot", self._show, init=True)
        self.table.focus()

    # ------------------------------------------------------------ rendering

    def _title(self, snap: Snapshot) -> str:
        project = snap.project(self.project_id)
        tasks = snap.terms.tasks
        if project is None:
            return snap.terms.say(f"{tasks} · (project not found)")
        client = snap.catalog.clients.get(project.client_id) if project.client_id else None
        where = f"{client.name} › {project.name}" if client else project.name
        return f"{tasks} · {where}" + (" · showing done" if self._show_done else "")

    def _show(self, snapshot: Snapshot | None = None) -> None:
        snap = snapshot or self.session.snapshot
        if snap is None or not self.is_attached:
            return
        table = self.table
        keep = self._want_id or self._cursor_id()
        old_row = table.cursor_row
        tasks = sorted(
            (t for t in snap.tasks if t.project_id == self.project_id),
            key=lambda t: (t.done, t.name.casefold()),
        )
        visible = [t for t in tasks if self._show_done or not t.done]
        table.clear()
        for task in visible:
            mark = Text("✓", style="bold") if task.done else ""
            name = Text(task.name, style="dim strike" if task.done else "")
            table.add_row(mark, name, key=task.id)
        self._ids = [t.id for t in visible]
        if keep in self._ids:
            table.move_cursor(row=self._ids.index(keep), animate=False)
            self._want_id = None
        elif self._ids:
            table.move_cursor(row=min(old_row, len(self._ids) - 1), animate=False)
        self.query_one("#tasks-title", Static).update(self._title(snap))
        hidden = len(tasks) - len(visible)
        status = self.query_one("#tasks-status", Static)
        message, severity = self.session.said_on(self)
        status.set_classes(f"manage-status {severity}")
        # A hint for an empty list beats the last "Created …"; problems always show.
        if message and (tasks or severity != "information"):
            status.update(message)
        elif not tasks:
            status.update("No tasks yet: n adds one")
        else:
            status.update(f"{hidden} done hidden: A shows them" if hidden else "")

    def _cursor_id(self) -> str | None:
        table = self.table
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return key if isinstance(key, str) else None

    def _cursor_task(self) -> Task | None:
        task_id, snap = self._cursor_id(), self.session.snapshot
        if task_id is None or snap is None:
            return None
        return snap.catalog.tasks.get(task_id)

    def _edit(self, make: StoreIntent, follow: bool = False) -> None:
        """Run a store intent; with ``follow``, put the cursor on the task it returns."""

        async def run(store: Store) -> None:
            made = await make(store)
            if follow and isinstance(made, Task):
                self._want_id = made.id
                self.call_later(self._show)

        self.session.run_edit(run)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "new":
            snap = self.session.snapshot
            return snap is not None and snap.project(self.project_id) is not None
        return True

    # ------------------------------------------------------------ actions

    @on(DataTable.RowSelected, "#tasks-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        # Enter has no meaning of its own here; keep it from reaching other screens.
        event.stop()

    def action_new(self) -> None:
        def made(name: str | None) -> None:
            if name:
                self._edit(lambda s: s.create_task(self.project_id, name), follow=True)

        self.app.push_screen(PromptScreen("New task", placeholder="Task name"), made)

    def action_rename(self) -> None:
        task = self._cursor_task()
        if task is None:
            return

        def renamed(name: str | None) -> None:
            if name and name != task.name:
                changed = task.replace(name=name)
                self._edit(lambda s: s.update_task(changed))

        self.app.push_screen(
            PromptScreen("Rename task", task.name, placeholder="Task name"), renamed
        )

    def action_toggle_done(self) -> None:
        task = self._cursor_task()
        if task is None:
            return
        changed = task.replace(done=not task.done)
        self._edit(lambda s: s.update_task(changed))

    def action_toggle_show_done(self) -> None:
        self._show_done = not self._show_done
        self._show()

    def action_back(self) -> None:
        self.dismiss()
