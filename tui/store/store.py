"""The store: what the screens and the CLI talk to. It composes small parts and delegates:

- :class:`~tui.store.publisher.Publisher`: the current snapshot and its subscribers;
- :class:`~tui.store.week_loader.WeekLoader`: the user, workspaces, catalog and week;
- :class:`~tui.store.write_path.WritePath`: plan → show → send → reconcile, behind one lock,
  with the aliases of local ids, and the replays of undo/redo;
- :class:`~tui.store.history.History`: the undo and redo stacks;
- :class:`~tui.store.entry_edits.EntryEdits`: the grid's intents on cells, rows and entries;
- :class:`~tui.store.catalog_edits.CatalogEdits`: workspaces, clients, projects, tasks, tags;
- :class:`~tui.store.change_watch.ChangeWatcher`: other processes' changes, once a second;
- :class:`~tui.store.timer_watch.TimerWatch` and :class:`~tui.store.timer.TimerIntents`: the
  running timer, its clock and re-checks, and what the user does with it;
- :class:`~tui.store.sync_watch.SyncWatch`: the write journal of a remote backend, when it
  has one (waiting changes, refusals, ids the service gave, the replica's freshness).

Side effects of a new snapshot are subscribers: the status file (:meth:`keep_status_file`)
and the remembered workspace (``remember_workspace=``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from tui.backends.base import Backend
from tui.backends.changes import ChangeWatch
from tui.config import Settings, machine_timezone
from tui.domain.models import Client, EntryFields, Project, Tag, Task, TimeEntry, Workspace
from tui.domain.timer import IdleChoice
from tui.domain.timesheet import RowKey, WeekGrid
from tui.domain.weeks import local_date, week_days, week_start_date
from tui.store import notice_relay
from tui.store.catalog_edits import CatalogEdits
from tui.store.change_watch import ChangeWatcher
from tui.store.entry_edits import EntryEdits
from tui.store.history import History
from tui.store.journal_intents import JournalIntents
from tui.store.publisher import Publisher, Subscriber
from tui.store.remembered_workspace import RememberedWorkspace
from tui.store.row_choice import RowChoice
from tui.store.snapshot import Severity, Snapshot
from tui.store.status_writer import StatusFileWriter
from tui.store.sync_watch import SyncWatch
from tui.store.timer import TimerIntents
from tui.store.timer_watch import TimerWatch
from tui.store.timesheets import TimesheetIntents
from tui.store.week_loader import WeekLoader
from tui.store.write_path import WritePath


class Store:
    def __init__(
        self,
        backend: Backend,
        settings: Settings | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
        machine_tz: ZoneInfo | None = None,
        remember_workspace: bool = True,
        watch_changes: bool = False,
    ) -> None:
        """``watch_changes``: once open, show other processes' changes within about a second
        (backends with ``ChangeWatch``); for the TUI, not for one-shot CLI commands."""
        self.backend = backend
        self.settings = settings or Settings()
        machine_tz = machine_tz or machine_timezone()
        clock = clock or (lambda: datetime.now(UTC))
        tz = ZoneInfo(self.settings.timezone) if self.settings.timezone else machine_tz
        today = local_date(clock(), tz)
        week = week_start_date(today, self.settings.week_start)
        first = Snapshot(
            backend=backend.name,
            capabilities=backend.capabilities,
            tz=tz,
            week_start_day=self.settings.week_start,
            week=week,
            today=today,
            grid=WeekGrid(tuple(week_days(week)), ()),
            loading=True,
        )
        history = History()
        self._publisher = publisher = Publisher(first, clock, history)
        remembered = RememberedWorkspace() if remember_workspace else None
        write_lock = asyncio.Lock()
        self._loader = loader = WeekLoader(
            backend,
            publisher,
            machine_tz=machine_tz,
            write_lock=write_lock,
            recall=remembered.recall if remembered else None,
        )
        self._writes = writes = WritePath(
            backend,
            publisher,
            history,
            self.settings,
            lock=write_lock,
            load_week=loader.load_week,
            read_week=loader.read_week,
            show_fresh=loader.show_fresh,
        )
        self._entries = EntryEdits(backend, publisher, writes)
        self._catalog = CatalogEdits(backend, publisher, refresh_catalog=loader.refresh_catalog)
        self._watch = watch = TimerWatch(
            backend, publisher, self.settings, load_week=loader.load_week
        )
        self._timer = TimerIntents(
            backend,
            publisher,
            watch,
            writes,
            load_week=loader.load_week,
            add_picked_row=self.add_picked_row,
        )
        # A remote service behind its replica: its journal's state, into the snapshot.
        self._sync = SyncWatch(
            backend,
            publisher,
            writes.aliases,
            load_week=loader.load_week,
            refresh_catalog=loader.refresh_catalog,
        )
        self.journal = JournalIntents(backend, publisher, load_week=loader.load_week)
        """The journal's changes, for the screen that lists them (send, retry, settle)."""
        self.timesheets = TimesheetIntents(backend, publisher, load_week=loader.load_week)
        """Timesheet periods: the one holding a day, and submitting it for approval."""
        """The journal's changes, for the screen that lists them (send, retry, settle)."""
        # First: the clock skew it learns is what the status file then reports.
        publisher.subscribe(watch.observe)
        if remembered is not None:
            publisher.subscribe(remembered)
        self._status_detach: Callable[[], None] | None = None
        self._notices = notice_relay.NoticeRelay(publisher.say)
        self._changes: ChangeWatcher | None = None
        if watch_changes and isinstance(backend, ChangeWatch):
            self._changes = ChangeWatcher(backend, reload=loader.follow_elsewhere)

    # ------------------------------------------------------------ plumbing

    @property
    def snapshot(self) -> Snapshot:
        return self._publisher.snapshot

    def now(self) -> datetime:
        return self._publisher.now()

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        return self._publisher.subscribe(callback)

    def _publish(self, **changes: Any) -> None:
        self._publisher.publish(**changes)

    def say(self, message: str, severity: Severity = "information") -> None:
        self._publisher.say(message, severity)

    def keep_status_file(self, path: Path | None) -> None:
        """Write the state `punch status` reads to ``path`` whenever it changes (None: stop)."""
        if self._status_detach is not None:
            self._status_detach()
            self._status_detach = None
        if path is None:
            return
        writer = StatusFileWriter(
            path,
            now=self.now,
            clock_offset=lambda: self._watch.clock_offset,
            warn=lambda message: self.say(message, "warning"),
        )
        unsubscribe = self.subscribe(writer)
        stop_listening = self._watch.on_checked(writer.checked)

        def detach() -> None:
            unsubscribe()
            stop_listening()

        self._status_detach = detach

    # ------------------------------------------------------------ loading

    async def open(self, workspace_id: str | None = None) -> None:
        """Load the user, workspaces, catalog and the current week."""
        self._notices.start()  # what a read skips is said on the status line, once
        await self._loader.open(workspace_id)
        if self._changes is not None:
            self._changes.start()

    async def stop_watching(self) -> None:
        """No more checks for other processes' changes (the store is being closed)."""
        self._notices.stop()
        if self._changes is not None:
            await self._changes.stop()

    async def refresh_catalog(self) -> None:
        await self._loader.refresh_catalog()

    async def load_week(self, first: date) -> None:
        """Show the week starting ``first``; a later call wins over an earlier one."""
        await self._loader.load_week(first)

    async def shift_week(self, weeks: int) -> None:
        await self._loader.shift_week(weeks)

    async def this_week(self) -> None:
        await self._loader.this_week()

    async def reload(self) -> None:
        await self._loader.reload()

    async def switch_workspace(self, workspace_id: str) -> None:
        await self._loader.switch_workspace(workspace_id)

    # ------------------------------------------------------------ rows and entries

    def add_row(self, key: RowKey) -> None:
        self._entries.add_row(key)

    async def add_picked_row(self, choice: RowChoice) -> RowKey | None:
        """Add a row from the picker, creating the client, project or task it names."""
        key = choice.key if choice.key is not None else await self._catalog.create_row(choice)
        if key is not None:
            self._entries.add_row(key)
        return key

    async def set_cell(self, key: RowKey, day_index: int, seconds: int) -> bool:
        """Make one cell hold ``seconds``; False (and a message) when it cannot be done."""
        return await self._entries.set_cell(key, day_index, seconds)

    async def set_cells(self, key: RowKey, seconds_by_day: Mapping[int, int]) -> bool:
        """Several cells of one row as one undoable step (a pasted row of values)."""
        return await self._entries.set_cells(key, seconds_by_day)

    async def adjust_cell(self, key: RowKey, day_index: int, delta: int) -> bool:
        """Add ``delta`` seconds (``+15m``; negative takes off) to what the cell holds."""
        return await self._entries.adjust_cell(key, day_index, delta)

    async def delete_row(self, key: RowKey) -> bool:
        return await self._entries.delete_row(key)

    async def copy_last_week(self, with_hours: bool) -> bool:
        return await self._entries.copy_last_week(with_hours)

    async def create_entry(self, fields: EntryFields) -> bool:
        return await self._entries.create_entry(fields)

    async def update_entry(self, before: TimeEntry, after: TimeEntry) -> bool:
        return await self._entries.update_entry(before, after)

    async def delete_entry(self, entry: TimeEntry) -> bool:
        return await self._entries.delete_entry(entry)

    async def undo(self) -> bool:
        return await self._writes.undo()

    async def redo(self) -> bool:
        return await self._writes.redo()

    @property
    def replayed_cell(self) -> tuple[RowKey, date] | None:
        """The first cell the last undo or redo changed (its row and day), if any."""
        return self._writes.replayed_cell

    # ------------------------------------------------------------ the catalog

    async def ensure_tags(self, names: Iterable[str]) -> tuple[str, ...]:
        """Ids for tag names, creating the ones that do not exist yet."""
        return await self._catalog.ensure_tags(names)

    async def create_workspace(self, name: str) -> Workspace | None:
        return await self._catalog.create_workspace(name)

    async def rename_workspace(self, workspace_id: str, name: str) -> Workspace | None:
        return await self._catalog.rename_workspace(workspace_id, name)

    async def create_client(self, name: str) -> Client | None:
        return await self._catalog.create_client(name)

    async def update_client(self, client: Client) -> Client | None:
        return await self._catalog.update_client(client)

    async def create_project(
        self,
        name: str,
        client_id: str | None = None,
        color: str | None = None,
        billable: bool = False,
    ) -> Project | None:
        return await self._catalog.create_project(name, client_id, color, billable)

    async def update_project(self, project: Project) -> Project | None:
        return await self._catalog.update_project(project)

    async def create_task(self, project_id: str, name: str) -> Task | None:
        return await self._catalog.create_task(project_id, name)

    async def update_task(self, task: Task) -> Task | None:
        return await self._catalog.update_task(task)

    async def create_tag(self, name: str) -> Tag | None:
        return await self._catalog.create_tag(name)

    async def update_tag(self, tag: Tag) -> Tag | None:
        return await self._catalog.update_tag(tag)

    # ------------------------------------------------------------ the running timer

    def server_now(self) -> datetime:
        """Now on the server's clock."""
        return self._watch.server_now()

    @property
    def clock_offset(self) -> float:
        return self._watch.clock_offset

    def running_elapsed(self, at: datetime | None = None) -> int:
        return self._watch.running_elapsed(at)

    async def poll_timer(self) -> float:
        """Ask the backend what is running; reload the week if that changed elsewhere.
        Returns the seconds until the next check (longer while the backend is unreachable)."""
        return await self._watch.poll_timer()

    async def start_timer(
        self, fields: EntryFields, *, at: datetime | None = None
    ) -> TimeEntry | None:
        """Start ``fields`` (its start and end are ignored) at ``at`` or now. A running timer
        is stopped at the same second: a switch."""
        return await self._timer.start_timer(fields, at=at)

    def row_template(self, key: RowKey) -> EntryFields:
        return self._timer.row_template(key)

    async def start_on_row(self, key: RowKey) -> TimeEntry | None:
        return await self._timer.start_on_row(key)

    async def start_from_choice(self, choice: RowChoice) -> TimeEntry | None:
        return await self._timer.start_from_choice(choice)

    async def recent_entries(self) -> list[TimeEntry]:
        """The last distinct pieces of work (up to 10, newest first) to continue."""
        return await self._timer.recent_entries()

    async def continue_recent(self, number: int, *, at: datetime | None = None) -> TimeEntry | None:
        return await self._timer.continue_recent(number, at=at)

    async def continue_entry(self, entry: EntryFields) -> TimeEntry | None:
        return await self._timer.continue_entry(entry)

    async def stop_timer(self, *, at: datetime | None = None) -> TimeEntry | None:
        """Stop the running entry at ``at`` or now; the finished entry, or None."""
        return await self._timer.stop_timer(at=at)

    async def edit_running(self, **changes: Any) -> TimeEntry | None:
        """Change the running entry's ``description``, ``project_id``/``task_id``,
        ``tag_ids``, ``billable`` or ``start``."""
        return await self._timer.edit_running(**changes)

    async def resolve_idle(
        self, choice: IdleChoice, idle_from: datetime, back_at: datetime
    ) -> bool:
        """Keep, discard or split off the idle part of the running entry."""
        return await self._timer.resolve_idle(choice, idle_from, back_at)
