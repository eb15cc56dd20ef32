"""Every request body the fake ClickTime receives is checked against the models derived from
ClickTime's own swagger (``tests/vendor/clicktime/clicktime-v2-me-models.derived.json``,
carried in the repository): no field the model lacks, every value of the model's JSON type,
enum values from the model, and the formats the spec's notes give (dates ``yyyy-mm-dd``,
entry times ``HH:MM``, timer times ``hh:mm:ss``, offsets ``+hh:mm``).

Query parameters are checked against each read's parameter list in ClickTime's endpoint list
(``clicktime-v2-endpoints.derived.json``, transcribed by hand into ``_QUERIES``).

The derived models carry no ``required`` flags and no nullability (Kiota drops them), so a
missing field or a null is not a violation here; the fake's rules answer those as ClickTime
would.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

from tests.vendor import CLICKTIME_MODELS

MODELS = CLICKTIME_MODELS

# Which request model each write takes, from clicktime-v2-endpoints.derived.json.
_BODIES: list[tuple[str, re.Pattern[str], str]] = [
    (method, re.compile(path), model)
    for method, path, model in [
        ("PATCH", r"/Me", "Patch/UserModel_Me"),
        ("POST", r"/Me/TimeEntries", "Post/TimeEntryModel_Me"),
        ("PATCH", r"/Me/TimeEntries/[^/]+", "Patch/TimeEntryModel_Me"),
        ("POST", r"/Me/TimeEntries/[^/]+/Timer", "Post/TimerModel_Me"),
        ("PUT", r"/Me/TimeEntries/[^/]+/Timer", "Put/TimerModel_Me"),
        ("POST", r"/Me/TimeOff", "Post/TimeOffModel_Me"),
        ("PATCH", r"/Me/TimeOff/[^/]+", "Patch/TimeOffModel_Me"),
        ("POST", r"/Me/TimeOffRequests", "Post/TimeOffRequestModel_Me"),
        ("POST", r"/Me/TimeOffRequests/[^/]+/Actions", "Post/TimeOffRequestMeActionModel_Me"),
        ("POST", r"/Me/Timesheets/[^/]+/Actions", "Post/TimesheetActionModel_Me"),
        ("PATCH", r"/Company", "Patch/CompanyModel_Root"),
    ]
]
_NO_BODY = {"POST /Me/ResetAuthToken"}

_PAGE = ("limit", "offset")
# Which query parameters each read takes, from clicktime-v2-endpoints.derived.json, plus the
# global ``verbose``. A name outside the list (``startDate`` for ``StartDate``) is a client
# bug the real service may silently ignore, answering with far more than was asked for.
_QUERIES: list[tuple[re.Pattern[str], frozenset[str]]] = [
    (re.compile(path), frozenset(("verbose", *names)))
    for path, names in [
        (r"/Me/Clients", ("ClientNumber", "ID", "IsActive", "Name", "ShortName", *_PAGE)),
        (r"/Me/Jobs/TaskControls", ("JobID", "JobIsActive", "TaskID", "TaskIsActive", *_PAGE)),
        (r"/Me/Jobs/[^/]+/Tasks", ("IsActive",)),
        (r"/Me/Jobs", ("ClientID", "ID", "IsActive", "JobNumber", "MyJobs", "Name", *_PAGE)),
        (r"/Me/Tasks", ("ID", "IsActive", "MyTasks", "Name", "TaskCode", *_PAGE)),
        (
            r"/Me/TimeEntries",
            ("EndDate", "EntryDate", "ID", "JobID", "StartDate", "TaskID", *_PAGE),
        ),
        (r"/Me/Timers", ("FromDate", "ID", "IsRunning", "TimeEntryID", "ToDate", *_PAGE)),
        (r"/Me/Timesheets", ("FromDate", "Status", "ToDate", *_PAGE)),
        (r"/Me/TimeOff", ("Date", "FromDate", "ID", "TimeOffTypeID", "ToDate", *_PAGE)),
        (r"/Me/TimeOffTypes", ("ID", "IsActive", "Name", "RequiresApproval", *_PAGE)),
        (
            r"/Me/TimeOffRequests",
            ("FromDate", "ID", "Status", "TimeOffID", "TimeOffTypeID", "ToDate", *_PAGE),
        ),
    ]
]


def query_violations(method: str, path: str, names: list[str]) -> list[str]:
    """Query parameters this operation does not take (single-resource reads take only
    ``verbose``)."""
    if method != "GET" and not names:
        return []
    allowed = next((a for pattern, a in _QUERIES if pattern.fullmatch(path)), None)
    if allowed is None:
        allowed = frozenset({"verbose"})
    return [
        f"{method} {path}: {name!r} is not a query parameter of this operation"
        for name in names
        if name not in allowed
    ]


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_HHMM = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
_HHMMSS = re.compile(r"([01]\d|2[0-3]):[0-5]\d:[0-5]\d")
_OFFSET = re.compile(r"[+-](0\d|1[0-4]):[0-5]\d")


class ModelsMissing(RuntimeError):
    pass


@functools.cache
def models() -> dict[str, list[dict[str, str]]]:
    if not MODELS.is_file():
        raise ModelsMissing(f"The ClickTime models are missing: expected {MODELS}.")
    loaded: dict[str, list[dict[str, str]]] = json.loads(MODELS.read_text(encoding="utf-8"))
    return loaded


def request_model(method: str, path: str) -> str | None:
    return next(
        (model for m, pattern, model in _BODIES if m == method and pattern.fullmatch(path)),
        None,
    )


def violations(method: str, path: str, body: Any, raw: bytes, content_type: str) -> list[str]:
    """Why this request's body breaks ClickTime's models; empty when it does not."""
    where = f"{method} {path}"
    model = request_model(method, path)
    if model is None:
        if raw and where not in _NO_BODY:
            return [f"{where}: this operation takes no request body"]
        return []
    if not raw:
        return [f"{where}: a {model} body is required"]
    if content_type.split(";")[0].strip().lower() != "application/json":
        return [f"{where}: Content-Type must be application/json, not {content_type!r}"]
    if not isinstance(body, dict):
        return [f"{where}: the body is not a JSON object"]
    return [f"{where}: {problem}" for problem in check_object(model, body, "")]


def check_object(model: str, value: dict[str, Any], at: str) -> list[str]:
    fields = {f["field"]: f["type"] for f in models()[model]}
    problems: list[str] = []
    for name, item in value.items():
        where = f"{at}{name}"
        if name not in fields:
            problems.append(f"{where} is not a field of {model}")
        elif item is not None:
            problems.extend(check_value(fields[name], item, where))
    return problems


def check_value(kind: str, value: Any, at: str) -> list[str]:
    if kind.startswith("array of "):
        if not isinstance(value, list):
            return [f"{at} must be an array"]
        inner = kind.removeprefix("array of ")
        return [p for i, item in enumerate(value) for p in check_value(inner, item, f"{at}[{i}]")]
    if kind.startswith("object "):
        if not isinstance(value, dict):
            return [f"{at} must be an object"]
        return check_object(kind.removeprefix("object "), value, at + ".")
    if kind in models():
        return check_value("object " + kind, value, at)
    if kind.startswith("enum["):
        allowed = kind[5:-1].split("|")
        return [] if value in allowed else [f"{at} must be one of {allowed}, not {value!r}"]
    if kind == "string":
        if not isinstance(value, str):
            return [f"{at} must be a string, not {value!r}"]
        return _format(at, value)
    if kind == "number":
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return [] if ok else [f"{at} must be a JSON number, not {value!r}"]
    if kind == "integer":
        ok = isinstance(value, int) and not isinstance(value, bool)
        return [] if ok else [f"{at} must be an integer, not {value!r}"]
    if kind == "boolean":
        return [] if isinstance(value, bool) else [f"{at} must be true or false, not {value!r}"]
    return [f"{at} has a type the models do not describe: {kind}"]


def _format(at: str, value: str) -> list[str]:
    name = at.rsplit(".", 1)[-1].split("[")[0]
    in_interval = ".Intervals[" in "." + at or at.startswith("Intervals[")
    if name == "Date" or name.endswith("Date"):
        pattern, shown = _DATE, "yyyy-mm-dd"
    elif name in {"StartTime", "EndTime"}:
        pattern, shown = _HHMM, "HH:MM (24-hour)"
    elif in_interval and name in {"Start", "End"}:
        pattern, shown = _HHMMSS, "hh:mm:ss"
    elif name == "TimeZoneOffset":
        pattern, shown = _OFFSET, "+hh:mm or -hh:mm"
    else:
        return []
    return [] if pattern.fullmatch(value) else [f"{at} must be {shown}, not {value!r}"]
