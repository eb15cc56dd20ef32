"""The pieces the weekly review counts: each finished entry's part on each local day, what
those pieces are worth where a rate is known, and how their time is shown (each grid cell
rounded once; see docs/review.md)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from zoneinfo import ZoneInfo

from tui.domain.durations import shown_sum
from tui.domain.models import TimeEntry
from tui.domain.timesheet import Catalog, row_key
from tui.domain.weeks import seconds_by_day

Amounts = tuple[tuple[str, int], ...]
"""(currency, amount in minor units), sorted by currency."""


@dataclass(frozen=True)
class Piece:
    """The part of one finished entry that falls on one day of the period."""

    entry: TimeEntry
    day: date
    seconds: int


def day_pieces(entries: Iterable[TimeEntry], days: Sequence[date], tz: ZoneInfo) -> list[Piece]:
    wanted = set(days)
    pieces = []
    seen: set[str] = set()
    for entry in entries:
        if entry.end is None or entry.id in seen:
            continue
        seen.add(entry.id)
        for day, seconds in seconds_by_day(entry.start, entry.end, tz).items():
            if day in wanted:
                pieces.append(Piece(entry, day, seconds))
    return pieces


def shown_cells(pieces: Iterable[Piece]) -> int:
    """The pieces' time as the screen shows it: summed per grid cell (row and day), each
    cell rounded once (:func:`~tui.domain.durations.shown_minutes`), the cells added up."""
    cells: dict[tuple[object, date], int] = {}
    for piece in pieces:
        cell = (row_key(piece.entry), piece.day)
        cells[cell] = cells.get(cell, 0) + piece.seconds
    return shown_sum(cells.values())


def round_half_up(value: Fraction) -> int:
    return int((value + Fraction(1, 2)).__floor__())


def _rate(piece: Piece, catalog: Catalog) -> tuple[str, int] | None:
    """(currency, minor units per hour) of a billable piece whose project has a known rate."""
    if not piece.entry.billable:
        return None
    project = catalog.projects.get(piece.entry.project_id or "")
    if project is None or project.hourly_rate is None or not project.currency:
        return None
    return project.currency, project.hourly_rate


def piece_amount(piece: Piece, catalog: Catalog) -> tuple[str, int] | None:
    """The billable amount of one piece in minor units, where its rate is known."""
    rate = _rate(piece, catalog)
    if rate is None:
        return None
    return rate[0], round_half_up(Fraction(piece.seconds * rate[1], 3600))


class Money:
    """Exact sums per currency, rounded to minor units once, at the end."""

    def __init__(self) -> None:
        self.sums: dict[str, Fraction] = {}
        self.unpriced = 0

    def add(self, piece: Piece, catalog: Catalog) -> None:
        if not piece.entry.billable:
            return
        rate = _rate(piece, catalog)
        if rate is None:
            self.unpriced += piece.seconds
            return
        currency, per_hour = rate
        amount = Fraction(piece.seconds * per_hour, 3600)
        self.sums[currency] = self.sums.get(currency, Fraction(0)) + amount

    def amounts(self) -> Amounts:
        return tuple((cur, round_half_up(value)) for cur, value in sorted(self.sums.items()))
