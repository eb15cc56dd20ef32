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


PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def private_dir(path: Path) -> Path:
    """``path`` as a folder only its owner can enter (0700), created with its parents if
    missing. An existing folder is left as the user set it; one made here is never open to
    others, whatever the umask."""
    if not path.is_dir():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            path.mkdir(mode=PRIVATE_DIR)
        except FileExistsError:
            pass  # made by another punch at the same moment, or not a folder (said below)
        else:
            os.chmod(path, PRIVATE_DIR)  # mkdir's mode is cut by the umask, never widened
    if not path.is_dir():
        raise NotADirectoryError(20, "Not a directory", str(path))
    return path


def write_private(path: Path, text: str) -> None:
    """Replace ``path`` whole with ``text``, readable only by its owner (0600) from its first
    byte: a reader sees the old file or the new, never half, and nobody else sees either."""
    private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            os.fchmod(handle.fileno(), PRIVATE_FILE)  # an older tmp file may have had others
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
