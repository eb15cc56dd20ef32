"""The third-party data under tests/vendor/ is whole for what uses it: the reduced Clockify spec
has every operation the fake Clockify serves and every component it references, the ClickTime
fixtures match the models derived from ClickTime's spec, and no test reads the shared folder."""

from __future__ import annotations

import ast
import inspect
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.fakes.clockify import api, approvals
from tests.vendor import (
    CLICKTIME_ENDPOINTS,
    CLICKTIME_FIXTURES,
    CLICKTIME_MODELS,
    CLOCKIFY_SPEC,
    VENDOR,
)

HTTP_METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}


def _spec() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(CLOCKIFY_SPEC.read_text(encoding="utf-8"))
    return document


def _methods_named(node: ast.AST) -> set[str]:
    """The HTTP methods a piece of the fake compares ``method`` with."""
    found: set[str] = set()
    for compare in ast.walk(node):
        if not isinstance(compare, ast.Compare):
            continue
        sides = [compare.left, *compare.comparators]
        if not any(isinstance(s, ast.Name) and s.id == "method" for s in sides):
            continue
        for side in sides:
            for leaf in ast.walk(side):
                if isinstance(leaf, ast.Constant) and leaf.value in HTTP_METHODS:
                    found.add(leaf.value)
    return found


def fake_routes() -> list[tuple[str, set[str]]]:
    """(path regex, methods) for each route of tests/fakes/clockify/api.py's ``route``, read
    from its source (and its handlers', some in approvals.py) so that a route added there
    shows up here."""
    module = ast.parse(inspect.getsource(api))
    handlers = {f.name: f for f in module.body if isinstance(f, ast.FunctionDef)}
    route = handlers["route"]
    helpers = ast.parse(inspect.getsource(approvals)).body
    handlers |= {f"approvals.{f.name}": f for f in helpers if isinstance(f, ast.FunctionDef)}
    routes: list[tuple[str, set[str]]] = []
    for test in ast.walk(route):  # `if path == "/user" and method == "GET":`
        if isinstance(test, ast.If) and isinstance(test.test, ast.BoolOp):
            paths = [
                c.comparators[0].value
                for c in test.test.values
                if isinstance(c, ast.Compare)
                and isinstance(c.left, ast.Name)
                and c.left.id == "path"
                and isinstance(c.comparators[0], ast.Constant)
                and isinstance(c.comparators[0].value, str)
            ]
            routes += [(re.escape(p), _methods_named(test.test)) for p in paths]
    prefix = next(
        c.args[0].value
        for c in ast.walk(route)
        if isinstance(c, ast.Call)
        and isinstance(c.func, ast.Attribute)
        and c.func.attr == "fullmatch"
        and isinstance(c.args[0], ast.Constant)
        and isinstance(c.args[0].value, str)
    ).removesuffix("(/.*)?")
    table = next(
        n.iter for n in ast.walk(route) if isinstance(n, ast.For) and isinstance(n.iter, ast.Tuple)
    )
    assert isinstance(table, ast.Tuple)
    for row in table.elts:
        assert isinstance(row, ast.Tuple)
        pattern, handler = row.elts
        assert isinstance(pattern, ast.Constant)
        assert isinstance(pattern.value, str)
        assert isinstance(handler, ast.Lambda)
        methods = _methods_named(handler)
        for call in ast.walk(handler):
            name = ""
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Name):
                name = call.func.id
            elif (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Attribute)
                and isinstance(call.func.value, ast.Name)
            ):
                name = f"{call.func.value.id}.{call.func.attr}"
            if name in handlers:
                methods |= _methods_named(handlers[name])
        routes.append((prefix + pattern.value, methods or {"GET"}))  # no method named: GET
    return routes


def test_the_fake_routes_are_read_from_its_source() -> None:
    routes = dict(fake_routes())
    assert routes[re.escape("/user")] == {"GET"}
    assert routes["/workspaces/([^/]+)/clients(?:/([^/]+))?"] == {"GET", "POST", "PUT"}
    assert routes["/workspaces/([^/]+)/time-entries/([^/]+)"] == {"GET", "PUT", "DELETE"}
    approval_requests = "/workspaces/([^/]+)/approval-requests(?:/([^/]+))?"
    assert routes[approval_requests] == {"GET", "POST", "PATCH"}
    assert len(routes) == 11


@pytest.mark.parametrize(("pattern", "methods"), fake_routes())
def test_vendored_spec_has_every_operation_the_fake_serves(pattern: str, methods: set[str]):
    # The fake's path regex, its id groups made to match a template's {parameter}.
    template = re.compile(pattern.replace("([^/]+)", r"\{[^/{}]+\}"))
    paths = _spec()["paths"]
    served = {p: {m.upper() for m in item} & HTTP_METHODS for p, item in paths.items()}
    matching = [p for p in served if template.fullmatch(p)]
    assert matching, f"the vendored spec has no path for the fake's route {pattern}"
    missing = {m for m in methods if not any(m in served[p] for p in matching)}
    assert not missing, (
        f"the vendored spec lacks {missing} on {matching}: add them to "
        "KEPT_CLOCKIFY_OPERATIONS in tests/vendor/regenerate.py and run it"
    )


def test_vendored_spec_references_only_what_it_holds() -> None:
    document = _spec()
    text = json.dumps(document)
    refs = set(re.findall(r'"\$ref": "([^"]+)"', text))
    assert refs, "a reduced spec that references nothing was not reduced from this one"
    for ref in refs:
        _, _, kind, name = ref.split("/")
        assert name in document["components"][kind], f"{ref} is not in the vendored spec"
    assert document["servers"][0]["url"] == "https://api.clockify.me/api/v1"
    assert document["components"]["securitySchemes"]["ApiKeyAuth"]["name"] == "X-Api-Key"


