"""The way in as part of a profile: what the environment overrides, what a replica is named
after, and the login flow's choice of a Membrane connection when someone is there to ask."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fakes.clockify.testing import serving as serving_clockify
from tests.fakes.membrane.testing import READY, RECONNECT, behind_membrane
from tui import profiles
from tui.backends.clicktime.profile import clicktime_connection
from tui.backends.clockify import login as clockify_login
from tui.backends.clockify.profile import clockify_connection, replica_identity
from tui.profiles import ProfileError


class Answers:
    """Prompts answered from a list, with a person there."""

    interactive = True

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.said: list[str] = []

    def say(self, text: str) -> None:
        self.said.append(text)

    def ask(self, prompt: str) -> str:
        return self.answers.pop(0)

    def secret(self, prompt: str, hint: str = "") -> str:
        return self.answers.pop(0)


def test_membrane_from_the_environment_alone(hermetic_home: Path) -> None:
    env = {
        "PUNCHCARD_VIA": "membrane",
        "MEMBRANE_TOKEN": "tok-1234",
        "MEMBRANE_CONNECTION": "conn a/b",
    }
    connection = clockify_connection(env)
    assert connection is not None
    assert connection.via is not None
    assert connection.base_url == "https://api.getmembrane.com/connections/conn%20a%2Fb/proxy"
    assert connection.api_key == "tok-1234"
    assert connection.key_from_env
    assert "tok-1234" not in repr(connection)
    ct = clicktime_connection({**env, "MEMBRANE_API_URL": "http://127.0.0.1:9/"})
    assert ct is not None
    assert ct.base_url == "http://127.0.0.1:9/connections/conn%20a%2Fb/proxy"


def test_environment_mistakes_are_sentences(hermetic_home: Path) -> None:
    with pytest.raises(ProfileError, match="set MEMBRANE_CONNECTION"):
        clockify_connection({"PUNCHCARD_VIA": "membrane", "MEMBRANE_TOKEN": "t"})
    with pytest.raises(ProfileError, match="Maton's gateway serves Clockify only"):
        clicktime_connection({"PUNCHCARD_VIA": "maton", "MATON_API_KEY": "k"})
    with pytest.raises(ProfileError, match="use direct, membrane or maton"):
        clockify_connection({"PUNCHCARD_VIA": "carrier-pigeon"})


def test_maton_address_and_connection_and_a_replica_per_connection(hermetic_home: Path) -> None:
    env = {"PUNCHCARD_VIA": "maton", "MATON_API_KEY": "mk-5678"}
    plain = clockify_connection(env)
    assert plain is not None
    assert plain.via is not None
    assert plain.base_url == "https://gateway.maton.ai/clockify/api/v1"
    assert plain.via.headers() == {}
    chosen = {**env, "MATON_CONNECTION": "c1", "CLOCKIFY_BASE_URL": "http://127.0.0.1:9/x"}
    connection = clockify_connection(chosen)
    assert connection is not None
    assert connection.via is not None
    assert connection.base_url == "http://127.0.0.1:9/x"
    assert connection.via.headers() == {"Maton-Connection": "c1"}
    names = {replica_identity(env), replica_identity(chosen), replica_identity({**chosen,
             "MATON_CONNECTION": "c2"})}  # fmt: skip
    assert len(names) == 3
    assert None not in names


def test_a_saved_membrane_profile_and_the_direct_key_beside_it(hermetic_home: Path) -> None:
    settings = {"via": "membrane", "base_url": "https://api.getmembrane.com", "connection": "c9"}
    profiles.save_profile("clockify", settings, "saved-membrane-token")
    connection = clockify_connection({})
    assert connection is not None
    assert connection.via is not None
    assert (connection.via.connection, connection.api_key) == ("c9", "saved-membrane-token")
    assert not connection.key_from_env
    # The environment overrides the profile: a direct key there goes direct.
    for env in ({"CLOCKIFY_API_KEY": "ck"}, {"PUNCHCARD_VIA": "direct", "CLOCKIFY_API_KEY": "ck"}):
        direct = clockify_connection(env)
        assert direct is not None
        assert direct.via is None
        assert direct.api_key == "ck"
    # The saved Membrane token is never sent through Maton.
    assert clockify_connection({"PUNCHCARD_VIA": "maton"}) is None


async def test_the_login_asks_which_connection_and_skips_one_that_is_not_ready(
    hermetic_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with serving_clockify() as service, behind_membrane(service, "clockify") as membrane:
        monkeypatch.setenv("MEMBRANE_API_URL", membrane.proxy.api_url)
        prompts = Answers(membrane.token, "2", "9", "1")
        options = {"via": "membrane", "connection": None}
        credentials = clockify_login.ask(options, prompts)
        assert membrane.token not in repr(credentials)
        done = await clockify_login.check(credentials, options, prompts)
    assert done.profile["connection"] == READY
    assert done.secret == membrane.token
    assert membrane.token not in repr(done)
    said = "\n".join(prompts.said)
    assert f"({RECONNECT})" in said
    assert "pick a ready one" in said
    assert "Type one of the numbers shown" in said


@pytest.mark.parametrize(
    ("status", "body", "headers", "words"),
    [
        (200, b"<html>Sign in to the Wi-Fi</html>", {"content-type": "text/html"}, "not JSON"),
        (502, b"<html>Bad Gateway</html>", {"content-type": "text/html"}, "a web page"),
        (500, b"", {}, "no details"),
    ],
)
async def test_a_proxy_that_is_not_membrane_stops_the_login_in_one_line(
    hermetic_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    status: int,
    body: bytes,
    headers: dict[str, str],
    words: str,
) -> None:
    from tui.backends.login import LoginFailed

    with serving_clockify() as service, behind_membrane(service, "clockify") as membrane:
        monkeypatch.setenv("MEMBRANE_API_URL", membrane.proxy.api_url)
        membrane.proxy.fail("/connections", status, body, headers=headers, times=9)
        prompts = Answers(membrane.token)
        options = {"via": "membrane", "connection": None}
        credentials = clockify_login.ask(options, prompts)
        with pytest.raises(LoginFailed) as caught:
            await clockify_login.check(credentials, options, prompts)
    text = str(caught.value)
    assert words in text
    assert "Nothing was saved" in text
    assert "\n" not in text
    assert "<html>" not in text


async def test_a_membrane_message_that_echoes_the_token_is_masked(
    hermetic_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.backends.login import LoginFailed

    with serving_clockify() as service, behind_membrane(service, "clockify") as membrane:
        monkeypatch.setenv("MEMBRANE_API_URL", membrane.proxy.api_url)
        echo = {"type": "internal", "message": f"token {membrane.token} broke something"}
        membrane.proxy.fail("/connections", 400, echo)
        prompts = Answers(membrane.token)
        options = {"via": "membrane", "connection": None}
        credentials = clockify_login.ask(options, prompts)
        with pytest.raises(LoginFailed) as caught:
            await clockify_login.check(credentials, options, prompts)
    assert "Membrane could not pass the request" in str(caught.value)
    assert membrane.token not in str(caught.value)
    assert "********" in str(caught.value)
