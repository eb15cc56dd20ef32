"""Days print one way in everything the command line says (`Tue 01 Dec 2026`, through
``tui.domain.day_text``), and a start or a stop on another day than today says the day."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.frozen_time import FROZEN_NOW, frozen_store
from tests.installed_punch import punch
from tui.backends.local import LocalBackend
from tui.cli._tui import still_running
from tui.domain.day_text import day_text
from tui.domain.models import EntryFields

BERLIN = ZoneInfo("Europe/Berlin")  # the TZ the hermetic home gives punch
DAY = r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [0-3][0-9] [A-Z][a-z][a-z] [0-9]{4}"


def ok(*args: str) -> str:
    result = punch(*args)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
async def internal(hermetic_home: Path) -> None:
    backend = LocalBackend(hermetic_home / "data" / "punchcard" / "punchcard.sqlite3")
    ws = (await backend.list_workspaces())[0].id
    await backend.create_project(ws, "Internal")
    await backend.aclose()


def yesterday() -> str:
    return day_text(datetime.now(BERLIN).date() - timedelta(days=1))


def test_a_start_and_a_stop_yesterday_say_the_day(internal: None) -> None:
    started = ok("start", "Late call", "-p", "internal", "--at", "yesterday 17:00")
    assert started.strip() == f"Started “Late call” · Internal at 17:00 yesterday ({yesterday()})"
    assert f"· since 17:00 yesterday ({yesterday()})" in ok("status")
    stopped = ok("stop", "--at", "yesterday 18:15")
    assert stopped.strip() == (
        f"Stopped “Late call” · Internal at 18:15 yesterday ({yesterday()}) after 1:15:00"
    )
    listed = ok("continue", "--list").splitlines()[0]
    assert listed == f" 1  Late call · Internal · 17:00 yesterday ({yesterday()})"


def test_a_start_earlier_in_the_week_names_its_date(internal: None) -> None:
    today = datetime.now(BERLIN).date()
    day = today - timedelta(days=3)
    started = ok("start", "Old", "-p", "internal", "--at", f"{day.isoformat()}T09:00")
    assert started.strip() == f"Started “Old” · Internal at 09:00 on {day_text(day)}"
    ok("stop", "--at", f"{day.isoformat()}T10:00")


def test_a_start_today_says_no_day(internal: None) -> None:
    started = ok("start", "Now", "-p", "internal")
    assert re.fullmatch(r"Started “Now” · Internal at [0-2][0-9]:[0-5][0-9]", started.strip())
    assert "Stopped “Now” · Internal after" in ok("stop")


async def test_the_week_and_the_report_write_their_days_alike(hermetic_home: Path) -> None:
    backend = LocalBackend(hermetic_home / "data" / "punchcard" / "punchcard.sqlite3")
    ws = (await backend.list_workspaces())[0].id
    project = await backend.create_project(ws, "Internal")
    monday = date(2026, 11, 30)
    start = datetime(2026, 11, 30, 9, tzinfo=BERLIN).astimezone(UTC)
    await backend.create_entry(
        ws, EntryFields(start=start, end=start + timedelta(hours=2), project_id=project.id)
    )
    await backend.aclose()
    week = ok("week", "--date", monday.isoformat()).splitlines()
    report = ok("report", "--from", monday.isoformat(), "--by", "day").splitlines()
    span = "Mon 30 Nov 2026 – Sun 06 Dec 2026"
    assert week[0] == f"Personal · {span} · Europe/Berlin"
    assert report[0] == week[0]
    # The columns under that line: the same days, short.
    heads = [" ".join(pair) for pair in zip(*[iter(week[1].split())] * 2, strict=False)]
    assert heads == ["Mon 30", "Tue 01", "Wed 02", "Thu 03", "Fri 04", "Sat 05", "Sun 06"]
    days = [line.split("  ")[0] for line in report if re.match(DAY, line)]
    assert days[0] == "Mon 30 Nov 2026"
    assert days[-1] == "Sun 06 Dec 2026"
    problems = [line.strip() for line in report if line.startswith("  ") and line.strip()]
    assert problems
    assert all(re.match(DAY + "  ", line) for line in problems), problems


async def test_leaving_the_tui_names_the_day_a_timer_started(tmp_path: Path) -> None:
    backend = LocalBackend(tmp_path / "s.sqlite3")
    store = frozen_store(backend)  # Wed 18 Nov 2026, 10:30 in Berlin
    await store.open()
    try:
        ws = store.snapshot.workspace
        assert ws is not None
        project = await backend.create_project(ws.id, "Website")
        await store.refresh_catalog()
        fields = EntryFields(start=FROZEN_NOW, project_id=project.id, description="Standup")
        await store.start_timer(fields, at=FROZEN_NOW - timedelta(days=1, hours=2))
        line = still_running(store.snapshot)
    finally:
        await backend.aclose()
    assert line is not None
    assert line.endswith("since 08:30 yesterday (Tue 17 Nov 2026) (punch stop stops it)")
