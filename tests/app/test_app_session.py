"""The session the screens share: edits and loads before and after the store opens, a newer
load replacing an older one, and snapshots reaching the screens that watch them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static

from tests.frozen_time import BERLIN
from tui.app import PunchcardApp
from tui.backends.local import LocalBackend
from tui.config import Settings
from tui.session import STILL_OPENING, Session
from tui.store import Snapshot, Store

SETTINGS = Settings(timezone="Europe/Berlin")


async def settle(pilot: Pilot[None]) -> None:
    """Keys landed, workers done, screen repainted (pilot_helpers' settle, which moves with
    the test folders)."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


class Host(App[None]):
    """An app that only hosts a session's workers and records what it was told to say."""

    def __init__(self) -> None:
        super().__init__()
        self.said: list[tuple[str, str]] = []
        self.session = Session(self, SETTINGS)

    def notify(self, message: str, **options: Any) -> None:  # type: ignore[override]
        self.said.append((message, options.get("severity", "information")))


def store_on(path: Path, clock: Callable[[], datetime]) -> Store:
    return Store(LocalBackend(path), SETTINGS, clock=clock, machine_tz=BERLIN)


async def test_an_edit_before_the_store_opened_is_refused_with_a_word() -> None:
    host = Host()
    ran: list[str] = []

    async def edit(store: Store) -> None:
        ran.append("edit")

    async with host.run_test():
        host.session.run_edit(edit)
        await host.workers.wait_for_complete()
    assert ran == []
    assert host.said == [(STILL_OPENING, "warning")]
    assert STILL_OPENING == "Still opening the store…"


async def test_a_load_before_the_store_opened_does_nothing_and_says_nothing() -> None:
    host = Host()
    ran: list[str] = []

    async def load(store: Store) -> None:
        ran.append("load")

    async with host.run_test():
        host.session.run_load(load)
        await host.workers.wait_for_complete()
    assert ran == []
    assert host.said == []


async def test_once_attached_edits_run_on_the_store_each_to_the_end(
    store_path: Path, frozen_clock: Callable[[], datetime]
) -> None:
    host = Host()
    store = store_on(store_path, frozen_clock)
    seen: list[tuple[str, Store]] = []
    gate = asyncio.Event()

    async def edit(name: str, store: Store) -> None:
        await gate.wait()
        seen.append((name, store))

    async with host.run_test():
        host.session.attach(store)
        host.session.run_edit(lambda s: edit("first", s))
        host.session.run_edit(lambda s: edit("second", s))
        await asyncio.sleep(0)
        gate.set()
        await host.workers.wait_for_complete()
    await store.backend.aclose()
    # Edits are never exclusive: a second one does not cancel the first.
    assert seen == [("first", store), ("second", store)]
    assert host.said == []


async def test_a_newer_load_replaces_an_older_one_still_in_flight(
    store_path: Path, frozen_clock: Callable[[], datetime]
) -> None:
    host = Host()
    store = store_on(store_path, frozen_clock)
    events: list[str] = []
    never, cancelled, finished = asyncio.Event(), asyncio.Event(), asyncio.Event()

    async def slow(store: Store) -> None:
        events.append("slow started")
        try:
            await never.wait()
        except asyncio.CancelledError:
            events.append("slow cancelled")
            cancelled.set()
            raise
        events.append("slow finished")

    async def quick(store: Store) -> None:
        events.append("quick finished")
        finished.set()

    async with host.run_test() as pilot:
        host.session.attach(store)
        host.session.run_load(slow)
        await pilot.pause()
        host.session.run_load(quick)
        await asyncio.wait_for(asyncio.gather(cancelled.wait(), finished.wait()), timeout=5)
    await store.backend.aclose()
    assert events == ["slow started", "slow cancelled", "quick finished"]


class Watching(Screen[None]):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.shown: list[Snapshot | None] = []

    def compose(self) -> ComposeResult:
        yield Static("watching")

    def on_mount(self) -> None:
        self.watch(self.session, "snapshot", self._show, init=True)

    def _show(self, snapshot: Snapshot | None) -> None:
        self.shown.append(snapshot)


async def test_a_screen_watching_the_session_sees_every_new_snapshot_of_the_store(
    store_path: Path, frozen_clock: Callable[[], datetime]
) -> None:
    host = Host()
    store = store_on(store_path, frozen_clock)
    async with host.run_test() as pilot:
        screen = Watching(host.session)
        await host.push_screen(screen)
        assert screen.shown == [None]  # no store yet: the screen paints "opening"
        host.session.attach(store)
        assert host.session.snapshot is store.snapshot
        store.say("Saved", "information")
        await pilot.pause()
        assert host.session.snapshot is store.snapshot
    await store.backend.aclose()
    assert [s.message if s else None for s in screen.shown] == [None, "", "Saved"]


class SlowOpening(PunchcardApp):
    said: list[str]

    def notify(self, message: str, **options: Any) -> None:  # type: ignore[override]
        self.said.append(message)
        super().notify(message, **options)


async def test_the_grid_paints_and_answers_keys_before_the_backend_has_opened(
    store_path: Path, frozen_clock: Callable[[], datetime]
) -> None:
    backend_ready = asyncio.Event()

    async def open_store() -> Store:
        await backend_ready.wait()  # a slow network, say
        return store_on(store_path, frozen_clock)

    app = SlowOpening(SETTINGS, open_store)
    app.said = []
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        week_bar = app.screen.query_one("#week-bar", Static)
        assert str(week_bar.render()) == "Opening the store…"
        await pilot.press("c")  # copy last week's rows: an edit
        await pilot.pause()
        assert app.said == [STILL_OPENING]
        backend_ready.set()
        await settle(pilot)
        assert app.store is not None
        assert app.snapshot is app.store.snapshot
        assert "Opening the store" not in str(week_bar.render())
        await pilot.press("c")
        await settle(pilot)
        assert app.said == [STILL_OPENING]  # the second copy reached the store
        assert app.snapshot is not None
        assert app.snapshot.message == "Last week has no time to copy"
