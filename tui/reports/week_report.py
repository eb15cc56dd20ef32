"""The week as data, for `punch week --json` and the table the CLI prints."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tui.domain.day_text import days_text, weekday_day
from tui.domain.durations import format_duration, shown_sum
from tui.domain.shown_grid import shown_day_totals, shown_row_total
from tui.domain.time_off import is_time_off, with_time_off
from tui.domain.timesheet import row_key
from tui.store.snapshot import Snapshot


def _utc(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def week_payload(snap: Snapshot, now: datetime) -> dict[str, Any]:
    grid = with_time_off(snap.grid, snap.time_off)  # counted in the days, as on the grid
    running: dict[str, Any] | None = None
    if snap.running is not None:
        client, project, task = snap.catalog.names(row_key(snap.running))
        running = {
            "description": snap.running.description,
            "client": client,
            "project": project,
            "task": task,
            "start": _utc(snap.running.start),
            "elapsed": snap.running.seconds(now),
        }
    return {
        "backend": snap.backend,
        "workspace": (
            {"id": snap.workspace.id, "name": snap.workspace.name} if snap.workspace else None
        ),
        "timezone": snap.tz.key,
        "week_start": snap.week.isoformat(),
        "days": [day.isoformat() for day in grid.days],
        "rows": [
            {
                "client": row.client,
                "project": row.project,
                "task": row.task,
                "seconds": list(row.seconds),
                "total": row.total,
                "time_off": is_time_off(row.key),
            }
            for row in grid.rows
            if row.total
        ],
        "day_totals": list(grid.day_totals),
        "total": grid.total,
        "running": running,
    }


def week_table(snap: Snapshot, now: datetime) -> str:
    grid = with_time_off(snap.grid, snap.time_off)
    head = ["", *(weekday_day(d) for d in grid.days), "Total"]  # the first line has the dates
    body = [
        [
            row.label,
            *(format_duration(s) if s else "·" for s in row.seconds),
            format_duration(shown_row_total(row)),
        ]
        for row in grid.rows
        if row.total
    ]
    days = shown_day_totals(grid)  # the totals add up the cells as shown, as on the grid
    foot = ["Total", *(format_duration(s) for s in days), format_duration(shown_sum(days))]
    table = [head, *body, foot]
    widths = [max(len(r[i]) for r in table) for i in range(len(head))]
    lines = [
        f"{snap.workspace.name if snap.workspace else '?'} · "
        f"{days_text(grid.days[0], grid.days[-1])} · {snap.tz.key}"
    ]
    for n, r in enumerate(table):
        cells = [r[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(r[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0 or n == len(table) - 2:
            lines.append("-" * len(lines[-1]))
    if snap.running is not None:
        label = snap.catalog.label(row_key(snap.running))
        lines.append(
            f"Running: {snap.running.description or '(no description)'} · {label}"
            f" · {format_duration(snap.running.seconds(now))}"
        )
    return "\n".join(lines)
