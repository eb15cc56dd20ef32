"""Export the shown week from any screen: the review's `e`, and `E` (or the palette's
"Export week…") on the grid, the timer and the projects.

Both ask with :class:`~tui.screens.export_choice.ExportChoiceScreen` and write the same
files: a screen other than the review builds the week's review first (with the four weeks
before it, for the JSON's comparisons), as the review would show it.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual.binding import Binding

from tui.domain.review import Review
from tui.domain.weeks import week_label
from tui.reports.export import ExportFormat, export_review
from tui.store.review import ReviewLoader, review_of
from tui.store.snapshot import Severity, Snapshot

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui.session import Session

    _ScreenBase = Screen[None]
else:
    _ScreenBase = object

EXPORT_LABEL = "Export week…"

# Bindings must sit on the screen class itself (Textual merges BINDINGS of DOM classes only).
EXPORT_BINDINGS = [
    Binding("E", "export_week", "Export", show=False, id="export-week", tooltip=EXPORT_LABEL),
]


async def write_export(review: Review, snap: Snapshot, fmt: ExportFormat) -> tuple[str, Severity]:
    """Write the export; what to tell the user, and how loudly."""
    try:
        path = await export_review(review, snap, fmt)
    except OSError as err:
        return f"Could not export: {err.strerror or err}", "error"
    return f"Exported {fmt.upper()} to {path}", "information"


class ExportsWeek(_ScreenBase):
    """Mix into a screen that has ``session`` and says its messages through it."""

    if TYPE_CHECKING:
        session: Session

    def action_export_week(self) -> None:
        from tui.screens.export_choice import ExportChoiceScreen

        store, snap = self.session.store, self.session.snapshot
        if store is None or snap is None or snap.workspace is None or snap.loading:
            self.session.say("The week is still loading", "warning")
            return
        week = snap.week

        def chosen(fmt: ExportFormat | None) -> None:
            if fmt is not None:
                self.run_worker(self._export_week(week, fmt), group="export-week")

        self.app.push_screen(ExportChoiceScreen(week_label(week)), chosen)

    async def _export_week(self, week: date, fmt: ExportFormat) -> None:
        store = self.session.store
        # Loading another week would move the grid: only the week that was chosen is read.
        if store is None or store.snapshot.week != week:
            return
        history = await ReviewLoader(store).load(week)
        snap = store.snapshot
        if history is None or snap.week != week:
            return  # the week moved on meanwhile: that is not the one the user chose
        review = review_of(snap, self.session.settings, store.now(), history)
        self.session.say(*await write_export(review, snap, fmt))
