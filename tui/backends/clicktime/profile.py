"""ClickTime's saved profile, one use of the generic store in :mod:`tui.profiles`.

``CLICKTIME_TOKEN`` and ``CLICKTIME_BASE_URL`` override the profile, so no file is needed;
``CLICKTIME_ALLOW_HTTP=1`` allows a plain-http server that is not this machine. The way in
(``via``: direct or membrane, :mod:`tui.backends.ways_in`) is part of the profile, overridden
by ``PUNCHCARD_VIA``, ``MEMBRANE_TOKEN``, ``MEMBRANE_CONNECTION`` and ``MEMBRANE_API_URL``.
Imports neither httpx nor pydantic: ``auto`` asks :func:`configured` on every start.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from tui import profiles
from tui.backends.ways_in import WayIn, WayInError, chosen_via, proxy_way_in
from tui.profiles import ProfileError

NAME = "clicktime"
DEFAULT_BASE_URL = "https://api.clicktime.com/v2"


@dataclass(frozen=True, slots=True, kw_only=True)
class Connection:
    """Everything needed to open the ClickTime backend. ``repr`` never shows the token."""

    token: str
    base_url: str = DEFAULT_BASE_URL
    allow_http: bool = False
    token_from_env: bool = False
    via: WayIn | None = None

    def __repr__(self) -> str:
        return f"Connection(base_url={self.base_url!r}, token='********')"


def configured(env: Mapping[str, str] | None = None) -> bool:
    """Whether a token is in the environment or a profile is saved (no keyring lookup)."""
    env = os.environ if env is None else env
    if env.get("CLICKTIME_TOKEN", "").strip():
        return True
    if (
        env.get("PUNCHCARD_VIA", "").strip().lower() == "membrane"
        and env.get("MEMBRANE_TOKEN", "").strip()
    ):
        return True
    try:
        return profiles.load_profile(NAME) is not None
    except ProfileError:
        return True  # a damaged profile is still a choice; opening it says what is wrong


def clicktime_connection(env: Mapping[str, str] | None = None) -> Connection | None:
    """The connection to open, each variable overriding its part of the profile; None when
    there is no token anywhere."""
    env = os.environ if env is None else env
    saved = profiles.load_profile(NAME)
    found = _proxy(env, saved)
    if found is not None:
        return _through(*found, env, saved)
    env_token = env.get("CLICKTIME_TOKEN", "").strip()
    token = env_token or (profiles.read_secret(NAME, saved) if saved else None)
    if not token:
        return None
    allow = profiles.switched_on(env.get("CLICKTIME_ALLOW_HTTP")) or bool(
        saved and saved.get("allow_http") is True
    )
    return Connection(
        token=token,
        base_url=_direct_url(env, saved),
        allow_http=allow,
        token_from_env=bool(env_token),
    )


def _proxy(
    env: Mapping[str, str], saved: Mapping[str, object] | None
) -> tuple[WayIn, str | None] | None:
    """The proxy way in and its token from the environment (no keyring), when one is chosen;
    None for direct."""
    direct_env = bool(env.get("CLICKTIME_TOKEN", "").strip())
    try:
        saved_via = None if direct_env else saved.get("via") if saved else None
        via = chosen_via(env, saved_via)  # a token in the environment: direct, unless asked
        if via == "maton":
            raise WayInError(
                "Maton's gateway serves Clockify only; ClickTime goes direct or via membrane."
            )
        if via == "membrane":
            return proxy_way_in(
                via, env=env, saved=saved, service="ClickTime", login=NAME, address_env=""
            )
    except WayInError as err:
        raise ProfileError(str(err)) from None
    return None


def _direct_url(env: Mapping[str, str], saved: Mapping[str, object] | None) -> str:
    saved_url = saved.get("base_url") if saved else None
    return env.get("CLICKTIME_BASE_URL", "").strip() or (
        saved_url if isinstance(saved_url, str) and saved_url else DEFAULT_BASE_URL
    )


def _through(
    way: WayIn, token: str | None, env: Mapping[str, str], saved: Mapping[str, object] | None
) -> Connection | None:
    same = saved is not None and saved.get("via") == way.via
    if token is None and same and saved is not None:
        token = profiles.read_secret(NAME, saved)
    if not token:
        return None
    allow = profiles.switched_on(env.get("CLICKTIME_ALLOW_HTTP")) or bool(
        same and saved and saved.get("allow_http") is True
    )
    return Connection(
        token=token,
        base_url=way.base_url(),
        allow_http=allow,
        token_from_env=way.token_from_env,
        via=way,
    )


def replica_identity(env: Mapping[str, str] | None = None) -> str | None:
    """What names this account's local replica, read without the token or the client: the
    service and its address, as ``repr(ClickTimeBackend)`` says them (so a replica made by
    opening the backend first has the same name). None when no token is configured anywhere
    (opening then says what to do)."""
    env = os.environ if env is None else env
    saved = profiles.load_profile(NAME)
    found = _proxy(env, saved)
    if found is not None:
        way, token = found
        if token is None and (saved is None or saved.get("via") != way.via):
            return None
        return f"ClickTimeBackend({way.base_url().strip().rstrip('/')!r})"
    if saved is None and not env.get("CLICKTIME_TOKEN", "").strip():
        return None
    return f"ClickTimeBackend({_direct_url(env, saved).strip().rstrip('/')!r})"
