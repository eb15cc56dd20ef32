"""Reading what the screens show: the user, workspaces, catalog and one week of entries.

A later week load wins over an earlier one still in flight (the user has moved on), and a
load waits for our own writes in flight, so it never reads a state they are about to change.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from tui.backends.base import Backend, OpeningNote, offers_timesheets, terms, workspace_rules
from tui.backends.errors import BackendError
from tui.domain.models import TimeEntry
from tui.domain.timesheet import Catalog
from tui.domain.weeks import local_date, shift_week, week_bounds, week_start_date
from tui.store.publisher import Publisher
from tui.store.week_extras import WeekExtrasReader

Recall = Callable[[], Awaitable[str | None]]
"""The workspace to open when none is asked for (the remembered one), or None."""


class WeekLoader:
    def __init__(
        self,
        backend: Backend,
        publisher: Publisher,
        *,
        machine_tz: ZoneInfo,
        write_lock: asyncio.Lock,
        recall: Recall | None = None,
    ) -> None:
        self.backend = backend
        self._publisher = publisher
        self._machine_tz = machine_tz
        self._write_lock = write_lock
        self._recall = recall
        self._load_token = 0
        self._extras = WeekExtrasReader(backend)

    async def open(self, workspace_id: str | None = None) -> None:
        """Load the user, workspaces, catalog and the current week."""
        publisher = self._publisher
        try:
            user, workspaces = await asyncio.gather(
                self.backend.get_user(), self.backend.list_workspaces()
            )
        except BackendError as err:
            publisher.publish(loading=False, message=str(err), severity="error")
            return
        snap = publisher.snapshot
        tz = ZoneInfo(user.timezone) if user.timezone else snap.tz
        week_start_day = user.week_start if user.week_start is not None else snap.week_start_day
        note = ""
        if tz.key != self._machine_tz.key:
            note = f"Times in {tz.key} (this machine: {self._machine_tz.key})"
        if workspace_id is None and self._recall is not None:
            workspace_id = await self._recall()
        chosen = next((w for w in workspaces if w.id == workspace_id), None)
        chosen = chosen or (workspaces[0] if workspaces else None)
        today = local_date(publisher.now(), tz)
        publisher.publish(
            user=user,
            workspaces=tuple(workspaces),
            workspace=chosen,
            tz=tz,
            week_start_day=week_start_day,
            week=week_start_date(today, week_start_day),
            timezone_note=note,
        )
        await self.refresh_catalog()
        await self.load_week(publisher.snapshot.week)
        # What the user should know about the data itself (it can only be read), unless a
        # failure is being said.
        note = self.backend.opening_note() if isinstance(self.backend, OpeningNote) else ""
        if note and publisher.snapshot.severity != "error":
            publisher.say(note, "warning")

    async def refresh_catalog(self) -> None:
        ws = self._publisher.workspace_id()
        try:
            (clients, projects, tasks, tags, rules), (timesheets, words) = await asyncio.gather(
                asyncio.gather(
                    self.backend.list_clients(ws),
                    self.backend.list_projects(ws),
                    self.backend.list_tasks(ws, None),
                    self.backend.list_tags(ws),
                    workspace_rules(self.backend, ws),
                ),
                asyncio.gather(offers_timesheets(self.backend, ws), terms(self.backend, ws)),
            )
        except BackendError as err:
            self._publisher.say(str(err), "error")
            return
        catalog = Catalog(
            clients={c.id: c for c in clients},
            projects={p.id: p for p in projects},
            tasks={t.id: t for t in tasks},
        )
        self._publisher.publish(
            clients=tuple(clients),
            projects=tuple(projects),
            tasks=tuple(tasks),
            tags=tuple(tags),
            catalog=catalog,
            rules=rules,
            # Timesheets can be a workspace's (Clockify's approvals), not the backend's.
            capabilities=replace(
                self._publisher.snapshot.capabilities, submit_timesheet=timesheets
            ),
            terms=words,
        )

    async def load_week(self, first: date) -> None:
        """Show the week starting ``first``; a later call wins over an earlier one."""
        publisher = self._publisher
        self._load_token += 1
        token = self._load_token
        ws = publisher.workspace_id()
        # Show the new week's frame at once so the cursor and header move with the key.
        if first != publisher.snapshot.week:
            # The running timer belongs to no week: it stays on the bar while the week loads.
            publisher.publish(week=first, entries=(), periods=(), time_off=(), loading=True)
        else:
            publisher.publish(loading=True)
        async with self._write_lock:  # never read while our own writes are in flight
            try:
                start, end = week_bounds(first, publisher.snapshot.tz)
                last = first + timedelta(days=6)
                entries, running, (periods, time_off) = await asyncio.gather(
                    self.backend.list_entries(ws, start, end),
                    self.backend.running_entry(ws),
                    self._extras.read(
                        ws, first, last, periods=publisher.snapshot.capabilities.submit_timesheet
                    ),
                )
            except BackendError as err:
                if token == self._load_token:
                    publisher.publish(loading=False, message=str(err), severity="error")
                return
        if token != self._load_token:
            return  # the user has moved on; this answer is stale
        publisher.publish(
            week=first,
            entries=tuple(entries),
            running=running,
            periods=periods,
            time_off=time_off,
            loading=False,
        )

    async def read_week(self, first: date) -> list[TimeEntry]:
        """The week's entries as the backend holds them now (the running one included).
        Takes no lock: the write path calls it while it holds the write lock."""
        start, end = week_bounds(first, self._publisher.snapshot.tz)
        return await self.backend.list_entries(self._publisher.workspace_id(), start, end)

    async def show_fresh(self, first: date) -> list[TimeEntry]:
        """Read week ``first`` again (the caller holds the write lock) and show it when it is
        still the shown week; the entries read."""
        ws = self._publisher.workspace_id()
        entries, running = await asyncio.gather(
            self.read_week(first), self.backend.running_entry(ws)
        )
        if self._publisher.snapshot.week == first:
            self._publisher.publish(entries=tuple(entries), running=running)
        return entries

    async def follow_elsewhere(self) -> None:
        """Another process changed the data: the catalog and the shown week again, quietly
        (no "loading…": the grid stays as it is until the fresh week replaces it)."""
        await self.refresh_catalog()
        async with self._write_lock:
            try:
                await self.show_fresh(self._publisher.snapshot.week)
            except BackendError as err:
                self._publisher.say(str(err), "error")

    async def shift_week(self, weeks: int) -> None:
        await self.load_week(shift_week(self._publisher.snapshot.week, weeks))

    async def this_week(self) -> None:
        snap = self._publisher.snapshot
        today = local_date(self._publisher.now(), snap.tz)
        await self.load_week(week_start_date(today, snap.week_start_day))

    async def reload(self) -> None:
        await self.refresh_catalog()
        await self.load_week(self._publisher.snapshot.week)

    async def switch_workspace(self, workspace_id: str) -> None:
        snap = self._publisher.snapshot
        chosen = next((w for w in snap.workspaces if w.id == workspace_id), None)
        if chosen is None:
            self._publisher.say("That workspace no longer exists", "error")
            return
        self._publisher.publish(workspace=chosen, entries=(), running=None)
        await self.reload()
