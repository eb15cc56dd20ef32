"""What an undo or redo did to the grid: the cells it changed, with what each held before
and holds now, so the status line can say so and the grid can show the cell."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from tui.domain.durations import format_duration
from tui.domain.models import TimeEntry
from tui.domain.timesheet import Catalog, RowKey, row_key
from tui.domain.weeks import seconds_by_day
from tui.store.history import Change


@dataclass(frozen=True)
class CellWentBack:
    key: RowKey
    day: date
    label: str
    before: int
    after: int

    @property
    def text(self) -> str:
        """``Mon 16 Acme › Web 2:00 → 1:30``"""
        was, now = format_duration(self.before), format_duration(self.after)
        return f"{self.day:%a %d} {self.label} {was} → {now}"


def _split(entry: TimeEntry, tz: ZoneInfo) -> dict[date, int]:
    return {} if entry.end is None else seconds_by_day(entry.start, entry.end, tz)


def replayed_cells(
    changes: Sequence[Change],
    entries: Sequence[TimeEntry],
    days: Sequence[date],
    tz: ZoneInfo,
    catalog: Catalog,
) -> list[CellWentBack]:
    """The cells of ``days`` that ``changes`` touched, first day first; ``entries`` are the
    week as it is after them."""
    shown = set(days)
    delta: dict[tuple[RowKey, date], int] = {}
    for before, after in changes:
        for entry, sign in ((before, -1), (after, 1)):
            if entry is None:
                continue
            for day, seconds in _split(entry, tz).items():
                if day in shown:
                    cell = (row_key(entry), day)
                    delta[cell] = delta.get(cell, 0) + sign * seconds
    now = dict.fromkeys(delta, 0)
    for entry in entries:
        for day, seconds in _split(entry, tz).items():
            cell = (row_key(entry), day)
            if cell in now:
                now[cell] += seconds
    cells = [
        CellWentBack(key, day, catalog.label(key), now[key, day] - change, now[key, day])
        for (key, day), change in delta.items()
    ]
    return sorted(cells, key=lambda c: (c.day, catalog.sort_key(c.key)))
