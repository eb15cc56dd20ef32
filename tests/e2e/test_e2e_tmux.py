"""End to end: the installed ``punch`` in a real terminal (tmux), on a store in ``tmp_path``.

The test types like a person: it waits for what the screen shows before the next step, by
polling ``capture-pane`` against a deadline, never by sleeping a fixed time. tmux is required:
CI installs it, so a missing tmux fails the test loudly instead of skipping it.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

pytestmark = pytest.mark.e2e

WIDTH, HEIGHT = 120, 40
TZ = "Europe/Berlin"
DEADLINE = 30.0  # seconds for any one thing to show up; generous for slow CI machines
POLL = 0.05
EXIT_MARK = "__PUNCH_EXITED__"


def punch_command() -> list[str]:
    """The installed console script: the one beside this interpreter first, then $PATH."""
    search = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    found = shutil.which("punch", path=search)
    return [found] if found else [sys.executable, "-m", "tui"]


def require_tmux() -> str:
    tmux = shutil.which("tmux")
    if tmux is None:
        pytest.fail(
            "tmux is not installed, and the end-to-end test needs a real terminal: "
            "install it (apt-get install -y tmux) or deselect with -m 'not e2e'",
            pytrace=False,
        )
    return tmux


class Terminal:
    """One private tmux server (its own socket) running one program in a 120×40 pane."""

    def __init__(self, tmux: str, env: dict[str, str]) -> None:
        self.tmux = tmux
        self.env = env
        self.socket = f"punch-e2e-{uuid.uuid4().hex[:12]}"
        self.session = "e2e"
        self.socket_path: str | None = None
        self.last = ""

    def _tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [self.tmux, "-L", self.socket, "-f", os.devnull, *args],
            env=self.env,
            capture_output=True,
            text=True,
            check=check,
            timeout=DEADLINE,
        )

    def start(self, argv: list[str]) -> None:
        # After the program ends, print its exit status and keep the pane open (cat waits on
        # the terminal), so the test can see how it ended.
        script = f'{shlex.join(argv)}; echo "{EXIT_MARK}=$?"; exec cat'
        self._tmux(
            "new-session",
            "-d",
            "-x",
            str(WIDTH),
            "-y",
            str(HEIGHT),
            "-s",
            self.session,
            "sh",
            "-c",
            script,
        )
        if self.socket_path is None:
            shown = self._tmux("display-message", "-p", "#{socket_path}", check=False)
            self.socket_path = shown.stdout.strip() or None

    def stop(self) -> None:
        self._tmux("kill-session", "-t", self.session, check=False)

    def kill(self) -> None:
        if shutil.which(self.tmux):
            self._tmux("kill-server", check=False)
        if self.socket_path:  # tmux can leave the socket file behind
            Path(self.socket_path).unlink(missing_ok=True)

    def screen(self) -> str:
        result = self._tmux("capture-pane", "-p", "-t", self.session, check=False)
        if result.returncode == 0:
            self.last = result.stdout
        return self.last

    def keys(self, *keys: str) -> None:
        """tmux key names: ``a``, ``Enter``, ``Left``…"""
        self._tmux("send-keys", "-t", self.session, *keys)

    def type(self, text: str) -> None:
        """Literal text, sent in one go as a fast typist or a paste would."""
        self._tmux("send-keys", "-t", self.session, "-l", text)

    def wait_for(self, what: str, test: Callable[[str], bool]) -> str:
        end = time.monotonic() + DEADLINE
        while True:
            shown = self.screen()
            if test(shown):
                return shown
            if EXIT_MARK in shown:
                pytest.fail(f"punch exited while waiting for {what}:\n{shown}", pytrace=False)
            if time.monotonic() > end:
                pytest.fail(
                    f"no {what} on screen within {DEADLINE:.0f}s; last screen:\n{shown}",
                    pytrace=False,
                )
            time.sleep(POLL)

    def settled(self, quiet: float = 1.0) -> str:
        """The screen once it has stopped changing for ``quiet`` seconds."""
        shown, since = self.screen(), time.monotonic()
        end = since + DEADLINE
        while time.monotonic() - since < quiet:
            if time.monotonic() > end:
                pytest.fail(f"the screen never settled; last screen:\n{shown}", pytrace=False)
            time.sleep(POLL)
            now = self.screen()
            if now != shown:
                shown, since = now, time.monotonic()
        return shown

    def type_and_wait(self, text: str) -> str:
        """Type ``text`` and wait for the screen to show some effect of it, then settle: the
        pace of a person, who looks before typing on."""
        before = self.screen()
        self.type(text)
        self.wait_for(f"a change after typing {text!r}", lambda shown: shown != before)
        return self.settled(quiet=0.1)

    def wait_text(self, text: str) -> str:
        return self.wait_for(repr(text), lambda shown: text in shown)

    def wait_line(self, pattern: str) -> str:
        regex = re.compile(pattern, re.MULTILINE)
        return self.wait_for(f"line matching {pattern!r}", lambda s: bool(regex.search(s)))


def terminal_env(tmp_path: Path) -> dict[str, str]:
    """punch's environment in tmux: its own config and data in ``tmp_path``, a fixed zone."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TMUX", "PUNCHCARD_"))}
    env.update(
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        TZ=TZ,
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
        TERM="xterm-256color",
    )
    return env


