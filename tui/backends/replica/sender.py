"""Sending the journal to the service, oldest change first, one process at a time.

Before an update or a delete is sent, the service's version of the entry is read and compared
with the one the change was based on: equal, it is sent; already the change's result, it is
done (an earlier send landed although its answer was lost); anything else is a conflict kept
for the user. A create that was sent before without a clear answer is looked for (an entry
with the same fields, not already claimed) before it is sent again. So a change whose outcome
is unknown is never made twice.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any, Literal, Protocol, runtime_checkable

from tui.backends.base import Backend, ChecksChanges, ForgetsCatalog
from tui.backends.changes import EntryChange
from tui.backends.errors import (
    AuthError,
    BackendError,
    NotFoundError,
    NotSentError,
    OfflineError,
    RateLimitedError,
)
from tui.backends.owners import owner_alive
from tui.backends.replica import catalog_journal, tables
from tui.backends.replica.db import ReplicaDb
from tui.backends.replica.schema import entry_json, is_local_id, same
from tui.backends.replica.tables import Row
from tui.domain.models import TimeEntry

LEASE = 30.0
"""Seconds a sender's claim lasts unless renewed; a killed process's claim runs out."""
_DAY = timedelta(days=1)
_SECOND = timedelta(seconds=1)
PASSING = (OfflineError, RateLimitedError, AuthError)
"""Errors that pass: the service was away, busy, or the login needs renewing."""


def refusal(err: BackendError) -> bool:
    """A typed answer that means "never" (invalid, not found, conflict, forbidden, locked):
    sending again cannot help; the user must change something. A plain ``BackendError`` is
    a 5xx or a page that is not JSON from a proxy: it passes too."""
    return type(err) is not BackendError and not isinstance(err, PASSING)


async def precheck(inner: Backend, workspace_id: str, changes: Sequence[EntryChange]) -> None:
    """The service's refusal of changes it would never take (a day in an approved
    timesheet), raised before the journal keeps them: said at once in the user's words, not
    left failing in the journal. A service that cannot be asked now is not waited for; the
    journal then hears its refusal when it sends."""
    if isinstance(inner, ChecksChanges):
        with contextlib.suppress(*PASSING):
            await inner.check_changes(workspace_id, changes)


SETTLE = 30.0
"""Seconds after an unclear send before the same change is sent again (once a look has not
found it): a slow request can still land after its client stopped waiting."""

Outcome = Literal["done", "offline", "failed", "busy"]


@runtime_checkable
class SendsWritesOnce(Protocol):
    """A backend that can leave the re-sending of an unclear write to the journal."""

    def send_writes_once(self) -> None: ...


class NotYet(OfflineError):
    """An unclear change was not found yet; it is sent again once it has had time to land."""


@dataclass
class Sent:
    """What one pass learnt, for the backend's report."""

    resolved: list[tuple[str, str]]
    errors: dict[int, BackendError]
    last_error: BackendError | None = None


