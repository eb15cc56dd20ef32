"""Optional parts for the write pipeline (issue 10): changes applied all-or-nothing against
the state they were planned on, a cheap "did another process change this?" check, and the
sync state of a backend that keeps a journal in front of a remote service.

An edit is planned by the store on the entries it was shown. Each change names the entry as
it was then (``before``) and as it should be (``after``): ``(None, new)`` creates,
``(old, None)`` deletes, ``(old, new)`` updates. A backend with :class:`AtomicChanges`
applies a batch in one durable transaction only when every ``before`` still equals what it
stores; otherwise it changes nothing and raises :class:`StaleChanges`, naming the entries that
moved on, so the store can plan again on the fresh state instead of writing over it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal, Protocol, runtime_checkable

from tui.backends.errors import ConflictError
from tui.domain.models import TimeEntry

EntryChange = tuple[TimeEntry | None, TimeEntry | None]
"""``(before, after)``: create, delete or update, as above."""

_FAR = timedelta(days=366 * 50)  # a running entry claims all time from its start
TimeSpan = tuple[datetime, datetime]


def claims(before: TimeEntry | None, after: TimeEntry | None) -> list[TimeSpan]:
    """The time ``after`` holds that ``before`` did not: where a change claims time, which a
    stored entry the batch does not name must not already hold (a stale plan)."""
    if after is None:
        return []
    new = _span(after)
    if before is None:
        return [new] if new[0] < new[1] else []
    old = _span(before)
    parts = [(new[0], min(new[1], old[0])), (max(new[0], old[1]), new[1])]
    return [(a, b) for a, b in parts if a < b]


def _span(entry: TimeEntry) -> TimeSpan:
    return entry.start, entry.end if entry.end is not None else entry.start + _FAR


class StaleChanges(ConflictError):
    """Some ``before`` no longer matches what is stored; nothing was changed."""

    def __init__(self, message: str, changed_ids: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.changed_ids: tuple[str, ...] = tuple(changed_ids)


@runtime_checkable
class AtomicChanges(Protocol):
    async def apply_changes(
        self, workspace_id: str, changes: Sequence[EntryChange]
    ) -> list[TimeEntry | None]:
        """Apply every change or none, durably (committed) before returning. Each ``before``
        must equal the stored entry (compared by ``TimeEntry.fields()`` and id), else
        :class:`StaleChanges`. Returns, in order, the stored ``after`` of each change (with
        the id the backend gave a created entry) or ``None`` for a delete."""
        ...


@runtime_checkable
class WindowedChanges(Protocol):
    """An :class:`AtomicChanges` that can also check the spans a batch was planned on."""

    async def apply_changes_within(
        self,
        workspace_id: str,
        changes: Sequence[EntryChange],
        windows: Sequence[tuple[datetime, datetime]],
    ) -> list[TimeEntry | None]:
        """As :meth:`AtomicChanges.apply_changes`, and stale too when a stored entry the
        batch does not name (as a ``before``, or unchanged as ``(e, e)``) holds time within
        one of ``windows``: the days a cell edit was reckoned on, where an entry added
        elsewhere changes what the cell holds though it overlaps nothing the batch writes."""
        ...


@runtime_checkable
class ChangeWatch(Protocol):
    async def changed_elsewhere(self) -> bool:
        """True when another process (another window, the CLI) changed the stored data since
        the last call. Cheap enough to ask once a second (e.g. ``PRAGMA data_version``)."""
        ...


SyncState = Literal["synced", "syncing", "offline", "rate_limited", "failed"]
"""``rate_limited``: the service answered 429; what waits is sent again after its pause."""


@dataclass(frozen=True)
class FailedChange:
    """A change the service refused for good, kept for the user to edit, retry or discard."""

    change_id: str
    label: str
    reason: str
    conflict: bool = False
    """The entry changed on the service since the edit was based on it: both versions are
    kept and the user chooses (keep mine, take theirs)."""
    mine: TimeEntry | None = None
    theirs: TimeEntry | None = None
    before: TimeEntry | None = None
    """The entry as the change found it (None: the change creates it; ``mine`` None: the
    change deletes it), so that a list of refused changes can say what each one was."""


@dataclass(frozen=True)
class SyncReport:
    state: SyncState = "synced"
    waiting: int = 0
    """Changes in the journal not yet confirmed by the service."""
    failed: tuple[FailedChange, ...] = ()
    unsent_ids: frozenset[str] = field(default_factory=frozenset)
    """Ids (as the store knows them) of entries with changes not yet on the service."""
    fresh_as_of: datetime | None = None
    """When the replica last heard from the service; ``None`` when it never has."""
    resolved_ids: tuple[tuple[str, str], ...] = ()
    """``(local id, service id)`` of every entry created offline that the service has since
    saved, in order, since the backend was opened: the store follows them in its aliases, so
    undo steps and screens holding a local id reach the saved entry."""
    revision: int = 0
    """Moves when what the replica holds changed under the store (a background refresh from
    the service, another process): the store reads its week again."""
    reason: str = ""
    """Why the journal cannot be sent right now (while ``offline``), for the status line."""


@runtime_checkable
class Journaled(Protocol):
    """A backend that records writes locally and sends them when the service answers."""

    def sync_report(self) -> SyncReport: ...

    def on_sync_change(self, callback: Callable[[SyncReport], None]) -> Callable[[], None]:
        """Call ``callback`` whenever the report changes; returns the way to stop."""
        ...

    async def drain(self) -> SyncReport:
        """Send what waits, in order, now; the report afterwards."""
        ...

    async def retry(self, change_id: str) -> None: ...
    async def discard(self, change_id: str) -> None: ...
    async def resolve(self, change_id: str, keep: Literal["mine", "theirs"]) -> None: ...
