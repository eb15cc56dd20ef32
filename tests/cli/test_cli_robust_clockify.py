"""The installed `punch` against a misbehaving fake Clockify: escape sequences in every text
the server sends reach the terminal as visible stand-ins only; wrong shapes, redirects, a
query in the address and a server that never answers are one clear line."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta

import pytest

from tests.fakes.clockify import State
from tests.fakes.clockify.server import FakeClockify
from tests.fakes.clockify.testing import serving
from tests.installed_punch import punch
from tui.domain.weeks import week_start_date

KEY = "robust-cli-key-5e1f0a9c"
JSON = {"content-type": "application/json"}
EVIL = "\x1b]0;pwned\x07\x1b[2J\x9b31m\x00\x7f\u202e"
RAW = ("\x1b", "\x07", "\x9b", "\x00", "\x7f", "\u202e")


def env(fake: FakeClockify, base_url: str | None = None) -> dict[str, str]:
    return {"CLOCKIFY_API_KEY": KEY, "CLOCKIFY_BASE_URL": base_url or fake.base_url, "TZ": "UTC"}


def nothing_raw(text: str) -> None:
    for char in RAW:
        assert char not in text, (char, text)


@pytest.fixture
def evil() -> Iterator[FakeClockify]:
    """Every name and description carries escape sequences; one entry runs now."""
    state = State(timezone="UTC", name=f"Ada{EVIL}")
    space = state.add_workspace(f"Acme{EVIL}")
    client = state.add_client(space, f"Client{EVIL}")
    project = state.add_project(space, f"Project{EVIL}", client)
    task = state.add_task(space, project, f"Task{EVIL}")
    tag = state.add_tag(space, f"Tag{EVIL}")
    monday = week_start_date(datetime.now(UTC).date(), 0)
    at = datetime.combine(monday, time(8), UTC)
    state.add_entry(
        space,
        at,
        at + timedelta(hours=2),
        project_id=project,
        task_id=task,
        tag_ids=[tag],
        description=f"Done{EVIL}",
    )
    now = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=5)
    state.add_entry(space, now, None, project_id=project, description=f"Running{EVIL}")
    with serving(state, api_key=KEY) as fake:
        yield fake


@pytest.mark.parametrize(
    "args",
    [
        ("week",),
        ("week", "--csv"),
        ("week", "--json"),
        ("report", "--by", "tag"),
        ("report", "--json"),
        ("continue", "--list"),
        ("continue", "--list", "--json"),
    ],
)
def test_no_escape_sequence_from_the_server_reaches_the_terminal(
    evil: FakeClockify, args: tuple[str, ...]
) -> None:
    result = punch(*args, env=env(evil))
    assert result.returncode == 0, result.stderr
    nothing_raw(result.stdout)
    nothing_raw(result.stderr)
    assert "^[]0;pwned" in result.stdout


def test_punch_status_after_a_week_on_the_evil_server_prints_nothing_raw(
    evil: FakeClockify,
) -> None:
    assert punch("week", env=env(evil)).returncode == 0  # writes the status file
    for args in (
        ("status",),
        ("status", "--json"),
        ("status", "--format", "{title} {path} {workspace} {tags}"),
    ):
        result = punch(*args, env=env(evil))
        assert result.returncode == 0, result.stderr
        nothing_raw(result.stdout)
    line = punch("status", env=env(evil)).stdout
    assert "Running^[]0;pwned" in line


def test_the_json_of_a_week_keeps_the_text_readable(evil: FakeClockify) -> None:
    payload = json.loads(punch("week", "--json", env=env(evil)).stdout)
    assert payload["workspace"]["name"].startswith("Acme^[]0;pwned")
    assert payload["rows"][0]["project"].startswith("Project^[]0;pwned")


@pytest.fixture
def fake() -> Iterator[FakeClockify]:
    state = State(timezone="UTC")
    state.add_workspace("Acme")
    with serving(state, api_key=KEY, validate=False) as server:
        yield server


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize(
    ("path", "how", "says"),
    [
        ("/user", {"status": 200, "body": b""}, "cannot read"),
        ("/user", {"status": 200, "body": b"[1, 2]", "headers": JSON}, "a list where a user"),
        ("/workspaces", {"status": 200, "body": b'{"a": 1}', "headers": JSON}, "list of work"),
        ("/user", {"status": 302, "headers": {"location": "https://example.com/"}}, "redirect"),
        ("/user", {"status": 301, "body": b""}, "redirect"),
        ("/user", {"status": 200, "body": b"<html>hi</html>"}, "not JSON"),
    ],
)
def test_a_wrong_answer_is_one_line(
    fake: FakeClockify, path: str, how: dict[str, object], says: str
) -> None:
    fake.fail("GET", path, times=20, **how)  # type: ignore[arg-type]
    assert says in one_line(punch("week", env=env(fake)))


def test_a_server_address_with_a_query_is_refused(fake: FakeClockify) -> None:
    line = one_line(punch("week", env=env(fake, fake.base_url + "?evil=1")))
    assert "query" in line
    assert fake.sent() == []


def test_a_server_that_never_answers_is_given_up_on_in_seconds(fake: FakeClockify) -> None:
    fake.fail("GET", "/user", delay=40.0, times=20)
    # Without a cap, four attempts of 20 s each: the helper's 60 s limit would fail this.
    line = one_line(punch("week", env=env(fake)))
    assert "did not answer" in line


def test_an_entry_without_a_time_is_skipped_and_the_week_still_shows(
    fake: FakeClockify,
) -> None:
    monday = week_start_date(datetime.now(UTC).date(), 0)
    start = datetime.combine(monday, time(9), UTC)
    good = {
        "id": "good",
        "description": "Kept",
        "timeInterval": {
            "start": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "end": (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        },
    }
    bad = {"id": "bad", "description": "No time", "timeInterval": None}
    body = json.dumps([good, bad]).encode()
    path = r"/workspaces/[^/]+/user/[^/]+/time-entries"
    fake.fail("GET", path, status=200, body=body, headers=JSON, times=20)
    result = punch("week", "--json", env=env(fake))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total"] == 3600
    warning = json.loads(result.stderr.strip().splitlines()[0])["warning"]
    assert "without a start time" in warning
