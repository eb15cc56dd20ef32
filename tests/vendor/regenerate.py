"""Rebuild the third-party data under tests/vendor/ from the project's shared peers folder.

    python tests/vendor/regenerate.py [--shared PATH]

PATH defaults to the folder named SHARED_DIR_NAME beside the repository root. The tests never
read that folder: they read only what this script wrote, so a clone without it passes. What is
kept is data below (KEPT_* lists); the Clockify spec keeps those operations and every
component they reach through ``$ref``, followed transitively. Output is deterministic: two
runs over the same input write byte-identical files. Needs the standard library and PyYAML.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]  # PyYAML ships no types

SHARED_DIR_NAME = "shared"
VENDOR = Path(__file__).resolve().parent
REPO_ROOT = VENDOR.parents[1]
DEFAULT_SHARED = REPO_ROOT.parent / SHARED_DIR_NAME

CLOCKIFY_SPEC = "clockify.corrected.openapi.yaml"
CLOCKIFY_SPEC_SHA256 = "38b6dcda5e6c1cf27c7f1f483c0cb77126bff28d59bedf5a6b6556c5016c3d94"
"""The file the provenance in tests/vendor/README.md describes."""
CLOCKIFY_OUT = "clockify.openapi.json"

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# Every operation the fake Clockify (tests/fakes/clockify/api.py) answers; the backend and the
# Prism smoke test use a subset. tests/backends/test_vendor.py fails when the fake serves one
# not here.
KEPT_CLOCKIFY_OPERATIONS: tuple[tuple[str, str], ...] = (
    ("get", "/user"),
    ("get", "/workspaces"),
    ("get", "/workspaces/{workspaceId}"),
    ("get", "/workspaces/{workspaceId}/clients"),
    ("post", "/workspaces/{workspaceId}/clients"),
    ("get", "/workspaces/{workspaceId}/clients/{clientId}"),
    ("put", "/workspaces/{workspaceId}/clients/{clientId}"),
    ("get", "/workspaces/{workspaceId}/projects"),
    ("post", "/workspaces/{workspaceId}/projects"),
    ("get", "/workspaces/{workspaceId}/projects/{projectId}"),
    ("put", "/workspaces/{workspaceId}/projects/{projectId}"),
    ("get", "/workspaces/{workspaceId}/projects/{projectId}/tasks"),
    ("post", "/workspaces/{workspaceId}/projects/{projectId}/tasks"),
    ("get", "/workspaces/{workspaceId}/projects/{projectId}/tasks/{taskId}"),
    ("put", "/workspaces/{workspaceId}/projects/{projectId}/tasks/{taskId}"),
    ("get", "/workspaces/{workspaceId}/tags"),
    ("post", "/workspaces/{workspaceId}/tags"),
    ("get", "/workspaces/{workspaceId}/tags/{tagId}"),
    ("put", "/workspaces/{workspaceId}/tags/{tagId}"),
    ("post", "/workspaces/{workspaceId}/time-entries"),
    ("get", "/workspaces/{workspaceId}/time-entries/{timeEntryId}"),
    ("put", "/workspaces/{workspaceId}/time-entries/{timeEntryId}"),
    ("delete", "/workspaces/{workspaceId}/time-entries/{timeEntryId}"),
    ("get", "/workspaces/{workspaceId}/user/{userId}/time-entries"),
    ("patch", "/workspaces/{workspaceId}/user/{userId}/time-entries"),
    ("get", "/workspaces/{workspaceId}/approval-requests"),
    ("post", "/workspaces/{workspaceId}/approval-requests"),
    ("patch", "/workspaces/{workspaceId}/approval-requests/{approvalRequestId}"),
)

# The fixtures tests/backends/test_clockify_wire.py reads, copied byte for byte.
KEPT_CLOCKIFY_FIXTURES: tuple[str, ...] = (
    "apet97-Dd-sandbox-captures/createClient.response-201.json",
    "apet97-Dd-sandbox-captures/deleteClient.response-200.json",
    "apet97-Dd-sandbox-captures/getClient.response-200.json",
    "apet97-Dd-sandbox-captures/getClientNotFound.response-400.json",
    "apet97-Dd-sandbox-captures/getClients.response-200.json",
    "apet97-Dd-sandbox-captures/updateClient.response-200.json",
    "clockify-ts-sdk-golden/projects.list.json",
    "n8n-observed-schemas/client-getAll.schema.json",
    "n8n-observed-schemas/project-get.schema.json",
    "n8n-observed-schemas/tag-getAll.schema.json",
    "n8n-observed-schemas/task-getAll.schema.json",
    "n8n-observed-schemas/timeEntry-create.schema.json",
    "n8n-observed-schemas/user-getAll.schema.json",
    "n8n-observed-schemas/workspace-getAll.schema.json",
    "transfermyti-mock-db/clockify.json",
)

CLICKTIME_ENDPOINTS = "clicktime-v2-endpoints.derived.json"
CLICKTIME_MODELS = "clicktime-v2-me-models.derived.json"

# What API-NOTES.md section 4 lists for a client of the user's own time (its table without the
# managers/admins row): who am I, the company's settings, clients, jobs, tasks, time entries,
# timesheets, the stopwatch, time off and the user's own summaries.
KEPT_CLICKTIME_OPERATIONS: tuple[tuple[str, str], ...] = (
    ("GET", "/Me"),
    ("PATCH", "/Me"),
    ("GET", "/Company"),
    ("GET", "/Me/Clients"),
    ("GET", "/Me/Clients/{clientID}"),
    ("GET", "/Me/Jobs"),
    ("GET", "/Me/Jobs/{jobID}"),
    ("GET", "/Me/Jobs/{jobID}/Tasks"),
    ("GET", "/Me/Jobs/TaskControls"),
    ("GET", "/Me/Tasks"),
    ("GET", "/Me/Tasks/{taskID}"),
    ("GET", "/Me/TimeEntries"),
    ("POST", "/Me/TimeEntries"),
    ("GET", "/Me/TimeEntries/{timeEntryID}"),
    ("PATCH", "/Me/TimeEntries/{timeEntryID}"),
    ("DELETE", "/Me/TimeEntries/{timeEntryID}"),
    ("GET", "/TimeEntries/new"),
    ("GET", "/Me/Timesheets"),
    ("GET", "/Me/Timesheets/{date}"),
    ("GET", "/Me/Timesheets/{date}/Actions"),
    ("POST", "/Me/Timesheets/{date}/Actions"),
    ("GET", "/Me/Timesheets/{date}/History"),
    ("GET", "/Me/Timers"),
    ("GET", "/Me/Timers/{timerId}"),
    ("GET", "/Me/TimeEntries/{timeEntryID}/Timer"),
    ("POST", "/Me/TimeEntries/{timeEntryID}/Timer"),
    ("PUT", "/Me/TimeEntries/{timeEntryID}/Timer"),
    ("DELETE", "/Me/TimeEntries/{timeEntryID}/Timer"),
    ("GET", "/Me/TimeOffTypes"),
    ("GET", "/Me/TimeOffTypes/{timeOffTypeID}/FutureBalance/{date}"),
    ("GET", "/Me/TimeOff"),
    ("POST", "/Me/TimeOff"),
    ("GET", "/Me/TimeOff/{timeOffID}"),
    ("PATCH", "/Me/TimeOff/{timeOffID}"),
    ("DELETE", "/Me/TimeOff/{timeOffID}"),
    ("GET", "/Me/TimeOffRequests"),
    ("POST", "/Me/TimeOffRequests"),
    ("POST", "/Me/TimeOffRequests/{timeOffRequestID}/Actions"),
    ("GET", "/Me/HolidayEntries"),
    ("GET", "/Me/AlternativeTimeOff"),
    ("GET", "/Me/Reports/TimeSummary/Daily"),
    ("GET", "/Me/Reports/TimeSummary/Weekly"),
)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML as Prism reads it (1.2 core schema): an unquoted 2026-01-01 stays a string, not a
    date JSON cannot hold; yes/no/on/off stay strings, not booleans."""


