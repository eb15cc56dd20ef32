"""Workspaces: see them all, switch to one, create one, rename one."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.screens.prompt import PromptScreen
from tui.session import Session
from tui.store.snapshot import Snapshot
from tui.widgets.key_footer import KeyFooter


class WorkspacesScreen(Screen[None]):
    SHOWS_MESSAGES = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="workspaces.back"),
        Binding("enter", "switch", "Switch", id="workspaces.switch", show=True),
        Binding("n", "new", "New", id="workspaces.new", tooltip="New workspace"),
        Binding("r", "rename", "Rename", id="workspaces.rename", tooltip="Rename workspace"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        # The list takes Enter itself, so the footer cannot show what it does; the title does.
        yield Static(
            "Workspaces · enter switches",
            id="workspaces-title",
            classes="manage-title",
            markup=False,
        )
        yield OptionList(id="workspaces-list")
        yield Static("", id="workspaces-status", classes="manage-status", markup=False)
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.watch(self.session, "snapshot", self._show, init=True)
        self.query_one(OptionList).focus()

    def _show(self, snapshot: Snapshot | None) -> None:
        listing = self.query_one("#workspaces-list", OptionList)
        status = self.query_one("#workspaces-status", Static)
        if snapshot is None:
            listing.clear_options()
            status.update("Opening…")
            return
        highlighted = self._highlighted_id()
        current = snapshot.workspace.id if snapshot.workspace else None
        listing.clear_options()
        listing.add_options(
            Option(self._label(w.name, w.id == current), id=w.id) for w in snapshot.workspaces
        )
        # Keep the cursor on the same workspace across refreshes; start on the current one.
        target = highlighted or current
        ids = [w.id for w in snapshot.workspaces]
        if target in ids:
            listing.highlighted = ids.index(target)
        elif ids:
            listing.highlighted = 0
        message, severity = self.session.said_on(self)
        status.set_classes(f"manage-status {severity}")
        status.update(message)
        self.refresh_bindings()

    @staticmethod
    def _label(name: str, current: bool) -> Text:
        if current:
            return Text.assemble(("● ", "bold"), (name, "bold"), ("  current", "dim"))
        return Text.assemble("  ", name)

    def _highlighted_id(self) -> str | None:
        listing = self.query_one("#workspaces-list", OptionList)
        if listing.highlighted is None or listing.highlighted >= listing.option_count:
            return None
        return listing.get_option_at_index(listing.highlighted).id

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        snapshot = self.session.snapshot
        if action in ("new", "rename"):  # a backend that cannot create them cannot rename them
            return snapshot is not None and snapshot.capabilities.create_workspaces
        return True

    # ------------------------------------------------------------ actions

    @on(OptionList.OptionSelected, "#workspaces-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_switch()

    def action_switch(self) -> None:
        workspace_id = self._highlighted_id()
        snapshot = self.session.snapshot
        if workspace_id is None or snapshot is None:
            return
        current = snapshot.workspace.id if snapshot.workspace else None
        if workspace_id != current:
            self.session.run_edit(lambda store: store.switch_workspace(workspace_id))
        self.dismiss()

    def action_new(self) -> None:
        def created(name: str | None) -> None:
            if name:
                self.session.run_edit(lambda store: store.create_workspace(name))

        self.app.push_screen(PromptScreen("New workspace", placeholder="Workspace name"), created)

    def action_rename(self) -> None:
        workspace_id = self._highlighted_id()
        snapshot = self.session.snapshot
        if workspace_id is None or snapshot is None:
            return
        workspace = next((w for w in snapshot.workspaces if w.id == workspace_id), None)
        if workspace is None:
            return

        def renamed(name: str | None) -> None:
            if name and name != workspace.name:
                self.session.run_edit(lambda store: store.rename_workspace(workspace.id, name))

        self.app.push_screen(
            PromptScreen("Rename workspace", workspace.name, placeholder="Workspace name"),
            renamed,
        )

    def action_back(self) -> None:
        self.dismiss()
