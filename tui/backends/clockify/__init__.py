"""Clockify: the Backend protocol over Clockify's REST API. Pydantic wire models live only in
this folder; everything leaving it is a domain model.

``ClockifyBackend`` is imported on first use, so the light modules here (``profile``,
``servers``) cost no httpx or pydantic to whoever imports only them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.backends.clockify.backend import ClockifyBackend

__all__ = ["ClockifyBackend"]


def __getattr__(name: str) -> Any:
    if name == "ClockifyBackend":
        from tui.backends.clockify.backend import ClockifyBackend

        return ClockifyBackend
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
