"""A remote backend's catalog (clients, projects, tasks, tags) as last read, per workspace,
for any backend to reuse: one ``CatalogCache`` per kind.

A list is served from memory while it is younger than the TTL, then read again to pick up
changes made elsewhere. The backend's own writes are put into what is held so it stays
current without a read; ``invalidate`` drops what a write may have changed in ways the
backend cannot mirror (and everything, for a fresh start).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Generic, TypeVar

V = TypeVar("V")


class CatalogCache(Generic[V]):
    """One kind of catalog item, by workspace, by id."""

    def __init__(self, *, ttl: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl = ttl
        self._clock = clock
        self._held: dict[str, dict[str, V]] = {}
        self._read_at: dict[str, float] = {}

    def fresh(self, workspace_id: str) -> dict[str, V] | None:
        """The workspace's items when a whole list was read less than the TTL ago."""
        read = self._read_at.get(workspace_id)
        if read is None or self._clock() - read >= self._ttl:
            return None
        return self._held.get(workspace_id)

    def held(self, workspace_id: str) -> dict[str, V]:
        """Whatever is held, however old (what a replacing write must send back): the live
        mapping, so a write can add to it."""
        return self._held.setdefault(workspace_id, {})

    def fill(self, workspace_id: str, items: dict[str, V]) -> dict[str, V]:
        """A whole list just read."""
        self._held[workspace_id] = items
        self._read_at[workspace_id] = self._clock()
        return items

    def put(self, workspace_id: str, item_id: str, item: V) -> None:
        """One item as the backend's own write left it."""
        self.held(workspace_id)[item_id] = item

    def invalidate(self, workspace_id: str | None = None) -> None:
        """Read the workspace's list (or every list) again next time."""
        if workspace_id is None:
            self._held.clear()
            self._read_at.clear()
        else:
            self._held.pop(workspace_id, None)
            self._read_at.pop(workspace_id, None)
