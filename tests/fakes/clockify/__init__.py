"""A fake Clockify server for the tests, the bench and trying punch by hand:
``python -m tests.fakes.clockify`` serves seeded data on a port."""

from tests.fakes.clockify.server import DEFAULT_KEY, FakeClockify
from tests.fakes.clockify.state import State
from tests.fakes.loopback import Fault, Recorded

__all__ = ["DEFAULT_KEY", "FakeClockify", "Fault", "Recorded", "State"]
