"""A fake Clockify server for the tests, the bench and trying punch by hand:
``python -m tests.fakes.clockify`` serves seeded data on a port."""

from tests.fakes.clockify.server import DEFAULT_KEY, FakeClockify, Fault, Recorded
from tests.fakes.clockify.state import State

__all__ = ["DEFAULT_KEY", "FakeClockify", "Fault", "Recorded", "State"]
