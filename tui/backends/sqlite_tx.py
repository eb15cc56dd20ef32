"""One transaction on a SQLite connection, for the embedded store and the replica alike."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def in_transaction(
    conn: sqlite3.Connection, work: Callable[[sqlite3.Connection], T], *, write: bool
) -> T:
    """``work`` inside one transaction, committed when it returns and rolled back when it
    raises. IMMEDIATE takes the write lock up front, so checks made inside still hold when it
    commits (two processes serialise); reads get one consistent snapshot."""
    conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
    try:
        result = work(conn)
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return result


def use_wal(conn: sqlite3.Connection, *, within: float = 5.0) -> None:
    """Put the file in WAL mode, waiting out another process doing the same.

    Switching a new file to WAL needs it alone for a moment, and when two processes open it
    together SQLite answers "database is locked" at once instead of calling the busy handler
    (seen here: three processes opening one new file together, about one try in twelve).
    So the switch is tried again for up to ``within`` seconds; a file already in WAL mode
    needs no switch at all."""
    deadline = time.monotonic() + within
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
                return
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or time.monotonic() >= deadline:
                raise
        time.sleep(0.01)
