"""What the bar under the grid says: the cell the cursor is on and what it holds, or what is
being typed into it."""

from __future__ import annotations

from tui.domain.durations import format_duration
from tui.domain.timesheet import cell_entries
from tui.store.snapshot import Snapshot
from tui.widgets.timesheet_table import TimesheetTable


def cell_bar_text(snap: Snapshot | None, table: TimesheetTable) -> str:
    key, day = table.current_row_key, table.current_day_index
    if snap is None or key is None or day is None:
        return ""
    shown = table.grid or snap.grid  # with the running timer's time so far
    row = shown.row_index(key)
    label = shown.rows[row].label if row is not None else snap.catalog.label(key)
    place = f"{snap.days[day]:%a %d} · {label}"
    if table.edit_text is not None:
        return f"{place} ← {table.edit_text}▏   Enter saves · Esc cancels"
    seconds = shown.rows[row].seconds[day] if row is not None else 0
    held = cell_entries(snap.entries, key, snap.days[day], snap.tz)
    count = len(held)
    entries = f" in {count} entr{'y' if count == 1 else 'ies'}" if count else ""
    if any(entry.id in snap.unsent_ids for entry in held):
        entries += " · not sent yet"
    return f"{place} · {format_duration(seconds)}{entries}"
