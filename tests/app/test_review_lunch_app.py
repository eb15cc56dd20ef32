"""The review of a normal week lists no lunch breaks as gaps: each day's lunch (up to
`lunch_minutes`) is allowed, short pauses between meetings are under `gap_minutes`, and a
real hole in the day is still reported."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from tests.app.pilot_helpers import settle
from tests.frozen_time import BERLIN
from tui.app import PunchcardApp
from tui.app_factory import build_app
from tui.backends.local import LocalBackend
from tui.config import Settings
from tui.domain.models import EntryFields
from tui.screens.review import ReviewScreen
from tui.widgets.problem_list import ProblemList

MON = date(2026, 11, 16)
SATURDAY = datetime.combine(MON + timedelta(days=5), time(11), BERLIN)  # the week is behind us
# Each weekday 09:00–17:30: meetings and work with 5–15 minute pauses, lunch of 30 to 60 minutes.
LUNCH = [(12, 0, 12, 30), (12, 15, 13, 0), (12, 0, 13, 0), (12, 30, 13, 20), (12, 10, 12, 50)]


def day_spans(weekday: int) -> list[tuple[int, int, int, int]]:
    a, b, c, d = LUNCH[weekday]
    return [(9, 0, 10, 0), (10, 10, a, b), (c, d, 14, 30), (14, 45, 16, 0), (16, 5, 17, 30)]


async def seed(path: Path, extra: tuple[int, int, int, int, int] | None = None) -> None:
    """The normal week; ``extra`` (weekday, then hours and minutes) cuts a hole into a day by
    ending one block early."""
    backend = LocalBackend(path)
    ws = (await backend.list_workspaces())[0].id
    project = await backend.create_project(ws, "Website")
    for weekday in range(5):
        day = MON + timedelta(days=weekday)
        spans = day_spans(weekday)
        if extra is not None and extra[0] == weekday:
            spans[3] = (14, 45, extra[1], extra[2])  # the 14:45 block ends early
            spans[4] = (extra[3], extra[4], 17, 30)
        for a, b, c, d in spans:
            start = datetime.combine(day, time(a, b), BERLIN).astimezone(UTC)
            end = datetime.combine(day, time(c, d), BERLIN).astimezone(UTC)
            fields = EntryFields(start=start, end=end, project_id=project.id, description="work")
            await backend.create_entry(ws, fields)
    await backend.aclose()


def app_on(path: Path, settings: Settings | None = None) -> PunchcardApp:
    return build_app(
        settings or Settings(timezone="Europe/Berlin"),
        backend=LocalBackend(path),
        clock=lambda: SATURDAY.astimezone(UTC),
        machine_tz=BERLIN,
    )


async def shown_problems(app: PunchcardApp) -> list[str]:
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        problems = app.screen.query_one(ProblemList)
        lines = [str(problems.get_option_at_index(n).prompt) for n in range(problems.option_count)]
        return [line for line in lines if "Gap" in line]


async def test_a_normal_week_shows_no_lunch_as_a_gap(store_path):
    await seed(store_path)
    assert await shown_problems(app_on(store_path)) == []


async def test_a_hole_beside_the_lunch_is_the_one_gap_shown(store_path):
    await seed(store_path, extra=(2, 15, 20, 16, 0))  # Wednesday 15:20–16:00 untracked
    assert await shown_problems(app_on(store_path)) == [
        "Wed 18  Gap 15:20–16:00 (0:40) between entries"
    ]


async def test_with_no_lunch_allowed_every_long_lunch_is_a_gap(store_path):
    await seed(store_path)
    # Monday's half hour is not over the 30-minute gap limit; the other four lunches are.
    assert await shown_problems(
        app_on(store_path, Settings(timezone="Europe/Berlin", lunch_minutes=0))
    ) == [
        "Tue 17  Gap 12:15–13:00 (0:45) between entries",
        "Wed 18  Gap 12:00–13:00 (1:00) between entries",
        "Thu 19  Gap 12:30–13:20 (0:50) between entries",
        "Fri 20  Gap 12:10–12:50 (0:40) between entries",
    ]
