"""One connection to the replica file, used off the event loop: each call is one
transaction (``BEGIN IMMEDIATE`` for a write, so a check made inside it still holds when it
commits), run in a worker thread behind a lock."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from tui.backends.errors import BackendError
from tui.backends.replica import schema
from tui.backends.sqlite_tx import in_transaction

T = TypeVar("T")


class ReplicaDb:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        try:
            self._conn: sqlite3.Connection | None = schema.connect(path)
        except (sqlite3.Error, OSError) as err:
            raise BackendError(f"The local copy {path} cannot be opened: {err}") from None

    def run(self, work: Callable[[sqlite3.Connection], T], *, write: bool) -> T:
        with self._lock:
            conn = self._conn
            if conn is None:
                raise BackendError("The local copy is already closed.")
            try:
                return in_transaction(conn, work, write=write)
            except sqlite3.Error as err:
                raise BackendError(f"The local copy {self.path} failed: {err}") from None

    async def read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        return await asyncio.to_thread(self.run, work, write=False)

    async def write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        return await asyncio.to_thread(self.run, work, write=True)

    def data_version(self) -> int:
        """Moves when another connection (another process) commits to the file: SQLite's
        ``PRAGMA data_version``, which costs no I/O beyond the WAL's shared memory."""
        with self._lock:
            if self._conn is None:
                return -1
            return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
