"""The review as data: one JSON payload (the review's export and `punch report --json`) and
a CSV of the entries behind it, written to a file under the data dir."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

from tui import locations
from tui.domain.models import TimeEntry
from tui.domain.review import BREAKDOWNS, BreakdownBy, Review
from tui.domain.review_pieces import day_pieces, piece_amount
from tui.domain.time_off import TIME_OFF_LABEL
from tui.domain.timesheet import row_key
from tui.store.snapshot import Snapshot

ExportFormat = Literal["csv", "json"]

CSV_COLUMNS = (
    "date",
    "seconds",
    "hours",
    "client",
    "project",
    "task",
    "description",
    "tags",
    "billable",
    "amount_minor",
    "currency",
    "entry_start",
    "entry_end",
    "entry_id",
)


def _utc(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def shown_breakdowns(snap: Snapshot) -> tuple[BreakdownBy, ...]:
    """The breakdowns the backend can fill: no tag breakdown without tags."""
    return tuple(by for by in BREAKDOWNS if by != "tag" or snap.capabilities.tags)


def review_payload(review: Review, snap: Snapshot) -> dict[str, Any]:
    """Every number of the review. Seconds are integers; amounts are in minor units."""
    billable = snap.capabilities.billable
    comparison = review.comparison
    return {
        "backend": snap.backend,
        "workspace": (
            {"id": snap.workspace.id, "name": snap.workspace.name} if snap.workspace else None
        ),
        "timezone": snap.tz.key,
        "from": review.first.isoformat(),
        "to": review.last.isoformat(),
        "total": review.total,
        "target": review.target,
        "balance": review.balance,
        "time_off": review.time_off,
        "billable": review.billable if billable else None,
        "non_billable": review.non_billable if billable else None,
        "amounts": [{"currency": cur, "minor": minor} for cur, minor in review.amounts],
        "unpriced_billable": review.unpriced_billable if billable else None,
        "running": (
            {"start": _utc(review.running_since), "seconds_in_period": review.running}
            if review.running_since is not None
            else None
        ),
        "days": [
            {
                "date": d.day.isoformat(),
                "seconds": d.seconds,
                "target": d.target,
                "balance": d.balance,
                "billable": d.billable if billable else None,
            }
            for d in review.days
        ],
        "breakdowns": {
            by: [
                {
                    **_ids(by, line.key),
                    "name": line.label,
                    "seconds": line.seconds,
                    "share": round(line.share, 4),
                    "billable": line.billable if billable else None,
                    "amounts": [{"currency": c, "minor": m} for c, m in line.amounts],
                }
                for line in review.breakdown(by).lines
            ]
            for by in shown_breakdowns(snap)
        },
        "problems": [
            {
                "kind": p.kind,
                "date": p.day.isoformat(),
                "message": p.message,
                "row": _row(snap, p.key),
                "entry_id": p.entry_id,
            }
            for p in review.problems
        ],
        "comparison": (
            {
                "previous": {
                    "from": comparison.previous.first.isoformat(),
                    "to": comparison.previous.last.isoformat(),
                    "total": comparison.previous.total,
                    "billable": comparison.previous.billable if billable else None,
                },
                "average": {
                    "from": comparison.average.first.isoformat(),
                    "to": comparison.average.last.isoformat(),
                    "weeks": comparison.weeks,
                    "total": comparison.average.total,
                    "billable": comparison.average.billable if billable else None,
                },
            }
            if comparison is not None
            else None
        ),
    }


def _ids(by: BreakdownBy, key: str | None) -> dict[str, str | None]:
    """A task line is a task of one project, keyed ``project/task`` inside the review."""
    if by != "task":
        return {"id": key}
    project, _, task = (key or "").partition("/")
    return {"id": task or None, "project_id": project or None}


def _row(snap: Snapshot, key: tuple[str | None, str | None] | None) -> dict[str, Any] | None:
    if key is None:
        return None
    client, project, task = snap.catalog.names(key)
    return {"client": client, "project": project, "task": task}


def _cell(text: str) -> str:
    """Text a spreadsheet will show as text: a leading = + - @ would make it a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def entries_csv(entries: Iterable[TimeEntry], days: Sequence[date], snap: Snapshot) -> str:
    """One line per entry and day (an entry crossing midnight has a line on each day), and
    one per time off, so the seconds of a date add up to that day's total in the review."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    pieces = sorted(
        day_pieces(entries, days, snap.tz), key=lambda p: (p.day, p.entry.start, p.entry.id)
    )
    for piece in pieces:
        entry = piece.entry
        assert entry.end is not None
        client, project, task = snap.catalog.names(row_key(entry))
        amount = piece_amount(piece, snap.catalog)
        writer.writerow(
            [
                piece.day.isoformat(),
                piece.seconds,
                f"{piece.seconds / 3600:.2f}",
                _cell(client or ""),
                _cell(project or ""),
                _cell(task or ""),
                _cell(entry.description),
                _cell(", ".join(snap.tag_names(entry.tag_ids))),
                "yes" if entry.billable else "no",
                amount[1] if amount else "",
                amount[0] if amount else "",
                entry.start.astimezone(snap.tz).isoformat(timespec="seconds"),
                entry.end.astimezone(snap.tz).isoformat(timespec="seconds"),
                entry.id,
            ]
        )
    # Time off (ClickTime's holidays, vacation) is in the review's day totals: its own
    # lines, with no entry behind them, keep each date's seconds adding up to its total.
    shown = set(days)
    for off in sorted(snap.time_off, key=lambda o: (o.day, o.type_name.casefold())):
        if off.day in shown and off.seconds > 0:
            writer.writerow(
                [
                    off.day.isoformat(),
                    off.seconds,
                    f"{off.seconds / 3600:.2f}",
                    "",
                    TIME_OFF_LABEL,
                    _cell(off.type_name),
                    _cell(off.note),
                ]
                + [""] * (len(CSV_COLUMNS) - 7)
            )
    return out.getvalue()


def exports_dir() -> Path:
    return locations.data_dir() / "exports"


def _write(path: Path, text: str) -> Path:
    # A reader sees the old file or the new one, never half; 0600: it is your work.
    locations.write_private(path, text)
    return path


async def export_review(
    review: Review, snap: Snapshot, fmt: ExportFormat, folder: Path | None = None
) -> Path:
    """Write the review (JSON) or its entries (CSV) to ``week-<first day>.<fmt>`` and return
    the path. Exporting the same week again replaces its file."""
    name = f"week-{review.first.isoformat()}.{fmt}"
    path = (folder or exports_dir()) / name
    if fmt == "json":
        text = json.dumps(review_payload(review, snap), ensure_ascii=False, indent=2) + "\n"
    else:
        text = entries_csv(snap.entries, [d.day for d in review.days], snap)
    return await asyncio.to_thread(_write, path, text)
