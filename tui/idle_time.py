"""Idle time while a timer runs: the first key after a long enough pause asks what to do with
the time away (keep, discard, split off) before it does anything else."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from textual.app import App

from tui.domain.timer import IdleChoice
from tui.session import Session


class IdleTime:
    """Key presses on the store's clock; the question is pushed on ``host``."""

    def __init__(self, session: Session, host: App[Any]) -> None:
        self._session = session
        self._host = host
        self._last_key: datetime | None = None
        self._asking = False

    def start(self, now: datetime) -> None:
        """The store is open: idle time counts from ``now``."""
        self._last_key = now

    def key_pressed(self) -> bool:
        """True when this key press ends idle time while a timer ran: the question is asked
        and the key should only wake the app."""
        store = self._session.store
        if store is None:
            return False
        now = store.now()
        last, self._last_key = self._last_key, now
        limit = timedelta(minutes=self._session.settings.idle_minutes)
        running = store.snapshot.running
        if not limit or last is None or running is None or self._asking:
            return False
        offset = timedelta(seconds=store.clock_offset)
        idle_from, back_at = max(last + offset, running.start), now + offset
        if back_at - idle_from < limit:
            return False
        from tui.screens.idle import IdleScreen
        from tui.store.timer import describe

        def answered(choice: IdleChoice | None) -> None:
            self._asking = False
            if choice is not None and choice != "keep":
                self._session.run_edit(lambda s: s.resolve_idle(choice, idle_from, back_at))

        self._asking = True
        self._host.push_screen(
            IdleScreen(idle_from, back_at, describe(store.snapshot, running), store.snapshot.tz),
            answered,
        )
        return True
