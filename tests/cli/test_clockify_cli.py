"""`punch login clockify`, `punch logout` and `punch week` on Clockify, as a user runs them:
the installed console script in a subprocess, against the fake server on loopback."""

from __future__ import annotations

import json
import stat
import tomllib
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from tests.fakes.clockify import State
from tests.fakes.clockify.testing import serving
from tests.installed_punch import punch
from tui.domain.weeks import week_start_date

KEY = "cli-test-key-7d41e0b9a2"


def data_dir(home: Path) -> Path:
    return home / "data" / "punchcard"


def this_week_state() -> tuple[State, list[int]]:
    """Two workspaces; two entries on this week's Monday and Tuesday (UTC profile)."""
    state = State(timezone="UTC")
    space = state.add_workspace("Acme")
    state.add_workspace("Side")
    client = state.add_client(space, "Acme Corp")
    project = state.add_project(space, "Website", client)
    task = state.add_task(space, project, "Design")
    monday = week_start_date(datetime.now(UTC).date(), 0)
    at = datetime.combine(monday, time(8), UTC)
    state.add_entry(space, at, at + timedelta(hours=2), project_id=project, task_id=task)
    at += timedelta(days=1)
    state.add_entry(space, at, at + timedelta(minutes=45), project_id=project, task_id=task)
    return state, [7200, 2700, 0, 0, 0, 0, 0]


def test_login_verifies_the_key_and_saves_a_private_profile(hermetic_home: Path) -> None:
    state, seconds = this_week_state()
    with serving(state, api_key=KEY) as fake:
        result = punch(
            "login",
            "clockify",
            "--key-stdin",
            "--server",
            fake.base_url,
            "--workspace",
            "Acme",
            stdin=KEY + "\n",
        )
        assert result.returncode == 0, result.stderr
        assert "Logged in to Clockify as Ada (ada@example.com)" in result.stdout
        assert "Workspace: Acme" in result.stdout
        assert "readable only by you" in result.stdout
        secrets = data_dir(hermetic_home) / "secrets.toml"
        assert stat.S_IMODE(secrets.stat().st_mode) == 0o600
        profile = tomllib.loads((data_dir(hermetic_home) / "profiles.toml").read_text())
        assert profile["clockify"]["base_url"] == fake.base_url
        assert KEY not in (data_dir(hermetic_home) / "profiles.toml").read_text()
        assert not (hermetic_home / "config" / "punchcard" / "config.toml").exists()

        week = punch("week", "--json")  # the saved profile selects Clockify by itself
        assert week.returncode == 0, week.stderr
        payload = json.loads(week.stdout)
        assert payload["backend"] == "clockify"
        assert payload["workspace"]["name"] == "Acme"
        assert payload["timezone"] == "UTC"
        assert payload["rows"] == [
            {
                "client": "Acme Corp",
                "project": "Website",
                "task": "Design",
                "seconds": seconds,
                "total": 9900,
                "time_off": False,
            }
        ]
        assert payload["total"] == 9900
        assert fake.sent("GET", "/user")[0].headers["x-api-key"] == KEY
    for output in (result.stdout, result.stderr, week.stdout, week.stderr):
        assert KEY not in output


def test_a_rejected_key_saves_nothing(hermetic_home: Path) -> None:
    with serving(api_key=KEY) as fake:
        result = punch(
            "login", "clockify", "--key-stdin", "--server", fake.base_url, stdin="wrong-key-123\n"
        )
    assert result.returncode == 1
    assert "Clockify rejected the API key" in result.stderr
    assert "Nothing was saved" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (data_dir(hermetic_home) / "profiles.toml").exists()
    assert not (data_dir(hermetic_home) / "secrets.toml").exists()


def test_login_asks_for_the_server_by_number(hermetic_home: Path) -> None:
    # Choice 7 is "another address"; the key comes first, from the hidden prompt's stdin.
    with serving(api_key=KEY) as fake:
        result = punch("login", "clockify", "--key-stdin", stdin=f"{KEY}\n7\n{fake.base_url}\n")
    assert result.returncode == 0, result.stderr
    for server in (
        "Global (api.clockify.me)",
        "EU — Germany (euc1)",
        "USA (use2)",
        "UK (euw2)",
        "Australia (apse2)",
        "Developer sandbox",
    ):
        assert server in result.stderr


def test_plain_http_to_another_host_is_refused_at_login(hermetic_home: Path) -> None:
    result = punch(
        "login",
        "clockify",
        "--key-stdin",
        "--server",
        "http://example.com/api/v1",
        stdin=KEY + "\n",
    )
    assert result.returncode == 1
    assert "Refusing to send the API key over plain http://" in result.stderr
    assert "--allow-http" in result.stderr


def test_environment_overrides_everything_and_logout_forgets(hermetic_home: Path) -> None:
    state, _ = this_week_state()
    with serving(state, api_key=KEY) as fake:
        env = {"CLOCKIFY_API_KEY": KEY, "CLOCKIFY_BASE_URL": fake.base_url}
        week = punch("week", "--json", env=env)
        assert week.returncode == 0, week.stderr
        assert json.loads(week.stdout)["total"] == 9900
        assert not (data_dir(hermetic_home) / "profiles.toml").exists()  # no file needed

        bad = punch("week", "--json", env={**env, "CLOCKIFY_API_KEY": "nope-" + KEY[:6]})
        assert bad.returncode == 1
        assert "CLOCKIFY_API_KEY" in json.loads(bad.stderr)["error"]

        login = punch(
            "login", "clockify", "--key-stdin", "--server", fake.base_url, stdin=KEY + "\n"
        )
        assert login.returncode == 0, login.stderr
    out = punch("logout")
    assert out.returncode == 0
    assert "Forgot" in out.stdout
    assert "Clockify profile" in out.stdout
    assert not (data_dir(hermetic_home) / "secrets.toml").exists()
    week = punch("week", "--backend", "clockify", "--json")
    assert week.returncode == 1
    assert "punch login clockify" in json.loads(week.stderr)["error"]
    assert punch("logout").stdout.strip() == "No Clockify login was saved."


def test_login_offers_only_the_registered_backends() -> None:
    """Every registered backend with a login is offered (ClickTime too), and a name the
    registry does not know is a usage error that lists what there is."""
    for args in (("login", "--help"), ("logout", "--help")):
        shown = punch(*args).stdout.lower()
        assert "clockify" in shown
        assert "clicktime" in shown
    result = punch("login", "harvest")
    assert result.returncode == 2
    assert "invalid choice: 'harvest' (choose from 'clockify', 'clicktime')" in result.stderr
