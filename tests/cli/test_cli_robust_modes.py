"""Files punch writes that hold work data or secrets are its owner's only: 0600 files in a
0700 folder, even under ``umask 000``; a secrets file others can read is repaired, with a
warning."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

from tests.fakes.clockify import State
from tests.fakes.clockify.testing import serving
from tests.installed_punch import punch, punch_command

KEY = "modes-test-key-91c4e7"


def punch_open_umask(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """``punch`` run with ``umask 000``, as on a machine where everything is shared."""
    return subprocess.run(
        [*punch_command(), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=lambda: os.umask(0),
    )


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_work_data_is_private_under_an_open_umask(hermetic_home: Path) -> None:
    data = hermetic_home / "data" / "punchcard"
    started = punch_open_umask("start", "Secret project", "--json")
    assert started.returncode == 0, started.stderr
    assert punch_open_umask("stop").returncode == 0
    assert mode(data) == 0o700
    assert mode(data / "status.json") == 0o600
    leftovers = [p.name for p in data.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_login_files_are_private_under_an_open_umask(hermetic_home: Path) -> None:
    data = hermetic_home / "data" / "punchcard"
    state = State(timezone="UTC")
    state.add_workspace("Acme")
    with serving(state, api_key=KEY) as fake:
        args = ("login", "clockify", "--key-stdin", "--server", fake.base_url)
        result = punch_open_umask(*args, stdin=KEY + "\n")
        assert result.returncode == 0, result.stderr
    assert mode(data) == 0o700
    assert mode(data / "secrets.toml") == 0o600
    assert mode(data / "profiles.toml") == 0o600
    assert mode(data / "state.toml") == 0o600


def test_a_secrets_file_others_can_read_is_repaired_with_a_warning(hermetic_home: Path) -> None:
    data = hermetic_home / "data" / "punchcard"
    state = State(timezone="UTC")
    state.add_workspace("Acme")
    with serving(state, api_key=KEY) as fake:
        login = ("login", "clockify", "--key-stdin", "--server", fake.base_url)
        assert punch(*login, stdin=KEY + "\n").returncode == 0
        (data / "secrets.toml").chmod(0o644)
        week = punch("week")
        again = punch("week")
    assert week.returncode == 0, week.stderr
    assert mode(data / "secrets.toml") == 0o600
    warning = week.stderr.strip().splitlines()
    assert len(warning) == 1
    assert "readable by others" in warning[0]
    assert KEY not in week.stderr
    assert again.stderr == ""  # once repaired, nothing more to say
