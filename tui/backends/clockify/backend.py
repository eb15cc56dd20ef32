"""The Backend protocol over Clockify's REST API (core host, ``/api/v1``).

What it costs: the user and the workspaces are read once per session; a workspace's clients,
projects (hydrated, so their tasks come along) and tags are read once and then kept current
by this client's own writes, and read again after ``CATALOG_TTL`` seconds to pick up changes
made elsewhere. A week of entries is one request per 200 entries. Nothing is ever read once
per project or once per entry.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections.abc import Awaitable, Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any, Literal, TypeVar
from zoneinfo import ZoneInfo

import httpx

from tui.backends.clockify import mapping, wire
from tui.backends.clockify.errors import as_reference_error, map_error
from tui.backends.clockify.servers import DEFAULT_SERVER, server_url
from tui.backends.errors import AuthError, BackendError, NotFoundError, ValidationError
from tui.backends.http import (
    Found,
    HeaderAuth,
    HttpClient,
    RateLimiter,
    Secret,
    SingleFlight,
    check_base_url,
)
from tui.domain.models import (
    DEFAULT_PROJECT_COLOR,
    Capabilities,
    Client,
    EntryFields,
    Project,
    Tag,
    Task,
    TimeEntry,
    User,
    Workspace,
    WorkspaceRules,
)

if TYPE_CHECKING:
    from tui.backends.base import Backend

W = TypeVar("W", bound=wire.Wire)

PAGE_SIZE = 200
RATE_LIMIT = 45
"""Requests per second per workspace; Clockify's limit is 50."""
CATALOG_TTL = 120.0
"""Seconds a workspace's clients, projects, tasks and tags are served from memory."""
LOOKBACK = timedelta(days=1)
"""Clockify lists entries that *start* inside a window; one that began up to a day before it
and runs into it is found by starting the query this much earlier."""
ALLOW_HTTP_HINT = "set allow_http = true in the profile (or CLOCKIFY_ALLOW_HTTP=1)"
_KEEP_ENTRIES = 5000


@dataclass
class _Catalog:
    """One workspace's lists as last read, by id, with when each was read."""

    clients: dict[str, wire.Client] | None = None
    projects: dict[str, wire.Project] | None = None
    tasks: dict[str, dict[str, wire.Task]] = field(default_factory=dict)
    tags: dict[str, wire.Tag] | None = None
    read_at: dict[str, float] = field(default_factory=dict)


def _workspace_of(path: str) -> Hashable:
    """The rate limit is per workspace; calls outside one share a key."""
    parts = path.split("/")
    return parts[2] if len(parts) > 2 and parts[1] == "workspaces" else None


def _name(text: str, what: str, shortest: int = 1, longest: int = 1000) -> str:
    name = " ".join(text.split())
    if not name:
        raise ValidationError(f"A {what} needs a name.")
    if not shortest <= len(name) <= longest:
        raise ValidationError(f"Clockify needs {what} names of {shortest} to {longest} characters.")
    return name


def _sorted(items: Iterable[Any]) -> list[Any]:
    return sorted(items, key=lambda item: (item.name.casefold(), item.id))


