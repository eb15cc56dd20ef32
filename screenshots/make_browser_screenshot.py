"""The week grid as a browser shows it through `punch serve`: screenshots/serve-browser.png.

    python screenshots/make_browser_screenshot.py            # writes screenshots/serve-browser.png
    python screenshots/make_browser_screenshot.py --out DIR  # somewhere else

It runs the installed `punch serve --demo` with its config and data in a temporary directory
(the user's own are never touched) and takes the picture with Debian's /usr/bin/chromium,
headless, through Playwright: the browser tests' harness (tests/e2e/browser.py). The demo is
seeded around the current week, so the dates in the picture are those of the day it is made.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run from a source tree: the harness is in tests/
VIEWPORT = {"width": 1120, "height": 540}  # about 124×30 cells: the grid without empty rows


def make(out: Path) -> Path:
    from tests.e2e.browser import browser_tab, served, terminal_env

    target = out / "serve-browser.png"
    with tempfile.TemporaryDirectory(prefix="punch-shot-") as home:
        env = terminal_env(Path(home))
        with served(env, "--demo") as server, browser_tab(server.url(), VIEWPORT) as tab:
            # The demo follows today's date, and so do the projects of its week: wait for
            # what every demo week shows (the running timer's row, the totals, the keys).
            tab.wait_for(
                "the demo week and its keys",
                lambda s: "● " in s and "\nTotal " in s and "Quit" in s,
            )
            tab.page.wait_for_timeout(500)  # let the last frame paint (the running clock ticks on)
            tab.page.screenshot(path=str(target))  # type: ignore[attr-defined]
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder for the PNG")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    print(make(args.out))


if __name__ == "__main__":
    main()
