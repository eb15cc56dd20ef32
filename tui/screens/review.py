"""The weekly review: the shown week at a glance, and what is wrong with it.

Opened with `r` from the grid, over it. `[` `]` `t` move the store's week (so the grid moves
with the review), `b` switches the breakdown, `e` exports, and Enter on a problem closes the
review with the cell that fixes it, which the grid then shows.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.markup import escape
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from tui.domain.periods import TimesheetPeriod
from tui.domain.review import BreakdownBy, Review
from tui.domain.weeks import shift_week, week_days, week_label, week_start_date
from tui.locations import styles_dir
from tui.reports.export import ExportFormat, shown_breakdowns
from tui.screens.export_week import EXPORT_LABEL, write_export
from tui.screens.review_jump import CellTarget
from tui.screens.review_submit import SUBMIT_BINDINGS, SubmitsTimesheet
from tui.session import Session
from tui.store.review import History, ReviewLoader, review_of
from tui.store.snapshot import Snapshot
from tui.widgets.breakdown_bars import BreakdownBars
from tui.widgets.day_bars import DayBars
from tui.widgets.key_footer import KeyFooter
from tui.widgets.period_bar import PeriodBar
from tui.widgets.problem_list import ProblemList
from tui.widgets.review_summary import ReviewSummary
from tui.widgets.status_line import StatusLine


class ReviewScreen(SubmitsTimesheet, Screen[CellTarget | None]):
    SHOWS_MESSAGES = True
    TITLE = "Weekly review"
    CSS_PATH = styles_dir() / "screens" / "review.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,r", "close", "Back", id="review.close", tooltip="Back to the grid"),
        Binding(
            "left_square_bracket",
            "shift_week(-1)",
            "Prev week",
            key_display="[",
            id="review.prev-week",
        ),
        Binding(
            "right_square_bracket",
            "shift_week(1)",
            "Next week",
            key_display="]",
            id="review.next-week",
        ),
        Binding("t", "this_week", "This week", show=False, id="review.this-week"),
        Binding(
            "b",
            "next_breakdown",
            "Breakdown",
            id="review.breakdown",
            tooltip="Break the week down by client, project, task or tag",
        ),
        Binding("e", "export", "Export", id="review.export", tooltip=EXPORT_LABEL),
        Binding("f5", "reload", "Reload", show=False, id="review.reload"),
        *SUBMIT_BINDINGS,
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.review: Review | None = None
        self._history: History | None = None
        self._loader: ReviewLoader | None = None
        self._week: date | None = None
        self._by: BreakdownBy = "project"
        self._said: tuple[str, str] = ("", "")
        self._period: TimesheetPeriod | None = None
        """The service's timesheet period holding the reviewed week, where there is one."""

    def compose(self) -> ComposeResult:
        yield Static(id="review-bar")
        yield PeriodBar(id="review-period")
        yield ReviewSummary(id="review-summary")
        with Container(id="review-body"):
            yield DayBars(id="review-days")
            with Vertical(id="review-breakdown"):
                yield Static(id="review-breakdown-title")
                with VerticalScroll(id="review-breakdown-scroll"):
                    yield BreakdownBars(id="review-breakdown-bars")
            with Vertical(id="review-problems"):
                yield Static(id="review-problems-title")
                yield ProblemList(id="review-problem-list")
        yield StatusLine(id="review-status", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(ProblemList).focus()
        # The first _show starts loading the shown week (or waits for the store to open).
        self.watch(self.session, "snapshot", self._show, init=True)

    @property
    def snap(self) -> Snapshot | None:
        return self.session.snapshot

    # ------------------------------------------------------------ loading

    def _load(self, week: date, *, fresh: bool = False) -> None:
        """Review ``week``; ``fresh`` reads every week again, the shown one included."""
        store = self.session.store
        if store is None or store.snapshot.workspace is None:
            return
        if self._loader is None or fresh:
            self._loader = ReviewLoader(store)
        self._week = week
        self._paint_bar()
        work = self._fetch(self._loader, week, fresh)
        self.run_worker(work, group="review", exclusive=True, exit_on_error=False)

    async def _fetch(self, loader: ReviewLoader, week: date, fresh: bool) -> None:
        history = await loader.load(week, reload=fresh)
        if history is not None:  # None: the user has moved on to another week
            self._history = history
            self._show(self.snap)
        store, snap = self.session.store, self.snap
        if store is not None and snap is not None and snap.capabilities.submit_timesheet:
            period = await store.timesheets.period_of(week)
            if self._week == week:  # a stale answer for a week left behind is dropped
                self._period = period
                self._paint_bar()

    # ------------------------------------------------------------ painting

    def _show(self, snap: Snapshot | None) -> None:
        if snap is None:
            return
        if self._week is None and snap.workspace is not None:
            self._load(snap.week)  # the store finished opening after the screen did
        said = self.session.said_on(self)
        if said != self._said:
            self._said = said
            self.query_one(StatusLine).say(*said)
        self._paint_bar()
        if snap.loading or snap.week != self._week:
            return  # keep the last review on screen until the new week is in
        store = self.session.store
        if store is None:
            return
        self.review = review_of(snap, self.session.settings, store.now(), self._history)
        self._paint(snap, self.review)

    def _paint_bar(self) -> None:
        snap = self.snap
        week = self._week or (snap.week if snap else None)
        parts = ["[b]Weekly review[/]"]
        if snap is not None and snap.workspace is not None:
            parts.append(escape(snap.workspace.name))
        if week is not None:
            parts.append(week_label(week))
        if snap is not None:
            parts.append(snap.tz.key)
            history_pending = self._history is None or self._history.week != week
            if snap.loading or snap.week != week or history_pending:
                parts.append("[dim]loading…[/]")
        # On a narrow screen the zone goes first, then the workspace: the week stays named.
        spare = [snap.tz.key] if snap is not None else []
        if snap is not None and snap.workspace is not None:
            spare.append(escape(snap.workspace.name))
        room = self.size.width - 2  # the bar's padding
        while spare and Text.from_markup("  ·  ".join(parts)).cell_len > room:
            parts.remove(spare.pop(0))
        self.query_one("#review-bar", Static).update("  ·  ".join(parts), layout=False)
        if week is not None:
            days = week_days(week)
            periods = snap.periods if snap is not None and snap.week == week else ()
            if not periods and self._period is not None:
                periods = (self._period,)
            self.query_one(PeriodBar).show(periods, days)

    def _paint(self, snap: Snapshot, review: Review) -> None:
        billable = snap.capabilities.billable
        history = self._history if self._history and self._history.week == snap.week else None
        self.query_one(ReviewSummary).show(
            review,
            show_billable=billable,
            history_error=history.error if history else "",
        )
        self.query_one(DayBars).show(review.days, snap.today)
        kinds = shown_breakdowns(snap)
        if self._by not in kinds:
            self._by = "project"
        title = Text.assemble(("By ", "bold"))
        for n, by in enumerate(kinds):
            title.append(" · " if n else " ", "dim")
            word = snap.terms.say(by)
            title.append(
                f" {word} " if by == self._by else word, "bold reverse" if by == self._by else "dim"
            )
        title.append("   b switches", "dim")
        self.query_one("#review-breakdown-title", Static).update(title)
        self.query_one(BreakdownBars).show(review.breakdown(self._by), billable)
        count = len(review.problems)
        heading = Text.assemble(
            (f"{count} problem{'' if count == 1 else 's'}" if count else "Problems", "bold"),
            ("   Enter goes to the cell that fixes it" if count else "", "dim"),
        )
        self.query_one("#review-problems-title", Static).update(heading)
        self.query_one(ProblemList).show(review.problems)

    def on_resize(self) -> None:
        self._paint_bar()
        snap = self.snap
        if snap is not None and self.review is not None:
            self._paint(snap, self.review)  # the summary words itself for the width

    # ------------------------------------------------------------ actions

    @on(ProblemList.Chosen)
    def _go_to_problem(self, event: ProblemList.Chosen) -> None:
        snap = self.snap
        if snap is not None:
            self.dismiss(CellTarget.of(event.problem, snap.week_start_day))

    def action_close(self) -> None:
        self.dismiss(None)

    def action_shift_week(self, weeks: int) -> None:
        if self._week is not None:
            self._load(shift_week(self._week, weeks))

    def action_this_week(self) -> None:
        snap, store = self.snap, self.session.store
        if snap is not None and store is not None:
            today = store.now().astimezone(snap.tz).date()
            self._load(week_start_date(today, snap.week_start_day))

    def action_reload(self) -> None:
        if self._week is not None:
            self._load(self._week, fresh=True)

    def action_next_breakdown(self) -> None:
        snap = self.snap
        if snap is None or self.review is None:
            return
        kinds = shown_breakdowns(snap)
        self._by = (
            kinds[(kinds.index(self._by) + 1) % len(kinds)] if self._by in kinds else "project"
        )
        self._paint(snap, self.review)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("submit", "undo_submission"):
            return self._timesheet_check(action)
        return True

    def action_export(self) -> None:
        from tui.screens.export_choice import ExportChoiceScreen

        review, snap = self.review, self.snap
        if review is None or snap is None:
            self.query_one(StatusLine).say("The review is still loading", "warning")
            return

        def chosen(fmt: ExportFormat | None) -> None:
            if fmt is not None:
                self.run_worker(self._export(review, snap, fmt), group="review-export")

        self.app.push_screen(ExportChoiceScreen(week_label(review.first)), chosen)

    async def _export(self, review: Review, snap: Snapshot, fmt: ExportFormat) -> None:
        self.query_one(StatusLine).say(*await write_export(review, snap, fmt))
