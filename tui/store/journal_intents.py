"""What the user can do about the changes a remote backend's journal holds, from the TUI:
send what waits now, retry or discard a change the service refused, and settle a conflict
(keep mine, take theirs). The same operations as ``punch sync``; the week is read again after
each, so the grid shows what the replica holds now."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Literal

from tui.backends.base import Backend
from tui.backends.changes import FailedChange, Journaled
from tui.backends.errors import BackendError
from tui.store.publisher import Publisher

__all__ = ["FailedChange", "JournalIntents", "Keep"]  # screens name refused changes from here

LoadWeek = Callable[[date], Awaitable[None]]
Keep = Literal["mine", "theirs"]


class JournalIntents:
    def __init__(self, backend: Backend, publisher: Publisher, *, load_week: LoadWeek) -> None:
        self._journal = backend if isinstance(backend, Journaled) else None
        self._publisher = publisher
        self._load_week = load_week

    @property
    def journaled(self) -> bool:
        """Whether this backend keeps a journal at all (the embedded store saves at once)."""
        return self._journal is not None

    async def send_now(self) -> bool:
        journal = self._journal
        if journal is None:
            self._publisher.say("Every change is saved at once here; nothing waits", "information")
            return True
        try:
            report = await journal.drain()
        except BackendError as err:
            self._publisher.say(f"Not sent: {err}", "error")
            return False
        await self._load_week(self._publisher.snapshot.week)
        if report.waiting:
            why = f" ({report.reason})" if report.reason else ""
            self._publisher.say(f"{_changes(report.waiting)} still waiting{why}", "warning")
        elif report.failed:
            self._publisher.say(f"{_changes(len(report.failed))} refused", "warning")
        else:
            self._publisher.say("Every change is on the service", "information")
        return not report.waiting and not report.failed

    async def retry(self, change: FailedChange) -> bool:
        return await self._settle(change, "Sent again", lambda j: j.retry(change.change_id))

    async def discard(self, change: FailedChange) -> bool:
        return await self._settle(change, "Forgot", lambda j: j.discard(change.change_id))

    async def keep(self, change: FailedChange, keep: Keep) -> bool:
        done = "Kept yours" if keep == "mine" else "Took the service's version"
        return await self._settle(change, done, lambda j: j.resolve(change.change_id, keep))

    async def _settle(
        self, change: FailedChange, done: str, act: Callable[[Journaled], Awaitable[None]]
    ) -> bool:
        journal = self._journal
        if journal is None:
            return False
        if all(f.change_id != change.change_id for f in journal.sync_report().failed):
            # Settled meanwhile (another window, `punch sync`): nothing is done twice.
            self._publisher.say(f"{change.label}: already settled", "information")
            return False
        try:
            await act(journal)
        except BackendError as err:
            self._publisher.say(f"{change.label}: {err}", "error")
            return False
        await self._load_week(self._publisher.snapshot.week)
        self._publisher.say(f"{done}: {change.label}", "information")
        return True


def _changes(count: int) -> str:
    return f"{count} change{'' if count == 1 else 's'}"