# ---------------------------------------------------------------- ClickTime

# Which operation each synthesized fixture models (fixtures/README.md), and which side of it.
CLICKTIME_FIXTURE_OPERATIONS = {
    "synth.me.response.json": ("GET", "/Me", "response"),
    "synth.company.response.json": ("GET", "/Company", "response"),
    "synth.me-jobs.list.response.json": ("GET", "/Me/Jobs", "response"),
    "synth.me-tasks.list.response.json": ("GET", "/Me/Tasks", "response"),
    "synth.me-clients.list.response.json": ("GET", "/Me/Clients", "response"),
    "synth.me-jobs-taskcontrols.list.response.json": ("GET", "/Me/Jobs/TaskControls", "response"),
    "synth.me-timeentries.list.verbose.response.json": ("GET", "/Me/TimeEntries", "response"),
    "synth.me-timeentries.single.response.json": (
        "GET",
        "/Me/TimeEntries/{timeEntryID}",
        "response",
    ),
    "synth.me-timeentries.create.request.json": ("POST", "/Me/TimeEntries", "request"),
    "synth.me-timeentries.patch.request.json": (
        "PATCH",
        "/Me/TimeEntries/{timeEntryID}",
        "request",
    ),
    "synth.me-timesheets.list.verbose.response.json": ("GET", "/Me/Timesheets", "response"),
    "synth.me-timesheets-date-actions.list.response.json": (
        "GET",
        "/Me/Timesheets/{date}/Actions",
        "response",
    ),
    "synth.me-timesheets-date-actions.submit.request.json": (
        "POST",
        "/Me/Timesheets/{date}/Actions",
        "request",
    ),
    "synth.me-timers.list.running.response.json": ("GET", "/Me/Timers", "response"),
    "synth.me-timeentries-id-timer.post.request.json": (
        "POST",
        "/Me/TimeEntries/{timeEntryID}/Timer",
        "request",
    ),
    "synth.me-timeentries-id-timer.put.request.json": (
        "PUT",
        "/Me/TimeEntries/{timeEntryID}/Timer",
        "request",
    ),
    "synth.me-timeofftypes.list.response.json": ("GET", "/Me/TimeOffTypes", "response"),
    "synth.me-timeoffrequests.create.request.json": ("POST", "/Me/TimeOffRequests", "request"),
}
CLICKTIME_ERROR_FIXTURE = "synth.error-400-validation.response.json"


def _clicktime_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def test_every_clicktime_fixture_is_json_and_accounted_for() -> None:
    names = {p.name for p in CLICKTIME_FIXTURES.glob("*.json")}
    assert names == {*CLICKTIME_FIXTURE_OPERATIONS, CLICKTIME_ERROR_FIXTURE}
    for name in names:
        assert isinstance(_clicktime_json(CLICKTIME_FIXTURES / name), dict), name


@pytest.mark.parametrize("name", sorted(CLICKTIME_FIXTURE_OPERATIONS))
def test_clicktime_fixture_fields_are_in_the_model_its_operation_names(name: str) -> None:
    method, path, side = CLICKTIME_FIXTURE_OPERATIONS[name]
    operations = {(o["method"], o["path"]): o for o in _clicktime_json(CLICKTIME_ENDPOINTS)}
    operation = operations[(method, path)]
    model_name = operation["request_body" if side == "request" else "response_data"]
    model_name = model_name.removeprefix("list of ")
    models = _clicktime_json(CLICKTIME_MODELS)
    assert model_name in models, f"{method} {path} names {model_name}, not in the models file"
    fields = {f["field"] for f in models[model_name]}
    payload = _clicktime_json(CLICKTIME_FIXTURES / name)
    if side == "response":
        assert set(payload) >= {"data"}
        payload = payload["data"]
    items = payload if isinstance(payload, list) else [payload]
    assert items
    assert all(isinstance(i, dict) for i in items)
    for item in items:  # top-level keys only: nested verbose objects have models of their own
        assert set(item) <= fields, f"{name}: {set(item) - fields} not in {model_name}"


def test_clicktime_error_fixture_has_the_api_error_fields() -> None:
    body = _clicktime_json(CLICKTIME_FIXTURES / CLICKTIME_ERROR_FIXTURE)
    assert body["errors"]
    assert all(set(e) <= {"Field", "Message", "MessageDetail"} for e in body["errors"])


def test_clicktime_endpoints_are_reduced_to_the_users_own_time() -> None:
    operations = _clicktime_json(CLICKTIME_ENDPOINTS)
    paths = {o["path"] for o in operations}
    assert "/Me/TimeEntries" in paths
    assert "/Company" in paths
    assert all(p.startswith("/Me") or p in {"/Company", "/TimeEntries/new"} for p in paths)


# ---------------------------------------------------------------- standing alone


def test_no_test_or_bench_reads_the_shared_folder() -> None:
    # The patterns are built, not written, so this file does not match them itself.
    up, name = "." * 2, "shared"
    pattern = re.compile(
        "|".join(
            [
                re.escape(f"{up}/{name}"),
                re.escape(f'"{up}"') + r"[^\n]*" + re.escape(f'"{name}"'),
                "/ *" + re.escape(f'"{name}"'),
            ]
        )
    )
    root = VENDOR.parents[1]
    allowed = {VENDOR / "regenerate.py"}
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for folder in ("tests", "bench")
        for path in sorted((root / folder).rglob("*"))
        if path.is_file() and path not in allowed and "__pycache__" not in path.parts
        for number, line in enumerate(_text_lines(path), 1)
        if pattern.search(line)
    ]
    assert offenders == []


def _text_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        return []
