"""Fixtures of the end-to-end tests: punch's environment in a test's own folders, and a tmux
terminal that is killed after the test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.terminal import Terminal, terminal_env


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


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    return terminal_env(tmp_path)
