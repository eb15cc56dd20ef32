"""The undo/redo stacks on their own: depth, what a new edit clears, where a replay goes."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tui.domain.models import TimeEntry
from tui.store.history import UNDO_DEPTH, History, Step

WEEK = date(2026, 11, 16)


def entry(entry_id: str, hour: int = 9) -> TimeEntry:
    return TimeEntry(
        id=entry_id,
        workspace_id="ws",
        start=datetime(2026, 11, 16, hour, tzinfo=UTC),
        end=datetime(2026, 11, 16, hour + 1, tzinfo=UTC),
    )


def step(label: str) -> Step:
    return Step(label, "ws", WEEK, ((None, entry(label)),))


def test_the_depth_keeps_the_newest_steps_and_drops_the_oldest() -> None:
    history = History()
    for n in range(UNDO_DEPTH + 1):
        history.record(step(f"edit {n}"))
    undone = []
    while (taken := history.take_undo()) is not None:
        undone.append(taken.label)
    assert len(undone) == UNDO_DEPTH == 200
    assert undone[0] == f"edit {UNDO_DEPTH}"  # newest first
    assert undone[-1] == "edit 1"  # "edit 0", the oldest, was dropped
    assert not history.can_undo


def test_a_new_edit_clears_what_could_be_redone() -> None:
    history = History()
    history.record(step("a"))
    history.record(step("b"))
    taken = history.take_undo()
    assert taken is not None
    assert taken.label == "b"
    history.undone(taken, ok=True)
    assert history.can_redo
    history.record(step("c"))
    assert not history.can_redo
    assert history.take_redo() is None
    labels = [history.take_undo(), history.take_undo()]
    assert [s.label for s in labels if s] == ["c", "a"]


def test_a_failed_replay_puts_the_step_back_where_it_was() -> None:
    history = History()
    history.record(step("a"))
    taken = history.take_undo()
    assert taken is not None
    history.undone(taken, ok=False)  # the backend refused the undo
    assert history.can_undo
    assert not history.can_redo
    again = history.take_undo()
    assert again is taken
    history.undone(again, ok=True)
    redo = history.take_redo()
    assert redo is taken
    history.redone(redo, ok=False)
    assert history.can_redo
    assert not history.can_undo


def test_a_step_that_never_reached_the_backend_is_forgotten() -> None:
    history = History()
    kept, failed = step("kept"), step("failed")
    history.record(kept)
    history.record(failed)
    history.forget(failed)
    assert history.take_undo() is kept
    history.forget(failed)  # twice is harmless
    assert not history.can_undo


def test_the_inverse_undoes_the_last_change_first() -> None:
    a, b = entry("a", 9), entry("b", 11)
    moved = b.replace(description="moved")
    made = Step("two", "ws", WEEK, ((None, a), (b, moved)))
    assert made.inverse() == ((moved, b), (a, None))
