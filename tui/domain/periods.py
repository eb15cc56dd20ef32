"""Timesheet periods, for services where time is submitted per period and approved
(ClickTime; Clockify's approval requests). What the optional ``TimesheetPeriods`` part of a
backend answers with (ClickTime has it)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

ApprovalState = Literal["open", "submitted", "approved", "rejected"]


@dataclass(frozen=True, slots=True, kw_only=True)
class TimesheetPeriod:
    workspace_id: str
    start: date
    end: date
    """The first day after the period."""
    state: ApprovalState = "open"
    locked: bool = False
    """Entries in the period cannot be changed (submitted or approved, as the service rules)."""
    comment: str = ""
    """The approver's comment on the latest rejection (a rejected period), where known."""

    @property
    def last(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def span(self) -> str:
        """``Mon 16 Nov – Sun 22 Nov 2026``: the service's own period, for messages."""
        return f"{self.start:%a %d %b} – {self.last:%a %d %b %Y}"

    @property
    def submittable(self) -> bool:
        """Open or rejected (to be fixed and sent again); not while submitted or approved."""
        return self.state in ("open", "rejected")

    def holds(self, day: date) -> bool:
        return self.start <= day < self.end

    @property
    def shown_state(self) -> str:
        """``submitted`` and so on, or ``locked`` for an open period that cannot change."""
        return "locked" if self.locked and self.state in ("open", "rejected") else self.state

    @property
    def what_to_do(self) -> str:
        """What the user can do to change a day of this locked period."""
        if self.state == "submitted":
            return "undo the submission (U in the review) to change it"
        if self.state == "approved":
            return "ask your approver to reopen it"
        return "ask whoever manages your timesheets to unlock it"

    def closed_reason(self, day: date) -> str | None:
        """Why ``day`` cannot be changed, with what to do (short enough for one status
        line); None when it can."""
        if not self.locked or not self.holds(day):
            return None
        state = self.shown_state
        article = "an" if state[0] in "aeiou" else "a"
        where = f"{article} {state} timesheet ({self.short_span})"
        return f"{day:%a %d %b} is in {where}: {self.what_to_do}"

    @property
    def short_span(self) -> str:
        """``16 – 22 Nov``, or ``26 Oct – 1 Nov`` across months."""
        first, last = self.start, self.last
        if (first.year, first.month) == (last.year, last.month):
            return f"{first.day} – {last.day} {last:%b}"
        return f"{first.day} {first:%b} – {last.day} {last:%b}"


def period_holding(periods: Iterable[TimesheetPeriod], day: date) -> TimesheetPeriod | None:
    return next((p for p in periods if p.holds(day)), None)


def closed_days(periods: Iterable[TimesheetPeriod], days: Iterable[date]) -> frozenset[int]:
    """Indexes of ``days`` that lie in a locked period."""
    held = list(periods)
    return frozenset(
        n for n, day in enumerate(days) if any(p.locked and p.holds(day) for p in held)
    )
