"""The running timer, watched: the server's clock, re-checks with the backend (with back-off
while it cannot be reached), and the status file `punch status` reads.

The base of :class:`tui.store.timer.TimerIntents`; a mixin of ``Store`` with no ``__init__``:
its state is made on first use.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.backends.base import server_time_offset
from tui.backends.errors import BackendError
from tui.domain.models import TimeEntry
from tui.domain.timer import ClockSkew, elapsed, next_poll_delay
from tui.domain.timesheet import row_key
from tui.store.status_file import write_status

if TYPE_CHECKING:
    from tui.backends.base import Backend
    from tui.config import Settings
    from tui.store.snapshot import Severity, Snapshot


@dataclass
class _TimerState:
    lock: asyncio.Lock
    skew: ClockSkew
    failures: int = 0
    checked_at: datetime | None = None
    status_path: Path | None = None
    status_written: dict[str, Any] | None = None
    status_error_said: bool = False
    was_loading: bool = True


class TimerWatch:
    if TYPE_CHECKING:
        backend: Backend
        snapshot: Snapshot
        settings: Settings

        def now(self) -> datetime: ...
        def _publish(self, **changes: Any) -> None: ...
        def say(self, message: str, severity: Severity = "information") -> None: ...
        def _workspace_id(self) -> str: ...
        async def load_week(self, first: Any) -> None: ...

    _timer_state: _TimerState | None = None

    @property
    def _timer(self) -> _TimerState:
        # The mixin has no __init__ of its own; its state is made on first use.
        if self._timer_state is None:
            self._timer_state = _TimerState(lock=asyncio.Lock(), skew=ClockSkew())
        return self._timer_state

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

    def _observe(self, running: TimeEntry | None) -> None:
        """Learn the clock offset from the backend's last answer and the start it holds."""
        state = self._timer
        state.skew = state.skew.with_server_time(server_time_offset(self.backend))
        if running is not None:
            state.skew = state.skew.with_start_seen(running.start, self.now())

    async def _truth(self) -> TimeEntry | None:
        running = await self.backend.running_entry(self._workspace_id())
        self._observe(running)
        return running

    # ------------------------------------------------------------ re-checking the backend

    async def poll_timer(self) -> float:
        """Ask the backend what is running; reload the week if that changed elsewhere.
        Returns the seconds until the next check (longer while the backend is unreachable)."""
        state = self._timer
        base = float(self.settings.timer_poll_seconds)
        if self.snapshot.workspace is None:
            return base
        async with state.lock:
            try:
                running = await self._truth()
            except BackendError as err:
                state.failures += 1
                if state.failures == 1:
                    self._publish(
                        offline=True, message=f"Can't check the timer: {err}", severity="warning"
                    )
                return next_poll_delay(base, state.failures)
            back = state.failures > 0
            state.failures = 0
            shown = self.snapshot.running
            change = _what_changed(shown, running)
            state.checked_at = self.now()
            if change:
                await self.load_week(self.snapshot.week)
                self.say(change)
            elif back or self.snapshot.offline:
                self._publish(offline=False, message="Back online", severity="information")
            else:
                self._write_status(self.snapshot, force=True)
        return base

    # ------------------------------------------------------------ the status file

    def keep_status_file(self, path: Path | None) -> None:
        """Write the state `punch status` reads to ``path`` whenever it changes."""
        self._timer.status_path = path

    def _timer_published(self, snap: Snapshot) -> None:
        """Called by the store on every new snapshot."""
        state = self._timer
        self._observe(snap.running)
        finished_loading = state.was_loading and not snap.loading
        state.was_loading = snap.loading
        if finished_loading:
            state.checked_at = self.now()
        self._write_status(snap)

    def _write_status(self, snap: Snapshot, *, force: bool = False) -> None:
        state = self._timer
        if state.status_path is None or snap.loading or snap.workspace is None:
            return
        status = _status_of(snap, state)
        if not force and status == state.status_written:
            return
        checked = state.checked_at or self.now()
        try:
            write_status(state.status_path, {**status, "checked_at": _utc(checked)})
        except OSError as err:
            if not state.status_error_said:
                state.status_error_said = True
                self.say(f"Could not write the status file: {err}", "warning")
            return
        state.status_written = status


def _utc(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


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


def _status_of(snap: Snapshot, state: _TimerState) -> dict[str, Any]:
    today_finished: int | None = None
    if snap.today in snap.days:
        today_finished = snap.grid.day_totals[snap.days.index(snap.today)]
    running: dict[str, Any] | None = None
    if snap.running is not None:
        client, project, task = snap.catalog.names(row_key(snap.running))
        running = {
            "id": snap.running.id,
            "description": snap.running.description,
            "client": client,
            "project": project,
            "task": task,
            "tags": snap.tag_names(snap.running.tag_ids),
            "billable": snap.running.billable,
            "start": _utc(snap.running.start),
        }
    return {
        "backend": snap.backend,
        "workspace": snap.workspace.name if snap.workspace else None,
        "timezone": snap.tz.key,
        "clock_offset": round(state.skew.offset, 3),
        "today": snap.today.isoformat(),
        "today_finished": today_finished,
        "running": running,
    }
