"""Ways in: how a backend reaches its service. An access path is part of a backend's profile,
not a backend of its own: Clockify through Membrane is still the Clockify backend, with the
same wire models, rules and pacing, only its requests go to a proxy that holds the service's
credentials.

- ``direct``: the service's own key or token, to the service (or any address given).
- ``membrane``: a Membrane token as ``Authorization: Bearer``, requests to
  ``{api}/connections/{connection}/proxy/{service path}`` (``docs/access.md``).
- ``maton`` (Clockify only): a Maton API key as a bearer token to Maton's gateway, the
  connection chosen with the ``Maton-Connection`` header.

Imports neither httpx nor pydantic: profiles read it on every start.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote

Via = Literal["direct", "membrane", "maton"]
PROXIES: tuple[Via, ...] = ("membrane", "maton")
MEMBRANE_API = "https://api.getmembrane.com"
MEMBRANE_CONSOLE = "https://console.getmembrane.com"
MATON_CLOCKIFY = "https://gateway.maton.ai/clockify/api/v1"
VIA_ENV = "PUNCHCARD_VIA"


class WayInError(ValueError):
    """A way in that cannot be used as configured; ``str`` is one sentence for the user."""


@dataclass(frozen=True, slots=True, kw_only=True)
class WayIn:
    """A proxy between punch and the service. Holds no secret: the proxy's token travels
    beside it (as the backend's key), so this is safe to show, save and compare."""

    via: Literal["membrane", "maton"]
    address: str
    """Membrane's API root, or the gateway's base for the service (checked like any base
    URL that carries a secret: https, or http to this machine only)."""
    connection: str | None = None
    """Membrane: the connection id (required). Maton: the ``Maton-Connection`` header, or
    None for the account's oldest active connection."""
    service: str = ""
    """The service's title (for messages): Clockify, ClickTime."""
    login: str = ""
    """The backend's name, for ``punch login NAME --via …`` in messages."""
    token_from_env: bool = False

    @property
    def proxy(self) -> str:
        return "Membrane" if self.via == "membrane" else "Maton"

    def base_url(self) -> str:
        """Where the service's paths are appended."""
        root = self.address.strip().rstrip("/")
        if self.via == "membrane":
            return f"{root}/connections/{quote(self.connection or '', safe='')}/proxy"
        return root

    def headers(self) -> dict[str, str]:
        """Headers besides the bearer token (no secret among them)."""
        if self.via == "maton" and self.connection:
            return {"Maton-Connection": self.connection}
        return {}

    def identity(self) -> str:
        """Names this account's replica: the address and the connection."""
        connection = f", connection={self.connection!r}" if self.via == "maton" else ""
        return f"{self.base_url()!r}{connection}"

    def relogin(self) -> str:
        return f"punch login {self.login} --via {self.via}"

    def token_hint(self) -> str:
        """How to fix a rejected token."""
        var = "MEMBRANE_TOKEN" if self.via == "membrane" else "MATON_API_KEY"
        if self.token_from_env:
            return f"Check {var}"
        return f"Run `{self.relogin()}` again"


def chosen_via(env: Mapping[str, str] | None, saved: object) -> Via:
    """The way in: ``PUNCHCARD_VIA`` when set, else the profile's, else direct."""
    env = os.environ if env is None else env
    wanted = (env.get(VIA_ENV, "").strip().lower() or str(saved or "direct")).strip().lower()
    if wanted not in ("direct", "membrane", "maton"):
        raise WayInError(
            f"{VIA_ENV} (or the profile's via) is {wanted!r}; use direct, membrane or maton."
        )
    return wanted  # type: ignore[return-value]  # checked just above


def proxy_way_in(
    via: Literal["membrane", "maton"],
    *,
    env: Mapping[str, str],
    saved: Mapping[str, object] | None,
    service: str,
    login: str,
    address_env: str,
) -> tuple[WayIn, str | None]:
    """The way in through a proxy and its token (None when there is none), each part from
    the environment first, then from a profile saved for the same way in."""
    same = saved if saved is not None and saved.get("via") == via else None
    if via == "membrane":
        token_env, connection_env, default = "MEMBRANE_TOKEN", "MEMBRANE_CONNECTION", MEMBRANE_API
        address_env = "MEMBRANE_API_URL"
    else:
        token_env, connection_env, default = "MATON_API_KEY", "MATON_CONNECTION", MATON_CLOCKIFY
    env_token = env.get(token_env, "").strip()
    saved_url = same.get("base_url") if same else None
    address = env.get(address_env, "").strip() or (
        saved_url if isinstance(saved_url, str) and saved_url.strip() else default
    )
    saved_connection = same.get("connection") if same else None
    connection = env.get(connection_env, "").strip() or (
        saved_connection if isinstance(saved_connection, str) and saved_connection else None
    )
    if via == "membrane" and not connection and (env_token or same):
        raise WayInError(
            f"No Membrane connection chosen for {service}: set {connection_env} or run "
            f"`punch login {login} --via membrane`."
        )
    way = WayIn(
        via=via,
        address=address,
        connection=connection,
        service=service,
        login=login,
        token_from_env=bool(env_token),
    )
    return way, env_token or None
