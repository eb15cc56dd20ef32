"""ClickTime (REST API v2): the backend, its wire models, mapping and errors. Pydantic wire
models live only in this folder; everything leaving it is a domain model.

``ClickTimeBackend`` is imported on first use, so the light module ``profile`` costs no httpx
or pydantic to whoever imports only it (``auto`` asks it on every start).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.backends.clicktime.backend import ClickTimeBackend

__all__ = ["ClickTimeBackend"]


def __getattr__(name: str) -> Any:
    if name == "ClickTimeBackend":
        from tui.backends.clicktime.backend import ClickTimeBackend

        return ClickTimeBackend
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
