"""ClickTime in the screens (issue 12): the company's words, the timesheet period and state
of each shown day, read-only closed days, a rejection's comment, submitting with a comment
for the approver and taking it back, time off as read-only rows that count, and entries
without clock times. Pilot keystrokes over the fake ClickTime on loopback, on the bare backend
and behind the local replica."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from tests.app.pilot_helpers import loaded, settle, type_text
from tests.app.test_clicktime_app import SIZE, app_on, status
from tests.app.test_submit_app import ACTIONS, open_review
from tests.fakes.clicktime import State
from tests.fakes.clicktime.testing import seeded, serving
from tui.app import PunchcardApp
from tui.domain.time_off import time_off_key
from tui.keys.bindings import own_bindings
from tui.screens.cell_entries import CellEntriesScreen
from tui.screens.confirm import ConfirmScreen
from tui.screens.line_prompt import LinePromptScreen
from tui.screens.projects import ProjectsScreen
from tui.screens.review import ReviewScreen
from tui.screens.row_picker import RowPickerScreen
from tui.widgets.period_bar import PeriodBar
from tui.widgets.timesheet_table import TimesheetTable

MONDAY = date(2026, 11, 16)
WEDNESDAY = date(2026, 11, 18)


def period_text(app: PunchcardApp) -> str:
    bar = app.screen.query_one(PeriodBar)
    assert bar.display, "the period bar is hidden"
    return str(bar.render())


def labels(app: PunchcardApp) -> dict[str, str]:
    """Action → the label the footer shows for it."""
    return {b.action: b.description for _, b in own_bindings(app.screen)}


def palette(app: PunchcardApp) -> dict[str, str]:
    """Action → the command the palette lists for it."""
    return {b.action: b.tooltip or b.description for _, b in own_bindings(app.screen)}


async def on_website_meetings(app: PunchcardApp, pilot: Any, ids: Any) -> TimesheetTable:
    table = app.screen.query_one(TimesheetTable)
    table.focus_row((ids.website, f"{ids.website}/{ids.meetings}"), 2)  # Wednesday
    await settle(pilot)
    return table


async def test_a_company_that_calls_jobs_matters_sees_matters(
    clicktime_replica: Path | None,
) -> None:
    state, _ = seeded(
        State(
            JobTermSingular="Matter",
            JobTermPlural="Matters",
            ClientTermSingular="Customer",
            ClientTermPlural="Customers",
        )
    )
    with serving(state) as fake:
        app = app_on(fake, clicktime_replica)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert loaded(app).terms.projects == "Matters"
            header = app.screen.query_one(TimesheetTable).render_line(0).text
            assert header.startswith("Customer › Matter › Task")
            assert labels(app)["projects"] == "Matters"
            assert palette(app)["tasks"] == "Tasks of the matter under the cursor"

            await pilot.press("a")
            await settle(pilot)
            assert isinstance(app.screen, RowPickerScreen)
            keys = str(app.screen.query_one("#picker").border_subtitle)  # the picker's keys
            assert "customer › matter › task creates" in keys
            await pilot.press("escape")

            await pilot.press("p")
            await settle(pilot)
            assert isinstance(app.screen, ProjectsScreen)
            assert str(app.screen.query_one("#projects-title").render()) == "Matters · enter: tasks"
            heads = [str(c.label) for c in app.screen.table.columns.values()]
            assert "Matter" in heads
            assert "Project" not in heads
            tooltips = {b.action: b.tooltip for _, b in app.screen._bindings}
            assert tooltips["open"] == "Open the matter's tasks"
            await pilot.press("escape")

            await pilot.press("r")
            await settle(pilot)
            assert isinstance(app.screen, ReviewScreen)
            title = str(app.screen.query_one("#review-breakdown-title").render())
            assert "matter" in title
            assert "customer" in title
            assert "project" not in title


async def test_the_grid_says_the_period_and_its_state_for_the_shown_days(
    clicktime_replica: Path | None,
) -> None:
    state, _ = seeded(State(TimesheetModel="semimonthly"))
    with serving(state) as fake:
        app = app_on(fake, clicktime_replica)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            # The week of 16 Nov lies whole in the second half of November: the period is
            # the service's, not the shown week.
            assert "Timesheet Mon 16 Nov – Mon 30 Nov 2026: open" in period_text(app)
            await pilot.press("left_square_bracket")
            await settle(pilot)
            text = period_text(app)  # Mon 9 – Sun 15 Nov: the first half of November
            assert "Timesheet Sun 01 Nov – Sun 15 Nov 2026: open" in text
            assert "Mon 16 Nov – Mon 30 Nov 2026" not in text
            await pilot.press("left_square_bracket", "left_square_bracket")
            await settle(pilot)
            text = period_text(app)  # Mon 26 Oct – Sun 1 Nov: two periods
            assert "Timesheets Fri 16 Oct – Sat 31 Oct 2026 (shown Mon–Sat): open" in text
            assert "Sun 01 Nov – Sun 15 Nov 2026 (shown Sun): open" in text


async def test_a_submitted_week_is_read_only_and_typing_is_refused_at_once(
    clicktime_replica: Path | None,
) -> None:
    state, ids = seeded()
    state.sheet(WEDNESDAY).status = "Waiting"  # submitted in ClickTime's web app
    with serving(state) as fake:
        app = app_on(fake, clicktime_replica)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            text = period_text(app)
            assert "Mon 16 Nov – Sun 22 Nov 2026: submitted" in text
            assert "read-only — undo the submission" in text
            table = await on_website_meetings(app, pilot, ids)
            assert table.read_only(table.current_row_key, 2)  # type: ignore[arg-type]
            await pilot.press("2")
            await settle(pilot)
            assert table.edit_text is None  # typing never started
            said = status(app)
            assert "Wed 18 Nov is in a submitted timesheet (16 – 22 Nov)" in said
            app.session.say("")
            await pilot.press("enter", "delete")
            await settle(pilot)
            said = status(app)
            assert said == (
                "Wed 18 Nov is in a submitted timesheet (16 – 22 Nov): "
                "undo the submission (U in the review) to change it"
            )
            assert loaded(app).pending_writes == 0
        assert fake.sent("POST") == []
        assert fake.sent("PATCH") == []
        assert fake.sent("DELETE") == []


async def test_an_approved_week_says_to_ask_the_approver(clicktime_replica: Path | None) -> None:
    state, ids = seeded()
    state.approve(WEDNESDAY)
    with serving(state) as fake:
        app = app_on(fake, clicktime_replica)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert "2026: approved, read-only — ask your approver" in period_text(app)
            await on_website_meetings(app, pilot, ids)
            await pilot.press("d")
            await settle(pilot)
            assert not isinstance(app.screen, ConfirmScreen)  # not even asked
            assert (
                "in an approved timesheet (16 – 22 Nov): ask your approver to reopen it"
                in status(app)
            )
        assert fake.sent("DELETE") == []


async def test_a_rejected_week_shows_the_approvers_comment_and_stays_editable(
    clicktime_replica: Path | None,
) -> None:
    state, ids = seeded()
    state.reject(WEDNESDAY, "Please split the meetings by client")
    with serving(state) as fake:
        app = app_on(fake, clicktime_replica)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            text = period_text(app)
            assert "2026: rejected by your approver “Please split the meetings by client”" in text
            await on_website_meetings(app, pilot, ids)
            await pilot.press("2", "enter")
            await settle(pilot)
            assert "Not saved" not in status(app)
            await pilot.press("r")
            await settle(pilot)
            review_bar = str(app.screen.query_one(PeriodBar).render())
            assert "Please split the meetings by client" in review_bar
        [post] = fake.sent("POST", "/Me/TimeEntries")
        assert post.body["Date"] == "2026-11-18"
        assert post.body["Hours"] == 2


async def test_s_asks_for_a_comment_for_the_approver_then_submits_and_U_takes_it_back(
    clicktime_replica: Path | None,
) -> None:
    state, ids = seeded()
    with serving(state) as fake:
        app = app_on(fake, clicktime_replica)
        async with app.run_test(size=SIZE) as pilot:
            await open_review(pilot)
            await pilot.press("s")
            await settle(pilot)
            await pilot.press("escape")  # Esc on the comment: nothing is submitted
            await settle(pilot)
            assert isinstance(app.screen, ReviewScreen)
            assert fake.sent("POST", ACTIONS) == []
            await pilot.press("s")
            await settle(pilot)
            assert isinstance(app.screen, LinePromptScreen)
            await type_text(pilot, "Friday was a holiday")
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, ConfirmScreen)
            asked = " ".join(str(w.render()) for w in app.screen.query("Static"))
            assert "Comment: Friday was a holiday" in asked
            await pilot.press("y")
            await settle(pilot)
            [post] = fake.sent("POST", ACTIONS)
            assert post.body == {"Action": "Submit", "Comment": "Friday was a holiday"}
            assert isinstance(app.screen, ReviewScreen)
            assert "2026: submitted, read-only" in str(app.screen.query_one(PeriodBar).render())

            await pilot.press("U")
            await settle(pilot)
            assert [p.body for p in fake.sent("POST", ACTIONS)][1] == {"Action": "UndoSubmit"}
            assert state.sheet(MONDAY).status == "Open"
            assert "Took back the submission of Mon 16 Nov – Sun 22 Nov 2026" in loaded(app).message
            assert "2026: open" in str(app.screen.query_one(PeriodBar).render())
            await pilot.press("U")  # nothing submitted now: said, nothing sent
            await settle(pilot)
            assert "there is no submission to undo" in str(
                app.screen.query_one("#review-status").render()
            )
            assert len(fake.sent("POST", ACTIONS)) == 2

            await pilot.press("escape")
            await settle(pilot)
            await on_website_meetings(app, pilot, ids)
            await pilot.press("2", "enter")  # open again: the grid takes the edit
            await settle(pilot)
        assert len(fake.sent("POST", "/Me/TimeEntries")) == 1


async def test_a_holiday_is_a_read_only_row_counted_in_the_day_and_the_review(
    clicktime_replica: Path | None,
) -> None:
    state, ids = seeded()
    holiday = state.add_time_off_type("Public holiday")
    state.add_time_off(date(2026, 11, 17), 7.0, holiday)  # Tuesday: 1 h worked beside it
    state.add_time_off(date(2026, 11, 19), 8.0, ids.sick)
    with serving(state) as fake:
        app = app_on(fake, clicktime_replica)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            table = app.screen.query_one(TimesheetTable)
            grid = table.grid
            assert grid is not None
            rows = {row.label: row.seconds for row in grid.rows}
            assert rows["Time off › Public holiday"] == (0, 25200, 0, 0, 0, 0, 0)
            assert rows["Time off › Sick"] == (0, 0, 0, 28800, 0, 0, 0)
            assert grid.day_totals[1] == 8 * 3600
            assert grid.day_totals[3] == 8 * 3600
            assert loaded(app).grid.row_index(time_off_key(ids.sick)) is None  # not editable

            table.focus_row(time_off_key(ids.sick), 3)
            await settle(pilot)
            await pilot.press("4", "enter", "delete")
            await settle(pilot)
            assert "Time off is read-only here" in status(app)
            screen = app.screen
            await pilot.press("e", "s")  # no entries to open, no timer to start on time off
            await settle(pilot)
            assert app.screen is screen
            assert loaded(app).running is None

            await pilot.press("r")
            await settle(pilot)
            assert isinstance(app.screen, ReviewScreen)
            review = app.screen.review
            assert review is not None
            thursday = next(d for d in review.days if d.day == date(2026, 11, 19))
            assert thursday.seconds == 8 * 3600
            assert thursday.balance == 0
            problems = [(p.kind, p.day) for p in review.problems]
            assert ("empty_day", date(2026, 11, 19)) not in problems
            assert review.time_off == 15 * 3600
        assert fake.sent("POST") == []
        assert len(fake.sent("GET", "/Me/TimeOff")) == 1  # one read for the week


async def test_entries_without_clock_times_show_no_times_and_no_overlap(
    clicktime_replica: Path | None,
) -> None:
    state, ids = seeded()
    state.add_entry(MONDAY, 1.0, ids.website, ids.meetings, comment="Planning")
    state.add_entry(MONDAY, 0.5, ids.website, ids.meetings, comment="Retro")
    with serving(state) as fake:
        app = app_on(fake, clicktime_replica)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            table = app.screen.query_one(TimesheetTable)
            table.focus_row((ids.website, f"{ids.website}/{ids.meetings}"), 0)
            await settle(pilot)
            await pilot.press("e")
            await settle(pilot)
            assert isinstance(app.screen, CellEntriesScreen)
            shown = app.screen.query_one("DataTable")
            first_row = [str(cell) for cell in shown.get_row_at(0)]  # type: ignore[attr-defined]
            assert first_row[:2] == ["—", "—"]
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("r")
            await settle(pilot)
            assert isinstance(app.screen, ReviewScreen)
            review = app.screen.review
            assert review is not None
            kinds = {p.kind for p in review.problems}
            assert "overlap" not in kinds
            assert "gap" not in kinds


def biweekly_from_wednesday() -> tuple[State, Any]:
    """Periods of two weeks from Wed 4 Nov: the shown week's Monday and Tuesday end one
    (4 – 17 Nov), its Wednesday starts the next. Last week has admin meetings on Monday and
    Wednesday, a row this week does not have yet."""
    state, ids = seeded()
    state.company["TimesheetModel"] = "biweekly"
    state.company["StartDate"] = "2026-11-04"
    state.add_entry(date(2026, 11, 9), 2.0, ids.admin, ids.meetings, comment="Planning")
    state.add_entry(date(2026, 11, 11), 3.0, ids.admin, ids.meetings, comment="Review")
    return state, ids


async def test_copying_last_weeks_hours_leaves_out_the_days_of_a_closed_timesheet() -> None:
    state, _ = biweekly_from_wednesday()
    state.sheet(MONDAY).status = "Waiting"  # 4 – 17 Nov submitted
    with serving(state) as fake:
        app = app_on(fake)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("C")
            await settle(pilot)
            assert loaded(app).message == (
                "Copied 1 row with 3:00 from last week; left out Mon 16: a closed timesheet"
            )
    [post] = fake.sent("POST", "/Me/TimeEntries")
    assert (post.body["Date"], post.body["Hours"]) == ("2026-11-18", 3.0)


async def test_copying_into_closed_days_only_copies_nothing_and_says_why() -> None:
    state, _ = biweekly_from_wednesday()
    state.sheet(MONDAY).status = "Waiting"
    state.sheet(WEDNESDAY).status = "Approved"
    with serving(state) as fake:
        app = app_on(fake)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("C")
            await settle(pilot)
            assert loaded(app).message == (
                "Nothing copied: Mon 16 Nov is in a submitted timesheet (4 – 17 Nov): "
                "undo the submission (U in the review) to change it"
            )
            assert loaded(app).pending_writes == 0
    assert fake.sent("POST", "/Me/TimeEntries") == []
