"""`punch start / stop / continue / status` and `week --csv`, as a script runs them: the
installed console script in a subprocess, on a store in a temporary home."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.installed_punch import punch
from tui.backends.local import LocalBackend


def ok(*args: str) -> str:
    result = punch(*args)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def parse(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


@pytest.fixture
async def catalog(hermetic_home: Path) -> str:
    """The user's own store with twin projects (two clients each have a Website), a task and
    a tag; returns the workspace id."""
    backend = LocalBackend(hermetic_home / "data" / "punchcard" / "punchcard.sqlite3")
    ws = (await backend.list_workspaces())[0].id
    acme = await backend.create_client(ws, "Acme")
    globex = await backend.create_client(ws, "Globex")
    web = await backend.create_project(ws, "Website", acme.id, billable=True)
    await backend.create_project(ws, "Website", globex.id)
    await backend.create_project(ws, "Internal")
    await backend.create_task(ws, web.id, "Design")
    await backend.create_tag(ws, "urgent")
    await backend.aclose()
    return ws


def test_start_switch_status_stop_and_continue(catalog: str):
    started = json.loads(
        ok(
            "start",
            "Fix login",
            "-p",
            "acme/web",
            "-t",
            "des",
            "--tag",
            "URG",
            "--at",
            "-30m",
            "--json",
        )
    )["started"]
    assert started["description"] == "Fix login"
    assert (started["client"], started["project"], started["task"]) == ("Acme", "Website", "Design")
    assert started["tags"] == ["urgent"]
    assert started["billable"] is True
    assert started["end"] is None
    assert started["seconds"] >= 30 * 60

    status = json.loads(ok("status", "--json"))
    assert status["running"]["description"] == "Fix login"
    assert status["running"]["start"] == started["start"]
    assert status["running"]["elapsed"] >= 30 * 60
    assert status["stale"] is False
    assert status["backend"] == "local"
    line = ok("status", "--format", "{hm} {title} · {path} {billable}[{tags}]")
    assert line.strip().startswith("0:3")
    assert "Fix login · Acme › Website › Design $[urgent]" in line
    assert "Fix login" in ok("status")
    assert "since" in ok("status")

    switched = json.loads(ok("start", "Standup", "-p", "internal", "--json"))
    assert switched["stopped"]["description"] == "Fix login"
    assert switched["stopped"]["end"] == switched["started"]["start"]  # no gap, no overlap
    assert switched["started"]["billable"] is False

    stopped = json.loads(ok("stop", "--json"))["stopped"]
    assert stopped["description"] == "Standup"
    assert stopped["end"] is not None
    assert ok("status").startswith("No timer running")
    assert ok("status", "--format", "{hm}", "--idle", "idle") == "idle\n"

    listing = ok("continue", "--list")
    assert listing.splitlines()[0].startswith(" 1  Standup · Internal")
    assert listing.splitlines()[1].startswith(" 2  Fix login · Acme › Website › Design [urgent]")
    again = json.loads(ok("continue", "2", "--json"))["started"]
    assert again["description"] == "Fix login"
    assert again["task"] == "Design"
    assert again["tags"] == ["urgent"]
    assert "Stopped" in ok("stop")


def test_start_at_a_time_and_stop_at_a_time(catalog: str):
    ok("start", "Earlier", "-p", "internal", "--at", "yesterday 17:00")
    stopped = json.loads(ok("stop", "--at", "yesterday 18:15", "--json"))["stopped"]
    start, end = parse(stopped["start"]), parse(stopped["end"])
    assert end - start == timedelta(hours=1, minutes=15)
    local = start.astimezone(ZoneInfo("Europe/Berlin"))  # the TZ punch ran with
    assert (local.hour, local.minute) == (17, 0)


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["start", "x", "-p", "website"], 4, "Acme › Website, Globex › Website"),
        (["start", "x", "-p", "nosuch"], 4, "No project matches 'nosuch'"),
        (["start", "x", "-p", "internal", "-t", "design"], 4, "No task matches 'design'"),
        (["start", "x", "--tag", "nope"], 4, "No tag matches 'nope'"),
        (["start", "x", "--at", "half past nine"], 2, "Can't read 'half past nine'"),
        (["start", "x", "--at", "-10"], 2, "with a unit"),
        (["start", "x", "--at", "+1h"], 2, "Can't read"),
        (["stop"], 3, "Nothing is running"),
        (["continue"], 3, "Nothing recent to continue"),
        (["continue", "11"], 2, "not a number from 1 to 10"),
        (["status", "--format", "{nope}"], 2, "unknown field {nope}"),
        (["start", "--billable", "--no-billable"], 2, "not allowed with"),
    ],
)
def test_bad_input_is_one_clear_line_and_a_documented_exit_code(
    catalog: str, args: list[str], code: int, says: str
):
    result = punch(*args)
    assert result.returncode == code, result.stderr
    assert says in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    as_json = punch(*args, "--json")  # argparse's own errors too
    assert as_json.returncode == code
    assert says in json.loads(as_json.stderr)["error"]


def test_a_start_in_the_future_is_refused(catalog: str):
    result = punch("start", "x", "--at", (datetime.now(UTC) + timedelta(hours=2)).isoformat())
    assert result.returncode == 1
    assert "in the future" in result.stderr
    assert ok("status").startswith("No timer running")


def test_status_reads_local_state_only(catalog: str, hermetic_home: Path):
    ok("start", "Fix login", "-p", "internal")
    # Without the store it still answers: it never opens it.
    store = hermetic_home / "data" / "punchcard" / "punchcard.sqlite3"
    store.rename(store.with_suffix(".moved"))
    assert "Fix login" in ok("status")
    store.with_suffix(".moved").rename(store)
    # And it imports no Textual, no backend, no HTTP client, no SQLite.
    probe = (
        "import sys\nfrom tui.cli import main\ncode = main(['status'])\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('textual', 'httpx', 'sqlite3', 'rich', 'pydantic') or m.startswith('tui.backends'))\n"
        "print(heavy, code)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, env=os.environ
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[] 0"


def test_status_before_anything_ran_and_with_a_broken_file(hermetic_home: Path):
    assert ok("status") == "No timer running\n"
    assert json.loads(ok("status", "--json"))["running"] is None
    folder = hermetic_home / "data" / "punchcard"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "status.json").write_text("{not json")
    result = punch("status")
    assert result.returncode == 1
    assert "status.json is not valid JSON" in result.stderr
    assert json.loads(punch("status", "--json").stderr)["error"]


def test_week_keeps_status_fresh_and_prints_csv(catalog: str):
    ok("start", "Fix login", "-p", "internal", "--at", "-90m")
    ok("stop", "--at", "-30m")
    table = list(csv.reader(io.StringIO(ok("week", "--csv"))))
    assert table[0][:3] == ["client", "project", "task"]
    assert table[0][-1] == "total"
    assert len(table[0]) == 11
    internal = next(row for row in table if row[1] == "Internal")
    assert internal[-1] == "1.00"
    assert table[-1][0] == "Total"
    assert table[-1][-1] == "1.00"
    assert punch("week", "--csv", "--json").returncode == 2


def test_help_documents_the_exit_codes():
    for command in ("start", "stop", "continue", "status"):
        text = ok(command, "--help")
        assert "exit codes" in text
        assert "0" in text
        assert "2" in text
    assert "{hm}" in ok("status", "--help")
