"""The Backend protocol over ClickTime's REST API v2, for the user a token belongs to.

What it costs: ``/Me`` and ``/Company`` are read once per session; clients, jobs, tasks and
the allowed job/task pairs once per ``CATALOG_TTL`` (``catalog.py``). A week is one paged
``/Me/TimeEntries`` list and one paged ``/Me/Timesheets`` list for its days — never one
request per job or per day. Requests are paced to ``RATE_LIMIT`` (the notes' only number).

The running timer is kept by punchcard (``timer.py``): ClickTime's stopwatch protocol is not
documented. A stopwatch started in ClickTime's own apps is shown, read-only.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from tui.backends.catalog_cache import CatalogCache
from tui.backends.clicktime import checks, mapping, paging, wire, wire_periods
from tui.backends.clicktime.catalog import CATALOG_TTL, ClickTimeCatalog
from tui.backends.clicktime.change_checks import ClickTimeChangeChecks
from tui.backends.clicktime.errors import PermissionDeniedError, map_error
from tui.backends.clicktime.periods import ClickTimePeriods
from tui.backends.clicktime.running import ClickTimeTimer
from tui.backends.clicktime.time_off import ClickTimeTimeOff
from tui.backends.clicktime.timer import TimerStore, is_timer_id
from tui.backends.errors import AuthError, BackendError, NotFoundError, ValidationError
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
from tui.domain.time_off import TimeOff

if TYPE_CHECKING:
    from tui.backends.base import (
        Backend,
        ChecksChanges,
        ChecksFromCache,
        HasTerms,
        HasWorkspaceRules,
        TimeOffReader,
        TimesheetDetails,
        TimesheetPeriods,
    )

DEFAULT_BASE_URL = "https://api.clicktime.com/v2"
RATE_LIMIT = (10, 5.0)
"""At most 10 requests in any 5 s to the time entries, and as many to everything else: the
one (unverified) figure on record is for ``/TimeEntries``; the notes advise about 2 a second
overall, which this is on average."""
ALLOW_HTTP_HINT = "set CLICKTIME_ALLOW_HTTP=1"
_KEEP_ENTRIES = 5000
_SECOND = timedelta(seconds=1)


class ClickTimeBackend(
    ClickTimeCatalog, ClickTimePeriods, ClickTimeTimeOff, ClickTimeTimer, ClickTimeChangeChecks
):
    name: str = "clicktime"
    capabilities: Capabilities = mapping.capabilities()

    def __init__(
        self,
        token: str,
        base_url: str = DEFAULT_BASE_URL,
        *,
        tz: tzinfo = UTC,
        token_from_env: bool = False,
        allow_http: bool = False,
        via: WayIn | None = None,
        timer_path: Path | None = None,
        timeout: float = 20.0,
        rate_limit: tuple[int, float] = RATE_LIMIT,
        catalog_ttl: float = CATALOG_TTL,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        rng: Callable[[], float] = random.random,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        if not token.strip():
            raise AuthError(
                "No ClickTime token. Run `punch login clicktime` or set CLICKTIME_TOKEN."
            )
        secret = Secret(token.strip())
        self.base_url = check_base_url(
            via.base_url() if via else base_url, allow_insecure=allow_http, setting=ALLOW_HTTP_HINT
        )
        self.via = via
        self.tz = tz
        self._now = now
        header: httpx.Auth = HeaderAuth("Authorization", secret, "Token ")
        mapper: Callable[[httpx.Response], BackendError] = partial(
            map_error, token_from_env=token_from_env
        )
        if via is not None:  # the proxy holds ClickTime's token; ours is the proxy's
            header = ProxyAuth(secret, via.headers())
            mapper = proxy_errors(mapper, via)
        self.http = HttpClient(
            self.base_url,
            auth=header,
            service="ClickTime",
            error_mapper=mapper,
            # Shared with the profile's other punch processes (tabs of `punch serve`).
            limiter=rate_limiter(
                *rate_limit, scope=f"clicktime {self.base_url}", clock=clock, sleep=sleep
            ),
            limit_key=_limit_key,
            timeout=timeout,
            secret=secret,
            transport=transport,
            sleep=sleep,
            rng=rng,
        )
        self._flights: SingleFlight[Any] = SingleFlight()
        self._me_raw: wire.Me | None = None
        self._company_raw: tuple[wire.Company | None] | None = None
        self._client_cache: CatalogCache[wire.Client] = CatalogCache(ttl=catalog_ttl, clock=clock)
        self._job_cache: CatalogCache[wire.Job] = CatalogCache(ttl=catalog_ttl, clock=clock)
        self._task_cache: CatalogCache[wire.Task] = CatalogCache(ttl=catalog_ttl, clock=clock)
        self._pair_cache: CatalogCache[list[wire.TaskControl] | None] = CatalogCache(
            ttl=catalog_ttl, clock=clock
        )
        self._sheets: dict[date, wire_periods.Timesheet] = {}
        self._sheet_read: dict[date, float] = {}
        self._comments: dict[tuple[str, date | None], str] = {}
        self._time_off: dict[tuple[date, date], tuple[float, list[TimeOff]]] = {}
        self._clock = clock
        self._stopwatch_seen: tuple[float, wire_periods.Timer | None] | None = None
        self._raw: dict[str, wire.TimeEntry] = {}
        self._listed: set[date] = set()
        """Days whose entries were read: a lost create is recognised only among new ids."""
        self.timer = TimerStore(timer_path)

    def __repr__(self) -> str:
        return f"ClickTimeBackend({self.base_url!r})"

    async def aclose(self) -> None:
        await self.http.aclose()

    # ------------------------------------------------------------ who and where

    async def _me(self) -> wire.Me:
        if self._me_raw is None:
            self._me_raw = await self._flights.run("me", self._read_me)
        return self._me_raw

    async def _read_me(self) -> wire.Me:
        return wire.Me.model_validate(await paging.get_data(self.http, "/Me"))

    async def _company(self) -> wire.Company | None:
        """The company's settings; None where the user's security level may not read them
        (unverified for STANDARD users): then ClickTime's own checks are the only ones."""
        if self._company_raw is None:
            self._company_raw = (await self._flights.run("company", self._read_company),)
        return self._company_raw[0]

    async def _read_company(self) -> wire.Company | None:
        try:
            return wire.Company.model_validate(await paging.get_data(self.http, "/Company"))
        except PermissionDeniedError:
            return None

    async def company(self) -> wire.Company | None:
        """The company's terms and settings, for the layers above (None when unreadable)."""
        return await self._company()

    async def get_user(self) -> User:
        me, company = await asyncio.gather(self._me(), self._company())
        return mapping.user(me, company)

    async def list_workspaces(self) -> list[Workspace]:
        return [mapping.workspace(await self._company())]

    async def _workspace_id(self, workspace_id: str) -> str:
        ours = mapping.workspace_id(await self._company())
        if workspace_id != ours:
            raise NotFoundError(f"Your ClickTime token belongs to another company than {ours!r}.")
        return ours

    async def workspace_rules(self, workspace_id: str) -> WorkspaceRules:
        await self._workspace_id(workspace_id)
        me, company = await asyncio.gather(self._me(), self._company())
        return mapping.rules(me, company)

    # ------------------------------------------------------------ entries: helpers

    def _precision(self, company: wire.Company | None) -> int | None:
        return company.precision_for_hours_values if company else None

    def _keep(self, raw: wire.TimeEntry) -> None:
        """What a later PATCH is computed against, by entry id."""
        if len(self._raw) >= _KEEP_ENTRIES:
            self._raw.clear()
            self._listed.clear()
        self._raw[raw.id] = raw

    def _entry(self, data: Any, ws: str) -> TimeEntry:
        raw = wire.TimeEntry.model_validate(data)
        self._keep(raw)
        made = mapping.entry(raw, ws, self.tz)
        if made is None:
            raise BackendError("ClickTime sent back a time entry without a date or hours.")
        return made

    async def _prepare(self, ws: str, fields: EntryFields) -> EntryFields:
        """The entry as it will be sent, after every rule that can be checked here."""
        me, company = await asyncio.gather(self._me(), self._company())
        if not fields.project_id:
            raise ValidationError(
                f"ClickTime needs a {checks.term(company, 'job')} on every entry; choose one first."
            )
        checks.required(me, company, fields)
        checks.clock_span(me, fields, self.tz)
        jobs = await self._jobs(ws)
        allowed = {t.id for t in await self.list_tasks(ws, fields.project_id)}
        checks.job_task(company, fields, jobs, allowed)
        day = checks.local_day(fields, self.tz)
        checks.dated(company, day, self._now().astimezone(self.tz).date(), self._held_sheet(day))
        return checks.rounded(company, fields)

    async def _day_entries(self, day: date) -> list[wire.TimeEntry]:
        raw = await paging.paginate(
            self.http,
            "/Me/TimeEntries",
            {"StartDate": day.isoformat(), "EndDate": day.isoformat()},
            limit=paging.ENTRY_LIMIT,
        )
        return wire.parse_items(wire.TimeEntry, raw)

    async def _know_day(self, day: date) -> None:
        """Read the day's entries once before a create there, so that a create whose answer
        is lost can be told from an identical entry that was there before."""
        if day in self._listed:
            return
        for raw in await self._day_entries(day):
            self._keep(raw)
        self._listed.add(day)

    async def _before(self, entry_id: str) -> wire.TimeEntry:
        held = self._raw.get(entry_id)
        if held is not None:
            return held
        data = await paging.get_data(self.http, f"/Me/TimeEntries/{entry_id}")
        raw = wire.TimeEntry.model_validate(data)
        self._keep(raw)
        return raw

    # ------------------------------------------------------------ entries

    async def list_entries(
        self, workspace_id: str, start: datetime, end: datetime
    ) -> list[TimeEntry]:
        """Entries that overlap ``[start, end)``, the running timer included, by start."""
        ws = await self._workspace_id(workspace_id)
        if start >= end:
            return []
        first = start.astimezone(self.tz).date()
        last = (end - _SECOND).astimezone(self.tz).date()
        listed, _ = await asyncio.gather(
            paging.paginate(
                self.http,
                "/Me/TimeEntries",
                {"StartDate": first.isoformat(), "EndDate": last.isoformat()},
                limit=paging.ENTRY_LIMIT,
            ),
            self._sheets_quietly(first, last),
        )
        found: list[TimeEntry] = []
        self._listed.update(first + timedelta(days=n) for n in range((last - first).days + 1))
        for raw in wire.parse_items(wire.TimeEntry, listed):
            self._keep(raw)
            made = mapping.entry(raw, ws, self.tz)
            if made is None or made.start >= end:
                continue
            if made.end is None or made.end > start or made.start >= start:
                found.append(made)
        running = self.timer.current()
        if running is not None and running.fields.start < end:
            found.append(running.entry(ws))
        found.sort(key=lambda e: (e.start, e.id))
        return found

    async def _sheets_quietly(self, first: date, last: date) -> None:
        """The week's timesheets, for the checks before a write; a user whose timesheets
        cannot be read still gets the week (ClickTime checks the write itself)."""
        if self._sheets_fresh(first, last):
            return
        with contextlib.suppress(PermissionDeniedError, NotFoundError):
            await self._read_sheets(first, last)

    async def create_entry(self, workspace_id: str, fields: EntryFields) -> TimeEntry:
        """Add an entry; one without an end starts the (local) timer, stopping the running
        one where the new one starts."""
        ws = await self._workspace_id(workspace_id)
        if fields.end is None:
            return await self._start_timer(ws, fields)
        return await self._post(ws, await self._prepare(ws, fields))

    async def _post(self, ws: str, fields: EntryFields) -> TimeEntry:
        me, company = await asyncio.gather(self._me(), self._company())
        precision = self._precision(company)
        body = mapping.create_body(
            fields, self.tz, clock_times=mapping.wants_clock_times(me), precision=precision
        )
        await self._know_day(checks.local_day(fields, self.tz))
        known = set(self._raw)

        async def look() -> Found | None:
            for raw in await self._day_entries(checks.local_day(fields, self.tz)):
                if raw.id not in known and mapping.same_entry(raw, fields, self.tz, precision):
                    return Found({"data": raw.model_dump(by_alias=True, mode="json")})
            return None

        answer = await self.http.write("POST", "/Me/TimeEntries", body, look=look)
        return self._entry(paging.data_of(answer), ws)

    async def update_entry(self, entry: TimeEntry) -> TimeEntry:
        """Change the entry with a PATCH of only what differs (ClickTime's PATCH model has
        no date: a move to another day is a create, then a delete)."""
        ws = await self._workspace_id(entry.workspace_id)
        if is_timer_id(entry.id):
            return await self._update_timer(ws, entry)
        if entry.locked:
            raise ValidationError("This is ClickTime's stopwatch; stop it in ClickTime's app.")
        before = await self._before(entry.id)
        if entry.end is None:
            raise ValidationError("A saved ClickTime entry cannot run again; start a timer.")
        fields = await self._prepare(ws, entry.fields())
        if before.date is not None:  # the day it leaves must be open too
            checks.closed(await self._company(), before.date, self._held_sheet(before.date))
        if mapping.moves_day(before, fields, self.tz):
            made = await self._post(ws, fields)
            await self.delete_entry(ws, entry.id)
            return made
        me, company = await asyncio.gather(self._me(), self._company())
        precision = self._precision(company)
        body = mapping.patch_body(
            before,
            fields,
            self.tz,
            clock_times=mapping.wants_clock_times(me, before),
            precision=precision,
        )
        if not body:
            return self._entry(before.model_dump(by_alias=True, mode="json"), ws)
        path = f"/Me/TimeEntries/{entry.id}"

        async def look() -> Found | None:
            raw = wire.TimeEntry.model_validate(await paging.get_data(self.http, path))
            if mapping.same_entry(raw, fields, self.tz, precision):
                return Found({"data": raw.model_dump(by_alias=True, mode="json")})
            return None

        answer = await self.http.write("PATCH", path, body, look=look)
        return self._entry(paging.data_of(answer), ws)

    async def delete_entry(self, workspace_id: str, entry_id: str) -> None:
        await self._workspace_id(workspace_id)
        if is_timer_id(entry_id):
            running = self.timer.current()
            if running is None or running.id != entry_id:
                raise NotFoundError("That timer is no longer running.")
            self.timer.set(None)
            return
        held = self._raw.get(entry_id)
        if held is not None and held.date is not None:
            checks.closed(await self._company(), held.date, self._held_sheet(held.date))
        path = f"/Me/TimeEntries/{entry_id}"

        async def look() -> Found | None:
            try:
                await paging.get_data(self.http, path)
            except NotFoundError:
                return Found()
            return None

        answer = await self.http.write("DELETE", path, look=look)
        if isinstance(answer, dict):
            paging.data_of(answer)
        self._raw.pop(entry_id, None)


def _limit_key(path: str) -> str:
    """Entries are paced on their own: the one limit on record is theirs."""
    return "entries" if path.startswith("/Me/TimeEntries") else "other"


if TYPE_CHECKING:
    # Fails type checking, not a user, if the class drifts from the protocols.
    _conforms: type[Backend] = ClickTimeBackend
    _rules: type[HasWorkspaceRules] = ClickTimeBackend
    _periods: type[TimesheetPeriods] = ClickTimeBackend
    _details: type[TimesheetDetails] = ClickTimeBackend
    _terms: type[HasTerms] = ClickTimeBackend
    _time_off: type[TimeOffReader] = ClickTimeBackend
    _checks: type[ChecksChanges] = ClickTimeBackend
    _cached_checks: type[ChecksFromCache] = ClickTimeBackend
