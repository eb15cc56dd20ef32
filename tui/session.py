"""What every screen shares: the store once it is open, its latest snapshot, and the workers
that run the store's intents.

The app makes one session and hands it to the screens it pushes; a screen hands it on to the
screens it pushes. Screens never reach for the app to find the store.

The backend opens in a worker while the first screen is already composing, so the session
exists from the start and the store is attached to it as soon as the backend is open (the
store then loads its first week, publishing as it goes). Until then ``store`` and
``snapshot`` are None, edits are refused with a word and loads do nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from textual.app import App
from textual.dom import DOMNode
from textual.reactive import var
from textual.screen import Screen

from tui.config import Settings
from tui.store import Snapshot, Store
from tui.store.snapshot import Severity

StoreIntent = Callable[[Store], Awaitable[Any]]
"""One call on the store, made once the store is there: ``lambda store: store.undo()``."""

STILL_OPENING = "Still opening the store…"


class Session(DOMNode):
    """A DOMNode only so that it can carry a Textual reactive: screens watch ``snapshot``
    as they would a widget's (``self.watch(session, "snapshot", ...)``), with Textual's own
    timing. It is never mounted and runs nothing itself: its workers run on the app, which
    reports their errors."""

    snapshot: var[Snapshot | None] = var(None, init=False)
    """The store's latest snapshot, None until a store is attached."""

    def __init__(self, host: App[Any], settings: Settings) -> None:
        super().__init__()
        self._host = host
        self.settings = settings
        self.store: Store | None = None
        self._edits_running = 0
        self._said = 0
        self._said_on: Screen[Any] | None = None

    def attach(self, store: Store) -> None:
        """The store is made on an open backend: from now on every snapshot it publishes is
        the session's."""
        self.store = store
        store.subscribe(self._published)
        self.snapshot = store.snapshot

    def _published(self, snapshot: Snapshot) -> None:
        if snapshot.said != self._said:
            self._said = snapshot.said
            self._said_on = self._speaking_screen()
        self.snapshot = snapshot

    def _speaking_screen(self) -> Screen[Any] | None:
        """The screen a message said now belongs to: the topmost one with a status line
        (``SHOWS_MESSAGES``), so a dialog without one speaks through the screen under it."""
        stack: list[Screen[Any]] = self._host.screen_stack
        speaking = [screen for screen in stack if getattr(screen, "SHOWS_MESSAGES", False)]
        return speaking[-1] if speaking else None

    def said_on(self, screen: Screen[Any]) -> tuple[str, Severity]:
        """The latest message if it was said while ``screen`` was the one speaking, else
        nothing: a message belongs to the screen it was said on."""
        snap = self.snapshot
        # Said before any screen was up (while opening): whichever screen shows it first.
        owner = self._said_on
        if snap is None or not snap.message or (owner is not None and owner is not screen):
            return "", "information"
        return snap.message, snap.severity

    def run_edit(self, intent: StoreIntent) -> None:
        """Run one store intent in the background. Edits are never exclusive: each one is
        queued in order by the store, and cancelling one half-sent would lose it."""
        store = self.store
        if store is None:
            self._host.notify(STILL_OPENING, severity="warning")
            return
        self._edits_running += 1

        async def run() -> None:
            try:
                await intent(store)
            finally:
                self._edits_running -= 1

        self._host.run_worker(run(), group="edits", exit_on_error=False)

    @property
    def edits_running(self) -> int:
        """Edits handed to the store and not yet finished, counted from the moment they are
        asked for (the store's own count starts only once their worker runs)."""
        return self._edits_running

    def run_load(self, intent: StoreIntent) -> None:
        """Run a read; a newer one replaces an older one still in flight."""
        store = self.store
        if store is None:
            return
        self._host.run_worker(intent(store), group="loads", exclusive=True, exit_on_error=False)

    def say(self, message: str, severity: Severity = "error") -> None:
        """Put a message on the status line of every screen, once the store is open."""
        if self.store is not None:
            self.store.say(message, severity)
