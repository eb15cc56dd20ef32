"""SVG snapshots of every screen, on the seeded demo store with the clock frozen.

Update after reviewing the change: `pytest tests/app/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from tests.app.pilot_helpers import SMALL, WIDE, demo_app, pressing, settle
from tui.app import PunchcardApp


def empty_app(make_app: Callable[[], PunchcardApp]) -> PunchcardApp:
    return make_app()


async def tasks_of_first_project(pilot: Pilot[None]) -> None:
    from tui.screens.tasks import TasksScreen

    await settle(pilot)
    app = pilot.app
    assert isinstance(app, PunchcardApp)
    assert app.snapshot is not None
    project = sorted(app.snapshot.projects, key=lambda p: p.name)[0]
    await app.push_screen(TasksScreen(app.session, project.id))
    await settle(pilot)


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x36", "80x24"])
def test_grid(snap_compare, size):
    assert snap_compare(demo_app(), terminal_size=size, run_before=pressing("down", "right"))


def test_grid_first_run_is_empty_with_a_hint(snap_compare, make_app):
    assert snap_compare(empty_app(make_app), terminal_size=SMALL, run_before=pressing())


def test_grid_refuses_bad_input(snap_compare):
    keys = ("down", "right", "1", ":", "7", "5", "enter")
    assert snap_compare(demo_app(), terminal_size=WIDE, run_before=pressing(*keys))


def test_row_picker(snap_compare):
    keys = ("a", "w", "e", "b")
    assert snap_compare(demo_app(), terminal_size=WIDE, run_before=pressing(*keys))


def test_cell_entries(snap_compare):
    keys = ("left", "left", "down", "e")  # Monday's cell, which has an entry
    assert snap_compare(demo_app(), terminal_size=WIDE, run_before=pressing(*keys))


def test_entry_form(snap_compare):
    keys = ("left", "left", "down", "e", "enter")
    assert snap_compare(demo_app(), terminal_size=WIDE, run_before=pressing(*keys))


def test_help(snap_compare):
    assert snap_compare(demo_app(), terminal_size=WIDE, run_before=pressing("question_mark"))


def test_projects(snap_compare):
    assert snap_compare(demo_app(), terminal_size=WIDE, run_before=pressing("p"))


def test_projects_at_80x24(snap_compare):
    assert snap_compare(demo_app(), terminal_size=SMALL, run_before=pressing("p"))


def test_tasks(snap_compare):
    assert snap_compare(demo_app(), terminal_size=WIDE, run_before=tasks_of_first_project)


def test_workspaces(snap_compare):
    assert snap_compare(demo_app(), terminal_size=WIDE, run_before=pressing("w"))


def test_confirm_delete_row(snap_compare):
    assert snap_compare(demo_app(), terminal_size=SMALL, run_before=pressing("down", "d"))


def test_prompt_new_workspace(snap_compare):
    assert snap_compare(demo_app(), terminal_size=SMALL, run_before=pressing("w", "n"))


def test_project_form(snap_compare):
    keys = ("p", "down", "down", "r")
    assert snap_compare(demo_app(), terminal_size=WIDE, run_before=pressing(*keys))
