"""Clockify's clients, projects, tasks and tags: reads served from a ``CatalogCache`` per
kind, kept current by this client's own writes. A mixin of ``ClockifyBackend``.

A workspace's projects are read hydrated, so their tasks come along: never one request per
project. A PUT replaces the whole object, so each update sends back what punchcard does not
edit, from the last read.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from tui.backends.catalog_cache import CatalogCache
from tui.backends.clockify import mapping, paging, wire
from tui.backends.clockify.errors import as_reference_error
from tui.backends.errors import NotFoundError, ValidationError, notices
from tui.backends.http import Found, HttpClient
from tui.backends.pacing import SingleFlight
from tui.domain.models import DEFAULT_PROJECT_COLOR, Client, Project, Tag, Task

W = TypeVar("W", bound=wire.Wire)


def clean_name(text: str, what: str, shortest: int = 1, longest: int = 1000) -> str:
    name = " ".join(text.split())
    if not name:
        raise ValidationError(f"A {what} needs a name.")
    if not shortest <= len(name) <= longest:
        raise ValidationError(f"Clockify needs {what} names of {shortest} to {longest} characters.")
    return name


def _shown_path(path: str) -> str:
    """The kind of list, without ids: ``/workspaces/…/time-entries`` says time entries."""
    return path.rstrip("/").rsplit("/", 1)[-1].replace("-", " ")


def by_name(items: Iterable[Any]) -> list[Any]:
    return sorted(items, key=lambda item: (item.name.casefold(), item.id))


def checked_color(value: str) -> str:
    if len(value) == 7 and value.startswith("#"):
        try:
            int(value[1:], 16)
        except ValueError:
            pass
        else:
            return value
    raise ValidationError(f"{value!r} is not a colour like #5a9bd5.")


class ClockifyCatalog:
    if TYPE_CHECKING:
        http: HttpClient
        _flights: SingleFlight[Any]
        _client_cache: CatalogCache[wire.Client]
        _project_cache: CatalogCache[wire.Project]
        _task_cache: CatalogCache[dict[str, wire.Task]]
        """Tasks by project id, then by task id; read along with the projects."""
        _tag_cache: CatalogCache[wire.Tag]

        async def _all_workspaces(self) -> list[wire.Workspace]: ...

    async def _list(
        self, path: str, model: type[W], params: dict[str, Any] | None = None
    ) -> list[W]:
        """Every readable item; one the service sent in the wrong shape (no id, not an
        object) is skipped and reported, so one bad item never hides all the others."""
        found: list[W] = []
        skipped = 0
        for item in await self.http.get_all(path, params):
            try:
                found.append(model.read(item))
            except wire.WrongShapeError:
                skipped += 1
        if skipped:
            notices.warning(
                "Clockify sent %d item%s of %s that punch cannot read; skipped",
                skipped,
                "" if skipped == 1 else "s",
                _shown_path(path),
            )
        return found

    async def _clients(self, ws: str) -> dict[str, wire.Client]:
        held = self._client_cache.fresh(ws)
        if held is None:
            found = await self._flights.run(
                ("clients", ws), lambda: self._list(f"/workspaces/{ws}/clients", wire.Client)
            )
            held = self._client_cache.fill(ws, {c.id: c for c in found})
        return held

    async def _projects(self, ws: str) -> dict[str, wire.Project]:
        held = self._project_cache.fresh(ws)
        if held is None:
            found = await self._flights.run(
                ("projects", ws),
                lambda: self._list(f"/workspaces/{ws}/projects", wire.Project, {"hydrated": True}),
            )
            held = self._project_cache.fill(ws, {p.id: p for p in found})
            self._task_cache.fill(ws, {p.id: {t.id: t for t in p.tasks or ()} for p in found})
        return held

    async def _tags(self, ws: str) -> dict[str, wire.Tag]:
        held = self._tag_cache.fresh(ws)
        if held is None:
            found = await self._flights.run(
                ("tags", ws), lambda: self._list(f"/workspaces/{ws}/tags", wire.Tag)
            )
            held = self._tag_cache.fill(ws, {t.id: t for t in found})
        return held

    async def _create(self, path: str, body: dict[str, Any], model: type[W], name: str) -> W:
        """POST a named thing; after an unclear answer, look it up by name first."""

        async def look() -> Found | None:
            query = {"name": name, "page": 1, "page-size": paging.PAGE_SIZE}
            for item in (await paging.page(self.http, path, query)).items:
                if isinstance(item, dict) and item.get("name") == name:
                    return Found(item)
            return None

        return model.read(await self.http.write("POST", path, body, look=look))

    def forget_catalog(self, workspace_id: str) -> None:
        """Read the workspace's lists afresh next time (``ForgetsCatalog``)."""
        for cache in (self._client_cache, self._project_cache, self._task_cache, self._tag_cache):
            cache.invalidate(workspace_id)

    # ------------------------------------------------------------ clients

    async def list_clients(self, workspace_id: str) -> list[Client]:
        clients = await self._clients(workspace_id)
        return [mapping.client(c, workspace_id) for c in by_name(clients.values())]

    async def create_client(self, workspace_id: str, name: str) -> Client:
        name = clean_name(name, "client", 1, 100)
        raw = await self._create(
            f"/workspaces/{workspace_id}/clients", {"name": name}, wire.Client, name
        )
        self._client_cache.put(workspace_id, raw.id, raw)
        return mapping.client(raw, workspace_id)

    async def update_client(self, client: Client) -> Client:
        ws = client.workspace_id
        name = clean_name(client.name, "client", 1, 100)
        known = self._client_cache.held(ws).get(client.id)
        body: dict[str, Any] = {"name": name, "archived": client.archived}
        if known is not None:  # a PUT replaces: send back what punchcard does not edit
            kept = (("address", known.address), ("note", known.note), ("email", known.email))
            body.update({k: v for k, v in kept if v})
        raw = wire.Client.read(
            await self.http.write("PUT", f"/workspaces/{ws}/clients/{client.id}", body)
        )
        self._client_cache.put(ws, raw.id, raw)
        return mapping.client(raw, ws)

    # ------------------------------------------------------------ projects

    async def list_projects(self, workspace_id: str) -> list[Project]:
        projects = await self._projects(workspace_id)
        return [mapping.project(p, workspace_id) for p in by_name(projects.values())]

    async def create_project(
        self,
        workspace_id: str,
        name: str,
        client_id: str | None = None,
        color: str | None = None,
        billable: bool = False,
    ) -> Project:
        name = clean_name(name, "project", 2, 250)
        body: dict[str, Any] = {"name": name, "billable": billable}
        body["color"] = checked_color(color) if color else DEFAULT_PROJECT_COLOR
        if client_id:
            body["clientId"] = client_id
        try:
            raw = await self._create(
                f"/workspaces/{workspace_id}/projects", body, wire.Project, name
            )
        except NotFoundError as err:
            raise as_reference_error(err, "project") from None
        self._project_cache.put(workspace_id, raw.id, raw)
        self._task_cache.held(workspace_id).setdefault(raw.id, {})
        return mapping.project(raw, workspace_id)

    async def update_project(self, project: Project) -> Project:
        ws = project.workspace_id
        known = self._project_cache.held(ws).get(project.id)
        body: dict[str, Any] = {
            "name": clean_name(project.name, "project", 2, 250),
            "clientId": project.client_id or "",
            "color": checked_color(project.color),
            "billable": project.billable,
            "archived": project.archived,
        }
        if known is not None:  # a PUT replaces: send back what punchcard does not edit
            if known.public is not None:
                body["isPublic"] = known.public
            if known.note:
                body["note"] = known.note
        try:
            raw = wire.Project.read(
                await self.http.write("PUT", f"/workspaces/{ws}/projects/{project.id}", body)
            )
        except NotFoundError as err:
            raise as_reference_error(err, "project") from None
        self._project_cache.put(ws, raw.id, raw.model_copy(update={"tasks": None}))
        return mapping.project(raw, ws)

    # ------------------------------------------------------------ tasks

    async def list_tasks(self, workspace_id: str, project_id: str | None = None) -> list[Task]:
        """Tasks of one project (one paged list), or of every project, which come with the
        hydrated project list: never one request per project."""
        if project_id is None:
            projects = await self._projects(workspace_id)
            order = {pid: n for n, pid in enumerate(p.id for p in by_name(projects.values()))}
            pairs = [
                (pid, task)
                for pid, tasks in self._task_cache.held(workspace_id).items()
                for task in by_name(tasks.values())
            ]
            pairs.sort(key=lambda pair: order.get(pair[0], len(order)))
            return [mapping.task(task, pid) for pid, task in pairs]
        found = await self._list(
            f"/workspaces/{workspace_id}/projects/{project_id}/tasks", wire.Task
        )
        self._task_cache.put(workspace_id, project_id, {t.id: t for t in found})
        return [mapping.task(t, project_id) for t in by_name(found)]

    async def create_task(self, workspace_id: str, project_id: str, name: str) -> Task:
        name = clean_name(name, "task", 1, 1000)
        raw = await self._create(
            f"/workspaces/{workspace_id}/projects/{project_id}/tasks",
            {"name": name},
            wire.Task,
            name,
        )
        made = mapping.task(raw, project_id)
        # Filed under the project the answer names: the one an update will look it up by.
        self._task_cache.held(workspace_id).setdefault(made.project_id, {})[raw.id] = raw
        return made

    async def _workspace_of_project(self, project_id: str) -> str:
        """The workspace a project is in: from what was read, else by reading."""
        workspaces = [w.id for w in await self._all_workspaces()]
        for ws in workspaces:
            if project_id in self._task_cache.held(ws) or project_id in self._project_cache.held(
                ws
            ):
                return ws
        for ws in workspaces:
            if project_id in await self._projects(ws):
                return ws
        raise NotFoundError(f"There is no project with id {project_id!r}.")

    async def update_task(self, task: Task) -> Task:
        ws = await self._workspace_of_project(task.project_id)
        tasks = self._task_cache.held(ws).setdefault(task.project_id, {})
        known = tasks.get(task.id)
        body: dict[str, Any] = {
            "name": clean_name(task.name, "task", 1, 1000),
            "status": "DONE" if task.done else "ACTIVE",
        }
        if known is not None:  # a PUT replaces: send back what punchcard does not edit
            if known.billable is not None:
                body["billable"] = known.billable
            if known.assignee_ids:
                body["assigneeIds"] = known.assignee_ids
            if known.user_group_ids:
                body["userGroupIds"] = known.user_group_ids
        path = f"/workspaces/{ws}/projects/{task.project_id}/tasks/{task.id}"
        raw = wire.Task.read(await self.http.write("PUT", path, body))
        tasks[raw.id] = raw
        return mapping.task(raw, task.project_id)

    # ------------------------------------------------------------ tags

    async def list_tags(self, workspace_id: str) -> list[Tag]:
        tags = await self._tags(workspace_id)
        return [mapping.tag(t, workspace_id) for t in by_name(tags.values())]

    async def create_tag(self, workspace_id: str, name: str) -> Tag:
        name = clean_name(name, "tag", 1, 100)
        raw = await self._create(f"/workspaces/{workspace_id}/tags", {"name": name}, wire.Tag, name)
        self._tag_cache.put(workspace_id, raw.id, raw)
        return mapping.tag(raw, workspace_id)

    async def update_tag(self, tag: Tag) -> Tag:
        ws = tag.workspace_id
        body = {"name": clean_name(tag.name, "tag", 1, 100), "archived": tag.archived}
        raw = wire.Tag.read(await self.http.write("PUT", f"/workspaces/{ws}/tags/{tag.id}", body))
        self._tag_cache.put(ws, raw.id, raw)
        return mapping.tag(raw, ws)
