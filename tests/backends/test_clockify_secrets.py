"""The API key stays secret: never in logs, error messages, tracebacks, reprs or snapshots;
kept in the OS keyring when one is usable, else in a file only its owner can read."""

from __future__ import annotations

import logging
import stat
import traceback
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.backends.conftest import MemoryKeyring
from tests.fakes.clockify import State
from tests.fakes.clockify.testing import connected, no_sleep, serving
from tui import profiles
from tui.backends.clockify import ClockifyBackend
from tui.backends.clockify import profile as clockify_profile
from tui.backends.errors import BackendError
from tui.domain.models import EntryFields
from tui.store import Store

KEY = "s3cret-key-5e1f0a9c8b7d6e"
T0 = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)


def everything_about(error: BaseException) -> str:
    return "".join(traceback.format_exception(error)) + repr(error) + str(error)


async def test_the_key_never_shows_in_logs_errors_or_reprs(caplog) -> None:
    caplog.set_level(logging.DEBUG)
    errors: list[BaseException] = []
    state = State()
    state.add_workspace("Personal")
    with serving(state, api_key=KEY) as fake:
        async with connected(fake, timeout=0.3, sleep=no_sleep) as backend:
            store = Store(backend, remember_workspace=False)
            await store.open()
            ws = store.snapshot.workspaces[0].id
            await store.create_entry(EntryFields(start=T0, end=T0 + timedelta(hours=1)))
            faults: list[tuple[str, str, dict[str, object]]] = [
                ("GET", "/workspaces/[^/]+/tags", {"status": 500, "body": b"", "times": 9}),
                ("GET", "/workspaces/[^/]+/clients", {"delay": 1.0, "times": 9}),
                (
                    "POST",
                    "/workspaces/[^/]+/projects",
                    {
                        "status": 400,
                        "body": f'{{"message": "bad key {KEY}", "code": 501}}'.encode(),
                        "headers": {"content-type": "application/json"},
                    },
                ),
            ]
            for method, path, how in faults:
                fake.fail(method, path, **how)
            for call in (  # the catalog is in memory now: these go to the server directly
                backend.http.get_json(f"/workspaces/{ws}/tags"),
                backend.http.get_json(f"/workspaces/{ws}/clients"),
                backend.create_project(ws, "Website"),
            ):
                try:
                    await call
                except BackendError as err:
                    errors.append(err)
            shown = [repr(backend), repr(backend.http), repr(store.snapshot), str(store.snapshot)]
        wrong = ClockifyBackend(KEY[::-1], fake.base_url)
        try:
            await wrong.get_user()
        except BackendError as err:
            errors.append(err)
        finally:
            await wrong.aclose()
    assert len(errors) == 4
    assert "********" in str(errors[2])  # the server echoed the key; the message does not
    for text in [caplog.text, *shown, *(everything_about(e) for e in errors)]:
        assert KEY not in text
        assert KEY[::-1] not in text
    assert caplog.records, "the session must have logged something for this to mean anything"


def test_connection_and_auth_reprs_hide_the_key() -> None:
    connection = clockify_profile.Connection(api_key=KEY, base_url="https://api.clockify.me/api/v1")
    backend = ClockifyBackend(KEY, "https://api.clockify.me/api/v1")
    for text in (
        repr(connection),
        str(connection),
        repr(backend),
        repr(backend.http),
        repr(backend.http._http.auth),
        repr(backend.http._http.headers),
    ):
        assert KEY not in text


def test_without_a_keyring_the_key_goes_to_a_0600_file(hermetic_home: Path, monkeypatch) -> None:
    monkeypatch.setenv("PUNCHCARD_KEYRING", "0")
    profile = clockify_profile.ClockifyProfile(
        base_url="https://api.clockify.me/api/v1", workspace_id="w1"
    )
    where = clockify_profile.save_clockify_profile(profile, KEY)
    assert "readable only by you" in where
    assert stat.S_IMODE(profiles.secrets_file().stat().st_mode) == 0o600
    assert KEY not in profiles.profiles_file().read_text()
    saved = clockify_profile.load_clockify_profile()
    assert saved is not None
    assert saved.key_store == "file"
    assert saved.workspace_id == "w1"
    assert clockify_profile.read_clockify_key(saved) == KEY
    connection = clockify_profile.clockify_connection({})
    assert connection is not None
    assert connection.api_key == KEY
    assert not connection.key_from_env
    assert clockify_profile.forget_clockify() == [
        f"the key in {profiles.secrets_file()}",
        "the Clockify profile",
    ]
    assert clockify_profile.clockify_connection({}) is None


def test_a_usable_keyring_keeps_the_key_and_no_file_does(memory_keyring: MemoryKeyring) -> None:
    profile = clockify_profile.ClockifyProfile(base_url="https://euc1.clockify.me/api/v1")
    assert clockify_profile.save_clockify_profile(profile, KEY) == "the system keyring"
    assert memory_keyring.saved == {("punchcard", "clockify-api-key"): KEY}
    assert not profiles.secrets_file().exists()
    assert KEY not in profiles.profiles_file().read_text()
    connection = clockify_profile.clockify_connection({})
    assert connection is not None
    assert connection.api_key == KEY
    assert connection.base_url == "https://euc1.clockify.me/api/v1"
    assert clockify_profile.forget_clockify()[0] == "the key in the system keyring"
    assert memory_keyring.saved == {}


def test_environment_variables_override_each_part(hermetic_home: Path, monkeypatch) -> None:
    monkeypatch.setenv("PUNCHCARD_KEYRING", "0")
    saved = clockify_profile.ClockifyProfile(
        base_url="https://api.clockify.me/api/v1", workspace_id="w1"
    )
    clockify_profile.save_clockify_profile(saved, "saved-key")
    env = {
        "CLOCKIFY_API_KEY": KEY,
        "CLOCKIFY_BASE_URL": "euw2",
        "CLOCKIFY_AUTH": "bearer",
        "CLOCKIFY_WORKSPACE": "w2",
        "CLOCKIFY_ALLOW_HTTP": "1",
    }
    connection = clockify_profile.clockify_connection(env)
    assert connection is not None
    assert (connection.api_key, connection.base_url, connection.auth) == (
        KEY,
        "https://euw2.clockify.me/api/v1",
        "bearer",
    )
    assert connection.workspace_id == "w2"
    assert connection.allow_http
    assert connection.key_from_env
    only_key = clockify_profile.clockify_connection({"CLOCKIFY_API_KEY": KEY})
    assert only_key is not None
    assert only_key.workspace_id == "w1"
