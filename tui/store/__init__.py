"""The reactive store: immutable snapshots, optimistic edits, undo/redo. No Textual here."""

from tui.store.snapshot import Snapshot
from tui.store.store import Store

__all__ = ["Snapshot", "Store"]
