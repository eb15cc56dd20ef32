"""Ids of entries not saved yet are unique across stores (processes, restarts), because the
coming write journal keeps them on disk; and an entry's ids chain to the one it has now."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from tests.frozen_time import frozen_store
from tests.store.parts import GatedBackend
from tui.backends.changes import EntryChange
from tui.domain.models import TimeEntry
from tui.store.local_ids import IdAliases, is_local_id, new_local_id


def test_local_ids_are_fresh_uuids() -> None:
    made = {new_local_id() for _ in range(1000)}
    assert len(made) == 1000
    assert all(re.fullmatch(r"local-[0-9a-f]{32}", i) and is_local_id(i) for i in made)
    assert not is_local_id("5f1c0e2a9b")  # a backend's id


class Recording(GatedBackend):
    """Writes down the id each created entry was planned under."""

    planned: list[str]

    async def apply_changes_within(
        self,
        workspace_id: str,
        changes: Sequence[EntryChange],
        windows: Sequence[tuple[datetime, datetime]],
    ) -> list[TimeEntry | None]:
        self.planned.extend(a.id for b, a in changes if b is None and a is not None)
        return await super().apply_changes_within(workspace_id, changes, windows)


async def test_two_stores_never_hand_out_the_same_local_id(tmp_path: Path) -> None:
    async def local_id_of_first_edit(path: Path) -> str:
        backend = Recording(path)
        backend.planned = []
        store = frozen_store(backend)
        await store.open()
        project = await store.create_project("Website")
        assert project is not None
        assert await store.set_cell((project.id, None), 0, 3600)
        [planned] = backend.planned
        [stored] = store.snapshot.entries
        assert not is_local_id(stored.id)  # shown under the id it is stored with
        assert store._writes.resolve(planned) == stored.id
        return planned

    first = await local_id_of_first_edit(tmp_path / "one.sqlite3")
    second = await local_id_of_first_edit(tmp_path / "two.sqlite3")  # another process
    assert is_local_id(first)
    assert is_local_id(second)
    assert first != second


def test_aliases_chain_every_id_to_the_latest() -> None:
    aliases = IdAliases()
    aliases.alias("local-a", "saved-1")
    aliases.alias("saved-1", "saved-2")  # an undone deletion saved again
    assert aliases.resolve("local-a") == "saved-2"
    aliases.alias("local-a", "saved-3")  # linked at the end of its chain, not beside it
    assert aliases.resolve("saved-1") == "saved-3"
    assert aliases.resolve("unknown") == "unknown"
