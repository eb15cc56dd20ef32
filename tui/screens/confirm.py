"""A yes/no question: y or Enter says yes, n or Esc says no."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, *, detail: str = "") -> None:
        super().__init__(classes="manage-modal")
        self._question = question
        self._detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog", classes="manage-dialog"):
            yield Label(
                self._question, id="confirm-question", classes="manage-dialog-title", markup=False
            )
            if self._detail:
                yield Static(self._detail, id="confirm-detail", markup=False)
            yield Static("y/enter yes · n/esc no", classes="manage-hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
