"""A row of pasted values read as the grid reads typing: which cells change, or why not."""

from __future__ import annotations

from tui.domain.durations import DurationError, apply_cell_input
from tui.domain.timesheet import RowKey
from tui.store.snapshot import Snapshot


def pasted_cells(
    snap: Snapshot, key: RowKey, first: int, rows: tuple[tuple[str, ...], ...]
) -> dict[int, int] | str:
    """Day index → seconds for the cells of row ``key`` that the pasted ``rows`` change,
    filling from day ``first``; or the message saying why nothing is pasted.

    Each value means what typing it would (``+15m`` adds to the cell); an empty value
    clears its cell, as pasting an empty spreadsheet cell does."""
    if len(rows) > 1:
        return f"Nothing pasted: paste one row at a time (this has {len(rows)})"
    values = rows[0]
    if first + len(values) > 7:
        days = f"{snap.days[first]:%a} to {snap.days[6]:%a}"
        return f"Nothing pasted: {len(values)} values do not fit from {days}"
    row = snap.grid.row_index(key)
    current = snap.grid.rows[row].seconds if row is not None else (0,) * 7
    changed: dict[int, int] = {}
    for day, text in enumerate(values, start=first):
        try:
            seconds = apply_cell_input(text, current[day]) if text else 0
        except DurationError as err:
            return f"Nothing pasted: {snap.days[day]:%a %d}: {err}"
        if seconds != current[day]:
            changed[day] = seconds
    return changed
