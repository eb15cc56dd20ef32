"""The fake Clockify's endpoints: one function per route, over ``State``.

Routes are the core-host paths below ``/api/v1``. Lists are bare arrays paged with ``page`` and
``page-size`` and carry a ``Last-Page`` header (in the letter case the server is set to, or
none at all); ``archived`` left out lists archived and active things alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.clockify import approvals
from tests.fakes.clockify.approvals import LOCKED
from tests.fakes.clockify.state import (
    USER_ID,
    Answer,
    Entry,
    Space,
    State,
    error,
    missing,
    parse_time,
)

Query = dict[str, list[str]]


@dataclass
class Reply:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Options:
    """How this server differs from another: the header spelling of ``Last-Page``."""

    last_page_header: str | None = "Last-Page"


def _one(query: Query, name: str) -> str | None:
    values = query.get(name)
    return values[0] if values else None


def _flag(query: Query, name: str) -> bool | None:
    value = _one(query, name)
    return None if value is None else value.lower() in {"true", "1"}


def paged(items: list[Any], query: Query, options: Options) -> Reply:
    try:
        page = int(_one(query, "page") or 1)
        size = int(_one(query, "page-size") or 50)
    except ValueError:
        return Reply(*error(400, "Method parameter 'page-size': Failed to convert value", 3000))
    size = max(1, min(size, 5000))
    chunk = items[(page - 1) * size : page * size]
    headers = {}
    if options.last_page_header:
        headers[options.last_page_header] = "true" if page * size >= len(items) else "false"
    return Reply(200, chunk, headers)


def _archived(items: list[dict[str, Any]], query: Query) -> list[dict[str, Any]]:
    wanted = _flag(query, "archived")
    return [i for i in items if wanted is None or bool(i.get("archived")) == wanted]


def _named(items: list[dict[str, Any]], query: Query) -> list[dict[str, Any]]:
    name = _one(query, "name")
    if not name:
        return items
    if _flag(query, "strict-name-search"):
        return [i for i in items if i["name"] == name]
    return [i for i in items if name.casefold() in i["name"].casefold()]


def _clash(items: list[dict[str, Any]], name: str, skip: str | None = None) -> bool:
    return any(i["name"].casefold() == name.casefold() and i["id"] != skip for i in items)


def _by_name(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(items, key=lambda i: (i["name"].casefold(), i["id"]))


# ---------------------------------------------------------------- catalog


def clients(
    state: State,
    space: Space,
    method: str,
    cid: str | None,
    query: Query,
    body: Any,
    options: Options,
) -> Reply:
    if method == "GET" and cid is None:
        found = _named(_archived(_by_name(list(space.clients.values())), query), query)
        return paged([state.client_json(space, c) for c in found], query, options)
    if method == "POST" and cid is None:
        name = str(body.get("name") or "").strip()
        if not name:
            return Reply(*error(400, "Client name can't be empty"))
        if _clash(list(space.clients.values()), name):
            return Reply(*error(400, f"Client with name '{name}' already exists"))
        new = state.add_client(space, name)
        return Reply(201, state.client_json(space, space.clients[new]))
    client = space.clients.get(cid or "")
    if client is None:
        return Reply(*missing("Client"))
    if method == "GET":
        return Reply(200, state.client_json(space, client))
    if method == "PUT":
        name = str(body.get("name") or "").strip()
        if not name:
            return Reply(*error(400, "Client name can't be empty"))
        if _clash(list(space.clients.values()), name, skip=client["id"]):
            return Reply(*error(400, f"Client with name '{name}' already exists"))
        client.update(name=name, archived=bool(body.get("archived", False)))
        return Reply(200, state.client_json(space, client))
    return Reply(*error(405, f"Request method '{method}' is not supported", 3000))


def projects(
    state: State,
    space: Space,
    method: str,
    pid: str | None,
    query: Query,
    body: Any,
    options: Options,
) -> Reply:
    hydrated = bool(_flag(query, "hydrated"))
    if method == "GET" and pid is None:
        found = _named(_archived(_by_name(list(space.projects.values())), query), query)
        return paged([state.project_json(space, p, hydrated) for p in found], query, options)
    if method in {"POST", "PUT"}:
        if method == "POST" and space.settings.get("onlyAdminsCreateProject") and not space.admin:
            return Reply(*error(403, "Only admins can create projects", 403))
        name = str(body.get("name") or "").strip()
        if not 2 <= len(name) <= 250:
            return Reply(*error(400, "Project name has to be between 2 and 250 characters long"))
        client_id = body.get("clientId") or ""
        if client_id and client_id not in space.clients:
            return Reply(*missing("Client"))
        same_client = [p for p in space.projects.values() if p["clientId"] == client_id]
        if pid is not None and pid not in space.projects:
            return Reply(*missing("Project"))
        if _clash(same_client, name, skip=pid):
            return Reply(*error(400, "Project with this name already exists"))
        if pid is None:
            pid = state.add_project(
                space, name, client_id, bool(body.get("billable")), body.get("color") or "#03a9f4"
            )
            space.projects[pid]["public"] = bool(body.get("isPublic", False))
            return Reply(201, state.project_json(space, space.projects[pid], False))
        space.projects[pid].update(
            name=name,
            clientId=client_id,
            color=body.get("color") or space.projects[pid]["color"],
            billable=bool(body.get("billable", False)),
            archived=bool(body.get("archived", False)),
            public=bool(body.get("isPublic", False)),
            note=body.get("note") or "",
        )
    project = space.projects.get(pid or "")
    if project is None:
        return Reply(*missing("Project"))
    if method in {"GET", "PUT"}:
        return Reply(200, state.project_json(space, project, hydrated))
    return Reply(*error(405, f"Request method '{method}' is not supported", 3000))


def tasks(
    state: State,
    space: Space,
    method: str,
    pid: str,
    tid: str | None,
    query: Query,
    body: Any,
    options: Options,
) -> Reply:
    if pid not in space.projects:
        return Reply(*missing("Project"))
    mine = [t for t in space.tasks.values() if t["projectId"] == pid]
    if method == "GET" and tid is None:
        found = _named(_by_name(mine), query)
        if _flag(query, "is-active"):
            found = [t for t in found if t["status"] == "ACTIVE"]
        return paged([state.task_json(t) for t in found], query, options)
    if method in {"POST", "PUT"}:
        if method == "POST" and space.settings.get("onlyAdminsCreateTask") and not space.admin:
            return Reply(*error(403, "Only admins can create tasks", 403))
        name = str(body.get("name") or "").strip()
        if not name:
            return Reply(*error(400, "Task name can't be empty"))
        if tid is not None and (tid not in space.tasks or space.tasks[tid]["projectId"] != pid):
            return Reply(*missing("Task", "Project"))
        if _clash(mine, name, skip=tid):
            return Reply(*error(400, f"Task with name '{name}' already exists"))
        if tid is None:
            tid = state.add_task(space, pid, name)
            return Reply(201, state.task_json(space.tasks[tid]))
        space.tasks[tid].update(
            name=name,
            status=body.get("status") or "ACTIVE",
            billable=body.get("billable"),
            assigneeIds=body.get("assigneeIds") or [],
        )
    task = space.tasks.get(tid or "")
    if task is None or task["projectId"] != pid:
        return Reply(*missing("Task", "Project"))
    return Reply(200, state.task_json(task))


def tags(
    state: State,
    space: Space,
    method: str,
    gid: str | None,
    query: Query,
    body: Any,
    options: Options,
) -> Reply:
    if method == "GET" and gid is None:
        found = _named(_archived(_by_name(list(space.tags.values())), query), query)
        return paged([state.tag_json(space, t) for t in found], query, options)
    name = str((body or {}).get("name") or "").strip()
    if method == "POST" and gid is None:
        if space.settings.get("onlyAdminsCreateTag") and not space.admin:
            return Reply(*error(403, "Only admins can create tags", 403))
        if not name:
            return Reply(*error(400, "Tag name can't be empty"))
        if _clash(list(space.tags.values()), name):
            return Reply(*error(400, f"Tag with name '{name}' already exists"))
        new = state.add_tag(space, name)
        return Reply(201, state.tag_json(space, space.tags[new]))
    tag = space.tags.get(gid or "")
    if tag is None:
        return Reply(*missing("Tag"))
    if method == "PUT":
        if not name:
            return Reply(*error(400, "Tag name can't be empty"))
        if _clash(list(space.tags.values()), name, skip=tag["id"]):
            return Reply(*error(400, f"Tag with name '{name}' already exists"))
        tag.update(name=name, archived=bool(body.get("archived", False)))
    return Reply(200, state.tag_json(space, tag))


# ---------------------------------------------------------------- time entries


def _entry_problem(space: Space, entry: Entry, *, stopping: bool = False) -> Answer | None:
    """What Clockify would refuse in this entry, as it would say it."""
    settings = space.settings
    verb = "stopped" if stopping else "created"
    if entry.end is not None and entry.end < entry.start:
        return error(400, "End time should be after start time")
    project = space.projects.get(entry.project_id) if entry.project_id else None
    if entry.project_id and project is None:
        return missing("Project")
    if (settings.get("forceProjects") and project is None) or (project and project["archived"]):
        return error(
            400,
            f"Time entry couldn't be {verb}. Project is either required field or "
            "given project is archived. Please change your input or update your "
            "workspace settings.",
        )
    if entry.task_id:
        task = space.tasks.get(entry.task_id)
        if task is None or task["projectId"] != entry.project_id:
            return missing("Task", "Project")
    elif settings.get("forceTasks"):
        return error(400, f"Time entry couldn't be {verb}. Task is required field.")
    for tag_id in entry.tag_ids:
        if tag_id not in space.tags:
            return missing("Tag")
    if settings.get("forceTags") and not entry.tag_ids:
        return error(400, f"Time entry couldn't be {verb}. Tags are required field.")
    if settings.get("forceDescription") and not entry.description.strip():
        return error(400, f"Time entry couldn't be {verb}. Description is required field.")
    lock = space.lock_before()
    if lock is not None and entry.start < lock:
        return error(400, "Time entry is in a locked period and cannot be changed")
    return None


def _fields(body: Any) -> dict[str, Any]:
    """An entry from a POST or PUT body. A PUT replaces: what the body leaves out is gone."""
    return {
        "start": parse_time(body["start"]),
        "end": parse_time(body["end"]) if body.get("end") else None,
        "description": body.get("description") or "",
        "project_id": body.get("projectId") or None,
        "task_id": body.get("taskId") or None,
        "tag_ids": list(body.get("tagIds") or []),
        "billable": bool(body.get("billable", False)),
        "type": body.get("type") or "REGULAR",
        "custom_fields": [
            {"customFieldId": f.get("customFieldId"), "value": f.get("value")}
            for f in body.get("customFields") or []
        ],
    }


def _running(space: Space) -> Entry | None:
    return next((e for e in space.entries.values() if e.end is None), None)


def _locked(space: Space, entry: Entry) -> bool:
    lock = space.lock_before()
    return lock is not None and entry.start < lock


def create_entry(state: State, space: Space, body: Any) -> Reply:
    entry = Entry(state.new_id(), space.id, **_fields(body))
    if problem := _entry_problem(space, entry):
        return Reply(*problem)
    if state.approval_locks(space, entry.start):
        return Reply(*error(400, LOCKED))
    running = _running(space)
    if entry.end is None and running is not None:  # the web app stops the running timer
        running.end = max(running.start, entry.start)
    space.entries[entry.id] = entry
    return Reply(201, state.entry_json(space, entry))


def entry(state: State, space: Space, method: str, eid: str, body: Any) -> Reply:
    found = space.entries.get(eid)
    if found is None:
        return Reply(*missing("TimeEntry"))
    if method == "GET":
        return Reply(200, state.entry_json(space, found))
    if _locked(space, found):
        return Reply(*error(400, "Time entry is in a locked period and cannot be changed"))
    if state.approval_locks(space, found.start):
        return Reply(*error(400, LOCKED))
    if method == "DELETE":
        del space.entries[eid]
        return Reply(204)
    if method == "PUT":
        changed = Entry(eid, space.id, **_fields(body))
        if problem := _entry_problem(space, changed):
            return Reply(*problem)
        if state.approval_locks(space, changed.start):
            return Reply(*error(400, LOCKED))
        space.entries[eid] = changed
        return Reply(200, state.entry_json(space, changed))
    return Reply(*error(405, f"Request method '{method}' is not supported", 3000))


def user_entries(
    state: State, space: Space, method: str, query: Query, body: Any, options: Options
) -> Reply:
    if method == "PATCH":
        running = _running(space)
        if running is None:
            return Reply(
                *error(
                    404,
                    "Currently running time entry doesn't exist on workspace "
                    f"{space.id} for user {USER_ID}.",
                    404,
                )
            )
        stopped = Entry(**{**running.__dict__, "end": parse_time(body["end"])})
        if problem := _entry_problem(space, stopped, stopping=True):
            return Reply(*problem)
        running.end = stopped.end
        return Reply(200, state.entry_json(space, running))
    if method != "GET":
        return Reply(*error(405, f"Request method '{method}' is not supported", 3000))
    found = list(space.entries.values())
    start, end = _one(query, "start"), _one(query, "end")
    if start:  # entries that start at or after it (wall clock in the profile's zone)
        lo = state.wall_clock(start)
        found = [e for e in found if e.start >= lo]
    if end:  # entries that start before it
        hi = state.wall_clock(end)
        found = [e for e in found if e.start < hi]
    if _flag(query, "in-progress"):
        found = [e for e in found if e.end is None]
    found.sort(key=lambda e: (e.start, e.id), reverse=True)  # newest first, as Clockify
    return paged([state.entry_json(space, e) for e in found], query, options)


# ---------------------------------------------------------------- routing


def route(state: State, options: Options, method: str, path: str, query: Query, body: Any) -> Reply:
    if path == "/user" and method == "GET":
        return Reply(200, state.user_json())
    if path == "/workspaces" and method == "GET":
        return Reply(200, [state.workspace_json(s) for s in state.spaces.values()])
    match = re.fullmatch(r"/workspaces/([^/]+)(/.*)?", path)
    if match is None:
        return Reply(*error(404, f"No static resource v1{path}.", 3000))
    space = state.spaces.get(match[1])
    rest = match[2] or ""
    if space is None:
        return Reply(*error(403, "Access Denied", None))
    for pattern, handler in (
        (r"", lambda: Reply(200, state.workspace_json(space))),
        (
            r"/clients(?:/([^/]+))?",
            lambda cid=None: clients(state, space, method, cid, query, body, options),
        ),
        (
            r"/projects(?:/([^/]+))?",
            lambda pid=None: projects(state, space, method, pid, query, body, options),
        ),
        (
            r"/projects/([^/]+)/tasks(?:/([^/]+))?",
            lambda pid, tid=None: tasks(state, space, method, pid, tid, query, body, options),
        ),
        (
            r"/tags(?:/([^/]+))?",
            lambda gid=None: tags(state, space, method, gid, query, body, options),
        ),
        (
            r"/time-entries",
            lambda: (
                create_entry(state, space, body)
                if method == "POST"
                else Reply(*error(405, f"Request method '{method}' is not supported", 3000))
            ),
        ),
        (r"/time-entries/([^/]+)", lambda eid: entry(state, space, method, eid, body)),
        (
            r"/approval-requests(?:/([^/]+))?",
            lambda rid=None: approvals.requests(state, space, method, rid, query, body, options),
        ),
        (
            r"/user/([^/]+)/time-entries",
            lambda uid: (
                user_entries(state, space, method, query, body, options)
                if uid == USER_ID
                else Reply(*error(403, "Access Denied", None))
            ),
        ),
    ):
        found = re.fullmatch(pattern, rest)
        if found is not None:
            return handler(*(g for g in found.groups() if g is not None))
    return Reply(*error(404, f"No static resource v1{path}.", 3000))
