"""Create or edit a project: name, client, colour and billable, returned as a ProjectDraft."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.errors import StyleSyntaxError
from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Input, Label, Select, Static, Switch

from tui.domain.models import Client
from tui.screens.dialog import Dialog, dialog_error, dialog_title

# A Select needs a value of one type for every option; "" stands for "no client".
NO_CLIENT = ""

COLOURS: tuple[tuple[str, str], ...] = (
    ("Blue", "#5a9bd5"),
    ("Green", "#70ad47"),
    ("Orange", "#ed7d31"),
    ("Red", "#e15759"),
    ("Purple", "#9e6bd6"),
    ("Teal", "#4bb2a6"),
    ("Yellow", "#e6c229"),
    ("Grey", "#8c8c8c"),
)
DEFAULT_COLOUR = COLOURS[0][1]


@dataclass(frozen=True)
class ProjectDraft:
    name: str
    client_id: str | None = None
    color: str = DEFAULT_COLOUR
    billable: bool = False


def swatch(color: str, label: str = "") -> Text:
    """A coloured block; Rich maps the hex to the nearest ANSI colour on 16-colour terminals."""
    try:
        style = Style.parse(color)
    except StyleSyntaxError:
        # A remote backend may hold a colour Rich cannot read; a plain block beats a crash.
        style = Style()
    text = Text("██", style=style)
    if label:
        text.append(f" {label}")
    return text


class ProjectFormScreen(Dialog[ProjectDraft | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority, so Enter saves from the Switch too (it would toggle it otherwise);
        # check_action lets Enter through while a Select menu is open.
        Binding("enter", "save", "Save", priority=True, id="project_form.save"),
        Binding("ctrl+s", "save", "Save", priority=True, id="project_form.save_ctrl"),
        Binding("escape", "cancel", "Cancel", id="project_form.cancel"),
    ]
    KEYS = "enter/ctrl+s save · esc cancel · tab next field"

    def __init__(
        self,
        title: str,
        clients: Sequence[Client] = (),
        *,
        initial: ProjectDraft | None = None,
        clients_enabled: bool = True,
        billable_enabled: bool = True,
    ) -> None:
        super().__init__()
        self._title = title
        self._clients = [c for c in clients if not c.archived]
        self._initial = initial or ProjectDraft("")
        self._clients_enabled = clients_enabled
        self._billable_enabled = billable_enabled
        # An edited project may belong to an archived client, or one this list does not
        # know; keep it choosable, or the Select could not show the project's real value.
        current = self._initial.client_id
        if current and all(c.id != current for c in self._clients):
            self._clients += [c for c in clients if c.id == current] or [
                Client(id=current, workspace_id="", name="(unknown client)")
            ]

    def compose(self) -> ComposeResult:
        draft = self._initial
        with self.frame("project-form"):
            yield dialog_title(self._title)
            with Horizontal(classes="manage-form-row"):
                yield Label("Name", classes="manage-field-label")
                yield Input(draft.name, placeholder="Project name", id="project-name")
            if self._clients_enabled:
                with Horizontal(classes="manage-form-row"):
                    yield Label("Client", classes="manage-field-label")
                    yield Select(
                        self._client_options(),
                        value=draft.client_id or NO_CLIENT,
                        allow_blank=False,
                        id="project-client",
                    )
            with Horizontal(classes="manage-form-row"):
                yield Label("Colour", classes="manage-field-label")
                yield Select(
                    self._colour_options(),
                    value=draft.color,
                    allow_blank=False,
                    id="project-colour",
                )
            if self._billable_enabled:
                with Horizontal(classes="manage-form-row"):
                    yield Label("Billable", classes="manage-field-label")
                    yield Switch(draft.billable, id="project-billable")
            yield dialog_error("project-error")

    def _client_options(self) -> list[tuple[str | Text, str]]:
        options: list[tuple[str | Text, str]] = [("No client", NO_CLIENT)]
        for client in sorted(self._clients, key=lambda c: c.name.casefold()):
            # Text, not str: a Select reads a str prompt as markup, and names are user text.
            label = Text(f"{client.name} (archived)" if client.archived else client.name)
            options.append((label, client.id))
        return options

    def _colour_options(self) -> list[tuple[str | Text, str]]:
        options: list[tuple[str | Text, str]] = [
            (swatch(value, name), value) for name, value in COLOURS
        ]
        if all(value != self._initial.color for _, value in COLOURS):
            # A colour set elsewhere (the web app, say) survives an edit made here.
            options.append((swatch(self._initial.color, self._initial.color), self._initial.color))
        return options

    def on_mount(self) -> None:
        self.query_one("#project-name", Input).focus()

    @on(Input.Changed, "#project-name")
    def _clear_error(self) -> None:
        self.query_one("#project-error", Static).update("")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While a Select menu is open, Enter picks an option rather than saving.
        return not (action == "save" and any(select.expanded for select in self.query(Select)))

    def action_save(self) -> None:
        name = self.query_one("#project-name", Input).value.strip()
        if not name:
            self.query_one("#project-error", Static).update("A project needs a name")
            self.query_one("#project-name", Input).focus()
            return
        client_id = self._initial.client_id
        if self._clients_enabled:
            value = self.query_one("#project-client", Select).value
            client_id = value if isinstance(value, str) and value != NO_CLIENT else None
        colour = self.query_one("#project-colour", Select).value
        billable = self._initial.billable
        if self._billable_enabled:
            billable = self.query_one("#project-billable", Switch).value
        self.dismiss(
            ProjectDraft(
                name=name,
                client_id=client_id,
                color=colour if isinstance(colour, str) else self._initial.color,
                billable=billable,
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
