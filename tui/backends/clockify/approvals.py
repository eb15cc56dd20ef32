"""Clockify's approval requests as ``TimesheetPeriods`` (corrected spec,
``/workspaces/{id}/approval-requests``). A mixin of ``ClockifyBackend``.

Clockify's public API says whether a workspace's plan has approvals (``features`` lists
``APPROVAL``) but not which period the workspace submits (weekly, semi-monthly or monthly,
which every request must match). So a period is the range of the user's own request that
holds the day where there is one; otherwise it has the length of the user's latest request,
and a week from the user's week start when there is none yet. A submit for the wrong period
is refused by Clockify in its own words, and nothing is made.

Requests are read in three lists: ``status=PENDING`` and ``status=APPROVED`` (the states that
lock a week, which the spec lets a list filter on) and one without a filter, for rejected and
withdrawn ones. They are kept ``REQUESTS_TTL`` seconds for the read-only check on writes
(which reads them again before it refuses); ``timesheet_period`` and every action read them
afresh.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from tui.backends.clockify import paging, wire
from tui.backends.clockify.wire_approvals import ApprovalListItem, ApprovalRequest
from tui.backends.errors import ValidationError
from tui.backends.http import Found, HttpClient
from tui.domain.periods import ApprovalState, TimesheetPeriod

if TYPE_CHECKING:
    from tui.backends.changes import EntryChange

REQUESTS_TTL = 60.0
"""Seconds the read-only check trusts the requests it read last."""
LOOKBACK = timedelta(days=62)
"""Pages of requests (newest first) are read until they start this long before the day
asked about: enough for a monthly period, without reading years of an approver's history."""
_STATES: dict[str, ApprovalState] = {
    "PENDING": "submitted",
    "APPROVED": "approved",
    "REJECTED": "rejected",
    "WITHDRAWN_SUBMISSION": "open",
    "WITHDRAWN_APPROVAL": "open",
}
LOCKING = frozenset({"PENDING", "APPROVED"})
_EARLIEST = datetime.min.replace(tzinfo=UTC)
_WEEKDAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")


def period_kind(requests: Iterable[ApprovalRequest]) -> str:
    """The workspace's period, as the user's latest request shows it; a week without one."""
    for request in requests:
        days = request.days
        if days is None:
            continue
        length = (days[1] - days[0]).days
        if length <= 7:
            return "WEEKLY"
        if length <= 16 and days[0].day in (1, 16):
            return "SEMI_MONTHLY"
        return "MONTHLY"
    return "WEEKLY"


