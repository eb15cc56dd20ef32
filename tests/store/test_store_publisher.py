"""The publisher on its own: subscribers in order, the grid rebuilt only when its inputs
change, kept rows shown at zero, undo state read from the history."""

from __future__ import annotations

from datetime import timedelta

from tests.frozen_time import FROZEN_NOW
from tests.store.parts import first_snapshot
from tui.domain.models import TimeEntry, Workspace
from tui.store.history import History, Step
from tui.store.publisher import Publisher

WS = Workspace(id="ws1", name="Personal")


def entry() -> TimeEntry:
    return TimeEntry(
        id="e1",
        workspace_id=WS.id,
        start=FROZEN_NOW - timedelta(hours=2),
        end=FROZEN_NOW - timedelta(hours=1),
    )


def test_subscribers_are_called_in_order_and_can_leave() -> None:
    publisher = Publisher(first_snapshot(), lambda: FROZEN_NOW, History())
    calls: list[str] = []
    publisher.subscribe(lambda s: calls.append(f"first:{s.message}"))
    leave = publisher.subscribe(lambda s: calls.append(f"second:{s.message}"))
    publisher.say("one")
    leave()
    publisher.say("two")
    assert calls == ["first:one", "second:one", "first:two"]


def test_the_grid_is_rebuilt_only_when_its_inputs_change() -> None:
    publisher = Publisher(first_snapshot(), lambda: FROZEN_NOW, History())
    publisher.publish(workspace=WS, entries=(entry(),), loading=False)
    grid = publisher.snapshot.grid
    assert grid.total == 3600
    publisher.say("a message")
    assert publisher.snapshot.grid is grid  # the same object: nothing was rebuilt
    publisher.publish(entries=())
    assert publisher.snapshot.grid is not grid
    assert publisher.snapshot.grid.total == 0


def test_a_kept_row_shows_at_zero_in_its_own_week_only() -> None:
    publisher = Publisher(first_snapshot(), lambda: FROZEN_NOW, History())
    publisher.publish(workspace=WS, loading=False)
    week = publisher.snapshot.week
    publisher.kept_rows.keep(WS.id, week, ("p1", None))
    publisher.kept_rows.keep(WS.id, week, ("p1", None))  # once is enough
    publisher.publish()
    assert [row.key for row in publisher.snapshot.grid.rows] == [("p1", None)]
    publisher.publish(week=week + timedelta(days=7))
    assert publisher.snapshot.grid.rows == ()
    publisher.kept_rows.drop(WS.id, week, ("p1", None))
    publisher.publish(week=week)
    assert publisher.snapshot.grid.rows == ()


def test_undo_state_comes_from_the_history_on_every_publish() -> None:
    history = History()
    publisher = Publisher(first_snapshot(), lambda: FROZEN_NOW, history)
    publisher.publish()
    assert not publisher.snapshot.can_undo
    history.record(Step("an edit", WS.id, publisher.snapshot.week, ((None, entry()),)))
    publisher.publish()
    assert publisher.snapshot.can_undo
    assert not publisher.snapshot.can_redo
