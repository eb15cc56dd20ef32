"""One rate limit for every punch process of a profile: the sliding window of
:class:`~tui.backends.pacing.RateLimiter`, kept in a small SQLite file in the data folder.

Each browser tab of `punch serve` is its own punch process, as is every `punch` in a terminal
and every command a status line runs; a service counts their requests together. So the
requests each process sends are written to ``pacing.sqlite3`` (one row from its sending until
its answer, then kept until a window after the answer), and a process takes a slot only when
the rows of every process leave room. One process's burst makes the others wait.

The stamps are ``time.monotonic()``: on Linux, macOS and Windows that clock is the machine's
(since boot), the same in every process, and it never jumps with the wall clock. A row whose
process died before its answer came is dropped (its pid is gone), and any row still "in
flight" after :data:`STALE` seconds too, so a crash never blocks the others for long. The
file holds nothing but stamps; if it cannot be used (a read-only folder, a damaged file) the
limiter falls back to counting this process's requests alone, as before, and says nothing:
pacing must never fail a request.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from tui import locations
from tui.backends.owners import owner_alive
from tui.backends.pacing import RateLimiter
from tui.backends.sqlite_tx import use_wal

STALE = 120.0
"""Seconds after which a request still marked in flight no longer counts: longer than any
request's time-out, so only a process that died or hung leaves one."""
POLL = 0.05
"""Seconds between looks while every counted request is in flight (no answer to wait for)."""
BUSY_TIMEOUT_MS = 5000
_SCHEMA = """
CREATE TABLE IF NOT EXISTS sent (
    scope TEXT NOT NULL, key TEXT NOT NULL, owner TEXT NOT NULL,
    sent REAL NOT NULL, answered REAL
);
CREATE INDEX IF NOT EXISTS sent_by_key ON sent (scope, key);
"""


def pacing_file() -> Path:
    return locations.data_dir() / "pacing.sqlite3"


def rate_limiter(
    limit: int,
    per: float,
    *,
    scope: str,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
) -> RateLimiter:
    """A backend's limiter: shared with the profile's other processes on the machine's clock
    and with real waits; a test's own clock or sleep keeps it to this process, and so does
    ``PUNCHCARD_SHARED_PACING=0``."""
    own = clock is not time.monotonic or sleep is not asyncio.sleep
    if own or os.environ.get("PUNCHCARD_SHARED_PACING", "").strip() == "0":
        return RateLimiter(limit, per, clock=clock, sleep=sleep)
    return SharedRateLimiter(limit, per, path=pacing_file(), scope=scope, sleep=sleep)


