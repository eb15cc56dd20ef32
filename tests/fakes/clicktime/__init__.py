"""A fake ClickTime (REST API v2) for the tests: real HTTP on loopback, the envelope, paging,
the company's rules, timesheets, time off and timers as API-NOTES.md describes them."""

from tests.fakes.clicktime.api import Options
from tests.fakes.clicktime.server import FakeClickTime
from tests.fakes.clicktime.state import DEFAULT_TOKEN, State
from tests.fakes.loopback import Fault, Recorded

__all__ = ["DEFAULT_TOKEN", "FakeClickTime", "Fault", "Options", "Recorded", "State"]
