"""Issue 14 at the sizes users run punch in, in a real terminal: at 80×24 the grid's footer
keeps `?` and its main keys; at 60 columns each row keeps its leaf name (task, or project)
and the week total stays on screen; the review cuts a long problem with `…` there rather
than wrapping it."""

from __future__ import annotations

import re

import pytest

from tests.e2e.terminal import EXIT_MARK, Terminal, require_tmux
from tests.installed_punch import punch_command

pytestmark = pytest.mark.e2e


def test_the_footer_and_names_at_80_and_60_columns(terminal: Terminal) -> None:
    require_tmux()
    terminal.start([*punch_command(), "--demo"])
    terminal.wait_text("Testing")  # the demo week, loaded
    terminal.resize(80, 24)
    shown = terminal.wait_for("the 80-column footer", lambda s: "? Keys" in s.splitlines()[-1])
    footer = shown.splitlines()[-1]
    for key in ("a Add row", "e Entries", "u Undo", "q Quit"):
        assert key in footer, footer

    terminal.resize(60, 24)
    shown = terminal.wait_for(
        "the 60-column grid", lambda s: max(len(line) for line in s.splitlines()) <= 60
    )
    terminal.settled(quiet=0.5)
    shown = terminal.screen()
    rows = shown.splitlines()
    # Every row keeps its leaf: "… › Testing", "Data Pipeline" and so on.
    assert any(re.match(r"\S.* Testing\s", line) for line in rows), shown
    assert any("Data Pipeline" in line for line in rows), shown
    # The week total moved into the bottom row: "Total  20:52  8:10 …".
    [total] = [line for line in rows if line.startswith("Total")]
    assert re.match(r"Total\s+\d+:\d\d\s+\d+:\d\d", total), total
    assert "? Keys" in rows[-1]

    terminal.keys("r")  # the review at 60 columns: the problem is cut, not wrapped
    shown = terminal.wait_for("the review", lambda s: "problem" in s)
    [problem] = [line for line in shown.splitlines() if " Gap " in line]
    assert problem.rstrip().endswith("…"), shown
    terminal.keys("Escape")  # alone: Escape and q in one read would be Alt+q
    terminal.wait_for("the grid again", lambda s: "Add row" in s)
    terminal.keys("q")
    terminal.wait_text(f"{EXIT_MARK}=0")
