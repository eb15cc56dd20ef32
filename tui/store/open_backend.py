"""Choosing and opening a backend: the embedded store by default, the demo store on request,
Clockify when chosen (``--backend clockify``, ``PUNCHCARD_BACKEND``) or when a Clockify key is
configured (a saved profile, or ``CLOCKIFY_API_KEY``) and nothing else was chosen."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from tui import locations
from tui.backends.base import Backend
from tui.backends.errors import BackendError
from tui.backends.local import LocalBackend

BACKENDS = ("local", "clockify")


def _remove_store(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


async def open_backend(
    name: str = "auto",
    *,
    demo: bool = False,
    tz: ZoneInfo | None = None,
    now: datetime | None = None,
) -> Backend:
    """The backend a run works on. ``demo`` re-seeds a separate file on every start, so the
    user's own store is never touched by it."""
    if demo:
        from tui.backends.local.demo import seed_demo

        path = locations.demo_store_file()
        await asyncio.to_thread(_remove_store, path)
        backend = LocalBackend(path)
        await seed_demo(backend, now or datetime.now(UTC), tz or ZoneInfo("UTC"))
        return backend
    if name == "auto":  # nothing chosen: Clockify when a key is configured, else local
        from tui.profiles import clockify_configured

        name = "clockify" if clockify_configured() else "local"
    if name == "local":
        return LocalBackend(locations.store_file())
    if name == "clockify":
        return _open_clockify()
    raise BackendError(f"Unknown backend {name!r}; available here: {', '.join(BACKENDS)}")


def _open_clockify() -> Backend:
    from tui.backends.clockify import ClockifyBackend
    from tui.backends.errors import AuthError
    from tui.profiles import ProfileError, clockify_connection

    try:
        connection = clockify_connection()
    except ProfileError as err:
        raise BackendError(f"The Clockify profile cannot be read: {err}") from None
    if connection is None:
        raise AuthError(
            "Not logged in to Clockify: run `punch login clockify`, or set CLOCKIFY_API_KEY."
        )
    return ClockifyBackend(
        connection.api_key,
        connection.base_url,
        auth=connection.auth,
        allow_http=connection.allow_http,
        workspace_id=connection.workspace_id,
        key_from_env=connection.key_from_env,
    )
