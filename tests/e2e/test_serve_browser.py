"""`punch serve` end to end: the installed punch serves the timesheet, a real headless
Chromium (Debian's /usr/bin/chromium, driven by Playwright's Python API) opens the printed
URL, reads the terminal off xterm.js's buffer, types into the grid, and the store holds it.

Chromium is required like tmux is for the terminal tests: CI installs it, and a missing one
fails these tests instead of skipping them. Playwright never downloads a browser here. The
command's own logic (the missing extra, loopback, the tab command) is in tests/cli.
"""

from __future__ import annotations

import json
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
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.e2e.terminal import DEADLINE, clock, row_line, seed
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

    def __init__(self, page: object) -> None:
        self.page = page
        self.last = ""

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
        for key in keys:
            self.page.keyboard.press(key)  # type: ignore[attr-defined]

    def type_and_wait(self, key: str) -> str:
        """One key, then wait for the screen to show it: the pace of a person."""
        before = self.screen()
        self.press(key)
        self.wait_for(f"a change after typing {key!r}", lambda shown: shown != before)
        return self.settled(quiet=0.1)


@contextmanager
def browser_tab(url: str, viewport: dict[str, int] | None = None) -> Iterator[Tab]:
    """A fresh headless Chromium (its own profile) with one tab open on ``url``."""
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
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.route(
                "**/static/js/textual.js",
                lambda route: route.fulfill(body=exposed, content_type="text/javascript"),
            )
            page.goto(url)
            page.wait_for_function("window.__punchXterm !== undefined", timeout=DEADLINE * 1000)
            tab = Tab(page)
            # Textual starts a web session blurred (no key footer) until the page reports the
            # focus; once the app is on screen, focus the terminal as a click into it would.
            tab.wait_for("the app on screen", lambda shown: bool(shown.strip()))
            page.evaluate("window.__punchXterm.blur(); window.__punchXterm.focus()")
            yield tab
        finally:
            context.close()


def tab_processes(server: Served) -> list[str]:
    """The punch processes textual-serve started for tabs: children of the server."""
    children = Path(f"/proc/{server.proc.pid}/task/{server.proc.pid}/children")
    pids = children.read_text().split() if children.exists() else []
    return [pid for pid in pids if Path(f"/proc/{pid}").exists()]


@pytest.mark.e2e
def test_the_grid_in_a_browser_takes_typed_hours_into_the_store(home: dict[str, str]):
    require_chromium()
    with served(home, "--port", str(free_port())) as server:
        url = server.url()
        assert url.startswith("http://127.0.0.1:"), url
        with browser_tab(url) as tab:
            tab.wait_text("No time this week")  # the week grid of an empty store, loaded
            assert "Client › Project › Task" in tab.last
            assert "Total" in tab.last
            tab.wait_text("q Quit")  # the key footer: the app has the page's focus
            tab.press("a")
            tab.wait_text("Add a row")
            for key in "Browser Project":
                tab.press(key)
            tab.wait_text("New project")
            tab.press("Enter")
            tab.wait_line(row_line("Browser Project", "·"))
            tab.press("l", "h")  # adding a row puts the cursor on Monday; step off and back
            for key in "2:15":
                tab.type_and_wait(key)
            tab.press("Enter")
            tab.wait_line(row_line("Browser Project", "2:15"))
            tabs = tab_processes(server)
            assert len(tabs) == 1, tabs  # the tab's own punch
            week = subprocess.run(
                [*punch_command(), "week", "--json"],
                env=home,
                capture_output=True,
                text=True,
                timeout=DEADLINE,
            )
            assert week.returncode == 0, week.stderr
            payload = json.loads(week.stdout)
            rows = [row for row in payload["rows"] if row["project"] == "Browser Project"]
            assert len(rows) == 1, payload
            assert rows[0]["seconds"][0] == 8100, payload
            # Ctrl+C with the tab still open: a clean exit, and the tab's punch ends too.
            assert server.interrupt() == 0
            assert "Traceback" not in "".join(server.stderr), server.stderr
            assert "Ctrl+C" in "".join(server.stdout)
            wait_gone(tabs[0])


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


