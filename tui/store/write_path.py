"""The write path of every edit: plan → show → send → reconcile, and undo/redo replays.

On a backend with :class:`~tui.backends.changes.AtomicChanges` an intent is planned inside
the write lock, committed, and only then shown (:mod:`tui.store.atomic_writes`). On any
other backend it goes the way described next, change by change.

An intent's cells are planned by ``domain.timesheet`` on the shown entries; new entries get
local ids (:mod:`tui.store.local_ids`). The result is shown at once and recorded for undo;
the backend calls follow in order behind one lock, so a second keystroke never overtakes
the first. When the backend answers, local ids are reconciled to the saved ones (and kept
as aliases for undo steps and screens that still hold them). When it refuses, the week is
read again so the grid shows the truth, and the status line says what was not saved.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Sequence
from datetime import date

from tui.backends.base import Backend
from tui.backends.changes import AtomicChanges
from tui.backends.errors import BackendError
from tui.config import Settings
from tui.domain import required_fields
from tui.domain.change_text import with_removed
from tui.domain.models import TimeEntry
from tui.domain.timesheet import (
    Create,
    Op,
    PlanError,
    RowKey,
    Update,
    apply_ops,
    plan_cell_edit,
)
from tui.store.atomic_writes import AtomicWrites, Planner, ReadWeek
from tui.store.history import Change, History, Step
from tui.store.local_ids import IdAliases, new_local_id
from tui.store.publisher import Publisher
from tui.store.replayed import replayed_cells

LoadWeek = Callable[[date], Awaitable[None]]


class WritePath:
    def __init__(
        self,
        backend: Backend,
        publisher: Publisher,
        history: History,
        settings: Settings,
        *,
        lock: asyncio.Lock,
        load_week: LoadWeek,
        read_week: ReadWeek | None = None,
        show_fresh: ReadWeek | None = None,
    ) -> None:
        self.backend = backend
        self.lock = lock
        """Held while changes are sent; week loads wait for it, so a read never misses our
        own write in flight."""
        self.aliases = IdAliases()
        self._publisher = publisher
        self._history = history
        self._settings = settings
        self._load_week = load_week
        self.replayed_cell: tuple[RowKey, date] | None = None
        """The first cell the last undo or redo changed, for the grid to show."""
        self.atomic: AtomicWrites | None = None
        """How edits go on a backend that applies a batch all or nothing; None: change by
        change."""
        if isinstance(backend, AtomicChanges) and read_week and show_fresh:
            self.atomic = AtomicWrites(
                backend,
                publisher,
                history,
                self.aliases,
                lock=lock,
                read_week=read_week,
                show_fresh=show_fresh,
            )

    # ------------------------------------------------------------ ids

    def resolve(self, entry_id: str) -> str:
        return self.aliases.resolve(entry_id)

    def current(self, entry: TimeEntry) -> TimeEntry:
        """A screen may hold an entry from before its id was reconciled."""
        return entry.replace(id=self.resolve(entry.id))

    # ------------------------------------------------------------ plan

    def plan(
        self, cells: Iterable[tuple[RowKey, date, int]], entries: Sequence[TimeEntry]
    ) -> tuple[list[Change], list[TimeEntry]]:
        """Plan several cell edits in turn, each on the result of the one before."""
        snap = self._publisher.snapshot
        changes: list[Change] = []
        working = list(entries)
        for key, day, seconds in cells:
            project = snap.project(key[0])
            ops = plan_cell_edit(
                working,
                key,
                day,
                seconds,
                snap.tz,
                now=self._publisher.now(),
                workday_start=self._settings.workday_start,
                billable_default=project.billable if project else False,
            )
            step_changes, created = self.materialise(ops)
            changes.extend(step_changes)
            working = apply_ops(working, ops, created)
        return changes, working

    def materialise(self, ops: Iterable[Op]) -> tuple[list[Change], list[TimeEntry]]:
        """The changes ``ops`` make, with a new local id for each entry they create."""
        ws = self._publisher.workspace_id()
        changes: list[Change] = []
        created: list[TimeEntry] = []
        for op in ops:
            if isinstance(op, Create):
                entry = TimeEntry(id=new_local_id(), workspace_id=ws, **op.fields.entry_fields())
                created.append(entry)
                changes.append((None, entry))
            elif isinstance(op, Update):
                changes.append((op.before, op.after))
            else:
                changes.append((op.entry, None))
        return changes, created

    # ------------------------------------------------------------ show, send

    async def submit(
        self, label: str, plan: Planner, week: date, *, rows: tuple[RowKey, ...] = ()
    ) -> bool:
        """Plan an intent on the entries it is based on and make it so; planned again on the
        fresh state when another window changed them (atomic backends). False (and a
        message) when it cannot be done. ``rows``: rows the intent puts on the week, taken
        off again by its undo."""
        if self.atomic is not None:
            return await self.atomic.submit(label, plan, week, replan=True, rows=rows)
        try:
            changes, working = plan(self._publisher.snapshot.entries)
        except PlanError as err:
            self._publisher.say(str(err), "error")
            return False
        if not changes:
            return True
        return await self._commit_now(label, changes, working, rows)

    def record_rows(self, label: str, rows: tuple[RowKey, ...]) -> None:
        """Rows put on the shown week without any time (``c``): one step, which undo takes
        back like any other."""
        publisher = self._publisher
        ws, week = publisher.workspace_id(), publisher.snapshot.week
        for key in rows:
            publisher.kept_rows.keep(ws, week, key)
        self._history.record(Step(label, ws, week, (), rows))
        publisher.say(label)

    async def commit(self, label: str, changes: list[Change], working: list[TimeEntry]) -> bool:
        """Make ``changes`` (planned by the caller on what it was shown); ``working`` is the
        shown week after them. Refused, with a message, when what they were based on changed
        meanwhile (atomic backends) or the backend says no."""
        if self.atomic is not None:
            week = self._publisher.snapshot.week

            def fixed(entries: Sequence[TimeEntry]) -> tuple[list[Change], list[TimeEntry]]:
                return changes, after_changes(entries, changes)

            return await self.atomic.submit(label, fixed, week, replan=False)
        return await self._commit_now(label, changes, working)

    async def _commit_now(
        self,
        label: str,
        changes: list[Change],
        working: list[TimeEntry],
        rows: tuple[RowKey, ...] = (),
    ) -> bool:
        """Show ``working`` (the shown week after ``changes``) at once, then send ``changes``;
        False (and a message) when they are refused before or by the backend."""
        publisher = self._publisher
        if (refused := required_fields.refusal(publisher.snapshot.rules, changes)) is not None:
            publisher.say(refused, "error")
            return False
        week = publisher.snapshot.week
        step = Step(label, publisher.workspace_id(), week, tuple(changes), rows)
        self._history.record(step)
        said = with_removed(label, changes)
        publisher.publish(entries=tuple(working), message=said, severity="information")
        async with self.lock:
            try:
                await self._send(step.workspace_id, step.changes)
            except BackendError as err:
                self._history.forget(step)
                failure = f"Not saved — {label}: {err}"
            else:
                return True
        # Show what the backend really holds, and say loudly what did not get there.
        await self._load_week(publisher.snapshot.week)
        publisher.say(failure, "error")
        return False

    async def _send(self, workspace_id: str, changes: Sequence[Change]) -> None:
        for before, after in changes:
            if before is None:
                assert after is not None
                made = await self.backend.create_entry(workspace_id, after.fields())
                self.aliases.alias(after.id, made.id)
                self._reconcile(after.id, made, after)
            elif after is None:
                await self.backend.delete_entry(workspace_id, self.resolve(before.id))
            else:
                real = after.replace(id=self.resolve(after.id))
                saved = await self.backend.update_entry(real)
                if saved.id != real.id:  # ClickTime moves an entry to another day as a new one
                    self.aliases.alias(after.id, saved.id)
                self._reconcile(after.id, saved, real)

    def _reconcile(self, old_id: str, saved: TimeEntry, sent: TimeEntry) -> None:
        entries = self._publisher.snapshot.entries
        if any(e.id == old_id for e in entries):
            # A newer intent may have changed the entry since this answer's request: keep
            # what it shows, under the saved id; the answer never overwrites a newer intent.
            # Still showing what was sent, the service's version (rounded, say) is the truth.
            def fix(e: TimeEntry) -> TimeEntry:
                if e.id != old_id:
                    return e
                if e.fields() in (saved.fields(), sent.fields()):
                    return saved
                return e.replace(id=saved.id)

            fixed = tuple(fix(e) for e in entries)
            self._publisher.publish(entries=fixed)  # screens holding the old id see the new

    # ------------------------------------------------------------ undo / redo

    async def _after_queued_edits(self) -> None:
        """Wait for the edits asked for before this moment: the lock is first come, first
        served, and an edit records its step only once committed, so an undo typed right
        behind a burst of values would otherwise take back an older one (or find none)."""
        async with self.lock:
            pass

    async def undo(self) -> bool:
        await self._after_queued_edits()
        async with self._history.lock:
            step = self._history.take_undo()
            if step is None:
                self._publisher.say("Nothing to undo", "warning")
                return False
            ok = await self._replay(step, step.inverse(), "Undid", keep_rows=False)
            self._history.undone(step, ok)
            self._publisher.publish()
            return ok

    async def redo(self) -> bool:
        await self._after_queued_edits()
        async with self._history.lock:
            step = self._history.take_redo()
            if step is None:
                self._publisher.say("Nothing to redo", "warning")
                return False
            ok = await self._replay(step, step.changes, "Redid", keep_rows=True)
            self._history.redone(step, ok)
            self._publisher.publish()
            return ok

    async def _replay(
        self, step: Step, changes: Sequence[Change], verb: str, *, keep_rows: bool
    ) -> bool:
        error: BackendError | None = None
        self.replayed_cell = None
        try:
            if not changes:
                pass  # rows only: nothing to send
            elif self.atomic is not None:
                await self.atomic.replay(step.workspace_id, step.week, changes)
            else:
                async with self.lock:
                    await self._send(step.workspace_id, changes)
        except BackendError as err:
            error = err
        if error is None:
            kept = self._publisher.kept_rows
            for key in step.rows:
                if keep_rows:
                    kept.keep(step.workspace_id, step.week, key)
                else:
                    kept.drop(step.workspace_id, step.week, key)
        snap = self._publisher.snapshot
        if snap.workspace and snap.workspace.id == step.workspace_id:
            await self._load_week(step.week)  # undo shows the week it changes
        if error is not None:
            self._publisher.say(f"Could not undo/redo “{step.label}”: {error}", "error")
            return False
        snap = self._publisher.snapshot
        went_back = replayed_cells(changes, snap.entries, snap.days, snap.tz, snap.catalog)
        if went_back:
            self.replayed_cell = went_back[0].key, went_back[0].day
        if len(went_back) == 1 and snap.week == step.week:
            self._publisher.say(f"{verb}: {went_back[0].text}")
        else:
            self._publisher.say(f"{verb}: {step.label}")
        return True


def after_changes(entries: Iterable[TimeEntry], changes: Iterable[Change]) -> list[TimeEntry]:
    """``entries`` with ``changes`` made, by id, sorted as the week is."""
    by_id = {e.id: e for e in entries}
    for before, after in changes:
        if before is not None:
            by_id.pop(before.id, None)
        if after is not None:
            by_id[after.id] = after
    return sorted(by_id.values(), key=lambda e: (e.start, e.id))
