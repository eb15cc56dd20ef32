"""The running timer laid over the week grid, for the screen only.

``build_grid`` counts finished entries (that is what ``punch week --json`` reports in its
rows); on screen the running entry's time so far also shows in its cell and in the day and
week totals. The overlay is a separate step so that contract stays as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from tui.domain.models import EntryFields
from tui.domain.timesheet import Catalog, GridRow, RowKey, WeekGrid, row_key
from tui.domain.weeks import local_date, seconds_by_day

__all__ = ["RunningCell", "overlay_running", "running_by_day"]


@dataclass(frozen=True)
class RunningCell:
    """Where the timer ticks: its row, and the day index of "now" (None: not this week)."""

    key: RowKey
    day_index: int | None


def running_by_day(
    running: EntryFields, days: tuple[date, ...], tz: ZoneInfo, now: datetime
) -> tuple[int, ...]:
    """The running entry's seconds on each shown day, up to ``now`` (none before its start)."""
    if now <= running.start:
        return (0,) * len(days)
    split = seconds_by_day(running.start, now, tz)
    return tuple(split.get(day, 0) for day in days)


def overlay_running(
    grid: WeekGrid,
    running: EntryFields | None,
    now: datetime,
    tz: ZoneInfo,
    catalog: Catalog,
) -> tuple[WeekGrid, RunningCell | None]:
    """``grid`` with the running entry's time so far added to its row (a new row if it has
    no finished time this week), and where it ticks. Without a timer: the grid unchanged."""
    if running is None:
        return grid, None
    key = row_key(running)
    today = local_date(now, tz)
    day_index = grid.days.index(today) if today in grid.days else None
    extra = running_by_day(running, grid.days, tz, now)
    if not any(extra) and day_index is None:
        # Running in another week: nothing of it shows here, not even on a row this week
        # happens to share with it.
        return grid, None
    index = grid.row_index(key)
    if index is None:
        client, project, task = catalog.names(key)
        row = GridRow(key, client, project, task, catalog.label(key), extra)
        rows = sorted((*grid.rows, row), key=lambda r: catalog.sort_key(r.key))
        return replace(grid, rows=tuple(rows)), RunningCell(key, day_index)
    old = grid.rows[index]
    summed = tuple(a + b for a, b in zip(old.seconds, extra, strict=True))
    rows = list(grid.rows)
    rows[index] = replace(old, seconds=summed)
    return replace(grid, rows=tuple(rows)), RunningCell(key, day_index)