class ClockifyBackend:
    name: str = "clockify"
    capabilities: Capabilities = Capabilities(
        billable=True,
        tags=True,
        clients=True,
        running_timer=True,
        submit_timesheet=False,
        create_workspaces=False,
        rates=True,
    )

    def __init__(
        self,
        api_key: str,
        base_url: str = DEFAULT_SERVER,
        *,
        auth: Literal["api-key", "bearer"] = "api-key",
        allow_http: bool = False,
        workspace_id: str | None = None,
        key_from_env: bool = False,
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
            server_url(base_url), allow_insecure=allow_http, setting=ALLOW_HTTP_HINT
        )
        header = (
            HeaderAuth("Authorization", secret, "Bearer ")
            if auth == "bearer"
            else HeaderAuth("X-Api-Key", secret)
        )
        self.base_url = url
        self.workspace_id = workspace_id
        self._clock = clock
        self._ttl = catalog_ttl
        self.http = HttpClient(
            url,
            auth=header,
            service="Clockify",
            error_mapper=partial(map_error, key_from_env=key_from_env),
            limiter=RateLimiter(rate_limit, 1.0, clock=clock, sleep=sleep),
            limit_key=_workspace_of,
            timeout=timeout,
            secret=secret,
            transport=transport,
            sleep=sleep,
            rng=rng,
        )
        self._flights: SingleFlight[Any] = SingleFlight()
        self._user: wire.User | None = None
        self._workspaces: list[wire.Workspace] | None = None
        self._catalogs: dict[str, _Catalog] = {}
        self._entries: dict[str, wire.TimeEntry] = {}

    def __repr__(self) -> str:
        return f"ClockifyBackend({self.base_url!r})"

    @property
    def server_time_offset(self) -> float | None:
        """Clockify's clock minus ours (seconds), for timers that count on the server's time."""
        return self.http.server_time_offset

    async def aclose(self) -> None:
        await self.http.aclose()

    # ------------------------------------------------------------ user and workspaces

    async def _me(self) -> wire.User:
        if self._user is None:
            self._user = await self._flights.run("user", self._read_user)
        return self._user

    async def _read_user(self) -> wire.User:
        return wire.User.model_validate(await self.http.get_json("/user"))

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
        return [wire.Workspace.model_validate(item) for item in raw or ()]

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

    async def create_workspace(self, name: str) -> Workspace:
        raise BackendError("Clockify workspaces are created on clockify.me; punch opens them.")

    async def rename_workspace(self, workspace_id: str, name: str) -> Workspace:
        raise BackendError("Clockify workspaces are renamed on clockify.me, not here.")

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

    # ------------------------------------------------------------ catalog plumbing

    def _catalog(self, workspace_id: str) -> _Catalog:
        return self._catalogs.setdefault(workspace_id, _Catalog())

    def _fresh(self, catalog: _Catalog, kind: str) -> bool:
        read = catalog.read_at.get(kind)
        return read is not None and self._clock() - read < self._ttl

    async def _list(
        self, path: str, model: type[W], params: dict[str, Any] | None = None
    ) -> list[W]:
        raw = await self.http.paginate(path, params, page_size=PAGE_SIZE)
        return [model.model_validate(item) for item in raw]

    async def _clients(self, ws: str) -> dict[str, wire.Client]:
        catalog = self._catalog(ws)
        if catalog.clients is None or not self._fresh(catalog, "clients"):
            found = await self._flights.run(
                ("clients", ws), lambda: self._list(f"/workspaces/{ws}/clients", wire.Client)
            )
            catalog.clients = {c.id: c for c in found}
            catalog.read_at["clients"] = self._clock()
        return catalog.clients

    async def _projects(self, ws: str) -> dict[str, wire.Project]:
        catalog = self._catalog(ws)
        if catalog.projects is None or not self._fresh(catalog, "projects"):
            found = await self._flights.run(
                ("projects", ws),
                lambda: self._list(f"/workspaces/{ws}/projects", wire.Project, {"hydrated": True}),
            )
            catalog.projects = {p.id: p for p in found}
            catalog.tasks = {p.id: {t.id: t for t in p.tasks or ()} for p in found}
            catalog.read_at["projects"] = self._clock()
        return catalog.projects

    async def _tags(self, ws: str) -> dict[str, wire.Tag]:
        catalog = self._catalog(ws)
        if catalog.tags is None or not self._fresh(catalog, "tags"):
            found = await self._flights.run(
                ("tags", ws), lambda: self._list(f"/workspaces/{ws}/tags", wire.Tag)
            )
            catalog.tags = {t.id: t for t in found}
            catalog.read_at["tags"] = self._clock()
        return catalog.tags

    async def _create(self, path: str, body: dict[str, Any], model: type[W], name: str) -> W:
        """POST a named thing; after an unclear answer, look it up by name first."""

        async def look() -> Found | None:
            found = await self.http.page(path, {"name": name, "page": 1, "page-size": PAGE_SIZE})
            for item in found.items:
                if isinstance(item, dict) and item.get("name") == name:
                    return Found(item)
            return None

        return model.model_validate(await self.http.write("POST", path, body, look=look))

    # ------------------------------------------------------------ clients

    async def list_clients(self, workspace_id: str) -> list[Client]:
        clients = await self._clients(workspace_id)
        return [mapping.client(c, workspace_id) for c in _sorted(clients.values())]

    async def create_client(self, workspace_id: str, name: str) -> Client:
        name = _name(name, "client", 1, 100)
        raw = await self._create(
            f"/workspaces/{workspace_id}/clients", {"name": name}, wire.Client, name
        )
        if (clients := self._catalog(workspace_id).clients) is not None:
            clients[raw.id] = raw
        return mapping.client(raw, workspace_id)

    async def update_client(self, client: Client) -> Client:
        ws = client.workspace_id
        name = _name(client.name, "client", 1, 100)
        known = (self._catalog(ws).clients or {}).get(client.id)
        body: dict[str, Any] = {"name": name, "archived": client.archived}
        if known is not None:  # a PUT replaces: send back what punchcard does not edit
            body.update(
                {
                    k: v
                    for k, v in (
                        ("address", known.address),
                        ("note", known.note),
                        ("email", known.email),
                    )
                    if v
                }
            )
        raw = wire.Client.model_validate(
            await self.http.write("PUT", f"/workspaces/{ws}/clients/{client.id}", body)
        )
        if (clients := self._catalog(ws).clients) is not None:
            clients[raw.id] = raw
        return mapping.client(raw, ws)

    # ------------------------------------------------------------ projects

    async def list_projects(self, workspace_id: str) -> list[Project]:
        projects = await self._projects(workspace_id)
        return [mapping.project(p, workspace_id) for p in _sorted(projects.values())]

    async def create_project(
        self,
        workspace_id: str,
        name: str,
        client_id: str | None = None,
        color: str | None = None,
        billable: bool = False,
    ) -> Project:
        name = _name(name, "project", 2, 250)
        body: dict[str, Any] = {"name": name, "billable": billable}
        body["color"] = _color(color) if color else DEFAULT_PROJECT_COLOR
        if client_id:
            body["clientId"] = client_id
        try:
            raw = await self._create(
                f"/workspaces/{workspace_id}/projects", body, wire.Project, name
            )
        except NotFoundError as err:
            raise as_reference_error(err, "project") from None
        catalog = self._catalog(workspace_id)
        if catalog.projects is not None:
            catalog.projects[raw.id] = raw
            catalog.tasks.setdefault(raw.id, {})
        return mapping.project(raw, workspace_id)

    async def update_project(self, project: Project) -> Project:
        ws = project.workspace_id
        known = (self._catalog(ws).projects or {}).get(project.id)
        body: dict[str, Any] = {
            "name": _name(project.name, "project", 2, 250),
            "clientId": project.client_id or "",
            "color": _color(project.color),
            "billable": project.billable,
            "archived": project.archived,
        }
        if known is not None:  # a PUT replaces: send back what punchcard does not edit
            if known.public is not None:
                body["isPublic"] = known.public
            if known.note:
                body["note"] = known.note
        try:
            raw = wire.Project.model_validate(
                await self.http.write("PUT", f"/workspaces/{ws}/projects/{project.id}", body)
            )
        except NotFoundError as err:
            raise as_reference_error(err, "project") from None
        catalog = self._catalog(ws)
        if catalog.projects is not None:
            catalog.projects[raw.id] = raw.model_copy(update={"tasks": None})
        return mapping.project(raw, ws)

    # ------------------------------------------------------------ tasks

    async def list_tasks(self, workspace_id: str, project_id: str | None = None) -> list[Task]:
        """Tasks of one project (one paged list), or of every project, which come with the
        hydrated project list: never one request per project."""
        catalog = self._catalog(workspace_id)
        if project_id is None:
            projects = await self._projects(workspace_id)
            order = {pid: n for n, pid in enumerate(p.id for p in _sorted(projects.values()))}
            pairs = [
                (pid, task)
                for pid, tasks in catalog.tasks.items()
                for task in _sorted(tasks.values())
            ]
            pairs.sort(key=lambda pair: order.get(pair[0], len(order)))
            return [mapping.task(task, pid) for pid, task in pairs]
        found = await self._list(
            f"/workspaces/{workspace_id}/projects/{project_id}/tasks", wire.Task
        )
        catalog.tasks[project_id] = {t.id: t for t in found}
        return [mapping.task(t, project_id) for t in _sorted(found)]

    async def create_task(self, workspace_id: str, project_id: str, name: str) -> Task:
        name = _name(name, "task", 1, 1000)
        raw = await self._create(
            f"/workspaces/{workspace_id}/projects/{project_id}/tasks",
            {"name": name},
            wire.Task,
            name,
        )
        self._catalog(workspace_id).tasks.setdefault(project_id, {})[raw.id] = raw
        return mapping.task(raw, project_id)

    async def update_task(self, workspace_id: str, task: Task) -> Task:
        tasks = self._catalog(workspace_id).tasks.setdefault(task.project_id, {})
        known = tasks.get(task.id)
        body: dict[str, Any] = {
            "name": _name(task.name, "task", 1, 1000),
            "status": "DONE" if task.done else "ACTIVE",
        }
        if known is not None:  # a PUT replaces: send back what punchcard does not edit
            if known.billable is not None:
                body["billable"] = known.billable
            if known.assignee_ids:
                body["assigneeIds"] = known.assignee_ids
            if known.user_group_ids:
                body["userGroupIds"] = known.user_group_ids
        path = f"/workspaces/{workspace_id}/projects/{task.project_id}/tasks/{task.id}"
        raw = wire.Task.model_validate(await self.http.write("PUT", path, body))
        tasks[raw.id] = raw
        return mapping.task(raw, task.project_id)

    # ------------------------------------------------------------ tags

    async def list_tags(self, workspace_id: str) -> list[Tag]:
        tags = await self._tags(workspace_id)
        return [mapping.tag(t, workspace_id) for t in _sorted(tags.values())]

    async def create_tag(self, workspace_id: str, name: str) -> Tag:
        name = _name(name, "tag", 1, 100)
        raw = await self._create(f"/workspaces/{workspace_id}/tags", {"name": name}, wire.Tag, name)
        if (tags := self._catalog(workspace_id).tags) is not None:
            tags[raw.id] = raw
        return mapping.tag(raw, workspace_id)

    async def update_tag(self, tag: Tag) -> Tag:
        ws = tag.workspace_id
        body = {"name": _name(tag.name, "tag", 1, 100), "archived": tag.archived}
        raw = wire.Tag.model_validate(
            await self.http.write("PUT", f"/workspaces/{ws}/tags/{tag.id}", body)
        )
        if (tags := self._catalog(ws).tags) is not None:
            tags[raw.id] = raw
        return mapping.tag(raw, ws)

    # ------------------------------------------------------------ time entries

    def _entries_path(self, workspace_id: str, me: wire.User) -> str:
        return f"/workspaces/{workspace_id}/user/{me.id}/time-entries"

    def _keep(self, raw: wire.TimeEntry) -> None:
        """What a PUT must send back unchanged (type, custom fields), by entry id."""
        if len(self._entries) >= _KEEP_ENTRIES:
            self._entries.clear()
        self._entries[raw.id] = raw

    def _entry(self, data: Any, workspace_id: str) -> TimeEntry:
        raw = wire.TimeEntry.model_validate(data)
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
        for raw in await self._window(workspace_id, start - LOOKBACK, end):
            self._keep(raw)
            made = mapping.entry(raw, workspace_id)
            if made is None or made.start >= end:
                continue
            if made.end is None or made.end > start or made.start >= start:
                found.append(made)
        found.sort(key=lambda e: (e.start, e.id))
        return found

    async def running_entry(self, workspace_id: str) -> TimeEntry | None:
        me = await self._me()
        page = await self.http.page(
            self._entries_path(workspace_id, me),
            {"in-progress": True, "page": 1, "page-size": 1},
        )
        for item in page.items:
            made = self._entry(item, workspace_id)
            if made.end is None:
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
        if entry.locked:
            raise ValidationError("This entry is locked in Clockify and cannot be changed.")
        await self._check_rules(ws, entry)
        path = f"/workspaces/{ws}/time-entries/{entry.id}"
        fields = entry.fields()

        async def look() -> Found | None:
            raw = wire.TimeEntry.model_validate(await self.http.get_json(path))
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

        async def look() -> Found | None:
            try:
                await self.http.get_json(path)
            except NotFoundError:
                return Found()
            return None

        await self.http.write("DELETE", path, look=look)
        self._entries.pop(entry_id, None)


def _color(value: str) -> str:
    if len(value) == 7 and value.startswith("#"):
        try:
            int(value[1:], 16)
        except ValueError:
            pass
        else:
            return value
    raise ValidationError(f"{value!r} is not a colour like #5a9bd5.")


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


if TYPE_CHECKING:
    # Fails type checking, not a user, if the class drifts from the protocol.
    _conforms: type[Backend] = ClockifyBackend
