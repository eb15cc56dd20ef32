"""What the ClickTime tests share: a seeded state, a started fake server that fails the test
on the way out if any request broke ClickTime's models, and an httpx client for it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx

from tests.fakes.clicktime.server import FakeClickTime
from tests.fakes.clicktime.state import State


@dataclass(frozen=True)
class Seeded:
    """Ids of what ``seeded`` put in the state."""

    client: str
    website: str
    admin: str
    development: str
    meetings: str
    vacation: str
    sick: str


def seeded(state: State | None = None) -> tuple[State, Seeded]:
    """One client, two jobs, two tasks (every task allowed on the first job, only meetings
    on the second), two entries in the week of 16 Nov 2026, two time-off types."""
    state = state or State()
    client = state.add_client("Acme Corp")
    website = state.add_job("Website Redesign", client, "WR-100")
    admin = state.add_job("Internal / Admin", client, "ADM")
    development = state.add_task("Development", "DEV")
    meetings = state.add_task("Meetings", "MTG")
    state.allow(website, development, meetings)
    state.allow(admin, meetings)
    state.add_entry(date(2026, 11, 16), 6.5, website, development, comment="Implement login")
    state.add_entry(date(2026, 11, 17), 1.0, website, meetings, comment="Standup")
    vacation = state.add_time_off_type("Vacation", requires_approval=True)
    sick = state.add_time_off_type("Sick")
    return state, Seeded(client, website, admin, development, meetings, vacation, sick)


@contextmanager
def serving(state: State | None = None, **options: Any) -> Iterator[FakeClickTime]:
    """A fake ClickTime on loopback; on the way out, fails if any request broke the models."""
    with FakeClickTime(state or seeded()[0], **options) as fake:
        yield fake
    assert fake.violations == [], "requests that break ClickTime's models or the notes"


@contextmanager
def client(fake: FakeClickTime, scheme: str = "Token") -> Iterator[httpx.Client]:
    headers = {"Authorization": f"{scheme} {fake.token}", "Accept": "application/json"}
    with httpx.Client(base_url=fake.base_url, headers=headers, timeout=5.0) as http:
        yield http
