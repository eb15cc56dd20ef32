"""The backend registry: one list that `--backend`, `auto`, `punch login`, `punch logout`,
the profile store and the contract suite all read, and that a test can add to."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from tests.backends.conftest import MemoryKeyring
from tui import profiles
from tui.backends import registry
from tui.backends.login import LoginDone, LoginFailed, LoginPrompts
from tui.cli import build_parser, main
from tui.domain.models import Capabilities

REPO = Path(__file__).resolve().parents[2]
SECRET = "dummy-secret-6b2f9e01"


def python(code: str, env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
        env={**os.environ, **(env or {})},
    )


HEAVY = "sorted(m for m in sys.modules if m.split('.')[0] in {'httpx', 'pydantic', 'textual'})"


def test_punch_status_imports_neither_httpx_nor_pydantic() -> None:
    # With a Clockify key configured, so `auto` would choose Clockify if anything asked.
    code = f"import sys\nfrom tui.cli import main\nmain(['status'])\nprint({HEAVY})"
    result = python(code, env={"CLOCKIFY_API_KEY": "not-used-1234"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_the_registry_imports_no_backend() -> None:
    code = (
        "import sys\nimport tui.backends.registry as r\nr.names()\n"
        "print(sorted(m for m in sys.modules if m.startswith(('tui.backends.local', "
        "'tui.backends.clockify', 'tui.domain.models', 'httpx', 'pydantic', 'sqlite3'))))"
    )
    result = python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_opening_local_imports_only_local() -> None:
    code = (
        "import asyncio, sys\nfrom tui.store.open_backend import open_backend\n"
        "b = asyncio.run(open_backend('local'))\nprint(b.name, "
        f"{HEAVY}, 'tui.backends.clockify.backend' in sys.modules)"
    )
    result = python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["local", "[]", "False"]


def test_opening_clicktime_behind_its_replica_imports_no_client() -> None:
    """A warm start paints from the replica first: opening ClickTime and reading what it
    declares import neither httpx nor pydantic (the client comes when first needed)."""
    code = (
        "import asyncio, sys\nfrom tui.store.open_backend import open_backend\n"
        "b = asyncio.run(open_backend('clicktime'))\n"
        "print(type(b).__name__, b.capabilities.submit_timesheet, "
        f"{HEAVY}, 'tui.backends.clicktime.backend' in sys.modules)"
    )
    env = {"CLICKTIME_TOKEN": "not-used-1234", "CLICKTIME_BASE_URL": "http://127.0.0.1:9/v2"}
    result = python(code, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["ReplicaBackend", "True", "[]", "False"]


def test_an_unknown_backend_names_the_choices() -> None:
    """Given on the command line it is a bad command line (2) listing auto too; from
    PUNCHCARD_BACKEND it is found when the backend is opened (1)."""
    exe = Path(sys.executable).with_name("punch")
    result = subprocess.run(
        [str(exe), "week", "--backend", "nope"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("usage: punch week ")
    assert (
        "argument --backend: invalid choice: 'nope' "
        "(choose from 'auto', 'local', 'clockify', 'clicktime')"
    ) in result.stderr
    from_env = subprocess.run(
        [str(exe), "week", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PUNCHCARD_BACKEND": "nope"},
    )
    assert from_env.returncode == 1
    assert json.loads(from_env.stderr) == {
        "error": "Unknown backend 'nope'; available here: local, clockify, clicktime"
    }


# ---------------------------------------------------------------- a backend added by a test


class DummyFlow:
    """A login that asks for a token and a region and checks the token itself."""

    def ask(self, options: Mapping[str, Any], prompts: LoginPrompts) -> str:
        token = prompts.secret("Dummy token: ", "Your token is on the dummy site.")
        if not token:
            raise LoginFailed("No token given; nothing was saved.")
        return token

    async def check(
        self, credentials: Any, options: Mapping[str, Any], prompts: LoginPrompts
    ) -> LoginDone:
        if credentials != SECRET:
            raise LoginFailed("Dummy rejected the token. Nothing was saved.")
        return LoginDone(
            profile={"region": options["region"] or "eu", "account": None},
            secret=credentials,
            workspace_id="dummy-ws",
            lines=("Logged in to Dummy.",),
        )


def dummy_entry(configured: bool = False) -> registry.BackendEntry:
    async def never_opened() -> Any:
        raise AssertionError("not opened in these tests")

    return registry.BackendEntry(
        name="dummy",
        title="Dummy",
        capabilities=Capabilities(tags=False),
        opener=never_opened,
        configured=(lambda env: True) if configured else None,
        settings=("region",),
        env=("DUMMY_TOKEN",),
        secret_env="DUMMY_TOKEN",
        login=registry.LoginSpec(
            help="connect a Dummy account",
            flow=DummyFlow(),
            options=(registry.LoginOption("--region", "where the account is", metavar="NAME"),),
        ),
    )


@pytest.fixture
def dummy() -> Iterator[registry.BackendEntry]:
    with registry.registered(dummy_entry()) as entry:
        yield entry
    assert "dummy" not in registry.names()


def test_a_registered_backend_is_offered_everywhere(
    dummy: registry.BackendEntry, capsys: pytest.CaptureFixture[str]
) -> None:
    assert registry.names() == ("local", "clockify", "clicktime", "dummy")
    with pytest.raises(SystemExit):
        main(["login", "--help"])
    help_text = capsys.readouterr().out
    assert "dummy" in help_text
    assert "clockify" in help_text
    with pytest.raises(SystemExit):
        main(["login", "dummy", "--help"])
    assert "--region NAME" in capsys.readouterr().out
    assert build_parser().parse_args(["logout", "dummy"]).service == "dummy"
    with pytest.raises(registry.UnknownBackendError, match="local, clockify, clicktime, dummy"):
        registry.get("nope")
    with pytest.raises(ValueError, match="'dummy' is already registered"):
        registry.register(dummy_entry())  # a name is registered once


def test_auto_asks_each_entry_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    assert registry.choose("auto", {}).name == "local"
    assert registry.choose("auto", {"CLOCKIFY_API_KEY": "k-1234"}).name == "clockify"
    with registry.registered(dummy_entry(configured=True)):
        assert registry.choose("auto", {}).name == "dummy"
        assert registry.choose("auto", {"CLOCKIFY_API_KEY": "k-1234"}).name == "clockify"
    with registry.registered(dummy_entry()):  # the generic check: its secret in the env
        assert registry.choose("auto", {"DUMMY_TOKEN": "t-1"}).name == "dummy"
        assert registry.choose("auto", {}).name == "local"
        profiles.save_profile("dummy", {"region": "eu"}, SECRET)  # or a saved profile
        assert registry.choose("auto", {}).name == "dummy"


def _login(monkeypatch: pytest.MonkeyPatch, stdin: str, *args: str) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(["login", "dummy", "--key-stdin", *args])


def test_login_and_logout_follow_the_same_rules_for_any_backend(
    dummy: registry.BackendEntry,
    hermetic_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert _login(monkeypatch, "wrong\n") == 1
    assert "Dummy rejected the token" in capsys.readouterr().err
    assert not profiles.profiles_file().exists()
    assert not profiles.secrets_file().exists()

    assert _login(monkeypatch, SECRET + "\n", "--region", "us") == 0
    out = capsys.readouterr().out
    assert "Logged in to Dummy." in out
    assert "readable only by you" in out
    assert stat.S_IMODE(profiles.secrets_file().stat().st_mode) == 0o600
    saved = tomllib.loads(profiles.profiles_file().read_text())
    assert saved == {"dummy": {"region": "us", "key_store": "file"}}  # None left out
    assert SECRET not in profiles.profiles_file().read_text() + out
    profile = profiles.load_profile("dummy")
    assert profile is not None
    assert profiles.read_secret("dummy", profile) == SECRET

    monkeypatch.setenv("DUMMY_TOKEN", "still-here")
    assert main(["logout", "dummy"]) == 0
    out = capsys.readouterr().out
    assert "the Dummy profile" in out
    assert "DUMMY_TOKEN is still set" in out
    assert profiles.load_profile("dummy") is None
    assert not profiles.secrets_file().exists()
    assert main(["logout", "dummy"]) == 0
    assert "No Dummy login was saved." in capsys.readouterr().out


def test_with_a_keyring_any_backend_keeps_its_secret_there(
    dummy: registry.BackendEntry,
    memory_keyring: MemoryKeyring,
) -> None:
    assert profiles.save_profile("dummy", {"region": "eu"}, SECRET) == "the system keyring"
    assert memory_keyring.saved == {("punchcard", "dummy-api-key"): SECRET}
    assert not profiles.secrets_file().exists()
    profile = profiles.load_profile("dummy")
    assert profile == {"region": "eu", "key_store": "keyring"}
    assert profiles.read_secret("dummy", profile) == SECRET
    assert profiles.forget_profile("dummy", "Dummy") == [
        "the key in the system keyring",
        "the Dummy profile",
    ]
    assert memory_keyring.saved == {}


def test_profiles_of_backends_are_kept_apart(dummy: registry.BackendEntry) -> None:
    from tui.backends.clockify.profile import ClockifyProfile, save_clockify_profile

    save_clockify_profile(ClockifyProfile(base_url="https://api.clockify.me/api/v1"), "ck-1234")
    profiles.save_profile("dummy", {"region": "eu"}, SECRET)
    assert profiles.forget_profile("dummy", "Dummy")[-1] == "the Dummy profile"
    clockify = profiles.load_profile("clockify")
    assert clockify is not None
    assert profiles.read_secret("clockify", clockify) == "ck-1234"


def _pytest(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
    )


def test_a_registered_backend_runs_the_whole_contract_suite() -> None:
    """The proof that a backend is one room: registered from a test module (a plugin), it
    joins every contract test its parts allow, and nothing else had to change."""
    local = _pytest("--collect-only", "tests/backends/contract", "-k", "local").stdout
    expected = len([line for line in local.splitlines() if line.endswith("[local]")])
    assert expected >= 20
    result = _pytest(
        "-p",
        "tests.backends.contract.registered_example",
        "tests/backends/contract",
        "-k",
        "scratch",
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert f"{expected} passed" in result.stdout.strip().splitlines()[-1]


async def test_the_grid_runs_on_a_backend_chosen_by_its_registered_name(
    tmp_path: Path, frozen_clock: Any
) -> None:
    """`--backend NAME` for a backend registered by a test: the app opens it through the
    registry and a Pilot session edits the week on it."""
    from datetime import timedelta

    from tests.app.pilot_helpers import loaded, settle
    from tests.frozen_time import BERLIN
    from tui.app_factory import build_app
    from tui.backends.local import LocalBackend
    from tui.config import Settings
    from tui.widgets.timesheet_table import TimesheetTable

    path = tmp_path / "scratch.sqlite3"

    class ScratchBackend(LocalBackend):
        name = "scratch-grid"

    async def open_scratch() -> Any:
        return ScratchBackend(path)

    entry = registry.BackendEntry(
        name="scratch-grid",
        title="Scratch",
        capabilities=LocalBackend.capabilities,
        opener=open_scratch,
    )
    with registry.registered(entry):
        settings = Settings(timezone="Europe/Berlin", backend="scratch-grid")
        app = build_app(settings, clock=frozen_clock, machine_tz=BERLIN)
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            assert app.store is not None
            assert isinstance(app.store.backend, ScratchBackend)
            await pilot.press("a")
            await settle(pilot)
            for ch in "Website":
                await pilot.press(ch)
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen.query_one(TimesheetTable).current_row_key is not None
            for ch in "1:30":
                await pilot.press(ch)
            await pilot.press("enter")
            await settle(pilot)
            assert loaded(app).grid.total == 5400
    stored = LocalBackend(path)
    try:
        ws = (await stored.list_workspaces())[0].id
        monday = loaded(app).week
        entries = await stored.list_entries(ws, *_berlin_week(monday, timedelta(days=7)))
        assert [e.seconds() for e in entries] == [5400]
    finally:
        await stored.aclose()


def _berlin_week(monday: Any, length: Any) -> tuple[Any, Any]:
    from datetime import datetime, time

    from tests.frozen_time import BERLIN

    start = datetime.combine(monday, time(0), BERLIN)
    return start, start + length
