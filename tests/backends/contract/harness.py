"""How the contract suite makes a fresh backend of each registered kind.

The suite runs over every name in :mod:`tui.backends.registry`; this table says, per name,
how a test gets a working, empty backend (one workspace, no data) and cleans up after it. A
remote backend's harness starts its fake server on loopback. A test that registers a backend
registers its harness with :func:`contract_harness` too; nothing here is read at import time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any, Protocol

from tui.backends import registry
from tui.backends.base import PARTS, Backend, CatalogWrites

Harness = Callable[[Path], AbstractAsyncContextManager[Backend]]
Booking = dict[str, Any]
"""What the contract's entries are booked on (``project_id``, ``task_id``): nothing on a
backend that holds entries without a project, else what its harness seeded."""


class CatalogBackend(Backend, CatalogWrites, Protocol):
    """A backend with catalog writes: the ``backend`` fixture hands one to a test marked
    ``needs_part("catalog_writes")``, having checked that it is one (see ``conftest.py``)."""


def missing_parts(backend: Backend, parts: tuple[str, ...]) -> list[str]:
    """Which of the optional parts named the backend does not implement."""
    return [part for part in parts if not isinstance(backend, PARTS[part])]


@asynccontextmanager
async def _local(tmp_path: Path) -> AsyncIterator[Backend]:
    from tui.backends.local import LocalBackend

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


@asynccontextmanager
async def _clicktime(tmp_path: Path) -> AsyncIterator[Backend]:
    """The ClickTime backend over real HTTP against the fake server: an empty company, the
    user's days in a zone that is not UTC. Every request body is checked against the models
    derived from ClickTime's spec; a test that sent one they refuse fails here."""
    from zoneinfo import ZoneInfo

    from tests.fakes.clicktime import FakeClickTime, State
    from tui.backends.clicktime import ClickTimeBackend

    state = State()
    with FakeClickTime(state) as fake:
        backend = ClickTimeBackend(
            fake.token,
            fake.base_url,
            tz=ZoneInfo("America/New_York"),
            timer_path=tmp_path / "contract" / "clicktime-timer.json",
            rate_limit=(1000, 1.0),
        )
        try:
            yield backend
        finally:
            await backend.aclose()
        assert fake.violations == [], "requests that break ClickTime's models or the notes"


_harnesses: dict[str, Harness] = {
    "local": _local,
    "clockify": _clockify,
    "clicktime": _clicktime,
}
DIRECT = "direct"
_ways_in: dict[str, dict[str, Harness]] = {}
"""Other ways in to a backend (``ways_in_harness.py``): the same backend, reached through a
proxy; the contract suite runs over each as over the direct one."""


def way_in_harness(name: str, via: str, harness: Harness) -> Callable[[], None]:
    """Say how the contract suite makes a fresh ``name`` backend reached ``via`` a proxy."""
    _ways_in.setdefault(name, {})[via] = harness

    def forget() -> None:
        _ways_in.get(name, {}).pop(via, None)

    return forget


def ways_in(name: str) -> list[str]:
    """``direct`` and the other ways in registered for ``name``."""
    from tests.backends.contract import ways_in_harness  # noqa: F401  (registers them)

    return [DIRECT, *_ways_in.get(name, {})]


def contract_harness(name: str, harness: Harness) -> Callable[[], None]:
    """Say how the contract suite makes a fresh ``name`` backend; returns what undoes it."""
    previous = _harnesses.get(name)
    _harnesses[name] = harness

    def forget() -> None:
        if previous is None:
            _harnesses.pop(name, None)
        else:
            _harnesses[name] = previous

    return forget


def harness_for(name: str, via: str = DIRECT) -> Harness:
    if via != DIRECT:
        return _ways_in[name][via]
    try:
        return _harnesses[name]
    except KeyError:
        raise LookupError(
            f"backend {name!r} is registered but the contract suite cannot make one: "
            "register a harness with tests.backends.contract.harness.contract_harness()"
        ) from None


CAPABILITY_NEEDS: dict[str, tuple[str, ...]] = {
    "test_list_by_window": ("entries_without_project",),
    "test_delete_entry": ("entries_without_project",),
    "test_running_entry": ("entries_without_project",),
}
"""Contract tests that write entries a backend may not be able to hold, by the
``Capabilities`` flag that says it can: these three write entries without a project, which a
backend declaring ``entries_without_project=False`` (ClickTime: a job on every entry) refuses
by design. Such a backend carries the same checks with a project in its own tests."""


def contract_backends(*parts: str, capabilities: tuple[str, ...] = ()) -> list[str]:
    """The registered backends, in order; with ``parts``, only those declaring them all; with
    ``capabilities``, only those whose declared ``Capabilities`` have each flag set."""
    return [
        entry.name
        for entry in registry.entries()
        if set(parts) <= set(entry.parts)
        and all(getattr(entry.capabilities, flag) for flag in capabilities)
    ]


class _Harnesses(Mapping[str, Harness]):
    """The registry's names, each with its harness, read when asked."""

    def __getitem__(self, name: str) -> Harness:
        return harness_for(registry.get(name).name)

    def __iter__(self) -> Iterator[str]:
        return iter(contract_backends())

    def __len__(self) -> int:
        return len(registry.names())


BACKENDS: Mapping[str, Harness] = _Harnesses()
"""Every registered backend's harness, by name (for suites beside the contract)."""
