"""Typed access from a screen to the punchcard app, without an import cycle at run time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.app import App

if TYPE_CHECKING:
    from tui.app import PunchcardApp


def punch_app(app: App[Any]) -> PunchcardApp:
    return cast("PunchcardApp", app)
