"""The HTTP plumbing against the fake Clockify over real loopback HTTP: pagination, retries
of reads, writes that are never duplicated, the rate limiter, and errors users can read."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from tests.fakes.clockify import State
from tests.fakes.clockify.testing import connected, no_sleep, serving
from tui.backends.base import Backend
from tui.backends.clockify import paging
from tui.backends.errors import (
    AuthError,
    BackendError,
    NotFoundError,
    OfflineError,
    RateLimitedError,
)
from tui.backends.http import InsecureURLError, check_base_url
from tui.backends.pacing import RateLimiter, backoff_seconds, retry_after_seconds
from tui.domain.models import EntryFields

T0 = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)
H = timedelta(hours=1)
TAGS = "/workspaces/[^/]+/tags"
ENTRIES = "/workspaces/[^/]+/time-entries"


def three_tags_state() -> State:
    state = State()
    space = state.add_workspace("Personal")
    for name in ("a", "b", "c", "d", "e"):
        state.add_tag(space, name)
    return state


async def ws_of(backend: Backend) -> str:
    return (await backend.list_workspaces())[0].id


# ---------------------------------------------------------------- pagination


@pytest.mark.parametrize("header", ["Last-Page", "last-page", "LAST-PAGE"])
async def test_pagination_stops_on_last_page_in_any_letter_case(header: str) -> None:
    with serving(three_tags_state(), last_page_header=header) as fake:
        async with connected(fake) as backend:
            ws = await ws_of(backend)
            pages = await paging.paginate(backend.http, f"/workspaces/{ws}/tags", page_size=2)
    assert [t["name"] for t in pages] == ["a", "b", "c", "d", "e"]
    sent = fake.sent("GET", TAGS)
    assert [(r.param("page"), r.param("page-size")) for r in sent] == [
        ("1", "2"),
        ("2", "2"),
        ("3", "2"),
    ]
    raw = sent[0]
    assert raw.headers.get("x-api-key") == fake.api_key


async def test_last_page_true_on_a_full_page_stops_at_once() -> None:
    state = three_tags_state()
    with serving(state, last_page_header="last-page") as fake:
        async with connected(fake) as backend:
            ws = await ws_of(backend)
            # Five tags, page size 5: a full page, but the header says it is the last.
            assert (
                len(await paging.paginate(backend.http, f"/workspaces/{ws}/tags", page_size=5)) == 5
            )
    assert len(fake.sent("GET", TAGS)) == 1


async def test_without_the_header_a_short_or_empty_page_ends_the_list() -> None:
    with serving(three_tags_state(), last_page_header=None) as fake:
        async with connected(fake) as backend:
            ws = await ws_of(backend)
            assert (
                len(await paging.paginate(backend.http, f"/workspaces/{ws}/tags", page_size=2)) == 5
            )
            assert len(fake.sent("GET", TAGS)) == 3  # 2 + 2 + 1: the short page ends it
            fake.forget_requests()
            assert (
                len(await paging.paginate(backend.http, f"/workspaces/{ws}/tags", page_size=5)) == 5
            )
            assert len(fake.sent("GET", TAGS)) == 2  # 5 + 0: the empty page ends it


# ---------------------------------------------------------------- reads retried


async def test_a_429_burst_is_waited_out_with_retry_after() -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    with serving() as fake:
        async with connected(fake, sleep=sleep) as backend:
            ws = await ws_of(backend)
            fake.fail("GET", TAGS, status=429, headers={"retry-after": "2"}, times=2)
            assert await backend.list_tags(ws) == []
    assert waits == [2.0, 2.0]
    assert len(fake.sent("GET", TAGS)) == 3


@pytest.mark.parametrize("status", [502, 503, 504])
async def test_gateway_errors_on_reads_are_retried_with_jittered_backoff(status: int) -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    with serving() as fake:
        async with connected(fake, sleep=sleep, rng=lambda: 0.5) as backend:
            ws = await ws_of(backend)
            fake.fail(
                "GET",
                TAGS,
                status=status,
                body=b"<html>busy</html>",
                headers={"content-type": "text/html"},
                times=2,
            )
            assert await backend.list_tags(ws) == []
    assert waits == [0.25 + 0.0625, 0.5 + 0.0625]


async def test_reads_give_up_after_a_bounded_number_of_tries() -> None:
    with serving() as fake:
        async with connected(fake, sleep=no_sleep) as backend:
            ws = await ws_of(backend)
            fake.fail("GET", TAGS, status=503, times=100)
            with pytest.raises(BackendError, match="no details"):
                await backend.list_tags(ws)
    assert len(fake.sent("GET", TAGS)) == 4


async def test_a_retry_after_longer_than_worth_waiting_is_an_answer() -> None:
    with serving() as fake:
        async with connected(fake, sleep=no_sleep) as backend:
            ws = await ws_of(backend)
            fake.fail("GET", TAGS, status=429, headers={"Retry-After": "3600"})
            with pytest.raises(RateLimitedError, match="3600 s"):
                await backend.list_tags(ws)


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds(
        format_datetime(now + timedelta(seconds=30), usegmt=True), now.timestamp()
    ) == pytest.approx(30)
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None
    assert [backoff_seconds(n, lambda: 0.0) for n in (1, 2, 3)] == [0.25, 0.5, 1.0]
    assert backoff_seconds(1, lambda: 1.0) == 0.375


async def test_a_slow_read_is_tried_again() -> None:
    with serving() as fake:
        async with connected(fake, timeout=0.3, sleep=no_sleep) as backend:
            ws = await ws_of(backend)
            fake.fail("GET", TAGS, delay=1.0)
            assert await backend.list_tags(ws) == []
    assert len(fake.sent("GET", TAGS)) == 2


# ---------------------------------------------------------------- writes never duplicated


async def test_a_create_whose_answer_is_lost_is_found_not_sent_again() -> None:
    with serving() as fake:
        async with connected(fake, timeout=0.3) as backend:
            ws = await ws_of(backend)
            fake.fail("POST", ENTRIES, process=True, delay=1.0)  # lands, answer too late
            made = await backend.create_entry(
                ws, EntryFields(start=T0, end=T0 + H, description="once")
            )
            listed = await backend.list_entries(ws, T0 - H, T0 + 2 * H)
    assert [e.id for e in listed] == [made.id]
    assert made.description == "once"
    assert len(fake.sent("POST", ENTRIES)) == 1


async def test_a_gateway_error_after_the_write_landed_is_not_a_duplicate() -> None:
    with serving() as fake:
        async with connected(fake) as backend:
            ws = await ws_of(backend)
            fake.fail("POST", ENTRIES, process=True, status=504, body=b"")
            made = await backend.create_entry(ws, EntryFields(start=T0, end=T0 + H))
            assert [e.id for e in await backend.list_entries(ws, T0, T0 + H)] == [made.id]


async def test_a_create_that_never_arrived_is_sent_once_more_after_looking() -> None:
    with serving() as fake:
        async with connected(fake, timeout=0.3) as backend:
            ws = await ws_of(backend)
            fake.fail("POST", ENTRIES, status=504, delay=1.0)  # hangs, does nothing
            made = await backend.create_entry(ws, EntryFields(start=T0, end=T0 + H))
            assert [e.id for e in await backend.list_entries(ws, T0, T0 + H)] == [made.id]
    assert len(fake.sent("POST", ENTRIES)) == 2
    looks = fake.sent("GET", "/workspaces/[^/]+/user/[^/]+/time-entries")
    assert looks, "the client must look on the server before sending again"


async def test_a_write_that_keeps_failing_says_nothing_was_saved() -> None:
    with serving() as fake:
        async with connected(fake) as backend:
            ws = await ws_of(backend)
            fake.fail(
                "POST",
                ENTRIES,
                status=502,
                body=b"<html>bad</html>",
                times=5,
                headers={"content-type": "text/html"},
            )
            with pytest.raises(BackendError, match="nothing was saved"):
                await backend.create_entry(ws, EntryFields(start=T0, end=T0 + H))
            assert await backend.list_entries(ws, T0, T0 + H) == []
    assert len(fake.sent("POST", ENTRIES)) == 2


async def test_an_update_whose_answer_is_lost_is_checked_not_resent() -> None:
    with serving() as fake:
        async with connected(fake, timeout=0.3) as backend:
            ws = await ws_of(backend)
            entry = await backend.create_entry(ws, EntryFields(start=T0, end=T0 + H))
            fake.fail("PUT", ENTRIES + "/[^/]+", process=True, delay=1.0)
            saved = await backend.update_entry(entry.replace(description="changed"))
    assert saved.description == "changed"
    assert len(fake.sent("PUT", ENTRIES + "/[^/]+")) == 1


async def test_a_delete_whose_answer_is_lost_is_checked_not_resent() -> None:
    with serving() as fake:
        async with connected(fake, timeout=0.3) as backend:
            ws = await ws_of(backend)
            entry = await backend.create_entry(ws, EntryFields(start=T0, end=T0 + H))
            fake.fail("DELETE", ENTRIES + "/[^/]+", process=True, delay=1.0)
            await backend.delete_entry(ws, entry.id)
            assert await backend.list_entries(ws, T0, T0 + H) == []
    assert len(fake.sent("DELETE", ENTRIES + "/[^/]+")) == 1


async def test_a_write_refused_with_429_is_sent_again() -> None:
    with serving() as fake:
        async with connected(fake, sleep=no_sleep) as backend:
            ws = await ws_of(backend)
            fake.fail("POST", ENTRIES, status=429, body=b"")
            await backend.create_entry(ws, EntryFields(start=T0, end=T0 + H))
            assert len(await backend.list_entries(ws, T0, T0 + H)) == 1
    assert len(fake.sent("POST", ENTRIES)) == 2


# ---------------------------------------------------------------- rate limit


async def test_limiter_keeps_any_one_second_window_under_the_limit() -> None:
    now = [0.0]

    async def sleep(seconds: float) -> None:
        now[0] += seconds

    limiter = RateLimiter(45, 1.0, clock=lambda: now[0], sleep=sleep)
    stamps = []
    for _ in range(140):
        await limiter.acquire("ws")
        stamps.append(now[0])
    for start in stamps:
        assert sum(start <= s < start + 1.0 for s in stamps) <= 45
    assert stamps[-1] >= 3.0  # 140 requests need at least three full windows
    await limiter.acquire("other")  # another workspace has its own budget
    assert now[0] == stamps[-1]


async def test_a_request_counts_until_a_window_after_its_answer() -> None:
    """The service counts a request when it arrives, somewhere between its sending and its
    answer; a slow answer must keep its place in the window, or a delayed burst could land in
    one of the service's windows together with the next one."""
    now = [0.0]

    async def sleep(seconds: float) -> None:
        now[0] += seconds

    limiter = RateLimiter(2, 1.0, clock=lambda: now[0], sleep=sleep)
    async with limiter.slot("ws"):
        now[0] = 0.9  # answered late
    await limiter.acquire("ws")  # the second of two in the window
    started = now[0]
    await limiter.acquire("ws")  # waits for the slow one: a full window after its answer
    assert now[0] - started == pytest.approx(1.0)
    assert now[0] == pytest.approx(1.9)


