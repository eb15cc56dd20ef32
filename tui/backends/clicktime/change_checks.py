"""ClickTime's refusals judged before a change is journaled (``ChecksChanges``), a mixin of
``ClickTimeBackend``.

Behind the replica an edit is kept in the journal first and sent later; a change ClickTime
would refuse for good (a day in a submitted, approved or locked timesheet, before the lock
date, a missing comment, a zero-hour or future entry, start and end times that cannot be
given) would then fail in the sender, long after the user moved on. So the journal asks
here first, and the refusal is said at once, in the same words the bare backend uses.

Judged only from what this session already holds — the user's settings and the company's
from ``/Me`` and ``/Company``, timesheets read within ``SHEET_TTL`` — never with a request:
the check runs on every edit, offline too. What is not known yet is not judged; ClickTime
itself still refuses it when the change is sent. A timesheet read longer ago is not
trusted to refuse (an approver may have reopened it); the grid's read-only days and the
sender's refusal cover it meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

from tui.backends.changes import EntryChange
from tui.backends.clicktime import checks, mapping, wire, wire_periods
from tui.backends.clicktime.periods import SHEET_TTL
from tui.backends.clicktime.timer import is_timer_id
from tui.domain.models import TimeEntry


class ClickTimeChangeChecks:
    checks_from_cache: bool = True
    """Never a request (``ChecksFromCache``): the journal asks offline too."""

    if TYPE_CHECKING:
        tz: tzinfo
        _now: Callable[[], datetime]
        _clock: Callable[[], float]
        _me_raw: wire.Me | None
        _company_raw: tuple[wire.Company | None] | None
        _sheet_read: dict[date, float]

        def _held_sheet(self, day: date) -> wire_periods.Timesheet | None: ...

    async def check_changes(self, workspace_id: str, changes: Sequence[EntryChange]) -> None:
        """Raise ``ValidationError`` for the first change ClickTime would refuse, as far as
        what is cached can tell."""
        known = self._company_raw is not None
        company = self._company_raw[0] if self._company_raw is not None else None
        if company is not None and workspace_id != mapping.workspace_id(company):
            return  # another company's: ClickTime's to refuse
        today = self._now().astimezone(self.tz).date()
        for before, after in changes:
            if before is not None and after is not None and before.fields() == after.fields():
                continue  # named unchanged: nothing is written
            if before is not None and not is_timer_id(before.id) and not before.locked:
                # The day an entry is moved or deleted from must be open too.
                day = before.start.astimezone(self.tz).date()
                checks.closed(company, day, self._fresh_sheet(day))
            if after is not None and after.end is not None:
                self._judge(after, known, company, today)

    def _judge(
        self, after: TimeEntry, known: bool, company: wire.Company | None, today: date
    ) -> None:
        fields = after.fields()
        day = checks.local_day(fields, self.tz)
        if known:
            checks.dated(company, day, today, self._fresh_sheet(day))
        else:
            checks.closed(None, day, self._fresh_sheet(day))
        me = self._me_raw
        if me is not None and known:
            checks.required(me, company, fields)
        if me is not None:
            checks.clock_span(me, fields, self.tz)
        if known:
            checks.rounded(company, fields)  # refuses what would round to zero hours

    def _fresh_sheet(self, day: date) -> wire_periods.Timesheet | None:
        """The timesheet held for ``day``, if it was read recently enough to refuse on."""
        sheet = self._held_sheet(day)
        if sheet is None or sheet.start_date is None:
            return None
        read = self._sheet_read.get(sheet.start_date)
        if read is None or self._clock() - read >= SHEET_TTL:
            return None
        return sheet
