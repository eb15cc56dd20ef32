"""Reads served from the replica: at once when it holds the answer (then refreshed from the
service in the background), else from the service, kept for next time.

``first`` (the TUI) answers from the replica whenever it can, so a warm start paints with no
network round trip; ``fallback`` (the CLI, which prints once and exits) asks the service and
answers from the replica only when the service cannot be reached.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, Literal, TypeVar

from tui.backends.errors import AuthError, BackendError, OfflineError, RateLimitedError
from tui.backends.replica import tables
from tui.backends.replica.db import ReplicaDb
from tui.backends.replica.schema import is_local_id
from tui.domain.models import TimeEntry

R = TypeVar("R")
F = TypeVar("F")
ReadMode = Literal["first", "fallback"]
UNREACHABLE = (OfflineError, RateLimitedError)
"""The service did not answer: the replica answers instead, where it can."""


def unreachable(err: BackendError) -> bool:
    return isinstance(err, UNREACHABLE) or (
        type(err) is BackendError and not isinstance(err, AuthError)
    )


class Reads:
    """The replica's half of every read, and the background refreshes."""

    def __init__(
        self,
        db: ReplicaDb,
        *,
        mode: ReadMode,
        clock: Callable[[], float],
        refresh_after: float,
        on_heard: Callable[[bool], None],
        sends: Callable[[], int],
        lock: asyncio.Lock,
        delay: float = 0.0,
    ) -> None:
        self.db = db
        self.mode = mode
        self._clock = clock
        self._refresh_after = refresh_after
        self._on_heard = on_heard
        """Called after the service answered (True) or could not be reached (False)."""
        self._sends = sends
        self._lock = lock
        self._last: dict[str, float] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        self.delay = delay
        """Seconds a background refresh waits before it asks: the answer from disk paints
        first, with no request in flight before it."""
        self._go: asyncio.Event | None = None
        self.changed = 0
        """Bumped whenever a refresh changed what the replica holds."""

    async def cached(
        self,
        key: str,
        load: Callable[[sqlite3.Connection], R | None],
        fetch: Callable[[], Awaitable[F]],
        save: Callable[[sqlite3.Connection, F], bool],
    ) -> R:
        """``load`` from the replica, ``fetch`` from the service and ``save`` into the
        replica (True when that changed anything); the answer is the replica's after that,
        which carries the local intent of changes still waiting."""
        held = await self.db.read(load)
        if held is not None and self.mode == "first":
            self.refresh_soon(key, fetch, save)
            return held
        sends = self._sends()
        try:
            fresh = await fetch()
        except BackendError as err:
            if held is not None and unreachable(err):
                self._on_heard(False)
                return held
            raise
        self._on_heard(True)
        async with self._lock:  # never between a send and the record of its answer
            if sends == self._sends():
                self._last[key] = self._clock()
                await self.db.write(lambda conn: save(conn, fresh))
            else:
                # A change landed while we read: the answer may predate it, and merged
                # it would drop what was just sent. Ask again, now that it has landed.
                fresh = await fetch()
                self._last[key] = self._clock()
                await self.db.write(lambda conn: save(conn, fresh))
        again = await self.db.read(load)
        if again is None:
            raise BackendError("The local copy lost what it was just given.")
        return again

    def refresh_soon(
        self,
        key: str,
        fetch: Callable[[], Awaitable[F]],
        save: Callable[[sqlite3.Connection, F], bool],
    ) -> None:
        now = self._clock()
        if now - self._last.get(key, float("-inf")) < self._refresh_after:
            return
        self._last[key] = now
        task = asyncio.get_running_loop().create_task(self._refresh(fetch, save))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _refresh(
        self, fetch: Callable[[], Awaitable[F]], save: Callable[[sqlite3.Connection, F], bool]
    ) -> None:
        if self.delay > 0:
            if self._go is None:
                self._go = asyncio.Event()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._go.wait(), self.delay)
        sends = self._sends()
        try:
            fresh = await fetch()
        except BackendError:
            self._on_heard(False)
            return
        async with self._lock:  # never between a send and the record of its answer
            if sends != self._sends():
                return  # a change landed meanwhile: what was read may predate it
            changed = await self.db.write(lambda conn: save(conn, fresh))
        self._on_heard(True)
        if changed:
            self.changed += 1

    async def settle(self) -> None:
        """Start the refreshes that wait, and wait for them (tests and benches)."""
        if self._go is None:
            self._go = asyncio.Event()
        self._go.set()
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    def cancel(self) -> None:
        for task in list(self._tasks):
            task.cancel()


def merge_window(
    conn: sqlite3.Connection,
    ws: str,
    start: datetime,
    end: datetime,
    theirs: list[TimeEntry],
    at: float,
) -> bool:
    """Make the replica's window say what the service said, but for entries with changes
    still waiting (their local intent stays). True when anything changed."""
    pending = tables.pending_ids(conn)
    listed = {e.id: e for e in theirs}
    changed = False
    for mine in tables.entries_in(conn, ws, start, end):
        if mine.id in listed or mine.id in pending or is_local_id(mine.id):
            continue
        tables.drop_entry(conn, mine.id)
        changed = True
    for entry in theirs:
        if entry.id in pending:
            continue
        held = tables.get_entry(conn, entry.id)
        if held is None or held != entry:
            tables.put_entry(conn, entry)
            changed = True
    tables.add_span(conn, ws, start, end, at)
    return changed


def merge_running(conn: sqlite3.Connection, ws: str, theirs: TimeEntry | None) -> list[TimeEntry]:
    """Put the service's running entry in; the replica's other running entries (not
    waiting to be sent) were stopped or deleted elsewhere: they are dropped and returned, so
    their window can be read again."""
    pending = tables.pending_ids(conn)
    stale: list[TimeEntry] = []
    held = tables.running(conn, ws)
    while held is not None and (theirs is None or held.id != theirs.id):
        if held.id in pending or is_local_id(held.id):
            break
        tables.drop_entry(conn, held.id)
        stale.append(held)
        held = tables.running(conn, ws)
    if theirs is not None and theirs.id not in pending:
        tables.put_entry(conn, theirs)
    tables.set_meta(conn, f"running:{ws}", True)
    return stale
