"""Opening Clockify from its profile and the environment (the registry's opener)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.backends.errors import AuthError, BackendError

if TYPE_CHECKING:
    from tui.backends.clockify.backend import ClockifyBackend


async def open_clockify() -> ClockifyBackend:
    from tui.backends.clockify.backend import ClockifyBackend
    from tui.backends.clockify.profile import clockify_connection
    from tui.profiles import ProfileError

    try:
        connection = clockify_connection()
    except ProfileError as err:
        raise BackendError(f"The Clockify profile cannot be read: {err}") from None
    if connection is None:
        raise AuthError(
            "Not logged in to Clockify: run `punch login clockify` (with --via membrane or "
            "--via maton for a proxy), or set CLOCKIFY_API_KEY."
        )
    return ClockifyBackend(
        connection.api_key,
        connection.base_url,
        auth=connection.auth,
        allow_http=connection.allow_http,
        workspace_id=connection.workspace_id,
        key_from_env=connection.key_from_env,
        via=connection.via,
    )
