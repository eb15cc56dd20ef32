"""The wrapped Clockify joins the contract suite: loaded with ``-p`` by
``test_replica_contract.py``, it registers a backend named ``replicated`` (the fake Clockify
behind the replica and its journal) and its harness before the suite is collected."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from tests.backends.contract.harness import contract_harness
from tests.backends.replica.harness import clockify_on
from tests.fakes.clockify import FakeClockify, State
from tui.backends import registry
from tui.backends.base import Backend
from tui.backends.clockify import ClockifyBackend
from tui.backends.replica.parts import wrap

NAME = "replicated"
WRAPPER_PARTS = ("atomic_changes", "change_watch")
"""What the wrapper adds to the parts of the service behind it."""


async def _open() -> Backend:
    raise AssertionError("the contract suite makes its backends with the harness")


@asynccontextmanager
async def _harness(tmp_path: Path) -> AsyncIterator[Backend]:
    state = State(timezone="America/New_York")
    state.add_workspace("Personal")
    with FakeClockify(state) as fake:
        backend = wrap(
            clockify_on(fake), tmp_path / "replica.sqlite3", name=NAME, backoff=(0.02, 0.1)
        )
        try:
            yield backend
        finally:
            await backend.aclose()
        assert fake.violations == [], "requests that break the Clockify spec"


def pytest_configure(config: pytest.Config) -> None:
    registry.register(
        registry.BackendEntry(
            name=NAME,
            title="Clockify behind its replica",
            capabilities=ClockifyBackend.capabilities,
            opener=_open,
            parts=(*registry.get("clockify").parts, *WRAPPER_PARTS),
        )
    )
    contract_harness(NAME, _harness)
