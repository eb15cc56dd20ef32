"""The Backend protocol over Clockify's REST API (core host, ``/api/v1``).

What it costs: the user and the workspaces are read once per session; a workspace's clients,
projects (hydrated, so their tasks come along) and tags are read once and then kept current
by this client's own writes, and read again after ``CATALOG_TTL`` seconds to pick up changes
made elsewhere (``catalog.py``, over the shared ``CatalogCache``). A week of entries is one
request per 200 entries. Nothing is ever read once per project or once per entry.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections.abc import Awaitable, Callable, Hashable
from datetime import date, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo

import httpx

from tui.backends.catalog_cache import CatalogCache
from tui.backends.clockify import mapping, paging, wire
from tui.backends.clockify.approvals import ClockifyApprovals
from tui.backends.clockify.capabilities import CAPABILITIES
from tui.backends.clockify.catalog import ClockifyCatalog
from tui.backends.clockify.errors import as_reference_error, map_error
from tui.backends.clockify.servers import DEFAULT_SERVER, server_url
from tui.backends.clockify.wire_approvals import ApprovalRequest
from tui.backends.errors import (
    AuthError,
    BackendError,
    NotFoundError,
    ValidationError,
    notices,
)
from tui.backends.http import Found, HeaderAuth, HttpClient, Secret, check_base_url
from tui.backends.pacing import SingleFlight
from tui.backends.proxy import ProxyAuth, proxy_errors
from tui.backends.shared_pacing import rate_limiter
from tui.backends.ways_in import WayIn
from tui.domain.models import (
    Capabilities,
    EntryFields,
    TimeEntry,
    User,
    Workspace,
    WorkspaceRules,
)

if TYPE_CHECKING:
    from tui.backends.base import (
        Backend,
        CatalogWrites,
        ChecksChanges,
        HasWorkspaceRules,
        ServerClock,
        TimesheetPeriods,
        WorkspaceTimesheets,
    )

PAGE_SIZE = paging.PAGE_SIZE
RATE_LIMIT = 45
"""Requests per second per workspace; Clockify's limit is 50."""
CATALOG_TTL = 120.0
"""Seconds a workspace's clients, projects, tasks and tags are served from memory."""
LOOKBACK = timedelta(days=1)
"""Clockify lists entries that *start* inside a window; one that began up to a day before it
and runs into it is found by starting the query this much earlier."""
ALLOW_HTTP_HINT = "set allow_http = true in the profile (or CLOCKIFY_ALLOW_HTTP=1)"
_KEEP_ENTRIES = 5000


def _workspace_of(path: str) -> Hashable:
    """The rate limit is per workspace; calls outside one share a key."""
    parts = path.split("/")
    return parts[2] if len(parts) > 2 and parts[1] == "workspaces" else None


