"""Keys as a busy terminal delivers them: many in one read, none waiting for the last.

``pilot.press`` waits for the app to be idle after every key, which hides every ordering
bug; these helpers queue the whole burst on the app at once, then read back what the store
really holds through a second store opened on the same file.
"""

from __future__ import annotations

import asyncio
import unicodedata
import weakref
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot

from tests.app.pilot_helpers import settle
from tests.frozen_time import frozen_store
from tui.backends.local.backend import LocalBackend
from tui.domain.timesheet import WeekGrid
from tui.keys.order import OrderedKeysApp


def key_event(key: str) -> events.Key:
    """The event a terminal read makes of ``key`` (a character or a key name), as Pilot
    makes it, so bindings and typing see exactly what they see from a keyboard."""
    if len(key) == 1 and not key.isalnum():
        # The character itself, as a terminal sends it: a name such as `›`'s does not
        # always look up back to the character.
        return events.Key(_character_to_key(key), key)
    original = REPLACED_KEYS.get(key, key)
    char: str | None
    try:
        char = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


_received: weakref.WeakKeyDictionary[App[Any], asyncio.Event] = weakref.WeakKeyDictionary()


def burst(app: App[Any], *keys: str | events.Paste) -> None:
    """Queue every key (or paste) on the app at once, without waiting for any of them to be
    handled."""
    for key in keys:
        app.post_message(key_event(key) if isinstance(key, str) else key)
    # Runs once the app has taken in every key above (its queue is first in, first out).
    received = _received.setdefault(app, asyncio.Event())
    received.clear()
    app.call_later(received.set)


def typed(text: str) -> list[str]:
    """The keys that type ``text``."""
    return ["space" if ch == " " else ch for ch in text]


def keys_of(*parts: str | Iterable[str]) -> list[str]:
    """``keys_of(typed("Race"), "enter", "2")``: the pieces of a burst, flattened."""
    out: list[str] = []
    for part in parts:
        out.extend([part] if isinstance(part, str) else part)
    return out


async def keys_through(app: App[Any]) -> None:
    """Wait until the app has taken in and handed out every key of the burst, without
    waiting for what they started (a held write may still be on its way)."""
    assert isinstance(app, OrderedKeysApp)
    if app in _received:
        await _received[app].wait()
    await app.keys_handled()


async def handled(pilot: Pilot[Any]) -> None:
    """Wait until the app has handed out every key of the burst, then settle as usual."""
    await keys_through(pilot.app)
    await settle(pilot)


async def stored_grid(path: Path, week: date | None = None) -> WeekGrid:
    """The week as another process sees it in the store file: what was really saved."""
    store = frozen_store(LocalBackend(path))
    try:
        await store.open()
        if week is not None and store.snapshot.week != week:
            weeks = (week - store.snapshot.week).days // 7
            await store.shift_week(weeks)
        return store.snapshot.grid
    finally:
        await store.backend.aclose()


def seconds_of(grid: WeekGrid, label: str) -> tuple[int, ...]:
    """The seven day values of the row labelled ``label`` (zeros if there is no such row)."""
    for row in grid.rows:
        if row.label == label:
            return row.seconds
    return (0,) * 7
