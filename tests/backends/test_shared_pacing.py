"""One rate limit for every punch process of a profile (tui/backends/shared_pacing.py).

Two processes, each a Clockify backend as a `punch serve` tab opens it, send a burst at the
same moment to the fake Clockify, which answers 429 to more than 50 requests a second in a
workspace. Counted over both processes through the profile's pacing file, the bursts stay
within the limit: the fake answers 429 to none. The same two processes with the pacing kept
to each would send up to twice the limit: the limiter's own two-process tests show the
difference on the machine's clock, whatever the machine's speed. Nothing here is timed;
the fake and the stamps count.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakes.clockify import FakeClockify, State
from tui.backends.pacing import RateLimiter
from tui.backends.shared_pacing import SharedRateLimiter, rate_limiter

REPO = Path(__file__).resolve().parents[2]
BURST = 70  # per process: more than the fake's 50 a second, and two of them at once

CHILD = """
import asyncio, sys
from tui.backends.clockify import ClockifyBackend

async def main() -> None:
    key, url, ws, burst = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    backend = ClockifyBackend(key, url)  # the machine's clock: as a tab opens it
    print("ready", flush=True)
    sys.stdin.readline()  # both start together
    answers = await asyncio.gather(
        *(backend.http.get(f"/workspaces/{ws}/tags") for _ in range(burst))
    )
    await backend.aclose()
    print(sum(1 for a in answers if a.status_code == 200), backend.http.requests_sent, flush=True)

asyncio.run(main())
"""


@pytest.fixture
def fake() -> Iterator[FakeClockify]:
    state = State()
    state.add_workspace("Personal")
    with FakeClockify(state) as server:  # 50 requests a second per workspace, then 429
        yield server


def together(argv: list[str], env: dict[str, str] | None = None) -> list[str]:
    """Two processes of ``argv`` told to go at the same moment (each prints "ready" and
    waits for a line); what each printed after."""
    children = [
        subprocess.Popen(
            argv, cwd=REPO, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    for child in children:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    return [child.communicate(timeout=120)[0] for child in children]


def bursts(fake: FakeClockify, env: dict[str, str]) -> list[tuple[int, int]]:
    """Two processes send ``BURST`` requests each, at once; each one's (answered, sent)."""
    ws = next(iter(fake.state.spaces))
    argv = [sys.executable, "-c", CHILD, fake.api_key, fake.base_url, ws, str(BURST)]
    results = []
    for out in together(argv, env):
        answered, sent = out.split()
        results.append((int(answered), int(sent)))
    return results


def test_two_processes_keep_to_one_limit_together(fake: FakeClockify, tmp_path: Path):
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    env.pop("PUNCHCARD_SHARED_PACING", None)
    results = bursts(fake, env)
    assert fake.throttled == 0
    assert results == [(BURST, BURST), (BURST, BURST)]  # every request answered, none again
    assert (tmp_path / "data" / "punchcard" / "pacing.sqlite3").exists()
    assert len(fake.sent("GET", r"/workspaces/[^/]+/tags")) == 2 * BURST


LIMIT, PER = 5, 3.0
LIMITER_CHILD = f"""
import asyncio, sys, time
from pathlib import Path
from tui.backends.pacing import RateLimiter
from tui.backends.shared_pacing import SharedRateLimiter

async def main() -> None:
    path, shared = Path(sys.argv[1]), sys.argv[2] == "1"
    limiter = (
        SharedRateLimiter({LIMIT}, {PER}, path=path, scope="s")
        if shared
        else RateLimiter({LIMIT}, {PER})
    )
    print("ready", flush=True)
    sys.stdin.readline()
    stamps = []

    async def one() -> None:
        async with limiter.slot("ws"):
            stamps.append(time.monotonic())

    await asyncio.gather(*(one() for _ in range({LIMIT})))
    print(" ".join(map(repr, stamps)), flush=True)

asyncio.run(main())
"""


def slots_taken(tmp_path: Path, shared: bool) -> list[float]:
    """Two processes each take a whole window's slots at once; when each slot was taken, on
    the machine's clock (the same in both)."""
    path = tmp_path / "pacing.sqlite3"
    argv = [sys.executable, "-c", LIMITER_CHILD, str(path), "1" if shared else "0"]
    stamps = [float(stamp) for out in together(argv) for stamp in out.split()]
    assert len(stamps) == 2 * LIMIT
    return sorted(stamps)


def busiest_window(stamps: list[float]) -> int:
    return max(sum(1 for t in stamps if first <= t < first + PER) for first in stamps)


def test_two_processes_never_take_more_than_one_window_together(tmp_path: Path):
    """Shared, the second process's slots come only once the first's have left the window,
    however fast or slow the machine is."""
    assert busiest_window(slots_taken(tmp_path, shared=True)) <= LIMIT