class ClockifyBackend(ClockifyApprovals, ClockifyCatalog):
    name: str = "clockify"
    capabilities: Capabilities = CAPABILITIES

    def __init__(
        self,
        api_key: str,
        base_url: str = DEFAULT_SERVER,
        *,
        auth: Literal["api-key", "bearer"] = "api-key",
        allow_http: bool = False,
        workspace_id: str | None = None,
        key_from_env: bool = False,
        via: WayIn | None = None,
        timeout: float = 20.0,
        rate_limit: int = RATE_LIMIT,
        catalog_ttl: float = CATALOG_TTL,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        rng: Callable[[], float] = random.random,
    ) -> None:
        if not api_key.strip():
            raise AuthError(
                "No Clockify API key. Run `punch login clockify` or set CLOCKIFY_API_KEY."
            )
        secret = Secret(api_key.strip())
        url = check_base_url(
            via.base_url() if via else server_url(base_url),
            allow_insecure=allow_http,
            setting=ALLOW_HTTP_HINT,
        )
        header: httpx.Auth = (
            HeaderAuth("Authorization", secret, "Bearer ")
            if auth == "bearer"
            else HeaderAuth("X-Api-Key", secret)
        )
        mapper: Callable[[httpx.Response], BackendError] = partial(
            map_error, key_from_env=key_from_env
        )
        if via is not None:  # the proxy holds Clockify's key; ours is the proxy's token
            header = ProxyAuth(secret, via.headers())
            mapper = proxy_errors(mapper, via)
        self.base_url = url
        self.via = via
        self.workspace_id = workspace_id
        self.http = HttpClient(
            url,
            auth=header,
            service="Clockify",
            error_mapper=mapper,
            # Shared with the profile's other punch processes (tabs of `punch serve`).
            limiter=rate_limiter(
                rate_limit, 1.0, scope=f"clockify {url}", clock=clock, sleep=sleep
            ),
            limit_key=_workspace_of,
            paginate=partial(paging.paginate, page_size=PAGE_SIZE),
            timeout=timeout,
            secret=secret,
            transport=transport,
            sleep=sleep,
            rng=rng,
        )
        self._flights: SingleFlight[Any] = SingleFlight()
        self._user: wire.User | None = None
        self._workspaces: list[wire.Workspace] | None = None
        self._client_cache: CatalogCache[wire.Client] = CatalogCache(ttl=catalog_ttl, clock=clock)
        self._project_cache: CatalogCache[wire.Project] = CatalogCache(ttl=catalog_ttl, clock=clock)
        self._task_cache: CatalogCache[dict[str, wire.Task]] = CatalogCache(
            ttl=catalog_ttl, clock=clock
        )
        self._tag_cache: CatalogCache[wire.Tag] = CatalogCache(ttl=catalog_ttl, clock=clock)
        self._entries: dict[str, wire.TimeEntry] = {}
        self._approvals: dict[str, tuple[float, date, list[ApprovalRequest]]] = {}
        self._approvals_clock = clock

    def __repr__(self) -> str:
        if self.via is not None:
            return f"ClockifyBackend({self.via.identity()})"
        return f"ClockifyBackend({self.base_url!r})"

    @property
    def server_time_offset(self) -> float | None:
        """Clockify's clock minus ours (seconds), for timers that count on the server's time."""
        return self.http.server_time_offset

    async def aclose(self) -> None:
        await self.http.aclose()

    def send_writes_once(self) -> None:
        """Behind a journal: a write whose answer was lost and not found by the look right
        after is raised, not sent again at once (it may still land); the journal looks
        again later and sends it only then."""
        self.http.write_tries = 1

    # ------------------------------------------------------------ user and workspaces

    async def _me(self) -> wire.User:
        if self._user is None:
            self._user = await self._flights.run("user", self._read_user)
        return self._user

    async def _read_user(self) -> wire.User:
        return wire.User.read(await self.http.get_json("/user"))

    def _zone(self, me: wire.User) -> ZoneInfo:
        name = mapping.zone_or_none(me.settings.time_zone if me.settings else None)
        return ZoneInfo(name or "UTC")

    async def get_user(self) -> User:
        return mapping.user(await self._me())

    async def _all_workspaces(self) -> list[wire.Workspace]:
        if self._workspaces is None:
            self._workspaces = await self._flights.run("workspaces", self._read_workspaces)
        return self._workspaces

    async def _read_workspaces(self) -> list[wire.Workspace]:
        raw = await self.http.get_json("/workspaces")
        if not isinstance(raw, list):
            raise wire.WrongShapeError(
                "Clockify sent something other than a list of workspaces; a proxy may be in "
                "the way. Try again later."
            )
        return [wire.Workspace.read(item) for item in raw]

    async def list_workspaces(self) -> list[Workspace]:
        """The profile's workspace first (else the account's active one): the store opens
        the first when it remembers none."""
        me, found = await asyncio.gather(self._me(), self._all_workspaces())
        preferred = self.workspace_id or me.active_workspace or me.default_workspace
        ordered = sorted(found, key=lambda w: w.id != preferred)
        return [mapping.workspace(w) for w in ordered]

    async def _workspace(self, workspace_id: str) -> wire.Workspace:
        for raw in await self._all_workspaces():
            if raw.id == workspace_id:
                return raw
        raise NotFoundError(f"You have no Clockify workspace with id {workspace_id!r}.")

    async def workspace_rules(self, workspace_id: str) -> WorkspaceRules:
        return mapping.rules(await self._workspace(workspace_id))

    async def _check_rules(self, workspace_id: str, fields: EntryFields) -> None:
        """Refuse, before any call, an entry the workspace's required fields would refuse."""
        found = [w for w in await self._all_workspaces() if w.id == workspace_id]
        if found:
            missing = mapping.rules(found[0]).missing(fields)
            if missing:
                raise ValidationError(
                    f"This workspace requires {_and(missing)} on every entry; "
                    f"add {'it' if len(missing) == 1 else 'them'} first."
                )

    # ------------------------------------------------------------ time entries

    def _entries_path(self, workspace_id: str, me: wire.User) -> str:
        return f"/workspaces/{workspace_id}/user/{me.id}/time-entries"

    def _keep(self, raw: wire.TimeEntry) -> None:
        """What a PUT must send back unchanged (type, custom fields), by entry id."""
        if len(self._entries) >= _KEEP_ENTRIES:
            self._entries.clear()
        self._entries[raw.id] = raw

    def _entry(self, data: Any, workspace_id: str) -> TimeEntry:
        raw = wire.TimeEntry.read(data)
        self._keep(raw)
        made = mapping.entry(raw, workspace_id)
        if made is None:
            raise BackendError("Clockify sent back a time entry without a start time.")
        return made

    async def _window(
        self, workspace_id: str, start: datetime, end: datetime, **params: Any
    ) -> list[wire.TimeEntry]:
        me = await self._me()
        tz = self._zone(me)
        query = {
            "start": mapping.wall_clock_text(start, tz),
            "end": mapping.wall_clock_text(end, tz),
            **params,
        }
        return await self._list(self._entries_path(workspace_id, me), wire.TimeEntry, query)

    async def list_entries(
        self, workspace_id: str, start: datetime, end: datetime
    ) -> list[TimeEntry]:
        """Entries that overlap ``[start, end)``, the running one included, sorted by start."""
        if start >= end:
            return []
        found: list[TimeEntry] = []
        no_start = 0
        for raw in await self._window(workspace_id, start - LOOKBACK, end):
            self._keep(raw)
            made = mapping.entry(raw, workspace_id)
            if made is None:
                no_start += 1
                continue
            if made.start >= end:
                continue
            if made.end is None or made.end > start or made.start >= start:
                found.append(made)
        if no_start:  # skipped, not guessed: time where there was none would be wrong
            notices.warning(
                "Clockify sent %d time entr%s without a start time; not shown",
                no_start,
                "y" if no_start == 1 else "ies",
            )
        found.sort(key=lambda e: (e.start, e.id))
        return found

    async def running_entry(self, workspace_id: str) -> TimeEntry | None:
        me = await self._me()
        page = await paging.page(
            self.http,
            self._entries_path(workspace_id, me),
            {"in-progress": True, "page": 1, "page-size": 1},
        )
        for item in page.items:
            try:
                raw = wire.TimeEntry.read(item)
            except wire.WrongShapeError:
                continue  # reported by the week's list, which holds the same entry
            self._keep(raw)
            made = mapping.entry(raw, workspace_id)
            if made is not None and made.end is None:  # one without a start runs nowhere
                return made
        return None

    async def _stop_running(self, workspace_id: str, at: datetime) -> None:
        """Stop the running entry at ``at``, as the web app does before a new timer starts."""
        me = await self._me()

        async def look() -> Found | None:
            running = await self.running_entry(workspace_id)
            return Found() if running is None or running.start > at else None

        with contextlib.suppress(NotFoundError):  # nothing was running
            await self.http.write(
                "PATCH",
                self._entries_path(workspace_id, me),
                {"end": mapping.utc_text(at)},
                look=look,
            )

    async def create_entry(self, workspace_id: str, fields: EntryFields) -> TimeEntry:
        """Add an entry; one without an end starts the timer and stops the running one."""
        await self._check_rules(workspace_id, fields)
        await self.refuse_closed(workspace_id, [fields.start])
        if fields.end is None:
            await self._stop_running(workspace_id, fields.start)

        async def look() -> Found | None:
            second = timedelta(seconds=1)
            for raw in await self._window(
                workspace_id, fields.start - second, fields.start + second
            ):
                if mapping.same_entry(raw, fields):
                    return Found(raw.model_dump(by_alias=True, mode="json"))
            return None

        try:
            data = await self.http.write(
                "POST",
                f"/workspaces/{workspace_id}/time-entries",
                mapping.entry_body(fields),
                look=look,
            )
        except NotFoundError as err:
            raise as_reference_error(err, "time entry") from None
        return self._entry(data, workspace_id)

    async def update_entry(self, entry: TimeEntry) -> TimeEntry:
        """Replace the whole entry (every field is sent)."""
        ws = entry.workspace_id
        held = self._entries.get(entry.id)
        was = [held.time_interval.start] if held and held.time_interval.start else []
        await self.refuse_closed(ws, [entry.start, *was])
        if entry.locked:
            raise ValidationError("This entry is locked in Clockify and cannot be changed.")
        await self._check_rules(ws, entry)
        path = f"/workspaces/{ws}/time-entries/{entry.id}"
        fields = entry.fields()

        async def look() -> Found | None:
            raw = wire.TimeEntry.read(await self.http.get_json(path))
            return (
                Found(raw.model_dump(by_alias=True, mode="json"))
                if mapping.same_entry(raw, fields)
                else None
            )

        body = mapping.entry_body(fields, self._entries.get(entry.id))
        try:
            data = await self.http.write("PUT", path, body, look=look)
        except NotFoundError as err:
            raise as_reference_error(err, "time entry") from None
        return self._entry(data, ws)

    async def delete_entry(self, workspace_id: str, entry_id: str) -> None:
        path = f"/workspaces/{workspace_id}/time-entries/{entry_id}"
        held = self._entries.get(entry_id)
        if held is not None and held.time_interval.start is not None:
            await self.refuse_closed(workspace_id, [held.time_interval.start])

        async def look() -> Found | None:
            try:
                await self.http.get_json(path)
            except NotFoundError:
                return Found()
            return None

        await self.http.write("DELETE", path, look=look)
        self._entries.pop(entry_id, None)


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


if TYPE_CHECKING:
    # Fails type checking, not a user, if the class drifts from the protocols.
    _conforms: type[Backend] = ClockifyBackend
    _writes: type[CatalogWrites] = ClockifyBackend
    _rules: type[HasWorkspaceRules] = ClockifyBackend
    _clock: type[ServerClock] = ClockifyBackend
    _periods: type[TimesheetPeriods] = ClockifyBackend
    _offered: type[WorkspaceTimesheets] = ClockifyBackend
    _checks: type[ChecksChanges] = ClockifyBackend
