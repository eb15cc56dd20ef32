"""The Textual application: opens a backend, owns the store, and shows the timesheet.

Screens read ``app.snapshot`` and send intents through ``app.store`` in workers; they never
call a backend themselves.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from tui.backends.base import Backend
from tui.backends.errors import BackendError
from tui.commands import BindingsProvider
from tui.config import Settings, machine_timezone
from tui.locations import styles_dir
from tui.screens.timesheet import TimesheetScreen
from tui.store import Snapshot, Store
from tui.store.open_backend import open_backend
from tui.store.status_file import status_path

FOCUS_RECHECK_SECONDS = 5.0  # coming back to the terminal re-checks the timer, at most this often


class PunchcardApp(App[None]):
    TITLE = "punchcard"
    # What the grid and dialogs use; styles/screens/ holds the CSS of screens that load their
    # own when first opened, so a start-up does not parse it.
    CSS_PATH = sorted(styles_dir().glob("*.tcss"))
    COMMANDS = App.COMMANDS | {BindingsProvider}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Keys", id="help"),
    ]

    snapshot: var[Snapshot | None] = var(None, init=False)
    """The store's latest snapshot; screens watch it."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        demo: bool = False,
        backend: Backend | None = None,
        clock: Callable[[], datetime] | None = None,
        machine_tz: ZoneInfo | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.demo = demo
        self._backend = backend
        self._clock = clock
        self._machine_tz = machine_tz or machine_timezone()
        self.store: Store | None = None
        self._last_key: datetime | None = None  # on the store's clock, for idle time
        self._asking_idle = False
        self._poll_timer: Timer | None = None
        self._last_poll = 0.0

    def get_default_screen(self) -> Screen[Any]:
        return TimesheetScreen()

    def on_load(self) -> None:
        # Before the first screen is composed: the store opens while the UI builds itself.
        self.open_store()

    @work(exclusive=True, group="open-store", exit_on_error=False)
    async def open_store(self) -> None:
        backend = self._backend
        if backend is None:
            tz = ZoneInfo(self.settings.timezone) if self.settings.timezone else self._machine_tz
            backend = await open_backend(
                self.settings.backend,
                demo=self.demo,
                tz=tz,
                now=self._clock() if self._clock else None,
            )
        store = Store(
            backend,
            self.settings,
            clock=self._clock,
            machine_tz=self._machine_tz,
            remember_workspace=not self.demo,
        )
        self.store = store
        store.keep_status_file(status_path(self.demo))
        store.subscribe(self._on_snapshot)
        self.snapshot = store.snapshot
        await store.open()
        self._last_key = store.now()
        self._poll_timer = self.set_timer(self.settings.timer_poll_seconds, self._recheck_timer)

    # ------------------------------------------------------------ the timer, seen from the app

    def _recheck_timer(self) -> None:
        """Ask the backend what runs (started, stopped or changed elsewhere?); the store says
        when to ask again: the poll interval, or longer while the backend is unreachable."""
        if self.store is None:
            return
        if self._poll_timer is not None:
            self._poll_timer.stop()
        self._last_poll = time.monotonic()
        store = self.store

        async def check() -> None:
            delay = float(self.settings.timer_poll_seconds)
            try:
                delay = await store.poll_timer()
            finally:  # whatever happened, keep checking
                self._poll_timer = self.set_timer(delay, self._recheck_timer)

        self.run_worker(check(), group="timer-poll", exclusive=True, exit_on_error=False)

    def on_app_focus(self, event: events.AppFocus) -> None:
        if time.monotonic() - self._last_poll >= FOCUS_RECHECK_SECONDS:
            self._recheck_timer()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded and self._back_from_idle():
            return  # the key that ends idle time only wakes the app; the question comes first
        await super().on_event(event)

    def _back_from_idle(self) -> bool:
        """True when this key press ends idle time while a timer ran: ask what to do with it."""
        store = self.store
        if store is None:
            return False
        now = store.now()
        last, self._last_key = self._last_key, now
        limit = timedelta(minutes=self.settings.idle_minutes)
        running = store.snapshot.running
        if not limit or last is None or running is None or self._asking_idle:
            return False
        offset = timedelta(seconds=store.clock_offset)
        idle_from, back_at = max(last + offset, running.start), now + offset
        if back_at - idle_from < limit:
            return False
        from tui.screens.idle import IdleScreen
        from tui.store.timer import describe

        def answered(choice: Any) -> None:
            self._asking_idle = False
            if choice is not None and choice != "keep":
                self.run_edit(lambda: store.resolve_idle(choice, idle_from, back_at))

        self._asking_idle = True
        self.push_screen(
            IdleScreen(idle_from, back_at, describe(store.snapshot, running), store.snapshot.tz),
            answered,
        )
        self._recheck_timer()  # coming back: is the timer still what we think?
        return True

    def _on_snapshot(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot

    def run_edit(self, make: Callable[[], Awaitable[Any]]) -> None:
        """Run one store intent in the background. Edits are never exclusive: each one is
        queued in order by the store, and cancelling one half-sent would lose it."""
        if self.store is None:
            self.notify("Still opening the store…", severity="warning")
            return
        self.run_worker(make(), group="edits", exit_on_error=False)

    def run_load(self, make: Callable[[], Awaitable[Any]]) -> None:
        """Run a read; a newer one replaces an older one still in flight."""
        if self.store is None:
            return
        self.run_worker(make(), group="loads", exclusive=True, exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        if isinstance(error, BackendError):
            message = str(error)
        else:
            # A bug of ours, not the user's: say so briefly rather than crash the session.
            message = f"Something went wrong: {type(error).__name__}: {error}"
            self.log.error(repr(error))
        if self.store is not None:
            self.store.say(message, "error")
        else:
            self.notify(message, severity="error", timeout=10)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)

    async def on_unmount(self) -> None:
        if self._poll_timer is not None:
            self._poll_timer.stop()
        if self.store is not None:
            await self.store.backend.aclose()
