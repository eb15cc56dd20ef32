"""Ask for one line of text, such as a name: Enter accepts it, Esc gives up."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Static

from tui.screens.dialog import Dialog, dialog_error, dialog_title


class PromptScreen(Dialog[str | None]):
    """Returns the stripped text, or None when cancelled. Blank text is never returned."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="prompt.cancel"),
    ]
    KEYS = "enter save · esc cancel"

    def __init__(
        self,
        title: str,
        value: str = "",
        *,
        placeholder: str = "",
        empty_message: str = "A name cannot be empty",
    ) -> None:
        super().__init__()
        self._title = title
        self._value = value
        self._placeholder = placeholder
        self._empty_message = empty_message

    def compose(self) -> ComposeResult:
        with self.frame("prompt-dialog"):
            yield dialog_title(self._title, id="prompt-title")
            yield Input(self._value, placeholder=self._placeholder, id="prompt-input")
            yield dialog_error("prompt-error")

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
