"""Undo and redo as data: the steps the user made, newest last, and the ones undone.

A step is what one intent changed, as (before, after) pairs of entries, with the ids they
had when it was recorded (resolved through the write path's aliases when replayed). This
module only keeps the stacks; replaying a step is the write path's job.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date

from tui.domain.models import TimeEntry
from tui.domain.timesheet import RowKey

Change = tuple[TimeEntry | None, TimeEntry | None]
"""(before, after): a creation has no before, a deletion no after."""

UNDO_DEPTH = 200


@dataclass(frozen=True)
class Step:
    label: str
    workspace_id: str
    week: date
    changes: tuple[Change, ...]
    rows: tuple[RowKey, ...] = ()
    """Rows the step put on its week (shown even at 0 h): undo takes them off again."""

    def inverse(self) -> tuple[Change, ...]:
        """The changes that take this step back, last change first."""
        return tuple((after, before) for before, after in reversed(self.changes))


class History:
    def __init__(self, depth: int = UNDO_DEPTH) -> None:
        self.depth = depth
        self.lock = asyncio.Lock()
        """Held while one undo or redo pops and replays, so two presses take two steps."""
        self._undo: list[Step] = []
        self._redo: list[Step] = []

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def record(self, step: Step) -> None:
        """A new edit: it can be undone, the oldest beyond ``depth`` is forgotten, and what
        was undone before can no longer be redone."""
        self._undo.append(step)
        del self._undo[: -self.depth]
        self._redo.clear()

    def forget(self, step: Step) -> None:
        """A recorded step never reached the backend: there is nothing to undo."""
        if step in self._undo:
            self._undo.remove(step)

    def take_undo(self) -> Step | None:
        return self._undo.pop() if self._undo else None

    def take_redo(self) -> Step | None:
        return self._redo.pop() if self._redo else None

    def undone(self, step: Step, ok: bool) -> None:
        """After replaying ``step``'s inverse: redoable when it worked, else still undoable."""
        (self._redo if ok else self._undo).append(step)

    def redone(self, step: Step, ok: bool) -> None:
        (self._undo if ok else self._redo).append(step)