async def test_a_full_window_of_requests_in_flight_waits_for_an_answer() -> None:
    limiter = RateLimiter(1, 1.0)
    order: list[str] = []
    answered = asyncio.Event()

    async def slow() -> None:
        async with limiter.slot():
            order.append("first sent")
            await answered.wait()
            order.append("first answered")

    async def second() -> None:
        await limiter.acquire()
        order.append("second sent")

    first_task = asyncio.create_task(slow())
    await asyncio.sleep(0)
    second_task = asyncio.create_task(second())
    await asyncio.sleep(0.05)
    assert order == ["first sent"]  # nothing else goes while the window is in flight
    answered.set()
    await asyncio.wait_for(asyncio.gather(first_task, second_task), timeout=5)
    assert order == ["first sent", "first answered", "second sent"]


async def test_a_burst_of_requests_never_trips_the_servers_limit() -> None:
    # Scaled down so the test stays short: the server allows 20/s, the client sends 15/s.
    with serving(rate_limit=20) as fake:
        async with connected(fake, rate_limit=15) as backend:
            ws = await ws_of(backend)
            await asyncio.gather(
                *(
                    backend.http.get_json(f"/workspaces/{ws}/tags", {"page": 1, "page-size": 10})
                    for _ in range(32)
                )
            )
    assert fake.throttled == 0
    assert len(fake.sent("GET", TAGS)) == 32


