"""Where a Clockify account lives: the global API, the four regional hosts, the developer
sandbox, or any other base URL (a subdomain workspace, an API gateway). A key only works on
the server it was made for."""

from __future__ import annotations

SERVERS: dict[str, tuple[str, str]] = {
    "global": ("https://api.clockify.me/api/v1", "Global (api.clockify.me)"),
    "euc1": ("https://euc1.clockify.me/api/v1", "EU — Germany (euc1)"),
    "use2": ("https://use2.clockify.me/api/v1", "USA (use2)"),
    "euw2": ("https://euw2.clockify.me/api/v1", "UK (euw2)"),
    "apse2": ("https://apse2.clockify.me/api/v1", "Australia (apse2)"),
    "developer": ("https://developer.clockify.me/api/v1", "Developer sandbox"),
}
DEFAULT_SERVER = "global"


def server_url(name_or_url: str) -> str:
    """The base URL for a server name (``global``, ``euc1``…) or a URL given as is."""
    key = name_or_url.strip().lower()
    if key in SERVERS:
        return SERVERS[key][0]
    return name_or_url.strip().rstrip("/")


def server_label(url: str) -> str:
    for base, label in SERVERS.values():
        if base == url.rstrip("/"):
            return label
    return url
