"""SVG snapshots of the weekly review on the seeded demo store, with the clock frozen.

Update after reviewing the change: `pytest tests/app/test_review_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import pytest

from tests.app.pilot_helpers import SMALL, WIDE, demo_app, pressing


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x36", "80x24"])
def test_review(snap_compare, size):
    assert snap_compare(demo_app(), terminal_size=size, run_before=pressing("r"))


def test_review_in_16_colours(snap_compare):
    # ansi-dark draws with the terminal's own 16 ANSI colours only.
    run = pressing("r", theme="ansi-dark")
    assert snap_compare(demo_app(), terminal_size=SMALL, run_before=run)


def test_review_of_last_week_by_tag(snap_compare):
    keys = ("r", "left_square_bracket", "b", "b")
    assert snap_compare(demo_app(), terminal_size=WIDE, run_before=pressing(*keys))


def test_export_choice(snap_compare):
    assert snap_compare(demo_app(), terminal_size=SMALL, run_before=pressing("r", "e"))
