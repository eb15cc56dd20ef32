"""The week grid's totals as they are shown: each cell rounded once, every total the sum of
the cells as shown (docs/review.md), so a column, a row and the week add up by eye. The
grid itself keeps exact seconds, for `punch week --json` and the exports."""

from __future__ import annotations

from tui.domain.durations import shown_sum
from tui.domain.timesheet import GridRow, WeekGrid


def shown_row_total(row: GridRow) -> int:
    return shown_sum(row.seconds)


def shown_day_totals(grid: WeekGrid) -> tuple[int, ...]:
    return tuple(
        shown_sum(row.seconds[index] for row in grid.rows) for index in range(len(grid.days))
    )
