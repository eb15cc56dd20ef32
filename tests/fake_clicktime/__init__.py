"""A fake ClickTime (REST API v2) for the tests: real HTTP on loopback, the envelope, paging,
the company's rules, timesheets, time off and timers as API-NOTES.md describes them."""

from tests.fake_clicktime.api import Options
from tests.fake_clicktime.server import FakeClickTime, Fault, Recorded
from tests.fake_clicktime.state import DEFAULT_TOKEN, State

__all__ = ["DEFAULT_TOKEN", "FakeClickTime", "Fault", "Options", "Recorded", "State"]
