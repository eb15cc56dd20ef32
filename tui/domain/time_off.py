"""Time off (holidays, vacation, sick days) as read-only rows of the week grid.

A service that keeps time off (ClickTime) lists it per day and type; the grid shows one row
per type, counted in the day totals, so a holiday is not missing time. The rows cannot be
typed into: time off is changed in the service itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from tui.domain.timesheet import GridRow, RowKey, WeekGrid

TIME_OFF_PROJECT = "\x00time-off"
"""The project part of a time-off row's key: no service gives an id with a NUL in it."""
TIME_OFF_LABEL = "Time off"


@dataclass(frozen=True, slots=True, kw_only=True)
class TimeOff:
    id: str
    day: date
    seconds: int
    type_id: str
    type_name: str
    note: str = ""


def time_off_key(type_id: str) -> RowKey:
    return (TIME_OFF_PROJECT, type_id)


def is_time_off(key: RowKey | None) -> bool:
    return key is not None and key[0] == TIME_OFF_PROJECT


def seconds_by_day(time_off: Iterable[TimeOff]) -> dict[date, int]:
    found: dict[date, int] = {}
    for item in time_off:
        found[item.day] = found.get(item.day, 0) + item.seconds
    return found


def time_off_rows(time_off: Iterable[TimeOff], days: Sequence[date]) -> tuple[GridRow, ...]:
    """One row per type with time off on ``days``, by type name: ``Time off › Vacation``."""
    index = {day: i for i, day in enumerate(days)}
    sums: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    for item in time_off:
        if item.day in index and item.seconds > 0:
            sums.setdefault(item.type_id, [0] * len(days))[index[item.day]] += item.seconds
            names[item.type_id] = item.type_name or "(unnamed type)"
    ordered = sorted(sums, key=lambda t: (names[t].casefold(), t))
    return tuple(
        GridRow(
            time_off_key(t),
            None,
            TIME_OFF_LABEL,
            names[t],
            f"{TIME_OFF_LABEL} › {names[t]}",
            tuple(sums[t]),
        )
        for t in ordered
    )


def with_time_off(grid: WeekGrid, time_off: Sequence[TimeOff]) -> WeekGrid:
    """``grid`` with the time-off rows after the worked ones (the same grid when none)."""
    rows = time_off_rows(time_off, grid.days)
    return WeekGrid(grid.days, grid.rows + rows) if rows else grid
