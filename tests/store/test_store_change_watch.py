"""The change watch: one cheap question per interval, a reload only when the answer is yes,
one task however often it is started, and an end when stopped or when the backend closes."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.frozen_time import frozen_store
from tui.backends.errors import BackendError
from tui.backends.local import LocalBackend
from tui.store.change_watch import ChangeWatcher


class Answers:
    """A ChangeWatch that answers from a script, then says no."""

    def __init__(self, *answers: bool | Exception) -> None:
        self.answers = list(answers)
        self.asked = 0

    async def changed_elsewhere(self) -> bool:
        self.asked += 1
        answer = self.answers.pop(0) if self.answers else False
        if isinstance(answer, Exception):
            raise answer
        return answer


async def until(condition: object, rounds: int = 400) -> None:
    for _ in range(rounds):
        if callable(condition) and condition():
            return
        await asyncio.sleep(0.005)
    raise AssertionError("never happened")


async def test_reloads_only_when_another_process_changed_something() -> None:
    backend = Answers(False, True, BackendError("busy"), False, True)
    reloads: list[int] = []

    async def reload() -> None:
        reloads.append(backend.asked)

    watcher = ChangeWatcher(backend, reload=reload, interval=0.001)
    watcher.start()
    watcher.start()  # still one task
    await until(lambda: backend.asked >= 7)
    await watcher.stop()
    assert reloads == [2, 5]  # a busy file is asked again on the next round
    assert not watcher.running


async def test_ends_when_the_backend_is_closed(store_path: Path) -> None:
    backend = LocalBackend(store_path)
    calls: list[str] = []

    async def reload() -> None:
        calls.append("reload")

    watcher = ChangeWatcher(backend, reload=reload, interval=0.001)
    watcher.start()
    await asyncio.sleep(0.01)
    await backend.aclose()
    await until(lambda: not watcher.running)
    assert calls == []


async def test_a_store_without_the_watch_asks_nothing(store_path: Path) -> None:
    """The CLI's one-shot stores never start it."""

    class Counting(LocalBackend):
        asked = 0

        async def changed_elsewhere(self) -> bool:
            Counting.asked += 1
            return await super().changed_elsewhere()

    store = frozen_store(Counting(store_path))
    try:
        await store.open()
        await asyncio.sleep(0.05)
        assert Counting.asked == 0
    finally:
        await store.backend.aclose()
