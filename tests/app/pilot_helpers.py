"""What every Pilot test does between keystrokes, and the demo app the snapshots show."""

from __future__ import annotations

import io
from collections.abc import Awaitable, Callable
from typing import Any

from rich.console import Console
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static

from tests.frozen_time import BERLIN, FROZEN_NOW
from tui.app import PunchcardApp
from tui.app_factory import build_app
from tui.config import Settings
from tui.keys.order import OrderedKeysApp
from tui.store.snapshot import Snapshot


async def settle(pilot: Pilot[Any]) -> None:
    """Let the keys land, every worker (store calls) finish, and the screen repaint."""
    await pilot.pause()
    if isinstance(pilot.app, OrderedKeysApp):  # keys are handed out one by one
        await pilot.app.keys_handled()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def loaded(app: PunchcardApp) -> Snapshot:
    """The app's snapshot, which a test reads only once the store has opened."""
    snapshot = app.snapshot
    assert snapshot is not None, "the store has not opened yet"
    return snapshot


def help_lines(help_screen: Screen[Any]) -> list[str]:
    """The list of keys of `?` (a HelpScreen) as drawn, at the width the dialog gives it."""
    static = help_screen.query_one("#help-keys", Static)
    out = io.StringIO()
    console = Console(width=static.content_region.width, file=out, color_system=None)
    console.print(static.content)
    return out.getvalue().splitlines()


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*("space" if ch == " " else ch for ch in text))


# ---------------------------------------------------------------- snapshots

WIDE = (120, 36)
SMALL = (80, 24)


def demo_app() -> PunchcardApp:
    """The app on a freshly seeded demo store, the clock frozen, the machine in Berlin."""
    return build_app(
        Settings(timezone="Europe/Berlin"),
        demo=True,
        clock=lambda: FROZEN_NOW,
        machine_tz=BERLIN,
    )


def pressing(*keys: str, theme: str | None = None) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run(pilot: Pilot[None]) -> None:
        if theme is not None:
            pilot.app.theme = theme
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run


async def from_monday(pilot: Pilot[Any]) -> None:
    """The cursor to Monday of its row. The grid opens on today's cell (a Wednesday on the
    frozen clock); tests that count days from Monday start here."""
    await pilot.press(*["left"] * 6)
    await settle(pilot)
