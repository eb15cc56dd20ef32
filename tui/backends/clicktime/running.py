"""The running timer of ``ClickTimeBackend`` (a mixin): punchcard's own timer (``timer.py``),
else a stopwatch running in ClickTime's own apps, shown read-only.

Starting stops the running timer where the new one starts, writing its entry; stopping
writes one ordinary entry, hours rounded to the company's increment, and clears the timer
only once ClickTime holds the time. Where the user's settings require ClickTime's stopwatch
(``RequireStopwatch``) punch does not start one: its protocol is undocumented (API notes §5).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING

from tui.backends.clicktime import mapping, paging, wire, wire_periods
from tui.backends.clicktime.timer import LocalTimer, TimerStore, new_timer_id
from tui.backends.errors import NotFoundError, ValidationError
from tui.backends.http import HttpClient
from tui.domain.models import EntryFields, TimeEntry

STOPWATCH_TTL = 20.0
"""Seconds an answer of ``GET /Me/Timers?IsRunning=true`` is trusted."""


class ClickTimeTimer:
    if TYPE_CHECKING:
        http: HttpClient
        timer: TimerStore
        _now: Callable[[], datetime]
        _clock: Callable[[], float]
        _stopwatch_seen: tuple[float, wire_periods.Timer | None] | None

        async def _workspace_id(self, workspace_id: str) -> str: ...
        async def _me(self) -> wire.Me: ...
        async def _prepare(self, ws: str, fields: EntryFields) -> EntryFields: ...
        async def _post(self, ws: str, fields: EntryFields) -> TimeEntry: ...

    async def running_entry(self, workspace_id: str) -> TimeEntry | None:
        """punchcard's own timer, else a stopwatch running in ClickTime's apps (read-only)."""
        ws = await self._workspace_id(workspace_id)
        running = self.timer.current()
        if running is not None:
            return running.entry(ws)
        found = await self._running_stopwatch()
        return None if found is None else self._stopwatch(found, ws)

    async def _running_stopwatch(self) -> wire_periods.Timer | None:
        """ClickTime's running stopwatch, asked at most once per ``STOPWATCH_TTL``: a week
        load asks for the timer, and the timer watch asks again on its own schedule."""
        seen = self._stopwatch_seen
        if seen is not None and self._clock() - seen[0] < STOPWATCH_TTL:
            return seen[1]
        raw = await paging.paginate(
            self.http, "/Me/Timers", {"IsRunning": True, "verbose": True}, limit=10
        )
        found = next((t for t in wire.parse_items(wire_periods.Timer, raw) if t.running), None)
        self._stopwatch_seen = (self._clock(), found)
        return found

    def _stopwatch(self, found: wire_periods.Timer, ws: str) -> TimeEntry:
        now = self._now().replace(microsecond=0)
        start = now - timedelta(seconds=max(0, found.elapsed_seconds or 0))
        interval = next((i for i in found.intervals if i.open), None)
        day = found.time_entry_date or (found.time_entry.date if found.time_entry else None)
        if interval and interval.start and day and not found.elapsed_seconds:
            start = datetime.combine(day, interval.start, tzinfo=_offset(interval.time_zone_offset))
        entry = found.time_entry
        task = entry.task_id if entry else None
        job = entry.job_id if entry else None
        return TimeEntry(
            id=found.time_entry_id or found.id,
            workspace_id=ws,
            start=min(start, now).astimezone(UTC),
            project_id=job,
            task_id=mapping.task_key(job, task) if job and task else None,
            locked=True,
        )

    async def _start_timer(self, ws: str, fields: EntryFields) -> TimeEntry:
        me = await self._me()
        if me.require_stopwatch:
            raise ValidationError(
                "Your ClickTime settings require ClickTime's own stopwatch, which punch does "
                "not drive; start it in ClickTime's app and punch shows it running."
            )
        running = self.timer.current()
        if running is not None:  # stopped where the new one starts: no gap, no overlap
            stop = max(fields.start, running.fields.start)
            await self._update_timer(ws, running.entry(ws).replace(end=stop))
        whole = fields.replace(start=fields.start.replace(microsecond=0))
        started = LocalTimer(new_timer_id(), whole)
        self.timer.set(started)
        return started.entry(ws)

    async def _update_timer(self, ws: str, entry: TimeEntry) -> TimeEntry:
        running = self.timer.current()
        if running is None or running.id != entry.id:
            raise NotFoundError("That timer is no longer running.")
        if entry.end is None:
            changed = LocalTimer(entry.id, entry.fields())
            self.timer.set(changed)
            return changed.entry(ws)
        made = await self._post(ws, await self._prepare(ws, entry.fields()))
        self.timer.set(None)  # only once ClickTime holds the time
        return made


def _offset(text: str | None) -> tzinfo:
    raw = (text or "+00:00").strip()
    sign = -1 if raw.startswith("-") else 1
    hours, _, minutes = raw.lstrip("+-").partition(":")
    try:
        return timezone(sign * timedelta(hours=int(hours), minutes=int(minutes or 0)))
    except ValueError:
        return UTC
