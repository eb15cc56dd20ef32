"""A fake Membrane API and a fake Maton-like gateway for the tests: real HTTP on loopback, in
front of the fake Clockify or the fake ClickTime, holding the service's credentials."""

from tests.fakes.membrane.forward import Linked, ProxyFault
from tests.fakes.membrane.gateway import FakeMaton
from tests.fakes.membrane.server import DEFAULT_TOKEN, FakeMembrane

__all__ = ["DEFAULT_TOKEN", "FakeMaton", "FakeMembrane", "Linked", "ProxyFault"]