@pytest.fixture
def punch_env(tmp_path: Path) -> dict[str, str]:
    return terminal_env(tmp_path)


@pytest.fixture
def terminal(punch_env: dict[str, str]) -> Iterator[Terminal]:
    # Each test calls require_tmux() itself, so a missing tmux is a test failure, not an error.
    term = Terminal(shutil.which("tmux") or "tmux", punch_env)
    try:
        yield term
    finally:
        term.kill()


def row_line(name: str, value: str) -> str:
    """A grid row for ``name`` whose Monday cell (the first day column) shows ``value``."""
    return rf"^\s*{re.escape(name)}\s+{re.escape(value)}\s"


def test_type_hours_quit_and_find_them_again(terminal: Terminal, punch_env: dict[str, str]):
    require_tmux()
    punch = punch_command()
    today = datetime.now(ZoneInfo(TZ)).date()

    terminal.start(punch)
    terminal.wait_text("No time this week")  # an empty store, loaded

    terminal.keys("a")
    terminal.wait_text("Add a row")
    terminal.type("E2E Project")
    terminal.wait_text("New project")
    terminal.keys("Enter")  # creates the project and adds its row
    terminal.wait_line(row_line("E2E Project", "·"))

    # Adding a row puts the cursor on its first day, Monday; step off it and back.
    terminal.keys("l", "h")
    # The first digit opens the cell editor; the rest goes in once it is open, key by key as
    # a person types (test_typeahead_into_cell_keeps_every_key covers a burst).
    for key in "2:15":
        terminal.type_and_wait(key)
    terminal.wait_text("2:15")  # in the editor; the grid does not show it yet
    terminal.keys("Enter")
    terminal.wait_line(row_line("E2E Project", "2:15"))

    terminal.keys("q")
    terminal.wait_text(f"{EXIT_MARK}=0")
    terminal.stop()

    terminal.start(punch)
    terminal.wait_line(row_line("E2E Project", "2:15"))
    terminal.keys("q")
    terminal.wait_text(f"{EXIT_MARK}=0")

    week = subprocess.run(
        [*punch, "week", "--json", "--date", today.isoformat()],
        env=punch_env,
        capture_output=True,
        text=True,
        timeout=DEADLINE,
    )
    assert week.returncode == 0, week.stderr
    payload = json.loads(week.stdout)
    rows = [row for row in payload["rows"] if row["project"] == "E2E Project"]
    assert len(rows) == 1, payload
    assert rows[0]["seconds"][0] == 8100, payload
    assert rows[0]["total"] == 8100, payload
    assert datetime.fromisoformat(payload["days"][0]).weekday() == 0  # Monday


def test_typeahead_into_cell_keeps_every_key(terminal: Terminal):
    """Keys typed faster than the screen repaints all land in the cell, in order. (An earlier
    grid restarted the edit on every key that arrived before its editor had the focus, so a
    burst of "2:15" became "5:00", or left an empty editor open when Enter came along too.)"""
    require_tmux()
    terminal.start(punch_command())
    terminal.wait_text("No time this week")
    terminal.keys("a")
    terminal.wait_text("Add a row")
    terminal.type("Burst")
    terminal.wait_text("New project")
    terminal.keys("Enter")
    terminal.wait_line(row_line("Burst", "·"))  # the cursor is on its Monday
    terminal.type("2:15")  # one burst, like a paste or a fast typist over ssh
    terminal.keys("Enter")
    shown = terminal.settled()
    assert re.search(row_line("Burst", "2:15"), shown, re.MULTILINE), shown
