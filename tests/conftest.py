"""Shared fixtures: a hermetic home (XDG dirs in tmp), a frozen clock, and an app factory."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from tests.frozen_time import BERLIN, FROZEN_NOW
from tui.backends.local import LocalBackend
from tui.config import Settings


@pytest.fixture(autouse=True)
def hermetic_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test ever reads or writes the developer's own config or store."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("TZ", "Europe/Berlin")
    monkeypatch.delenv("PUNCHCARD_BACKEND", raising=False)
    for name in (
        "CLOCKIFY_API_KEY",
        "CLOCKIFY_BASE_URL",
        "CLOCKIFY_AUTH",
        "CLOCKIFY_WORKSPACE",
        "CLOCKIFY_ALLOW_HTTP",
        "CLICKTIME_TOKEN",
        "CLICKTIME_BASE_URL",
        "PUNCHCARD_VIA",
        "MEMBRANE_TOKEN",
        "MEMBRANE_CONNECTION",
        "MEMBRANE_API_URL",
        "MATON_API_KEY",
        "MATON_CONNECTION",
    ):
        monkeypatch.delenv(name, raising=False)  # a developer's own key must never be used
    monkeypatch.setenv("PUNCHCARD_KEYRING", "0")  # nor their OS keyring
    return tmp_path


@pytest.fixture
def frozen_clock() -> Callable[[], datetime]:
    return lambda: FROZEN_NOW


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store.sqlite3"


@pytest.fixture
def make_app(store_path: Path, frozen_clock: Callable[[], datetime]):  # type: ignore[no-untyped-def]
    """Build the real app on a real SQLite store in tmp, with the clock frozen."""
    from tui.app import PunchcardApp
    from tui.app_factory import build_app

    def build(settings: Settings | None = None, path: Path | None = None) -> PunchcardApp:
        return build_app(
            settings or Settings(timezone="Europe/Berlin"),
            backend=LocalBackend(path or store_path),
            clock=frozen_clock,
            machine_tz=BERLIN,
        )

    return build