def test_kept_to_each_process_two_processes_take_twice_the_window(tmp_path: Path):
    """The check that the result above means something: each counting alone, both take
    their slots at once."""
    assert busiest_window(slots_taken(tmp_path, shared=False)) == 2 * LIMIT


def test_the_machines_clock_shares_and_a_tests_own_clock_does_not(tmp_path: Path):
    async def no_sleep(seconds: float) -> None:
        return None

    assert isinstance(rate_limiter(5, 1.0, scope="s"), SharedRateLimiter)
    local = rate_limiter(5, 1.0, scope="s", sleep=no_sleep)
    assert type(local) is RateLimiter
    assert type(rate_limiter(5, 1.0, scope="s", clock=lambda: 0.0)) is RateLimiter


async def test_a_burst_in_one_limiter_fills_the_window_of_another_on_the_same_file(
    tmp_path: Path,
):
    """Two limiters on one file stand for two processes: room taken by one is not the
    other's. Three a minute: after three requests split between them, neither may send a
    fourth (the next look says how long to wait), while another service's window is empty."""
    path = tmp_path / "pacing.sqlite3"
    first = SharedRateLimiter(3, 60.0, path=path, scope="clockify x")
    second = SharedRateLimiter(3, 60.0, path=path, scope="clockify x")
    other_scope = SharedRateLimiter(3, 60.0, path=path, scope="clicktime y")
    for limiter in (first, first, second):
        async with limiter.slot("ws"):
            pass
    for limiter in (first, second):
        row, wait = limiter._try_take("ws")
        assert row is None
        assert 0 < wait <= 60.0
    row, _ = second._try_take("another workspace")
    assert row is not None
    row, _ = other_scope._try_take("ws")
    assert row is not None
    for limiter in (first, second, other_scope):
        limiter.close()


def test_a_request_of_a_process_that_died_stops_counting(tmp_path: Path):
    path = tmp_path / "pacing.sqlite3"
    limiter = SharedRateLimiter(1, 60.0, path=path, scope="s")
    row, _ = limiter._try_take("k")  # in flight, never answered
    assert row is not None
    assert limiter._try_take("k")[0] is None
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    limiter._connect().execute("UPDATE sent SET owner = ?", (f"{dead}-0000",))
    assert limiter._try_take("k")[0] is not None  # the dead one's request no longer counts
    limiter.close()


async def test_an_unusable_file_falls_back_to_this_process_alone(tmp_path: Path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the data folder should be")
    limiter = SharedRateLimiter(2, 1.0, path=blocked / "pacing.sqlite3", scope="s")
    async with limiter.slot():
        pass
    async with limiter.slot():
        pass  # no error: pacing never fails a request


def test_a_limiter_that_gives_up_on_the_file_lets_go_of_its_requests(tmp_path: Path):
    """Counting alone after the file failed, a process's requests in flight no longer hold
    the other processes back (else they would wait for them to go stale)."""
    path = tmp_path / "pacing.sqlite3"
    failing = SharedRateLimiter(1, 60.0, path=path, scope="s")
    other = SharedRateLimiter(1, 60.0, path=path, scope="s")
    assert failing._try_take("k")[0] is not None  # in flight when the file fails
    assert other._try_take("k")[0] is None
    failing._give_up()
    assert other._try_take("k")[0] is not None
    other.close()


async def test_requests_waiting_when_the_file_fails_never_go_back_to_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A look fails while more requests of the process wait their turn: they count alone
    from then on. Had they gone back to the file, their rows would never be marked answered
    (a limiter that gave up marks nothing) and would hold every process back for STALE
    seconds: the two-process test's hang."""
    path = tmp_path / "pacing.sqlite3"
    failing = SharedRateLimiter(20, 60.0, path=path, scope="s")
    real_take = failing._try_take
    looks = 0

    def second_look_fails(key: str) -> tuple[int | None, float]:
        nonlocal looks
        looks += 1
        if looks == 2:
            raise sqlite3.OperationalError("database is locked")
        return real_take(key)

    monkeypatch.setattr(failing, "_try_take", second_look_fails)

    async def one() -> None:
        async with failing.slot("k"):
            await asyncio.sleep(0)

    await asyncio.gather(*(one() for _ in range(10)))
    assert looks == 2  # the eight behind the failure never looked at the file again
    with sqlite3.connect(path) as conn:
        left = conn.execute("SELECT count(*) FROM sent WHERE answered IS NULL").fetchone()[0]
    assert left == 0
    other = SharedRateLimiter(1, 60.0, path=path, scope="s")
    assert other._try_take("k")[0] is not None
    other.close()
