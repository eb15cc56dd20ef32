"""`X`: stop the running timer at a time typed in (``9:15``, ``-10m``, ``10m ago``), as
`punch stop --at` does: the same reading of times (:func:`tui.domain.when.parse_when`), the
same rules and messages (the store's ``stop_timer(at=...)``).

A time that cannot be read is said in the dialog, which stays open with what was typed; what
the store refuses (a time in the future, before the timer started) is said on the status
line, word for word as the command line says it.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from tui.domain.when import WhenError, parse_when
from tui.screens.line_prompt import LinePromptScreen
from tui.session import Session
from tui.store import Store
from tui.store.snapshot import Snapshot
from tui.widgets.timer_bar import timer_view

TIMES = "9:15, 5pm, -10m, 10m ago, yesterday 17:00"


def ask_stop_time(screen: Screen[Any], session: Session, snap: Snapshot, store: Store) -> None:
    view = timer_view(snap)
    if view is None:
        session.say("Nothing is running", "warning")
        return
    what = f"“{view.description}” · {view.path}" if view.description else view.path

    def check(text: str) -> str | None:
        if not text:
            return f"Type when it stopped: {TIMES}"
        try:
            parse_when(text, store.server_now(), snap.tz)
        except WhenError as err:
            return str(err)
        return None

    def answered(text: str | None) -> None:
        if text is None:
            return  # Esc: the timer runs on
        # Read again at Enter's moment on the store's clock, as `punch stop --at` reads it.
        try:
            at = parse_when(text, store.server_now(), snap.tz)
        except WhenError as err:  # "-0m" read a moment ago may have just turned
            session.say(str(err), "error")
            return
        session.run_edit(lambda store: store.stop_timer(at=at))

    screen.app.push_screen(
        LinePromptScreen(
            "Stop the timer at",
            label=f"{what} — since {view.since}",
            placeholder=TIMES,
            hint="enter stops · esc cancels",
            check=check,
        ),
        answered,
    )
