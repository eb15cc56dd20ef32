"""What `punch start`, `stop` and `continue` share: opening the store (which keeps the status
file fresh), reading names and times from the command line, and printing an entry.

Not a subcommand (the leading underscore keeps it out of discovery). Heavy imports stay
inside the functions, so building the parser for `punch status` does not pay for them.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from tui.cli.common import (
    EXIT_NO_MATCH,
    EXIT_OK,
    EXIT_USAGE,
    fail,
    open_cli_backend,
    say_json,
    usage_error,
)
from tui.config import Settings

if TYPE_CHECKING:
    from tui.domain.models import EntryFields, TimeEntry
    from tui.store import Store

REFUSED = "the backend or the store refused (offline, not logged in, a time in the future…)"
NOTHING_RUNS = "nothing is running"
NO_MATCH = "a project, task or tag matches nothing, or more than one (the candidates are listed)"

TIMES = (
    "TIME is 9:15, 5pm, -10m, '20m ago', 'yesterday 17:00', 'mon 9:00', now, or ISO "
    "(2026-11-18T09:15, in your time zone unless it has an offset)."
)
NAMES = (
    "Names match case-insensitively, by prefix or fuzzily; 'client › project' (or "
    "client/project) tells twins apart. An ambiguous name is an error listing the candidates."
)


class CliError(Exception):
    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON")


# "--at -10m": argparse reads any word starting with "-" as an option unless it looks like a
# negative number; relative times look like one here (no option of these commands does).
_RELATIVE_TIME = re.compile(r"^-\s*[0-9][0-9.,:]*\s*[a-z]*(?:[0-9]+\s*[a-z]*)*$")


def add_at(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--at", metavar="TIME", help=f"{what} (default: now)")
    parser._negative_number_matcher = _RELATIVE_TIME


def run(
    args: argparse.Namespace, settings: Settings, body: Callable[[Store], Awaitable[int]]
) -> int:
    import asyncio

    try:
        return asyncio.run(_run(args, settings, body))
    except BrokenPipeError:  # `punch continue --list | head -3`: the reader has had enough
        quiet_stdout()
        return EXIT_OK


def quiet_stdout() -> None:
    """Point stdout at /dev/null, so Python's exit flush does not fail on a closed pipe."""
    import os
    import sys

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


async def _run(
    args: argparse.Namespace, settings: Settings, body: Callable[[Store], Awaitable[int]]
) -> int:
    from tui.backends.errors import BackendError
    from tui.store import Store
    from tui.store.status_file import status_path

    try:
        backend = await open_cli_backend(args, settings)
    except BackendError as err:
        return fail(str(err), args.json)
    store = Store(backend, settings, remember_workspace=not args.demo)
    store.keep_status_file(status_path(args.demo))
    try:
        await store.open()
        if store.snapshot.severity == "error":
            return fail(store.snapshot.message, args.json)
        try:
            return await body(store)
        except CliError as err:
            if err.code == EXIT_USAGE:
                return usage_error(args, str(err))
            return fail(str(err), args.json, err.code)
        except BackendError as err:
            return fail(str(err), args.json)
    finally:
        await backend.aclose()


def moment(store: Store, text: str | None) -> datetime | None:
    """``--at`` as an instant, or None for now; an unreadable time exits 2."""
    if text is None:
        return None
    from tui.domain.when import WhenError, parse_when

    try:
        return parse_when(text, store.server_now(), store.snapshot.tz)
    except WhenError as err:
        raise CliError(f"--at: {err}", EXIT_USAGE) from None


def entry_fields(
    store: Store,
    *,
    description: str,
    project: str | None,
    task: str | None,
    tags: list[str],
    billable: bool | None,
) -> EntryFields:
    """An entry from names on the command line; a name that is unknown or ambiguous exits 4."""
    from tui.domain.models import EntryFields
    from tui.domain.names import Named, NameMatchError, match_name
    from tui.domain.safe_text import safe_text

    snap = store.snapshot
    catalog = snap.catalog
    projects = [p for p in snap.projects if not p.archived]
    try:
        project_id: str | None = None
        task_id: str | None = None
        if project is not None:
            named = [Named(_path(catalog.names((p.id, None))), p.id) for p in projects]
            project_id = match_name(project, named, "project")
        if task is not None:
            live = {p.id for p in projects}
            tasks = [
                t
                for t in snap.tasks
                if not t.done
                and t.project_id in live
                and (project_id is None or t.project_id == project_id)
            ]
            named_tasks = [Named(_path(catalog.names((t.project_id, t.id))), t) for t in tasks]
            found = match_name(task, named_tasks, "task")
            project_id, task_id = found.project_id, found.id
        live_tags = [Named((t.name,), t.id) for t in snap.tags if not t.archived]
        tag_ids = tuple(dict.fromkeys(match_name(tag, live_tags, "tag") for tag in tags))
    except NameMatchError as err:
        raise CliError(str(err), EXIT_NO_MATCH) from None
    if billable is None:
        owner = snap.project(project_id)
        billable = owner.billable if owner else False
    return EntryFields(
        start=store.server_now(),
        description=safe_text(description.strip()),  # the store keeps no escape sequence
        project_id=project_id,
        task_id=task_id,
        tag_ids=tag_ids,
        billable=billable,
    )


def _path(names: tuple[str | None, ...]) -> tuple[str, ...]:
    """The names of a row kept whole: a project called ``CI/CD`` or ``A › B`` is one part."""
    return tuple(name for name in names if name)


def _utc(instant: datetime | None) -> str | None:
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if instant else None


def entry_json(store: Store, entry: TimeEntry | None) -> dict[str, Any] | None:
    if entry is None:
        return None
    from tui.domain.timesheet import row_key

    snap = store.snapshot
    client, project, task = snap.catalog.names(row_key(entry))
    return {
        "id": entry.id,
        "description": entry.description,
        "client": client,
        "project": project,
        "task": task,
        "tags": snap.tag_names(entry.tag_ids),
        "billable": entry.billable,
        "start": _utc(entry.start),
        "end": _utc(entry.end),
        "seconds": entry.seconds(store.server_now()),
    }


def print_json(payload: dict[str, Any]) -> None:
    say_json(payload)


def refused(store: Store, default_code: int) -> CliError:
    """The store said no: its message, with the exit code for what went wrong."""
    from tui.cli.common import EXIT_NOT_RUNNING

    message = store.snapshot.message or "The timer could not be changed"
    nothing = message.startswith(("Nothing is running", "Nothing recent", "Only "))
    return CliError(message, EXIT_NOT_RUNNING if nothing else default_code)