# ---------------------------------------------------------------- errors


async def test_key_rejected_says_how_to_log_in_again() -> None:
    from tui.backends.clockify import ClockifyBackend

    with serving() as fake:
        wrong = ClockifyBackend("not-the-key", fake.base_url)
        try:
            with pytest.raises(AuthError, match="punch login clockify"):
                await wrong.get_user()
        finally:
            await wrong.aclose()
        from_env = ClockifyBackend("not-the-key", fake.base_url, key_from_env=True)
        try:
            with pytest.raises(AuthError, match="CLOCKIFY_API_KEY"):
                await from_env.get_user()
        finally:
            await from_env.aclose()


async def test_a_missing_entity_reported_as_400_501_is_not_found() -> None:
    with serving() as fake:
        async with connected(fake) as backend:
            ws = await ws_of(backend)
            with pytest.raises(NotFoundError, match="doesn't belong"):
                await backend.http.get_json(f"/workspaces/{ws}/clients/5f0000000000000000000000")


async def test_connection_refused_is_offline() -> None:
    with serving() as fake:
        url = fake.base_url
    from tui.backends.clockify import ClockifyBackend

    gone = ClockifyBackend("key", url)
    try:
        with pytest.raises(OfflineError, match="offline"):
            await gone.get_user()
    finally:
        await gone.aclose()


