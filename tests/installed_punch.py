"""The installed ``punch``, run as a user runs it: the console script beside this interpreter
first, then the one on $PATH, else ``python -m tui``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


def punch_command() -> list[str]:
    search = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    found = shutil.which("punch", path=search)
    return [found] if found else [sys.executable, "-m", "tui"]


def punch(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """One ``punch`` command in this test's hermetic environment (plus ``env``)."""
    return subprocess.run(
        [*punch_command(), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )
