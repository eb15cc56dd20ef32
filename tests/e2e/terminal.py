"""What the end-to-end tests share: the installed ``punch`` in a real terminal (tmux), its
environment on a store in a test's own folders, and small readers of what the screen shows.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tui.backends.local import LocalBackend
from tui.domain.models import EntryFields

WIDTH, HEIGHT = 120, 40
TZ = "Europe/Berlin"
DEADLINE = 30.0  # seconds for any one thing to show up; generous for slow CI machines
POLL = 0.05
EXIT_MARK = "__PUNCH_EXITED__"


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

    def resize(self, width: int, height: int) -> None:
        """The terminal made smaller or larger, as a user drags its window."""
        self._tmux("resize-window", "-t", self.session, "-x", str(width), "-y", str(height))

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


def row_line(name: str, value: str) -> str:
    """A grid row for ``name`` whose Monday cell (the first day column) shows ``value``."""
    return rf"^\s*{re.escape(name)}\s+{re.escape(value)}\s"


CLOCK = re.compile(r"● (\d+:\d\d:\d\d)")


async def seed(store: Path, now: datetime) -> None:
    """One hour done today and a timer started 1 min 50 s ago, so the running minute turns
    within seconds of the test looking."""
    backend = LocalBackend(store)
    ws = (await backend.list_workspaces())[0].id
    project = await backend.create_project(ws, "E2E Timer")
    hour_ago = now - timedelta(hours=1, minutes=30)
    await backend.create_entry(
        ws, EntryFields(start=hour_ago - timedelta(hours=1), end=hour_ago, project_id=project.id)
    )
    await backend.create_entry(
        ws,
        EntryFields(
            start=now - timedelta(minutes=1, seconds=50),
            description="Watching the clock",
            project_id=project.id,
        ),
    )
    await backend.aclose()


def clock(screen: str) -> str | None:
    found = CLOCK.search(screen)
    return found.group(1) if found else None
