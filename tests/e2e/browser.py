"""The browser side of the `punch serve` tests and the screenshot script: the installed
`punch serve` in a subprocess, and tabs of a real headless Chromium (Debian's
/usr/bin/chromium, driven by Playwright's Python API) read off xterm.js's buffer and typed
into like a terminal.

Chromium is required like tmux is for the terminal tests: CI installs it, and a missing one
fails these tests instead of skipping them. Playwright never downloads a browser here.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.e2e.terminal import DEADLINE
from tests.e2e.terminal import terminal_env as terminal_env
from tests.installed_punch import punch_command

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 800}
POLL = 0.05
URL = re.compile(r"http://\S+/")
# textual.js keeps its xterm.js Terminal in a closure; the test's copy of the script also
# hands it to window, so the page's text can be read from the terminal's buffer.
XTERM_NEW = re.compile(r"this\.terminal=new (\w+)\.Terminal\(")
XTERM_EXPOSED = r"this.terminal=window.__punchXterm=new \1.Terminal("
SCREEN_JS = """() => {
    const term = window.__punchXterm, buffer = term.buffer.active, lines = [];
    for (let y = 0; y < term.rows; y++) {
        const line = buffer.getLine(buffer.viewportY + y);
        lines.push(line ? line.translateToString(true) : "");
    }
    return lines.join("\\n");
}"""

FOCUS_JS = "window.__punchXterm.blur(); window.__punchXterm.focus()"


def require_chromium() -> str:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"{CHROMIUM} is missing, and the browser test needs a real browser: install it "
            "(apt-get install -y chromium) or deselect with -m 'not e2e'",
            pytrace=False,
        )
    return CHROMIUM


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


class Served:
    """One `punch serve` subprocess; its output is read by threads so a wait has a deadline."""

    def __init__(self, env: dict[str, str], *args: str) -> None:
        self.proc = subprocess.Popen(
            [*punch_command(), "serve", *args],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        for stream, into in ((self.proc.stdout, self.stdout), (self.proc.stderr, self.stderr)):
            threading.Thread(target=self._read, args=(stream, into), daemon=True).start()

    def _read(self, stream: object, into: list[str]) -> None:
        for line in stream:  # type: ignore[attr-defined]
            into.append(line)
            if into is self.stdout:
                self.lines.put(line)

    def url(self) -> str:
        """The URL `punch serve` printed, once it prints it."""
        end = time.monotonic() + DEADLINE
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=POLL)
            except queue.Empty:
                if self.proc.poll() is not None:
                    break
                continue
            if found := URL.search(line):
                return found.group(0)
        pytest.fail(f"punch serve printed no URL; stderr:\n{''.join(self.stderr)}", pytrace=False)

    def interrupt(self) -> int:
        """Ctrl+C, as a person stops it; the exit code."""
        self.proc.send_signal(signal.SIGINT)
        return self.proc.wait(timeout=DEADLINE)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=DEADLINE)


@contextmanager
def served(env: dict[str, str], *args: str) -> Iterator[Served]:
    server = Served(env, *args)
    try:
        yield server
    finally:
        server.kill()


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=DEADLINE) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8", "replace")


class Tab:
    """One browser tab on the served app, read and typed into like a terminal."""

    def __init__(self, page: object, front: list[Tab] | None = None) -> None:
        self.page = page
        self.last = ""
        self._front = front if front is not None else [self]
        """The browser's tab in front, shared by its tabs: keys go to that one only."""

    def to_front(self) -> None:
        """This tab in front, its terminal focused, as a click on the tab and into the page."""
        if self._front[0] is not self:
            self.page.bring_to_front()  # type: ignore[attr-defined]
            self.page.evaluate(FOCUS_JS)  # type: ignore[attr-defined]
            self._front[0] = self

    def screen(self) -> str:
        self.last = self.page.evaluate(SCREEN_JS)  # type: ignore[attr-defined]
        return self.last

    def wait_for(self, what: str, test: Callable[[str], bool]) -> str:
        end = time.monotonic() + DEADLINE
        while True:
            shown = self.screen()
            if test(shown):
                return shown
            if time.monotonic() > end:
                pytest.fail(
                    f"no {what} in the browser within {DEADLINE:.0f}s; last screen:\n{shown}",
                    pytrace=False,
                )
            time.sleep(POLL)

    def wait_text(self, text: str) -> str:
        return self.wait_for(repr(text), lambda shown: text in shown)

    def wait_line(self, pattern: str) -> str:
        regex = re.compile(pattern, re.MULTILINE)
        return self.wait_for(f"line matching {pattern!r}", lambda s: bool(regex.search(s)))

    def settled(self, quiet: float = 1.0) -> str:
        shown, since = self.screen(), time.monotonic()
        end = since + DEADLINE
        while time.monotonic() - since < quiet:
            if time.monotonic() > end:
                pytest.fail(f"the page never settled; last screen:\n{shown}", pytrace=False)
            time.sleep(POLL)
            if (now := self.screen()) != shown:
                shown, since = now, time.monotonic()
        return shown

    def press(self, *keys: str) -> None:
        """Playwright key names: ``a``, ``Enter``, ``ArrowLeft``…"""
        self.to_front()
        for key in keys:
            self.page.keyboard.press(key)  # type: ignore[attr-defined]

    def type_and_wait(self, key: str) -> str:
        """One key, then wait for the screen to show it: the pace of a person."""
        before = self.screen()
        self.press(key)
        self.wait_for(f"a change after typing {key!r}", lambda shown: shown != before)
        return self.settled(quiet=0.1)


