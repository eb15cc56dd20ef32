"""The workspace the user last switched to, remembered in the state file for the next start.

A subscriber of the store: it saves when the shown workspace changes from one to another
(a switch), not when the first one is opened, so a start writes nothing. The demo builds
its store without one, so a demo session never changes what a real one opens.
"""

from __future__ import annotations

import asyncio
import contextlib

from tui.config import load_state, save_state
from tui.store.snapshot import Snapshot


class RememberedWorkspace:
    def __init__(self) -> None:
        self._shown: str | None = None

    async def recall(self) -> str | None:
        """The remembered workspace's id, or None."""
        remembered = (await asyncio.to_thread(load_state)).get("workspace")
        return remembered if isinstance(remembered, str) else None

    def __call__(self, snap: Snapshot) -> None:
        shown = snap.workspace.id if snap.workspace else None
        previous, self._shown = self._shown, shown
        if previous is None or shown is None or shown == previous:
            return
        # Like a broken state file on reading: remembering is a convenience, never an error.
        with contextlib.suppress(OSError):
            save_state({**load_state(), "workspace": shown})
