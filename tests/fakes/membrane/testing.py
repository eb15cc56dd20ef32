"""What the way-in tests share: a fake service behind a started fake Membrane (or fake
Maton) holding connections in several states, checked on the way out."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from tests.fakes.membrane.forward import Linked
from tests.fakes.membrane.gateway import FakeMaton
from tests.fakes.membrane.server import FakeMembrane, linked

READY = "conn-ready"
RECONNECT = "conn-reconnect"
BROKEN = "conn-refresh-fails"
OTHER = "conn-other-service"


@dataclass
class Behind:
    service: Any
    """The fake Clockify or fake ClickTime."""
    proxy: Any
    """The fake Membrane or fake Maton in front of it."""

    @property
    def token(self) -> str:
        return str(getattr(self.proxy, "token", None) or self.proxy.key)


def connections(proxy: FakeMembrane | FakeMaton, service: Any, name: str) -> None:
    """One ready connection, one that needs the user to reconnect, one whose credentials
    cannot be refreshed, and one to another service (listed, never offered)."""
    proxy.link(linked(service, name, id=READY, name=f"{name.title()} (Acme)"))
    proxy.link(
        linked(
            service,
            name,
            id=RECONNECT,
            name=f"{name.title()} (old)",
            state="CLIENT_ACTION_REQUIRED",
        )
    )
    proxy.link(
        linked(service, name, id=BROKEN, name=f"{name.title()} (expired)", refresh_fails=True)
    )
    other = "clicktime" if name == "clockify" else "clockify"
    proxy.link(Linked(id=OTHER, name=f"{other.title()} (elsewhere)", integration=other))


@contextmanager
def behind_membrane(service: Any, name: str) -> Iterator[Behind]:
    """``service`` (started) behind a fake Membrane with :func:`connections`; on the way out,
    fails if the service got the client's Authorization header."""
    with FakeMembrane() as membrane:
        connections(membrane, service, name)
        yield Behind(service, membrane)
    leaked = [r for r in service.requests if membrane.token in str(r.headers)]
    assert not leaked, "the Membrane token reached the service"


@contextmanager
def behind_maton(service: Any) -> Iterator[Behind]:
    with FakeMaton() as maton:
        connections(maton, service, "clockify")
        yield Behind(service, maton)
    leaked = [r for r in service.requests if maton.key in str(r.headers)]
    assert not leaked, "the Maton key reached Clockify"
