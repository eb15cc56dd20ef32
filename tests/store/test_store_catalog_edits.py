"""Catalog edits on their own: what the row picker names is created once, tags by name."""

from __future__ import annotations

from pathlib import Path

from tests.store.parts import Parts, build_parts
from tui.store.catalog_edits import CatalogEdits
from tui.store.row_choice import RowChoice


async def catalog_of(path: Path) -> tuple[Parts, CatalogEdits]:
    parts = build_parts(path)
    await parts.loader.open()
    edits = CatalogEdits(
        parts.backend, parts.publisher, refresh_catalog=parts.loader.refresh_catalog
    )
    return parts, edits


async def test_a_picked_row_reuses_a_client_of_that_name(store_path: Path) -> None:
    parts, edits = await catalog_of(store_path)
    client = await edits.create_client("Acme")
    assert client is not None
    key = await edits.create_row(RowChoice(client="ACME", project="Site", task="Design"))
    assert key is not None
    snap = parts.publisher.snapshot
    assert [c.name for c in snap.clients] == ["Acme"]  # not a second "ACME"
    project = snap.project(key[0])
    assert project is not None
    assert (project.name, project.client_id) == ("Site", client.id)
    assert key[1] is not None
    assert snap.catalog.tasks[key[1]].name == "Design"


async def test_a_picked_row_without_a_project_is_refused(store_path: Path) -> None:
    parts, edits = await catalog_of(store_path)
    assert await edits.create_row(RowChoice(client="Acme")) is None
    snap = parts.publisher.snapshot
    assert (snap.message, snap.severity) == ("Name a project to create", "error")
    assert snap.clients == ()  # nothing made on the way


async def test_tags_are_created_once_and_named_in_order(store_path: Path) -> None:
    parts, edits = await catalog_of(store_path)
    urgent = await edits.create_tag("urgent")
    assert urgent is not None
    ids = await edits.ensure_tags(["Urgent", " review ", "", "urgent"])
    snap = parts.publisher.snapshot
    names = {t.id: t.name for t in snap.tags}
    assert [names[i] for i in ids] == ["urgent", "review"]
    assert ids[0] == urgent.id
    assert len(snap.tags) == 2
