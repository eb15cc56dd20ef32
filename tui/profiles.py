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


def _read(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as err:
        raise ProfileError(f"{path}: {err.strerror or err}") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ProfileError(f"{path}: {err}") from None


def _write(path: Path, data: dict[str, Any], *, private: bool = False) -> None:
    """Atomically; a private file is created 0600, so the secret is never readable by
    others, not even for a moment."""
    import tomli_w

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    mode = 0o600 if private else 0o644
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(tomli_w.dumps(data))
        os.chmod(tmp, mode)  # an older tmp file may have had other bits
        tmp.replace(path)
    except OSError as err:
        tmp.unlink(missing_ok=True)
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
    """The saved settings of ``backend`` (``key_store`` included), or None."""
    raw = _read(profiles_file()).get(backend)
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
        secrets = _read(secrets_file())
        secrets[backend] = {"api_key": secret}
        _write(secrets_file(), secrets, private=True)
        where = f"{secrets_file()} (readable only by you)"
        store = "file"
    profiles = _read(profiles_file())
    entry = {k: v for k, v in settings.items() if v is not None and k != KEY_STORE}
    profiles[backend] = {**entry, KEY_STORE: store}
    _write(profiles_file(), profiles)
    return where


def _drop_file_secret(backend: str) -> bool:
    secrets = _read(secrets_file())
    if backend not in secrets:
        return False
    del secrets[backend]
    if secrets:
        _write(secrets_file(), secrets, private=True)
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
    profiles = _read(profiles_file())
    if backend in profiles:
        del profiles[backend]
        _write(profiles_file(), profiles)
        removed.append(f"the {title} profile")
    return removed


def switched_on(value: str | None) -> bool:
    """An environment variable meant as yes (1, true, yes, on)."""
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}
