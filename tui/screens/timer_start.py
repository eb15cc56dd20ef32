"""`s` and `S`: a timer is given its description as it starts.

The prompt shows the row's last description, selected: Enter keeps it (so `s` then Enter
starts as `s` always did), typing replaces it, Backspace then Enter starts with none, and Esc
starts nothing (nor creates the row a picker named). The timer starts at the moment the key
was pressed, not when the prompt is answered: the time spent typing is counted.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from textual.screen import Screen

from tui.domain.models import TimeEntry
from tui.domain.safe_text import safe_text
from tui.domain.timer import same_work
from tui.domain.timesheet import RowKey
from tui.keys.order import KeyHolds
from tui.screens.line_prompt import LinePromptScreen
from tui.session import Session
from tui.store import Store
from tui.store.row_choice import RowChoice
from tui.store.snapshot import Snapshot

Target = RowKey | RowChoice
"""A row on the grid, or what the picker handed back (maybe a row to create)."""


def ask_description(
    screen: Screen[Any],
    session: Session,
    snap: Snapshot,
    store: Store,
    target: Target,
    started: Callable[[TimeEntry], None] | None = None,
    holds: KeyHolds | None = None,
) -> None:
    """Ask, then start ``target``; ``started`` is told what runs. With ``holds``, keys wait
    while a row the picker named is created, as they do for a row added with `a`."""
    pressed = store.server_now()
    key = target if isinstance(target, tuple) else target.key
    default = store.row_template(key).description if key is not None else ""

    def answered(text: str | None) -> None:
        if text is None:
            return  # Esc: nothing starts, as with every dialog

        async def start(store: Store) -> None:
            entry = await start_described(store, target, text, pressed)
            if entry is not None and started is not None:
                started(entry)

        creates = not isinstance(target, tuple) and target.key is None
        session.run_edit(holds.held(start) if holds is not None and creates else start)

    screen.app.push_screen(
        LinePromptScreen(
            f"Start a timer: {target_label(snap, target)}",
            default,
            label="Description (optional)",
            placeholder="what are you working on?",
            hint="enter starts · esc cancels",
        ),
        answered,
    )


async def start_described(
    store: Store, target: Target, description: str, pressed: datetime
) -> TimeEntry | None:
    if isinstance(target, tuple):
        key: RowKey | None = target
    else:
        key = target.key if target.key is not None else await store.add_picked_row(target)
    if key is None:
        return None
    fields = store.row_template(key).replace(description=safe_text(description))
    running = store.snapshot.running
    at: datetime | None = pressed
    if running is not None:
        # The same work again is "already running", never a split at the key's moment; a
        # timer started elsewhere meanwhile is switched from when it started, at the earliest.
        at = None if same_work(running, fields) else max(pressed, running.start)
    return await store.start_timer(fields, at=at)


def target_label(snap: Snapshot, target: Target) -> str:
    """``client › project › task`` of what is about to start, also of a row to create."""
    if isinstance(target, tuple):
        return snap.catalog.label(target)
    if target.key is not None:
        return snap.catalog.label(target.key)
    if target.project_id is not None:
        parts = [snap.catalog.label((target.project_id, None)), target.task]
    else:
        parts = [target.client, target.project, target.task]
    return " › ".join(part for part in parts if part)
