"""Projects grouped by client: filter as you type, create, edit, archive, open a project's tasks."""

from __future__ import annotations

from collections.abc import Awaitable, Iterator
from dataclasses import asdict
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from tui.domain.models import Client, Project
from tui.keys.worded import word_bindings
from tui.screens.confirm import ConfirmScreen
from tui.screens.export_week import EXPORT_BINDINGS, ExportsWeek
from tui.screens.project_form import ProjectDraft, ProjectFormScreen, swatch
from tui.screens.prompt import PromptScreen
from tui.screens.tasks import TasksScreen
from tui.session import Session, StoreIntent
from tui.store import Store
from tui.store.snapshot import Snapshot
from tui.widgets.key_footer import KeyFooter

# Row keys say what a row is: a client group ("c:" + id, "c:" alone for "No client") or a
# project ("p:" + id).
CLIENT, PROJECT = "c:", "p:"
CLIENT_ACTIONS = {"new_client", "rename_client", "archive_client"}


class ProjectsScreen(ExportsWeek, Screen[None]):
    SHOWS_MESSAGES = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="projects.back"),
        Binding("enter", "open", "Tasks", id="projects.open", tooltip="Open the project's tasks"),
        Binding("n", "new_project", "New", id="projects.new", tooltip="New project"),
        Binding("N", "new_client", "Client", id="projects.new_client", tooltip="New client"),
        Binding("r", "edit_project", "Edit", id="projects.edit", tooltip="Edit project"),
        # The client keys stay out of the footer (80 columns); help and ctrl+p list them.
        Binding("R", "rename_client", "Rename client", id="projects.rename_client", show=False),
        Binding("x", "archive_project", "Archive", id="projects.archive"),
        Binding("X", "archive_client", "Archive client", id="projects.archive_client", show=False),
        Binding(
            "A", "toggle_archived", "Archived", id="projects.archived", tooltip="Show archived"
        ),
        Binding("slash", "focus_filter", "Filter", id="projects.filter"),
        *EXPORT_BINDINGS,
        Binding("down,up", "focus_table", show=False),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._show_archived = False
        self._want_key: str | None = None
        self._keys: list[str] = []
        self._columns: tuple[bool, str] | None = None

    def compose(self) -> ComposeResult:
        yield Static("Projects", id="projects-title", classes="manage-title", markup=False)
        yield Input(placeholder="Type to filter · ↓ to the list", id="projects-filter")
        yield DataTable(id="projects-table", cursor_type="row", zebra_stripes=False)
        yield Static("", id="projects-status", classes="manage-status", markup=False)
        yield KeyFooter(compact=True)

    @property
    def table(self) -> DataTable[Any]:
        return self.query_one("#projects-table", DataTable)

    def on_mount(self) -> None:
        self.watch(self.session, "snapshot", self._show, init=True)
        self.query_one("#projects-filter", Input).focus()

    # ------------------------------------------------------------ rendering

    def _rows(self, snap: Snapshot) -> Iterator[tuple[str, list[str | Text]]]:
        words = self.query_one("#projects-filter", Input).value.casefold().split()
        archived = self._show_archived
        use_clients = snap.capabilities.clients
        known = {c.id for c in snap.clients} if use_clients else set()
        groups: dict[str | None, list[Project]] = {}
        for project in sorted(snap.projects, key=lambda p: p.name.casefold()):
            owner = project.client_id if project.client_id in known else None
            groups.setdefault(owner, []).append(project)
        clients = sorted(snap.clients, key=lambda c: c.name.casefold()) if use_clients else []
        everyone: list[Client | None] = [*clients, None]
        for client in everyone:
            if client is not None and client.archived and not archived:
                continue
            client_name = client.name if client else "No client"
            projects = [
                p
                for p in groups.get(client.id if client else None, [])
                if (archived or not p.archived)
                and all(w in f"{client_name} {p.name}".casefold() for w in words)
            ]
            # An empty client still shows when it matches, so a new one can be seen at once.
            named = client is not None and all(w in client_name.casefold() for w in words)
            if use_clients and (projects or named):
                yield self._client_row(client)
            for project in projects:
                yield self._project_row(project, indent=use_clients)

    def _client_row(self, client: Client | None) -> tuple[str, list[str | Text]]:
        if client is None:
            return CLIENT, ["", Text("No client", style="bold italic"), "", ""]
        state = Text("archived", style="italic") if client.archived else ""
        name = Text(client.name, style="bold dim" if client.archived else "bold")
        return CLIENT + client.id, ["", name, state, ""]

    def _project_row(self, project: Project, *, indent: bool) -> tuple[str, list[str | Text]]:
        name = Text(("  " if indent else "") + project.name)
        state: str | Text = ""
        if project.archived:
            name.stylize("dim")
            state = Text("archived", style="italic")
        billable = "$" if project.billable else ""
        return PROJECT + project.id, [swatch(project.color), name, state, billable]

    def _show(self, snapshot: Snapshot | None = None) -> None:
        snap = snapshot or self.session.snapshot
        if snap is None or not self.is_attached:
            return
        table = self.table
        keep = self._want_key or self._cursor_key()
        old_row = table.cursor_row
        rows = list(self._rows(snap))
        billable = snap.capabilities.billable
        columns = (billable, snap.terms.project)
        table.clear(columns=columns != self._columns)
        if columns != self._columns:
            self._columns = columns
            table.add_columns("", snap.terms.project, "", *(["Billable"] if billable else []))
            # The company's words on the keys (set once per change).
            word_bindings(self, snap.terms)
            self.refresh_bindings()
        for key, cells in rows:
            table.add_row(*(cells if billable else cells[:-1]), key=key)
        keys = self._keys = [key for key, _ in rows]
        if keep in keys:
            table.move_cursor(row=keys.index(keep), animate=False)
            self._want_key = None
        elif keys:
            table.move_cursor(row=min(old_row, len(keys) - 1), animate=False)
        # The table takes Enter itself, so the footer cannot show what it does; the title does.
        shown = "showing archived" if self._show_archived else snap.terms.say("enter: tasks")
        title = f"{snap.terms.projects} · {shown}"
        self.query_one("#projects-title", Static).update(title)
        status = self.query_one("#projects-status", Static)
        severity = self.session.said_on(self)[1]
        status.set_classes(f"manage-status {severity}")
        status.update(self._status(bool(rows)))
        self.refresh_bindings()

    def _status(self, any_rows: bool) -> str:
        # A hint for an empty list beats the last "Created …"; problems always show.
        message, severity = self.session.said_on(self)
        if any_rows or severity != "information":
            return message
        if self.query_one("#projects-filter", Input).value.strip():
            return "Nothing matches the filter"
        return "No projects yet: ↓ then n adds a project, N a client"

    def _cursor_key(self) -> str | None:
        table = self.table
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return key if isinstance(key, str) else None

    # ------------------------------------------------------------ what the cursor is on

    def _project(self) -> Project | None:
        key, snap = self._cursor_key(), self.session.snapshot
        if key is None or snap is None or not key.startswith(PROJECT):
            return None
        return snap.project(key.removeprefix(PROJECT))

    def _client(self) -> Client | None:
        """The client row under the cursor, or the client of the project under it."""
        key, snap = self._cursor_key(), self.session.snapshot
        if key is None or snap is None:
            return None
        if key.startswith(CLIENT):
            client_id: str | None = key.removeprefix(CLIENT)
        else:
            project = self._project()
            client_id = project.client_id if project else None
        return snap.catalog.clients.get(client_id) if client_id else None

    # ------------------------------------------------------------ plumbing

    def _edit(self, make: StoreIntent, select: str = "") -> None:
        """Run a store intent; with ``select``, put the cursor on what it created."""

        async def run(store: Store) -> None:
            made = await make(store)
            if select and made is not None:
                self._want_key = select + made.id
                self.call_later(self._show)

        self.session.run_edit(run)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        snap = self.session.snapshot
        if action in CLIENT_ACTIONS:
            return snap is not None and snap.capabilities.clients
        return True

    # ------------------------------------------------------------ navigation

    @on(Input.Changed, "#projects-filter")
    def _filtered(self) -> None:
        self._want_key = None
        self._show()
        # The first match is what the user is looking for, not its client's heading.
        first = next((i for i, key in enumerate(self._keys) if key.startswith(PROJECT)), 0)
        if self._keys:
            self.table.move_cursor(row=first, animate=False)

    @on(Input.Submitted, "#projects-filter")
    def _filter_submitted(self) -> None:
        if self._project() is not None:
            self.action_open()
        else:
            self.action_focus_table()

    @on(DataTable.RowSelected, "#projects-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        project = self._project()
        if project is not None:
            self.app.push_screen(TasksScreen(self.session, project.id))

    def action_focus_table(self) -> None:
        self.table.focus()

    def action_focus_filter(self) -> None:
        self.query_one("#projects-filter", Input).focus()

    def action_back(self) -> None:
        search = self.query_one("#projects-filter", Input)
        if search.has_focus and search.value:
            search.value = ""
            return
        self.dismiss()

    def action_toggle_archived(self) -> None:
        self._show_archived = not self._show_archived
        self._show()

    # ------------------------------------------------------------ edits

    def _form(self, title: str, initial: ProjectDraft | None = None) -> ProjectFormScreen:
        snap = self.session.snapshot
        caps = snap.capabilities if snap else None
        return ProjectFormScreen(
            title,
            snap.clients if snap else (),
            initial=initial,
            clients_enabled=caps.clients if caps else False,
            billable_enabled=caps.billable if caps else False,
        )

    def action_new_project(self) -> None:
        client = self._client()
        initial = ProjectDraft("", client_id=client.id if client and not client.archived else None)

        def made(draft: ProjectDraft | None) -> None:
            if draft is not None:
                self._edit(
                    lambda s: s.create_project(
                        draft.name, draft.client_id, draft.color, draft.billable
                    ),
                    select=PROJECT,
                )

        self.app.push_screen(self._form("New project", initial), made)

    def action_new_client(self) -> None:
        def made(name: str | None) -> None:
            if name:
                self._edit(lambda s: s.create_client(name), select=CLIENT)

        self.app.push_screen(PromptScreen("New client", placeholder="Client name"), made)

    def action_edit_project(self) -> None:
        project = self._project()
        if project is None:
            # On a client heading, r renames the client: the one thing r can mean there.
            self.action_rename_client()
            return
        initial = ProjectDraft(project.name, project.client_id, project.color, project.billable)

        def saved(draft: ProjectDraft | None) -> None:
            if draft is not None and draft != initial:
                # The draft's fields are named as the project's, so it is the whole update.
                changed = project.replace(**asdict(draft))
                self._edit(lambda s: s.update_project(changed))

        self.app.push_screen(self._form(f"Edit project {project.name}", initial), saved)

    def action_rename_client(self) -> None:
        client = self._client()
        if client is None:
            self.notify("No client here to rename", severity="warning")
            return

        def renamed(name: str | None) -> None:
            if name and name != client.name:
                changed = client.replace(name=name)
                self._edit(lambda s: s.update_client(changed))

        prompt = PromptScreen("Rename client", client.name, placeholder="Client name")
        self.app.push_screen(prompt, renamed)

    def action_archive_project(self) -> None:
        project = self._project()
        if project is None:
            self.action_archive_client()
        else:
            self._toggle_archived(project, "Its time stays; A shows archived items.")

    def action_archive_client(self) -> None:
        client = self._client()
        if client is None:
            self.notify("No client here to archive", severity="warning")
        else:
            self._toggle_archived(client, "Its projects hide with it; A shows archived items.")

    def _toggle_archived(self, item: Client | Project, detail: str) -> None:
        """Archive after a yes; unarchive at once, since that hides nothing."""
        changed = item.replace(archived=not item.archived)

        def save(store: Store) -> Awaitable[Any]:
            if isinstance(changed, Client):
                return store.update_client(changed)
            return store.update_project(changed)

        if item.archived:
            self._edit(save)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._edit(save)

        noun = "client" if isinstance(item, Client) else "project"
        self.app.push_screen(ConfirmScreen(f"Archive {noun} {item.name}?", detail=detail), answered)
