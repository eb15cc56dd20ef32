"""Back after idle time while a timer ran: keep it, discard it, or split it off."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui.domain.durations import format_duration
from tui.domain.timer import IdleChoice


class IdleScreen(ModalScreen[IdleChoice]):
    """Esc keeps the time: closing the question never loses anything."""

    BINDINGS = [
        Binding("k,enter,escape", "choose('keep')", "Keep", id="idle.keep"),
        Binding("d", "choose('discard')", "Discard", id="idle.discard"),
        Binding("s", "choose('split')", "Split off", id="idle.split"),
    ]

    def __init__(self, idle_from: datetime, back_at: datetime, title: str, tz: ZoneInfo) -> None:
        super().__init__(classes="manage-modal")
        self.idle_from, self.back_at = idle_from, back_at
        self._title, self._tz = title, tz

    def compose(self) -> ComposeResult:
        away = format_duration(int((self.back_at - self.idle_from).total_seconds()))
        since = self.idle_from.astimezone(self._tz).strftime("%H:%M")
        with Vertical(id="idle-dialog", classes="manage-dialog"):
            yield Label(
                f"Welcome back: no key for {away} (since {since})",
                classes="manage-dialog-title",
                markup=False,
            )
            yield Static(f"The timer kept running: {self._title}", markup=False)
            choices = Text()
            for key, what in (
                ("k", "keep it in the entry (also Enter, Esc)"),
                ("d", f"discard it: the entry ends at {since}, the timer runs on"),
                ("s", "split it off into its own entry (“Idle”, no project)"),
            ):
                choices.append(f"\n {key}  ", style="bold")
                choices.append(what)
            yield Static(choices, id="idle-choices")
            yield Static("\nNothing changes until you choose.", classes="manage-hint")

    def action_choose(self, choice: IdleChoice) -> None:
        self.dismiss(choice)
