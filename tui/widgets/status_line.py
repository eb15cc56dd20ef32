"""One line under the grid where the app says what happened or what went wrong."""

from __future__ import annotations

from textual.widgets import Static

from tui.store.snapshot import Severity


class StatusLine(Static):
    """Fixed at one line, so a new message never moves anything else."""

    _said: tuple[str, Severity] | None = None

    def say(self, message: str, severity: Severity = "information") -> None:
        if self._said == (message, severity):
            return  # called on every snapshot: repaint only when the words change
        self._said = (message, severity)
        self.set_class(severity == "error", "error")
        self.set_class(severity == "warning", "warning")
        self.update(message, layout=False)
