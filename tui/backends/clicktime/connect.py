"""Opening ClickTime from its profile and the environment (the registry's opener)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.backends.errors import AuthError, BackendError

if TYPE_CHECKING:
    from tui.backends.clicktime.backend import ClickTimeBackend

TIMER_FILE = "clicktime-timer.json"


async def open_clicktime() -> ClickTimeBackend:
    from zoneinfo import ZoneInfo

    from tui import locations
    from tui.backends.clicktime.backend import ClickTimeBackend
    from tui.backends.clicktime.profile import clicktime_connection
    from tui.config import ConfigError, load_settings, machine_timezone
    from tui.profiles import ProfileError

    try:
        connection = clicktime_connection()
    except ProfileError as err:
        raise BackendError(f"The ClickTime profile cannot be read: {err}") from None
    if connection is None:
        raise AuthError(
            "Not logged in to ClickTime: run `punch login clicktime` (with --via membrane "
            "for Membrane), or set CLICKTIME_TOKEN."
        )
    try:
        zone = load_settings().timezone
    except ConfigError:
        zone = None  # the app reports a broken config itself
    return ClickTimeBackend(
        connection.token,
        connection.base_url,
        tz=ZoneInfo(zone) if zone else machine_timezone(),
        token_from_env=connection.token_from_env,
        allow_http=connection.allow_http,
        via=connection.via,
        timer_path=locations.data_dir() / TIMER_FILE,
    )
