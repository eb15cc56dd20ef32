"""Where punchcard keeps its files: XDG base directories, created on demand."""

from __future__ import annotations

import os
from pathlib import Path


def _xdg(variable: str, fallback: str) -> Path:
    value = os.environ.get(variable, "")
    # The XDG spec says relative paths are invalid and must be ignored.
    base = Path(value) if value and Path(value).is_absolute() else Path.home() / fallback
    return base / "punchcard"


def config_dir() -> Path:
    return _xdg("XDG_CONFIG_HOME", ".config")


def data_dir() -> Path:
    return _xdg("XDG_DATA_HOME", ".local/share")


def config_file() -> Path:
    return config_dir() / "config.toml"


def store_file() -> Path:
    return data_dir() / "punchcard.sqlite3"


def demo_store_file() -> Path:
    return data_dir() / "demo.sqlite3"


def state_file() -> Path:
    return data_dir() / "state.toml"


def styles_dir() -> Path:
    """Installed wheels carry the styles inside the package; a source tree keeps them beside."""
    here = Path(__file__).parent
    packaged = here / "styles"
    return packaged if packaged.is_dir() else here.parent / "styles"
