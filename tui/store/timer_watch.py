"""The running timer, watched: the server's clock and re-checks with the backend (with
back-off while it cannot be reached).

A part of the store, beside :class:`tui.store.timer.TimerIntents` which acts through it. It
subscribes to the store's snapshots to learn the server's clock from each answer; whoever
keeps the status file listens to its checks (:meth:`TimerWatch.on_checked`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime

from tui.backends.base import Backend, ServerClock, server_time_offset
from tui.backends.errors import BackendError, RateLimitedError
from tui.config import Settings
from tui.domain.models import TimeEntry
from tui.domain.timer import ClockSkew, elapsed, next_poll_delay
from tui.store.publisher import Publisher
from tui.store.snapshot import Snapshot

CheckListener = Callable[[datetime, bool], None]
"""Told ``(when, unchanged)`` after each successful check with the backend."""


@dataclass
class _TimerState:
    lock: asyncio.Lock
    skew: ClockSkew
    failures: int = 0


class TimerWatch:
    def __init__(
        self,
        backend: Backend,
        publisher: Publisher,
        settings: Settings,
        *,
        load_week: Callable[[date], Awaitable[None]],
    ) -> None:
        self.backend = backend
        self.settings = settings
        self._publisher = publisher
        self._load_week = load_week
        self._timer = _TimerState(lock=asyncio.Lock(), skew=ClockSkew())
        self._check_listeners: list[CheckListener] = []

    @property
    def lock(self) -> asyncio.Lock:
        """Held by each timer intent and check, so they act on the timer one at a time."""
        return self._timer.lock

    @property
    def snapshot(self) -> Snapshot:
        return self._publisher.snapshot

    def now(self) -> datetime:
        return self._publisher.now()

    # ------------------------------------------------------------ clocks

    def server_now(self) -> datetime:
        """Now on the server's clock."""
        return self._timer.skew.server_now(self.now())

    @property
    def clock_offset(self) -> float:
        return self._timer.skew.offset

    def running_elapsed(self, at: datetime | None = None) -> int:
        running = self.snapshot.running
        return elapsed(running.start, at or self.server_now()) if running else 0

    def observe(self, snap: Snapshot) -> None:
        """A subscriber: every snapshot may carry a new answer from the backend."""
        self._observe(snap.running)

    def _observe(self, running: TimeEntry | None) -> None:
        """Learn the clock offset from the backend's last answer and the start it holds."""
        state = self._timer
        state.skew = state.skew.with_server_time(server_time_offset(self.backend))
        # Only a service keeps its own clock: on the embedded store this machine's clock is
        # the one that wrote the start, and a start in its future is a future start (a clock
        # set back, another machine's entry), not evidence of skew. Inferring skew there
        # would make "now" that start, and a new timer would rewrite the running entry.
        if running is not None and isinstance(self.backend, ServerClock):
            state.skew = state.skew.with_start_seen(running.start, self.now())

    async def truth(self) -> TimeEntry | None:
        """What the backend says is running now."""
        running = await self.backend.running_entry(self._publisher.workspace_id())
        self._observe(running)
        return running

    # ------------------------------------------------------------ re-checking the backend

    def on_checked(self, listener: CheckListener) -> Callable[[], None]:
        self._check_listeners.append(listener)
        return lambda: self._check_listeners.remove(listener)

    async def poll_timer(self) -> float:
        """Ask the backend what is running; reload the week if that changed elsewhere.
        Returns the seconds until the next check (longer while the backend is unreachable)."""
        state = self._timer
        base = float(self.settings.timer_poll_seconds)
        if self.snapshot.workspace is None:
            return base
        async with state.lock:
            try:
                running = await self.truth()
            except RateLimitedError:
                # The service answered: it is there, only busy. Not "offline".
                state.failures += 1
                delay = next_poll_delay(base, state.failures)
                self._publisher.publish(
                    offline=False,
                    message=f"Rate-limited by the service; retrying in {delay:.0f} s",
                    severity="warning",
                )
                return delay
            except BackendError as err:
                state.failures += 1
                if state.failures == 1:
                    self._publisher.publish(
                        offline=True, message=f"Can't check the timer: {err}", severity="warning"
                    )
                return next_poll_delay(base, state.failures)
            back = state.failures > 0
            state.failures = 0
            shown = self.snapshot.running
            change = _what_changed(shown, running)
            unchanged = not change and not (back or self.snapshot.offline)
            checked_at = self.now()
            for listener in list(self._check_listeners):
                listener(checked_at, unchanged)
            if change:
                await self._load_week(self.snapshot.week)
                self._publisher.say(change)
            elif not unchanged:
                self._publisher.publish(
                    offline=False, message="Back online", severity="information"
                )
        return base


def _what_changed(shown: TimeEntry | None, truth: TimeEntry | None) -> str:
    """What a user should be told when the backend's timer differs from the one shown."""
    if shown is None and truth is None:
        return ""
    if shown is None:
        return "A timer was started elsewhere"
    if truth is None:
        return "The timer was stopped elsewhere"
    if shown.id != truth.id:
        return "Another timer was started elsewhere"
    if shown.fields() != truth.fields():
        return "The running entry was changed elsewhere"
    return ""
