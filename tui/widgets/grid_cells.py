"""What the week grid needs to know about its cells besides their numbers: how wide the
columns are, how a row's label fits, and which cells carry a mark (locked entries, changes
not yet sent)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from tui.domain.models import TimeEntry
from tui.domain.timesheet import RowKey, WeekGrid, row_key
from tui.domain.weeks import seconds_by_day

EDIT_STARTERS = set("0123456789.,:+-")
DAY_COLUMNS = range(1, 8)  # columns 1..7 are the days; 0 is the label, 8 the total


MIN_LABEL = 16
"""The narrowest label column that still shows a task's or project's name."""


@dataclass(frozen=True)
class GridLayout:
    """Column widths for the terminal's width: 80 columns must show all 7 days and the total;
    narrower, the total column gives way to the label (the week total moves to the totals
    line's label), so the days and the names stay readable."""

    label: int
    day: int
    total: int
    """0: no total column."""
    gap: int

    @classmethod
    def for_width(cls, width: int) -> GridLayout:
        day, total, gap = (7, 7, 2) if width >= 100 else (5, 6, 1)
        days = 7 * (day + gap) + 2
        if width - days - (total + gap) < MIN_LABEL:
            total = 0
        label = width - days - (total + gap if total else 0)
        return cls(max(MIN_LABEL, min(60, label)), day, total, gap)

    def day_x(self, index: int) -> int:
        """Left edge of day column ``index`` (0..6); the total follows the seventh."""
        return self.label + self.gap + index * (self.day + self.gap)


def fit_label(parts: list[str], width: int) -> str:
    """``client › project › task`` in ``width`` cells: outer parts shrink first, so the
    task and project stay readable and twins stay distinguishable."""
    text = " › ".join(parts)
    if len(text) <= width:
        return text
    shrunk = list(parts)
    for i in range(len(shrunk) - 1):
        excess = len(" › ".join(shrunk)) - width
        if excess <= 0:
            break
        keep = max(3, len(shrunk[i]) - excess - 1)
        if keep < len(shrunk[i]):
            shrunk[i] = shrunk[i][:keep] + "…"
    text = " › ".join(shrunk)
    if len(text) <= width:
        return text
    # Too narrow for every part: the leaf (task, or project) is what tells rows apart here,
    # so the outer parts go, and the row's full name is in the bar under the grid.
    leaf = parts[-1]
    if len(parts) > 1 and len(leaf) + 4 <= width:
        return "… › " + leaf
    return leaf if len(leaf) <= width else leaf[: width - 1] + "…"


def locked_cells(
    grid: WeekGrid, entries: Sequence[TimeEntry], tz: ZoneInfo
) -> frozenset[tuple[RowKey, int]]:
    """(row, day) of every cell of ``grid`` holding one of the locked ``entries``."""
    return _cells_of(grid, [e for e in entries if e.locked], tz)


def unsent_cells(
    grid: WeekGrid, entries: Sequence[TimeEntry], tz: ZoneInfo, unsent_ids: frozenset[str]
) -> frozenset[tuple[RowKey, int]]:
    """(row, day) of every cell of ``grid`` holding an entry whose change is not yet on the
    service (``Snapshot.unsent_ids``)."""
    if not unsent_ids:
        return frozenset()
    return _cells_of(grid, [e for e in entries if e.id in unsent_ids], tz)


def _cells_of(
    grid: WeekGrid, entries: Sequence[TimeEntry], tz: ZoneInfo
) -> frozenset[tuple[RowKey, int]]:
    if not entries:
        return frozenset()
    index = {day: i for i, day in enumerate(grid.days)}
    return frozenset(
        (row_key(entry), index[day])
        for entry in entries
        if entry.end is not None
        for day in seconds_by_day(entry.start, entry.end, tz)
        if day in index
    )
