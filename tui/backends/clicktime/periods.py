"""ClickTime's timesheets as ``TimesheetPeriods`` (API notes §6). A mixin of
``ClickTimeBackend``.

A period is whatever ClickTime says it is (weekly, biweekly, semimonthly, monthly or custom,
anchored as the company's account is): it is read with ``GET /Me/Timesheets/{date}``, never
computed. Submitting posts the ``Submit`` action to that same date, after asking which actions
the timesheet allows now (the list's actions are "generalized", the spec says), so a refusal
names what is allowed instead of failing on the server.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from tui.backends.clicktime import paging, wire, wire_periods
from tui.backends.clicktime.errors import PermissionDeniedError
from tui.backends.errors import BackendError, NotFoundError, ValidationError
from tui.backends.http import Found, HttpClient
from tui.backends.pacing import SingleFlight
from tui.domain.periods import ApprovalState, TimesheetPeriod

_STATES: dict[str, ApprovalState] = {
    "open": "open",
    "waiting": "submitted",
    "jobhold": "submitted",
    "torahold": "submitted",
    "approved": "approved",
    "rejected": "rejected",
}
SHEET_TTL = 60.0
"""Seconds a week load trusts the timesheets it read last (an approver's decision shows up
within a minute; ``timesheet_period`` always reads afresh)."""
_EDITABLE = frozenset({"open", "rejected"})
"""Statuses whose days can still change; Locked, Waiting, the holds and Approved cannot."""


def period(
    sheet: wire_periods.Timesheet, workspace_id: str, lock_date: date | None = None
) -> TimesheetPeriod:
    """One timesheet as a domain period (its ``end`` the day after the last)."""
    status = sheet.status.strip().lower()
    if sheet.start_date is None or sheet.end_date is None:
        raise BackendError("ClickTime sent a timesheet without its dates.")
    state = _STATES.get(status)
    if state is None:  # "Locked", or a status the spec does not list
        state = "submitted" if sheet.has_been_submitted else "open"
    locked = status not in _EDITABLE or (lock_date is not None and lock_date >= sheet.end_date)
    return TimesheetPeriod(
        workspace_id=workspace_id,
        start=sheet.start_date,
        end=sheet.end_date + timedelta(days=1),
        state=state,
        locked=locked,
    )


class ClickTimePeriods:
    if TYPE_CHECKING:
        http: HttpClient
        _sheets: dict[date, wire_periods.Timesheet]
        _sheet_read: dict[date, float]
        _clock: Callable[[], float]
        _flights: SingleFlight[Any]
        _comments: dict[tuple[str, date | None], str]

        async def _workspace_id(self, workspace_id: str) -> str: ...
        async def _company(self) -> wire.Company | None: ...

    def _remember(self, sheet: wire_periods.Timesheet) -> None:
        if sheet.start_date is not None:
            self._sheets[sheet.start_date] = sheet
            self._sheet_read[sheet.start_date] = self._clock()

    def _sheets_fresh(self, first: date, last: date) -> bool:
        """Whether every day of ``first``..``last`` is in a timesheet read within the TTL."""
        day = first
        while day <= last:
            sheet = self._held_sheet(day)
            if sheet is None or sheet.start_date is None or sheet.end_date is None:
                return False
            if self._clock() - self._sheet_read.get(sheet.start_date, -SHEET_TTL) >= SHEET_TTL:
                return False
            day = sheet.end_date + timedelta(days=1)
        return True

    def _held_sheet(self, day: date) -> wire_periods.Timesheet | None:
        for sheet in self._sheets.values():
            if sheet.start_date and sheet.end_date and sheet.start_date <= day <= sheet.end_date:
                return sheet
        return None

    async def _read_sheets(self, first: date, last: date) -> list[wire_periods.Timesheet]:
        """The timesheets that touch ``first``..``last``: one paged list, shared by the
        callers that ask at once (the week's entries and the grid's periods)."""
        found: list[wire_periods.Timesheet] = await self._flights.run(
            ("sheets", first, last), lambda: self._list_sheets(first, last)
        )
        return found

    async def _list_sheets(self, first: date, last: date) -> list[wire_periods.Timesheet]:
        raw = await paging.paginate(
            self.http,
            "/Me/Timesheets",
            {"FromDate": first.isoformat(), "ToDate": last.isoformat()},
        )
        sheets = wire.parse_items(wire_periods.Timesheet, raw)
        for sheet in sheets:
            self._remember(sheet)
        return sheets

    async def _read_sheet(self, day: date) -> wire_periods.Timesheet:
        data = await paging.get_data(self.http, f"/Me/Timesheets/{day.isoformat()}")
        sheet = wire_periods.Timesheet.model_validate(data)
        self._remember(sheet)
        return sheet

    async def _lock_date(self) -> date | None:
        company = await self._company()
        return company.lock_date if company else None

    async def timesheet_period(self, workspace_id: str, day: date) -> TimesheetPeriod:
        ws = await self._workspace_id(workspace_id)
        return period(await self._read_sheet(day), ws, await self._lock_date())

    async def timesheet_periods(
        self, workspace_id: str, first: date, last: date
    ) -> list[TimesheetPeriod]:
        """The periods holding ``first``..``last`` from the week's one list (fresh for
        ``SHEET_TTL``); a rejected one with the approver's comment (one history read per
        rejection, kept while the timesheet stays rejected). None where the user may not
        read timesheets."""
        ws = await self._workspace_id(workspace_id)
        with contextlib.suppress(PermissionDeniedError, NotFoundError):
            if not self._sheets_fresh(first, last):
                await self._read_sheets(first, last)
        lock = await self._lock_date()
        found: list[TimesheetPeriod] = []
        day = first
        while day <= last:
            sheet = self._held_sheet(day)
            if sheet is None or sheet.end_date is None:
                day += timedelta(days=1)
                continue
            held = period(sheet, ws, lock)
            if held.state == "rejected":
                held = replace(held, comment=await self._comment_of(ws, sheet))
            found.append(held)
            day = sheet.end_date + timedelta(days=1)
        return found

    async def _comment_of(self, ws: str, sheet: wire_periods.Timesheet) -> str:
        key = (sheet.id, sheet.rejected_date)
        if key not in self._comments and sheet.start_date is not None:
            try:
                self._comments[key] = await self.rejection_comment(ws, sheet.start_date) or ""
            except BackendError:
                return ""  # the state still shows; the comment is read again next time
        return self._comments.get(key, "")

    async def rejection_comment(self, workspace_id: str, day: date) -> str | None:
        """The approver's comment on the latest rejection of the timesheet holding ``day``."""
        await self._workspace_id(workspace_id)
        raw = await paging.get_data(self.http, f"/Me/Timesheets/{day.isoformat()}/History")
        for line in wire.parse_items(wire_periods.TimesheetHistory, raw):
            if line.action.strip().lower() == "reject":
                return (line.comment or "").strip() or None
        return None

    async def submit_timesheet(
        self, workspace_id: str, period: TimesheetPeriod, comment: str | None = None
    ) -> TimesheetPeriod:
        return await self.timesheet_action(workspace_id, period, "Submit", comment)

    async def undo_submission(self, workspace_id: str, period: TimesheetPeriod) -> TimesheetPeriod:
        return await self.timesheet_action(workspace_id, period, "UndoSubmit")

    async def timesheet_action(
        self,
        workspace_id: str,
        period_: TimesheetPeriod,
        action: str,
        comment: str | None = None,
    ) -> TimesheetPeriod:
        ws = await self._workspace_id(workspace_id)
        path = f"/Me/Timesheets/{period_.start.isoformat()}/Actions"
        allowed = wire.parse_items(
            wire_periods.TimesheetAction, await paging.get_data(self.http, path)
        )
        if not any(a.action.casefold() == action.casefold() for a in allowed):
            names = ", ".join(a.action for a in allowed if a.action) or "none"
            raise ValidationError(
                f"ClickTime does not allow '{action}' on the timesheet of "
                f"{period_.start.isoformat()} now (allowed: {names})."
            )
        body: dict[str, Any] = {"Action": action}
        if comment:
            body["Comment"] = comment
        wanted = "submitted" if action == "Submit" else "open"

        async def look() -> Found | None:
            sheet = await self._read_sheet(period_.start)
            done = period(sheet, ws).state == wanted
            return Found({"data": sheet.model_dump(by_alias=True, mode="json")}) if done else None

        answer = await self.http.write("POST", path, body, look=look)
        data = paging.data_of(answer, self.http.service)
        sheet = (
            wire_periods.Timesheet.model_validate(data)
            if isinstance(data, dict) and data.get("ID")
            else await self._read_sheet(period_.start)
        )
        self._remember(sheet)
        return period(sheet, ws, await self._lock_date())
