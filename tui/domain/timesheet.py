"""Timesheet maths: entries → rows × days, and one cell edit → a plan of operations.

A cell is the sum of its row's finished entries on that local day. Setting a cell changes
entries the way a person would by hand: an empty cell gets one new entry (at the workday start,
or right after the day's last entry), a cell with entries grows or shrinks its latest one, and
0 removes the cell's time. Time outside the edited day is never touched, so editing one cell
never changes another.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from tui.domain.durations import format_duration
from tui.domain.models import Client, EntryFields, Project, Task, TimeEntry
from tui.domain.weeks import at_local_time, day_bounds, seconds_by_day

RowKey = tuple[str | None, str | None]
"""(project id, task id); (None, None) is time with no project."""


def row_key(entry: EntryFields) -> RowKey:
    return (entry.project_id, entry.task_id)


class PlanError(ValueError):
    """An edit that cannot be made; ``str()`` says why, for the status line."""


# ---------------------------------------------------------------- names of rows


@dataclass(frozen=True)
class Catalog:
    """Names for ids, so rows can be labelled and sorted client › project › task."""

    clients: Mapping[str, Client] = field(default_factory=dict)
    projects: Mapping[str, Project] = field(default_factory=dict)
    tasks: Mapping[str, Task] = field(default_factory=dict)

    def names(self, key: RowKey) -> tuple[str | None, str | None, str | None]:
        project_id, task_id = key
        project = self.projects.get(project_id) if project_id else None
        client = self.clients.get(project.client_id) if project and project.client_id else None
        task = self.tasks.get(task_id) if task_id else None
        return (
            client.name if client else None,
            project.name if project else ("(unknown project)" if project_id else None),
            task.name if task else ("(unknown task)" if task_id else None),
        )

    def label(self, key: RowKey) -> str:
        client, project, task = self.names(key)
        if project is None:
            return "(no project)"
        return " › ".join(part for part in (client, project, task) if part)

    def sort_key(self, key: RowKey) -> tuple[bool, str, str, bool, str]:
        client, project, task = self.names(key)
        return (
            client is None,  # clients first, then projects without one, then no project
            (client or "").casefold(),
            (project or "\uffff").casefold(),
            task is not None,
            (task or "").casefold(),
        )


# ---------------------------------------------------------------- the grid


@dataclass(frozen=True)
class GridRow:
    key: RowKey
    client: str | None
    project: str | None
    task: str | None
    label: str
    seconds: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.seconds)


@dataclass(frozen=True)
class WeekGrid:
    days: tuple[date, ...]
    rows: tuple[GridRow, ...]

    # Cached: a repaint asks for the totals line by line, and the grid never changes.
    @cached_property
    def day_totals(self) -> tuple[int, ...]:
        return tuple(sum(row.seconds[i] for row in self.rows) for i in range(len(self.days)))

    @cached_property
    def total(self) -> int:
        return sum(row.total for row in self.rows)

    def row_index(self, key: RowKey) -> int | None:
        for index, row in enumerate(self.rows):
            if row.key == key:
                return index
        return None


def build_grid(
    entries: Iterable[EntryFields],
    days: Sequence[date],
    tz: ZoneInfo,
    catalog: Catalog,
    extra_rows: Iterable[RowKey] = (),
) -> WeekGrid:
    """Rows for every key with finished time this week, plus ``extra_rows`` (rows the user
    added that have no time yet). A running entry is not counted: it has no end yet."""
    index = {day: i for i, day in enumerate(days)}
    sums: dict[RowKey, list[int]] = {key: [0] * len(days) for key in extra_rows}
    for entry in entries:
        if entry.end is None:
            continue
        cells = sums.setdefault(row_key(entry), [0] * len(days))
        for day, seconds in seconds_by_day(entry.start, entry.end, tz).items():
            if day in index:
                cells[index[day]] += seconds
    keys = sorted(sums, key=catalog.sort_key)
    rows = []
    for key in keys:
        client, project, task = catalog.names(key)
        rows.append(GridRow(key, client, project, task, catalog.label(key), tuple(sums[key])))
    return WeekGrid(tuple(days), tuple(rows))


def update_grid(
    previous: WeekGrid,
    entries: Iterable[EntryFields],
    touched: set[RowKey],
    tz: ZoneInfo,
    catalog: Catalog,
    extra_rows: Iterable[RowKey] = (),
) -> WeekGrid:
    """:func:`build_grid` of ``entries`` when only the rows ``touched`` can differ from
    ``previous`` (built on the same days, zone, catalog and extra rows): an edit changes one
    or two rows, and summing the other three hundred again was most of its cost."""
    days = previous.days
    index = {day: i for i, day in enumerate(days)}
    extra = set(extra_rows)
    sums: dict[RowKey, list[int]] = {key: [0] * len(days) for key in touched if key in extra}
    for entry in entries:
        if entry.end is None:
            continue
        key = row_key(entry)
        if key not in touched:
            continue
        cells = sums.setdefault(key, [0] * len(days))
        for day, seconds in seconds_by_day(entry.start, entry.end, tz).items():
            if day in index:
                cells[index[day]] += seconds
    kept = [row for row in previous.rows if row.key not in touched]
    fresh = []
    for key, cells in sums.items():
        client, project, task = catalog.names(key)
        fresh.append(GridRow(key, client, project, task, catalog.label(key), tuple(cells)))
    was = {row.key for row in previous.rows}
    if {row.key for row in fresh} == was & touched:  # the same rows: keep their order
        by_key = {row.key: row for row in fresh}
        rows = tuple(by_key.get(row.key, row) for row in previous.rows)
    else:
        rows = tuple(sorted((*kept, *fresh), key=lambda row: catalog.sort_key(row.key)))
    return WeekGrid(tuple(days), rows)


# ---------------------------------------------------------------- the plan of an edit


@dataclass(frozen=True)
class Create:
    fields: EntryFields


@dataclass(frozen=True)
class Update:
    before: TimeEntry
    after: TimeEntry


@dataclass(frozen=True)
class Delete:
    entry: TimeEntry


Op = Create | Update | Delete


def _seconds(a: datetime, b: datetime) -> int:
    return int((b - a).total_seconds())


def _portion(entry: TimeEntry, d0: datetime, d1: datetime) -> int:
    assert entry.end is not None
    return max(0, _seconds(max(entry.start, d0), min(entry.end, d1)))


def cell_entries(
    entries: Iterable[TimeEntry], key: RowKey, day: date, tz: ZoneInfo
) -> list[TimeEntry]:
    """The finished entries of one row that have time on one local day, by start."""
    d0, d1 = day_bounds(day, tz)
    found = [
        e
        for e in entries
        if e.end is not None and row_key(e) == key and e.start < d1 and e.end > d0
    ]
    return sorted(found, key=lambda e: (e.start, e.id))


def plan_cell_edit(
    entries: Sequence[TimeEntry],
    key: RowKey,
    day: date,
    target: int,
    tz: ZoneInfo,
    *,
    now: datetime,
    workday_start: time = time(9, 0),
    billable_default: bool = False,
) -> list[Op]:
    """The operations that make the cell (``key``, ``day``) hold ``target`` seconds.

    ``entries`` must hold every entry that touches ``day``, of every row, so that new time
    is placed where it overlaps nothing.
    """
    if target < 0:
        raise PlanError("A cell cannot hold negative time")
    d0, d1 = day_bounds(day, tz)
    cell = cell_entries(entries, key, day, tz)
    if any(e.locked for e in cell):
        raise PlanError("This cell has locked entries; they cannot be changed")
    current = sum(_portion(e, d0, d1) for e in cell)
    if target == current:
        return []
    day_total = sum(_portion(e, d0, d1) for e in entries if e.end is not None)
    day_length = _seconds(d0, d1)
    if day_total - current + target > day_length:
        free = day_length - (day_total - current)
        raise PlanError(
            f"{day:%a %d %b} would hold more than {format_duration(day_length)}; "
            f"at most {format_duration(free)} fits in this cell"
        )
    if target > current:
        return _grow(
            entries,
            cell,
            key,
            d0,
            d1,
            target - current,
            now,
            workday_start,
            billable_default,
            day,
            tz,
        )
    return _shrink(cell, d0, d1, current - target)


_FOREVER = datetime(9999, 1, 1, tzinfo=UTC)  # far, yet a day can still be added to it


def _busy(
    entries: Iterable[TimeEntry], now: datetime, skip: str | None = None, *, hold: bool = False
) -> list[tuple[datetime, datetime]]:
    """Spans taken. A running entry holds up to now; with ``hold`` (a day that has begun) it
    holds everything from its start, as it will until it is stopped, so new time goes
    before it and never after now."""
    spans = []
    for e in entries:
        if e.id == skip:
            continue
        if e.end is not None:
            end = e.end
        elif hold:
            end = _FOREVER
        else:
            end = max(now, e.start + timedelta(seconds=1))
        spans.append((e.start, end))
    return sorted(spans)


def _is_free(start: datetime, end: datetime, busy: Sequence[tuple[datetime, datetime]]) -> bool:
    return all(end <= b0 or start >= b1 for b0, b1 in busy)


def _grow(
    entries: Sequence[TimeEntry],
    cell: Sequence[TimeEntry],
    key: RowKey,
    d0: datetime,
    d1: datetime,
    delta: int,
    now: datetime,
    workday_start: time,
    billable_default: bool,
    day: date,
    tz: ZoneInfo,
) -> list[Op]:
    step = timedelta(seconds=delta)
    hold = d0 <= now  # the running timer keeps all time after its start on a begun day
    ending_today = [e for e in cell if e.end is not None and e.end <= d1]
    template: TimeEntry | None = None
    if ending_today:
        latest = max(ending_today, key=lambda e: (e.start, e.id))
        assert latest.end is not None
        template = latest
        new_end = latest.end + step
        busy_others = _busy(entries, now, latest.id, hold=hold)
        if new_end <= d1 and _is_free(latest.end, new_end, busy_others):
            return [Update(latest, latest.replace(end=new_end))]
    elif cell:
        template = cell[-1]
    busy = _busy(entries, now, hold=hold)
    todays = [(b0, b1) for b0, b1 in busy if b0 < d1 and b1 > d0]
    candidates = []
    if todays:
        candidates.append(min(max(b1 for _, b1 in todays), d1))
    candidates.append(at_local_time(day, workday_start, tz))
    if hold:  # right before a running timer, ending where it started
        candidates.extend(e.start - step for e in entries if e.end is None and e.start < d1)
    candidates.extend(b1 for _, b1 in todays)
    candidates.append(d0)
    for start in candidates:
        end = start + step
        if start >= d0 and end <= d1 and _is_free(start, end, busy):
            fields = EntryFields(
                start=start,
                end=end,
                description=template.description if template else "",
                project_id=key[0],
                task_id=key[1],
                tag_ids=template.tag_ids if template else (),
                billable=template.billable if template else billable_default,
            )
            return [Create(fields)]
    running = next((e for e in entries if e.end is None and e.start < d1), None)
    if hold and running is not None:
        since = running.start.astimezone(tz)
        mine = row_key(running) == key
        raise PlanError(
            f"No free {format_duration(delta)} on {day:%a %d %b} before the running timer"
            f"{' of this cell' if mine else ''} (since {since:%H:%M}): stop the timer, or edit"
            " its start, to make room"
        )
    raise PlanError(f"No free {format_duration(delta)} left on {day:%a %d %b} to add")


def _shrink(cell: Sequence[TimeEntry], d0: datetime, d1: datetime, delta: int) -> list[Op]:
    ops: list[Op] = []
    remaining = delta
    for e in sorted(cell, key=lambda e: (e.start, e.id), reverse=True):
        if remaining <= 0:
            break
        assert e.end is not None
        part = _portion(e, d0, d1)
        if part <= remaining:
            remaining -= part
            ops.extend(_remove_day(e, d0, d1))
            continue
        cut = timedelta(seconds=remaining)
        remaining = 0
        if e.end <= d1:
            ops.append(Update(e, e.replace(end=e.end - cut)))
        elif e.start >= d0:
            ops.append(Update(e, e.replace(start=e.start + cut)))
        else:  # spans the whole day: keep both neighbouring days' time, split around it
            ops.append(Update(e, e.replace(end=d1 - cut)))
            ops.append(Create(e.fields().replace(start=d1)))
    return ops


def _remove_day(e: TimeEntry, d0: datetime, d1: datetime) -> list[Op]:
    assert e.end is not None
    if e.start >= d0 and e.end <= d1:
        return [Delete(e)]
    if e.start < d0 and e.end > d1:
        return [
            Update(e, e.replace(end=d0)),
            Create(e.fields().replace(start=d1)),
        ]
    if e.start < d0:
        return [Update(e, e.replace(end=d0))]
    return [Update(e, e.replace(start=d1))]


def apply_ops(
    entries: Iterable[TimeEntry], ops: Iterable[Op], created: Sequence[TimeEntry]
) -> list[TimeEntry]:
    """Entries after ``ops``; ``created`` are the entries the Create ops became, in order."""
    by_id = {e.id: e for e in entries}
    made = iter(created)
    for op in ops:
        if isinstance(op, Create):
            entry = next(made)
            by_id[entry.id] = entry
        elif isinstance(op, Update):
            by_id[op.after.id] = op.after
        else:
            by_id.pop(op.entry.id, None)
    return sorted(by_id.values(), key=lambda e: (e.start, e.id))
