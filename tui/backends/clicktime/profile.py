"""ClickTime's saved profile, one use of the generic store in :mod:`tui.profiles`.

``CLICKTIME_TOKEN`` and ``CLICKTIME_BASE_URL`` override the profile, so no file is needed;
``CLICKTIME_ALLOW_HTTP=1`` allows a plain-http server that is not this machine. Imports
neither httpx nor pydantic: ``auto`` asks :func:`configured` on every start.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from tui import profiles
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

    def __repr__(self) -> str:
        return f"Connection(base_url={self.base_url!r}, token='********')"


def configured(env: Mapping[str, str] | None = None) -> bool:
    """Whether a token is in the environment or a profile is saved (no keyring lookup)."""
    env = os.environ if env is None else env
    if env.get("CLICKTIME_TOKEN", "").strip():
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
    env_token = env.get("CLICKTIME_TOKEN", "").strip()
    token = env_token or (profiles.read_secret(NAME, saved) if saved else None)
    if not token:
        return None
    saved_url = saved.get("base_url") if saved else None
    base = env.get("CLICKTIME_BASE_URL", "").strip() or (
        saved_url if isinstance(saved_url, str) and saved_url else DEFAULT_BASE_URL
    )
    allow = profiles.switched_on(env.get("CLICKTIME_ALLOW_HTTP")) or bool(
        saved and saved.get("allow_http") is True
    )
    return Connection(token=token, base_url=base, allow_http=allow, token_from_env=bool(env_token))
