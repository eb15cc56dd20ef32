"""`punch submit` as a user runs it (the installed console script, against the fake
ClickTime on loopback): it shows the period first, asks, and submits with the comment; a
submitted timesheet is not submitted twice; the embedded store has nothing to submit."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path

from tests.fakes.clicktime import FakeClickTime
from tests.fakes.clicktime.testing import seeded, serving
from tests.installed_punch import punch, punch_command

MONDAY = date(2026, 11, 16)


def clicktime_env(fake: FakeClickTime) -> dict[str, str]:
    return {
        "CLICKTIME_BASE_URL": fake.base_url,
        "CLICKTIME_TOKEN": fake.token,
        "PUNCHCARD_BACKEND": "clicktime",
        "TZ": "UTC",
    }


def test_submit_shows_the_period_then_submits_it_with_the_comment(hermetic_home: Path) -> None:
    state, _ = seeded()
    with serving(state) as fake:
        env = clicktime_env(fake)
        shown = punch("submit", "--date", "2026-11-18", "--dry-run", env=env)
        assert shown.returncode == 0, shown.stderr
        assert "Timesheet Mon 16 Nov 2026 – Sun 22 Nov 2026 (open)" in shown.stdout
        assert "6:30" in shown.stdout  # Monday's hours, as the review counts them
        assert fake.sent("POST", r"/Me/Timesheets/.+/Actions") == []

        done = punch("submit", "--date", "2026-11-18", "--comment", "Short week", "--yes", env=env)
        assert done.returncode == 0, done.stderr
        assert "Submitted the timesheet of Mon 16 Nov 2026 – Sun 22 Nov 2026" in done.stdout
        assert "now submitted" in done.stdout
        [post] = fake.sent("POST", r"/Me/Timesheets/.+/Actions")
        assert post.body == {"Action": "Submit", "Comment": "Short week"}
        assert state.sheet(MONDAY).status != "Open"
        assert fake.token not in done.stdout + done.stderr

        again = punch("submit", "--date", "2026-11-18", "--yes", env=env)
        assert again.returncode == 1
        assert "already submitted" in again.stderr
        assert len(fake.sent("POST", r"/Me/Timesheets/.+/Actions")) == 1


def test_without_a_terminal_to_ask_on_submit_wants_yes_and_sends_nothing(
    hermetic_home: Path,
) -> None:
    state, _ = seeded()
    with serving(state) as fake:
        env = clicktime_env(fake)
        # Without a terminal to ask on, it will not guess: --yes is how a script says yes.
        unasked = punch("submit", env=env)
        assert unasked.returncode == 2
        assert "--yes" in unasked.stderr
        assert fake.sent("POST", r"/Me/Timesheets/.+/Actions") == []


def test_the_embedded_store_has_nothing_to_submit(hermetic_home: Path) -> None:
    result = punch("submit", "--yes", "--backend", "local")
    assert result.returncode == 1
    assert "no timesheets to submit" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_date_is_a_usage_error(hermetic_home: Path) -> None:
    result = punch("submit", "--date", "someday", "--yes", "--backend", "local")
    assert result.returncode == 2
    assert "--date" in result.stderr


def answered(answer: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``punch submit`` with its question answered on a terminal (a pseudo-terminal)."""
    main, side = os.openpty()
    try:
        with subprocess.Popen(
            [*punch_command(), "submit", "--date", "2026-11-18"],
            stdin=side,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **env},
        ) as child:
            os.write(main, answer.encode() + b"\n")
            out, err = child.communicate(timeout=60)
            return subprocess.CompletedProcess(child.args, child.returncode, out, err)
    finally:
        os.close(main)
        os.close(side)


def test_asked_on_a_terminal_no_submits_nothing_and_yes_submits(hermetic_home: Path) -> None:
    state, _ = seeded()
    with serving(state) as fake:
        env = clicktime_env(fake)
        no = answered("n", env)
        assert no.returncode == 1
        assert "Submit the timesheet of Mon 16 Nov 2026 – Sun 22 Nov 2026? [y/N]" in no.stdout
        assert "Not submitted" in no.stderr
        assert fake.sent("POST", r"/Me/Timesheets/.+/Actions") == []
        yes = answered("y", env)
        assert yes.returncode == 0, yes.stderr
        assert len(fake.sent("POST", r"/Me/Timesheets/.+/Actions")) == 1
