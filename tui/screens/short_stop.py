"""A timer stopped within seconds of its start is most likely a slip of the finger: the
status line offers to remove it, and Delete does so while that offer is the last thing said.
Nothing is removed unless the user asks (and the removal can be undone)."""

from __future__ import annotations

from tui.domain.models import TimeEntry
from tui.domain.timesheet import row_key
from tui.store import Store
from tui.store.snapshot import Snapshot

SHORT_SECONDS = 60
"""A stopped entry shorter than this is offered for removal."""


class ShortStop:
    def __init__(self) -> None:
        self._entry: TimeEntry | None = None
        self._said = -1

    async def stop(self, store: Store) -> TimeEntry | None:
        """Stop the timer now; offer to remove what it made when that is under a minute."""
        stopped = await store.stop_timer()
        if stopped is not None and stopped.seconds() < SHORT_SECONDS:
            snap = store.snapshot
            label = snap.catalog.label(row_key(stopped))
            store.say(f"Stopped {label} after {stopped.seconds()} s — Delete removes it", "warning")
            self._entry, self._said = stopped, store.snapshot.said
        return stopped

    def take(self, snap: Snapshot | None) -> TimeEntry | None:
        """The entry on offer, if the offer is still the last thing said (then it is used)."""
        entry, self._entry = self._entry, None
        if entry is None or snap is None or snap.said != self._said:
            return None
        return entry
