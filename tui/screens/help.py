"""`?`: every key of the screen it was opened from, read from that screen's live bindings."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

ALWAYS = [
    ("ctrl+p", "Command palette: every action by name"),
    ("?", "This list of keys"),
]
GRID_EXTRA = [
    ("←↓↑→ / h j k l", "Move the cursor"),
    ("0-9 . , : + -", "Type a duration into the cell (1:30, 1.5, 1h30m, 90m, +15m, -0:15)"),
    ("enter", "Open the cell's entries, or type into an empty cell"),
    ("esc", "Cancel typing"),
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
        seen: set[tuple[str, str]] = set()
        for active in self._for.active_bindings.values():
            binding = active.binding
            description = binding.tooltip or binding.description
            if not description or binding.action in {"help", "command_palette"}:
                continue
            row = (self.app.get_key_display(binding), description)
            if row not in seen:
                seen.add(row)
                rows.append(row)
        rows.extend(ALWAYS)
        return rows

    def compose(self) -> ComposeResult:
        title = getattr(self._for, "TITLE", None) or type(self._for).__name__.removesuffix("Screen")
        width = max(len(k) for k, _ in self._rows())
        lines = [f"[b]Keys: {title}[/]", ""]
        lines += [f"[b]{key.ljust(width)}[/]  {what}" for key, what in self._rows()]
        lines += ["", "[dim]Esc closes[/]"]
        with VerticalScroll(id="help", classes="dialog"):
            yield Static("\n".join(lines), markup=True)

    def action_close(self) -> None:
        self.dismiss(None)
