"""Ask for one line that may be left blank, or that a check reads before it is accepted:
a timer's description as it starts, the time a timer stops at.

Unlike :class:`~tui.screens.prompt.PromptScreen` (a name, never blank), Enter on an empty
line is an answer here ("no description"); Esc is the only way to give up. The dialog looks
like the other small dialogs (the ``manage-*`` classes).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Static

from tui.screens.dialog import Dialog, dialog_error, dialog_title

Check = Callable[[str], str | None]
"""The stripped text → why it cannot be used, or None when it can."""


class LinePromptScreen(Dialog[str | None]):
    """Returns the stripped text (blank allowed unless ``check`` refuses it), or None when
    cancelled. ``value`` starts selected, so typing replaces it and Enter keeps it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="line-prompt.cancel"),
    ]

    def __init__(
        self,
        title: str,
        value: str = "",
        *,
        label: str = "",
        placeholder: str = "",
        hint: str = "enter accepts · esc cancels",
        check: Check | None = None,
    ) -> None:
        super().__init__()
        self._title = title
        self._value = value
        self._label = label
        self._placeholder = placeholder
        self._hint = hint
        self._check = check

    def compose(self) -> ComposeResult:
        with self.frame("line-prompt-dialog", keys=self._hint):
            yield dialog_title(self._title, id="line-prompt-title")
            if self._label:
                # Static, not Label: a long line (the running entry's path) wraps, never cut.
                yield Static(self._label, classes="dialog-note", markup=False)
            yield Input(self._value, placeholder=self._placeholder, id="line-prompt-input")
            # Right under the input: where the user is looking, at any size.
            yield dialog_error("line-prompt-error")

    def on_mount(self) -> None:
        self.query_one("#line-prompt-input", Input).focus()

    @property
    def error(self) -> str:
        """What the dialog says is wrong with the text, if anything (for tests)."""
        return str(self.query_one("#line-prompt-error", Static).render())

    @on(Input.Submitted, "#line-prompt-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if self._check is not None and (problem := self._check(text)) is not None:
            # Said here, so the user keeps the dialog and what was typed, and can fix it.
            self.query_one("#line-prompt-error", Static).update(problem)
            return
        self.dismiss(text)

    @on(Input.Changed, "#line-prompt-input")
    def _changed(self) -> None:
        self.query_one("#line-prompt-error", Static).update("")

    def action_cancel(self) -> None:
        self.dismiss(None)
