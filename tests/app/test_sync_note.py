"""The bar's note on where the user's changes are: offline, rate-limited (the service is
there, only busy), waiting, refused, and how old the data is while the service is away."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from tests.store.parts import first_snapshot
from tui.widgets.timer_bar import sync_note


def test_a_rate_limited_service_is_not_called_offline() -> None:
    snap = replace(first_snapshot(), sync="rate_limited", pending_writes=2)
    assert sync_note(snap) == "rate-limited, retrying · 2 changes waiting"


def test_offline_with_waiting_and_refused_changes_and_the_age_of_the_data() -> None:
    heard = datetime(2026, 11, 18, 8, 5, tzinfo=UTC)
    base = first_snapshot()
    snap = replace(base, sync="offline", pending_writes=4, fresh_as_of=heard)
    snap = replace(snap, failed=(object(),))  # type: ignore[arg-type]  # only counted here
    assert sync_note(snap) == "offline · 3 changes waiting · 1 change refused (y) · as of 09:05"


def test_nothing_to_say_when_everything_is_on_the_service() -> None:
    recent = datetime.now(UTC) - timedelta(minutes=1)
    assert sync_note(replace(first_snapshot(), fresh_as_of=recent)) == ""
