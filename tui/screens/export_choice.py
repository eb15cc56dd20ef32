"""Asks how to export the reviewed week: c for CSV, j for JSON, Esc for neither."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from tui.reports.export import ExportFormat
from tui.screens.dialog import Dialog, dialog_title


class ExportChoiceScreen(Dialog[ExportFormat | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "choose('csv')", "CSV", id="export.csv"),
        Binding("j", "choose('json')", "JSON", id="export.json"),
        Binding("escape,q", "cancel", "Cancel", id="export.cancel"),
    ]
    KEYS = "c CSV · j JSON · esc cancels"

    def __init__(self, what: str) -> None:
        super().__init__()
        self._what = what

    def compose(self) -> ComposeResult:
        text = Text()
        for key, meaning in (
            ("c", "CSV: one line per entry and day, for a spreadsheet"),
            ("j", "JSON: every number of the review"),
        ):
            text.append(f"\n{key:<4}", "bold")
            text.append(f" {meaning}")
        with self.frame("export-choice"):
            yield dialog_title(f"Export {self._what}")
            yield Static(text)

    def action_choose(self, fmt: ExportFormat) -> None:
        self.dismiss(fmt)

    def action_cancel(self) -> None:
        self.dismiss(None)
