"""Clockify's saved profile, one use of the generic store in :mod:`tui.profiles`.

Environment variables override every part: ``CLOCKIFY_API_KEY``, ``CLOCKIFY_BASE_URL`` (a URL
or a server name such as ``euc1``), ``CLOCKIFY_AUTH=bearer``, ``CLOCKIFY_WORKSPACE`` and
``CLOCKIFY_ALLOW_HTTP=1``; with the key in the environment no file is needed. Imports neither
httpx nor pydantic: ``auto`` asks :func:`configured` on every start.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from tui import profiles
from tui.profiles import ProfileError

NAME = "clockify"
Auth = Literal["api-key", "bearer"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ClockifyProfile:
    base_url: str
    workspace_id: str | None = None
    auth: Auth = "api-key"
    allow_http: bool = False
    key_store: Literal["keyring", "file"] = "file"

    def settings(self) -> dict[str, Any]:
        """What the generic store saves (the key store is its own business)."""
        return {
            "base_url": self.base_url,
            "workspace_id": self.workspace_id,
            "auth": self.auth,
            "allow_http": self.allow_http,
        }


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


def load_clockify_profile() -> ClockifyProfile | None:
    raw = profiles.load_profile(NAME)
    if raw is None:
        return None
    if not isinstance(raw.get("base_url"), str) or not raw["base_url"].strip():
        raise ProfileError(
            f"{profiles.profiles_file()}: the {NAME} profile has no server address; "
            f"run `punch login {NAME}` again"
        )
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
    return profiles.save_profile(NAME, profile.settings(), api_key)


def read_clockify_key(profile: ClockifyProfile) -> str | None:
    return profiles.read_secret(NAME, {profiles.KEY_STORE: profile.key_store})


def forget_clockify() -> list[str]:
    """Remove the saved key (keyring and file) and the profile; says what was removed."""
    return profiles.forget_profile(NAME, "Clockify")


def configured(env: Mapping[str, str] | None = None) -> bool:
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
    allow = profiles.switched_on(env.get("CLOCKIFY_ALLOW_HTTP")) or bool(
        profile and profile.allow_http
    )
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


def replica_identity(env: Mapping[str, str] | None = None) -> str | None:
    """What names this account's local replica, read without the key or the client: the
    service and its address, as ``repr(ClockifyBackend)`` says them. None when no key is
    configured (opening then says what to do)."""
    from tui.backends.clockify.servers import DEFAULT_SERVER, server_url

    env = os.environ if env is None else env
    profile = load_clockify_profile()
    if profile is None and not env.get("CLOCKIFY_API_KEY", "").strip():
        return None
    base = env.get("CLOCKIFY_BASE_URL", "").strip() or (
        profile.base_url if profile else DEFAULT_SERVER
    )
    return f"ClockifyBackend({server_url(base).strip().rstrip('/')!r})"
