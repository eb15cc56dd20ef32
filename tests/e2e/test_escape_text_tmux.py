"""The TUI on a Clockify whose every name and description carries escape sequences, in a
real terminal: what tmux holds (``capture-pane -e``, the pane's own escape sequences
included) has no control sequence from the server, only punch's own colours, and the
terminal's title is not the one a description asked for."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta

import pytest

from tests.e2e.terminal import EXIT_MARK, Terminal, require_tmux
from tests.fakes.clockify import State
from tests.fakes.clockify.server import FakeClockify
from tests.fakes.clockify.testing import serving
from tests.installed_punch import punch_command
from tui.domain.weeks import week_start_date

pytestmark = pytest.mark.e2e

KEY = "escape-e2e-key-3f9a1c"
EVIL = "\x1b]0;pwned\x07\x1b]2;pwned\x1b\\\x1b[2J\x9b31m\x1bc"
# What tmux may show of punch itself: SGR colours and attributes, nothing else.
OWN = re.compile(r"\x1b\[[0-9;:]*m")


@pytest.fixture
def evil() -> Iterator[FakeClockify]:
    state = State(timezone="UTC", name=f"Ada{EVIL}")
    space = state.add_workspace(f"Acme{EVIL}")
    client = state.add_client(space, f"Client{EVIL}")
    project = state.add_project(space, f"Project{EVIL}", client)
    tag = state.add_tag(space, f"Tag{EVIL}")
    monday = week_start_date(datetime.now(UTC).date(), 0)
    at = datetime.combine(monday, time(8), UTC)
    state.add_entry(
        space,
        at,
        at + timedelta(hours=2),
        project_id=project,
        tag_ids=[tag],
        description=f"Done{EVIL}",
    )
    now = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=5)
    state.add_entry(space, now, None, project_id=project, description=f"Running{EVIL}")
    with serving(state, api_key=KEY) as fake:
        yield fake


def test_server_text_reaches_the_terminal_only_as_visible_stand_ins(
    terminal: Terminal, evil: FakeClockify
) -> None:
    require_tmux()
    terminal.env.update(CLOCKIFY_API_KEY=KEY, CLOCKIFY_BASE_URL=evil.base_url, TZ="UTC")
    terminal.start(punch_command())
    terminal.wait_text("Project^[")  # the project's row, its ESC drawn as ^[
    terminal.wait_text("Running^[")  # the running timer's description on the bar
    raw = terminal._tmux("capture-pane", "-p", "-e", "-t", terminal.session).stdout
    stripped = OWN.sub("", raw)
    for char in ("\x1b", "\x07", "\x9b"):
        assert char not in stripped, repr(stripped[max(0, stripped.find(char) - 40) :][:80])
    # tmux takes a title from OSC 0/2 (a raw one would make it "pwned").
    assert "pwned" not in terminal_title(terminal)
    terminal.keys("q")
    terminal.wait_text(f"{EXIT_MARK}=0")


def terminal_title(terminal: Terminal) -> str:
    shown = terminal._tmux(
        "display-message", "-p", "-t", terminal.session, "#{pane_title}", check=False
    )
    return shown.stdout.strip()
