"""Timesheet periods, for services where time is submitted per period and approved
(ClickTime; Clockify's approval requests). What the optional ``TimesheetPeriods`` part of a
backend answers with (ClickTime has it)."""

from __future__ import annotations

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
