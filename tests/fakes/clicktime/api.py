"""The fake ClickTime's routes below the base URL (``/Me/…``, ``/Company``): the envelope on
every answer, ``limit``/``offset`` paging with ``page.count`` and ``page.links``, filters in
the spec's spelling (``StartDate``, ``JobID``; other spellings are ignored as unknown), and
the catalog. Time entries, timers, timesheets and time off are in ``api_time``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from tests.fakes.clicktime import render
from tests.fakes.clicktime.state import State, api_error

Query = dict[str, list[str]]

DEFAULT_LIMIT = 10
"""Unknown on the real service (API notes §3): small, so a client that sends no ``limit``
gets a short first page rather than everything."""
MAX_LIMIT = 1000
MAX_ENTRY_LIMIT = 500


@dataclass
class Reply:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Options:
    """How this server answers where the real one is not known to be one way."""

    page_count: bool = True
    """False: ``page`` has no ``count`` (a client must follow ``links.next``)."""
    company_readable: bool = True
    """False: ``GET /Company`` is refused with 403, as it may be for STANDARD users."""


@dataclass
class Call:
    state: State
    options: Options
    method: str
    path: str
    query: Query
    body: Any
    base_url: str
    notes: list[str]
    """Where the client broke a rule of the notes (no ``limit`` on a paged list)."""

    def one(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None

    def many(self, name: str) -> list[str]:
        return self.query.get(name, [])

    def flag(self, name: str) -> bool | None:
        value = self.one(name)
        return None if value is None else value.strip().lower() in {"true", "1"}

    @property
    def verbose(self) -> bool:
        return any(k.lower() == "verbose" and v[0].lower() == "true" for k, v in self.query.items())


def envelope(
    data: Any = None, errors: list[dict[str, Any]] | None = None, page: Any = None
) -> dict[str, Any]:
    body: dict[str, Any] = {"data": data, "errors": errors or []}
    if page is not None:
        body["page"] = page
    return body | {"meta": {}, "jsonapi": {}}


def ok(data: Any, status: int = 200) -> Reply:
    return Reply(status, envelope(data))


def fail(status: int, message: str, field_name: str | None = None, *details: str) -> Reply:
    return Reply(status, envelope(None, [api_error(message, field_name, *details)]))


def refused(problems: list[dict[str, Any]]) -> Reply:
    return Reply(400, envelope(None, problems))


def not_found(what: str, key: str) -> Reply:
    return fail(404, f"{what} {key!r} was not found.")


def paged(call: Call, items: list[Any], max_limit: int = MAX_LIMIT) -> Reply:
    raw_limit, raw_offset = call.one("limit"), call.one("offset")
    if raw_limit is None:
        call.notes.append(f"{call.method} {call.path}: a paged list was asked for without limit")
    try:
        limit = int(raw_limit) if raw_limit is not None else DEFAULT_LIMIT
        offset = int(raw_offset or 0)
    except ValueError:
        return fail(400, "limit and offset must be whole numbers.", "limit")
    if limit < 1 or offset < 0:
        return fail(400, "limit must be positive and offset not negative.", "limit")
    limit = min(limit, max_limit)
    chunk = items[offset : offset + limit]
    last = max(0, (len(items) - 1) // limit * limit)

    def link(at: int | None) -> str | None:
        if at is None:
            return None
        pairs = [(k, v) for k, vs in call.query.items() if k not in {"limit", "offset"} for v in vs]
        return f"{call.base_url}{call.path}?" + urlencode(
            [*pairs, ("limit", limit), ("offset", at)]
        )

    page: dict[str, Any] = {
        "count": len(items) if call.options.page_count else None,
        "limit": limit,
        "offset": offset,
        "links": {
            "self": link(offset),
            "first": link(0),
            "previous": link(max(0, offset - limit)) if offset > 0 else None,
            "next": link(offset + limit) if offset + limit < len(items) else None,
            "last": link(last),
        },
    }
    return Reply(200, envelope(chunk, page=page))


def _filter(call: Call, items: list[dict[str, Any]], **keys: str) -> list[dict[str, Any]]:
    """Items matching the query's filters: ``ID``-type filters are arrays, ``IsActive`` a
    flag, names substrings."""
    found = items
    for param, key in keys.items():
        values = call.many(param)
        if not values:
            continue
        if param in {"IsActive", "JobIsActive", "TaskIsActive"}:
            wanted = values[0].lower() == "true"
            found = [i for i in found if bool(i[key]) == wanted]
        elif param == "Name":
            found = [i for i in found if values[0].casefold() in str(i[key]).casefold()]
        else:
            found = [i for i in found if str(i[key]) in values]
    return found


def _by_label(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(items, key=lambda i: (str(i["ListDisplayText"]).casefold(), i["ID"]))


# ---------------------------------------------------------------- catalog


def me(call: Call) -> Reply:
    if call.method == "PATCH":
        call.state.me.update({k: v for k, v in call.body.items() if k in call.state.me})
    return ok(render.me(call.state))


def reset_token(call: Call) -> Reply:
    call.state.token = call.state.new_id("token") + "-renewed"
    return ok({"Token": call.state.token, "TokenCreationTime": "2026-11-18T12:00:00"})


def company(call: Call) -> Reply:
    if not call.options.company_readable:
        return fail(403, "User requirements: User must be an Admin or Manager.")
    return ok(render.company(call.state))


def clients(call: Call, cid: str | None) -> Reply:
    state = call.state
    if cid is not None:
        found = state.clients.get(cid)
        return ok(render.client(state, found)) if found else not_found("Client", cid)
    items = _filter(
        call, _by_label(list(state.clients.values())), ID="ID", IsActive="IsActive", Name="Name"
    )
    return paged(call, [render.client(state, c) for c in items])


def jobs(call: Call, jid: str | None) -> Reply:
    state = call.state
    if jid is not None:
        found = state.jobs.get(jid)
        return ok(render.job(state, found, call.verbose)) if found else not_found("Job", jid)
    items = _filter(
        call,
        _by_label(list(state.jobs.values())),
        ID="ID",
        IsActive="IsActive",
        ClientID="ClientID",
        JobNumber="JobNumber",
        Name="Name",
    )
    return paged(call, [render.job(state, j, call.verbose) for j in items])


def _byjob(call: Call) -> Reply | None:
    if str(call.state.company.get("TaskRestrictionMethod") or "").lower() != "byjob":
        return fail(403, "Company requirements: Task List Control must be restricted by Job.")
    return None


def task_controls(call: Call) -> Reply:
    if (refusal := _byjob(call)) is not None:
        return refusal
    state = call.state
    rows = [
        {
            "JobID": j,
            "TaskID": t,
            "_job": state.jobs[j]["IsActive"],
            "_task": state.tasks[t]["IsActive"],
        }
        for j, t in sorted(set(state.controls))
    ]
    rows = _filter(
        call, rows, JobID="JobID", TaskID="TaskID", JobIsActive="_job", TaskIsActive="_task"
    )
    return paged(call, [{"JobID": r["JobID"], "TaskID": r["TaskID"]} for r in rows])


def job_tasks(call: Call, jid: str) -> Reply:
    """A bare list of task ids and no paging ("Pagination is not supported")."""
    if (refusal := _byjob(call)) is not None:
        return refusal
    state = call.state
    if jid not in state.jobs:
        return not_found("Job", jid)
    wanted = call.flag("IsActive")
    ids = [t for j, t in state.controls if j == jid]
    ids = [t for t in ids if wanted is None or state.tasks[t]["IsActive"] == wanted]
    return ok(list(reversed(ids)))


def tasks(call: Call, tid: str | None) -> Reply:
    state = call.state
    if tid is not None:
        found = state.tasks.get(tid)
        return ok(render.task(state, found, call.verbose)) if found else not_found("Task", tid)
    ordered = sorted(state.tasks.values(), key=lambda t: (t["Name"].casefold(), t["ID"]))
    items = _filter(call, ordered, ID="ID", IsActive="IsActive", Name="Name", TaskCode="TaskCode")
    return paged(call, [render.task(state, t, call.verbose) for t in items])


# ---------------------------------------------------------------- dispatch

_ID = r"([^/]+)"


def route(call: Call) -> Reply:
    from tests.fakes.clicktime import api_time

    table: list[tuple[str, str, Any]] = [
        ("GET|PATCH", r"/Me", me),
        ("POST", r"/Me/ResetAuthToken", reset_token),
        ("GET", r"/Company", company),
        ("GET", r"/Me/Clients(?:/" + _ID + ")?", clients),
        ("GET", r"/Me/Jobs/TaskControls", task_controls),
        ("GET", r"/Me/Jobs/" + _ID + "/Tasks", job_tasks),
        ("GET", r"/Me/Jobs(?:/" + _ID + ")?", jobs),
        ("GET", r"/Me/Tasks(?:/" + _ID + ")?", tasks),
        *api_time.ROUTES,
    ]
    for methods, pattern, handler in table:
        match = re.fullmatch(pattern, call.path)
        if match is None:
            continue
        if call.method not in methods.split("|"):
            return fail(
                405, f"The requested resource does not support http method '{call.method}'."
            )
        return handler(call, *match.groups())  # type: ignore[no-any-return]
    return fail(404, f"No HTTP resource was found that matches {call.path}.")
