"""The caching wrapper: any remote backend behind a local replica and a durable journal.

Reads come from the replica (see ``reads.py``). Every entry change is recorded in the
replica and in the journal in one committed transaction (:meth:`apply_changes`), then sent in
order by a background task (``sender.py``) whenever the service answers. The plain
``create_entry``/``update_entry``/``delete_entry`` of the core protocol journal the same way
and then try to send at once, so a caller that expects the service's answer (the CLI, the
contract suite) gets it — its id, or its refusal — while the service is reachable, and the
local result when it is not.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tui.backends.base import Backend, ChecksFromCache
from tui.backends.changes import EntryChange, StaleChanges, SyncReport
from tui.backends.errors import BackendError, ConflictError
from tui.backends.replica import catalog_journal, tables
from tui.backends.replica.db import ReplicaDb
from tui.backends.replica.reads import ReadMode, Reads, merge_running, merge_window
from tui.backends.replica.schema import is_local_id, new_local_id, same
from tui.backends.replica.sender import SETTLE, Sender, precheck
from tui.backends.replica.sync_loop import SyncLoop
from tui.backends.replica.unseen import unseen
from tui.domain.models import (
    Client,
    EntryFields,
    Project,
    Tag,
    Task,
    TimeEntry,
    User,
    Workspace,
)

_SECOND = timedelta(seconds=1)


class ReplicaBackend(SyncLoop):
    def __init__(
        self,
        inner: Backend,
        path: Path,
        *,
        reads: ReadMode = "first",
        clock: Callable[[], float] = time.time,
        refresh_after: float = 5.0,
        backoff: tuple[float, float] = (1.0, 30.0),
        poll: float = 1.0,
        name: str | None = None,
        settle: float = SETTLE,
        refresh_delay: float = 1.0,
    ) -> None:
        self.inner = inner
        self.name: str = name or inner.name
        self.capabilities = inner.capabilities
        self.path = path
        self._db = ReplicaDb(path)
        self._clock = clock
        self._lock = asyncio.Lock()
        """Held while changes are sent; a refresh records what it read only outside it."""
        self._sender = Sender(
            self._db,
            inner,
            clock=clock,
            heard=lambda: self._heard(True),
            settle=settle,
        )
        self._reads = Reads(
            self._db,
            mode=reads,
            clock=clock,
            refresh_after=refresh_after,
            on_heard=self._heard,
            sends=lambda: self._sender.sends,
            lock=self._lock,
            delay=refresh_delay,
        )
        self._backoff = backoff
        self._delay = backoff[0]
        self._retry_at = 0.0
        self._poll = poll
        self._offline = False
        self._reason = ""
        self._heard_at: float | None = None
        self._heard_saved: float | None = None
        self._resolved: list[tuple[str, str]] = []
        self._errors: dict[int, BackendError] = {}
        self._callbacks: list[Callable[[SyncReport], None]] = []
        self._report = SyncReport()
        self._elsewhere = 0
        self._seen_version = self._db.data_version()
        self._watch = (self._seen_version, 0)
        self._wake: asyncio.Event | None = None
        self._loop_task: asyncio.Task[None] | None = None
        self._closed = False
        # What waits is known at once (`punch sync --failed`, the first frame's bar).
        rows, items, heard = self._db.run(
            lambda conn: (
                tables.rows(conn),
                catalog_journal.waiting_items(conn),
                tables.meta(conn, "heard"),
            ),
            write=False,
        )
        self._publish(rows, items, float(heard) if heard is not None else None)

    def __repr__(self) -> str:
        return f"ReplicaBackend({self.inner!r})"

    # ------------------------------------------------------------ user, workspaces, catalog

    async def get_user(self) -> User:
        self._start()
        return await self._reads.cached(
            "user",
            lambda conn: _model(User, tables.meta(conn, "user")),
            self.inner.get_user,
            lambda conn, user: tables.set_meta(conn, "user", user.as_dict()),
        )

    async def list_workspaces(self) -> list[Workspace]:
        self._start()
        return await self._reads.cached(
            "workspaces",
            lambda conn: _models(Workspace, tables.meta(conn, "workspaces")),
            self.inner.list_workspaces,
            lambda conn, found: tables.set_meta(conn, "workspaces", [w.as_dict() for w in found]),
        )

    async def _catalog(self, ws: str, kind: str, model: type[Any], fetch: Any) -> Any:
        return await self._reads.cached(
            f"{kind}:{ws}",
            lambda conn: _models(model, tables.catalog(conn, ws, kind)),
            fetch,
            lambda conn, found: tables.set_catalog(
                conn,
                ws,
                kind,
                [i.as_dict() for i in found] + catalog_journal.unsent_items(conn, ws, kind),
            ),
        )

    async def list_clients(self, workspace_id: str) -> list[Client]:
        fetch = lambda: self.inner.list_clients(workspace_id)  # noqa: E731
        found: list[Client] = await self._catalog(workspace_id, "client", Client, fetch)
        return found

    async def list_projects(self, workspace_id: str) -> list[Project]:
        fetch = lambda: self.inner.list_projects(workspace_id)  # noqa: E731
        found: list[Project] = await self._catalog(workspace_id, "project", Project, fetch)
        return found

    async def list_tasks(self, workspace_id: str, project_id: str | None = None) -> list[Task]:
        fetch = lambda: self.inner.list_tasks(workspace_id, None)  # noqa: E731
        found: list[Task] = await self._catalog(workspace_id, "task", Task, fetch)
        return [t for t in found if project_id in (None, t.project_id)]

    async def list_tags(self, workspace_id: str) -> list[Tag]:
        fetch = lambda: self.inner.list_tags(workspace_id)  # noqa: E731
        found: list[Tag] = await self._catalog(workspace_id, "tag", Tag, fetch)
        return found

    # ------------------------------------------------------------ entries: reads

    async def list_entries(
        self, workspace_id: str, start: datetime, end: datetime
    ) -> list[TimeEntry]:
        self._start()
        if start >= end:
            return []

        def load(conn: sqlite3.Connection) -> list[TimeEntry] | None:
            if tables.span_fetched(conn, workspace_id, start, end) is None:
                return None
            return tables.entries_in(conn, workspace_id, start, end)

        def save(conn: sqlite3.Connection, theirs: list[TimeEntry]) -> bool:
            return merge_window(conn, workspace_id, start, end, theirs, self._clock())

        return await self._reads.cached(
            f"entries:{workspace_id}:{start.isoformat()}:{end.isoformat()}",
            load,
            lambda: self.inner.list_entries(workspace_id, start, end),
            save,
        )

    async def running_entry(self, workspace_id: str) -> TimeEntry | None:
        self._start()
        ws = workspace_id

        def load(conn: sqlite3.Connection) -> tuple[TimeEntry | None] | None:
            if tables.meta(conn, f"running:{ws}") is None:
                return None
            return (tables.running(conn, ws),)

        async def fetch() -> tuple[TimeEntry | None, list[TimeEntry], datetime, datetime]:
            held = await self._db.read(lambda conn: tables.running(conn, ws))
            theirs = await self.inner.running_entry(ws)
            if held is None or (theirs is not None and theirs.id == held.id):
                return theirs, [], datetime.now(UTC), datetime.now(UTC)
            # Ours stopped elsewhere: its window says how it ended.
            lo, hi = held.start, max(datetime.now(UTC), held.start) + _SECOND
            return theirs, await self.inner.list_entries(ws, lo, hi), lo, hi

        def save(
            conn: sqlite3.Connection,
            got: tuple[TimeEntry | None, list[TimeEntry], datetime, datetime],
        ) -> bool:
            theirs, window, lo, hi = got
            before = tables.running(conn, ws)
            stale = merge_running(conn, ws, theirs)
            changed = bool(stale) or before != tables.running(conn, ws)
            if window:
                changed = merge_window(conn, ws, lo, hi, window, self._clock()) or changed
            return changed

        held = await self._reads.cached(f"running:{ws}", load, fetch, save)
        return held[0]

    # ------------------------------------------------------------ entries: changes

    async def apply_changes(
        self, workspace_id: str, changes: Sequence[EntryChange]
    ) -> list[TimeEntry | None]:
        return await self._apply(workspace_id, changes, ())

    async def apply_changes_within(
        self,
        workspace_id: str,
        changes: Sequence[EntryChange],
        windows: Sequence[tuple[datetime, datetime]],
    ) -> list[TimeEntry | None]:
        return await self._apply(workspace_id, changes, windows)

    async def _apply(
        self,
        workspace_id: str,
        changes: Sequence[EntryChange],
        windows: Sequence[tuple[datetime, datetime]] | None,
    ) -> list[TimeEntry | None]:
        """``windows`` None: a plain create/update/delete of the core protocol, which says
        what to write rather than what it was planned on, so only its ``before`` is checked."""
        self._start()
        offline = self._offline and self._clock() < self._retry_at
        if not offline or isinstance(self, ChecksFromCache):  # that one needs no service
            await precheck(self.inner, workspace_id, changes)
        at = self._clock()
        ws = workspace_id

        def run(conn: sqlite3.Connection) -> list[TimeEntry | None]:
            out: list[TimeEntry | None] = []
            stale = [] if windows is None else unseen(conn, ws, changes, windows)
            made_as: dict[str, str] = {}  # the id a create was planned under -> its id here
            for before, planned in changes:
                # Items made offline and made on the service since go by the service's ids.
                after = None if planned is None else catalog_journal.with_server_refs(conn, planned)
                if before is None:
                    assert after is not None, "a change needs a before or an after"
                    made = after.replace(id=_create_id(conn, after), workspace_id=ws)
                    made_as[after.id] = made.id
                    if made.end is None:
                        _stop_running(conn, ws, made.start, at)
                    tables.put_entry(conn, made)
                    tables.append(conn, ws, None, made, at)
                    out.append(made)
                    continue
                rid = made_as.get(before.id) or tables.resolve(conn, before.id)
                current = tables.get_entry(conn, rid)
                if current is not None and after is not None and same(current, after):
                    out.append(current)  # named unchanged: checked, nothing to send
                    continue
                if current is None or not same(current, before):
                    stale.append(before.id)
                    out.append(None)
                    continue
                if after is None:
                    tables.drop_entry(conn, rid)
                    tables.append(conn, ws, current, None, at)
                    out.append(None)
                    continue
                new = after.replace(id=rid, workspace_id=current.workspace_id)
                new = new.replace(locked=current.locked)
                tables.put_entry(conn, new)
                tables.append(conn, ws, current, new, at)
                out.append(new)
            if stale:
                raise StaleChanges(
                    "Changed meanwhile (in another window or on the service): " + ", ".join(stale),
                    stale,
                )
            return out

        out = await self._db.write(run)
        self._kick()
        await self._update_report()
        return out

    async def create_entry(self, workspace_id: str, fields: EntryFields) -> TimeEntry:
        local = TimeEntry(id=new_local_id(), workspace_id=workspace_id, **fields.entry_fields())
        [made] = await self._apply(workspace_id, [(None, local)], None)
        assert made is not None
        through = await self._through(made.id)
        return through or made

    async def update_entry(self, entry: TimeEntry) -> TimeEntry:
        current = await self._stored(entry.id)
        if current is None:  # never read here: the service decides
            saved = await self.inner.update_entry(entry)
            await self._db.write(lambda conn: tables.put_entry(conn, saved))
            return saved
        [made] = await self._apply(entry.workspace_id, [(current, entry)], None)
        assert made is not None
        return await self._through(made.id) or made

    async def delete_entry(self, workspace_id: str, entry_id: str) -> None:
        current = await self._stored(entry_id)
        if current is None:
            await self.inner.delete_entry(workspace_id, entry_id)
            await self._db.write(lambda conn: tables.drop_entry(conn, entry_id))
            return
        await self._apply(workspace_id, [(current, None)], None)
        await self._through(current.id)

    async def _stored(self, entry_id: str) -> TimeEntry | None:
        return await self._db.read(
            lambda conn: tables.get_entry(conn, tables.resolve(conn, entry_id))
        )

    async def _through(self, entry_id: str) -> TimeEntry | None:
        """Send what waits now, when the service is thought reachable; the entry as the
        service saved it, or None when it still waits (offline, or another process sends).
        A refusal is dropped from the journal and raised, as the service said it."""
        seq = await self._db.read(
            lambda conn: conn.execute(
                "SELECT max(seq) FROM journal WHERE entry_id = ?", (entry_id,)
            ).fetchone()[0]
        )
        if seq is None:
            return None  # it cancelled an unsent change: nothing to send
        if self._offline and self._clock() < self._retry_at:
            return None
        await self._drain_once()
        row = await self._db.read(lambda conn: tables.row(conn, seq))
        if row is None:
            return await self._db.read(
                lambda conn: tables.get_entry(conn, tables.resolve(conn, entry_id))
            )
        if row.failed is None:
            return None
        error = self._errors.pop(seq, None)
        await self.discard(str(seq))
        raise error or ConflictError(f"Not saved: the entry was {row.failed}.")

    async def aclose(self) -> None:
        """Stop sending; a journal that waits and a service that answers get one last
        pass, so a command that exits right after an edit leaves nothing behind needlessly."""
        if self._closed:
            return
        self._closed = True
        self._reads.cancel()
        if self._loop_task is not None:
            self._loop_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, BackendError):
                await self._loop_task
        try:
            waiting = await self._db.read(catalog_journal.anything_to_send)
            if waiting and not self._offline:
                with contextlib.suppress(TimeoutError, BackendError):
                    await asyncio.wait_for(self._drain_once(), 15.0)
        finally:
            with contextlib.suppress(BackendError):
                await self._sender.release()  # a pass cut short must not hold the lease
            await self.inner.aclose()
            self._db.close()

    async def settle(self) -> None:
        """Wait until background refreshes are done (tests and the bench)."""
        await self._reads.settle()


def _model(model: type[Any], data: Any) -> Any:
    return None if data is None else model(**data)


def _models(model: type[Any], data: Any) -> Any:
    return None if data is None else [model(**item) for item in data]


def _create_id(conn: sqlite3.Connection, after: TimeEntry) -> str:
    """A create gets a new local id, except one that undoes an unsent delete: it keeps the
    deleted entry's id (the journal then cancels both)."""
    if is_local_id(after.id):
        return new_local_id()  # the replica's own: the store's planned id stays the store's
    last = conn.execute(
        "SELECT tries, failed, after FROM journal WHERE entry_id = ? ORDER BY seq DESC LIMIT 1",
        (after.id,),
    ).fetchone()
    if last is not None and last[0] == 0 and last[1] is None and last[2] is None:
        return after.id
    return new_local_id()


def _stop_running(conn: sqlite3.Connection, ws: str, start: datetime, at: float) -> None:
    """A new timer stops the running one at the same second, as the services do; journaled
    as a change of its own, so the replica and the service agree whatever order they hear
    of it."""
    held = tables.running(conn, ws)
    while held is not None:
        stopped = held.replace(end=max(start, held.start))
        tables.put_entry(conn, stopped)
        tables.append(conn, ws, held, stopped, at)
        held = tables.running(conn, ws)
