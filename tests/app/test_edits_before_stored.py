"""Edits typed while the ones before them are still on their way to the store.

The embedded store here holds every batch until the test lets it through, so each value is
typed while the grid still shows the cell as it was before any of them: what the cell ends
up holding must be what the keys say, read in order, not what the screen happened to show.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from tests.app.burst_helpers import burst, handled, keys_through, seconds_of, stored_grid, typed
from tests.app.pilot_helpers import loaded
from tests.app.test_key_bursts import SIZE, with_row
from tests.frozen_time import BERLIN, frozen_store
from tui.app import PunchcardApp
from tui.app_factory import build_app
from tui.backends.changes import EntryChange
from tui.backends.local import LocalBackend
from tui.config import Settings
from tui.domain.models import TimeEntry

H = 3600


class HeldBatches(LocalBackend):
    """The embedded store, holding each batch of changes while ``held`` is clear."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.held = asyncio.Event()
        self.held.set()
        self.batches = 0

    async def apply_changes_within(
        self,
        workspace_id: str,
        changes: Sequence[EntryChange],
        windows: Sequence[tuple[datetime, datetime]],
    ) -> list[TimeEntry | None]:
        await self.held.wait()
        self.batches += 1
        return await super().apply_changes_within(workspace_id, changes, windows)


def held_app(store_path: Path, clock: Callable[[], datetime]) -> tuple[PunchcardApp, HeldBatches]:
    backend = HeldBatches(store_path)
    settings = Settings(timezone="Europe/Berlin")
    return build_app(settings, backend=backend, clock=clock, machine_tz=BERLIN), backend


async def type_while_held(app: PunchcardApp, backend: HeldBatches, *keys: str) -> None:
    backend.held.clear()
    batches_before = backend.batches
    burst(app, *keys)
    await keys_through(app)
    assert backend.batches == batches_before  # every key was typed before any was stored
    backend.held.set()


async def test_plus_typed_twice_before_either_is_stored_adds_both(
    store_path: Path, frozen_clock: Callable[[], datetime]
) -> None:
    app, backend = held_app(store_path, frozen_clock)
    async with app.run_test(size=SIZE) as pilot:
        await with_row(pilot, "Alpha", "1")
        await type_while_held(app, backend, "+", "1", "enter", "+", "1", "enter", *typed("-30m"))
        burst(app, "enter")
        await handled(pilot)
        assert seconds_of(loaded(app).grid, "Alpha")[0] == 2 * H + 1800
    assert seconds_of(await stored_grid(store_path), "Alpha")[0] == 2 * H + 1800


async def test_a_value_equal_to_the_shown_one_still_counts_while_edits_are_on_their_way(
    store_path: Path, frozen_clock: Callable[[], datetime]
) -> None:
    app, backend = held_app(store_path, frozen_clock)
    async with app.run_test(size=SIZE) as pilot:
        await with_row(pilot, "Alpha", "1")
        # The grid shows 1 throughout: the 2 is not stored yet when the 1 is typed.
        await type_while_held(app, backend, "2", "enter", "1", "enter")
        await handled(pilot)
        assert seconds_of(loaded(app).grid, "Alpha")[0] == H
    assert seconds_of(await stored_grid(store_path), "Alpha")[0] == H


async def test_taking_off_more_than_the_cell_will_hold_when_saved_is_refused_by_name(
    store_path: Path, frozen_clock: Callable[[], datetime]
) -> None:
    app, backend = held_app(store_path, frozen_clock)
    async with app.run_test(size=SIZE) as pilot:
        await with_row(pilot, "Alpha", "2")
        # Each -1:30 is fine on the 2:00 shown; the second is not on the 0:30 left.
        await type_while_held(app, backend, *typed("-1:30"), "enter", *typed("-1:30"), "enter")
        await handled(pilot)
        assert seconds_of(loaded(app).grid, "Alpha")[0] == 1800
        assert "negative" in loaded(app).message
    assert seconds_of(await stored_grid(store_path), "Alpha")[0] == 1800


async def test_undo_typed_before_the_value_it_takes_back_is_stored_still_takes_it_back(
    store_path: Path, frozen_clock: Callable[[], datetime]
) -> None:
    app, backend = held_app(store_path, frozen_clock)
    async with app.run_test(size=SIZE) as pilot:
        await with_row(pilot, "Alpha")
        # Nothing is on the undo list when u is typed: the 2 it takes back is still held.
        assert not loaded(app).can_undo
        await type_while_held(app, backend, "2", "enter", "right", "u", "3", "enter")
        await handled(pilot)
        assert seconds_of(loaded(app).grid, "Alpha")[:2] == (0, 3 * H)
    assert seconds_of(await stored_grid(store_path), "Alpha")[:2] == (0, 3 * H)


async def test_a_timer_start_shows_in_the_bar_once_it_is_stored_not_before(
    store_path: Path, frozen_clock: Callable[[], datetime]
) -> None:
    app, backend = held_app(store_path, frozen_clock)
    async with app.run_test(size=SIZE) as pilot:
        await with_row(pilot, "Alpha")
        backend.held.clear()
        burst(app, "s", "enter")  # Enter: the description prompt, left as it is
        await keys_through(app)
        await pilot.pause(0.1)
        assert backend.batches == 0
        assert loaded(app).running is None  # held: a kill now loses nothing the bar showed
        backend.held.set()
        await handled(pilot)
        running = loaded(app).running
        assert running is not None
        assert running.end is None
    stored = frozen_store(LocalBackend(store_path))
    await stored.open()
    try:
        assert stored.snapshot.running is not None
    finally:
        await stored.backend.aclose()
