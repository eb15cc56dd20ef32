"""A yes/no question: y or Enter says yes, n or Esc says no."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from tui.screens.dialog import Dialog, dialog_title


class ConfirmScreen(Dialog[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]
    KEYS = "y/enter yes · n/esc no"

    def __init__(self, question: str, *, detail: str = "") -> None:
        super().__init__()
        self._question = question
        self._detail = detail

    def compose(self) -> ComposeResult:
        with self.frame("confirm-dialog"):
            yield dialog_title(self._question, id="confirm-question")
            if self._detail:
                yield Static(self._detail, id="confirm-detail", markup=False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
