"""The ``Journaled`` part of the wrapper: the sync report and what the user does with a
change the service refused (retry, discard, keep mine / take theirs)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from tui.backends.changes import SyncReport
from tui.backends.errors import NotFoundError
from tui.backends.replica import catalog_journal, tables
from tui.backends.replica.schema import entry_json
from tui.domain.models import TimeEntry

if TYPE_CHECKING:
    from tui.backends.replica.db import ReplicaDb
    from tui.backends.replica.sender import Outcome


class JournalControl:
    _db: ReplicaDb
    _report: SyncReport
    _callbacks: list[Callable[[SyncReport], None]]

    async def _drain_once(self) -> Outcome:
        raise NotImplementedError  # the backend's

    async def _update_report(self) -> None:
        raise NotImplementedError  # the backend's

    def sync_report(self) -> SyncReport:
        return self._report

    def on_sync_change(self, callback: Callable[[SyncReport], None]) -> Callable[[], None]:
        self._callbacks.append(callback)

        def stop() -> None:
            if callback in self._callbacks:
                self._callbacks.remove(callback)

        return stop

    async def drain(self) -> SyncReport:
        """Send what waits now, whatever the back-off says."""
        await self._drain_once()
        return self._report

    async def _failed(self, change_id: str) -> tables.Row:
        try:
            seq = int(change_id)
        except ValueError:
            seq = -1
        row = await self._db.read(lambda conn: tables.row(conn, seq))
        if row is None or row.failed is None:
            raise NotFoundError(
                f"No failed change {change_id!r}; `punch sync --failed` lists them."
            )
        return row

    async def _item(self, change_id: str, act: Callable[[sqlite3.Connection, int], bool]) -> None:
        """Retry or discard an item refused by the service (``c`` and its number)."""
        seq = int(change_id[1:]) if change_id[1:].isdigit() else -1
        if not await self._db.write(lambda conn: act(conn, seq)):
            raise NotFoundError(
                f"No failed change {change_id!r}; `punch sync --failed` lists them."
            )
        await self._update_report()

    async def retry(self, change_id: str) -> None:
        """Send the change again as it was (the replica shows it again meanwhile)."""
        if change_id.startswith("c"):
            await self._item(change_id, catalog_journal.retry)
            await self._drain_once()
            return
        row = await self._failed(change_id)

        def run(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE journal SET failed = NULL, conflict = 0, theirs = NULL WHERE seq = ?",
                (row.seq,),
            )
            _show(conn, row.entry_id, row.after)

        await self._db.write(run)
        await self._drain_once()

    async def discard(self, change_id: str) -> None:
        """Forget the change; the replica already shows the service's version."""
        if change_id.startswith("c"):
            await self._item(change_id, catalog_journal.discard)
            return
        row = await self._failed(change_id)
        await self._db.write(
            lambda conn: conn.execute("DELETE FROM journal WHERE seq = ?", (row.seq,))
        )
        await self._update_report()

    async def resolve(self, change_id: str, keep: Literal["mine", "theirs"]) -> None:
        """A conflict: ``mine`` sends the change over the service's version, ``theirs``
        drops it and keeps the service's."""
        if change_id.startswith("c"):  # an item made offline has no other version
            await (self.discard(change_id) if keep == "theirs" else self.retry(change_id))
            return
        row = await self._failed(change_id)
        if keep == "theirs":
            await self.discard(change_id)
            return

        def run(conn: sqlite3.Connection) -> None:
            if row.after is None and row.theirs is None:
                conn.execute("DELETE FROM journal WHERE seq = ?", (row.seq,))
                return  # mine deletes what is gone already
            # Based on theirs now; gone on the service, mine is made again.
            based = None if row.theirs is None else row.theirs.replace(id=row.entry_id)
            conn.execute(
                "UPDATE journal SET failed = NULL, conflict = 0, theirs = NULL, before = ?, "
                "tries = 0 WHERE seq = ?",
                (entry_json(based), row.seq),
            )
            _show(conn, row.entry_id, row.after)

        await self._db.write(run)
        await self._drain_once()


def _show(conn: sqlite3.Connection, entry_id: str, entry: TimeEntry | None) -> None:
    tables.drop_entry(conn, entry_id)
    if entry is not None:
        tables.put_entry(conn, entry)
