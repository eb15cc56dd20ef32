"""Follows a journaled backend (a remote service behind its replica) into the snapshot: the
sync state and the count of waiting changes for the status line, the entries with unsent
changes for the grid's marks, the refused changes, how fresh the replica is; the ids the
service gave entries created offline, into the store's aliases (so undo steps and screens
holding a local id reach the saved entry); and a fresh read of the week when the replica
changed under the store (a background refresh from the service, another process)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from tui.backends.base import Backend
from tui.backends.changes import Journaled, SyncReport
from tui.domain.models import TimeEntry
from tui.store.local_ids import IdAliases
from tui.store.publisher import Publisher

LoadWeek = Callable[[date], Awaitable[None]]


class SyncWatch:
    def __init__(
        self,
        backend: Backend,
        publisher: Publisher,
        aliases: IdAliases,
        *,
        load_week: LoadWeek,
        refresh_catalog: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self._publisher = publisher
        self._aliases = aliases
        self._load_week = load_week
        self._refresh_catalog = refresh_catalog
        self._catalog_stale = False
        self._resolved_seen = 0
        self._revision: int | None = None
        self._reloads: set[asyncio.Task[None]] = set()
        self.stop: Callable[[], None] = lambda: None
        if isinstance(backend, Journaled):
            self.stop = backend.on_sync_change(self.observe)
            self.observe(backend.sync_report())

    def observe(self, report: SyncReport) -> None:
        snap = self._publisher.snapshot
        changes: dict[str, Any] = {}
        fresh = report.resolved_ids[self._resolved_seen :]
        self._resolved_seen = len(report.resolved_ids)
        if fresh:
            for local, server in fresh:
                self._aliases.alias(local, server)
            renamed = dict(fresh)
            if any(e.id in renamed for e in snap.entries):
                changes["entries"] = tuple(_renamed(e, renamed) for e in snap.entries)
            if snap.running is not None and snap.running.id in renamed:
                changes["running"] = _renamed(snap.running, renamed)
            # A client, project, task or tag made offline has its service id now: the
            # catalog is read again (from the replica) with the week.
            self._catalog_stale = (
                any(local in _catalog_ids(snap) for local, _ in fresh) or self._catalog_stale
            )
        self._publisher.publish(
            sync=report.state,
            pending_writes=report.waiting + len(report.failed),
            unsent_ids=report.unsent_ids,
            failed=report.failed,
            fresh_as_of=report.fresh_as_of,
            **changes,
        )
        moved = self._revision is not None and report.revision != self._revision
        self._revision = report.revision
        if (moved or self._catalog_stale) and snap.workspace is not None and not snap.loading:
            self._reload(snap.week)

    def _reload(self, week: date) -> None:
        """Read the week again, from the replica (cheap: no network)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        task = loop.create_task(self._reload_now(week))
        self._reloads.add(task)
        task.add_done_callback(self._reloads.discard)

    async def _reload_now(self, week: date) -> None:
        if self._catalog_stale and self._refresh_catalog is not None:
            self._catalog_stale = False
            await self._refresh_catalog()
        await self._load_week(week)


def _catalog_ids(snap: Any) -> set[str]:
    return (
        {c.id for c in snap.clients}
        | {p.id for p in snap.projects}
        | {t.id for t in snap.tasks}
        | {t.id for t in snap.tags}
    )


def _renamed(entry: TimeEntry, renamed: dict[str, str]) -> TimeEntry:
    server = renamed.get(entry.id)
    return entry if server is None else entry.replace(id=server)
