"""One transaction on a SQLite connection, for the embedded store and the replica alike."""

from __future__ import annotations

import sqlite3
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
