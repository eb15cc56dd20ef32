"""The snapshot fixture, with the text cursors held still; ``clicktime_replica``, which runs
a ClickTime app test bare and behind the local replica.

An input's cursor blinks every half second, so a screenshot taken a moment later on a loaded
machine would catch it hidden: every snapshot is taken with each input's cursor shown and not
blinking, whatever the screenshot's timing."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input


@pytest.fixture
def snap_compare(snap_compare: Callable[..., bool]) -> Callable[..., bool]:
    def compare(
        app: Any,
        press: tuple[str, ...] = (),
        terminal_size: tuple[int, int] = (80, 24),
        run_before: Callable[[Pilot[Any]], Awaitable[None] | None] | None = None,
    ) -> bool:
        async def steady(pilot: Pilot[Any]) -> None:
            if run_before is not None:
                done = run_before(pilot)
                if inspect.isawaitable(done):
                    await done
            for screen in pilot.app.screen_stack:
                for field in screen.query(Input):
                    field.cursor_blink = False  # shows the cursor and stops its timer
            await pilot.pause()

        return snap_compare(app, press=press, terminal_size=terminal_size, run_before=steady)

    return compare


@pytest.fixture(params=["bare", "replica"])
def clicktime_replica(request: pytest.FixtureRequest, tmp_path: Path) -> Path | None:
    """Where the replica lives, or None for the bare backend: each test that asks runs on
    ClickTime both ways, as ``PUNCHCARD_REPLICA=0`` and as ``punch`` opens it."""
    return tmp_path / "replica.sqlite3" if request.param == "replica" else None
