"""Asks how to export the reviewed week: c for CSV, j for JSON, Esc for neither."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.reports.export import ExportFormat


class ExportChoiceScreen(ModalScreen[ExportFormat | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "choose('csv')", "CSV", id="export.csv"),
        Binding("j", "choose('json')", "JSON", id="export.json"),
        Binding("escape,q", "cancel", "Cancel", id="export.cancel"),
    ]

    def __init__(self, what: str) -> None:
        super().__init__()
        self._what = what

    def compose(self) -> ComposeResult:
        text = Text.assemble((f"Export {self._what}", "bold"), "\n\n")
        for key, meaning in (
            ("c", "CSV: one line per entry and day, for a spreadsheet"),
            ("j", "JSON: every number of the review"),
            ("Esc", "cancel"),
        ):
            text.append(f"{key:<4}", "bold")
            text.append(f" {meaning}\n")
        with Vertical(id="export-choice", classes="dialog"):
            yield Static(text)

    def action_choose(self, fmt: ExportFormat) -> None:
        self.dismiss(fmt)

    def action_cancel(self) -> None:
        self.dismiss(None)
