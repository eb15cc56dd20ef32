"""The line where a duration is typed for the cell under the cursor, like a spreadsheet's
formula bar: Enter commits, Esc cancels, and a refused value stays here to be corrected."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input


class CellEditor(Input):
    BINDINGS = [Binding("escape", "cancel", "Cancel", show=True)]

    class Cancelled(Message):
        pass

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            id=id,
            placeholder="1:30 · 1.5 · 1h30m · 90m · +15m · -0:15",
            select_on_focus=False,  # the first typed character must stay, not be selected
        )
        self.display = False

    def begin(self, text: str, where: str) -> None:
        self.border_title = where
        self.value = text
        self.display = True
        self.focus()
        self.cursor_position = len(text)

    def end(self) -> None:
        self.display = False
        self.value = ""

    def action_cancel(self) -> None:
        self.post_message(self.Cancelled())
