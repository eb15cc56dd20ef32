"""`punch` as a user runs it: the installed console script in a subprocess."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tests.installed_punch import punch
from tui.backends.local import LocalBackend
from tui.domain.models import EntryFields
from tui.domain.weeks import week_start_date


def test_version():
    result = punch("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("punch ")


async def test_week_json_has_the_documented_shape(hermetic_home: Path):
    data = hermetic_home / "data" / "punchcard"
    backend = LocalBackend(data / "punchcard.sqlite3")
    ws = (await backend.list_workspaces())[0]
    project = await backend.create_project(ws.id, "Website", None)
    monday = week_start_date(datetime.now(UTC).date(), 0)
    start = datetime(monday.year, monday.month, monday.day, 8, tzinfo=UTC)
    await backend.create_entry(
        ws.id, EntryFields(start=start, end=start + timedelta(hours=2), project_id=project.id)
    )
    await backend.create_entry(
        ws.id, EntryFields(start=start + timedelta(hours=3), end=None, description="running")
    )
    await backend.aclose()
    result = punch("week", "--json", env={"TZ": "UTC"})
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert set(payload) == {
        "backend",
        "workspace",
        "timezone",
        "week_start",
        "days",
        "rows",
        "day_totals",
        "total",
        "running",
    }
    assert payload["backend"] == "local"
    assert payload["workspace"] == {"id": ws.id, "name": "Personal"}
    assert payload["timezone"] == "UTC"
    assert payload["week_start"] == monday.isoformat()
    assert payload["days"] == [(monday + timedelta(days=i)).isoformat() for i in range(7)]
    assert payload["rows"] == [
        {
            "client": None,
            "project": "Website",
            "task": None,
            "seconds": [7200, 0, 0, 0, 0, 0, 0],
            "total": 7200,
            "time_off": False,
        }
    ]
    assert payload["day_totals"] == [7200, 0, 0, 0, 0, 0, 0]
    assert payload["total"] == 7200
    running = payload["running"]
    assert running["description"] == "running"
    assert running["project"] is None
    assert running["start"] == (start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert isinstance(running["elapsed"], int)
    assert running["elapsed"] >= 0


def test_week_for_another_date_and_the_table():
    result = punch("week", "--date", "2026-11-18", "--json", env={"TZ": "Europe/Berlin"})
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["week_start"] == "2026-11-16"
    assert payload["timezone"] == "Europe/Berlin"
    assert payload["rows"] == []
    assert payload["running"] is None
    table = punch("week", "--date", "2026-11-18", env={"TZ": "Europe/Berlin"})
    assert table.returncode == 0
    assert "Mon 16" in table.stdout
    assert "Total" in table.stdout


def test_week_start_comes_from_config(hermetic_home: Path):
    config = hermetic_home / "config" / "punchcard"
    config.mkdir(parents=True)
    (config / "config.toml").write_text('week_start = "sunday"\ntimezone = "America/New_York"\n')
    payload = json.loads(punch("week", "--date", "2026-11-18", "--json").stdout)
    assert payload["week_start"] == "2026-11-15"
    assert payload["timezone"] == "America/New_York"


def test_demo_store_is_seeded_and_leaves_the_users_store_alone(hermetic_home: Path):
    result = punch("--demo", "week", "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["running"] is not None
    assert not (hermetic_home / "data" / "punchcard" / "punchcard.sqlite3").exists()
    last = punch(
        "--demo", "week", "--json", "--date", (date.today() - timedelta(days=7)).isoformat()
    )
    assert json.loads(last.stdout)["total"] > 20 * 3600  # a realistic working week


def test_demo_commands_share_one_demo_until_the_tui_seeds_it_again(hermetic_home: Path):
    """`--demo start` then `--demo stop` work on one demo: a command re-seeds nothing."""
    started = punch("--demo", "start", "Demo call", "--json")
    assert started.returncode == 0, started.stderr
    week = json.loads(punch("--demo", "week", "--json").stdout)
    assert week["running"]["description"] == "Demo call", week["running"]
    stopped = punch("--demo", "stop", "--json")
    assert stopped.returncode == 0, stopped.stderr
    assert json.loads(stopped.stdout)["stopped"]["description"] == "Demo call"
    again = punch("--demo", "stop")
    assert again.returncode == 3, again.stdout  # nothing runs: it was not seeded afresh
    assert json.loads(punch("--demo", "week", "--json").stdout)["running"] is None
    assert not (hermetic_home / "data" / "punchcard" / "punchcard.sqlite3").exists()
    leftovers = [p.name for p in (hermetic_home / "data" / "punchcard").iterdir()]
    assert not [name for name in leftovers if name.endswith(".seeding")], leftovers


async def test_the_tui_seeds_the_demo_afresh_and_a_serve_tab_keeps_it(hermetic_home: Path):
    from tui.store.open_backend import open_backend

    assert punch("--demo", "stop").returncode == 0  # the seeded demo's timer
    kept = await open_backend(demo=True, fresh_demo=False)
    try:
        ws = (await kept.list_workspaces())[0].id
        assert await kept.running_entry(ws) is None  # as the command left it
    finally:
        await kept.aclose()
    fresh = await open_backend(demo=True, fresh_demo=True)
    try:
        ws = (await fresh.list_workspaces())[0].id
        assert await fresh.running_entry(ws) is not None  # seeded again, timer running
        assert len(await fresh.list_workspaces()) == 1
    finally:
        await fresh.aclose()


@pytest.mark.parametrize(
    ("config", "says"),
    [
        ("week_start = 'someday'", "week_start"),
        ("timezone = 'Mars/Olympus'", "timezone"),
        ("this is not toml", "config.toml"),
    ],
)
def test_a_broken_config_is_one_clear_line(hermetic_home: Path, config: str, says: str):
    folder = hermetic_home / "config" / "punchcard"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text(config)
    for args in (["week"], ["week", "--json"]):
        result = punch(*args)
        assert result.returncode == 1
        assert says in result.stderr
        assert "Traceback" not in result.stderr
    assert json.loads(punch("week", "--json").stderr)["error"]


def test_bad_arguments_exit_2():
    result = punch("week", "--date", "yesterday-ish")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_review_and_timer_settings_are_read_and_checked(hermetic_home: Path):
    from tui.config import load_settings

    folder = hermetic_home / "config" / "punchcard"
    folder.mkdir(parents=True)
    path = folder / "config.toml"
    path.write_text(
        'daily_target = "7:30"\nworkday_end = "17:00"\ngap_minutes = 45\n'
        "timer_poll_seconds = 60\nidle_minutes = 0\nlunch_minutes = 45\n"
    )
    settings = load_settings(path)
    assert settings.lunch_minutes == 45
    assert settings.daily_target == (27000,) * 5 + (0, 0)
    assert settings.workday_end.hour == 17
    assert settings.gap_minutes == 45
    assert settings.timer_poll_seconds == 60
    assert settings.idle_minutes == 0
    path.write_text('daily_target = ["8", "8", "8", "8", "6", "0", "2:30"]\n')
    assert load_settings(path).daily_target[4:] == (21600, 0, 9000)
    path.write_text('daily_target = ["8"]\ntimer_poll_seconds = 1\n')
    result = punch("week")
    assert result.returncode == 1
    assert "daily_target" in result.stderr
    assert "timer_poll_seconds" in result.stderr
    assert load_settings(hermetic_home / "absent.toml").lunch_minutes == 60
    for bad in ('"1h"', "-5", "true", "1441"):
        path.write_text(f"lunch_minutes = {bad}\n")
        result = punch("week")
        assert result.returncode == 1
        assert "lunch_minutes: " in result.stderr
        assert "is not a whole number from 0 to 1440" in result.stderr
        assert "Traceback" not in result.stderr
