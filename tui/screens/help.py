"""`?`: every key of the screen it was opened from, read from that screen's live bindings."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from tui.keys.bindings import own_key_groups
from tui.screens.dialog import Dialog, dialog_title

ALWAYS = [
    ("ctrl+p", "Command palette: every action by name"),
    ("?", "This list of keys"),
]
MOVES = frozenset({"up", "down", "left", "right", "h", "j", "k", "l", "tab"})
GRID_EXTRA: list[tuple[str, str, frozenset[str]]] = [
    # (what to show, what it does, the bound keys it stands for: those are not listed again)
    ("←↓↑→ h j k l", "Move the cursor; tab goes to the next day", MOVES),
    (
        "0-9 . , : + -",
        "Type a duration into the cell (1:30, 1.5, 1h30m, 90m, +15m, -0:15): enter saves,"
        " an arrow or tab saves and moves on, esc cancels",
        frozenset(),
    ),
    ("⏎", "Open the cell's entries, or type into an empty cell", frozenset({"enter"})),
]
SKIPPED = frozenset({"help", "command_palette", "app.command_palette"})


class HelpScreen(Dialog[None]):
    BINDINGS = [Binding("escape,q,question_mark", "close", "Close")]
    KEYS = "esc closes"

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self._for = screen

    def _rows(self) -> list[tuple[str, str]]:
        """One row per thing the screen does, each key in one row only."""
        rows: list[tuple[str, str]] = []
        listed: set[str] = set()
        if type(self._for).__name__ == "TimesheetScreen":
            for shown, what, covered in GRID_EXTRA:
                rows.append((shown, what))
                listed |= covered
        for group in own_key_groups(self._for):
            if group.binding.action in SKIPPED:
                continue
            unlisted = [b for b in group.keys if b.key not in listed]
            if not unlisted:
                continue
            listed.update(b.key for b in unlisted)
            shown = " / ".join(self.app.get_key_display(b) for b in unlisted)
            rows.append((shown, group.label))
        rows.extend(ALWAYS)
        return rows

    def compose(self) -> ComposeResult:
        title = getattr(self._for, "TITLE", None) or type(self._for).__name__.removesuffix("Screen")
        # A grid of two columns: a long description wraps within its own column, under
        # itself, and the keys stay a column apart. Built as Text, not markup: key names
        # such as "[" must never be read as tags.
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True, style="bold")
        table.add_column(ratio=1)
        for key, what in self._rows():
            table.add_row(Text(key), Text(what))
        with self.frame("help", scrolls=True):
            yield dialog_title(f"Keys: {title}")
            yield Static(table, id="help-keys")

    def action_close(self) -> None:
        self.dismiss(None)
