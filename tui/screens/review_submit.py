"""Submitting the reviewed week's timesheet for approval, with a comment for the approver,
and taking a submission back: a mixin of ``ReviewScreen`` (backends with timesheets only).

``s`` asks for an optional comment first (Enter on a blank line sends none, Esc gives up),
then shows what will be submitted and asks; ``U`` undoes a submission while the service
allows it. Both are in the palette, like every key of the review."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import TYPE_CHECKING

from textual.binding import Binding

from tui.domain.durations import format_duration
from tui.domain.periods import TimesheetPeriod
from tui.domain.review import Review
from tui.screens.confirm import ConfirmScreen
from tui.screens.line_prompt import LinePromptScreen
from tui.session import Session
from tui.store import Store
from tui.store.snapshot import Snapshot
from tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui.screens.review_jump import CellTarget

    _ScreenBase = Screen[CellTarget | None]
else:
    _ScreenBase = object

SUBMIT_BINDINGS = [
    Binding(
        "s",
        "submit",
        "Submit",
        id="review.submit",
        tooltip="Submit the timesheet that holds this week for approval",
    ),
    Binding(
        "U",
        "undo_submission",
        "Undo submit",
        id="review.undo-submission",
        show=False,
        tooltip="Undo the submission of the timesheet that holds this week",
    ),
]


def submit_detail(review: Review | None, period: TimesheetPeriod) -> str:
    """What the question shows under it: the week's hours against its target and its
    problems, or that the service's period is longer than the week shown."""
    detail = ""
    if review is not None and (review.first, review.last) == (period.start, period.last):
        problems = len(review.problems)
        detail = f"{format_duration(review.total)} of {format_duration(review.target)}" + (
            f"; {problems} problem{'' if problems == 1 else 's'} below" if problems else ""
        )
    elif review is not None:
        detail = "The service's period is not the week shown: it is submitted whole."
    if period.state == "rejected":
        detail = f"It was rejected. {detail}".strip()
    return detail


class SubmitsTimesheet(_ScreenBase):
    if TYPE_CHECKING:  # provided by ReviewScreen
        session: Session
        review: Review | None
        _week: date | None
        _period: TimesheetPeriod | None

        @property
        def snap(self) -> Snapshot | None: ...
        def _paint_bar(self) -> None: ...

    def _timesheet_check(self, action: str) -> bool | None:
        """Hidden where the service has no timesheets (or cannot take a submission back)."""
        snap, store = self.snap, self.session.store
        has_sheets = snap is not None and snap.capabilities.submit_timesheet
        if action == "undo_submission":
            return has_sheets and store is not None and store.timesheets.can_undo
        return has_sheets

    def action_submit(self) -> None:
        self._on_week(self._ask_submit)

    def action_undo_submission(self) -> None:
        self._on_week(self._undo)

    def _on_week(self, work: Callable[[Store, date], Awaitable[None]]) -> None:
        store = self.session.store
        if store is not None and self._week is not None:
            self.run_worker(work(store, self._week), group="review-submit")

    async def _ask_submit(self, store: Store, week: date) -> None:
        status = self.query_one(StatusLine)
        period = await store.timesheets.period_of(week)
        if period is None:
            return
        if not period.submittable:
            status.say(f"The timesheet of {period.span} is already {period.state}", "warning")
            return
        detail = submit_detail(self.review, period)

        def answered(yes: bool | None, comment: str) -> None:
            if yes:
                self.session.run_edit(lambda store: self._submit(store, period, week, comment))

        def commented(comment: str | None) -> None:
            if comment is None:
                return  # Esc: nothing is submitted
            question = f"Submit the timesheet of {period.span} for approval?"
            said = detail + (f"\nComment: {comment}" if comment else "")
            self.app.push_screen(
                ConfirmScreen(question, detail=said), lambda yes: answered(yes, comment)
            )

        self.app.push_screen(
            LinePromptScreen(
                f"Submit the timesheet of {period.span}",
                label="A comment for your approver (optional)",
                placeholder="no comment",
                hint="enter goes on (blank: no comment) · esc cancels",
            ),
            commented,
        )

    async def _submit(
        self, store: Store, period: TimesheetPeriod, week: date, comment: str
    ) -> None:
        if await store.timesheets.submit(period, comment or None) and self._week == week:
            self._period = await store.timesheets.period_of(week)
            self._paint_bar()

    async def _undo(self, store: Store, week: date) -> None:
        period = await store.timesheets.period_of(week)
        if period is None:
            return
        if period.state != "submitted":
            self.query_one(StatusLine).say(
                f"The timesheet of {period.span} is {period.shown_state}: "
                "there is no submission to undo",
                "warning",
            )
            return

        async def undo(store: Store) -> None:
            if await store.timesheets.undo(period) and self._week == week:
                self._period = await store.timesheets.period_of(week)
                self._paint_bar()

        self.session.run_edit(undo)
