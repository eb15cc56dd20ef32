"""`?`: every key of the screen it was opened from, read from that screen's live bindings."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui.keys.bindings import own_bindings

ALWAYS = [
    ("ctrl+p", "Command palette: every action by name"),
    ("?", "This list of keys"),
]
GRID_EXTRA = [
    ("←↓↑→ / h j k l", "Move the cursor"),
    ("0-9 . , : + -", "Type a duration into the cell (1:30, 1.5, 1h30m, 90m, +15m, -0:15)"),
    ("enter", "Open the cell's entries, or type into an empty cell"),
    ("esc", "Cancel typing"),
    ("arrows, tab (while typing)", "Save what was typed and move on"),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "close", "Close")]

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self._for = screen

    def _rows(self) -> list[tuple[str, str]]:
        rows: list[tuple[str, str]] = []
        if type(self._for).__name__ == "TimesheetScreen":
            rows.extend(GRID_EXTRA)
        for _, binding in own_bindings(self._for):
            if binding.action in {"help", "command_palette"} or binding.key in {"h", "j", "k", "l"}:
                continue
            rows.append((self.app.get_key_display(binding), binding.tooltip or binding.description))
        rows.extend(ALWAYS)
        return rows

    def compose(self) -> ComposeResult:
        title = getattr(self._for, "TITLE", None) or type(self._for).__name__.removesuffix("Screen")
        rows = self._rows()
        width = max(len(k) for k, _ in rows)
        # Built as Text, not markup: key names such as "[" must never be read as tags.
        text = Text.assemble((f"Keys: {title}", "bold"), "\n\n")
        for key, what in rows:
            text.append(key.ljust(width), "bold")
            text.append(f"  {what}\n")
        text.append("\nEsc closes", "dim")
        with VerticalScroll(id="help", classes="dialog"):
            yield Static(text)

    def action_close(self) -> None:
        self.dismiss(None)
