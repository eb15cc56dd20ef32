"""The store: loads snapshots through a backend, applies edits optimistically, keeps undo.

Edits are planned by ``domain.timesheet`` and shown at once; the backend calls follow in
order behind one lock, so a second keystroke never overtakes the first. Entries created
optimistically carry temporary ids until the backend answers; undo steps keep the ids they
were recorded with and resolve them through ``_aliases`` when they are replayed.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from tui.backends.base import Backend
from tui.backends.errors import BackendError
from tui.config import Settings, load_state, machine_timezone, save_state
from tui.domain import required_fields
from tui.domain.durations import format_duration
from tui.domain.models import EntryFields, TimeEntry
from tui.domain.timesheet import (
    Catalog,
    Create,
    Delete,
    Op,
    PlanError,
    RowKey,
    Update,
    WeekGrid,
    apply_ops,
    build_grid,
    plan_cell_edit,
)
from tui.domain.weeks import (
    local_date,
    shift_week,
    week_bounds,
    week_days,
    week_start_date,
)
from tui.store.catalog_edits import CatalogEdits
from tui.store.row_choice import RowChoice
from tui.store.snapshot import Severity, Snapshot
from tui.store.timer import TimerIntents

Change = tuple[TimeEntry | None, TimeEntry | None]
"""(before, after): a creation has no before, a deletion no after."""

UNDO_DEPTH = 200


@dataclass(frozen=True)
class Step:
    label: str
    workspace_id: str
    week: date
    changes: tuple[Change, ...]


class Store(CatalogEdits, TimerIntents):
    def __init__(
        self,
        backend: Backend,
        settings: Settings | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
        machine_tz: ZoneInfo | None = None,
        remember_workspace: bool = True,
    ) -> None:
        self.backend = backend
        self.settings = settings or Settings()
        self._clock = clock or (lambda: datetime.now(UTC))
        self._machine_tz = machine_tz or machine_timezone()
        self._remember = remember_workspace
        self._subscribers: list[Callable[[Snapshot], None]] = []
        self._write_lock = asyncio.Lock()
        self._history_lock = asyncio.Lock()  # undo/redo pop and replay one at a time
        self._aliases: dict[str, str] = {}
        self._undo: list[Step] = []
        self._redo: list[Step] = []
        self._extra_rows: dict[tuple[str, date], list[RowKey]] = {}
        self._load_token = 0
        self._tmp_ids = itertools.count(1)
        self._grid_inputs: tuple[Any, ...] | None = None
        tz = ZoneInfo(self.settings.timezone) if self.settings.timezone else self._machine_tz
        today = local_date(self.now(), tz)
        week = week_start_date(today, self.settings.week_start)
        self._grid = WeekGrid(tuple(week_days(week)), ())
        self.snapshot = Snapshot(
            backend=backend.name,
            capabilities=backend.capabilities,
            tz=tz,
            week_start_day=self.settings.week_start,
            week=week,
            today=today,
            grid=self._grid,
            loading=True,
        )

    # ------------------------------------------------------------ plumbing

    def now(self) -> datetime:
        return self._clock()

    def subscribe(self, callback: Callable[[Snapshot], None]) -> Callable[[], None]:
        self._subscribers.append(callback)
        return lambda: self._subscribers.remove(callback)

    def _publish(self, **changes: Any) -> None:
        snap = replace(self.snapshot, **changes)
        ws = snap.workspace.id if snap.workspace else ""
        extra = tuple(self._extra_rows.get((ws, snap.week), ()))
        # Most publishes (messages, the timer, undo state) leave the grid's inputs as they
        # were; rebuilding 300 rows for them would be most of an edit's cost.
        inputs = (snap.entries, snap.week, snap.tz, snap.catalog, extra)
        if self._grid_inputs is None or any(
            new is not old and new != old
            for new, old in zip(inputs, self._grid_inputs, strict=True)
        ):
            days = week_days(snap.week)
            self._grid = build_grid(snap.entries, days, snap.tz, snap.catalog, extra)
            self._grid_inputs = inputs
        self.snapshot = replace(
            snap,
            grid=self._grid,
            today=local_date(self.now(), snap.tz),
            can_undo=bool(self._undo),
            can_redo=bool(self._redo),
        )
        self._timer_published(self.snapshot)  # keeps `punch status`'s file fresh
        for callback in list(self._subscribers):
            callback(self.snapshot)

    def say(self, message: str, severity: Severity = "information") -> None:
        self._publish(message=message, severity=severity)

    def _workspace_id(self) -> str:
        if self.snapshot.workspace is None:
            raise BackendError("No workspace is open")
        return self.snapshot.workspace.id

    def _resolve(self, entry_id: str) -> str:
        while entry_id in self._aliases:
            entry_id = self._aliases[entry_id]
        return entry_id

    # ------------------------------------------------------------ loading

    async def open(self, workspace_id: str | None = None) -> None:
        """Load the user, workspaces, catalog and the current week."""
        try:
            user, workspaces = await asyncio.gather(
                self.backend.get_user(), self.backend.list_workspaces()
            )
        except BackendError as err:
            self._publish(loading=False, message=str(err), severity="error")
            return
        tz = self.snapshot.tz
        if user.timezone:
            tz = ZoneInfo(user.timezone)
        week_start_day = (
            user.week_start if user.week_start is not None else self.snapshot.week_start_day
        )
        note = ""
        if tz.key != self._machine_tz.key:
            note = f"Times in {tz.key} (this machine: {self._machine_tz.key})"
        if workspace_id is None and self._remember:
            remembered = (await asyncio.to_thread(load_state)).get("workspace")
            workspace_id = remembered if isinstance(remembered, str) else None
        chosen = next((w for w in workspaces if w.id == workspace_id), None)
        chosen = chosen or (workspaces[0] if workspaces else None)
        today = local_date(self.now(), tz)
        self._publish(
            user=user,
            workspaces=tuple(workspaces),
            workspace=chosen,
            tz=tz,
            week_start_day=week_start_day,
            week=week_start_date(today, week_start_day),
            timezone_note=note,
        )
        await self.refresh_catalog()
        await self.load_week(self.snapshot.week)

    async def refresh_catalog(self) -> None:
        ws = self._workspace_id()
        try:
            clients, projects, tasks, tags, rules = await asyncio.gather(
                self.backend.list_clients(ws),
                self.backend.list_projects(ws),
                self.backend.list_tasks(ws, None),
                self.backend.list_tags(ws),
                self.backend.workspace_rules(ws),
            )
        except BackendError as err:
            self.say(str(err), "error")
            return
        catalog = Catalog(
            clients={c.id: c for c in clients},
            projects={p.id: p for p in projects},
            tasks={t.id: t for t in tasks},
        )
        self._publish(
            clients=tuple(clients),
            projects=tuple(projects),
            tasks=tuple(tasks),
            tags=tuple(tags),
            catalog=catalog,
            rules=rules,
        )

    async def load_week(self, first: date) -> None:
        """Show the week starting ``first``; a later call wins over an earlier one."""
        self._load_token += 1
        token = self._load_token
        ws = self._workspace_id()
        # Show the new week's frame at once so the cursor and header move with the key.
        if first != self.snapshot.week:
            # The running timer belongs to no week: it stays on the bar while the week loads.
            self._publish(week=first, entries=(), loading=True)
        else:
            self._publish(loading=True)
        async with self._write_lock:  # never read while our own writes are in flight
            try:
                start, end = week_bounds(first, self.snapshot.tz)
                entries, running = await asyncio.gather(
                    self.backend.list_entries(ws, start, end),
                    self.backend.running_entry(ws),
                )
            except BackendError as err:
                if token == self._load_token:
                    self._publish(loading=False, message=str(err), severity="error")
                return
        if token != self._load_token:
            return  # the user has moved on; this answer is stale
        self._publish(week=first, entries=tuple(entries), running=running, loading=False)

    async def shift_week(self, weeks: int) -> None:
        await self.load_week(shift_week(self.snapshot.week, weeks))

    async def this_week(self) -> None:
        today = local_date(self.now(), self.snapshot.tz)
        await self.load_week(week_start_date(today, self.snapshot.week_start_day))

    async def reload(self) -> None:
        await self.refresh_catalog()
        await self.load_week(self.snapshot.week)

    async def switch_workspace(self, workspace_id: str) -> None:
        chosen = next((w for w in self.snapshot.workspaces if w.id == workspace_id), None)
        if chosen is None:
            self.say("That workspace no longer exists", "error")
            return
        self._publish(workspace=chosen, entries=(), running=None)
        if self._remember:
            await asyncio.to_thread(save_state, {**load_state(), "workspace": chosen.id})
        await self.reload()

    # ------------------------------------------------------------ rows

    def add_row(self, key: RowKey) -> None:
        ws = self._workspace_id()
        rows = self._extra_rows.setdefault((ws, self.snapshot.week), [])
        if key not in rows:
            rows.append(key)
        self._publish(message=f"Added {self.snapshot.catalog.label(key)}", severity="information")

    async def add_picked_row(self, choice: RowChoice) -> RowKey | None:
        """Add a row from the picker, creating the client, project or task it names."""
        if choice.key is not None:
            self.add_row(choice.key)
            return choice.key
        ws = self._workspace_id()
        snap = self.snapshot
        try:
            project_id = choice.project_id
            if project_id is None:
                if not choice.project:
                    raise BackendError("Name a project to create")
                client_id = None
                if choice.client:
                    found = next(
                        (c for c in snap.clients if c.name.casefold() == choice.client.casefold()),
                        None,
                    )
                    client = found or await self.backend.create_client(ws, choice.client)
                    client_id = client.id
                project_id = (await self.backend.create_project(ws, choice.project, client_id)).id
            task_id = None
            if choice.task:
                task_id = (await self.backend.create_task(ws, project_id, choice.task)).id
        except BackendError as err:
            self.say(str(err), "error")
            return None
        await self.refresh_catalog()
        key: RowKey = (project_id, task_id)
        self.add_row(key)
        return key

    async def ensure_tags(self, names: Iterable[str]) -> tuple[str, ...]:
        """Ids for tag names, creating the ones that do not exist yet."""
        ws = self._workspace_id()
        known = {t.name.casefold(): t.id for t in self.snapshot.tags}
        ids: list[str] = []
        created = False
        for name in names:
            name = name.strip()
            if not name:
                continue
            if name.casefold() not in known:
                known[name.casefold()] = (await self.backend.create_tag(ws, name)).id
                created = True
            if known[name.casefold()] not in ids:
                ids.append(known[name.casefold()])
        if created:
            await self.refresh_catalog()
        return tuple(ids)

    # ------------------------------------------------------------ edits

    def _billable_default(self, key: RowKey) -> bool:
        project = self.snapshot.project(key[0])
        return project.billable if project else False

    def _plan(
        self, cells: Iterable[tuple[RowKey, date, int]], entries: Sequence[TimeEntry]
    ) -> tuple[list[Change], list[TimeEntry]]:
        """Plan several cell edits in turn, each on the result of the one before."""
        changes: list[Change] = []
        working = list(entries)
        for key, day, seconds in cells:
            ops = plan_cell_edit(
                working,
                key,
                day,
                seconds,
                self.snapshot.tz,
                now=self.now(),
                workday_start=self.settings.workday_start,
                billable_default=self._billable_default(key),
            )
            step_changes, created = self._materialise(ops)
            changes.extend(step_changes)
            working = apply_ops(working, ops, created)
        return changes, working

    def _materialise(self, ops: Iterable[Op]) -> tuple[list[Change], list[TimeEntry]]:
        ws = self._workspace_id()
        changes: list[Change] = []
        created: list[TimeEntry] = []
        for op in ops:
            if isinstance(op, Create):
                entry = TimeEntry(
                    id=f"tmp-{next(self._tmp_ids)}", workspace_id=ws, **op.fields.entry_fields()
                )
                created.append(entry)
                changes.append((None, entry))
            elif isinstance(op, Update):
                changes.append((op.before, op.after))
            else:
                changes.append((op.entry, None))
        return changes, created

    async def set_cell(self, key: RowKey, day_index: int, seconds: int) -> bool:
        """Make one cell hold ``seconds``; False (and a message) when it cannot be done."""
        snap = self.snapshot
        day = snap.days[day_index]
        try:
            changes, working = self._plan([(key, day, seconds)], snap.entries)
        except (PlanError, BackendError) as err:
            self.say(str(err), "error")
            return False
        if not changes:
            return True
        label = f"{snap.catalog.label(key)} on {day:%a %d %b}: {format_duration(seconds)}"
        self._keep_row(key)
        return await self._commit(label, changes, working)

    async def delete_row(self, key: RowKey) -> bool:
        snap = self.snapshot
        try:
            changes, working = self._plan(((key, day, 0) for day in snap.days), snap.entries)
        except PlanError as err:
            self.say(str(err), "error")
            return False
        ws = self._workspace_id()
        rows = self._extra_rows.get((ws, snap.week), [])
        if key in rows:
            rows.remove(key)
        label = f"Removed {snap.catalog.label(key)} from the week"
        if not changes:
            self.say(label)
            return True
        return await self._commit(label, changes, working)

    async def copy_last_week(self, with_hours: bool) -> bool:
        snap = self.snapshot
        ws = self._workspace_id()
        previous = shift_week(snap.week, -1)
        try:
            entries = await self.backend.list_entries(ws, *week_bounds(previous, snap.tz))
        except BackendError as err:
            self.say(str(err), "error")
            return False
        last = build_grid(entries, week_days(previous), snap.tz, snap.catalog)
        if not last.rows:
            self.say("Last week has no time to copy", "warning")
            return False
        for row in last.rows:
            self._keep_row(row.key)
        if not with_hours:
            self.say(f"Copied {len(last.rows)} rows from last week")
            return True
        current = {row.key: row.seconds for row in snap.grid.rows}
        cells = [
            (row.key, snap.days[i], seconds)
            for row in last.rows
            for i, seconds in enumerate(row.seconds)
            if seconds and not current.get(row.key, (0,) * 7)[i]
        ]
        try:
            changes, working = self._plan(cells, snap.entries)
        except PlanError as err:
            self.say(f"Could not copy last week: {err}", "error")
            return False
        total = sum(seconds for _, _, seconds in cells)
        label = f"Copied {len(last.rows)} rows with {format_duration(total)} from last week"
        return await self._commit(label, changes, working)

    async def create_entry(self, fields: EntryFields) -> bool:
        ws = self._workspace_id()
        entry = TimeEntry(id=f"tmp-{next(self._tmp_ids)}", workspace_id=ws, **fields.entry_fields())
        working = apply_ops(self.snapshot.entries, [Create(fields)], [entry])
        return await self._commit("Added an entry", [(None, entry)], working)

    def _current(self, entry: TimeEntry) -> TimeEntry:
        """A screen may hold an entry from before its id was reconciled."""
        return entry.replace(id=self._resolve(entry.id))

    async def update_entry(self, before: TimeEntry, after: TimeEntry) -> bool:
        before, after = self._current(before), self._current(after)
        if before.locked:
            self.say("This entry is locked and cannot be changed", "error")
            return False
        working = apply_ops(self.snapshot.entries, [Update(before, after)], [])
        return await self._commit("Changed an entry", [(before, after)], working)

    async def delete_entry(self, entry: TimeEntry) -> bool:
        entry = self._current(entry)
        if entry.locked:
            self.say("This entry is locked and cannot be deleted", "error")
            return False
        working = apply_ops(self.snapshot.entries, [Delete(entry)], [])
        return await self._commit("Deleted an entry", [(entry, None)], working)

    def _keep_row(self, key: RowKey) -> None:
        """A row the user touched stays on screen this week, even at 0."""
        rows = self._extra_rows.setdefault((self._workspace_id(), self.snapshot.week), [])
        if key not in rows:
            rows.append(key)

    async def _commit(self, label: str, changes: list[Change], working: list[TimeEntry]) -> bool:
        if (refused := required_fields.refusal(self.snapshot.rules, changes)) is not None:
            self.say(refused, "error")
            return False
        snap = self.snapshot
        step = Step(label, self._workspace_id(), snap.week, tuple(changes))
        self._undo.append(step)
        del self._undo[:-UNDO_DEPTH]
        self._redo.clear()
        self._publish(entries=tuple(working), message=label, severity="information")
        async with self._write_lock:
            try:
                await self._send(step.workspace_id, step.changes)
            except BackendError as err:
                if step in self._undo:
                    self._undo.remove(step)
                failure = f"Not saved — {label}: {err}"
            else:
                return True
        # Show what the backend really holds, and say loudly what did not get there.
        await self.load_week(self.snapshot.week)
        self.say(failure, "error")
        return False

    async def _send(self, workspace_id: str, changes: Sequence[Change]) -> None:
        for before, after in changes:
            if before is None:
                assert after is not None
                made = await self.backend.create_entry(workspace_id, after.fields())
                # Alias the end of the chain, so every id this entry ever had finds it.
                self._aliases[self._resolve(after.id)] = made.id
                self._reconcile(after.id, made)
            elif after is None:
                await self.backend.delete_entry(workspace_id, self._resolve(before.id))
            else:
                real = after.replace(id=self._resolve(after.id))
                saved = await self.backend.update_entry(real)
                self._reconcile(after.id, saved)

    def _reconcile(self, old_id: str, saved: TimeEntry) -> None:
        entries = self.snapshot.entries
        if any(e.id == old_id for e in entries):
            fixed = tuple(saved if e.id == old_id else e for e in entries)
            self._publish(entries=fixed)  # screens holding the old id must see the new one

    # ------------------------------------------------------------ undo / redo

    async def undo(self) -> bool:
        async with self._history_lock:
            return await self._undo_one()

    async def redo(self) -> bool:
        async with self._history_lock:
            return await self._redo_one()

    async def _undo_one(self) -> bool:
        if not self._undo:
            self.say("Nothing to undo", "warning")
            return False
        step = self._undo.pop()
        inverse = tuple((after, before) for before, after in reversed(step.changes))
        ok = await self._replay(step, inverse, "Undid")
        (self._redo if ok else self._undo).append(step)
        self._publish()
        return ok

    async def _redo_one(self) -> bool:
        if not self._redo:
            self.say("Nothing to redo", "warning")
            return False
        step = self._redo.pop()
        ok = await self._replay(step, step.changes, "Redid")
        (self._undo if ok else self._redo).append(step)
        self._publish()
        return ok

    async def _replay(self, step: Step, changes: Sequence[Change], verb: str) -> bool:
        error: BackendError | None = None
        async with self._write_lock:
            try:
                await self._send(step.workspace_id, changes)
            except BackendError as err:
                error = err
        if self.snapshot.workspace and self.snapshot.workspace.id == step.workspace_id:
            await self.load_week(step.week)  # undo shows the week it changes
        if error is not None:
            self.say(f"Could not undo/redo “{step.label}”: {error}", "error")
            return False
        self.say(f"{verb}: {step.label}")
        return True
