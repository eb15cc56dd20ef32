"""The running timer on ClickTime, kept by punchcard (API notes §5, recommendation (a)).

ClickTime's own stopwatch is a Timer attached to an existing entry, and how it is started,
stopped and whether stopping writes the entry's ``Hours`` is not documented. So a timer
started in punchcard is remembered here (the start instant and what it is for), nothing is
sent while it runs, and stopping it writes one ordinary entry: the hours, rounded to the
company's increment, and clock times where the user must give them. The timer is kept in a
small JSON file beside punchcard's data when a path is given, so ``punch start`` in one
terminal and the grid in another see the same timer; without a path it lives in memory.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from tui.domain.models import EntryFields, TimeEntry

ID_PREFIX = "clicktime-timer-"


@dataclass(frozen=True, slots=True)
class LocalTimer:
    id: str
    fields: EntryFields

    def entry(self, workspace_id: str) -> TimeEntry:
        return TimeEntry(id=self.id, workspace_id=workspace_id, **self.fields.entry_fields())

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "start": self.fields.start.isoformat(),
            "description": self.fields.description,
            "project_id": self.fields.project_id,
            "task_id": self.fields.task_id,
        }

    @classmethod
    def from_json(cls, raw: Any) -> LocalTimer | None:
        """None for anything unreadable: a damaged file is no running timer."""
        if not isinstance(raw, dict) or not str(raw.get("id", "")).startswith(ID_PREFIX):
            return None
        try:
            start = datetime.fromisoformat(str(raw["start"]))
            fields = EntryFields(
                start=start,
                description=str(raw.get("description") or ""),
                project_id=raw.get("project_id") or None,
                task_id=raw.get("task_id") or None,
            )
        except (KeyError, TypeError, ValueError):
            return None
        return cls(str(raw["id"]), fields)


def is_timer_id(entry_id: str) -> bool:
    return entry_id.startswith(ID_PREFIX)


def new_timer_id() -> str:
    return ID_PREFIX + secrets.token_hex(8)


class TimerStore:
    """The one running timer of this company, in memory and (with ``path``) on disk."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._held: LocalTimer | None = None

    def current(self) -> LocalTimer | None:
        if self._path is None:
            return self._held
        try:
            raw = json.loads(self._path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return LocalTimer.from_json(raw)

    def set(self, timer: LocalTimer | None) -> None:
        self._held = timer
        if self._path is None:
            return
        if timer is None:
            with contextlib.suppress(FileNotFoundError):
                self._path.unlink()
            return
        self._path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self._path.with_suffix(".tmp")
        tmp.write_text(json.dumps(timer.as_json()), encoding="utf-8")
        os.replace(tmp, self._path)  # atomic: another process reads the old timer or the new
