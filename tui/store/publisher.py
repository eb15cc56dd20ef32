"""The store's current snapshot, who is told of a new one, and the rows kept on screen.

Every part of the store publishes through one :class:`Publisher`; it rebuilds the grid only
when the grid's inputs changed, and then calls the subscribers in the order they subscribed.
Side effects (the status file, the remembered workspace) are subscribers too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from typing import Any, Protocol

from tui.backends.errors import BackendError
from tui.domain.timesheet import RowKey, build_grid, row_key, update_grid
from tui.domain.weeks import local_date, week_days
from tui.store.snapshot import Severity, Snapshot

Subscriber = Callable[[Snapshot], None]


class UndoState(Protocol):
    @property
    def can_undo(self) -> bool: ...
    @property
    def can_redo(self) -> bool: ...


class KeptRows:
    """Rows the user added or touched, shown in their week even while they hold no time."""

    def __init__(self) -> None:
        self._rows: dict[tuple[str, date], list[RowKey]] = {}

    def of(self, workspace_id: str, week: date) -> tuple[RowKey, ...]:
        return tuple(self._rows.get((workspace_id, week), ()))

    def keep(self, workspace_id: str, week: date, key: RowKey) -> None:
        rows = self._rows.setdefault((workspace_id, week), [])
        if key not in rows:
            rows.append(key)

    def drop(self, workspace_id: str, week: date, key: RowKey) -> None:
        rows = self._rows.get((workspace_id, week), [])
        if key in rows:
            rows.remove(key)


class Publisher:
    def __init__(
        self, first: Snapshot, clock: Callable[[], datetime], undo_state: UndoState
    ) -> None:
        self.snapshot = first
        self.kept_rows = KeptRows()
        self._clock = clock
        self._undo_state = undo_state
        self._subscribers: list[Subscriber] = []
        self._grid = first.grid
        self._grid_inputs: tuple[Any, ...] | None = None

    def now(self) -> datetime:
        return self._clock()

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        self._subscribers.append(callback)
        return lambda: self._subscribers.remove(callback)

    def publish(self, **changes: Any) -> None:
        if "message" in changes:
            changes["said"] = self.snapshot.said + 1
        snap = replace(self.snapshot, **changes)
        ws = snap.workspace.id if snap.workspace else ""
        extra = self.kept_rows.of(ws, snap.week)
        # Most publishes (messages, the timer, undo state) leave the grid's inputs as they
        # were; rebuilding 300 rows for them would be most of an edit's cost.
        inputs = (snap.entries, snap.week, snap.tz, snap.catalog, extra)
        before = self._grid_inputs
        moved = (
            [True] * len(inputs)
            if before is None
            else [new is not old and new != old for new, old in zip(inputs, before, strict=True)]
        )
        if any(moved[1:]) or before is None:
            days = week_days(snap.week)
            self._grid = build_grid(snap.entries, days, snap.tz, snap.catalog, extra)
        elif moved[0]:  # only entries changed: rebuild the rows they belong to
            changed = set(before[0]).symmetric_difference(snap.entries)
            touched = {row_key(e) for e in changed}
            self._grid = update_grid(
                self._grid, snap.entries, touched, snap.tz, snap.catalog, extra
            )
        self._grid_inputs = inputs
        self.snapshot = replace(
            snap,
            grid=self._grid,
            today=local_date(self.now(), snap.tz),
            can_undo=self._undo_state.can_undo,
            can_redo=self._undo_state.can_redo,
        )
        for callback in list(self._subscribers):
            callback(self.snapshot)

    def say(self, message: str, severity: Severity = "information") -> None:
        self.publish(message=message, severity=severity)

    def workspace_id(self) -> str:
        if self.snapshot.workspace is None:
            raise BackendError("No workspace is open")
        return self.snapshot.workspace.id
