"""One fresh backend per test, for each backend the contract covers.

A backend joins the contract by adding one entry to ``BACKENDS``: an async context manager
that yields a working, empty backend (one workspace, no data) and cleans up after it. A remote
backend's entry starts its fake server on loopback inside that context manager.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

import pytest

from tui.backends.base import Backend
from tui.backends.local import LocalBackend


@asynccontextmanager
async def _local(tmp_path: Path) -> AsyncIterator[Backend]:
    backend = LocalBackend(tmp_path / "contract" / "store.sqlite3")
    try:
        yield backend
    finally:
        await backend.aclose()


@asynccontextmanager
async def _clockify(tmp_path: Path) -> AsyncIterator[Backend]:
    """The Clockify backend over real HTTP against the fake server, whose profile zone is not
    UTC so every time window goes through Clockify's wall-clock rule. Every request is checked
    against the OpenAPI spec; a test that sent one the spec refuses fails here."""
    from tests.fakes.clockify import FakeClockify, State
    from tui.backends.clockify import ClockifyBackend

    state = State(timezone="America/New_York")
    state.add_workspace("Personal")
    with FakeClockify(state) as fake:
        backend = ClockifyBackend(fake.api_key, fake.base_url)
        try:
            yield backend
        finally:
            await backend.aclose()
        assert fake.violations == [], "requests that break the Clockify spec"


BACKENDS: dict[str, Callable[[Path], AbstractAsyncContextManager[Backend]]] = {
    "local": _local,
    "clockify": _clockify,
}


@pytest.fixture(params=sorted(BACKENDS))
async def backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Backend]:
    async with BACKENDS[request.param](tmp_path) as made:
        yield made


@pytest.fixture
async def ws(backend: Backend) -> str:
    """The id of the workspace a fresh backend starts with."""
    workspaces = await backend.list_workspaces()
    assert workspaces, "a fresh backend must offer at least one workspace"
    return workspaces[0].id