@contextmanager
def browser(url: str, viewport: dict[str, int] | None = None) -> Iterator[Callable[[], Tab]]:
    """A fresh headless Chromium (its own profile) on the served ``url``; what it yields opens
    one more tab there each time it is called (the first call uses the window's own tab)."""
    from playwright.sync_api import sync_playwright

    executable = require_chromium()
    status, script = fetch(f"{url}static/js/textual.js")
    assert status == 200, script
    exposed, found = XTERM_NEW.subn(XTERM_EXPOSED, script)
    if found != 1:
        pytest.fail("textual.js no longer creates its Terminal as the test expects", False)
    with tempfile.TemporaryDirectory(prefix="punch-chromium-") as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile,
            executable_path=executable,
            args=CHROMIUM_ARGS,
            headless=True,
            viewport=viewport or VIEWPORT,  # type: ignore[arg-type]
        )
        context.route(
            "**/static/js/textual.js",
            lambda route: route.fulfill(body=exposed, content_type="text/javascript"),
        )
        opened: list[Tab] = []
        front: list[Tab] = []

        def open_tab() -> Tab:
            fresh = not opened and context.pages
            page = context.pages[0] if fresh else context.new_page()
            page.goto(url)
            page.wait_for_function("window.__punchXterm !== undefined", timeout=DEADLINE * 1000)
            tab = Tab(page, front)
            # Textual starts a web session blurred (no key footer) until the page reports the
            # focus; once the app is on screen, focus the terminal as a click into it would.
            tab.wait_for("the app on screen", lambda shown: bool(shown.strip()))
            page.evaluate(FOCUS_JS)
            front[:] = [tab]  # a new tab opens in front
            opened.append(tab)
            return tab

        try:
            yield open_tab
        finally:
            context.close()


@contextmanager
def browser_tab(url: str, viewport: dict[str, int] | None = None) -> Iterator[Tab]:
    """A fresh headless Chromium with one tab open on ``url``."""
    with browser(url, viewport) as open_tab:
        yield open_tab()


def tab_processes(server: Served) -> list[str]:
    """The punch processes textual-serve started for tabs: children of the server."""
    children = Path(f"/proc/{server.proc.pid}/task/{server.proc.pid}/children")
    pids = children.read_text().split() if children.exists() else []
    return [pid for pid in pids if Path(f"/proc/{pid}").exists()]


def wait_gone(pid: str) -> None:
    """Wait for process ``pid`` to end (gone, or a zombie nobody reaped yet)."""
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return
        if state == "Z":
            return
        time.sleep(POLL)
    pytest.fail(f"the tab's punch (pid {pid}) still runs after punch serve stopped", False)
