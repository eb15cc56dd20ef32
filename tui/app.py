"""The Textual application: opens the store, hands the session to the timesheet, keeps the
timer fresh, and reports what went wrong in a worker.

Build it with :func:`tui.app_factory.build_app`; screens get the :class:`~tui.session.Session`
and never import this module.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from textual import constants, events, work
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from tui.backends.errors import BackendError
from tui.config import Settings
from tui.idle_time import IdleTime
from tui.keys.order import OrderedKeysApp
from tui.keys.palette import BindingsProvider
from tui.locations import styles_dir
from tui.screens.timesheet import TimesheetScreen
from tui.session import Session
from tui.store import Snapshot, Store

FOCUS_RECHECK_SECONDS = 5.0  # coming back to the terminal re-checks the timer, at most this often

StoreOpener = Callable[[], Awaitable[Store]]
"""Opens the backend and makes the store on it (not yet opened): the app's one way to a store."""


class PunchcardApp(OrderedKeysApp[None]):
    """Keys are handed out one at a time, in the order typed (see :mod:`tui.keys.order`)."""

    TITLE = "punchcard"
    # What the grid and dialogs use; styles/screens/ holds the CSS of screens that load their
    # own when first opened, so a start-up does not parse it.
    CSS_PATH = sorted(styles_dir().glob("*.tcss"))
    # Textual's system commands come through ours, after ours (see tui.keys.palette).
    COMMANDS = {BindingsProvider}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Keys", id="help"),
    ]

    def __init__(self, settings: Settings, open_store: StoreOpener) -> None:
        super().__init__()
        self.settings = settings
        self.session = Session(self, settings)
        self._open_store = open_store
        self._idle = IdleTime(self.session, self)
        self._poll_timer: Timer | None = None
        self._last_poll = 0.0

    @property
    def store(self) -> Store | None:
        """The session's store, for tests and benches; screens are handed the session."""
        return self.session.store

    @property
    def snapshot(self) -> Snapshot | None:
        return self.session.snapshot

    def get_default_screen(self) -> Screen[Any]:
        return TimesheetScreen(self.session)

    def on_load(self) -> None:
        # Before the first screen is composed: the store opens while the UI builds itself.
        self.open_store()

    def on_mount(self) -> None:
        self._mark_few_colours()

    def watch_theme(self) -> None:
        self._mark_few_colours()

    def _mark_few_colours(self) -> None:
        """``-few-colours`` on the app in a 16-colour terminal (or an ANSI theme): shades
        that differ in 256 colours become one there, so styles/app.tcss marks what must
        stay apart (the cursor's row, say) by other means."""
        few_systems = ("standard", "windows")
        # A headless app (tests, a bench) has no terminal to count colours on: only an
        # explicit TEXTUAL_COLOR_SYSTEM says it stands for one with 16.
        counted = constants.COLOR_SYSTEM if self.is_headless else self.console.color_system
        self.set_class(counted in few_systems or self.native_ansi_color, "-few-colours")

    @work(exclusive=True, group="open-store", exit_on_error=False)
    async def open_store(self) -> None:
        store = await self._open_store()
        self.session.attach(store)
        await store.open()
        self._idle.start(store.now())
        self._poll_timer = self.set_timer(self.settings.timer_poll_seconds, self._recheck_timer)

    # ------------------------------------------------------------ the timer, seen from the app

    def _recheck_timer(self) -> None:
        """Ask the backend what runs (started, stopped or changed elsewhere?); the store says
        when to ask again: the poll interval, or longer while the backend is unreachable."""
        store = self.store
        if store is None:
            return
        if self._poll_timer is not None:
            self._poll_timer.stop()
        self._last_poll = time.monotonic()

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

    def watch_app_focus(self, focus: bool) -> None:
        """A screen composed while the app had no focus got no widget focused (Textual skips
        its auto focus then, and gives back only what was focused before a blur): so a
        browser tab of `punch serve`, which starts blurred, took no grid key until a dialog
        had come and gone. Regaining the focus, by the page or by a key, gives it now."""
        screen = self.screen
        if not focus or screen.focused is not None:
            return
        selector = self.AUTO_FOCUS if screen.AUTO_FOCUS is None else screen.AUTO_FOCUS
        if selector:
            for widget in screen.query(selector):
                if widget.focusable:
                    screen.set_focus(widget, scroll_visible=False)
                    break

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded and self._idle.key_pressed():
            # The key that ends idle time only wakes the app; the question comes first, and
            # coming back is a good moment to ask whether the timer is still what we think.
            self._recheck_timer()
            return
        await super().on_event(event)

    # ------------------------------------------------------------ errors and keys

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

    async def on_unmount(self) -> None:
        if self._poll_timer is not None:
            self._poll_timer.stop()
        if self.store is not None:
            await self.store.backend.aclose()
