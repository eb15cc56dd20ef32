"""`punch login clockify|clicktime --via membrane`, `punch login clockify --via maton`, and
the environment-only setup, as a user runs them: the installed console script in a
subprocess, against the fake service behind the fake Membrane or the fake Maton."""

from __future__ import annotations

import json
import stat
import tomllib
from pathlib import Path

from tests.fakes.clicktime.testing import seeded
from tests.fakes.clicktime.testing import serving as serving_clicktime
from tests.fakes.clockify.testing import serving as serving_clockify
from tests.fakes.membrane.testing import (
    BROKEN,
    READY,
    RECONNECT,
    behind_maton,
    behind_membrane,
)
from tests.installed_punch import punch


def saved(home: Path) -> tuple[dict[str, object], dict[str, object]]:
    data = home / "data" / "punchcard"
    secrets = data / "secrets.toml"
    assert stat.S_IMODE(secrets.stat().st_mode) == 0o600
    return tomllib.loads((data / "profiles.toml").read_text()), tomllib.loads(secrets.read_text())


def nothing_saved(home: Path) -> bool:
    return not (home / "data" / "punchcard" / "profiles.toml").exists()


def test_clockify_via_membrane_lists_connections_picks_the_ready_one_and_works(
    hermetic_home: Path,
) -> None:
    with serving_clockify() as service, behind_membrane(service, "clockify") as membrane:
        env = {"MEMBRANE_API_URL": membrane.proxy.api_url}
        several = punch(
            "login", "clockify", "--via", "membrane", "--key-stdin",
            stdin=membrane.token + "\n", env=env,
        )  # fmt: skip
        assert several.returncode == 1  # no one there to ask which
        assert "Several connections are ready; choose one with --connection ID" in several.stderr
        assert f"({RECONNECT}) — needs you to reconnect it in Membrane's console" in several.stderr
        assert nothing_saved(hermetic_home)
        login = punch(
            "login", "clockify", "--via", "membrane", "--connection", READY, "--key-stdin",
            stdin=membrane.token + "\n", env=env,
        )  # fmt: skip
        assert login.returncode == 0, login.stderr
        out = login.stdout + login.stderr
        assert membrane.token not in out
        assert "Logged in to Clockify as" in login.stdout
        assert f"through: Membrane ({membrane.proxy.api_url}), connection {READY}" in out
        assert "The Membrane token is kept in" in login.stdout
        assert "elsewhere" not in several.stderr  # another service's connection: not offered
        profiles, secrets = saved(hermetic_home)
        profile = profiles["clockify"]
        assert isinstance(profile, dict)
        assert (profile["via"], profile["connection"]) == ("membrane", READY)
        assert profile["base_url"] == membrane.proxy.api_url
        assert secrets["clockify"] == {"api_key": membrane.token}

        week = punch("week", "--json")
        assert week.returncode == 0, week.stderr
        assert json.loads(week.stdout)["backend"] == "clockify"
        assert membrane.token not in week.stdout + week.stderr
        proxied = f"/connections/{READY}/proxy/workspaces/"
        assert any(seen.path.startswith(proxied) for seen in membrane.proxy.seen)
        assert all(r.headers["x-api-key"] == service.api_key for r in service.requests)


def test_a_bad_membrane_token_saves_nothing(hermetic_home: Path) -> None:
    with serving_clockify() as service, behind_membrane(service, "clockify") as membrane:
        env = {"MEMBRANE_API_URL": membrane.proxy.api_url}
        bad = punch(
            "login", "clockify", "--via", "membrane", "--key-stdin",
            stdin="wrong-membrane-token\n", env=env,
        )  # fmt: skip
        assert bad.returncode == 1
        assert "Membrane did not accept the token" in bad.stderr
        assert "wrong-membrane-token" not in bad.stdout + bad.stderr
        assert "Traceback" not in bad.stderr
        assert nothing_saved(hermetic_home)


def test_a_connection_that_needs_reconnecting_or_does_not_exist_saves_nothing(
    hermetic_home: Path,
) -> None:
    with serving_clockify() as service, behind_membrane(service, "clockify") as membrane:
        env = {"MEMBRANE_API_URL": membrane.proxy.api_url, "MEMBRANE_TOKEN": membrane.token}
        stale = punch("login", "clockify", "--via", "membrane", "--connection", RECONNECT, env=env)
        assert stale.returncode == 1
        assert "needs you to reconnect it" in stale.stderr
        assert "reconnect Clockify at https://console.getmembrane.com" in stale.stderr
        missing = punch("login", "clockify", "--via", "membrane", "--connection", "gone", env=env)
        assert missing.returncode == 1
        assert "Membrane has no connection 'gone'; pick another" in missing.stderr
        broken = punch("login", "clockify", "--via", "membrane", "--connection", BROKEN, env=env)
        assert broken.returncode == 1
        assert "Reconnect Clockify in Membrane's console" in broken.stderr
        for result in (stale, missing, broken):
            assert "Traceback" not in result.stderr
            assert membrane.token not in result.stdout + result.stderr
        assert nothing_saved(hermetic_home)


