"""The contract suite, unchanged, against the fake Clockify and the fake ClickTime behind the
replica and its journal: each run in a child pytest that loads its ``contract_plugin``
(which registers the wrapped backend and its harness before the suite is collected)."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

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


def _contract_tests_for(parts: set[str], capabilities: object) -> set[str]:
    from tests.backends.contract import harness, test_contract, test_contract_changes

    wanted = set()
    for module in (test_contract, test_contract_changes):
        for name in dir(module):
            if not name.startswith("test_"):
                continue
            marks = getattr(getattr(module, name), "pytestmark", [])
            needs = {part for mark in marks if mark.name == "needs_part" for part in mark.args}
            flags = harness.CAPABILITY_NEEDS.get(name, ())
            if needs <= parts and all(getattr(capabilities, flag) for flag in flags):
                wanted.add(name)
    return wanted


@pytest.mark.parametrize(
    ("plugin", "service"),
    [
        ("tests.backends.replica.contract_plugin", "clockify"),
        ("tests.backends.replica.contract_plugin_clicktime", "clicktime"),
    ],
)
def test_the_wrapped_service_passes_the_whole_contract_suite(plugin: str, service: str) -> None:
    module = importlib.import_module(plugin)
    name: str = module.NAME
    args = ["-p", plugin, "tests/backends/contract"]
    collected = _pytest(*args, "--collect-only", "-k", name)
    names = {
        line.split("::")[-1].removesuffix(f"[{name}]")
        for line in collected.splitlines()
        if line.endswith(f"[{name}]")
    }
    entry = registry.get(service)
    expected = _contract_tests_for({*entry.parts, *module.WRAPPER_PARTS}, entry.capabilities)
    # The write pipeline's tests are among them, for every service.
    assert "test_new_time_over_an_entry_the_batch_was_not_shown_is_stale" in expected
    assert "test_a_timer_started_elsewhere_is_not_stopped_blindly" in expected
    if entry.capabilities.entries_without_project:
        assert "test_running_entry" in expected
    assert names == expected, collected[-2000:]
    result = _pytest(*args, "-k", name)
    assert f"{len(expected)} passed" in result, result[-3000:]
    assert "failed" not in result, result[-3000:]
    assert "error" not in result, result[-3000:]
