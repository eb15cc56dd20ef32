"""The fake Clockify's approval requests (corrected spec, ``/workspaces/{id}/approval-requests``
and ``PATCH …/{approvalRequestId}``), over ``State``.

Only a workspace with an approval period (``Space.approval_period``: WEEKLY, SEMI_MONTHLY or
MONTHLY) has them; its plan then lists ``APPROVAL`` among its ``features``, and nothing in the
workspace's JSON names the period, as in Clockify's public API. A request must be for that
period and start where one starts (the user's week start; the 1st or 16th; the 1st). Its date
range is written as Clockify writes wall-clock times, marked ``Z``. While a request is pending
or approved, the user's entries on its days are locked (``isLocked``, ``approvalRequestId``)
and writes there are refused; rejected or withdrawn, they are open again.

The list filters on ``status`` (the spec allows PENDING, APPROVED, WITHDRAWN_APPROVAL); left
out, it lists every state (unverified on the real service: see docs/clockify.md). The texts of
the refusals follow Clockify's ``{message, code}`` shape; none was recorded from Clockify.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from tests.fakes.clockify.state import LOCKING, USER_ID, Approval, Space, State, error, iso

if TYPE_CHECKING:
    from tests.fakes.clockify.api import Options, Query, Reply

_WEEKDAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
LOCKED = "Time entry is part of a pending or approved approval request and cannot be changed"
"""Clockify's refusal of a write on a locked day, in the fake's words."""
_MOVES = {
    "WITHDRAWN_SUBMISSION": ("PENDING",),
    "APPROVED": ("PENDING",),
    "REJECTED": ("PENDING", "APPROVED"),
    "WITHDRAWN_APPROVAL": ("APPROVED",),
}
"""Which states each new state may follow: the owner withdraws a pending request; an approver
approves, rejects, or withdraws an approval."""


def period_end(state: State, period: str, start: date) -> date | None:
    """The day after the period of ``period`` that starts on ``start``; None when no such
    period starts that day."""
    if period == "WEEKLY":
        return start + timedelta(days=7) if _WEEKDAYS[start.weekday()] == state.week_start else None
    if period == "SEMI_MONTHLY" and start.day in (1, 16):
        return start.replace(day=16) if start.day == 1 else _next_month(start)
    if period == "MONTHLY" and start.day == 1:
        return _next_month(start)
    return None


def _next_month(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def request_json(state: State, space: Space, approval: Approval) -> dict[str, Any]:
    last = approval.end - timedelta(days=1)
    return {
        "id": approval.id,
        "workspaceId": space.id,
        "dateRange": {"start": f"{approval.start}T00:00:00Z", "end": f"{last}T23:59:59Z"},
        "owner": {
            "userId": USER_ID,
            "userName": state.user_name,
            "timeZone": state.timezone,
            "startOfWeek": state.week_start,
        },
        "creator": {"userId": USER_ID, "userName": state.user_name, "userEmail": "ada@example.com"},
        "status": {
            "state": approval.state,
            "note": approval.note,
            "updatedAt": iso(approval.updated_at),
            "updatedBy": USER_ID,
            "updatedByUserName": state.user_name,
        },
        "type": "TIMESHEET",
    }


def _item_json(state: State, space: Space, approval: Approval) -> dict[str, Any]:
    entries = [
        e
        for e in space.entries.values()
        if approval.start <= state.local_day(e.start) < approval.end and e.end is not None
    ]
    seconds = sum(int((e.end - e.start).total_seconds()) for e in entries if e.end)
    tracked = f"PT{seconds // 3600}H{seconds % 3600 // 60}M"
    return {
        "approvalRequest": request_json(state, space, approval),
        "trackedTime": tracked,
        "pendingTime": tracked if approval.state == "PENDING" else "PT0S",
        "approvedTime": tracked if approval.state == "APPROVED" else "PT0S",
        "billableTime": "PT0S",
        "breakTime": "PT0S",
        "billableAmount": 0,
        "costAmount": 0,
        "expenseTotal": 0,
        "entries": [
            {"id": e.id, "description": e.description, "approvalRequestId": approval.id}
            for e in entries
        ],
        "expenses": [],
    }


def submit(state: State, space: Space, period: str, start: date) -> Approval | str:
    """A new pending request, or why Clockify would refuse it."""
    if period != space.approval_period:
        return "Approval period must match the workspace approval period setting"
    end = period_end(state, period, start)
    if end is None:
        return f"Approval period can't start on {start.isoformat()}"
    for other in space.approvals.values():
        if other.state in LOCKING and other.start < end and start < other.end:
            return "Approval request for this period has already been submitted"
    approval = Approval(state.new_id(), period, start, end)
    space.approvals[approval.id] = approval
    return approval


def decide(space: Space, request_id: str, new_state: str, note: str = "") -> Approval | str:
    """Move a request to ``new_state`` (an approver's or the owner's action), or say why not."""
    approval = space.approvals.get(request_id)
    if approval is None:
        return "ApprovalRequest doesn't belong to Workspace"
    if approval.state not in _MOVES.get(new_state, ()):
        return f"Approval request in state {approval.state} can't be set to {new_state}"
    approval.state = new_state
    approval.note = note
    approval.updated_at = datetime.now(UTC).replace(microsecond=0)
    return approval


def requests(
    state: State,
    space: Space,
    method: str,
    request_id: str | None,
    query: Query,
    body: Any,
    options: Options,
) -> Reply:
    from tests.fakes.clockify.api import Reply, paged

    if space.approval_period is None:
        return Reply(*error(403, "Approvals are not enabled on this workspace", 403))
    if method == "GET" and request_id is None:
        wanted = query.get("status", [None])[0]
        found = [a for a in space.approvals.values() if wanted in (None, a.state)]
        newest = query.get("sort-order", ["DESCENDING"])[0] != "ASCENDING"
        found.sort(key=lambda a: (a.start, a.updated_at, a.id), reverse=newest)
        return paged([_item_json(state, space, a) for a in found], query, options)
    if method == "POST" and request_id is None:
        start = datetime.fromisoformat(str(body.get("periodStart"))).date()  # wall clock
        made = submit(state, space, str(body.get("period")), start)
        if isinstance(made, str):
            return Reply(*error(400, made))
        return Reply(201, request_json(state, space, made))
    if method == "PATCH" and request_id is not None:
        moved = decide(space, request_id, str(body.get("state")), str(body.get("note") or ""))
        if isinstance(moved, str):
            return Reply(*error(400, moved))
        return Reply(200, request_json(state, space, moved))
    return Reply(*error(405, f"Request method '{method}' is not supported", 3000))
