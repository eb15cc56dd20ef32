"""Saved connections to remote backends, and their secrets: one profile per backend name,
with the same rules for every backend.

A profile (the settings a backend's registry entry names: server, workspace, how to
authenticate) is the table ``[NAME]`` of the app-owned ``$XDG_DATA_HOME/punchcard/profiles.toml``,
written with tomli-w; never the user's config.toml. The secret goes to the OS keyring when
one is usable (service ``punchcard``, user ``NAME-api-key``), else to the table ``[NAME]`` of
``secrets.toml`` beside it, readable only by its owner (0600); the profile's ``key_store``
says which. ``PUNCHCARD_KEYRING=0`` keeps the keyring out of it. How environment variables
override a profile is each backend's business (see its ``profile`` module).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tui import locations

KEYRING_SERVICE = "punchcard"
KEY_STORE = "key_store"
"""The profile setting that says where the secret went: ``keyring`` or ``file``."""


class ProfileError(Exception):
    """A profile or secret that cannot be read or written; the message says which file."""


def profiles_file() -> Path:
    return locations.data_dir() / "profiles.toml"


def secrets_file() -> Path:
    return locations.data_dir() / "secrets.toml"


# ---------------------------------------------------------------- files


_notes: list[str] = []


def take_notes() -> list[str]:
    """What was repaired on the way (a secrets file others could read), once: the CLI
    prints these as warnings."""
    taken = list(_notes)
    _notes.clear()
    return taken


class DamagedFileError(ProfileError):
    """The file is there but is not TOML text (cut short, overwritten, another format)."""


def _read(path: Path) -> dict[str, Any]:
    from tui.config import read_toml

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as err:
        raise ProfileError(f"{path}: {err.strerror or err}") from None
    if path == secrets_file():
        _keep_private(path)
    try:
        return read_toml(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise DamagedFileError(f"{path} is not UTF-8 text; it is damaged") from None
    except tomllib.TOMLDecodeError as err:
        raise DamagedFileError(f"{path}: {err}") from None


def _keep_private(path: Path) -> None:
    """A secrets file others can read (copied in, restored from a backup) is made 0600 again
    before anything is read from it, and the user is told."""
    try:
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            os.chmod(path, locations.PRIVATE_FILE)
            _notes.append(
                f"{path} was readable by others (mode {mode:o}); it is 0600 now. "
                "If others could read it, make a new API key."
            )
    except OSError as err:
        raise ProfileError(f"{path}: cannot make it private: {err.strerror or err}") from None


def _write(path: Path, data: dict[str, Any]) -> None:
    """Atomically, and 0600 from the first byte (in a 0700 folder when punch makes it):
    the secret, the server and the workspace are nobody else's business."""
    import tomli_w

    try:
        locations.write_private(path, tomli_w.dumps(data))
    except OSError as err:
        raise ProfileError(f"{path}: {err.strerror or err}") from None


# ---------------------------------------------------------------- keyring


def _keyring() -> Any | None:
    """The keyring module when a real OS keyring is usable here, else None."""
    if os.environ.get("PUNCHCARD_KEYRING", "").strip().lower() in {"0", "no", "false", "off"}:
        return None
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken keyring configuration is simply not usable
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        return None
    return keyring


def keyring_user(backend: str) -> str:
    return f"{backend}-api-key"


# ---------------------------------------------------------------- profiles


def load_profile(backend: str) -> dict[str, Any] | None:
    """The saved settings of ``backend`` (``key_store`` included), or None when none was
    saved. A file that is there but empty says so: it held a login once (a crash or a full
    disk while saving), and quietly using another backend would hide that."""
    path = profiles_file()
    saved = _read(path)
    if not saved and path.exists():
        raise ProfileError(
            f"{path} is empty; run `punch login {backend}` again, or delete the file to "
            "use the local store"
        )
    raw = saved.get(backend)
    if raw is not None and not isinstance(raw, dict):
        raise ProfileError(f"{path}: [{backend}] is not a table; run `punch login {backend}`")
    return dict(raw) if isinstance(raw, dict) else None


def save_profile(backend: str, settings: Mapping[str, Any], secret: str) -> str:
    """Save the profile and its secret; says where the secret went. Settings that are None
    are left out (TOML has no null)."""
    where = ""
    keyring = _keyring()
    if keyring is not None:
        try:
            keyring.set_password(KEYRING_SERVICE, keyring_user(backend), secret)
            where = "the system keyring"
        except Exception:  # a keyring that fails now (locked, no D-Bus) is not usable
            where = ""
    if where:
        _drop_file_secret(backend)
        store = "keyring"
    else:
        try:
            secrets = _read(secrets_file())
        except DamagedFileError:
            secrets = {}  # unreadable, so nothing in it can be kept; a login starts it over
        secrets[backend] = {"api_key": secret}
        _write(secrets_file(), secrets)
        where = f"{secrets_file()} (readable only by you)"
        store = "file"
    try:
        profiles = _read(profiles_file())
    except DamagedFileError:
        profiles = {}
    entry = {k: v for k, v in settings.items() if v is not None and k != KEY_STORE}
    profiles[backend] = {**entry, KEY_STORE: store}
    _write(profiles_file(), profiles)
    return where


def _drop_file_secret(backend: str) -> bool:
    try:
        secrets = _read(secrets_file())
    except DamagedFileError:
        # Nothing in it can be read, so nothing in it can be kept: forgetting must work.
        secrets_file().unlink(missing_ok=True)
        return True
    if backend not in secrets:
        return False
    del secrets[backend]
    if secrets:
        _write(secrets_file(), secrets)
    else:
        secrets_file().unlink(missing_ok=True)
    return True


def read_secret(backend: str, profile: Mapping[str, Any]) -> str | None:
    """The saved secret of ``backend``, from where its profile says it went."""
    if profile.get(KEY_STORE) == "keyring":
        keyring = _keyring()
        if keyring is None:
            return None
        try:
            value = keyring.get_password(KEYRING_SERVICE, keyring_user(backend))
        except Exception:
            return None
        return value if isinstance(value, str) and value else None
    raw = _read(secrets_file()).get(backend)
    key = raw.get("api_key") if isinstance(raw, dict) else None
    return key if isinstance(key, str) and key else None


def forget_profile(backend: str, title: str) -> list[str]:
    """Remove the saved secret (keyring and file) and the profile; says what was removed."""
    removed: list[str] = []
    keyring = _keyring()
    if keyring is not None:
        try:
            keyring.delete_password(KEYRING_SERVICE, keyring_user(backend))
            removed.append("the key in the system keyring")
        except Exception:
            pass  # nothing stored there
    if _drop_file_secret(backend):
        removed.append(f"the key in {secrets_file()}")
    try:
        profiles = _read(profiles_file())
    except DamagedFileError:
        profiles_file().unlink(missing_ok=True)
        removed.append(f"the damaged {profiles_file()}")
        return removed
    if backend in profiles:
        del profiles[backend]
        if profiles:
            _write(profiles_file(), profiles)
        else:
            profiles_file().unlink(missing_ok=True)
        removed.append(f"the {title} profile")
    elif not profiles and profiles_file().exists():
        profiles_file().unlink()  # an empty file would keep saying it is empty
    return removed


def switched_on(value: str | None) -> bool:
    """An environment variable meant as yes (1, true, yes, on)."""
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}
