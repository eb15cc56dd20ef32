"""Keeps the file `punch status` reads (:mod:`tui.store.status_file`) fresh: a subscriber of
the store that writes on every new snapshot whose status differs from the one written, and
after each successful check of the timer with the backend (``checked``).

Not in ``status_file`` itself: `punch status` imports that one and must not pay for this.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from tui.domain.models import TimeEntry
from tui.domain.timesheet import row_key
from tui.domain.weeks import seconds_by_day
from tui.store.snapshot import Snapshot
from tui.store.status_file import write_status


class StatusFileWriter:
    def __init__(
        self,
        path: Path,
        *,
        now: Callable[[], datetime],
        clock_offset: Callable[[], float],
        warn: Callable[[str], None],
    ) -> None:
        self.path = path
        self._now = now
        self._clock_offset = clock_offset
        self._warn = warn
        self._last: Snapshot | None = None
        self._checked_at: datetime | None = None
        self._written: dict[str, Any] | None = None
        self._error_said = False
        self._was_loading = True
        self._today: tuple[date, int] | None = None
        """Today's finished seconds as last seen in today's week, for while another week is
        shown (the status line still says today's time)."""
        self._running: TimeEntry | None = None

    def __call__(self, snap: Snapshot) -> None:
        """On every new snapshot."""
        self._last = snap
        if self._was_loading and not snap.loading:
            self._checked_at = self._now()  # a finished load is the backend's confirmation
        self._was_loading = snap.loading
        self._write(snap)

    def checked(self, at: datetime, unchanged: bool) -> None:
        """The backend confirmed the timer at ``at``; ``unchanged``: nothing will be
        published for it, so the file is rewritten now with the new time."""
        self._checked_at = at
        if unchanged and self._last is not None:
            self._write(self._last, force=True)

    def _write(self, snap: Snapshot, *, force: bool = False) -> None:
        if snap.loading or snap.workspace is None:
            return
        status = status_of(snap, self._clock_offset(), self._today_finished(snap))
        if not force and status == self._written:
            return
        checked = self._checked_at or self._now()
        try:
            write_status(self.path, {**status, "checked_at": _utc(checked)})
        except OSError as err:
            if not self._error_said:
                self._error_said = True
                self._warn(f"Could not write the status file: {err}")
            return
        self._written = status

    def _today_finished(self, snap: Snapshot) -> int | None:
        """Today's finished time, whatever week is shown: read off today's week when it is
        the one shown, else what it was then, plus a timer stopped since (its time today up
        to now: it stopped at this snapshot)."""
        stopped = self._running
        self._running = snap.running
        if snap.today in snap.days:
            seen = snap.grid.day_totals[snap.days.index(snap.today)]
            self._today = (snap.today, seen)
            return seen
        if self._today is None or self._today[0] != snap.today:
            return None
        seen = self._today[1]
        # Stopped, or switched (a new start); the same start under the service's id is neither.
        if stopped is not None and (snap.running is None or snap.running.start != stopped.start):
            seen += seconds_by_day(stopped.start, self._now(), snap.tz).get(snap.today, 0)
            self._today = (snap.today, seen)
        return seen


def _utc(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def status_of(
    snap: Snapshot, clock_offset: float, today_finished: int | None = None
) -> dict[str, Any]:
    """What the status file says of ``snap``, but for when it was checked; today's finished
    seconds are the shown week's when it holds today, else ``today_finished``."""
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
        "clock_offset": round(clock_offset, 3),
        "today": snap.today.isoformat(),
        "today_finished": today_finished,
        "running": running,
        "waiting_changes": snap.pending_writes,
    }
