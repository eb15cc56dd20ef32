"""The reactive store: immutable snapshots, optimistic edits, undo/redo. No Textual here.

``Store`` and ``Snapshot`` load on first use, so `punch status` can import
``tui.store.status_file`` without paying for the whole store (about 40 ms of imports).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.store.snapshot import Snapshot
    from tui.store.store import Store

__all__ = ["Snapshot", "Store"]


def __getattr__(name: str) -> Any:
    if name == "Store":
        from tui.store.store import Store

        return Store
    if name == "Snapshot":
        from tui.store.snapshot import Snapshot

        return Snapshot
    raise AttributeError(f"module 'tui.store' has no attribute {name!r}")
