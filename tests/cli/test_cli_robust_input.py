"""Bad input and damaged files, as a user (or an attacker) gives them to the installed
`punch`: one clear line on stderr and a documented exit code, never a traceback, never a
silent fallback."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.installed_punch import punch, punch_command

EXIT_CODES = {0, 1, 2, 3, 4}


def data(home: Path) -> Path:
    folder = home / "data" / "punchcard"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def config(home: Path, text: str) -> None:
    folder = home / "config" / "punchcard"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.toml").write_text(text, encoding="utf-8")


def one_clear_line(result: subprocess.CompletedProcess[str], code: int) -> str:
    """The one line that says what is wrong. A bad command line (2) shows the command's
    usage before it, as argparse does for its own errors: `punch week: error: …`."""
    assert result.returncode == code, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    if code == 2:
        assert lines[0].startswith("usage: punch "), result.stderr
        lines = lines[1:]
        while lines and lines[0].startswith(" "):  # the usage, wrapped
            lines = lines[1:]
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith("punch "), result.stderr
        assert ": error: " in lines[0], result.stderr
        return lines[0]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("punch: ")
    return lines[0]


@pytest.mark.parametrize(
    "args",
    [
        ("week", "--date", "9999-12-27"),
        ("week", "--date", "0001-01-01"),
        ("report", "--to", "0001-01-01"),
        ("report", "--from", "9999-12-30"),
        ("week", "--date", "not a day"),
    ],
)
def test_days_at_the_calendars_edges_are_refused_in_words(args: tuple[str, ...]) -> None:
    line = one_clear_line(punch(*args), 2)
    assert "fromisoformat" not in line
    assert "out of range" not in line


def test_every_command_reads_days_the_same_way() -> None:
    for words in ("today", "yesterday", "mon", "Friday"):
        week = punch("week", "--date", words, "--json")
        assert week.returncode == 0, week.stderr
        report = punch("report", "--from", words, "--json")
        assert report.returncode == 0, report.stderr
    iso = json.loads(punch("week", "--date", "2026-11-18", "--json").stdout)
    assert iso["week_start"] == "2026-11-16"


def test_a_start_time_at_the_calendars_edge_is_a_usage_error() -> None:
    line = one_clear_line(punch("start", "x", "--at", "0001-01-01T00:00"), 2)
    assert "too far" in line


@pytest.mark.parametrize(
    "args", [("week",), ("week", "--json"), ("report",), ("status",), ("report", "--csv")]
)
def test_output_into_a_closed_pipe_ends_quietly(args: tuple[str, ...]) -> None:
    proc = subprocess.Popen(
        [*punch_command(), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None
    assert proc.stderr is not None
    proc.stdout.close()  # the reader is gone before a byte is written, as `| head -0`
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0
    assert err == ""


def test_a_data_folder_that_is_not_a_folder_is_one_line(hermetic_home: Path) -> None:
    (hermetic_home / "data").mkdir()
    (hermetic_home / "data" / "punchcard").write_text("not a folder")
    for args in (("week",), ("report",), ("start", "x"), ("--backend", "local", "week")):
        line = one_clear_line(punch(*args), 1)
        assert "Not a directory" in line
    one_clear_line(punch("status"), 1)


@pytest.mark.parametrize(
    "content",
    [
        b"\xff\xfe\x00",
        b"{not json",
        b'{"version": 1, "clock_offset": NaN}',
        b'{"version": 1, "clock_offset": Infinity, "running": {"start": "2026-01-01T00:00:00Z"}}',
    ],
)
def test_a_damaged_status_file_is_one_line(hermetic_home: Path, content: bytes) -> None:
    (data(hermetic_home) / "status.json").write_bytes(content)
    line = one_clear_line(punch("status"), 1)
    assert "status.json" in line


def test_odd_types_in_the_status_file_are_no_names(hermetic_home: Path) -> None:
    state = {
        "version": 1,
        "clock_offset": 1e308,
        "today_finished": 1e300,
        "workspace": 5,
        "timezone": ["x"],
        "running": {
            "start": "2026-01-01T00:00:00Z",
            "tags": [1, None, "a"],
            "description": 3,
            "project": {"x": 1},
        },
    }
    (data(hermetic_home) / "status.json").write_text(json.dumps(state))
    for args in (("status",), ("status", "--json"), ("status", "--format", "{tags}|{title}")):
        result = punch(*args)
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
    assert punch("status", "--format", "{tags}|{title}").stdout.endswith("a|(no description)\n")
    far = {"version": 1, "running": {"start": "0001-01-01T00:00:00+14:00"}}
    (data(hermetic_home) / "status.json").write_text(json.dumps(far))
    assert punch("status").returncode == 0


@pytest.mark.parametrize(
    "template",
    ["{hm.__class__}", "{tags[0]}", "{hm!r}", "{hm:>99999999}", "{hm:.5000}", "{hm:,d}", "{0}"],
)
def test_status_format_takes_only_documented_fields_and_sane_widths(template: str) -> None:
    line = one_clear_line(punch("status", "--format", template), 2)
    assert "--format" in line


def test_status_format_widths_still_work() -> None:
    result = punch("status", "--format", "[{hm:>6}|{title:.4}]", "--idle", "idle")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "idle\n"


def test_a_value_nested_thousands_deep_in_the_config_is_one_line(hermetic_home: Path) -> None:
    config(hermetic_home, "week_start = " + "[" * 5000 + "]" * 5000 + "\n")
    assert "nested too deeply" in one_clear_line(punch("week"), 1)
    config(hermetic_home, "x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n")
    one_clear_line(punch("week"), 1)


def test_a_config_that_is_not_utf8_is_one_line(hermetic_home: Path) -> None:
    folder = hermetic_home / "config" / "punchcard"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_bytes(b"week_start = '\xff'\n")
    assert "config.toml" in one_clear_line(punch("week"), 1)


def test_unknown_config_keys_are_warned_about_with_a_guess(hermetic_home: Path) -> None:
    config(hermetic_home, 'week_strat = "sunday"\ncolour = "red"\n')
    result = punch("week", "--json")
    assert result.returncode == 0, result.stderr
    warnings = [json.loads(line)["warning"] for line in result.stderr.splitlines()]
    assert any("'week_strat'" in w and "did you mean 'week_start'" in w for w in warnings)
    assert any("'colour'" in w for w in warnings)
    assert json.loads(result.stdout)["backend"] == "local"  # the command still ran


@pytest.mark.parametrize(
    "target", ['"25:00"', '["8:00", "8:00", "8:00", "8:00", "30:00", "0", "0"]']
)
def test_a_daily_target_past_24_hours_is_refused(hermetic_home: Path, target: str) -> None:
    config(hermetic_home, f"daily_target = {target}\n")
    line = one_clear_line(punch("week"), 1)
    assert "daily_target" in line
    assert "24:00" in line


def test_a_secrets_file_that_is_not_utf8_is_one_line_and_logout_forgets_it(
    hermetic_home: Path,
) -> None:
    folder = data(hermetic_home)
    (folder / "profiles.toml").write_text(
        '[clockify]\nkey_store = "file"\nbase_url = "http://127.0.0.1:9/api/v1"\n'
    )
    (folder / "secrets.toml").write_bytes(b"\xff\xfe[clockify]")
    (folder / "secrets.toml").chmod(0o600)
    assert "secrets.toml" in one_clear_line(punch("week"), 1)
    result = punch("logout", "clockify")
    assert result.returncode == 0, result.stderr
    assert not (folder / "secrets.toml").exists()
    assert not (folder / "profiles.toml").exists()
    after = punch("week", "--json")
    assert after.returncode == 0, after.stderr
    assert json.loads(after.stdout)["backend"] == "local"


def test_a_secrets_file_that_is_not_toml_can_be_forgotten(hermetic_home: Path) -> None:
    folder = data(hermetic_home)
    (folder / "profiles.toml").write_text(
        '[clockify]\nkey_store = "file"\nbase_url = "http://127.0.0.1:9/api/v1"\n'
    )
    (folder / "secrets.toml").write_text("[clockify\napi_key = ")
    (folder / "secrets.toml").chmod(0o600)
    one_clear_line(punch("week"), 1)
    assert punch("logout").returncode == 0
    assert not (folder / "secrets.toml").exists()


@pytest.mark.parametrize(
    ("profiles", "says"),
    [
        ("", "is empty"),
        ("\n  \n", "is empty"),
        ('[clockify]\nkey_store = "file"\n', "no server address"),
        ("clockify = 3\n", "not a table"),
    ],
)
def test_an_empty_or_partial_profiles_file_says_so(
    hermetic_home: Path, profiles: str, says: str
) -> None:
    (data(hermetic_home) / "profiles.toml").write_text(profiles)
    line = one_clear_line(punch("week"), 1)
    assert says in line
    assert "profiles.toml" in line


def test_a_status_file_nested_thousands_deep_is_one_line(hermetic_home: Path) -> None:
    (data(hermetic_home) / "status.json").write_text("[" * 100_000 + "]" * 100_000)
    assert "status.json" in one_clear_line(punch("status"), 1)


def test_a_working_day_that_ends_before_it_starts_is_refused(hermetic_home: Path) -> None:
    config(hermetic_home, 'workday_start = "18:00"\nworkday_end = "09:00"\n')
    assert "workday_end 09:00 is not after workday_start 18:00" in one_clear_line(punch("week"), 1)
