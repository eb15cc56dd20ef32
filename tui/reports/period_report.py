"""`punch report`'s table and CSV: the --by lines of a review, with totals and problems."""

from __future__ import annotations

import csv
import io

from tui.domain.day_text import day_text, days_text
from tui.domain.durations import format_duration
from tui.domain.review import Review, format_amount
from tui.store.snapshot import Snapshot


def _signed(seconds: int) -> str:
    return ("+" if seconds > 0 else "") + format_duration(seconds)


def _money(amounts: tuple[tuple[str, int], ...]) -> str:
    return ", ".join(format_amount(c, m) for c, m in amounts)


def _rows(review: Review, by: str, billable: bool) -> list[list[str]]:
    if by == "day":
        head = ["Day", "Time", "Target", "Balance"] + (["Billable"] if billable else [])
        body = [
            [
                day_text(d.day),
                format_duration(d.shown),
                format_duration(d.target),
                _signed(d.shown_balance) if d.seconds or d.target else "",
            ]
            + ([format_duration(d.shown_billable)] if billable else [])
            for d in review.days
        ]
        return [head, *body]
    lines = review.breakdown(by).lines  # type: ignore[arg-type]
    money = billable and any(line.amounts for line in lines)
    head = [by.capitalize(), "Time", "Share"] + (["Billable"] if billable else [])
    head += ["Amount"] if money else []
    body = [
        [line.label, format_duration(line.shown), f"{round(line.share * 100)}%"]
        + ([format_duration(line.shown_billable)] if billable else [])
        + ([_money(line.amounts)] if money else [])
        for line in lines
    ]
    return [head, *body]


def by_table(review: Review, by: str, snap: Snapshot) -> str:
    billable = snap.capabilities.billable
    workspace = snap.workspace.name if snap.workspace else "?"
    out = [f"{workspace} · {days_text(review.first, review.last)} · {snap.tz.key}"]
    total = (
        f"Total {format_duration(review.shown_total)} of {format_duration(review.target)} target"
        f" ({_signed(review.shown_balance)})"
    )
    if billable:
        total += (
            f" · billable {format_duration(review.shown_billable)}"
            f" · non-billable {format_duration(review.shown_non_billable)}"
        )
        if review.amounts:
            total += f" · {_money(review.amounts)}"
    if review.time_off:
        total += f" · incl. {format_duration(review.time_off)} time off"
    if review.running:
        total += f" · +{format_duration(review.running)} running, not counted"
    out += [total, ""]
    table = _rows(review, by, billable)
    if len(table) == 1:
        out.append("No time in these days.")
    else:
        widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
        for n, row in enumerate(table):
            cells = [row[0].ljust(widths[0])]
            cells += [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
            out.append("  ".join(cells).rstrip())
            if n == 0:
                out.append("  ".join("-" * w for w in widths))
    if review.problems:
        count = len(review.problems)
        out += ["", f"{count} problem{'' if count == 1 else 's'}:"]
        out += [f"  {day_text(p.day)}  {p.message}" for p in review.problems]
    return "\n".join(out)


def by_csv(review: Review, by: str, snap: Snapshot) -> str:
    """Machine-readable: seconds as integers, shares as percentages with one decimal."""
    billable = snap.capabilities.billable
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if by == "day":
        writer.writerow(["date", "seconds", "target", "balance", "billable"])
        for d in review.days:
            writer.writerow(
                [d.day.isoformat(), d.seconds, d.target, d.balance, d.billable if billable else ""]
            )
        return out.getvalue()
    writer.writerow(["name", "seconds", "share_percent", "billable", "amounts"])
    for line in review.breakdown(by).lines:  # type: ignore[arg-type]
        writer.writerow(
            [
                line.label,
                line.seconds,
                f"{line.share * 100:.1f}",
                line.billable if billable else "",
                "; ".join(f"{m} {c}" for c, m in line.amounts),
            ]
        )
    return out.getvalue()
