"""Saved connections to remote backends, and their secrets.

A profile (server, workspace, how to authenticate) lives in the app-owned
``$XDG_DATA_HOME/punchcard/profiles.toml``, written with tomli-w; never in the user's
config.toml. The API key goes to the OS keyring when one is usable, else to ``secrets.toml``
beside it, readable only by its owner (0600). Environment variables override every part:
``CLOCKIFY_API_KEY``, ``CLOCKIFY_BASE_URL`` (a URL or a server name such as ``euc1``),
``CLOCKIFY_AUTH=bearer``, ``CLOCKIFY_WORKSPACE`` and ``CLOCKIFY_ALLOW_HTTP=1``; with the key in
the environment no file is needed. ``PUNCHCARD_KEYRING=0`` keeps the keyring out of it.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from tui import locations

KEYRING_SERVICE = "punchcard"
Auth = Literal["api-key", "bearer"]


class ProfileError(Exception):
    """A profile or secret that cannot be read or written; the message says which file."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ClockifyProfile:
    base_url: str
    workspace_id: str | None = None
    auth: Auth = "api-key"
    allow_http: bool = False
    key_store: Literal["keyring", "file"] = "file"


@dataclass(frozen=True, slots=True, kw_only=True)
class Connection:
    """Everything needed to open the Clockify backend. ``repr`` never shows the key."""

    api_key: str
    base_url: str
    auth: Auth = "api-key"
    allow_http: bool = False
    workspace_id: str | None = None
    key_from_env: bool = False

    def __repr__(self) -> str:
        return f"Connection(base_url={self.base_url!r}, auth={self.auth!r}, api_key='********')"


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


def _keyring_user(backend: str) -> str:
    return f"{backend}-api-key"


# ---------------------------------------------------------------- profiles


def load_clockify_profile() -> ClockifyProfile | None:
    raw = _read(profiles_file()).get("clockify")
    if not isinstance(raw, dict) or not isinstance(raw.get("base_url"), str):
        return None
    auth: Auth = "bearer" if raw.get("auth") == "bearer" else "api-key"
    store: Literal["keyring", "file"] = "keyring" if raw.get("key_store") == "keyring" else "file"
    workspace = raw.get("workspace_id")
    return ClockifyProfile(
        base_url=raw["base_url"],
        workspace_id=workspace if isinstance(workspace, str) and workspace else None,
        auth=auth,
        allow_http=raw.get("allow_http") is True,
        key_store=store,
    )


def save_clockify_profile(profile: ClockifyProfile, api_key: str) -> str:
    """Save the profile and its key; says where the key went."""
    where = ""
    keyring = _keyring()
    if keyring is not None:
        try:
            keyring.set_password(KEYRING_SERVICE, _keyring_user("clockify"), api_key)
            where = "the system keyring"
        except Exception:  # a keyring that fails now (locked, no D-Bus) is not usable
            where = ""
    if where:
        _drop_file_secret("clockify")
        profile = ClockifyProfile(**{**_fields(profile), "key_store": "keyring"})
    else:
        secrets = _read(secrets_file())
        secrets["clockify"] = {"api_key": api_key}
        _write(secrets_file(), secrets, private=True)
        where = f"{secrets_file()} (readable only by you)"
        profile = ClockifyProfile(**{**_fields(profile), "key_store": "file"})
    profiles = _read(profiles_file())
    entry = {k: v for k, v in _fields(profile).items() if v is not None}
    profiles["clockify"] = entry
    _write(profiles_file(), profiles)
    return where


def _fields(profile: ClockifyProfile) -> dict[str, Any]:
    return {
        "base_url": profile.base_url,
        "workspace_id": profile.workspace_id,
        "auth": profile.auth,
        "allow_http": profile.allow_http,
        "key_store": profile.key_store,
    }


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


def read_clockify_key(profile: ClockifyProfile) -> str | None:
    if profile.key_store == "keyring":
        keyring = _keyring()
        if keyring is None:
            return None
        try:
            value = keyring.get_password(KEYRING_SERVICE, _keyring_user("clockify"))
        except Exception:
            return None
        return value if isinstance(value, str) and value else None
    raw = _read(secrets_file()).get("clockify")
    key = raw.get("api_key") if isinstance(raw, dict) else None
    return key if isinstance(key, str) and key else None


def forget_clockify() -> list[str]:
    """Remove the saved key (keyring and file) and the profile; says what was removed."""
    removed: list[str] = []
    keyring = _keyring()
    if keyring is not None:
        try:
            keyring.delete_password(KEYRING_SERVICE, _keyring_user("clockify"))
            removed.append("the key in the system keyring")
        except Exception:
            pass  # nothing stored there
    if _drop_file_secret("clockify"):
        removed.append(f"the key in {secrets_file()}")
    profiles = _read(profiles_file())
    if "clockify" in profiles:
        del profiles["clockify"]
        _write(profiles_file(), profiles)
        removed.append("the Clockify profile")
    return removed


# ---------------------------------------------------------------- resolving


def _on(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def clockify_configured(env: Mapping[str, str] | None = None) -> bool:
    """Whether a Clockify key is in the environment or a profile is saved (cheap: no
    keyring lookup)."""
    env = os.environ if env is None else env
    if env.get("CLOCKIFY_API_KEY", "").strip():
        return True
    try:
        return load_clockify_profile() is not None
    except ProfileError:
        return True  # a damaged profile is still a choice; opening it says what is wrong


def clockify_connection(env: Mapping[str, str] | None = None) -> Connection | None:
    """The connection to open: each environment variable overrides its part of the saved
    profile; None when there is no key anywhere."""
    from tui.backends.clockify.servers import DEFAULT_SERVER, server_url

    env = os.environ if env is None else env
    profile = load_clockify_profile()
    env_key = env.get("CLOCKIFY_API_KEY", "").strip()
    key = env_key or (read_clockify_key(profile) if profile else None)
    if not key:
        return None
    base = env.get("CLOCKIFY_BASE_URL", "").strip() or (
        profile.base_url if profile else DEFAULT_SERVER
    )
    auth_env = env.get("CLOCKIFY_AUTH", "").strip().lower()
    auth: Auth = (
        ("bearer" if auth_env == "bearer" else "api-key")
        if auth_env
        else (profile.auth if profile else "api-key")
    )
    allow = _on(env.get("CLOCKIFY_ALLOW_HTTP")) or bool(profile and profile.allow_http)
    workspace = env.get("CLOCKIFY_WORKSPACE", "").strip() or (
        profile.workspace_id if profile else None
    )
    return Connection(
        api_key=key,
        base_url=server_url(base),
        auth=auth,
        allow_http=allow,
        workspace_id=workspace,
        key_from_env=bool(env_key),
    )
