"""`punch serve` end to end: the installed punch serves the timesheet, a real headless
Chromium opens the printed URL (tests/e2e/browser.py), reads the terminal off xterm.js's
buffer, types into the grid, and the store holds it. Several tabs at once:
tests/e2e/test_serve_tabs.py. The command's own logic (the missing extra, loopback, the tab
command) is in tests/cli.
"""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.e2e.browser import (
    browser_tab,
    fetch,
    free_port,
    require_chromium,
    served,
    tab_processes,
    wait_gone,
)
from tests.e2e.terminal import DEADLINE, clock, row_line, seed
from tests.installed_punch import punch_command


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
            tab.press(*["h"] * 6, "l", "h")  # to Monday (it opens on today), off it and back
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
