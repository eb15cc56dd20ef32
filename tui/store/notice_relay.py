"""A backend's notices (what it skipped without failing: an entry another program wrote
with an end before its start) on the status line, each once.

Backends report these on the ``notices`` logger (:mod:`tui.backends.errors`), from worker
threads; the CLI prints them on stderr. A store that is open hears them too and says each
distinct one once, on its own event loop, so the TUI shows what a read left out.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import weakref
from collections.abc import Callable

from tui.backends.errors import notices
from tui.store.snapshot import Severity

Say = Callable[[str, Severity], None]


class NoticeRelay(logging.Handler):
    def __init__(self, say: Say) -> None:
        super().__init__(logging.WARNING)
        # Weak: a store nobody holds any more (a test's) is not kept alive by the logger.
        self._say: weakref.WeakMethod[Say] = weakref.WeakMethod(say)  # type: ignore[arg-type]
        self._loop: asyncio.AbstractEventLoop | None = None
        self._said: set[str] = set()

    def start(self) -> None:
        """Hear notices from now on, said on the running loop."""
        self._loop = asyncio.get_running_loop()
        # Relays of stores gone (their loop closed) are dropped here, never while the logger
        # walks its handlers: removing one there would skip the next, maybe this one.
        for handler in list(notices.handlers):
            if isinstance(handler, NoticeRelay) and handler is not self and handler.gone():
                notices.removeHandler(handler)
        if self not in notices.handlers:
            notices.addHandler(self)

    def stop(self) -> None:
        notices.removeHandler(self)

    def gone(self) -> bool:
        loop = self._loop
        return loop is None or loop.is_closed() or self._say() is None

    def emit(self, record: logging.LogRecord) -> None:
        loop = self._loop
        if loop is None or self.gone():
            return
        message = record.getMessage()
        with contextlib.suppress(RuntimeError):  # the loop closed since the check
            loop.call_soon_threadsafe(self._deliver, message)

    def _deliver(self, message: str) -> None:
        say = self._say()
        if say is None or message in self._said:
            return
        self._said.add(message)
        say(message, "warning")
