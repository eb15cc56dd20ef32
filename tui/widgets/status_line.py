"""One line under the grid where the app says what happened or what went wrong."""

from __future__ import annotations

from textual.widgets import Static

from tui.store.snapshot import Severity


class StatusLine(Static):
    def say(self, message: str, severity: Severity = "information") -> None:
        self.set_class(severity == "error", "error")
        self.set_class(severity == "warning", "warning")
        self.update(message)
