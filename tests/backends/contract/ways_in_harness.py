"""The contract suite's other ways in: Clockify and ClickTime through the fake Membrane, and
Clockify through the fake Maton-like gateway. Each is the same backend with a ``WayIn``; the
fake service behind the proxy still checks every request it gets against its spec, so what
arrives through the proxy is held to the same rules as a direct request."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from tests.backends.contract.harness import way_in_harness
from tui.backends.base import Backend
from tui.backends.ways_in import WayIn


@asynccontextmanager
async def _clockify_via(tmp_path: Path, via: str) -> AsyncIterator[Backend]:
    from tests.fakes.clockify import FakeClockify, State
    from tests.fakes.membrane import FakeMaton, FakeMembrane
    from tests.fakes.membrane.server import linked
    from tui.backends.clockify import ClockifyBackend

    state = State(timezone="America/New_York")
    state.add_workspace("Personal")
    with FakeClockify(state) as service:
        proxy = FakeMembrane() if via == "membrane" else FakeMaton()
        with proxy:
            connection = proxy.link(linked(service, "clockify"))
            if via == "membrane":
                assert isinstance(proxy, FakeMembrane)
                address, token = proxy.api_url, proxy.token
            else:
                assert isinstance(proxy, FakeMaton)
                address, token = proxy.base_url, proxy.key
            way = WayIn(
                via="membrane" if via == "membrane" else "maton",
                address=address,
                connection=connection.id,
                service="Clockify",
                login="clockify",
            )
            backend = ClockifyBackend(token, via=way)
            try:
                yield backend
            finally:
                await backend.aclose()
            assert len(service.requests) == proxy.forwarded, "a request bypassed the proxy"
        assert service.violations == [], "requests that break the Clockify spec"
        assert all(r.headers.get("authorization") is None for r in service.requests), (
            "the proxy's token reached Clockify"
        )


@asynccontextmanager
async def _clicktime_via_membrane(tmp_path: Path) -> AsyncIterator[Backend]:
    from zoneinfo import ZoneInfo

    from tests.fakes.clicktime import FakeClickTime, State
    from tests.fakes.membrane import FakeMembrane
    from tests.fakes.membrane.server import linked
    from tui.backends.clicktime import ClickTimeBackend

    with FakeClickTime(State()) as service, FakeMembrane() as membrane:
        connection = membrane.link(linked(service, "clicktime"))
        way = WayIn(
            via="membrane",
            address=membrane.api_url,
            connection=connection.id,
            service="ClickTime",
            login="clicktime",
        )
        backend = ClickTimeBackend(
            membrane.token,
            via=way,
            tz=ZoneInfo("America/New_York"),
            timer_path=tmp_path / "contract" / "clicktime-timer.json",
            rate_limit=(1000, 1.0),
        )
        try:
            yield backend
        finally:
            await backend.aclose()
        assert len(service.requests) == membrane.forwarded, "a request bypassed the proxy"
        assert service.violations == [], "requests that break ClickTime's models or the notes"
        assert all(
            r.headers.get("authorization") == f"Token {service.token}" for r in service.requests
        ), "ClickTime got something other than the token Membrane holds"


way_in_harness("clockify", "membrane", lambda tmp: _clockify_via(tmp, "membrane"))
way_in_harness("clockify", "maton", lambda tmp: _clockify_via(tmp, "maton"))
way_in_harness("clicktime", "membrane", _clicktime_via_membrane)
