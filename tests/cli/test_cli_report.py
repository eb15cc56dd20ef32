"""`punch report` as a user runs it: the installed console script in a subprocess, on a
store seeded with hand-checked entries (times in Europe/Berlin)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.installed_punch import punch
from tui.backends.local import LocalBackend
from tui.domain.models import EntryFields

BERLIN = ZoneInfo("Europe/Berlin")
H = 3600


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm), BERLIN).astimezone(UTC)


@pytest.fixture
async def seeded(hermetic_home: Path) -> dict[str, str]:
    """Mon 16 Nov 2026: 2 h of billable Website; Internal 23:00 to 01:00 into Tuesday, tagged;
    and the night the clocks went back: Sat 24 Oct 22:00 to Sun 25 Oct 04:00 (7 real hours)."""
    backend = LocalBackend(hermetic_home / "data" / "punchcard" / "punchcard.sqlite3")
    ws = (await backend.list_workspaces())[0].id
    acme = await backend.create_client(ws, "Acme")
    web = await backend.create_project(ws, "Website", acme.id, billable=True)
    internal = await backend.create_project(ws, "Internal")
    tag = await backend.create_tag(ws, "ops")
    monday, tuesday = date(2026, 11, 16), date(2026, 11, 17)
    entries = [
        EntryFields(start=at(monday, 9), end=at(monday, 11), project_id=web.id, billable=True),
        EntryFields(
            start=at(monday, 23),
            end=at(tuesday, 1),
            project_id=internal.id,
            tag_ids=(tag.id,),
            description="release",
        ),
        EntryFields(
            start=at(date(2026, 10, 24), 22), end=at(date(2026, 10, 25), 4), project_id=internal.id
        ),
    ]
    for fields in entries:
        await backend.create_entry(ws, fields)
    await backend.aclose()
    return {"web": web.id, "internal": internal.id, "acme": acme.id}


async def test_json_has_every_number_of_the_week(seeded: dict[str, str]):
    result = punch("report", "--from", "2026-11-16", "--to", "2026-11-22", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["from"] == "2026-11-16"
    assert data["to"] == "2026-11-22"
    assert data["timezone"] == "Europe/Berlin"
    assert data["by"] == "project"
    assert [d["seconds"] for d in data["days"]] == [3 * H, H, 0, 0, 0, 0, 0]
    assert [d["target"] for d in data["days"]] == [8 * H] * 5 + [0, 0]
    assert data["total"] == 4 * H
    assert data["target"] == 40 * H
    assert data["balance"] == -36 * H
    assert data["billable"] == 2 * H
    assert data["non_billable"] == 2 * H
    assert data["amounts"] == []
    assert data["unpriced_billable"] == 2 * H
    assert [(r["name"], r["seconds"], r["share"]) for r in data["breakdowns"]["project"]] == [
        ("Acme › Website", 2 * H, 0.5),
        ("Internal", 2 * H, 0.5),
    ]
    assert data["breakdowns"]["client"][0] == {
        "id": seeded["acme"],
        "name": "Acme",
        "seconds": 2 * H,
        "share": 0.5,
        "billable": 2 * H,
        "amounts": [],
    }
    # Equal times: named lines first, then time without one.
    assert [(r["name"], r["seconds"]) for r in data["breakdowns"]["tag"]] == [
        ("ops", 2 * H),
        ("(no tag)", 2 * H),
    ]
    crossing = [p for p in data["problems"] if p["kind"] == "crosses_midnight"]
    assert len(crossing) == 1
    assert crossing[0]["date"] == "2026-11-16"
    assert crossing[0]["row"] == {"client": None, "project": "Internal", "task": None}
    assert data["comparison"] is None


async def test_a_range_across_the_dst_change(seeded: dict[str, str]):
    result = punch("report", "--from", "2026-10-24", "--to", "2026-10-25", "--by", "day", "--csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["date"], int(r["seconds"]), int(r["target"])) for r in rows] == [
        ("2026-10-24", 2 * H, 0),
        ("2026-10-25", 5 * H, 0),  # a 25-hour Sunday: midnight to 04:00 is five hours
    ]


async def test_the_table_by_day_and_by_client(seeded: dict[str, str]):
    result = punch("report", "--from", "2026-11-16", "--by", "day")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Personal · Mon 16 Nov 2026 – Sun 22 Nov 2026 · Europe/Berlin"
    assert lines[1].startswith("Total 4:00 of 40:00 target (-36:00) · billable 2:00")
    assert any(
        line.split()[:7] == ["Mon", "16", "Nov", "2026", "3:00", "8:00", "-5:00"] for line in lines
    )
    assert any("Crosses midnight: Mon 23:00 → Tue 01:00 (2:00) release" in line for line in lines)
    by_client = punch("report", "--from", "2026-11-16", "--by", "client", "--csv")
    rows = list(csv.DictReader(io.StringIO(by_client.stdout)))
    assert [(r["name"], r["seconds"], r["share_percent"]) for r in rows] == [
        ("Acme", "7200", "50.0"),
        ("(no client)", "7200", "50.0"),
    ]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--from", "16/11/2026"], "is not a date like"),
        (["--from", "2026-11-20", "--to", "2026-11-16"], "is before --from"),
        (["--from", "2020-01-01", "--to", "2026-01-01"], "at most 731 days"),
        (["--by", "week"], "--by must be one of"),
        (["--json", "--csv"], "choose one of --json and --csv"),
    ],
)
def test_bad_command_lines_are_the_usage_and_one_line_and_exit_2(args: list[str], says: str):
    result = punch("report", *args)
    assert result.returncode == 2
    assert result.stdout == ""
    if "--json" not in args:
        usage, _, error = result.stderr.rstrip("\n").rpartition("\n")
        assert usage.startswith("usage: punch report ")
        assert error.startswith("punch report: error: ")
        assert says in error
        result = punch("report", *args, "--json")
        assert result.returncode == 2
    assert result.stderr.count("\n") == 1  # with --json: the JSON object alone
    assert says in json.loads(result.stderr)["error"]


def test_a_broken_config_exits_1_with_one_line(hermetic_home: Path):
    folder = hermetic_home / "config" / "punchcard"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text("daily_target = 'lots'\n")
    result = punch("report", "--json")
    assert result.returncode == 1
    assert "daily_target" in json.loads(result.stderr)["error"]


def test_config_targets_and_week_start_are_used(hermetic_home: Path):
    folder = hermetic_home / "config" / "punchcard"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text('week_start = "sunday"\ndaily_target = "7:30"\n')
    data = json.loads(punch("report", "--to", "2026-11-21", "--json").stdout)
    assert data["from"] == "2026-11-15"  # six days before --to
    assert data["target"] == 5 * 7.5 * H
    assert [d["target"] for d in data["days"]] == [0] + [7.5 * H] * 5 + [0]
    today = date.today()
    default = json.loads(punch("report", "--json").stdout)
    first = date.fromisoformat(default["from"])
    assert first.weekday() == 6
    assert first <= today < first + timedelta(days=7)


async def test_by_task_names_the_client_so_twins_are_told_apart(hermetic_home: Path):
    """Acme and Globex both have a Website project with a Design task: two lines, each named
    from its client down, in the table and in the CSV."""
    backend = LocalBackend(hermetic_home / "data" / "punchcard" / "punchcard.sqlite3")
    ws = (await backend.list_workspaces())[0].id
    monday = date(2026, 11, 16)
    for n, client_name in enumerate(("Acme", "Globex")):
        client = await backend.create_client(ws, client_name)
        project = await backend.create_project(ws, "Website", client.id)
        task = await backend.create_task(ws, project.id, "Design")
        fields = EntryFields(
            start=at(monday, 9 + 3 * n),
            end=at(monday, 11 + 3 * n - n),  # Acme 2 h, Globex 1 h
            project_id=project.id,
            task_id=task.id,
        )
        await backend.create_entry(ws, fields)
    await backend.aclose()
    table = punch("report", "--from", "2026-11-16", "--by", "task")
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert any(line.split("  ")[0] == "Acme › Website › Design" for line in lines), lines
    assert any(line.split("  ")[0] == "Globex › Website › Design" for line in lines), lines
    as_csv = punch("report", "--from", "2026-11-16", "--by", "task", "--csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [(r["name"], r["seconds"]) for r in rows] == [
        ("Acme › Website › Design", str(2 * H)),
        ("Globex › Website › Design", str(H)),
    ]
