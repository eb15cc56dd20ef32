"""Opening the embedded store in the user's data folder (the registry's opener)."""

from __future__ import annotations

from tui import locations
from tui.backends.local.backend import LocalBackend


async def open_local() -> LocalBackend:
    return LocalBackend(locations.store_file())
