"""Two browser tabs on one `punch serve`: two pages of one headless Chromium, each its own
punch process on the same store. What one tab types shows in the other without a key
pressed there (the change watch), and both typing into the same empty cell at once end
with one of the two values, never both added up (the store's conflict-checked writes)."""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.browser import Tab, browser, free_port, require_chromium, served, tab_processes
from tests.e2e.terminal import DEADLINE, TZ
from tests.installed_punch import punch_command
from tui.backends.local import LocalBackend
from tui.domain.models import EntryFields

PROJECT = "Shared Project"


def monday() -> datetime:
    zone = ZoneInfo(TZ)
    today = datetime.now(zone).replace(hour=0, minute=0, second=0, microsecond=0)
    return today - timedelta(days=today.weekday())


async def seed(store: Path) -> None:
    """One row: an hour on this week's Monday."""
    backend = LocalBackend(store)
    ws = (await backend.list_workspaces())[0].id
    project = await backend.create_project(ws, PROJECT)
    start = monday() + timedelta(hours=9)
    await backend.create_entry(
        ws, EntryFields(start=start, end=start + timedelta(hours=1), project_id=project.id)
    )
    await backend.aclose()


def cells(*values: str) -> str:
    """The row's line with these values from Monday on."""
    return rf"^\s*{re.escape(PROJECT)}\s+" + r"\s+".join(map(re.escape, values)) + r"\s"


def to_day(tab: Tab, day: int) -> None:
    """The cursor onto the row's ``day`` (0 Monday): the first row, then Monday, then on."""
    tab.press("Home", *["h"] * 6, *["l"] * day)


def week(env: dict[str, str]) -> dict[str, object]:
    shown = subprocess.run(
        [*punch_command(), "week", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=DEADLINE,
    )
    assert shown.returncode == 0, shown.stderr
    payload: dict[str, object] = json.loads(shown.stdout)
    return payload


async def wednesday_entries(store: Path) -> list[tuple[datetime, datetime]]:
    backend = LocalBackend(store)
    try:
        ws = (await backend.list_workspaces())[0].id
        day = monday() + timedelta(days=2)
        listed = await backend.list_entries(ws, day, day + timedelta(days=1))
    finally:
        await backend.aclose()
    spans = [(e.start, e.end) for e in listed if e.end is not None]
    return sorted(spans)


@pytest.mark.e2e
def test_two_tabs_see_each_others_edits_and_never_double_one_cell(home: dict[str, str]):
    require_chromium()
    store = Path(home["XDG_DATA_HOME"]) / "punchcard" / "punchcard.sqlite3"
    asyncio.run(seed(store))
    with served(home, "--port", str(free_port())) as server, browser(server.url()) as open_tab:
        first, second = open_tab(), open_tab()
        for tab in (first, second):
            tab.wait_line(cells("1:00", "·"))
            tab.wait_text("q Quit")
        assert len(tab_processes(server)) == 2  # a punch of its own for each tab

        # An edit typed in the first tab shows in the second, no key pressed there.
        to_day(first, 1)
        for key in "0:45":
            first.type_and_wait(key)
        first.press("Enter")
        first.wait_line(cells("1:00", "0:45", "·"))
        untouched = second.wait_line(cells("1:00", "0:45", "·"))
        assert "0:45" in untouched

        # Both tabs type into Wednesday's empty cell and press Enter back to back: each
        # edit was planned on an empty cell, but only one of the two may land as planned.
        # The other's batch is stale, so its tab reads the week again and plans the same
        # intent on it ("planned again: … was added elsewhere"), which sets the cell to its
        # value instead of adding a second entry beside the first. (Rarely the other tab's
        # change watch has shown the first edit just before its Enter: then it plans on that
        # at once. Either way the cell ends with one of the two values.)
        for tab, value in ((first, "1:00"), (second, "2:00")):
            to_day(tab, 2)
            for key in value:
                tab.type_and_wait(key)
        first.press("Enter")
        second.press("Enter")
        filled = re.compile(cells("1:00", "0:45")[:-2] + r"\s+\d+:\d\d\s", re.M)
        for tab in (first, second):
            tab.wait_for("Wednesday's cell filled", lambda s: bool(filled.search(s)))
        payload = week(home)
        rows = [r for r in payload["rows"] if r["project"] == PROJECT]  # type: ignore[attr-defined]
        assert len(rows) == 1, payload
        wednesday = rows[0]["seconds"][2]
        assert wednesday in (3600, 7200), payload  # one tab's value, not both added up
        # Playwright's own loop runs in this thread: the store is read from another one.
        with ThreadPoolExecutor(1) as reader:
            spans = reader.submit(asyncio.run, wednesday_entries(store)).result()
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert end <= start, spans  # no two entries hold the same minutes
        assert sum((end - start).total_seconds() for start, end in spans) == wednesday
        # Both tabs come to show what the store holds.
        value = f"{wednesday // 3600}:00"
        for tab in (first, second):
            tab.wait_line(cells("1:00", "0:45", value))


@pytest.mark.e2e
def test_serve_seeds_the_demo_once_and_a_later_tab_sees_the_first_ones_edits(
    home: dict[str, str],
):
    require_chromium()
    with served(home, "--demo") as server, browser(server.url()) as open_tab:
        first = open_tab()
        first.wait_text("x Stop")  # the demo's timer runs
        first.press("x")
        first.wait_text("No timer running")
        second = open_tab()  # a new punch on the demo: it must not seed it again
        second.wait_text("No timer running")
        assert "Client › Project › Task" in second.last
        shown = subprocess.run(
            [*punch_command(), "--demo", "week", "--json"],
            env=home,
            capture_output=True,
            text=True,
            timeout=DEADLINE,
        )
        assert shown.returncode == 0, shown.stderr
        assert json.loads(shown.stdout)["running"] is None