def computed_days(kind: str, day: date, week_start: str | None) -> tuple[date, date]:
    """The period of ``kind`` that holds ``day``: its first day and the day after its last."""
    if kind == "MONTHLY":
        first = day.replace(day=1)
        return first, (first + timedelta(days=32)).replace(day=1)
    if kind == "SEMI_MONTHLY":
        if day.day <= 15:
            return day.replace(day=1), day.replace(day=16)
        return day.replace(day=16), (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    start_day = (week_start or "MONDAY").strip().upper()
    weekday = _WEEKDAYS.index(start_day) if start_day in _WEEKDAYS else 0
    first = day - timedelta(days=(day.weekday() - weekday) % 7)
    return first, first + timedelta(days=7)


def holding(requests: Iterable[ApprovalRequest], day: date) -> ApprovalRequest | None:
    """The request that rules ``day``: one that locks it, else the latest that holds it."""
    found = [r for r in requests if r.days is not None and r.days[0] <= day < r.days[1]]
    locking = [r for r in found if r.state in LOCKING]
    chosen = locking or found
    return chosen[0] if chosen else None


def closed_reason(request: ApprovalRequest | None, day: date) -> str | None:
    """Why ``day`` cannot change (and what to do), or None when it can."""
    if request is None or request.state not in LOCKING:
        return None
    if request.state == "PENDING":
        return (
            f"The timesheet of {day.isoformat()} is submitted for approval in Clockify; "
            "withdraw the request (undo the submission) to change it."
        )
    return (
        f"The timesheet of {day.isoformat()} is approved in Clockify; "
        "ask your approver to withdraw the approval to change it."
    )


class ClockifyApprovals:
    if TYPE_CHECKING:
        http: HttpClient
        _approvals: dict[str, tuple[float, date, list[ApprovalRequest]]]
        _approvals_clock: Callable[[], float]

        async def _me(self) -> wire.User: ...
        async def _workspace(self, workspace_id: str) -> wire.Workspace: ...
        async def _all_workspaces(self) -> list[wire.Workspace]: ...
        def _zone(self, me: wire.User) -> ZoneInfo: ...

    async def uses_timesheets(self, workspace_id: str) -> bool:
        """Whether the workspace's plan has approvals: only then are periods offered."""
        return "APPROVAL" in (await self._workspace(workspace_id)).features

    async def _requests(
        self, workspace_id: str, since: date, *, fresh: bool = True
    ) -> list[ApprovalRequest]:
        """The user's own requests back to ``since`` (and a little before), newest first."""
        held = self._approvals.get(workspace_id)
        if (
            not fresh
            and held is not None
            and self._approvals_clock() - held[0] < REQUESTS_TTL
            and held[1] <= since
        ):
            return held[2]
        me = await self._me()
        path = f"/workspaces/{workspace_id}/approval-requests"
        lists = await asyncio.gather(
            *(
                self._list_requests(path, status, since - LOOKBACK)
                for status in ("PENDING", "APPROVED", "")
            )
        )
        mine: dict[str, ApprovalRequest] = {}
        for found in lists:
            for request in found:
                owner = request.owner.user_id if request.owner else None
                if owner in (None, me.id):  # an approver also sees the team's requests
                    mine[request.id] = request
        ordered = sorted(
            mine.values(),
            key=lambda r: (
                r.days[0] if r.days else date.min,
                r.status.updated_at or _EARLIEST,
                r.id,
            ),
            reverse=True,
        )
        self._approvals[workspace_id] = (self._approvals_clock(), since, ordered)
        return ordered

    async def _list_requests(self, path: str, status: str, oldest: date) -> list[ApprovalRequest]:
        """One paged list, newest first, read until a page reaches back past ``oldest``."""
        params: dict[str, Any] = {"sort-column": "START", "sort-order": "DESCENDING"}
        if status:
            params["status"] = status
        found: list[ApprovalRequest] = []
        for number in range(1, paging.MAX_PAGES + 1):
            page = await paging.page(
                self.http, path, {**params, "page": number, "page-size": paging.PAGE_SIZE}
            )
            items = [ApprovalListItem.read(item).approval_request for item in page.items]
            requests = [r for r in items if r is not None]
            found.extend(requests)
            starts = [r.days[0] for r in requests if r.days]
            if page.last or len(page.items) < paging.PAGE_SIZE or (starts and min(starts) < oldest):
                break
        return found

    async def _period(
        self, workspace_id: str, day: date, requests: list[ApprovalRequest]
    ) -> TimesheetPeriod:
        request = holding(requests, day)
        if request is not None and request.days is not None:
            first, end = request.days
            state = _STATES.get(request.state, "open")
            return TimesheetPeriod(
                workspace_id=workspace_id,
                start=first,
                end=end,
                state=state,
                locked=request.state in LOCKING,
            )
        me = await self._me()
        week_start = me.settings.week_start if me.settings else None
        first, end = computed_days(period_kind(requests), day, week_start)
        return TimesheetPeriod(workspace_id=workspace_id, start=first, end=end)

    async def timesheet_period(self, workspace_id: str, day: date) -> TimesheetPeriod:
        """The period holding ``day`` with its state: open, submitted (pending), approved,
        rejected; a withdrawn request leaves it open."""
        return await self._period(workspace_id, day, await self._requests(workspace_id, day))

    async def timesheet_periods(
        self, workspace_id: str, first: date, last: date
    ) -> list[TimesheetPeriod]:
        """The periods that hold ``first``..``last`` from one read of the requests (what
        makes ``U`` in the review possible: see ``TimesheetDetails``); a rejected one
        carries the approver's note."""
        requests = await self._requests(workspace_id, first)
        periods: list[TimesheetPeriod] = []
        day = first
        while day <= last:
            period = await self._period(workspace_id, day, requests)
            request = holding(requests, day)
            if period.state == "rejected" and request is not None:
                period = replace(period, comment=request.status.note.strip())
            periods.append(period)
            day = max(period.end, day + timedelta(days=1))
        return periods

    async def rejection_comment(self, workspace_id: str, day: date) -> str | None:
        """The approver's note on the rejected request that holds ``day``."""
        request = holding(await self._requests(workspace_id, day), day)
        if request is None or request.state != "REJECTED":
            return None
        return request.status.note.strip() or None

    async def submit_timesheet(
        self, workspace_id: str, period: TimesheetPeriod, comment: str | None = None
    ) -> TimesheetPeriod:
        """Send the period's approval request. Clockify's request carries no note from the
        one who submits, so a comment is refused rather than dropped unsaid."""
        if comment and comment.strip():
            raise ValidationError(
                "Clockify's approval requests carry no comment from the one who submits; "
                "submit without --comment and tell your approver another way."
            )
        requests = await self._requests(workspace_id, period.start)
        current = await self._period(workspace_id, period.start, requests)
        if not current.submittable:
            raise ValidationError(
                f"The timesheet of {current.span} is already {current.state} in Clockify."
            )
        path = f"/workspaces/{workspace_id}/approval-requests"
        body = {"period": period_kind(requests), "periodStart": f"{current.start}T00:00:00Z"}

        async def look() -> Found | None:
            again = holding(await self._requests(workspace_id, current.start), current.start)
            if again is None or again.state not in LOCKING:
                return None
            return Found(again.model_dump(by_alias=True, mode="json"))

        await self.http.write("POST", path, body, look=look)
        return await self.timesheet_period(workspace_id, current.start)

    async def undo_submission(self, workspace_id: str, period: TimesheetPeriod) -> TimesheetPeriod:
        """Withdraw the pending request (``WITHDRAWN_SUBMISSION``); an approved one only its
        approver can withdraw."""
        request = holding(await self._requests(workspace_id, period.start), period.start)
        if request is None or request.state not in LOCKING:
            raise ValidationError(
                f"The timesheet of {period.span} is not submitted; there is nothing to withdraw."
            )
        if request.state == "APPROVED":
            raise ValidationError(
                f"The timesheet of {period.span} is approved; only your approver can withdraw "
                "the approval in Clockify."
            )
        path = f"/workspaces/{workspace_id}/approval-requests/{request.id}"

        async def look() -> Found | None:
            again = holding(await self._requests(workspace_id, period.start), period.start)
            return Found() if again is None or again.state not in LOCKING else None

        await self.http.write("PATCH", path, {"state": "WITHDRAWN_SUBMISSION"}, look=look)
        return await self.timesheet_period(workspace_id, period.start)

    # ------------------------------------------------------------ the read-only check

    async def refuse_closed(self, workspace_id: str, instants: Iterable[datetime]) -> None:
        """Refuse, before anything is sent, a change at a time on a day of a pending or
        approved period (the day an entry is moved or deleted from as well as the day it is
        written to). Days are the user's, in the zone of the Clockify profile."""
        instants = list(instants)
        # A workspace this account does not list is the service's to refuse, not ours.
        found = [w for w in await self._all_workspaces() if w.id == workspace_id]
        if not instants or not found or "APPROVAL" not in found[0].features:
            return
        zone = self._zone(await self._me())
        wanted = sorted({instant.astimezone(zone).date() for instant in instants})
        requests = await self._requests(workspace_id, wanted[0], fresh=False)
        if any(closed_reason(holding(requests, day), day) for day in wanted):
            # Refused only on what Clockify says now: the approver may have just rejected it.
            requests = await self._requests(workspace_id, wanted[0])
        for day in wanted:
            if (why := closed_reason(holding(requests, day), day)) is not None:
                raise ValidationError(why)

    async def check_changes(self, workspace_id: str, changes: Iterable[EntryChange]) -> None:
        """``refuse_closed`` for a batch of changes, as a journal asks before it keeps
        them (see ``tui.backends.base.ChecksChanges``)."""
        starts = [entry.start for change in changes for entry in change if entry is not None]
        await self.refuse_closed(workspace_id, starts)
