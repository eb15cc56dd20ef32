"""`punch submit` on Clockify as a user runs it (the installed console script, against the
fake Clockify on loopback): on a workspace with approvals it shows the week, submits its
approval request, and will not send it twice; a comment, which Clockify's request cannot
carry, is refused before anything is sent; a workspace without approvals has nothing to
submit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.fakes.clockify import FakeClockify, State
from tests.fakes.clockify.state import Space
from tests.fakes.clockify.testing import serving
from tests.installed_punch import punch

APPROVALS = r"/workspaces/[^/]+/approval-requests"
WEEK = "Mon 16 Nov 2026 – Sun 22 Nov 2026"


def account(period: str | None) -> tuple[State, Space]:
    state = State(timezone="UTC")
    space = state.add_workspace("Acme")
    space.approval_period = period
    at = datetime(2026, 11, 18, 9, tzinfo=UTC)
    state.add_entry(space, at, at + timedelta(hours=6, minutes=30), description="Audit")
    return state, space


def clockify_env(fake: FakeClockify) -> dict[str, str]:
    return {
        "CLOCKIFY_API_KEY": fake.api_key,
        "CLOCKIFY_BASE_URL": fake.base_url,
        "PUNCHCARD_BACKEND": "clockify",
        "TZ": "UTC",
    }


def test_submit_shows_the_week_then_sends_its_approval_request_once(hermetic_home: Path) -> None:
    state, space = account("WEEKLY")
    with serving(state) as fake:
        env = clockify_env(fake)
        shown = punch("submit", "--date", "2026-11-18", "--dry-run", env=env)
        assert shown.returncode == 0, shown.stderr
        assert f"Timesheet {WEEK} (open)" in shown.stdout
        assert "6:30" in shown.stdout  # Wednesday's hours, as the review counts them
        assert fake.sent("POST", APPROVALS) == []

        done = punch("submit", "--date", "2026-11-18", "--yes", env=env)
        assert done.returncode == 0, done.stderr
        assert f"Submitted the timesheet of {WEEK} for approval; it is now submitted" in (
            done.stdout
        )
        [post] = fake.sent("POST", APPROVALS)
        assert post.body == {"period": "WEEKLY", "periodStart": "2026-11-16T00:00:00Z"}
        [request] = space.approvals.values()
        assert request.state == "PENDING"
        assert fake.api_key not in done.stdout + done.stderr

        again = punch("submit", "--date", "2026-11-18", "--yes", env=env)
        assert again.returncode == 1
        assert "already submitted" in again.stderr
        assert len(fake.sent("POST", APPROVALS)) == 1


def test_a_comment_is_refused_before_anything_is_sent(hermetic_home: Path) -> None:
    state, space = account("WEEKLY")
    with serving(state) as fake:
        result = punch(
            "submit", "--date", "2026-11-18", "--comment", "Short week", "--yes",
            env=clockify_env(fake),
        )  # fmt: skip
        assert result.returncode == 1
        assert "no comment" in result.stderr
        assert "Traceback" not in result.stderr
        assert fake.sent("POST", APPROVALS) == []
        assert space.approvals == {}


def test_a_workspace_without_approvals_has_nothing_to_submit(hermetic_home: Path) -> None:
    state, _ = account(None)
    with serving(state) as fake:
        result = punch("submit", "--date", "2026-11-18", "--yes", env=clockify_env(fake))
        assert result.returncode == 1
        assert "does not use timesheet approval" in result.stderr
        assert "Traceback" not in result.stderr
        assert fake.sent("GET", APPROVALS) == []
