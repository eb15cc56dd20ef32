"""Bounded fuzzing of what punch reads from a user and from files: command-line values,
config.toml, profiles and secrets, the status file. Every run ends with a documented exit
code and at most one clear line per problem on stderr; no exception escapes. Small example
counts and no deadline: this runs on every test run, on shared cores."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.cli import main
from tui.config import ConfigError, Settings, load_settings
from tui.domain.days import DayError, parse_day
from tui.domain.safe_text import is_safe, safe_text
from tui.profiles import ProfileError, forget_profile, load_profile, read_secret

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
DOCUMENTED = {0, 1, 2, 3, 4}

day_words = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["today", "yesterday", "mon", "Sunday", "tu", "0001-01-01", "9999-12-31"]),
    st.dates().map(date.isoformat),
    st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True),
)
times = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["now", "-10m", "9:15", "yesterday 17:00", "0001-01-01T00:00", "25:99"]),
    st.datetimes().map(lambda d: d.isoformat()),
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:  # argparse: --help is 0, a bad command line 2
        code = exit_.code if isinstance(exit_.code, int) else 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def one_line_or_none(code: int, err: str) -> None:
    assert code in DOCUMENTED
    if code not in (0, 2):  # argparse's usage message is its own, several lines
        assert len(err.strip().splitlines()) == 1, err
        assert is_safe(err.strip())


@FUZZ
@given(text=day_words)
def test_every_date_option_ends_in_a_documented_code(
    capsys: pytest.CaptureFixture[str], text: str
) -> None:
    for argv in (("week", "--date", text), ("report", "--from", text), ("report", "--to", text)):
        code, err = run(capsys, *argv, "--json")
        assert code in (0, 2), err
        if code == 2:
            assert len(err.strip().splitlines()) == 1
            assert "error" in json.loads(err.strip().splitlines()[-1]) or "usage" in err


@FUZZ
@given(at=times, description=st.text(max_size=40))
def test_every_timer_time_ends_in_a_documented_code(
    capsys: pytest.CaptureFixture[str], at: str, description: str
) -> None:
    code, err = run(capsys, "start", description or "x", f"--at={at}")
    one_line_or_none(code, err)
    code, err = run(capsys, "stop", f"--at={at}")
    one_line_or_none(code, err)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
status_keys = st.sampled_from(
    ["timezone", "clock_offset", "today", "today_finished", "checked_at", "workspace", "running"]
)
running_keys = st.sampled_from(["start", "description", "client", "project", "tags", "billable"])


@FUZZ
@given(
    top=st.dictionaries(status_keys, json_values, max_size=6),
    running=st.dictionaries(running_keys, json_values, max_size=6),
    start=st.one_of(st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat())),
)
def test_any_status_file_prints_or_says_why(
    capsys: pytest.CaptureFixture[str],
    hermetic_home: Path,
    top: dict[str, object],
    running: dict[str, object],
    start: str,
) -> None:
    folder = hermetic_home / "data" / "punchcard"
    folder.mkdir(parents=True, exist_ok=True)
    state = {"version": 1, **top, "running": {"start": start, **running}}
    (folder / "status.json").write_text(json.dumps(state), encoding="utf-8")
    for argv in (("status",), ("status", "--json"), ("status", "--format", "{title}{tags}{start}")):
        code, err = run(capsys, *argv)
        assert code == 0, err
        assert err == ""


toml_values = st.recursive(
    st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.times()
    | st.dates(),
    lambda inner: st.lists(inner, max_size=8) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=10,
)
config_keys = st.one_of(
    st.sampled_from(
        ["week_start", "timezone", "workday_start", "daily_target", "gap_minutes", "backend"]
    ),
    st.text(min_size=1, max_size=12),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(config=st.dictionaries(config_keys, toml_values, max_size=6))
def test_any_config_is_settings_or_a_config_error(config: dict[str, object]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "config.toml"
        path.write_text(tomli_w.dumps(config), encoding="utf-8")
        heard: list[str] = []
        try:
            loaded = load_settings(path, warn=heard.append)
        except ConfigError as err:
            said = str(err)
            loaded = None
        if loaded is None:
            assert said.startswith(str(path))
            return
        assert isinstance(loaded, Settings)
        assert all(0 <= s <= 86400 for s in loaded.daily_target)
        unknown = [k for k in config if k not in Settings.__dataclass_fields__]
        assert len(heard) == len(unknown)


@FUZZ
@given(profiles=st.binary(max_size=80), secrets=st.binary(max_size=80))
def test_any_profiles_and_secrets_bytes_are_read_or_refused_and_can_be_forgotten(
    hermetic_home: Path, profiles: bytes, secrets: bytes
) -> None:
    folder = hermetic_home / "data" / "punchcard"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "profiles.toml").write_bytes(profiles)
    (folder / "secrets.toml").write_bytes(secrets)
    (folder / "secrets.toml").chmod(0o600)
    try:
        profile = load_profile("clockify")
        read_secret("clockify", profile or {})
    except ProfileError:
        pass
    forget_profile("clockify", "Clockify")  # forgetting always works, damaged or not
    assert load_profile("clockify") is None


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=40), today=st.dates(min_value=date(1901, 1, 8)))
def test_a_day_is_a_date_in_range_or_a_day_error(text: str, today: date) -> None:
    try:
        day = parse_day(text, today)
    except DayError as err:
        said = str(err)
        day = None
    if day is None:
        assert is_safe(said)
        return
    if text.strip().lower() in {"today", "yesterday"} or text.strip().isalpha():
        assert today - timedelta(days=7) <= day <= today  # a word counts back from today
    else:
        assert date(1900, 1, 1) <= day <= date(9998, 12, 31)


@settings(max_examples=300, deadline=None)
@given(text=st.text())
def test_safe_text_leaves_nothing_a_terminal_would_act_on(text: str) -> None:
    made = safe_text(text)
    assert is_safe(made)
    assert safe_text(made) == made
    if text.isprintable():
        assert made == text
