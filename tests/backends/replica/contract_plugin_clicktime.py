"""The wrapped ClickTime joins the contract suite: loaded with ``-p`` by
``test_replica_contract.py``, it registers a backend named ``replicated-clicktime`` (the
fake ClickTime behind the replica and its journal, over real HTTP) and its harness before
the suite is collected.

ClickTime wants a job and a task on every entry, so the company is seeded with one of each
(the suite's ``booking`` fixture books on them). The user's settings require start and end
times, so the clock times the suite writes are kept and come back as written; a company
without them keeps only the day and the hours, which the ClickTime tests cover."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.backends.contract.harness import contract_harness
from tests.backends.replica.harness import quick
from tests.fakes.clicktime import FakeClickTime, State
from tui.backends import registry
from tui.backends.base import Backend
from tui.backends.clicktime import ClickTimeBackend
from tui.backends.replica.parts import wrap

NAME = "replicated-clicktime"
WRAPPER_PARTS = ("atomic_changes", "change_watch")
"""What the wrapper adds to the parts of the service behind it."""


async def _open() -> Backend:
    raise AssertionError("the contract suite makes its backends with the harness")


def seeded_company() -> State:
    """A company with one client, one job and one task allowed on it; start and end times
    required of the user."""
    state = State()
    state.me["RequireStartEndTime"] = True
    job = state.add_job("Website", state.add_client("Acme"), "WEB")
    state.allow(job, state.add_task("Development", "DEV"))
    return state


@asynccontextmanager
async def _harness(tmp_path: Path) -> AsyncIterator[Backend]:
    with FakeClickTime(seeded_company()) as fake:
        inner = ClickTimeBackend(
            fake.token,
            fake.base_url,
            tz=ZoneInfo("America/New_York"),
            timer_path=tmp_path / "clicktime-timer.json",
            rate_limit=(1000, 1.0),
            sleep=quick,
        )
        backend = wrap(inner, tmp_path / "replica.sqlite3", name=NAME, backoff=(0.02, 0.1))
        try:
            yield backend
        finally:
            await backend.aclose()
        assert fake.violations == [], "requests that break ClickTime's models or the notes"


def pytest_configure(config: pytest.Config) -> None:
    registry.register(
        registry.BackendEntry(
            name=NAME,
            title="ClickTime behind its replica",
            capabilities=ClickTimeBackend.capabilities,
            opener=_open,
            parts=(*registry.get("clicktime").parts, *WRAPPER_PARTS),
        )
    )
    contract_harness(NAME, _harness)
