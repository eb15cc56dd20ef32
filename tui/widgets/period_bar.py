"""The line above the grid (and in the review) that says which timesheet period each shown
day belongs to and its state: open, submitted, approved, rejected (with the approver's
comment) or locked. Hidden where the backend has no timesheets."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.markup import escape
from textual.widgets import Static

from tui.domain.periods import TimesheetPeriod

_STYLES = {
    "open": "",
    "rejected": "bold $error",
    "submitted": "bold $warning",
    "approved": "bold $success",
    "locked": "bold $text-muted",
}


def describe(periods: Sequence[TimesheetPeriod], days: Sequence[date]) -> list[tuple[str, str]]:
    """(text, style) pieces for the periods that hold ``days``: their span (and which of the
    shown days they hold when the week is split), state and what to do."""
    shown = [p for p in periods if any(p.holds(d) for d in days)]
    pieces: list[tuple[str, str]] = [("Timesheet " if len(shown) == 1 else "Timesheets ", "")]
    for n, period in enumerate(shown):
        if n:
            pieces.append(("  ·  ", "dim"))
        held = [d for d in days if period.holds(d)]
        which = f"{held[0]:%a}" + (f"–{held[-1]:%a}" if len(held) > 1 else "")
        part = "" if len(held) == len(days) else f" (shown {which})"
        pieces.append((f"{period.span}{part}: ", ""))
        state = period.shown_state
        pieces.append((state, _STYLES.get(state, "")))
        if period.locked:
            pieces.append((f", read-only — {period.what_to_do}", "dim"))
        elif period.state == "rejected":
            said = f" “{period.comment}”" if period.comment else ""
            pieces.append((f" by your approver{said} — fix it and submit again", ""))
    return pieces


class PeriodBar(Static):
    DEFAULT_CSS = """
    PeriodBar {
        height: auto;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[tuple[TimesheetPeriod, ...], tuple[date, ...]] | None = None

    def show(self, periods: Sequence[TimesheetPeriod], days: Sequence[date]) -> None:
        """Say the periods of ``days``; hidden when there are none (no relayout otherwise)."""
        key = (tuple(periods), tuple(days))
        if key == self._shown:
            return
        self._shown = key
        visible = any(p.holds(d) for p in periods for d in days)
        if visible:
            self.update(markup(describe(periods, days)))
        if self.display != visible:
            self.display = visible


def markup(pieces: Sequence[tuple[str, str]]) -> str:
    """The pieces as content markup (theme colours), the texts escaped."""
    return "".join(
        f"[{style}]{escape(text)}[/]" if style else escape(text) for text, style in pieces
    )
