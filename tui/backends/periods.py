"""Timesheet periods, for services where time is submitted per period and approved
(ClickTime). The shape of the optional ``TimesheetPeriods`` part; nobody implements it yet.
Pure data: it belongs with the domain models once a backend and a screen use it."""

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