class Sender:
    def __init__(
        self,
        db: ReplicaDb,
        inner: Backend,
        *,
        clock: Callable[[], float] = time.time,
        heard: Callable[[], None] = lambda: None,
        settle: float = SETTLE,
    ) -> None:
        self.db = db
        self.inner = inner
        self.settle = settle
        if isinstance(inner, SendsWritesOnce):
            inner.send_writes_once()
        self.owner = f"{os.getpid()}-{os.urandom(4).hex()}"
        self._clock = clock
        self._heard = heard
        self.sends = 0
        """Sends completed by this process: a refresh that began before one discards what
        it read (the service may have answered it before the change landed)."""

    # ------------------------------------------------------------ the lease

    async def claim(self) -> bool:
        now = self._clock()

        def run(conn: sqlite3.Connection) -> bool:
            held = conn.execute("SELECT owner, until FROM sender WHERE one = 1").fetchone()
            if (
                held is not None
                and held[0] != self.owner
                and held[1] > now
                and owner_alive(held[0])
            ):
                return False
            conn.execute(
                "INSERT OR REPLACE INTO sender VALUES (1, ?, ?)", (self.owner, now + LEASE)
            )
            return True

        return await self.db.write(run)

    async def release(self) -> None:
        await self.db.write(
            lambda conn: conn.execute("DELETE FROM sender WHERE owner = ?", (self.owner,))
        )

    # ------------------------------------------------------------ one pass

    async def drain(self, sent: Sent) -> Outcome:
        """Send until the journal holds nothing sendable; "offline" when the service did not
        answer, "busy" when another process is sending."""
        if not await self.claim():
            return "busy"
        try:
            try:
                await self._send_items(sent)  # before any entry: entries may name them
            except NotSentError as err:
                sent.last_error = err
                return "offline"
            except BackendError as err:
                sent.last_error = err
                return "offline" if not isinstance(err, AuthError) else "failed"
            while True:
                row = await self.db.read(tables.next_to_send)
                if row is None:
                    return "done"
                try:
                    await self._send(row, sent)
                except NotSentError as err:
                    await self._not_sent(row)  # nothing left: no reason to wait before the next
                    sent.last_error = err
                    return "offline"
                except BackendError as err:
                    if refusal(err):
                        await self._refused(row, str(err), None, conflict=False)
                        sent.errors[row.seq] = err
                        if not await self.claim():
                            return "busy"
                        continue
                    # Offline, a time-out, 5xx, 429, an HTML page from a proxy, a lost
                    # login: nothing says "never", so the change waits and is tried again.
                    sent.last_error = err
                    return "offline" if not isinstance(err, AuthError) else "failed"
                else:
                    self._heard()
                if not await self.claim():
                    return "busy"
        finally:
            await self.release()

    async def _send(self, row: Row, sent: Sent) -> None:
        ws = row.ws
        if row.before is None:
            assert row.after is not None
            found = await self._look_for_create(row) if row.tries else None
            if found is None:
                if not await self._tried(row):
                    return
                found = await self.inner.create_entry(ws, row.after.fields())
            await self._done(row, found, sent)
            return
        theirs = await self._server_entry(ws, row.before, row.after)
        if row.after is None:
            if theirs is None:
                await self._done(row, None, sent)  # gone already: an earlier send landed
                return
            if not same(theirs, row.before):
                await self._refused(row, "changed on the service meanwhile", theirs, conflict=True)
                return
            if not await self._tried(row):
                return
            with contextlib.suppress(NotFoundError):  # deleted meanwhile: what it wanted
                await self.inner.delete_entry(ws, row.before.id)
            await self._done(row, None, sent)
            return
        if theirs is not None and same(theirs, row.after):
            await self._done(row, theirs, sent)
            return
        if theirs is None or not same(theirs, row.before):
            why = "deleted on the service meanwhile" if theirs is None else "changed on the service"
            why += "" if theirs is None else " meanwhile"
            await self._refused(row, why, theirs, conflict=True)
            return
        if not await self._tried(row):
            return
        saved = await self.inner.update_entry(row.after.replace(locked=theirs.locked))
        await self._done(row, saved, sent)

    # ------------------------------------------------------------ items made offline

    async def _send_items(self, sent: Sent) -> None:
        """Make the clients, projects, tasks and tags waiting, oldest first. A refusal is
        kept for the user; a service that does not answer leaves them waiting (raised)."""
        while (item := await self.db.read(catalog_journal.next_item)) is not None:
            if item.parent is not None and is_local_id(item.parent):
                # Its client or project was refused: the service cannot have this one either.
                why = "what it belongs to was not made on the service"
                await self.db.write(partial(catalog_journal.refuse, item=item, reason=why))
                continue
            found = await self._existing_item(item) if item.tries else None
            if found is None:
                if not await self.db.write(partial(catalog_journal.count_try, seq=item.seq)):
                    continue
                try:
                    found = await self._make_item(item)
                except BackendError as err:
                    if not refusal(err):
                        raise
                    # One of that name may exist already (made elsewhere): that is the one.
                    if isinstance(self.inner, ForgetsCatalog):
                        self.inner.forget_catalog(item.ws)
                    found = await self._existing_item(item)
                    if found is None:
                        await self.db.write(
                            partial(catalog_journal.refuse, item=item, reason=str(err))
                        )
                        continue
            saved = found.as_dict()
            await self.db.write(partial(catalog_journal.resolve_item, item=item, saved=saved))
            self.sends += 1
            sent.resolved.append((item.local_id, found.id))

    async def _make_item(self, item: catalog_journal.WaitingItem) -> catalog_journal.Item:
        inner: Any = self.inner
        body, ws = item.body, item.ws
        if item.kind == "client":
            made: catalog_journal.Item = await inner.create_client(ws, body["name"])
        elif item.kind == "project":
            made = await inner.create_project(
                ws,
                body["name"],
                body.get("client_id"),
                body.get("color"),
                bool(body.get("billable", False)),
            )
        elif item.kind == "task":
            made = await inner.create_task(ws, body["project_id"], body["name"])
        else:
            made = await inner.create_tag(ws, body["name"])
        return made

    async def _existing_item(
        self, item: catalog_journal.WaitingItem
    ) -> catalog_journal.Item | None:
        """The service's item of that kind and name (and client, project), if it has one."""
        inner: Any = self.inner
        ws, body = item.ws, item.body
        listed: list[catalog_journal.Item]
        if item.kind == "client":
            listed = await inner.list_clients(ws)
        elif item.kind == "project":
            listed = await inner.list_projects(ws)
        elif item.kind == "task":
            listed = await inner.list_tasks(ws, body["project_id"])
        else:
            listed = await inner.list_tags(ws)
        name = str(body.get("name", "")).strip().casefold()
        for found in listed:
            if found.name.strip().casefold() != name:
                continue
            if item.kind == "project" and getattr(found, "client_id", None) != body.get(
                "client_id"
            ):
                continue
            return found
        return None

    async def _tried(self, row: Row) -> bool:
        """Counted before the send: a crash or a lost answer after this leaves the next
        attempt to look first. False: the change was cancelled meanwhile (an undo before it
        was sent), so nothing is sent."""
        now = self._clock()

        def run(conn: sqlite3.Connection) -> bool:
            held = conn.execute("SELECT tried_at FROM journal WHERE seq = ?", (row.seq,)).fetchone()
            if held is None:
                return False
            if held[0] is not None and now - held[0] < self.settle:
                raise NotYet("A change whose answer was lost may still land; checking later.")
            conn.execute(
                "UPDATE journal SET tries = tries + 1, tried_at = ? WHERE seq = ?", (now, row.seq)
            )
            return True

        return await self.db.write(run)

    async def _not_sent(self, row: Row) -> None:
        """The send never left this machine: it counts as never tried."""
        await self.db.write(
            lambda conn: conn.execute(
                "UPDATE journal SET tries = ?, tried_at = ? WHERE seq = ?",
                (row.tries, row.tried_at, row.seq),
            )
        )

    async def _look_for_create(self, row: Row) -> TimeEntry | None:
        assert row.after is not None
        start = row.after.start
        listed = await self.inner.list_entries(row.ws, start - _SECOND, start + _SECOND)
        claimed = await self.db.read(tables.server_ids)
        for entry in listed:
            if entry.id not in claimed and entry.start == start and same(entry, row.after):
                return entry
        return None

    async def _server_entry(
        self, ws: str, before: TimeEntry, after: TimeEntry | None
    ) -> TimeEntry | None:
        """The service's version of the entry, or None when it has none."""
        starts = [before.start] + ([after.start] if after else [])
        ends = [e.end or e.start for e in (before, after) if e is not None]
        listed = await self.inner.list_entries(ws, min(starts) - _DAY, max(ends) + _DAY)
        return next((e for e in listed if e.id == before.id), None)

    # ------------------------------------------------------------ outcomes

    async def _done(self, row: Row, saved: TimeEntry | None, sent: Sent) -> None:
        local = row.entry_id
        # A create gets the service's id; so does an update the service made as a new entry
        # (ClickTime: a stopped timer is written as an entry, a move to another day is a
        # create and a delete). Either way the replica and later changes follow the new id.
        renamed = saved is not None and saved.id != local

        def run(conn: sqlite3.Connection) -> None:
            conn.execute("DELETE FROM journal WHERE seq = ?", (row.seq,))
            later = conn.execute(
                "SELECT count(*) FROM journal WHERE entry_id = ?", (local,)
            ).fetchone()[0]
            if renamed and saved is not None:
                tables.record_id(conn, local, saved, keep_intent=bool(later))
            elif saved is not None and not later:
                tables.put_entry(conn, saved)
            if saved is not None and row.after is not None and not same(saved, row.after):
                # The service normalised what it stored: later changes were based on it.
                for seq, before in conn.execute(
                    "SELECT seq, before FROM journal WHERE entry_id = ?", (saved.id,)
                ).fetchall():
                    if before is not None:
                        conn.execute(
                            "UPDATE journal SET before = ? WHERE seq = ?",
                            (entry_json(saved), seq),
                        )

        await self.db.write(run)
        self.sends += 1
        if renamed and saved is not None:
            sent.resolved.append((local, saved.id))

    async def _refused(
        self, row: Row, reason: str, theirs: TimeEntry | None, *, conflict: bool
    ) -> None:
        """Kept, with the reason; the replica shows the service's truth meanwhile."""
        if not conflict and row.before is not None:
            try:
                theirs = await self._server_entry(row.ws, row.before, row.after)
            except BackendError:
                theirs = row.before  # the best guess of the truth until the next refresh

        def run(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE journal SET failed = ?, conflict = ?, theirs = ? WHERE seq = ?",
                (reason, int(conflict), entry_json(theirs), row.seq),
            )
            tables.drop_entry(conn, row.entry_id)
            if theirs is not None:
                tables.put_entry(conn, theirs)

        await self.db.write(run)
