"""Regenerate the screenshots in this folder: the week grid, the weekly review, the timer,
projects, tasks and workspaces, and the grid on ClickTime.

    python screenshots/make_screenshots.py            # writes screenshots/*.svg
    python screenshots/make_screenshots.py --out DIR  # somewhere else

The app runs headless (``run_test``) at 120×36 on the demo store, seeded into a temporary
directory with a fixed clock and zone, so the same code gives the same pictures. The user's
own config and store are never touched: the XDG directories point into the temporary one.
The ClickTime grid runs against the test suite's fake ClickTime on loopback (a submitted
week with a public holiday), so it needs the source tree, not only the installed package.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from textual.pilot import Pilot

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run from a source tree without installing

SIZE = (120, 36)
ZONE = "Europe/Berlin"
# Friday 20 Nov 2026, 17:30 in Berlin: a full working week on screen.
NOW = datetime(2026, 11, 20, 16, 30, tzinfo=UTC)
TASKS_OF = "Website Redesign"  # the project whose tasks are shown


async def settle(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def make(out: Path, home: Path) -> list[Path]:
    from tui.app_factory import build_app
    from tui.backends.local import LocalBackend
    from tui.backends.local.demo import seed_demo
    from tui.config import Settings
    from tui.screens.projects import ProjectsScreen
    from tui.screens.tasks import TasksScreen
    from tui.screens.workspaces import WorkspacesScreen

    tz = ZoneInfo(ZONE)
    backend = LocalBackend(home / "demo.sqlite3")
    await seed_demo(backend, NOW, tz)
    app = build_app(
        Settings(timezone=ZONE),
        backend=backend,
        clock=lambda: NOW,
        machine_tz=tz,
    )
    written: list[Path] = []

    def shoot(name: str) -> None:
        written.append(Path(app.save_screenshot(filename=f"{name}.svg", path=str(out))))

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        snap = app.snapshot
        assert snap is not None, "the grid did not load"
        assert snap.grid.rows, "the grid did not load"
        assert not snap.loading, "the grid did not load"
        shoot("grid")

        await pilot.press("r")  # the weekly review of the same week
        await settle(pilot)
        shoot("review")
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("space")  # the timer: the demo has one running
        await settle(pilot)
        shoot("timer")
        await pilot.press("escape")
        await settle(pilot)

        await app.push_screen(ProjectsScreen(app.session))
        await settle(pilot)
        shoot("projects")
        app.pop_screen()
        await settle(pilot)

        project = next(p for p in snap.projects if p.name == TASKS_OF)
        await app.push_screen(TasksScreen(app.session, project.id))
        await settle(pilot)
        shoot("tasks")
        app.pop_screen()
        await settle(pilot)

        await app.push_screen(WorkspacesScreen(app.session))
        await settle(pilot)
        shoot("workspaces")
    written.append(await clicktime_grid(out))
    return written


async def clicktime_grid(out: Path) -> Path:
    """The grid on ClickTime: a week whose timesheet is submitted (its days dimmed, the
    period line above the grid) with a public holiday as a time-off row."""
    from datetime import date

    from tests.fakes.clicktime.testing import seeded, serving
    from tui.app_factory import build_app
    from tui.backends.clicktime import ClickTimeBackend
    from tui.config import Settings

    tz = ZoneInfo(ZONE)
    state, ids = seeded()
    holiday = state.add_time_off_type("Public holiday")
    state.add_time_off(date(2026, 11, 19), 8.0, holiday)
    state.add_entry(date(2026, 11, 18), 3.0, ids.admin, ids.meetings, comment="Planning")
    state.sheet(date(2026, 11, 18)).status = "Waiting"
    with serving(state) as fake:
        backend = ClickTimeBackend(fake.token, fake.base_url, tz=tz, now=lambda: NOW)
        app = build_app(Settings(timezone=ZONE), backend=backend, clock=lambda: NOW, machine_tz=tz)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            snap = app.snapshot
            assert snap is not None, "ClickTime did not load"
            assert snap.periods, "ClickTime's timesheets did not load"
            assert snap.time_off, "ClickTime's time off did not load"
            await pilot.press("down", "right", "right", "5")  # refused: the week is submitted
            await settle(pilot)
            return Path(app.save_screenshot(filename="clicktime-grid.svg", path=str(out)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder for the SVGs")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="punch-shots-") as tmp:
        home = Path(tmp)
        os.environ["XDG_CONFIG_HOME"] = str(home / "config")
        os.environ["XDG_DATA_HOME"] = str(home / "data")
        os.environ["TZ"] = ZONE
        os.environ.pop("PUNCHCARD_BACKEND", None)
        written = asyncio.run(make(args.out.resolve(), home))
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
