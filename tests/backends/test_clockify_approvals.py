"""Timesheet approval on Clockify, over loopback against the fake: a workspace with approvals
offers its periods (weekly, semi-monthly, monthly), submits one as an approval request,
withdraws it, shows an approver's approval or rejection (with the reason), refuses a change on
a pending or approved day before anything is sent, and looks a lost submission up instead of
sending it twice. A workspace without approvals offers none of it. Every request is checked
against the spec (``serving``)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from tests.fakes.clockify import State
from tests.fakes.clockify.approvals import decide
from tests.fakes.clockify.server import FakeClockify
from tests.fakes.clockify.state import Approval, Space
from tests.fakes.clockify.testing import connected, serving
from tui.backends.base import (
    ChecksChanges,
    TimesheetDetails,
    TimesheetPeriods,
    offers_timesheets,
)
from tui.backends.errors import ValidationError
from tui.domain.models import EntryFields

MONDAY = date(2026, 11, 16)
WEDNESDAY = datetime(2026, 11, 18, 9, tzinfo=UTC)
APPROVALS = "/workspaces/[^/]+/approval-requests"


def approving(period: str = "WEEKLY", *, week_start: str = "MONDAY") -> tuple[State, Space]:
    state = State(timezone="UTC", week_start=week_start)
    space = state.add_workspace("Acme")
    space.approval_period = period
    state.add_entry(space, WEDNESDAY, WEDNESDAY + timedelta(hours=3), description="Audit")
    return state, space


def only(space: Space) -> str:
    [request] = space.approvals
    return request


async def test_a_week_is_submitted_as_an_approval_request_and_comes_back_pending() -> None:
    state, space = approving()
    with serving(state) as fake:
        async with connected(fake) as backend:
            assert isinstance(backend, TimesheetPeriods)
            assert await offers_timesheets(backend, space.id)
            period = await backend.timesheet_period(space.id, WEDNESDAY.date())
            assert (period.start, period.end, period.state) == (
                MONDAY,
                MONDAY + timedelta(days=7),
                "open",
            )
            assert not period.locked
            done = await backend.submit_timesheet(space.id, period)
        [post] = fake.sent("POST", APPROVALS)
        assert post.body == {"period": "WEEKLY", "periodStart": "2026-11-16T00:00:00Z"}
        assert (done.state, done.locked, done.span) == (
            "submitted",
            True,
            "Mon 16 Nov – Sun 22 Nov 2026",
        )
        assert space.approvals[only(space)].state == "PENDING"


async def test_a_week_starting_sunday_is_the_users_week() -> None:
    state, space = approving(week_start="SUNDAY")
    with serving(state) as fake:
        async with connected(fake) as backend:
            period = await backend.timesheet_period(space.id, WEDNESDAY.date())
            assert period.start == date(2026, 11, 15)
            await backend.submit_timesheet(space.id, period)
        [post] = fake.sent("POST", APPROVALS)
        assert post.body["periodStart"] == "2026-11-15T00:00:00Z"


async def test_the_workspaces_period_is_learnt_from_the_users_own_requests() -> None:
    state, space = approving("SEMI_MONTHLY")
    earlier = state.new_id()
    space.approvals[earlier] = Approval(
        earlier, "SEMI_MONTHLY", date(2026, 11, 1), date(2026, 11, 16), "APPROVED"
    )
    with serving(state) as fake:
        async with connected(fake) as backend:
            first = await backend.timesheet_period(space.id, date(2026, 11, 3))
            assert (first.start, first.last, first.state) == (
                date(2026, 11, 1),
                date(2026, 11, 15),
                "approved",
            )
            second = await backend.timesheet_period(space.id, WEDNESDAY.date())
            assert (second.start, second.last, second.state) == (
                date(2026, 11, 16),
                date(2026, 11, 30),
                "open",
            )
            done = await backend.submit_timesheet(space.id, second)
        [post] = fake.sent("POST", APPROVALS)
        assert post.body == {"period": "SEMI_MONTHLY", "periodStart": "2026-11-16T00:00:00Z"}
        assert done.state == "submitted"


async def test_a_submission_for_the_wrong_period_is_clockifys_refusal_in_words() -> None:
    state, space = approving("MONTHLY")  # no request yet: punch starts from a week
    with serving(state) as fake:
        async with connected(fake) as backend:
            period = await backend.timesheet_period(space.id, WEDNESDAY.date())
            with pytest.raises(ValidationError, match="must match the workspace approval period"):
                await backend.submit_timesheet(space.id, period)
    assert space.approvals == {}


async def test_approved_rejected_with_the_reason_and_withdrawn_states() -> None:
    state, space = approving()
    with serving(state) as fake:
        async with connected(fake) as backend:
            period = await backend.timesheet_period(space.id, MONDAY)
            await backend.submit_timesheet(space.id, period)
            decide(space, only(space), "APPROVED")
            approved = await backend.timesheet_period(space.id, MONDAY)
            assert (approved.state, approved.locked) == ("approved", True)
            decide(space, only(space), "REJECTED", "Wednesday's audit belongs to Globex")
            rejected = await backend.timesheet_period(space.id, MONDAY)
            assert (rejected.state, rejected.locked, rejected.submittable) == (
                "rejected",
                False,
                True,
            )
            reason = await backend.rejection_comment(space.id, WEDNESDAY.date())
            assert reason == "Wednesday's audit belongs to Globex"
            again = await backend.submit_timesheet(space.id, rejected)
            assert again.state == "submitted"
            assert await backend.rejection_comment(space.id, MONDAY) is None


async def test_a_pending_request_is_withdrawn_and_the_week_is_open_again() -> None:
    state, space = approving()
    with serving(state) as fake:
        async with connected(fake) as backend:
            period = await backend.timesheet_period(space.id, MONDAY)
            submitted = await backend.submit_timesheet(space.id, period)
            with pytest.raises(ValidationError, match="already submitted"):
                await backend.submit_timesheet(space.id, submitted)
            reopened = await backend.undo_submission(space.id, submitted)
            assert (reopened.state, reopened.locked) == ("open", False)
            [patch] = fake.sent("PATCH", APPROVALS + "/.+")
            assert patch.body == {"state": "WITHDRAWN_SUBMISSION"}
            assert space.approvals[only(space)].state == "WITHDRAWN_SUBMISSION"
            with pytest.raises(ValidationError, match="nothing to withdraw"):
                await backend.undo_submission(space.id, reopened)
            resubmitted = await backend.submit_timesheet(space.id, reopened)
            [pending] = [a for a in space.approvals.values() if a.state == "PENDING"]
            decide(space, pending.id, "APPROVED")
            with pytest.raises(ValidationError, match="only your approver"):
                await backend.undo_submission(space.id, resubmitted)
        assert len(fake.sent("PATCH", APPROVALS + "/.+")) == 1


async def test_a_day_in_a_pending_or_approved_week_is_refused_before_anything_is_sent() -> None:
    state, space = approving()
    with serving(state) as fake:
        async with connected(fake) as backend:
            [entry] = await backend.list_entries(
                space.id, WEDNESDAY - timedelta(days=2), WEDNESDAY + timedelta(days=5)
            )
            await backend.submit_timesheet(
                space.id, await backend.timesheet_period(space.id, MONDAY)
            )
            [locked] = await backend.list_entries(
                space.id, WEDNESDAY - timedelta(days=2), WEDNESDAY + timedelta(days=5)
            )
            assert locked.locked  # Clockify's own lock, as the entry comes back
            new = EntryFields(start=WEDNESDAY + timedelta(hours=4), end=WEDNESDAY.replace(hour=14))
            with pytest.raises(ValidationError, match="withdraw the request"):
                await backend.create_entry(space.id, new)
            with pytest.raises(ValidationError, match="submitted for approval"):
                await backend.update_entry(entry.replace(description="Audit, day two"))
            with pytest.raises(ValidationError, match="2026-11-18"):
                await backend.delete_entry(space.id, entry.id)
            # Moving it out of the week is refused too: its day is the pending one.
            moved = entry.replace(start=entry.start + timedelta(days=7), end=None)
            with pytest.raises(ValidationError):
                await backend.update_entry(moved.replace(end=moved.start + timedelta(hours=1)))
            decide(space, only(space), "APPROVED")
            await backend.timesheet_period(space.id, MONDAY)  # read afresh: now approved
            assert isinstance(backend, ChecksChanges)
            with pytest.raises(ValidationError, match="ask your approver"):
                await backend.check_changes(space.id, [(None, entry)])
            # The next week is open.
            next_week = WEDNESDAY + timedelta(days=7)
            later = EntryFields(start=next_week, end=next_week + timedelta(hours=1))
            made = await backend.create_entry(space.id, later)
            assert made.start == later.start
        assert [r.path for r in fake.sent("POST", r"/workspaces/[^/]+/time-entries")] == [
            f"/workspaces/{space.id}/time-entries"
        ]
        assert fake.sent("PUT") == []
        assert fake.sent("DELETE") == []


async def test_the_fake_refuses_a_write_on_a_locked_day_as_clockify_would() -> None:
    state, space = approving()
    with serving(state) as fake:
        async with connected(fake) as backend:
            [entry] = await backend.list_entries(
                space.id, WEDNESDAY - timedelta(days=2), WEDNESDAY + timedelta(days=5)
            )
            await backend.submit_timesheet(
                space.id, await backend.timesheet_period(space.id, MONDAY)
            )
        status, body = _put(fake, space, entry.id)
        assert status == 400
        assert body["code"] == 501
        assert "approval request" in body["message"]


def _put(fake: FakeClockify, space: Space, entry_id: str) -> tuple[int, dict[str, Any]]:
    import httpx

    answer = httpx.put(
        f"{fake.base_url}/workspaces/{space.id}/time-entries/{entry_id}",
        headers={"X-Api-Key": fake.api_key},
        json={"start": "2026-11-18T09:00:00Z", "end": "2026-11-18T10:00:00Z"},
    )
    return answer.status_code, answer.json()


async def test_a_submission_whose_answer_is_lost_is_looked_up_not_sent_twice() -> None:
    state, space = approving()
    with serving(state) as fake:
        async with connected(fake) as backend:
            period = await backend.timesheet_period(space.id, MONDAY)
            fake.fail("POST", APPROVALS, status=502, process=True)
            done = await backend.submit_timesheet(space.id, period)
        assert done.state == "submitted"
        assert len(fake.sent("POST", APPROVALS)) == 1
        assert len(space.approvals) == 1


async def test_a_comment_is_refused_before_anything_is_sent() -> None:
    state, space = approving()
    with serving(state) as fake:
        async with connected(fake) as backend:
            period = await backend.timesheet_period(space.id, MONDAY)
            with pytest.raises(ValidationError, match="no comment"):
                await backend.submit_timesheet(space.id, period, "Short week")
        assert fake.sent("POST", APPROVALS) == []


async def test_a_workspace_without_approvals_offers_no_timesheets_and_asks_nothing() -> None:
    state = State(timezone="UTC")
    space = state.add_workspace("Personal")
    with serving(state) as fake:
        async with connected(fake) as backend:
            assert not await offers_timesheets(backend, space.id)
            start = WEDNESDAY
            made = await backend.create_entry(
                space.id, EntryFields(start=start, end=start + timedelta(hours=1))
            )
            await backend.update_entry(made.replace(description="Notes"))
            await backend.delete_entry(space.id, made.id)
        assert fake.sent("GET", APPROVALS) == []


async def test_a_week_rejected_a_moment_ago_is_editable_at_once() -> None:
    state, space = approving()
    with serving(state) as fake:
        async with connected(fake) as backend:
            await backend.submit_timesheet(
                space.id, await backend.timesheet_period(space.id, MONDAY)
            )
            new = EntryFields(start=WEDNESDAY.replace(hour=13), end=WEDNESDAY.replace(hour=14))
            with pytest.raises(ValidationError, match="submitted for approval"):
                await backend.create_entry(space.id, new)
            decide(space, only(space), "REJECTED", "Add the Globex call")
            made = await backend.create_entry(space.id, new)  # within the check's 60 s
            assert made.start == new.start
        assert len(fake.sent("POST", r"/workspaces/[^/]+/time-entries")) == 1


async def test_the_periods_of_a_run_of_days_come_from_one_read_with_the_rejection_note() -> None:
    """``TimesheetDetails`` on Clockify: what lets the review offer ``U`` (withdraw). Two
    weeks: the first rejected with its note, the second pending; three list reads in all
    (PENDING, APPROVED and unfiltered), not three per period."""
    state, space = approving()
    with serving(state) as fake:
        async with connected(fake) as backend:
            assert isinstance(backend, TimesheetDetails)
            first = await backend.timesheet_period(space.id, MONDAY)
            await backend.submit_timesheet(space.id, first)
            decide(space, only(space), "REJECTED", "Split the audit")
            second = await backend.timesheet_period(space.id, MONDAY + timedelta(days=7))
            await backend.submit_timesheet(space.id, second)
            reads = len(fake.sent("GET", APPROVALS))
            periods = await backend.timesheet_periods(space.id, MONDAY, MONDAY + timedelta(days=13))
            assert len(fake.sent("GET", APPROVALS)) - reads == 3
    assert [(p.start, p.state, p.locked, p.comment) for p in periods] == [
        (MONDAY, "rejected", False, "Split the audit"),
        (MONDAY + timedelta(days=7), "submitted", True, ""),
    ]
