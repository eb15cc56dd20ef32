"""Secrets and the addresses they may travel to: a credential that never shows itself, the
header that carries it, and the check that a base URL is fit to carry it."""

from __future__ import annotations

import ipaddress
from collections.abc import Generator
from urllib.parse import urlsplit

import httpx

from tui.backends.errors import BackendError
from tui.domain.safe_text import safe_line


class InsecureURLError(BackendError):
    """A plain-HTTP base URL to a host that is not this machine."""


# ---------------------------------------------------------------- secrets and URLs


class Secret:
    """A credential that never shows itself in ``repr``, ``str`` or a format string."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)


def redact(text: str, secret: Secret | None) -> str:
    """``text`` with every occurrence of the secret replaced: for messages a server wrote."""
    if secret and secret.reveal() and len(secret.reveal()) >= 4:
        return text.replace(secret.reveal(), "********")
    return text


def is_loopback_host(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_base_url(url: str, *, allow_insecure: bool = False, setting: str = "") -> str:
    """``url`` without a trailing slash, if it is fit to carry a secret.

    ``https://`` always is; ``http://`` only to this machine (a fake server, a local gateway),
    unless ``allow_insecure`` says the user chose it. ``setting`` names how to allow it.
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise InsecureURLError(
            f"{safe_line(url)!r} is not a web address like https://api.example.com/v1."
        )
    if parts.query or parts.fragment or url.strip().endswith(("?", "#")):
        # Every request's path goes after the base: a query or fragment would swallow it.
        raise InsecureURLError(
            f"The server address {parts.scheme}://{parts.netloc}{parts.path} has a "
            f"{'query (?…)' if parts.query or url.strip().endswith('?') else 'fragment (#…)'}; "
            "give the address alone, like https://api.example.com/v1."
        )
    if parts.scheme == "http" and not allow_insecure and not is_loopback_host(parts.hostname):
        how = f" To send it anyway, {setting}." if setting else ""
        raise InsecureURLError(
            f"Refusing to send the API key over plain http:// to {parts.hostname}; "
            f"use https://.{how}"
        )
    return url.strip().rstrip("/")


class HeaderAuth(httpx.Auth):
    """Adds the secret to each request as it is sent."""

    def __init__(self, header: str, secret: Secret, prefix: str = "") -> None:
        self._header = header
        self._secret = secret
        self._prefix = prefix

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers[self._header] = self._prefix + self._secret.reveal()
        yield request

    def __repr__(self) -> str:
        return f"HeaderAuth({self._header!r}, {self._secret!r})"