class SharedRateLimiter(RateLimiter):
    """At most ``limit`` requests in any window of ``per`` seconds, for each key of
    ``scope``, counted over every process that uses ``path``."""

    def __init__(
        self,
        limit: int,
        per: float,
        *,
        path: Path,
        scope: str,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        super().__init__(limit, per, sleep=sleep)
        self.path = path
        self.scope = scope
        self.owner = f"{os.getpid()}-{os.urandom(4).hex()}"
        self._conn: sqlite3.Connection | None = None
        self._broken = False
        self._db_lock = threading.Lock()
        self._local_locks: dict[Hashable, asyncio.Lock] = {}
        self._local_answers: dict[Hashable, asyncio.Event] = {}

    # ------------------------------------------------------------ what callers use

    async def acquire(self, key: Hashable = None) -> None:
        async with self.slot(key):
            pass

    @asynccontextmanager
    async def slot(self, key: Hashable = None) -> AsyncIterator[None]:
        if self._broken:
            async with super().slot(key):
                yield
            return
        row = await self._take_row(key)
        if row is None:  # the file failed while waiting: this process counts alone now
            async with super().slot(key):
                yield
            return
        try:
            yield
        finally:
            self._answered_now(row)
            self._local_answers.setdefault(key, asyncio.Event()).set()

    # ------------------------------------------------------------ the window, in the file

    async def _take_row(self, key: Hashable) -> int | None:
        """The row of a request that may go now, once the window has room; None if the
        file cannot be used."""
        lock = self._local_locks.setdefault(key, asyncio.Lock())
        answered = self._local_answers.setdefault(key, asyncio.Event())
        name = "" if key is None else str(key)
        async with lock:  # one waiter per key in this process keeps its requests in order
            while True:
                if self._broken:  # given up while this one waited: never back to the file
                    return None
                try:
                    row, wait = await asyncio.to_thread(self._try_take, name)
                except sqlite3.Error:
                    self._give_up()
                    return None
                if row is not None:
                    return row
                answered.clear()
                # Woken early by an answer in this process; another's is seen at the next look.
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(answered.wait(), timeout=wait)

    def _try_take(self, key: str) -> tuple[int | None, float]:
        """One look, in one transaction: a new row when there is room, else how long until
        the oldest answer leaves the window (or :data:`POLL` when none has come yet)."""
        with self._db_lock:
            conn = self._connect()
            now = time.monotonic()
            conn.execute("BEGIN IMMEDIATE")
            try:
                where = "scope = ? AND key = ?"
                conn.execute(
                    f"DELETE FROM sent WHERE {where} AND answered IS NOT NULL AND answered <= ?",
                    (self.scope, key, now - self.per),
                )
                flying = conn.execute(
                    f"SELECT rowid, owner, sent FROM sent WHERE {where} AND answered IS NULL",
                    (self.scope, key),
                ).fetchall()
                gone = [
                    r for r, owner, sent in flying if sent < now - STALE or not owner_alive(owner)
                ]
                conn.executemany("DELETE FROM sent WHERE rowid = ?", [(r,) for r in gone])
                count, oldest = conn.execute(
                    f"SELECT count(*), min(answered) FROM sent WHERE {where}", (self.scope, key)
                ).fetchone()
                if count < self.limit:
                    cursor = conn.execute(
                        "INSERT INTO sent VALUES (?, ?, ?, ?, NULL)",
                        (self.scope, key, self.owner, now),
                    )
                    conn.execute("COMMIT")
                    return cursor.lastrowid, 0.0
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        if oldest is None:
            return None, POLL
        # A sleep may end a hair early: the next look then waits the rest.
        return None, max(0.001, oldest + self.per - now)

    def _answered_now(self, row: int) -> None:
        """The answer came (or the request failed): from now on it counts a window more."""
        if self._broken:
            return
        try:
            with self._db_lock:
                self._connect().execute(
                    "UPDATE sent SET answered = ? WHERE rowid = ?", (time.monotonic(), row)
                )
        except sqlite3.Error:
            self._give_up()

    def _connect(self) -> sqlite3.Connection:
        if self._broken:
            # A row taken after giving up would never be marked answered (see _answered_now)
            # and would hold every process back until it is STALE.
            raise sqlite3.OperationalError("the pacing file was given up")
        if self._conn is None:
            try:
                locations.private_dir(self.path.parent)
            except OSError as err:
                raise sqlite3.OperationalError(str(err)) from None
            conn = sqlite3.connect(
                self.path,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
            try:
                conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                use_wal(conn, within=BUSY_TIMEOUT_MS / 1000)
                # Stamps need no durability: after a crash the window simply starts empty.
                conn.execute("PRAGMA synchronous = OFF")
                conn.executescript(_SCHEMA)
            except BaseException:
                conn.close()
                raise
            self._conn = conn
        return self._conn

    def _give_up(self) -> None:
        """Count alone from now on. This process's rows go first (best effort): left in
        flight, they would hold the other processes back until they are :data:`STALE`."""
        self._broken = True
        with self._db_lock:
            if self._conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.execute("DELETE FROM sent WHERE owner = ?", (self.owner,))
                with contextlib.suppress(sqlite3.Error):
                    self._conn.close()
                self._conn = None

    def close(self) -> None:
        """Let go of the file (the rows of requests answered stay and run out)."""
        with self._db_lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
