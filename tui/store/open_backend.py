"""Choosing and opening a backend: the one named (``--backend``, ``PUNCHCARD_BACKEND``, the
config's ``backend``), or for ``auto`` the first registry entry whose credentials are
configured (today: Clockify when a key is saved or in ``CLOCKIFY_API_KEY``), else the
embedded store; the demo store on request."""

from __future__ import annotations

import asyncio
import contextlib
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from tui import locations
from tui.backends import registry
from tui.backends.base import Backend
from tui.backends.errors import BackendError


def _remove_store(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


async def _seed_demo(path: Path, now: datetime, tz: ZoneInfo, replace: bool) -> None:
    """Seeds a file of its own, then puts it in place whole, so no process ever opens a
    half-seeded demo. ``replace`` puts it over the old demo; otherwise the first of several
    processes seeding at once wins and the others keep its file (a link never replaces)."""
    from tui.backends.local import LocalBackend
    from tui.backends.local.demo import seed_demo

    path.parent.mkdir(parents=True, exist_ok=True)
    seeding = path.with_name(f".{path.name}.{os.getpid()}-{os.urandom(4).hex()}.seeding")
    try:
        backend = LocalBackend(seeding)
        try:
            await seed_demo(backend, now, tz)
        finally:
            await backend.aclose()  # the last connection: its write-ahead log is folded in
        await asyncio.to_thread(_put_in_place, seeding, path, replace)
    finally:
        await asyncio.to_thread(_remove_store, seeding)


def _put_in_place(seeding: Path, path: Path, replace: bool) -> None:
    if replace:
        # The old demo's log must not be applied to the new file.
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.replace(seeding, path)
        return
    with contextlib.suppress(FileExistsError):  # another process seeded it first: its demo
        os.link(seeding, path)


async def open_backend(
    name: str = registry.AUTO,
    *,
    demo: bool = False,
    fresh_demo: bool = True,
    tz: ZoneInfo | None = None,
    now: datetime | None = None,
    reads: Literal["first", "fallback"] = "first",
) -> Backend:
    """The backend a run works on. ``demo`` opens a separate file, so the user's own store is
    never touched by it: seeded afresh with ``fresh_demo`` (the TUI's start, `punch serve`'s
    start), else kept as the last run left it and seeded only when there is none yet (every
    command, and each tab of `punch serve`, so `punch --demo start` then `punch --demo stop`
    work on one demo). A remote service comes behind its local replica
    and journal (``PUNCHCARD_REPLICA=0`` opens it bare); ``reads`` says whether reads come
    from the replica first (the TUI: a warm start paints without the network) or from the
    service, falling back to the replica when it is unreachable (the CLI)."""
    if demo:
        from tui.backends.local import LocalBackend

        path = locations.demo_store_file()
        if fresh_demo or not path.exists():
            await _seed_demo(path, now or datetime.now(UTC), tz or ZoneInfo("UTC"), fresh_demo)
        return LocalBackend(path)
    entry = registry.choose(name)
    if not entry.replica or os.environ.get("PUNCHCARD_REPLICA", "").strip() == "0":
        return await entry.open()
    from tui.backends.base import PARTS
    from tui.backends.replica.files import replica_path
    from tui.backends.replica.lazy import LazyBackend
    from tui.backends.replica.parts import wrap
    from tui.profiles import ProfileError

    try:
        identity = registry.load(entry.replica_identity)() if entry.replica_identity else None
    except ProfileError as err:  # a damaged profile: said as opening the backend says it
        raise BackendError(f"The {entry.title} profile cannot be read: {err}") from None
    if identity is not None:
        # The client is opened when first needed: a warm start paints from disk first.
        lazy = LazyBackend(
            entry.name, entry.capabilities, entry.open, preload=entry.replica_preload
        )
        parts = tuple(PARTS[part] for part in entry.parts)
        return wrap(lazy, replica_path(entry.name, identity), parts=parts, reads=reads)
    opened = await entry.open()
    try:
        return wrap(opened, replica_path(entry.name, repr(opened)), reads=reads)
    except BaseException:
        await opened.aclose()
        raise
