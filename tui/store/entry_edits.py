"""The grid's intents: a cell's time, a row added or removed, last week copied, and the
entries of a cell created, changed or deleted. Each is planned and sent by the write path."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from zoneinfo import ZoneInfo

from tui.backends.base import Backend
from tui.backends.errors import BackendError
from tui.domain.durations import DurationError, check_cell_total, format_duration
from tui.domain.models import EntryFields, TimeEntry
from tui.domain.periods import period_holding
from tui.domain.timesheet import (
    Catalog,
    Create,
    Delete,
    PlanError,
    RowKey,
    Update,
    apply_ops,
    build_grid,
    cell_entries,
)
from tui.domain.weeks import shift_week, week_bounds, week_days
from tui.store.history import Change
from tui.store.local_ids import new_local_id
from tui.store.publisher import Publisher
from tui.store.write_path import WritePath


class EntryEdits:
    def __init__(self, backend: Backend, publisher: Publisher, writes: WritePath) -> None:
        self.backend = backend
        self._publisher = publisher
        self._writes = writes

    # ------------------------------------------------------------ rows

    def add_row(self, key: RowKey) -> None:
        self.keep_row(key)
        snap = self._publisher.snapshot
        self._publisher.say(f"Added {snap.catalog.label(key)}")

    def keep_row(self, key: RowKey) -> None:
        """A row the user touched stays on screen this week, even at 0."""
        ws = self._publisher.workspace_id()
        self._publisher.kept_rows.keep(ws, self._publisher.snapshot.week, key)

    async def delete_row(self, key: RowKey) -> bool:
        snap = self._publisher.snapshot
        days = snap.days
        self._publisher.kept_rows.drop(self._publisher.workspace_id(), snap.week, key)
        label = f"Removed {snap.catalog.label(key)} from the week"
        if not cell_entries_in_week(snap.entries, key, days, snap.tz):
            self._publisher.say(label)
            return True
        cells = [(key, day, 0) for day in days]
        return await self._writes.submit(
            label, lambda entries: self._writes.plan(cells, entries), snap.week
        )

    # ------------------------------------------------------------ cells

    async def set_cell(self, key: RowKey, day_index: int, seconds: int) -> bool:
        """Make one cell hold ``seconds``; False (and a message) when it cannot be done."""
        # The day is the one shown when the value was typed, whatever week is shown later.
        snap = self._publisher.snapshot
        day = snap.days[day_index]
        label = f"{snap.catalog.label(key)} on {day:%a %d %b}: {format_duration(seconds)}"
        self.keep_row(key)
        return await self._writes.submit(
            label, lambda entries: self._writes.plan([(key, day, seconds)], entries), snap.week
        )

    async def adjust_cell(self, key: RowKey, day_index: int, delta: int) -> bool:
        """Add ``delta`` seconds (negative: take off) to what the cell holds when the edit is
        made: planned again on another window's change, it still adds to the fresh value."""
        snap = self._publisher.snapshot
        day = snap.days[day_index]
        sign = "+" if delta >= 0 else "-"
        label = f"{snap.catalog.label(key)} on {day:%a %d %b}: {sign}{format_duration(abs(delta))}"
        self.keep_row(key)

        def plan(entries: Sequence[TimeEntry]) -> tuple[list[Change], list[TimeEntry]]:
            try:
                now = check_cell_total(cell_seconds(entries, key, day, snap.tz) + delta)
            except DurationError as err:
                raise PlanError(str(err)) from None
            return self._writes.plan([(key, day, now)], entries)

        return await self._writes.submit(label, plan, snap.week)

    async def set_cells(self, key: RowKey, seconds_by_day: Mapping[int, int]) -> bool:
        """Make several cells of row ``key`` hold their seconds (day index → seconds) as one
        step: one undo takes all of them back, and a refusal changes none of them."""
        snap = self._publisher.snapshot
        cells = [(key, snap.days[day], seconds) for day, seconds in sorted(seconds_by_day.items())]
        first, last = cells[0][1], cells[-1][1]
        total = format_duration(sum(seconds for _, _, seconds in cells))
        label = f"{snap.catalog.label(key)}, {first:%a %d}–{last:%a %d %b}: {total} pasted"
        self.keep_row(key)
        return await self._writes.submit(
            label, lambda entries: self._writes.plan(cells, entries), snap.week
        )

    async def copy_last_week(self, with_hours: bool) -> bool:
        publisher = self._publisher
        snap = publisher.snapshot
        ws = publisher.workspace_id()
        previous = shift_week(snap.week, -1)
        try:
            entries = await self.backend.list_entries(ws, *week_bounds(previous, snap.tz))
        except BackendError as err:
            publisher.say(str(err), "error")
            return False
        last = build_grid(entries, week_days(previous), snap.tz, snap.catalog)
        if not last.rows:
            publisher.say("Last week has no time to copy", "warning")
            return False
        shown = {row.key for row in snap.grid.rows}
        new_rows = tuple(row.key for row in last.rows if row.key not in shown)
        if not with_hours:
            if not new_rows:
                publisher.say("Last week's rows are all here already", "information")
            else:
                self._writes.record_rows(f"Copied {_rows(len(new_rows))} from last week", new_rows)
            return True
        current = {row.key: row.seconds for row in snap.grid.rows}
        cells = [
            (row.key, snap.days[i], seconds)
            for row in last.rows
            for i, seconds in enumerate(row.seconds)
            if seconds and not current.get(row.key, (0,) * 7)[i]
        ]
        if not cells:
            publisher.say(
                "Nothing to copy: every day with time last week already has time here", "warning"
            )
            return False
        # Days of a submitted, approved or locked timesheet are left as they are: the service
        # would refuse them, and a copy is not worth failing the open days for.
        closed = {
            day: why
            for _, day, _ in cells
            if (period := period_holding(snap.periods, day)) is not None
            and (why := period.closed_reason(day)) is not None
        }
        if closed and len(closed) == len({day for _, day, _ in cells}):
            publisher.say(f"Nothing copied: {next(iter(closed.values()))}", "warning")
            return False
        cells = [cell for cell in cells if cell[1] not in closed]
        total = sum(seconds for _, _, seconds in cells)
        for key in new_rows:
            self.keep_row(key)
        rows = _rows(len({key for key, _, _ in cells}))
        label = f"Copied {rows} with {format_duration(total)} from last week"
        if closed:
            left = ", ".join(f"{day:%a %d}" for day in sorted(closed))
            label += f"; left out {left}: a closed timesheet"

        def plan(entries: Sequence[TimeEntry]) -> tuple[list[Change], list[TimeEntry]]:
            try:
                return self._writes.plan(cells, entries)
            except PlanError as err:
                raise PlanError(f"Could not copy last week: {err}") from err

        return await self._writes.submit(label, plan, snap.week, rows=new_rows)

    # ------------------------------------------------------------ entries

    async def create_entry(self, fields: EntryFields) -> bool:
        ws = self._publisher.workspace_id()
        entry = TimeEntry(id=new_local_id(), workspace_id=ws, **fields.entry_fields())
        working = apply_ops(self._publisher.snapshot.entries, [Create(fields)], [entry])
        return await self._writes.commit("Added an entry", [(None, entry)], working)

    async def update_entry(self, before: TimeEntry, after: TimeEntry) -> bool:
        before, after = self._writes.current(before), self._writes.current(after)
        if before.locked:
            self._publisher.say("This entry is locked and cannot be changed", "error")
            return False
        working = apply_ops(self._publisher.snapshot.entries, [Update(before, after)], [])
        return await self._writes.commit("Changed an entry", [(before, after)], working)

    async def delete_entry(self, entry: TimeEntry) -> bool:
        entry = self._writes.current(entry)
        if entry.locked:
            self._publisher.say("This entry is locked and cannot be deleted", "error")
            return False
        working = apply_ops(self._publisher.snapshot.entries, [Delete(entry)], [])
        return await self._writes.commit("Deleted an entry", [(entry, None)], working)


def cell_seconds(entries: Sequence[TimeEntry], key: RowKey, day: date, tz: ZoneInfo) -> int:
    """What the cell (``key``, ``day``) holds in ``entries``."""
    return build_grid(cell_entries(entries, key, day, tz), [day], tz, Catalog()).total


def cell_entries_in_week(
    entries: Sequence[TimeEntry], key: RowKey, days: Sequence[date], tz: ZoneInfo
) -> bool:
    return any(cell_entries(entries, key, day, tz) for day in days)


def _rows(count: int) -> str:
    return f"{count} row{'' if count == 1 else 's'}"
