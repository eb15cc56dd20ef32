"""Back after idle time while a timer ran: keep it, discard it, or split it off."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from tui.domain.durations import format_duration
from tui.domain.timer import IdleChoice
from tui.screens.dialog import Dialog, dialog_title


class IdleScreen(Dialog[IdleChoice]):
    """Esc keeps the time: closing the question never loses anything."""

    BINDINGS = [
        Binding("k,enter,escape", "choose('keep')", "Keep", id="idle.keep"),
        Binding("d", "choose('discard')", "Discard", id="idle.discard"),
        Binding("s", "choose('split')", "Split off", id="idle.split"),
    ]
    KEYS = "k keep · d discard · s split off"

    def __init__(self, idle_from: datetime, back_at: datetime, title: str, tz: ZoneInfo) -> None:
        super().__init__()
        self.idle_from, self.back_at = idle_from, back_at
        self._title, self._tz = title, tz

    def compose(self) -> ComposeResult:
        away = format_duration(int((self.back_at - self.idle_from).total_seconds()))
        since = self.idle_from.astimezone(self._tz).strftime("%H:%M")
        with self.frame("idle-dialog"):
            yield dialog_title(f"Welcome back: no key for {away} (since {since})")
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
            yield Static("\nNothing changes until you choose.", classes="dialog-note")

    def action_choose(self, choice: IdleChoice) -> None:
        self.dismiss(choice)
