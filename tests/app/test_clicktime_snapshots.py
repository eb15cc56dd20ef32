"""SVG snapshots of the grid and the review on ClickTime (the fake on loopback, the clock
frozen on Wed 18 Nov 2026): a week with a public holiday as a time-off row, its timesheet
submitted (the days dimmed, the period and what to do above the grid), and a rejected week
in the review with the approver's comment.

Update after reviewing the change: `pytest tests/app/test_clicktime_snapshots.py
--snapshot-update`."""

from __future__ import annotations

from datetime import date

from tests.app.pilot_helpers import settle
from tests.app.test_clicktime_app import SIZE, app_on
from tests.fakes.clicktime import State
from tests.fakes.clicktime.testing import Seeded, seeded, serving

THURSDAY = date(2026, 11, 19)


def week_with_a_holiday() -> tuple[State, Seeded]:
    state, ids = seeded()
    holiday = state.add_time_off_type("Public holiday")
    state.add_time_off(THURSDAY, 8.0, holiday)
    state.add_entry(date(2026, 11, 18), 3.0, ids.admin, ids.meetings, comment="Planning")
    return state, ids


def test_grid_on_clicktime_submitted_with_a_holiday(snap_compare) -> None:
    state, _ = week_with_a_holiday()
    state.sheet(THURSDAY).status = "Waiting"
    with serving(state) as fake:
        app = app_on(fake)

        async def run_before(pilot) -> None:
            await settle(pilot)
            assert fake.token not in app.export_screenshot()
            await pilot.press("down", "right", "right", "5")  # refused: the week is submitted
            await settle(pilot)

        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_review_on_clicktime_rejected_with_a_holiday(snap_compare) -> None:
    state, _ = week_with_a_holiday()
    state.reject(THURSDAY, "Please put the planning on the client's job")
    with serving(state) as fake:
        app = app_on(fake)

        async def run_before(pilot) -> None:
            await settle(pilot)
            await pilot.press("r")
            await settle(pilot)

        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
