"""The week in three lines: time against the target, billable against non-billable time and
its amount, then the comparison with the week before and with the average of earlier weeks."""

from __future__ import annotations

from datetime import date

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from tui.domain.durations import format_duration
from tui.domain.review import PeriodTotals, Review, format_amount
from tui.widgets.day_bars import signed


def short_range(first: date, last: date) -> str:
    """``9–15 Nov``, or ``26 Oct–1 Nov`` across a month."""
    if first.month == last.month:
        return f"{first.day}–{last.day} {last:%b}"
    return f"{first.day} {first:%b}–{last.day} {last:%b}"


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "—"


def summary_text(
    review: Review,
    *,
    show_billable: bool = True,
    history_error: str = "",
    narrow: bool = False,
    stacked: bool = False,
    brief_week: bool = False,
    styles: dict[str, Style | str] | None = None,
) -> Text:
    """The summary; ``narrow`` words the comparison briefly, ``stacked`` gives each of its two
    weeks a line, ``brief_week`` words the week as a day bar does (``16:00 / 40:00  -24:00``)."""
    style = {"over": "", "under": "", "dim": "dim", **(styles or {})}
    # The figures as shown (docs/review.md), so total - target = balance by eye.
    balance = review.shown_balance
    text = Text.assemble(
        ("Week ", "bold"),
        (format_duration(review.shown_total), "bold"),
        f" / {format_duration(review.target)}  "
        if brief_week
        else f" of {format_duration(review.target)} target ",
        (signed(balance), style["over"] if balance > 0 else style["under"] if balance else ""),
    )
    if review.time_off:
        text.append(f"  ·  incl. {format_duration(review.time_off)} time off", style["dim"])
    if review.running:
        text.append(f"  ·  +{format_duration(review.running)} running, not counted", style["dim"])
    if show_billable:
        text.append(
            f"\nBillable {format_duration(review.shown_billable)} "
            f"({_percent(review.shown_billable, review.shown_total)})"
            f"  ·  non-billable {format_duration(review.shown_non_billable)}"
        )
        if review.amounts:
            text.append("  ·  " + ", ".join(format_amount(c, m) for c, m in review.amounts))
        if review.amounts and review.unpriced_billable:
            text.append(
                f" (+{format_duration(review.unpriced_billable)} billable without a rate)",
                style["dim"],
            )
    text.append("\n")
    comparison = review.comparison
    if comparison is None:
        text.append(history_error or "Reading earlier weeks to compare with…", style["dim"])
        return text

    def versus(name: str, totals: PeriodTotals) -> None:
        text.append(f"vs {name}{short_range(totals.first, totals.last)} ")
        text.append(format_duration(totals.shown), "bold")
        # Worked time against worked time: earlier weeks are read without their time off.
        delta = signed(review.shown_total - review.time_off - totals.shown)
        text.append(f" ({delta})" if narrow else f": this week {delta}")

    versus("" if narrow else "last week ", comparison.previous)
    text.append("\n" if stacked else "  ·  ")
    average = f"{comparison.weeks}-week avg " if narrow else f"{comparison.weeks}-week average "
    versus(average, comparison.average)
    if history_error:
        text.append(f"  ·  {history_error}", style["dim"])
    return text


WORDINGS = ((False, False, False), (True, False, False), (True, True, False), (True, True, True))
"""(narrow, stacked, brief_week), fullest first."""


class ReviewSummary(Static):
    COMPONENT_CLASSES = {"review-summary--over", "review-summary--under", "review-summary--dim"}

    def show(
        self,
        review: Review,
        *,
        show_billable: bool = True,
        history_error: str = "",
    ) -> None:
        """The summary in the fullest wording whose lines fit the width: the comparison in
        words, then briefly, then briefly on two lines, then the week's line briefly too, so
        a figure is never wrapped away from its words."""
        styles: dict[str, Style | str] = {
            name: self.get_component_rich_style(f"review-summary--{name}", partial=True)
            for name in ("over", "under", "dim")
        }
        # Before the first layout the widget has no size yet: the screen's width less the
        # padding is what it will get.
        room = self.content_size.width or self.screen.size.width - self.styles.gutter.width
        for narrow, stacked, brief_week in WORDINGS:
            text = summary_text(
                review,
                show_billable=show_billable,
                history_error=history_error,
                narrow=narrow,
                stacked=stacked,
                brief_week=brief_week,
                styles=styles,
            )
            if max(line.cell_len for line in text.split("\n")) <= room:
                break
        self.update(text)
