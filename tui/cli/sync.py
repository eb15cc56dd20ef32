"""`punch sync`: send the changes waiting in the journal of a remote backend now, and say
what happened; list the changes the service refused, retry or discard them, and settle
conflicts with a default a script can choose (``--keep mine|theirs``)."""

from __future__ import annotations

import argparse
import asyncio
import json
from typing import TYPE_CHECKING, Any

from tui.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    add_command,
    backend_title,
    fail,
    open_cli_backend,
    zone,
)
from tui.config import Settings

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from tui.backends.changes import FailedChange, Journaled, SyncReport

EXIT_CODES = {
    0: "everything is on the service",
    1: "changes still wait (offline) or were refused, or the backend failed",
}


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    sync = add_command(
        commands,
        common,
        "sync",
        help="send the changes waiting for the service now",
        summary="Send the changes made while the service was unreachable, and say what happened.",
        details=(
            "They are sent in order. Changes the service refused stay listed until retried or "
            "discarded."
        ),
        examples=(
            "punch sync",
            "punch sync --failed",
            "punch sync --retry all",
            "punch sync --keep theirs    settle every conflict with the service's version",
        ),
        exit_codes=EXIT_CODES,
        json_errors=True,
    )
    sync.add_argument("--failed", action="store_true", help="list refused changes; send nothing")
    sync.add_argument("--retry", metavar="ID|all", help="send a refused change again")
    sync.add_argument("--discard", metavar="ID|all", help="forget a refused change")
    sync.add_argument(
        "--keep",
        choices=("mine", "theirs"),
        help="settle every conflict: send mine over the service's version, or take theirs",
    )
    sync.add_argument("--json", action="store_true", help="print JSON")
    sync.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    try:
        return asyncio.run(_run(args, settings))
    except Exception as err:  # a backend's or the replica's own sentence, never a traceback
        from tui.backends.errors import BackendError

        if isinstance(err, BackendError):
            return fail(str(err), args.json)
        raise


async def _run(args: argparse.Namespace, settings: Settings) -> int:
    from tui.backends.changes import Journaled

    backend = await open_cli_backend(args, settings)
    try:
        if not isinstance(backend, Journaled):
            return _say(args, None, f"{backend.name} saves every change at once; nothing waits.")
        before = backend.sync_report()
        if args.failed:
            return _say(
                args, before, _failed_text(before.failed, zone(settings)) or "No refused changes."
            )
        await _settle(backend, args)
        after = await backend.drain()
        _remember(after)
        sent = max(0, before.waiting - after.waiting)
        return _say(
            args,
            after,
            _summary(after, sent, backend_title(backend.name), zone(settings)),
            sent=sent,
        )
    finally:
        await backend.aclose()


async def _settle(backend: Journaled, args: argparse.Namespace) -> None:
    failed = backend.sync_report().failed
    for chosen, act in ((args.discard, backend.discard), (args.retry, backend.retry)):
        if chosen is None:
            continue
        ids = [f.change_id for f in failed] if chosen == "all" else [chosen]
        for change_id in ids:
            await act(change_id)
        failed = backend.sync_report().failed
    if args.keep is not None:
        for change in failed:
            if change.conflict:
                await backend.resolve(change.change_id, args.keep)


def _summary(report: SyncReport, sent: int, service: str, tz: ZoneInfo) -> str:
    lines = [f"Sent {sent} change{'' if sent == 1 else 's'}."] if sent else []
    if report.waiting:
        why = f" ({report.reason})" if report.reason else ""
        lines.append(
            f"{report.waiting} change{'' if report.waiting == 1 else 's'} still waiting{why}; "
            "they are sent when the service answers (or run `punch sync` again)."
        )
    if report.failed:
        lines.append(_failed_text(report.failed, tz))
        lines.append(
            "Retry with `punch sync --retry ID`, forget with `--discard ID`, or settle "
            "conflicts with `--keep mine` or `--keep theirs`."
        )
    if not report.waiting and not report.failed:
        lines.append(f"Everything is on {service}.")
    return "\n".join(lines)


def _failed_text(failed: tuple[FailedChange, ...], tz: ZoneInfo) -> str:
    from tui.domain.change_text import version_text

    lines = []
    for change in failed:
        lines.append(f"  [{change.change_id}] {change.label}: {change.reason}")
        if change.conflict:
            lines.append(f"      mine:   {version_text(change.mine, tz)}")
            lines.append(f"      theirs: {version_text(change.theirs, tz)}")
    return (f"{len(failed)} refused:\n" + "\n".join(lines)) if lines else ""


def _say(args: argparse.Namespace, report: SyncReport | None, text: str, *, sent: int = 0) -> int:
    code = EXIT_OK if report is None or (not report.waiting and not report.failed) else EXIT_ERROR
    if args.json:
        print(json.dumps(_json(report, sent), ensure_ascii=False))
    else:
        print(text)
    return code


def _json(report: SyncReport | None, sent: int) -> dict[str, Any]:
    if report is None:
        return {"state": "synced", "sent": 0, "waiting": 0, "failed": []}
    return {
        "state": report.state,
        "sent": sent,
        "waiting": report.waiting,
        "reason": report.reason,
        "failed": [
            {
                "id": f.change_id,
                "label": f.label,
                "reason": f.reason,
                "conflict": f.conflict,
                "mine": _entry_json(f.mine),
                "theirs": _entry_json(f.theirs),
            }
            for f in report.failed
        ],
    }


def _entry_json(entry: Any) -> dict[str, Any] | None:
    if entry is None:
        return None
    return {
        "id": entry.id,
        "start": entry.start.isoformat(),
        "end": entry.end.isoformat() if entry.end else None,
        "description": entry.description,
    }


def _remember(report: SyncReport) -> None:
    """The count `punch status` shows, brought up to date without opening the store."""
    from tui.store.status_file import StatusFileError, read_status, status_path, write_status

    path = status_path()
    try:
        state = read_status(path)
        if state is not None:
            state.pop("version", None)
            state["waiting_changes"] = report.waiting + len(report.failed)
            write_status(path, state)
    except (StatusFileError, OSError):
        pass  # the status line is a convenience; the sync itself happened