def test_clicktime_via_membrane(hermetic_home: Path) -> None:
    with serving_clicktime(seeded()[0]) as service, behind_membrane(service, "clicktime") as m:
        env = {"MEMBRANE_API_URL": m.proxy.api_url, "MEMBRANE_TOKEN": m.token, "TZ": "UTC"}
        login = punch("login", "clicktime", "--via", "membrane", "--connection", READY, env=env)
        assert login.returncode == 0, login.stderr
        assert "Using the Membrane token in MEMBRANE_TOKEN" in login.stderr
        assert "Logged in to ClickTime as Doe, Jane" in login.stdout
        profiles, secrets = saved(hermetic_home)
        assert profiles["clicktime"] == {
            "via": "membrane",
            "base_url": m.proxy.api_url,
            "connection": READY,
            "key_store": "file",
        }
        assert secrets["clicktime"] == {"api_key": m.token}
        week = punch(
            "week", "--backend", "clicktime", "--json", "--date", "2026-11-18", env={"TZ": "UTC"}
        )
        assert week.returncode == 0, week.stderr
        assert json.loads(week.stdout)["day_totals"] == [23400, 3600, 0, 0, 0, 0, 0]


def test_the_environment_alone_is_enough_and_a_broken_connection_is_one_line(
    hermetic_home: Path,
) -> None:
    with serving_clicktime(seeded()[0]) as service, behind_membrane(service, "clicktime") as m:
        env = {
            "PUNCHCARD_VIA": "membrane",
            "PUNCHCARD_BACKEND": "clicktime",
            "MEMBRANE_TOKEN": m.token,
            "MEMBRANE_CONNECTION": READY,
            "MEMBRANE_API_URL": m.proxy.api_url,
            "TZ": "UTC",
        }
        week = punch("week", "--json", "--date", "2026-11-18", env=env)
        assert week.returncode == 0, week.stderr
        assert json.loads(week.stdout)["workspace"]["name"] == "Example Co"
        assert nothing_saved(hermetic_home)
        refused = punch("week", "--json", "--date", "2026-11-18", env={**env,
                        "MEMBRANE_CONNECTION": BROKEN})  # fmt: skip
        assert refused.returncode == 1
        error = json.loads(refused.stderr)["error"]
        assert "Reconnect ClickTime in Membrane's console" in error
        assert m.token not in refused.stdout + refused.stderr
        no_connection = punch("week", "--json", env={**env, "MEMBRANE_CONNECTION": ""})
        assert no_connection.returncode == 1
        assert "set MEMBRANE_CONNECTION" in json.loads(no_connection.stderr)["error"]


def test_clockify_via_maton(hermetic_home: Path) -> None:
    with serving_clockify() as service, behind_maton(service) as maton:
        env = {"MATON_API_KEY": maton.token, "CLOCKIFY_BASE_URL": maton.proxy.base_url}
        login = punch("login", "clockify", "--via", "maton", "--connection", READY, env=env)
        assert login.returncode == 0, login.stderr
        assert "The Maton token is kept in" in login.stdout
        profiles, _ = saved(hermetic_home)
        profile = profiles["clockify"]
        assert isinstance(profile, dict)
        assert (profile["via"], profile["connection"]) == ("maton", READY)
        assert {s.headers.get("maton-connection") for s in maton.proxy.seen} == {READY}
        status = punch("status", "--json", env={"CLOCKIFY_BASE_URL": maton.proxy.base_url})
        assert status.returncode == 0, status.stderr
        bad = punch("login", "clockify", "--via", "maton", env={**env, "MATON_API_KEY": "nope"})
        assert bad.returncode == 1
        assert "Maton did not accept the API key" in bad.stderr
        assert "Traceback" not in bad.stderr


def test_a_gateway_as_before_with_clockify_auth_bearer(hermetic_home: Path) -> None:
    """The old way to a gateway keeps working: the key as a bearer token to any address."""
    with serving_clockify(auth="bearer", prefix="/clockify/api/v1") as fake:
        env = {
            "CLOCKIFY_API_KEY": fake.api_key,
            "CLOCKIFY_AUTH": "bearer",
            "CLOCKIFY_BASE_URL": fake.base_url,
        }
        status = punch("week", "--json", env=env)
        assert status.returncode == 0, status.stderr
        assert fake.sent("GET", "/user")[0].headers["authorization"] == f"Bearer {fake.api_key}"


def test_login_help_lists_the_ways_in_and_a_wrong_one_is_refused() -> None:
    shown = punch("login", "--help")
    assert shown.returncode == 0
    for line in (
        "punch login clockify --via membrane",
        "punch login clockify --via maton",
        "punch login clicktime --via membrane",
    ):
        assert line in shown.stdout
    wrong = punch("login", "clicktime", "--via", "maton", "--key-stdin", stdin="x\n")
    assert wrong.returncode == 1
    assert "ClickTime has no way in called 'maton'" in wrong.stderr
