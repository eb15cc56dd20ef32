"""Clockify and ClickTime through a proxy, in the proxy's own failures: a rejected token, a
connection that does not exist or needs reconnecting, the proxy's own 429, a web page, a 502
and a dropped connection; each is one line saying what to do, never with the secret in it,
and distinct from the service's own refusal. Real HTTP on loopback through the fakes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

import pytest

from tests.fakes.clicktime.testing import seeded
from tests.fakes.clicktime.testing import serving as serving_clicktime
from tests.fakes.clockify.testing import no_sleep
from tests.fakes.clockify.testing import serving as serving_clockify
from tests.fakes.loopback import DROP
from tests.fakes.membrane.testing import (
    BROKEN,
    READY,
    RECONNECT,
    Behind,
    behind_maton,
    behind_membrane,
)
from tui.backends.clicktime import ClickTimeBackend
from tui.backends.clockify import ClockifyBackend
from tui.backends.errors import AuthError, BackendError, OfflineError
from tui.backends.http import InsecureURLError
from tui.backends.proxy import ProxyAccessError
from tui.backends.ways_in import WayIn

PROXIED_USER = r"/connections/[^/]+/proxy/user"


@pytest.fixture
def membrane() -> Iterator[Behind]:
    with serving_clockify() as service, behind_membrane(service, "clockify") as behind:
        yield behind


@asynccontextmanager
async def clockify(
    behind: Behind, connection: str = READY, token: str | None = None, **options: object
) -> AsyncIterator[ClockifyBackend]:
    via = "membrane" if hasattr(behind.proxy, "api_url") else "maton"
    address = behind.proxy.api_url if via == "membrane" else behind.proxy.base_url
    way = WayIn(
        via=via,  # type: ignore[arg-type]
        address=address,
        connection=connection,
        service="Clockify",
        login="clockify",
    )
    backend = ClockifyBackend(token or behind.token, via=way, sleep=no_sleep, **options)  # type: ignore[arg-type]
    try:
        yield backend
    finally:
        await backend.aclose()


async def test_what_reaches_clockify_is_signed_in_by_membrane(membrane: Behind) -> None:
    async with clockify(membrane) as backend:
        user = await backend.get_user()
        assert user.name
    [seen] = membrane.service.sent("GET", "/user")
    assert seen.headers["x-api-key"] == membrane.service.api_key
    assert "authorization" not in seen.headers
    [asked] = [s for s in membrane.proxy.seen if s.path.endswith("/proxy/user")]
    assert asked.headers["authorization"] == f"Bearer {membrane.token}"
    assert asked.path == f"/connections/{READY}/proxy/user"


async def test_a_rejected_membrane_token_says_log_in_again(membrane: Behind) -> None:
    async with clockify(membrane, token="not-the-membrane-token") as backend:
        with pytest.raises(ProxyAccessError) as caught:
            await backend.get_user()
    text = str(caught.value)
    assert "Membrane did not accept the token" in text
    assert "punch login clockify --via membrane" in text
    assert "not-the-membrane-token" not in text
    assert membrane.service.requests == []  # it never reached Clockify


@pytest.mark.parametrize(
    ("connection", "words"),
    [
        ("conn-nobody-has", "Membrane has no connection 'conn-nobody-has'"),
        (RECONNECT, "it needs reconnecting"),
        (BROKEN, "Reconnect Clockify in Membrane's console"),
    ],
)
async def test_connection_problems_say_what_to_do(
    membrane: Behind, connection: str, words: str
) -> None:
    async with clockify(membrane, connection=connection) as backend:
        with pytest.raises(AuthError) as caught:
            await backend.list_workspaces()
    assert words in str(caught.value)
    assert membrane.token not in str(caught.value)


async def test_clockify_refusing_what_membrane_holds_is_not_the_users_token(
    membrane: Behind,
) -> None:
    membrane.proxy.connections[0].sign_in = {"X-Api-Key": "revoked-at-clockify"}
    async with clockify(membrane) as backend:
        with pytest.raises(ProxyAccessError) as caught:
            await backend.get_user()
    text = str(caught.value)
    assert "Clockify refused the sign-in Membrane holds" in text
    assert "reconnect Clockify in Membrane's console" in text
    assert "punch login clockify`" not in text  # the user's own token is fine


async def test_membranes_own_429_is_waited_out_as_it_asks(membrane: Behind) -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    body = {"type": "bad_request", "key": "rate_limit_exceeded", "message": "Slow down"}
    membrane.proxy.fail(PROXIED_USER, 429, body, headers={"retry-after": "3"}, times=2)
    async with clockify(membrane) as backend:
        backend.http._sleep = sleep  # type: ignore[attr-defined]
        user = await backend.get_user()
    assert user.name
    assert waits == [3.0, 3.0]
    assert len(membrane.service.sent("GET", "/user")) == 1


async def test_membranes_429_that_does_not_end_is_membranes(membrane: Behind) -> None:
    body = {"type": "bad_request", "key": "rate_limit_exceeded", "message": "Slow down"}
    membrane.proxy.fail(PROXIED_USER, 429, body, times=10)
    async with clockify(membrane) as backend:
        with pytest.raises(BackendError) as caught:
            await backend.get_user()
    assert "Membrane says too many requests" in str(caught.value)


async def test_a_web_page_from_the_proxy_is_one_line(membrane: Behind) -> None:
    page = b"<html><body><h1>502 Bad Gateway</h1></body></html>"
    membrane.proxy.fail(PROXIED_USER, 502, page, headers={"content-type": "text/html"}, times=9)
    async with clockify(membrane) as backend:
        with pytest.raises(BackendError) as caught:
            await backend.get_user()
    text = str(caught.value)
    assert "a web page instead of data" in text
    assert "<html>" not in text
    assert "\n" not in text


async def test_membranes_own_502_is_membranes(membrane: Behind) -> None:
    body = {"type": "dependency_error", "message": "Upstream timed out"}
    membrane.proxy.fail(PROXIED_USER, 502, body, times=9)
    async with clockify(membrane) as backend:
        with pytest.raises(BackendError) as caught:
            await backend.get_user()
    assert "Membrane could not pass the request on to Clockify (HTTP 502)" in str(caught.value)


async def test_a_dropped_connection_is_offline_not_a_traceback(membrane: Behind) -> None:
    membrane.proxy.fail(PROXIED_USER, DROP, times=9)
    async with clockify(membrane) as backend:
        with pytest.raises(OfflineError) as caught:
            await backend.get_user()
    assert "Cannot reach Clockify" in str(caught.value)


async def test_a_write_the_proxy_drops_is_looked_for_then_sent_once(membrane: Behind) -> None:
    from datetime import UTC, datetime

    from tui.domain.models import EntryFields

    async with clockify(membrane) as backend:
        ws = (await backend.list_workspaces())[0].id
        membrane.proxy.fail(r"/connections/[^/]+/proxy/workspaces/[^/]+/time-entries", DROP)
        fields = EntryFields(
            start=datetime(2026, 3, 9, 9, tzinfo=UTC),
            end=datetime(2026, 3, 9, 10, tzinfo=UTC),
            description="through a proxy that hangs up",
        )
        made = await backend.create_entry(ws, fields)
    assert made.description == "through a proxy that hangs up"
    # The proxy hung up before passing it on: the look found nothing, so it was sent again,
    # and Clockify got it once.
    assert len(membrane.service.sent("POST", r"/workspaces/[^/]+/time-entries")) == 1


async def test_plain_http_to_another_host_is_refused_before_anything_is_sent() -> None:
    way = WayIn(via="membrane", address="http://membrane.example.com", connection=READY)
    with pytest.raises(InsecureURLError) as caught:
        ClockifyBackend("a-membrane-token", via=way)
    assert "a-membrane-token" not in str(caught.value)


async def test_clicktime_through_membrane_and_its_connection_problems() -> None:
    with serving_clicktime(seeded()[0]) as service, behind_membrane(service, "clicktime") as b:
        for connection, words in [(READY, None), (RECONNECT, "needs reconnecting")]:
            way = WayIn(
                via="membrane",
                address=b.proxy.api_url,
                connection=connection,
                service="ClickTime",
                login="clicktime",
            )
            backend = ClickTimeBackend(b.token, via=way, rate_limit=(1000, 1.0))
            try:
                if words is None:
                    assert (await backend.get_user()).name == "Doe, Jane"
                else:
                    with pytest.raises(ProxyAccessError, match=words):
                        await backend.get_user()
            finally:
                await backend.aclose()
        [me] = service.sent("GET", "/Me")
        assert me.headers["authorization"] == f"Token {service.token}"


async def test_maton_checks_the_key_and_the_connection_header() -> None:
    with serving_clockify() as service, behind_maton(service) as maton:
        async with clockify(maton, connection=READY) as backend:
            assert (await backend.get_user()).name
        [seen] = [s for s in maton.proxy.seen if s.path.endswith("/user")]
        assert seen.headers["maton-connection"] == READY
        assert seen.headers["authorization"] == f"Bearer {maton.token}"
        assert "maton-connection" not in service.sent("GET", "/user")[0].headers
        cases = [
            ({"token": "wrong-key"}, "Maton did not accept the API key"),
            ({"connection": "conn-gone"}, "Maton has no Clockify connection 'conn-gone'"),
            ({"connection": BROKEN}, "Recreate the connection at maton.ai"),
        ]
        for how, words in cases:
            async with clockify(maton, **how) as backend:  # type: ignore[arg-type]
                with pytest.raises(ProxyAccessError) as caught:
                    await backend.get_user()
            assert words in str(caught.value)
            assert "wrong-key" not in str(caught.value)
