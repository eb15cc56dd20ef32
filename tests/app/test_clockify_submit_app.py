"""Timesheet approval from the review on Clockify (``s``): on a workspace with approvals the
review shows the week's state, asks, and sends the week's approval request on yes; the week is
then read-only in the grid, in words that say what to do, and ``U`` withdraws the request.
A workspace without approvals has no ``s`` and is never asked about approval requests."""

from __future__ import annotations

from tests.app.pilot_helpers import loaded, settle
from tests.app.test_clockify_app import KEY, SIZE, account, app_on, status
from tests.app.test_submit_app import open_review, question
from tests.fakes.clockify.testing import serving
from tui.screens.review import ReviewScreen
from tui.widgets.timesheet_table import TimesheetTable

APPROVALS = r"/workspaces/[^/]+/approval-requests"
WEEK = "Mon 16 Nov – Sun 22 Nov 2026"


async def test_s_in_the_review_submits_the_week_and_the_grid_keeps_it_read_only() -> None:
    state, ids = account()
    space = state.spaces[ids["ws"]]
    space.approval_period = "WEEKLY"
    with serving(state, api_key=KEY) as fake:
        app = app_on(fake)
        async with app.run_test(size=SIZE) as pilot:
            await open_review(pilot)
            bar = app.screen.query_one("#review-period")
            assert f"Timesheet {WEEK}: open" in str(bar.render())
            await pilot.press("s", "enter")  # no comment for the approver
            await settle(pilot)
            assert f"Submit the timesheet of {WEEK} for approval?" in question(app)
            await pilot.press("y")
            await settle(pilot)
            [post] = fake.sent("POST", APPROVALS)
            assert post.body == {"period": "WEEKLY", "periodStart": "2026-11-16T00:00:00Z"}
            assert f"Submitted the timesheet of {WEEK}" in loaded(app).message
            assert f"{WEEK}: submitted" in str(bar.render())
            [request] = space.approvals.values()
            assert request.state == "PENDING"

            await pilot.press("escape")
            await settle(pilot)
            app.screen.query_one(TimesheetTable).focus_row((ids["web"], ids["design"]))
            await pilot.press("right", "right", "1", "enter")  # Wednesday, in the pending week
            await settle(pilot)
            assert "is in a submitted timesheet (16 – 22 Nov): undo the submission" in status(app)
            assert fake.sent("POST", r"/workspaces/[^/]+/time-entries") == []

            await open_review(pilot)  # U, as the message says: the request is withdrawn
            await pilot.press("U")
            await settle(pilot)
            [patch] = fake.sent("PATCH", APPROVALS + "/.+")
            assert patch.body == {"state": "WITHDRAWN_SUBMISSION"}
            assert request.state == "WITHDRAWN_SUBMISSION"
            reopened = app.screen.query_one("#review-period")
            assert f"{WEEK}: open" in str(reopened.render())
            await pilot.press("escape")
            await settle(pilot)
            app.screen.query_one(TimesheetTable).focus_row((ids["web"], ids["design"]))
            await pilot.press("right", "right", "1", "enter")  # open again: the edit is taken
            await settle(pilot)
    assert len(fake.sent("POST", r"/workspaces/[^/]+/time-entries")) == 1
    assert fake.sent("PUT", ".*") == []


async def test_a_workspace_without_approvals_has_no_s_and_no_approval_requests() -> None:
    state, _ = account()
    with serving(state, api_key=KEY) as fake:
        app = app_on(fake)
        async with app.run_test(size=SIZE) as pilot:
            await open_review(pilot)
            assert "timesheet" not in str(app.screen.query_one("#review-bar").render()).lower()
            assert "Timesheet" not in str(app.screen.query_one("#review-period").render())
            await pilot.press("s")
            await settle(pilot)
            assert isinstance(app.screen, ReviewScreen)  # nothing asked
    assert fake.sent("GET", APPROVALS) == []
    assert fake.sent("POST", APPROVALS) == []