async def test_a_read_that_never_answers_ends_as_offline() -> None:
    with serving() as fake:
        async with connected(fake, timeout=0.2, sleep=no_sleep) as backend:
            fake.fail("GET", "/user", delay=0.6, times=10)
            with pytest.raises(OfflineError, match="did not answer in time"):
                await backend.get_user()


async def test_an_html_page_from_a_proxy_is_named_as_such() -> None:
    with serving() as fake:
        async with connected(fake, sleep=no_sleep) as backend:
            fake.fail(
                "GET",
                "/user",
                status=407,
                body=b"<html>Proxy login</html>",
                headers={"content-type": "text/html; charset=utf-8"},
            )
            with pytest.raises(BackendError, match="web page instead of data"):
                await backend.get_user()


def test_plain_http_to_another_host_is_refused_unless_allowed() -> None:
    from tui.backends.clockify import ClockifyBackend

    with pytest.raises(InsecureURLError, match="plain http"):
        ClockifyBackend("key", "http://gateway.example.com/clockify/api/v1")
    with pytest.raises(InsecureURLError):
        check_base_url("http://10.0.0.5/api/v1")
    assert check_base_url("http://127.0.0.1:9/api/v1/") == "http://127.0.0.1:9/api/v1"
    assert check_base_url("http://[::1]:9/x") == "http://[::1]:9/x"
    assert check_base_url("http://localhost/x") == "http://localhost/x"
    assert check_base_url("http://example.com/x", allow_insecure=True) == "http://example.com/x"
    with pytest.raises(InsecureURLError, match="not a web address"):
        check_base_url("ftp://example.com")


async def test_gateway_bearer_auth_sends_authorization_instead_of_x_api_key() -> None:
    state = State()
    state.add_workspace("Personal")
    with serving(state, auth="bearer", prefix="/clockify/api/v1") as fake:
        async with connected(fake, auth="bearer") as backend:
            user = await backend.get_user()
    assert user.name == "Ada"
    sent = fake.sent("GET", "/user")[0]
    assert sent.headers["authorization"] == f"Bearer {fake.api_key}"
    assert "x-api-key" not in sent.headers
