"""A backend registered from outside the package, the way a test or a plugin adds one:
``pytest tests/backends/contract -p tests.backends.contract.registered_example`` runs the
whole contract suite against it too, with no other file changed. It is the embedded store
under another name, opened on its own file, so every part of the contract applies."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from tests.backends.contract.harness import contract_harness
from tui.backends import registry
from tui.backends.base import Backend
from tui.backends.local import LocalBackend
from tui.domain.models import Capabilities

NAME = "scratch"


class ScratchBackend(LocalBackend):
    name = NAME


async def _open() -> Backend:
    return ScratchBackend(Path("scratch.sqlite3"))


@asynccontextmanager
async def _harness(tmp_path: Path) -> AsyncIterator[Backend]:
    backend = ScratchBackend(tmp_path / "scratch" / "store.sqlite3")
    try:
        yield backend
    finally:
        await backend.aclose()


capabilities: Capabilities = LocalBackend.capabilities
registry.register(
    registry.BackendEntry(
        name=NAME,
        title="Scratch",
        capabilities=capabilities,
        opener=_open,
        parts=(
            "catalog_writes",
            "workspace_admin",
            "workspace_rules",
            "atomic_changes",
            "change_watch",
        ),
    )
)
contract_harness(NAME, _harness)
