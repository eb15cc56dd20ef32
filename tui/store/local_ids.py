"""Ids of entries the backend has not saved yet, and where each one went once it was saved.

An entry made optimistically is shown at once under a local id; the backend's answer gives
it its real id. Local ids are unique across processes and restarts (128 random bits, as in a
version 4 UUID, not a counter), because the write journal to come keeps them on disk beside
other processes'. Nothing reads meaning into one beyond :func:`is_local_id`.
"""

from __future__ import annotations

import os

LOCAL_PREFIX = "local-"


def new_local_id() -> str:
    """A fresh id for an entry not saved yet: ``local-`` and 32 hex digits."""
    # os.urandom rather than uuid.uuid4: the same randomness without importing uuid (and
    # platform) on every start.
    return f"{LOCAL_PREFIX}{os.urandom(16).hex()}"


def is_local_id(entry_id: str) -> bool:
    return entry_id.startswith(LOCAL_PREFIX)


class IdAliases:
    """Every id an entry has had, pointing on to the next one: a local id to the saved id,
    and on through any later re-creation (an undone deletion is saved under a new id).

    Undo steps and screens keep the ids they were made with; :meth:`resolve` finds the
    entry's id today.
    """

    def __init__(self) -> None:
        self._next: dict[str, str] = {}

    def resolve(self, entry_id: str) -> str:
        while entry_id in self._next:
            entry_id = self._next[entry_id]
        return entry_id

    def alias(self, old_id: str, new_id: str) -> None:
        """``old_id`` is now ``new_id``; the end of ``old_id``'s chain is linked, so every id
        the entry ever had finds the new one."""
        end = self.resolve(old_id)
        if end != new_id:
            self._next[end] = new_id
