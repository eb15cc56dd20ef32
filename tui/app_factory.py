"""The one place the app is built: `punch`, the tests, the benches and the screenshot script
all call :func:`build_app`, so what they run is what a user runs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from tui.app import PunchcardApp
from tui.backends.base import Backend
from tui.config import Settings, machine_timezone
from tui.store import Store
from tui.store.open_backend import open_backend
from tui.store.status_file import status_path


def build_app(
    settings: Settings | None = None,
    *,
    demo: bool = False,
    fresh_demo: bool = True,
    backend: Backend | None = None,
    clock: Callable[[], datetime] | None = None,
    machine_tz: ZoneInfo | None = None,
    app_class: type[PunchcardApp] = PunchcardApp,
) -> PunchcardApp:
    """The app on ``backend``, or else on the one ``settings`` choose (opened in a worker
    once the app runs, while the first screen composes). ``clock`` and ``machine_tz`` stand
    in for the machine's in tests; ``app_class`` lets a bench time a subclass. ``demo`` opens
    the demo store, seeded afresh unless ``fresh_demo`` is false (a tab of `punch serve`,
    which seeded it once for all its tabs)."""
    settings = settings or Settings()
    machine_tz = machine_tz or machine_timezone()

    async def open_store() -> Store:
        chosen = backend
        if chosen is None:
            tz = ZoneInfo(settings.timezone) if settings.timezone else machine_tz
            chosen = await open_backend(
                settings.backend,
                demo=demo,
                fresh_demo=fresh_demo,
                tz=tz,
                now=clock() if clock else None,
            )
        store = Store(
            chosen,
            settings,
            clock=clock,
            machine_tz=machine_tz,
            remember_workspace=not demo,
            # Other tabs of `punch serve --demo` and `punch --demo start` write the demo too.
            watch_changes=True,
        )
        store.keep_status_file(status_path(demo))
        return store

    return app_class(settings, open_store)
