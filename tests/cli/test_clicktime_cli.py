"""`punch login clicktime` (token, or e-mail and password once), the environment override,
`punch week` on ClickTime and `punch logout clicktime`, as a user runs them: the installed
console script in a subprocess, against the fake ClickTime on loopback."""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from tests.fakes.clicktime.testing import seeded, serving
from tests.installed_punch import punch


def data_dir(home: Path) -> Path:
    return home / "data" / "punchcard"


def clicktime_env(fake: Any) -> dict[str, str]:
    """ClickTime by the environment alone: no profile, no file."""
    return {
        "CLICKTIME_TOKEN": fake.token,
        "CLICKTIME_BASE_URL": fake.base_url,
        "PUNCHCARD_BACKEND": "clicktime",
        "TZ": "UTC",
    }


def test_login_with_the_token_checks_it_and_keeps_only_it(hermetic_home: Path) -> None:
    state, _ = seeded()
    with serving(state) as fake:
        env = {"CLICKTIME_BASE_URL": fake.base_url, "TZ": "UTC"}
        result = punch("login", "clicktime", "--key-stdin", stdin=fake.token + "\n", env=env)
        assert result.returncode == 0, result.stderr
        assert "Logged in to ClickTime as Doe, Jane (jane.doe@example.com)" in result.stdout
        assert "Company: Example Co" in result.stdout
        assert fake.token not in result.stdout + result.stderr
        profile = tomllib.loads((data_dir(hermetic_home) / "profiles.toml").read_text())
        assert profile["clicktime"]["base_url"] == fake.base_url
        secrets = tomllib.loads((data_dir(hermetic_home) / "secrets.toml").read_text())
        assert secrets["clicktime"] == {"api_key": fake.token}
        [me] = fake.sent("GET", "/Me")
        assert me.headers["authorization"] == f"Token {fake.token}"

        week = punch(
            "week", "--backend", "clicktime", "--json", "--date", "2026-11-18", env={"TZ": "UTC"}
        )
        assert week.returncode == 0, week.stderr
        assert json.loads(week.stdout)["day_totals"] == [23400, 3600, 0, 0, 0, 0, 0]

        out = punch("logout", "clicktime")
        assert out.returncode == 0, out.stderr
        assert "ClickTime profile" in out.stdout
        profiles = data_dir(hermetic_home) / "profiles.toml"  # removed once it is empty
        assert not profiles.exists() or "clicktime" not in tomllib.loads(profiles.read_text())


def test_login_with_email_and_password_stores_only_the_token(hermetic_home: Path) -> None:
    state, _ = seeded()
    with serving(state) as fake:
        env = {"CLICKTIME_BASE_URL": fake.base_url}
        answers = f"{state.email}\n{state.password}\n"
        result = punch("login", "clicktime", "--email", "--key-stdin", stdin=answers, env=env)
        assert result.returncode == 0, result.stderr
        stored = (data_dir(hermetic_home) / "secrets.toml").read_text()
        assert fake.token in stored
        assert state.password not in stored
        assert state.password not in result.stdout + result.stderr
        basic, token = fake.sent("GET", "/Me")
        assert basic.headers["authorization"].startswith("Basic ")
        assert token.headers["authorization"] == f"Token {fake.token}"


def test_a_wrong_password_or_token_saves_nothing(hermetic_home: Path) -> None:
    state, _ = seeded()
    with serving(state) as fake:
        env = {"CLICKTIME_BASE_URL": fake.base_url}
        wrong = punch(
            "login", "clicktime", "--email", "--key-stdin", stdin=f"{state.email}\nnope\n", env=env
        )
        assert wrong.returncode == 1
        assert "did not accept that e-mail address and password" in wrong.stderr
        bad = punch("login", "clicktime", "--key-stdin", stdin="not-the-token\n", env=env)
        assert bad.returncode == 1
        assert "rejected the token" in bad.stderr
        assert "Traceback" not in wrong.stderr + bad.stderr
        assert not (data_dir(hermetic_home) / "profiles.toml").exists()


def test_the_environment_is_enough(hermetic_home: Path) -> None:
    state, _ = seeded()
    with serving(state) as fake:
        env = clicktime_env(fake)
        week = punch("week", "--json", "--date", "2026-11-18", env=env)
        assert week.returncode == 0, week.stderr
        shown = json.loads(week.stdout)
        assert (shown["backend"], shown["workspace"]["name"]) == ("clicktime", "Example Co")
        assert [(r["project"], r["task"], r["total"]) for r in shown["rows"]] == [
            ("WR-100 - Website Redesign", "DEV - Development", 23400),
            ("WR-100 - Website Redesign", "MTG - Meetings", 3600),
        ]
        env["CLICKTIME_TOKEN"] = "revoked"
        refused = punch("week", "--json", "--date", "2026-11-18", env=env)
        assert refused.returncode == 1
        error = json.loads(refused.stderr)["error"]
        assert "rejected the token" in error
        assert "CLICKTIME_TOKEN" in error
        assert "revoked" not in error


def test_week_report_and_export_count_time_off_as_clicktimes_week_view_does(
    hermetic_home: Path,
) -> None:
    """A vacation day on Friday: `punch week` shows it as its own row in the day's total,
    `punch report` counts it in the days and says so in the total line, and the JSON says
    how much of the total it is."""
    state, ids = seeded()
    state.add_time_off(date(2026, 11, 20), 8.0, ids.vacation, notes="Long weekend")
    with serving(state) as fake:
        env = clicktime_env(fake)
        week = punch("week", "--json", "--date", "2026-11-18", env=env)
        assert week.returncode == 0, week.stderr
        shown = json.loads(week.stdout)
        assert shown["day_totals"] == [23400, 3600, 0, 0, 28800, 0, 0]
        assert shown["total"] == 23400 + 3600 + 28800
        assert [(r["project"], r["task"], r["time_off"]) for r in shown["rows"]][-1] == (
            "Time off",
            "Vacation",
            True,
        )
        table = punch("week", "--date", "2026-11-18", env=env)
        assert table.returncode == 0, table.stderr
        [vacation] = [line for line in table.stdout.splitlines() if "Vacation" in line]
        assert vacation.split()[-8:] == ["·", "·", "·", "·", "8:00", "·", "·", "8:00"]
        assert table.stdout.splitlines()[-1].split()[-1] == "15:30"  # 6:30 + 1:00 + 8:00
        csv_out = punch("week", "--csv", "--date", "2026-11-18", env=env)
        assert "Time off,Vacation" in csv_out.stdout

        report = punch(
            "report", "--from", "2026-11-16", "--to", "2026-11-22", "--by", "day", env=env
        )
        assert report.returncode == 0, report.stderr
        assert "incl. 8:00 time off" in report.stdout
        [friday] = [line for line in report.stdout.splitlines() if "Fri 20 Nov 2026" in line]
        assert friday.split("Fri 20 Nov 2026")[1].split()[0] == "8:00"  # the day's time
        data = punch("report", "--from", "2026-11-16", "--to", "2026-11-22", "--json", env=env)
        payload = json.loads(data.stdout)
        assert (payload["total"], payload["time_off"]) == (23400 + 3600 + 28800, 28800)
        assert payload["days"][4]["seconds"] == 28800
