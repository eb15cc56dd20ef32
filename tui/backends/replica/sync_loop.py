"""The background half of the wrapper: the task that sends the journal when the service
answers (with back-off while it does not), watches the file for other processes' commits,
and keeps the :class:`~tui.backends.changes.SyncReport` current for its subscribers."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from tui.backends.changes import FailedChange, SyncReport
from tui.backends.errors import BackendError, RateLimitedError
from tui.backends.replica import catalog_journal, tables
from tui.backends.replica.catalog_journal import WaitingItem
from tui.backends.replica.db import ReplicaDb
from tui.backends.replica.journaled import JournalControl
from tui.backends.replica.reads import Reads
from tui.backends.replica.sender import Outcome, Sender, Sent

BUSY = "another punch process is sending them"


class SyncLoop(JournalControl):
    _busy: bool = False
    _db: ReplicaDb
    _clock: Callable[[], float]
    _lock: asyncio.Lock
    _sender: Sender
    _reads: Reads
    _backoff: tuple[float, float]
    _delay: float
    _retry_at: float
    _poll: float
    _offline: bool
    _rate_limited: bool = False
    _reason: str
    _heard_at: float | None
    _heard_saved: float | None
    _resolved: list[tuple[str, str]]
    _errors: dict[int, BackendError]
    _elsewhere: int
    _seen_version: int
    _watch: tuple[int, int]
    _wake: asyncio.Event | None
    _loop_task: asyncio.Task[None] | None
    _closed: bool

    def _start(self) -> None:
        """The sender task, started with the first call made inside an event loop."""
        if self._loop_task is None and not self._closed:
            self._wake = asyncio.Event()
            self._loop_task = asyncio.get_running_loop().create_task(self._send_loop())

    def _kick(self) -> None:
        if self._wake is not None:
            self._wake.set()

    async def _send_loop(self) -> None:
        assert self._wake is not None
        while not self._closed:
            try:
                waiting = await self._db.read(catalog_journal.anything_to_send)
                if waiting and (not self._offline or self._clock() >= self._retry_at):
                    await self._drain_once()
                version = self._db.data_version()
                if version != self._seen_version:
                    self._seen_version = version
                    self._elsewhere += 1  # another process wrote: its changes show here
                await self._update_report()
            except BackendError:
                pass  # the replica file itself failed; the next round tries again
            wait = self._poll
            if self._offline:
                wait = max(0.05, min(wait, self._retry_at - self._clock()))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), wait)
            self._wake.clear()

    async def _drain_once(self) -> Outcome:
        async with self._lock:
            sent = Sent([], {})
            outcome = await self._sender.drain(sent)
        self._resolved.extend(sent.resolved)
        self._errors.update(sent.errors)
        self._busy = outcome == "busy"
        if sent.last_error is not None:
            self._reason = str(sent.last_error)
        # The service answered 429: it is there, only busy. Not "offline".
        self._rate_limited = isinstance(sent.last_error, RateLimitedError)
        if outcome in ("offline", "failed"):
            self._offline = True
            self._retry_at = self._clock() + self._delay
            self._delay = min(self._delay * 2, self._backoff[1])
        elif outcome == "done":
            self._offline = False
            self._delay = self._backoff[0]
        await self._update_report()
        return outcome

    def _heard(self, ok: bool) -> None:
        if ok:
            was = self._offline
            self._offline = False
            self._delay = self._backoff[0]
            self._heard_at = self._clock()
            if was:
                self._kick()  # back: send what waits now
        else:
            self._offline = True
            self._retry_at = max(self._retry_at, self._clock() + self._delay)
        self._kick()

    async def _update_report(self) -> None:
        heard = self._heard_at
        save_heard = heard is not None and (
            self._heard_saved is None or heard - self._heard_saved >= 5.0
        )

        def run(
            conn: sqlite3.Connection,
        ) -> tuple[list[tables.Row], list[WaitingItem], float | None]:
            if save_heard:
                tables.set_meta(conn, "heard", round(heard or 0.0))
            stored = tables.meta(conn, "heard")
            items = catalog_journal.waiting_items(conn)
            return tables.rows(conn), items, float(stored) if stored is not None else None

        rows, items, stored = await (self._db.write(run) if save_heard else self._db.read(run))
        if save_heard:
            self._heard_saved = heard
        last = max((h for h in (heard, stored) if h is not None), default=None)
        self._publish(rows, items, last)

    def _publish(
        self, rows: list[tables.Row], items: list[WaitingItem], heard: float | None
    ) -> None:
        waiting = [r for r in rows if r.failed is None]
        items_waiting = [i for i in items if i.failed is None]
        failed = tuple(
            FailedChange(change_id=f"c{i.seq}", label=i.label, reason=i.failed)
            for i in items
            if i.failed is not None
        ) + tuple(
            FailedChange(
                change_id=str(r.seq),
                label=r.label,
                reason=r.failed,
                conflict=r.conflict,
                mine=r.after,
                theirs=r.theirs,
                before=r.before,
            )
            for r in rows
            if r.failed is not None
        )
        state: Any = (
            ("rate_limited" if self._rate_limited else "offline")
            if self._offline
            else "syncing"
            if waiting or items_waiting
            else "failed"
            if failed
            else "synced"
        )
        report = SyncReport(
            state=state,
            waiting=len(waiting) + len(items_waiting),
            failed=failed,
            unsent_ids=frozenset(r.entry_id for r in waiting),
            fresh_as_of=None if heard is None else datetime.fromtimestamp(int(heard), UTC),
            resolved_ids=tuple(self._resolved),
            revision=self._reads.changed + self._elsewhere,
            # The latest try says most: found busy, the lease holder sends (whatever an
            # earlier try of ours met); otherwise why ours did not get through.
            reason=BUSY
            if self._busy and (waiting or items_waiting)
            else self._reason
            if self._offline
            else "",
        )
        if report == self._report:
            return
        self._report = report
        for callback in list(self._callbacks):
            callback(report)

    async def changed_elsewhere(self) -> bool:
        watch = (self._db.data_version(), self._reads.changed)
        moved = watch != self._watch
        self._watch = watch
        return moved