_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool"}
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _component(document: dict[str, Any], ref: str) -> tuple[str, str]:
    parts = ref.split("/")
    if len(parts) != 4 or parts[:2] != ["#", "components"]:
        raise SystemExit(f"cannot follow $ref {ref!r}: only #/components/<kind>/<name>")
    kind, name = parts[2], parts[3].replace("~1", "/").replace("~0", "~")
    if name not in document.get("components", {}).get(kind, {}):
        raise SystemExit(f"$ref {ref!r} names nothing in the spec")
    return kind, name


def reduce_openapi(document: dict[str, Any], kept: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    """The document with only ``kept`` operations and what they reference."""
    paths: dict[str, Any] = {}
    for method, path in kept:
        item = document["paths"].get(path, {})
        if method not in item:
            raise SystemExit(f"the spec has no {method.upper()} {path}")
        reduced = paths.setdefault(path, {k: v for k, v in item.items() if k not in METHODS})
        reduced[method] = item[method]
    # Operations keep the order the spec gives them, whatever the order of ``kept``.
    paths = {
        path: {k: paths[path][k] for k in document["paths"][path] if k in paths[path]}
        for path in document["paths"]
        if path in paths
    }
    wanted: set[tuple[str, str]] = set()
    pending = list(_refs(paths))
    while pending:
        kind_name = _component(document, pending.pop())
        if kind_name not in wanted:
            wanted.add(kind_name)
            pending.extend(_refs(document["components"][kind_name[0]][kind_name[1]]))
    operations = [op for item in paths.values() for m, op in item.items() if m in METHODS]
    schemes = {name for req in document.get("security", []) for name in req}
    schemes |= {name for op in operations for req in op.get("security", []) for name in req}
    wanted |= {("securitySchemes", name) for name in schemes}
    components = {
        kind: {name: body for name, body in entries.items() if (kind, name) in wanted}
        for kind, entries in document.get("components", {}).items()
    }
    tag_names = {tag for op in operations for tag in op.get("tags", [])}
    out: dict[str, Any] = {}
    for key, value in document.items():
        if key == "paths":
            out[key] = paths
        elif key == "components":
            out[key] = {kind: entries for kind, entries in components.items() if entries}
        elif key == "tags":
            out[key] = [tag for tag in value if tag.get("name") in tag_names]
        elif not key.startswith("x-"):  # the generator's notes describe the whole file
            out[key] = value
    return out


def _json_text(value: Any) -> str:
    return json.dumps(value, indent=1, ensure_ascii=False) + "\n"


def clockify(source: Path) -> dict[str, bytes]:
    spec_file = source / CLOCKIFY_SPEC
    raw = spec_file.read_bytes()
    if hashlib.sha256(raw).hexdigest() != CLOCKIFY_SPEC_SHA256:
        print(
            f"warning: {spec_file} is not the file tests/vendor/README.md describes; "
            "update its provenance there and CLOCKIFY_SPEC_SHA256 here",
            file=sys.stderr,
        )
    document = yaml.load(raw, Loader=_Loader)  # a SafeLoader: builds plain data only
    files = {CLOCKIFY_OUT: _json_text(reduce_openapi(document, KEPT_CLOCKIFY_OPERATIONS)).encode()}
    for name in KEPT_CLOCKIFY_FIXTURES:
        files[f"fixtures/{name}"] = (source / "fixtures" / name).read_bytes()
    return files


def clicktime(source: Path) -> dict[str, bytes]:
    operations = json.loads((source / CLICKTIME_ENDPOINTS).read_text(encoding="utf-8"))
    by_key = {(op["method"], op["path"]): op for op in operations}
    missing = [key for key in KEPT_CLICKTIME_OPERATIONS if key not in by_key]
    if missing:
        raise SystemExit(f"{CLICKTIME_ENDPOINTS} lacks {missing}")
    kept = [op for op in operations if (op["method"], op["path"]) in KEPT_CLICKTIME_OPERATIONS]
    # The source's own layout: one operation per line, in the source's order.
    lines = ",\n".join(json.dumps(op, ensure_ascii=False) for op in kept)
    files = {CLICKTIME_ENDPOINTS: f"[\n{lines}\n]\n".encode()}
    files[CLICKTIME_MODELS] = (source / CLICKTIME_MODELS).read_bytes()
    for path in sorted((source / "fixtures").iterdir()):
        if path.is_file():
            files[f"fixtures/{path.name}"] = path.read_bytes()
    return files


def write(target: Path, files: dict[str, bytes]) -> None:
    """``target`` holds exactly ``files`` afterwards: stale files go."""
    if target.exists():
        shutil.rmtree(target)
    for name, data in sorted(files.items()):
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--shared",
        type=Path,
        default=DEFAULT_SHARED,
        help=f"the shared folder (default: {DEFAULT_SHARED})",
    )
    args = parser.parse_args(argv)
    peers = args.shared.resolve() / "peers"
    if not peers.is_dir():
        print(
            f"No shared folder at {args.shared.resolve()} (looked for {peers}): nothing to "
            "regenerate. The vendored copies in tests/vendor/ stay as they are; the tests use "
            "only them. Pass --shared PATH to read one elsewhere.",
            file=sys.stderr,
        )
        return 2
    built = {
        VENDOR / "clockify": clockify(peers / "clockify"),
        VENDOR / "clicktime": clicktime(peers / "clicktime"),
    }
    for target, files in built.items():
        write(target, files)
        size = sum(len(data) for data in files.values())
        print(f"{target.relative_to(REPO_ROOT)}: {len(files)} files, {size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
