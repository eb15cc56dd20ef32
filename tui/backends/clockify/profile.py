"""Clockify's saved profile, one use of the generic store in :mod:`tui.profiles`.

Environment variables override every part: ``CLOCKIFY_API_KEY``, ``CLOCKIFY_BASE_URL`` (a URL
or a server name such as ``euc1``), ``CLOCKIFY_AUTH=bearer``, ``CLOCKIFY_WORKSPACE`` and
``CLOCKIFY_ALLOW_HTTP=1``; with the key in the environment no file is needed. The way in
(``via``: direct, membrane, maton; :mod:`tui.backends.ways_in`) is part of the profile too,
overridden by ``PUNCHCARD_VIA`` and its own variables (``MEMBRANE_TOKEN``,
``MEMBRANE_CONNECTION``, ``MEMBRANE_API_URL``; ``MATON_API_KEY``, ``MATON_CONNECTION``, and
``CLOCKIFY_BASE_URL`` for the gateway's address). Imports neither httpx nor pydantic: ``auto``
asks :func:`configured` on every start.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from tui import profiles
from tui.backends.ways_in import Via, WayIn, WayInError, chosen_via, proxy_way_in
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
    via: Via = "direct"
    connection: str | None = None

    def settings(self) -> dict[str, Any]:
        """What the generic store saves (the key store is its own business)."""
        settings: dict[str, Any] = {
            "base_url": self.base_url,
            "workspace_id": self.workspace_id,
            "auth": self.auth,
            "allow_http": self.allow_http,
        }
        if self.via != "direct":
            settings |= {"via": self.via, "connection": self.connection}
        return settings


@dataclass(frozen=True, slots=True, kw_only=True)
class Connection:
    """Everything needed to open the Clockify backend. ``repr`` never shows the key."""

    api_key: str
    base_url: str
    auth: Auth = "api-key"
    allow_http: bool = False
    workspace_id: str | None = None
    key_from_env: bool = False
    via: WayIn | None = None

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
    connection = raw.get("connection")
    via: Via = raw["via"] if raw.get("via") in ("membrane", "maton") else "direct"
    return ClockifyProfile(
        via=via,
        connection=connection if isinstance(connection, str) and connection else None,
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
    via = env.get("PUNCHCARD_VIA", "").strip().lower()
    if via == "membrane" and env.get("MEMBRANE_TOKEN", "").strip():
        return True
    if via == "maton" and env.get("MATON_API_KEY", "").strip():
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
    way = _proxy(env, profile)
    if way is not None:
        return _through(way, env, profile)
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


def _proxy(
    env: Mapping[str, str], profile: ClockifyProfile | None
) -> tuple[WayIn, str | None] | None:
    """The proxy way in and its token from the environment, when one is chosen."""
    if env.get("CLOCKIFY_API_KEY", "").strip() and not env.get("PUNCHCARD_VIA", "").strip():
        return None  # a key in the environment overrides the profile's way in: direct
    try:
        via = chosen_via(env, profile.via if profile else None)
        if via == "direct":
            return None
        saved = profile.settings() if profile else None
        return proxy_way_in(
            via,
            env=env,
            saved=saved,
            service="Clockify",
            login=NAME,
            address_env="CLOCKIFY_BASE_URL",
        )
    except WayInError as err:
        raise ProfileError(str(err)) from None


def _through(
    found: tuple[WayIn, str | None], env: Mapping[str, str], profile: ClockifyProfile | None
) -> Connection | None:
    way, token = found
    same = profile is not None and profile.via == way.via
    if token is None and same and profile is not None:
        token = read_clockify_key(profile)
    if not token:
        return None
    allow = profiles.switched_on(env.get("CLOCKIFY_ALLOW_HTTP")) or bool(
        same and profile and profile.allow_http
    )
    workspace = env.get("CLOCKIFY_WORKSPACE", "").strip() or (
        profile.workspace_id if same and profile else None
    )
    return Connection(
        api_key=token,
        base_url=way.base_url(),
        auth="bearer",
        allow_http=allow,
        workspace_id=workspace,
        key_from_env=way.token_from_env,
        via=way,
    )


def replica_identity(env: Mapping[str, str] | None = None) -> str | None:
    """What names this account's local replica, read without the key or the client: the
    service and its address, as ``repr(ClockifyBackend)`` says them. None when no key is
    configured (opening then says what to do)."""
    from tui.backends.clockify.servers import DEFAULT_SERVER, server_url

    env = os.environ if env is None else env
    profile = load_clockify_profile()
    found = _proxy(env, profile)
    if found is not None:
        way, token = found
        if token is None and (profile is None or profile.via != way.via):
            return None
        return f"ClockifyBackend({way.identity()})"
    if profile is None and not env.get("CLOCKIFY_API_KEY", "").strip():
        return None
    base = env.get("CLOCKIFY_BASE_URL", "").strip() or (
        profile.base_url if profile else DEFAULT_SERVER
    )
    return f"ClockifyBackend({server_url(base).strip().rstrip('/')!r})"
