"""SVG snapshots of the timer's screens, on the seeded demo store (which has a timer
running) with the clock frozen. Update after review: `pytest tests/app/test_timer_snapshots.py
--snapshot-update`."""

from __future__ import annotations

from datetime import timedelta

from textual.pilot import Pilot

from tests.app.pilot_helpers import SMALL, WIDE, demo_app, pressing, settle
from tests.frozen_time import FROZEN_NOW
from tui.app import PunchcardApp


def test_timer_screen(snap_compare):
    assert snap_compare(demo_app(), terminal_size=WIDE, run_before=pressing("space"))


def test_timer_screen_at_80x24(snap_compare):
    assert snap_compare(demo_app(), terminal_size=SMALL, run_before=pressing("space"))


def test_grid_with_the_timer_stopped_at_80x24(snap_compare):
    assert snap_compare(demo_app(), terminal_size=SMALL, run_before=pressing("x"))


def test_timer_edit_form(snap_compare):
    assert snap_compare(demo_app(), terminal_size=WIDE, run_before=pressing("space", "e"))


async def idle_question(pilot: Pilot[None]) -> None:
    from tui.screens.idle import IdleScreen

    await settle(pilot)
    app = pilot.app
    assert isinstance(app, PunchcardApp)
    assert app.snapshot is not None
    back = FROZEN_NOW
    await app.push_screen(
        IdleScreen(
            back - timedelta(minutes=42), back, "“Checkout wireframes” · Acme", app.snapshot.tz
        )
    )
    await settle(pilot)


def test_idle_question(snap_compare):
    assert snap_compare(demo_app(), terminal_size=WIDE, run_before=idle_question)


def test_description_prompt_as_a_timer_starts_at_80x24(snap_compare):
    assert snap_compare(demo_app(), terminal_size=SMALL, run_before=pressing("s"))


def test_stop_at_a_time_refuses_what_it_cannot_read_at_80x24(snap_compare):
    keys = ("X", "b", "a", "n", "a", "n", "a", "enter")
    assert snap_compare(demo_app(), terminal_size=SMALL, run_before=pressing(*keys))
