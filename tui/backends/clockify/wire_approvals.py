"""Clockify's approval requests as they arrive (``ApprovalRequestDtoV1`` and the list's
``ApprovalRequestListItem`` in the corrected spec), read as leniently as the rest of
``wire.py``: only the fields punch reads."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from pydantic import BeforeValidator, Field

from tui.backends.clockify.wire import Instant, OptionalId, Text, Wire, none_is_object


class DateRange(Wire):
    start: Instant = None
    end: Instant = None


class Owner(Wire):
    user_id: OptionalId = None
    start_of_week: str | None = None
    time_zone: str | None = None


class Status(Wire):
    state: str | None = None
    note: Text = ""
    """The approver's note (a rejection's reason)."""
    updated_at: Instant = None
    updated_by_user_name: Text = ""


class ApprovalRequest(Wire):
    id: str
    date_range: Annotated[DateRange, BeforeValidator(none_is_object)] = Field(
        default_factory=DateRange
    )
    owner: Owner | None = None
    status: Annotated[Status, BeforeValidator(none_is_object)] = Field(default_factory=Status)

    @property
    def days(self) -> tuple[date, date] | None:
        """The first day and the day after the last. Clockify writes the range as wall-clock
        times marked ``Z`` (``…T00:00:00Z`` to ``…T23:59:59Z``, API notes §2.7), so the dates
        are read as written, never moved into another zone."""
        start, end = self.date_range.start, self.date_range.end
        if start is None or end is None or end <= start:
            return None
        return start.date(), (end - timedelta(seconds=1)).date() + timedelta(days=1)

    @property
    def state(self) -> str:
        return (self.status.state or "").strip().upper()


class ApprovalListItem(Wire):
    approval_request: ApprovalRequest | None = None
