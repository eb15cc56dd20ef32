"""ClickTime's clients, jobs (projects) and tasks: read once, served from a ``CatalogCache``
for ``CATALOG_TTL`` seconds, then read again. A mixin of ``ClickTimeBackend``.

Tasks are company-wide; where the company restricts them by job (``TaskRestrictionMethod =
byjob``) the allowed pairs come from one paged ``GET /Me/Jobs/TaskControls`` — never one
request per job. Each allowed (job, task) pair is one domain task (``mapping.task_key``).
ClickTime has no tags, and punchcard creates no jobs, tasks or clients there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.backends.catalog_cache import CatalogCache
from tui.backends.clicktime import mapping, paging, wire
from tui.backends.http import HttpClient
from tui.backends.pacing import SingleFlight
from tui.domain.models import Client, Project, Tag, Task

CATALOG_TTL = 300.0
"""Seconds the catalog is served from memory: jobs change rarely, and every read counts
against a rate limit nobody has published."""


def _by_name(items: list[Any]) -> list[Any]:
    return sorted(items, key=lambda item: (item.name.casefold(), item.id))


class ClickTimeCatalog:
    if TYPE_CHECKING:
        http: HttpClient
        _flights: SingleFlight[Any]
        _client_cache: CatalogCache[wire.Client]
        _job_cache: CatalogCache[wire.Job]
        _task_cache: CatalogCache[wire.Task]
        _pair_cache: CatalogCache[list[wire.TaskControl] | None]

        async def _workspace_id(self, workspace_id: str) -> str: ...
        async def _company(self) -> wire.Company | None: ...

    async def _list(self, path: str, model: type[wire.W], **params: Any) -> list[wire.W]:
        return wire.parse_items(model, await paging.paginate(self.http, path, params))

    async def _clients(self, ws: str) -> dict[str, wire.Client]:
        held = self._client_cache.fresh(ws)
        if held is None:
            found = await self._flights.run(
                ("clients", ws), lambda: self._list("/Me/Clients", wire.Client)
            )
            held = self._client_cache.fill(ws, {c.id: c for c in found})
        return held

    async def _jobs(self, ws: str) -> dict[str, wire.Job]:
        held = self._job_cache.fresh(ws)
        if held is None:
            found = await self._flights.run(("jobs", ws), lambda: self._list("/Me/Jobs", wire.Job))
            held = self._job_cache.fill(ws, {j.id: j for j in found})
        return held

    async def _tasks(self, ws: str) -> dict[str, wire.Task]:
        held = self._task_cache.fresh(ws)
        if held is None:
            found = await self._flights.run(
                ("tasks", ws), lambda: self._list("/Me/Tasks", wire.Task)
            )
            held = self._task_cache.fill(ws, {t.id: t for t in found})
        return held

    async def _pairs(self, ws: str) -> list[wire.TaskControl] | None:
        """The allowed (job, task) pairs, or None where the company does not restrict tasks
        by job (then the endpoint answers 403 and is not asked)."""
        held = self._pair_cache.fresh(ws)
        if held is None:
            company = await self._company()
            method = (company.task_restriction_method if company else None) or ""
            pairs: list[wire.TaskControl] | None = None
            if method.strip().lower() == "byjob":
                pairs = await self._flights.run(
                    ("pairs", ws), lambda: self._list("/Me/Jobs/TaskControls", wire.TaskControl)
                )
            self._pair_cache.fill(ws, {"pairs": pairs})
            return pairs
        return held.get("pairs")

    async def list_clients(self, workspace_id: str) -> list[Client]:
        ws = await self._workspace_id(workspace_id)
        clients = await self._clients(ws)
        return [mapping.client(c, ws) for c in _by_name(list(clients.values()))]

    async def list_projects(self, workspace_id: str) -> list[Project]:
        ws = await self._workspace_id(workspace_id)
        jobs = await self._jobs(ws)
        return [mapping.project(j, ws) for j in _by_name(list(jobs.values()))]

    async def list_tasks(self, workspace_id: str, project_id: str | None = None) -> list[Task]:
        """Every allowed (job, task) pair of the user's jobs, or of one job."""
        ws = await self._workspace_id(workspace_id)
        jobs = await self._jobs(ws)
        tasks = await self._tasks(ws)
        pairs = await self._pairs(ws)
        chosen = [jobs[project_id]] if project_id in jobs else [] if project_id else None
        ordered = _by_name(list(jobs.values())) if chosen is None else chosen
        made = mapping.job_tasks(ordered, _by_name(list(tasks.values())), pairs)
        return made

    async def list_tags(self, workspace_id: str) -> list[Tag]:
        await self._workspace_id(workspace_id)
        return []

    async def _task_allowed(self, ws: str, job_id: str, task_key: str) -> bool:
        """Whether the domain task names a pair the user may book (from the cache)."""
        return any(t.id == task_key for t in await self.list_tasks(ws, job_id))
