"""One fresh backend per test, for each backend the registry lists (see ``harness.py``).

Tests are parametrised when collected, not when this file is imported, so a backend
registered by then (with its harness) joins the whole suite. A test marked
``@pytest.mark.needs_part("catalog_writes", ...)`` runs only for backends whose registry
entry declares every part named; one listed in ``harness.CAPABILITY_NEEDS`` only for backends
whose declared capabilities have the flags named.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.backends.contract.harness import (
    BACKENDS,
    CAPABILITY_NEEDS,
    DIRECT,
    Booking,
    contract_backends,
    contract_harness,
    harness_for,
    missing_parts,
    ways_in,
)
from tui.backends.base import Backend

__all__ = ["BACKENDS", "contract_harness"]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend_name" not in metafunc.fixturenames:
        return
    marker = metafunc.definition.get_closest_marker("needs_part")
    parts = marker.args if marker is not None else ()
    needs = CAPABILITY_NEEDS.get(metafunc.definition.originalname, ())
    names = contract_backends(*parts, capabilities=needs)
    if "way_in" not in metafunc.fixturenames:
        metafunc.parametrize("backend_name", names)
        return
    # Each backend by each way in to it (direct, through Membrane, through a gateway): the
    # same tests, unchanged; the direct one keeps its plain id.
    pairs = [(name, via) for name in names for via in ways_in(name)]
    metafunc.parametrize(
        ("backend_name", "way_in"),
        pairs,
        ids=[name if via == DIRECT else f"{name}-via-{via}" for name, via in pairs],
    )


@pytest.fixture
async def backend(
    backend_name: str, way_in: str, tmp_path: Path, request: pytest.FixtureRequest
) -> AsyncIterator[Backend]:
    """A fresh backend, reached by ``way_in``; for a test marked ``needs_part``, one that has
    each part named, so the test may type it as a protocol with those parts
    (``harness.CatalogBackend``)."""
    marker = request.node.get_closest_marker("needs_part")
    async with harness_for(backend_name, way_in)(tmp_path) as made:
        missing = missing_parts(made, marker.args if marker is not None else ())
        assert not missing, f"{backend_name} is declared with parts it lacks: {missing}"
        yield made


@pytest.fixture
async def ws(backend: Backend) -> str:
    """The id of the workspace a fresh backend starts with."""
    workspaces = await backend.list_workspaces()
    assert workspaces, "a fresh backend must offer at least one workspace"
    return workspaces[0].id


@pytest.fixture
async def booking(backend: Backend, ws: str) -> Booking:
    """What each entry of a test is booked on: nothing where the backend holds entries
    without a project; else (ClickTime: a job and a task on every entry) the first active
    project its harness seeded and that project's first task, so the same tests hold it to
    the same behaviour."""
    if backend.capabilities.entries_without_project:
        return {}
    projects = [p for p in await backend.list_projects(ws) if not p.archived]
    assert projects, "a backend that needs a project on every entry is seeded with one"
    tasks = await backend.list_tasks(ws, projects[0].id)
    return {"project_id": projects[0].id} | ({"task_id": tasks[0].id} if tasks else {})
