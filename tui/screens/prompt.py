"""Ask for one line of text, such as a name: Enter accepts it, Esc gives up."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static


class PromptScreen(ModalScreen[str | None]):
    """Returns the stripped text, or None when cancelled. Blank text is never returned."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="prompt.cancel"),
    ]

    def __init__(
        self,
        title: str,
        value: str = "",
        *,
        placeholder: str = "",
        empty_message: str = "A name cannot be empty",
    ) -> None:
        super().__init__(classes="manage-modal")
        self._title = title
        self._value = value
        self._placeholder = placeholder
        self._empty_message = empty_message

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-dialog", classes="manage-dialog"):
            yield Label(self._title, id="prompt-title", classes="manage-dialog-title", markup=False)
            yield Input(self._value, placeholder=self._placeholder, id="prompt-input")
            yield Static("", id="prompt-error", classes="manage-error")
            yield Static("enter save · esc cancel", classes="manage-hint")

    def on_mount(self) -> None:
        self.query_one("#prompt-input", Input).focus()

    @on(Input.Submitted, "#prompt-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            # Refused here, not by the backend, so the user keeps the dialog and can retype.
            self.query_one("#prompt-error", Static).update(self._empty_message)
            return
        self.dismiss(text)

    @on(Input.Changed, "#prompt-input")
    def _changed(self) -> None:
        self.query_one("#prompt-error", Static).update("")

    def action_cancel(self) -> None:
        self.dismiss(None)
