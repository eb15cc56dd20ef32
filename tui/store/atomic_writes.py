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
import contextlib
from collections.abc import Awaitable, Callable, Iterable, Sequence
from datetime import UTC, date, datetime

from tui.backends.changes import AtomicChanges, StaleChanges
from tui.backends.errors import BackendError
from tui.domain import required_fields
from tui.domain.models import TimeEntry
from tui.domain.timesheet import PlanError, row_key
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

    async def submit(self, label: str, plan: Planner, week: date, *, replan: bool) -> bool:
        async with self._lock:
            return await self._submit(label, plan, week, replan=replan)

    async def _submit(self, label: str, plan: Planner, week: date, *, replan: bool) -> bool:
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
                if meanwhile:
                    publisher.say(f"{label} ({meanwhile}already so)", "warning")
                return True
            if (refused := required_fields.refusal(publisher.snapshot.rules, changes)) is not None:
                publisher.say(refused, "error")
                return False
            try:
                stored = await self.backend.apply_changes(ws, with_context(changes, entries))
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
                await self._show_truth(week)
                publisher.say(f"Not saved — {label}: {err}", "error")
                return False
            self._done(label, week, changes, stored[: len(changes)], working)
            if meanwhile:
                publisher.say(f"{label} (planned again: {meanwhile.rstrip('; ')})", "warning")
            return True
        publisher.say(f"Not saved — {label}: the week kept changing elsewhere; try again", "error")
        return False

    async def _based_on(self, week: date) -> list[TimeEntry]:
        snap = self._publisher.snapshot
        if snap.week == week:
            return list(snap.entries)
        return await self._read_week(week)  # the user has moved on: plan on what is stored

    async def _show_truth(self, week: date) -> None:
        with contextlib.suppress(BackendError):  # the message says the edit was not saved
            await self._show_fresh(week)

    def _done(
        self,
        label: str,
        week: date,
        changes: Sequence[Change],
        stored: Sequence[TimeEntry | None],
        working: Sequence[TimeEntry],
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
        step = Step(label, publisher.workspace_id(), week, tuple(step_changes))
        self._history.record(step)
        snap = publisher.snapshot
        shown = tuple(saved.get(e.id, e) for e in working)
        if snap.week == week:
            publisher.publish(entries=shown, message=label, severity="information")
        else:
            publisher.say(label)

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


def with_context(changes: Sequence[Change], shown: Iterable[TimeEntry]) -> list[Change]:
    """``changes``, then every shown entry their new time overlaps, named unchanged: the
    plan knew those were there (the backend refuses only time over entries it did not)."""
    named = {e.id for change in changes for e in change if e is not None}
    spans = [_span(after) for _, after in changes if after is not None]
    context: list[Change] = []
    for entry in shown:
        if entry.id in named:
            continue
        start, end = _span(entry)
        if start < end and any(s < end and start < e and s < e for s, e in spans):
            context.append((entry, entry))
    return [*changes, *context]


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
