"""Other processes' changes, shown within about a second: one cheap question a second.

A part of the store for backends with :class:`~tui.backends.changes.ChangeWatch` (the
embedded store asks SQLite's ``PRAGMA data_version``, a counter, no table read). Only when
the answer is yes is the shown week read again, through the week loader, which waits for our
own writes in flight. The watch is an asyncio task the store owns; it ends when stopped or
when the backend is closed.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

from tui.backends.changes import ChangeWatch
from tui.backends.errors import BackendError

CHECK_SECONDS = 1.0


class ChangeWatcher:
    def __init__(
        self,
        backend: ChangeWatch,
        *,
        reload: Callable[[], Awaitable[None]],
        interval: float = CHECK_SECONDS,
    ) -> None:
        self.backend = backend
        self.interval = interval
        self._reload = reload
        self._task: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        """Check every ``interval`` seconds from now on (once: a second call does nothing)."""
        if not self.running:
            self._task = asyncio.get_running_loop().create_task(self._watch())

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def check(self) -> bool:
        """Ask once; read the week again when another process changed the data."""
        if not await self.backend.changed_elsewhere():
            return False
        await self._reload()
        return True

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                await self.check()
            except BackendError as err:
                if "closed" in str(err):
                    return  # the app is shutting down
                # A busy file or a failed read: the next check tries again; the week on
                # screen stays as it was, and a write would say what is wrong.
