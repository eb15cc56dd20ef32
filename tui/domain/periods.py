"""Timesheet periods, for services where time is submitted per period and approved
(ClickTime; Clockify's approval requests). What the optional ``TimesheetPeriods`` part of a
backend answers with; nobody implements that part yet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
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
