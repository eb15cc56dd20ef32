"""Submitting the week's timesheet from the review (``s``): on ClickTime it asks with the
period the service has and the week's total, and submits on yes; no sends nothing; a
submitted timesheet is not offered again; where there are no timesheets, ``s`` is not a key."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.app.pilot_helpers import loaded, settle
from tests.app.test_clicktime_app import SIZE, app_on
from tests.fakes.clicktime.testing import seeded, serving
from tui.app import PunchcardApp
from tui.screens.confirm import ConfirmScreen
from tui.screens.review import ReviewScreen

MONDAY = date(2026, 11, 16)
ACTIONS = r"/Me/Timesheets/.+/Actions"


async def open_review(pilot: Any) -> None:
    await settle(pilot)
    await pilot.press("r")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ReviewScreen)


def question(app: PunchcardApp) -> str:
    assert isinstance(app.screen, ConfirmScreen)
    return " ".join(str(w.render()) for w in app.screen.query("Static"))


async def test_s_in_the_review_asks_then_submits_the_period_on_yes() -> None:
    state, _ = seeded()
    with serving(state) as fake:
        app = app_on(fake)
        async with app.run_test(size=SIZE) as pilot:
            await open_review(pilot)
            bar = app.screen.query_one("#review-period")
            assert "Timesheet Mon 16 Nov – Sun 22 Nov 2026: open" in str(bar.render())
            await pilot.press("s", "enter")  # no comment for the approver
            await settle(pilot)
            asked = question(app)
            assert "Submit the timesheet of Mon 16 Nov – Sun 22 Nov 2026 for approval?" in asked
            assert "7:30 of" in asked  # the week's hours, as the review counts them
            await pilot.press("n")
            await settle(pilot)
            assert fake.sent("POST", ACTIONS) == []
            assert isinstance(app.screen, ReviewScreen)

            await pilot.press("s", "enter")
            await settle(pilot)
            await pilot.press("y")
            await settle(pilot)
            [post] = fake.sent("POST", ACTIONS)
            assert post.body == {"Action": "Submit"}
            assert state.sheet(MONDAY).status != "Open"
            assert "Submitted the timesheet of Mon 16 Nov – Sun 22 Nov 2026" in loaded(app).message
            assert "2026: submitted" in str(bar.render())

            await pilot.press("s")  # submitted now: said, not asked again
            await settle(pilot)
            assert isinstance(app.screen, ReviewScreen)
            assert "already submitted" in str(app.screen.query_one("#review-status").render())
            assert len(fake.sent("POST", ACTIONS)) == 1


async def test_without_timesheets_s_in_the_review_does_nothing(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)  # no question: nothing to submit here
