"""The store says what its backend left out, each notice once, and what the data itself
is (a read-only file), on its snapshot's message."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.app.test_app_store_notices import _seed, _write_as_another_program
from tests.frozen_time import BERLIN, FROZEN_NOW
from tui.backends.errors import BackendError, notices
from tui.backends.local import LocalBackend
from tui.config import Settings
from tui.store import Store


async def _quiet() -> None:
    for _ in range(5):  # notices come from worker threads, delivered on the loop
        await asyncio.sleep(0.01)


async def test_each_notice_is_said_once_across_reloads(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    await _seed(path)
    _write_as_another_program(path)
    store = Store(
        LocalBackend(path), Settings(timezone="UTC"), clock=lambda: FROZEN_NOW, machine_tz=BERLIN
    )
    said: list[str] = []
    store.subscribe(
        lambda snap: said.append(snap.message) if not said or said[-1] != snap.message else None
    )
    try:
        await store.open()
        await _quiet()
        for _ in range(3):
            await store.reload()
            await store.shift_week(1)
            await store.shift_week(-1)
            await _quiet()
    finally:
        await store.stop_watching()
        await store.backend.aclose()
    left_out = [m for m in said if "left out" in m]
    never = [m for m in said if "never shown" in m]
    assert left_out == [
        "1 time entry of this week cannot be shown (an end before its start) and is left out."
    ]
    assert never == [
        "1 time entry in the data file has a start that is not a time and is never shown."
    ]


async def test_a_closed_store_hears_no_more_notices(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    store = Store(LocalBackend(path), Settings(timezone="UTC"), clock=lambda: FROZEN_NOW)
    await store.open()
    await store.stop_watching()
    await store.backend.aclose()
    before = store.snapshot.message
    notices.warning("A notice after closing")
    await _quiet()
    assert store.snapshot.message == before


async def test_a_damaged_read_refuses_every_later_write(tmp_path: Path) -> None:
    """Damage that comes after the check on opening (a disk going bad under a running punch)
    is found by the read that meets it, and from then on nothing is written."""
    path = tmp_path / "store.sqlite3"
    backend = LocalBackend(path)
    ws = (await backend.list_workspaces())[0].id
    for i in range(50):
        await backend.create_tag(ws, f"tag {i}")
    with closing(sqlite3.connect(path)) as other:
        other.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every page is in the main file
        root = other.execute("SELECT rootpage FROM sqlite_schema WHERE name = 'tag'").fetchone()
        size = other.execute("PRAGMA page_size").fetchone()[0]
        with path.open("r+b") as raw:  # the tag table's page goes bad on disk
            raw.seek((root[0] - 1) * size)
            raw.write(b"\xa5" * size)
        other.execute("UPDATE person SET email = 'x@example.org'")  # readers drop their cache
        other.commit()
    with pytest.raises(BackendError, match="damaged"):
        await backend.list_tags(ws)
    with pytest.raises(BackendError, match="damaged"):  # and nothing is written after it
        await backend.create_workspace("After the damage")
    await backend.aclose()
    with closing(sqlite3.connect(path)) as conn:
        names = [row[0] for row in conn.execute("SELECT name FROM workspace")]
    assert names == ["Personal"]