SCREENS = [  # a key on the grid, what its screen shows; Escape goes back to the grid
    (" ", "Timer · Personal"),
    ("r", "Weekly review  ·"),
    ("p", "Projects · enter"),
    ("T", "Tasks · E2E Timer"),  # of the project under the cursor
    ("w", "Workspaces · enter"),
    ("?", "Keys: Timesheet"),
]


@pytest.mark.e2e
def test_the_timer_ticks_and_every_screen_opens_in_the_browser(home: dict[str, str]):
    require_chromium()
    import asyncio

    asyncio.run(
        seed(Path(home["XDG_DATA_HOME"]) / "punchcard" / "punchcard.sqlite3", datetime.now(UTC))
    )
    with served(home) as server, browser_tab(server.url()) as tab:
        first = tab.wait_for("the running timer", lambda s: clock(s) is not None)
        started_at = clock(first)
        assert started_at is not None, first
        assert started_at.startswith("0:01:"), first
        assert "Watching the clock" in first
        assert "● E2E Timer" in first
        tab.wait_for(
            "the clock to advance", lambda s: (c := clock(s)) is not None and c > started_at
        )
        for key, shows in SCREENS:
            tab.press(key)
            tab.wait_text(shows)
            tab.press("Escape")

            def grid_again(s: str, gone: str = shows) -> bool:
                return "Client › Project › Task" in s and gone not in s

            tab.wait_for("the grid again", grid_again)
        tab.press("x")
        tab.wait_text("No timer running")
        week = subprocess.run(
            [*punch_command(), "week", "--json"],
            env=home,
            capture_output=True,
            text=True,
            timeout=DEADLINE,
        )
        payload = json.loads(week.stdout)
        assert payload["running"] is None, payload
        assert 3600 + 110 <= payload["total"] < 3600 + 180, payload


@pytest.mark.e2e
@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0"])
def test_every_request_needs_the_token(home: dict[str, str], host: str):
    """Bound to ``host``, spoken to over loopback only: without the printed token the page,
    its assets and the websocket are refused; with it, they are served."""
    with served(home, "--host", host, "--port", str(free_port(host))) as server:
        printed = server.url()
        token = printed.rstrip("/").rsplit("/", 1)[1]
        port = printed.split(":")[2].split("/")[0]
        base = f"http://127.0.0.1:{port}"
        page = f"{base}/{token}/"
        upgrade = {
            "Connection": "Upgrade",
            "Upgrade": "websocket",
            "Sec-WebSocket-Version": "13",
            "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        }
        for path in ("/", "/static/js/textual.js", "/ws", f"/{token[:-1]}/", f"/x{token}/"):
            status, body = fetch(base + path)
            assert status == 403, (path, status)
            assert token not in body
        assert fetch(f"{base}/ws", upgrade)[0] == 403
        status, body = fetch(page)
        assert status == 200
        assert fetch(page.rstrip("/"))[0] == 200  # redirected to the page
        assert f"ws://127.0.0.1:{port}/{token}/ws" in body  # the websocket carries it too
        assert fetch(f"{page}static/js/textual.js")[0] == 200
        # Through a tunnel on another local port, the page points at the port the browser used.
        tunnelled = fetch(page, {"Host": "127.0.0.1:9000"})[1]
        assert f"ws://127.0.0.1:9000/{token}/ws" in tunnelled
        assert f'src="http://127.0.0.1:9000/{token}/static/js/textual.js"' in tunnelled
        warning = "".join(server.stderr)
        if host == "127.0.0.1":
            assert "WARNING" not in warning, warning
        else:
            assert "WARNING" in warning, warning
            assert "anyone who can reach it" in warning, warning
        assert token not in warning  # the token is in the printed URL only
