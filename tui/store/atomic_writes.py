"""Edits on a backend with :class:`~tui.backends.changes.AtomicChanges` (the embedded store,
and any backend behind a journal): durable before shown, planned again when stale.

Each intent is planned inside the write lock on the entries shown (the state it is based on,
which includes every earlier intent's committed result), applied in one transaction, and only
then shown and recorded for undo: nothing the grid presents as saved can be lost to a crash.
When another window changed what the plan was based on, the backend changes nothing and says
so; the week is read again and the same intent is planned on the fresh state (a typed value
still means "this cell is now X"), or, where it cannot be (an entry the edit names is gone
or changed), the edit is refused with a message naming what changed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from tui.backends.changes import AtomicChanges, StaleChanges, WindowedChanges
from tui.backends.errors import BackendError, ValidationError
from tui.domain import required_fields
from tui.domain.change_text import with_removed
from tui.domain.models import TimeEntry
from tui.domain.timesheet import Catalog, PlanError, RowKey, build_grid, row_key
from tui.domain.weeks import day_bounds, week_days
from tui.store.history import Change, History, Step
from tui.store.local_ids import IdAliases
from tui.store.publisher import Publisher

Planner = Callable[[Sequence[TimeEntry]], tuple[list[Change], list[TimeEntry]]]
"""An intent: planned on some entries (raising :class:`PlanError` when it cannot be made),
the changes it makes and the entries after them."""

ReadWeek = Callable[[date], Awaitable[list[TimeEntry]]]

MAX_ATTEMPTS = 4
"""Plans tried before giving up on a week that keeps changing under the edit."""

_FOREVER = datetime.max.replace(tzinfo=UTC)  # a running entry holds all time from its start


class AtomicWrites:
    def __init__(
        self,
        backend: AtomicChanges,
        publisher: Publisher,
        history: History,
        aliases: IdAliases,
        *,
        lock: asyncio.Lock,
        read_week: ReadWeek,
        show_fresh: ReadWeek,
    ) -> None:
        self.backend = backend
        self._publisher = publisher
        self._history = history
        self._aliases = aliases
        self._lock = lock
        self._read_week = read_week
        self._show_fresh = show_fresh

    async def submit(
        self, label: str, plan: Planner, week: date, *, replan: bool, rows: tuple[RowKey, ...] = ()
    ) -> bool:
        async with self._lock:
            return await self._submit(label, plan, week, replan=replan, rows=rows)

    async def _submit(
        self, label: str, plan: Planner, week: date, *, replan: bool, rows: tuple[RowKey, ...]
    ) -> bool:
        publisher = self._publisher
        ws = publisher.workspace_id()
        try:
            entries = await self._based_on(week)
        except BackendError as err:
            publisher.say(f"Not saved — {label}: {err}", "error")
            return False
        meanwhile = ""
        for _ in range(MAX_ATTEMPTS):
            try:
                changes, working = plan(entries)
            except PlanError as err:
                why = f"Not saved — {label}: {meanwhile}{err}" if meanwhile else str(err)
                publisher.say(why, "error")
                return False
            if not changes:
                # Nothing to send is nothing the backend checks: make sure it is so in what
                # is stored, not only on this window's view.
                try:
                    fresh = await self._show_fresh(week)
                except BackendError as err:
                    publisher.say(f"Not saved — {label}: {err}", "error")
                    return False
                if sorted(fresh, key=_by_id) != sorted(entries, key=_by_id):
                    meanwhile, entries = "the week changed elsewhere; ", fresh
                    continue
                if meanwhile:
                    publisher.say(f"{label} ({meanwhile}already so)", "warning")
                return True
            if (refused := required_fields.refusal(publisher.snapshot.rules, changes)) is not None:
                publisher.say(refused, "error")
                return False
            try:
                tz = publisher.snapshot.tz if replan else None
                stored = await self._apply(ws, changes, entries, tz)
            except StaleChanges as err:
                try:
                    fresh = await self._show_fresh(week)
                except BackendError as read_error:
                    publisher.say(f"Not saved — {label}: {read_error}", "error")
                    return False
                what = describe(err.changed_ids, entries, fresh, publisher)
                if not replan:
                    publisher.say(
                        f"Not saved — {label}: {what}; the grid shows what is stored now", "error"
                    )
                    return False
                meanwhile, entries = f"{what}; ", fresh
                continue
            except BackendError as err:
                # The answer may be lost after the commit (a timeout): what is stored decides.
                # A refusal (a check failed, the file is read-only) wrote nothing.
                if not isinstance(err, ValidationError) and await self._stored_as_planned(
                    week, working
                ):
                    publisher.say(f"{label} (saved; the answer was lost: {err})", "warning")
                    return True
                publisher.say(f"Not saved — {label}: {err}", "error")
                return False
            self._done(label, week, changes, stored[: len(changes)], working, rows)
            if meanwhile:
                publisher.say(f"{label} (planned again: {meanwhile.rstrip('; ')})", "warning")
            return True
        publisher.say(f"Not saved — {label}: the week kept changing elsewhere; try again", "error")
        return False

    async def _apply(
        self,
        workspace_id: str,
        changes: Sequence[Change],
        entries: Sequence[TimeEntry],
        tz: ZoneInfo | None,
    ) -> list[TimeEntry | None]:
        """Send ``changes`` with the state they were planned on: the shown entries they touch
        and, for a cell edit (``tz``), the days it was reckoned on."""
        based_on = with_context(changes, entries, tz)
        if tz is not None and isinstance(self.backend, WindowedChanges):
            windows = [day_bounds(day, tz) for day in touched_days(changes, tz)]
            return await self.backend.apply_changes_within(workspace_id, based_on, windows)
        return await self.backend.apply_changes(workspace_id, based_on)

    async def _based_on(self, week: date) -> list[TimeEntry]:
        snap = self._publisher.snapshot
        if snap.week == week:
            return list(snap.entries)
        return await self._read_week(week)  # the user has moved on: plan on what is stored

    async def _stored_as_planned(self, week: date, working: Sequence[TimeEntry]) -> bool:
        """Show what is stored; True when its grid is the one the edit planned."""
        try:
            fresh = await self._show_fresh(week)
        except BackendError:
            return False  # the message says the edit was not saved
        snap = self._publisher.snapshot
        days = week_days(week)
        return _cells(fresh, days, snap.tz) == _cells(working, days, snap.tz)

    def _done(
        self,
        label: str,
        week: date,
        changes: Sequence[Change],
        stored: Sequence[TimeEntry | None],
        working: Sequence[TimeEntry],
        rows: tuple[RowKey, ...],
    ) -> None:
        """Committed: give created entries their stored ids, record the step, show it."""
        saved: dict[str, TimeEntry] = {}
        step_changes: list[Change] = []
        for (before, after), result in zip(changes, stored, strict=True):
            if after is not None and result is not None:
                saved[after.id] = result
                if before is None:
                    self._aliases.alias(after.id, result.id)
            step_changes.append((before, result))
        publisher = self._publisher
        step = Step(label, publisher.workspace_id(), week, tuple(step_changes), rows)
        self._history.record(step)
        snap = publisher.snapshot
        shown = tuple(saved.get(e.id, e) for e in working)
        said = with_removed(label, changes)
        if snap.week == week:
            publisher.publish(entries=shown, message=said, severity="information")
        else:
            publisher.say(said)

    async def replay(self, workspace_id: str, week: date, changes: Sequence[Change]) -> None:
        """An undo or redo: the step's changes on what is stored, resolved to today's ids;
        raises :class:`StaleChanges` (nothing changed) when they no longer apply."""
        async with self._lock:
            resolved = [
                (
                    b.replace(id=self._aliases.resolve(b.id)) if b else None,
                    a.replace(id=self._aliases.resolve(a.id)) if a else None,
                )
                for b, a in changes
            ]
            snap = self._publisher.snapshot
            shown = list(snap.entries) if snap.week == week else []
            stored = await self.backend.apply_changes(workspace_id, with_context(resolved, shown))
            for (before, after), result in zip(changes, stored, strict=False):
                if before is None and after is not None and result is not None:
                    self._aliases.alias(after.id, result.id)


def _by_id(entry: TimeEntry) -> str:
    return entry.id


def _cells(entries: Sequence[TimeEntry], days: Sequence[date], tz: ZoneInfo) -> object:
    return {(r.key, r.seconds) for r in build_grid(entries, days, tz, Catalog()).rows}


def with_context(
    changes: Sequence[Change], shown: Iterable[TimeEntry], tz: ZoneInfo | None = None
) -> list[Change]:
    """``changes``, then the shown entries they were planned on, named unchanged: every one
    their new time overlaps (the plan knew those were there; the backend refuses only time
    over entries it did not), and with ``tz`` every one on the local days they touch (a
    cell's value, and where new time fits, were reckoned from those)."""
    named = {e.id for change in changes for e in change if e is not None}
    spans = [_span(after) for _, after in changes if after is not None]
    if tz is not None:
        touched = {
            day for change in changes for e in change if e is not None for day in _local_days(e, tz)
        }
        spans.extend(day_bounds(day, tz) for day in touched)
    context: list[Change] = []
    for entry in shown:
        if entry.id in named:
            continue
        start, end = _span(entry)
        if start < end and any(s < end and start < e and s < e for s, e in spans):
            context.append((entry, entry))
    return [*changes, *context]


def touched_days(changes: Sequence[Change], tz: ZoneInfo) -> set[date]:
    """The local days any entry before or after ``changes`` has time on."""
    return {
        day for change in changes for e in change if e is not None for day in _local_days(e, tz)
    }


def _local_days(entry: TimeEntry, tz: ZoneInfo) -> list[date]:
    first = entry.start.astimezone(tz).date()
    end = entry.end if entry.end is not None else entry.start
    last = max(first, (end - timedelta(seconds=1)).astimezone(tz).date())
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _span(entry: TimeEntry) -> tuple[datetime, datetime]:
    return entry.start, entry.end if entry.end is not None else _FOREVER


def describe(
    changed_ids: Sequence[str],
    seen: Sequence[TimeEntry],
    fresh: Sequence[TimeEntry],
    publisher: Publisher,
) -> str:
    """What another window did to the entries an edit was based on, for the status line."""
    snap = publisher.snapshot
    old = {e.id: e for e in seen}
    new = {e.id: e for e in fresh}

    def name(entry: TimeEntry) -> str:
        start = entry.start.astimezone(snap.tz)
        end = entry.end.astimezone(snap.tz).strftime("%H:%M") if entry.end else "now"
        return f"{snap.catalog.label(row_key(entry))} {start:%a %H:%M}–{end}"

    parts: list[str] = []
    for entry_id in changed_ids:
        before, now = old.get(entry_id), new.get(entry_id)
        if before is None and now is not None:
            parts.append(f"{name(now)} was added elsewhere")
        elif before is not None and now is None:
            parts.append(f"{name(before)} was deleted elsewhere")
        elif before is not None and now is not None:
            parts.append(f"{name(before)} was changed elsewhere")
        else:
            parts.append("an entry was changed elsewhere")
    if not parts:
        return "the week changed elsewhere"
    more = len(parts) - 2
    return "; ".join(parts[:2]) + (f" and {more} more" if more > 0 else "")
