"""The contract suite, unchanged, against the fake Clockify behind the replica and its
journal: run in a child pytest that loads ``contract_plugin`` (which registers the wrapped
backend and its harness before the suite is collected)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.backends.replica.contract_plugin import NAME, WRAPPER_PARTS
from tui.backends import registry

REPO = Path(__file__).resolve().parents[3]


def _pytest(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=REPO,
    )
    return done.stdout


def _contract_tests_for(parts: set[str]) -> set[str]:
    from tests.backends.contract import test_contract, test_contract_changes

    wanted = set()
    for module in (test_contract, test_contract_changes):
        for name in dir(module):
            if not name.startswith("test_"):
                continue
            marks = getattr(getattr(module, name), "pytestmark", [])
            needs = {part for mark in marks if mark.name == "needs_part" for part in mark.args}
            if needs <= parts:
                wanted.add(name)
    return wanted


def test_the_wrapped_clockify_passes_the_whole_contract_suite() -> None:
    plugin = ["-p", "tests.backends.replica.contract_plugin", "tests/backends/contract"]
    collected = _pytest(*plugin, "--collect-only", "-k", NAME)
    names = {
        line.split("::")[-1].removesuffix(f"[{NAME}]")
        for line in collected.splitlines()
        if line.endswith(f"[{NAME}]")
    }
    expected = _contract_tests_for({*registry.get("clockify").parts, *WRAPPER_PARTS})
    assert "test_new_time_over_an_entry_the_batch_was_not_shown_is_stale" in expected
    assert "test_running_entry" in expected
    assert names == expected, collected[-2000:]
    result = _pytest(*plugin, "-k", NAME)
    assert f"{len(expected)} passed" in result, result[-3000:]
    assert "failed" not in result, result[-3000:]
    assert "error" not in result, result[-3000:]
