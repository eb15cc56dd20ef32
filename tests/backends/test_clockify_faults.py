"""A Clockify that answers valid HTTP in the wrong shape, redirects, repeats ids across
pages, leaves an entry without its time, sends a body far too large, or never answers: a
typed error in words, or the readable part with the rest skipped and reported, never a
pydantic traceback and never a silent wrong total."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import partial

import pytest

from tests.fakes.clockify import State
from tests.fakes.clockify.server import FakeClockify
from tests.fakes.clockify.testing import connected, no_sleep, serving
from tui.backends.clockify import ClockifyBackend, paging
from tui.backends.errors import BackendError, OfflineError, RateLimitedError
from tui.backends.http import InsecureURLError
from tui.backends.http_limits import (
    MAX_BODY,
    Patience,
    RedirectError,
    TooLargeError,
    set_patience,
)
from tui.domain.safe_text import is_safe

JSON = {"content-type": "application/json"}
T0 = datetime(2026, 11, 16, 8, tzinfo=UTC)


@pytest.fixture
def fake() -> Iterator[FakeClockify]:
    state = State(timezone="UTC")
    state.add_workspace("Acme")
    with serving(state, validate=False) as server:
        yield server


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b"", "nothing where a user belongs"),
        (b"[]", "a list where a user belongs"),
        (b'{"id": null, "name": 3}', "a user"),
        (b'"just text"', "a user"),
    ],
)
async def test_a_user_in_the_wrong_shape_is_a_sentence(
    fake: FakeClockify, body: bytes, says: str
) -> None:
    fake.fail("GET", "/user", status=200, body=body, headers=JSON, times=10)
    async with connected(fake) as backend:
        with pytest.raises(BackendError) as caught:
            await backend.get_user()
    assert says in str(caught.value)
    assert "cannot read" in str(caught.value)


@pytest.mark.parametrize("body", [b'{"a": 1}', b'["x", 3]', b"null"])
async def test_workspaces_in_the_wrong_shape_are_a_sentence(
    fake: FakeClockify, body: bytes
) -> None:
    fake.fail("GET", "/workspaces", status=200, body=body, headers=JSON, times=10)
    async with connected(fake) as backend:
        with pytest.raises(BackendError, match="Clockify sent"):
            await backend.list_workspaces()


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308, 304, 300])
async def test_a_redirect_is_an_error_and_never_followed(fake: FakeClockify, status: int) -> None:
    with serving() as elsewhere:
        target = elsewhere.base_url + "/user"
        fake.fail("GET", "/user", status=status, headers={"location": target}, times=10)
        async with connected(fake) as backend:
            with pytest.raises(RedirectError) as caught:
                await backend.get_user()
        assert elsewhere.sent() == []  # the key never went to the other address
    assert f"HTTP {status}" in str(caught.value)


async def test_a_redirect_of_a_write_is_not_followed_and_says_so(fake: FakeClockify) -> None:
    async with connected(fake) as backend:
        ws = (await backend.list_workspaces())[0].id
        fake.fail("POST", f"/workspaces/{ws}/tags", status=302, headers={"location": "/x"})
        with pytest.raises(RedirectError, match="does not follow redirects"):
            await backend.create_tag(ws, "Urgent")
        assert [t.name for t in await backend.list_tags(ws)] == []


@pytest.mark.parametrize(
    "url",
    [
        "https://api.clockify.me/api/v1?x=1",
        "https://api.clockify.me/api/v1#top",
        "https://api.clockify.me/api/v1?",
        "http://127.0.0.1:9/api/v1?page=3",
    ],
)
def test_a_base_url_with_a_query_or_fragment_is_refused(url: str) -> None:
    with pytest.raises(InsecureURLError, match="give the address alone"):
        ClockifyBackend("a-key-1234", url)


def entry_json(eid: str, start: datetime | None, hours: int = 1) -> dict[str, object]:
    interval = (
        None
        if start is None
        else {
            "start": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "end": (start + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
    )
    return {"id": eid, "description": eid, "tagIds": [], "timeInterval": interval}


async def test_ids_repeated_across_pages_count_once(fake: FakeClockify) -> None:
    """An entry added while the pages are read pushes one entry onto the next page too."""
    a, b, c = (entry_json(n, T0 + timedelta(hours=2 * i)) for i, n in enumerate("abc"))
    b_later = {**b, "description": "b as page 2 saw it"}
    path = r"/workspaces/[^/]+/user/[^/]+/time-entries"
    fake.fail("GET", path, status=200, body=json.dumps([a, b]).encode(), headers=JSON)
    fake.fail("GET", path, status=200, body=json.dumps([b_later, c]).encode(), headers=JSON)
    fake.fail("GET", path, status=200, body=b"[]", headers=JSON)
    async with connected(fake) as backend:
        backend.http._paginate = partial(paging.paginate, page_size=2)
        ws = (await backend.list_workspaces())[0].id
        found = await backend.list_entries(ws, T0, T0 + timedelta(days=7))
    assert [e.id for e in found] == ["a", "b", "c"]
    assert sum(e.seconds(T0) for e in found) == 3 * 3600
    assert found[1].description == "b as page 2 saw it"


async def test_an_entry_without_a_time_is_skipped_and_reported(
    fake: FakeClockify, caplog: pytest.LogCaptureFixture
) -> None:
    good = entry_json("good", T0)
    no_time = entry_json("no-time", None)
    no_id = {**entry_json("x", T0), "id": None}
    path = r"/workspaces/[^/]+/user/[^/]+/time-entries"
    body = json.dumps([good, no_time, no_id, "text"]).encode()
    fake.fail("GET", path, status=200, body=body, headers=JSON)
    async with connected(fake) as backend:
        ws = (await backend.list_workspaces())[0].id
        with caplog.at_level(logging.WARNING, logger="punchcard"):
            found = await backend.list_entries(ws, T0, T0 + timedelta(days=7))
    assert [e.id for e in found] == ["good"]
    said = " ".join(r.getMessage() for r in caplog.records)
    assert "1 time entry without a start time" in said
    assert "2 items of time entries that punch cannot read" in said


async def test_a_body_past_the_cap_is_cut_off_clearly(fake: FakeClockify) -> None:
    huge = b"[" + b" " * (MAX_BODY + 1024) + b"]"
    fake.fail("GET", "/workspaces", status=200, body=huge, headers=JSON)
    async with connected(fake) as backend:
        with pytest.raises(TooLargeError, match="over 32 MiB"):
            await backend.list_workspaces()


async def test_a_body_under_the_cap_is_read(fake: FakeClockify) -> None:
    padded = b'[{"id": "w1", "name": "Padded"}' + b" " * (2 * 1024 * 1024) + b"]"
    fake.fail("GET", "/workspaces", status=200, body=padded, headers=JSON)
    async with connected(fake) as backend:
        assert [w.name for w in await backend.list_workspaces()] == ["Padded"]


async def test_a_server_that_never_answers_is_given_up_on(fake: FakeClockify) -> None:
    fake.fail("GET", "/user", delay=20.0, times=10)
    set_patience(Patience(per_request=0.3, total=1.0))
    try:
        async with connected(fake) as backend:
            with pytest.raises(OfflineError, match="did not answer"):
                await backend.get_user()
    finally:
        set_patience(Patience())


async def test_escape_sequences_in_an_error_message_are_shown_not_sent(
    fake: FakeClockify,
) -> None:
    message = "bad\x1b]0;pwned\x07 name\x1b[2J\r\nsecond line\x9b31m"
    body = json.dumps({"message": message, "code": 501}).encode()
    fake.fail("GET", "/user", status=400, body=body, headers=JSON)
    async with connected(fake) as backend:
        with pytest.raises(BackendError) as caught:
            await backend.get_user()
    text = str(caught.value)
    assert is_safe(text)
    assert "^[]0;pwned" in text
    assert "\n" not in text


async def test_a_long_429_is_rate_limited_not_offline(fake: FakeClockify) -> None:
    fake.fail("GET", "/user", status=429, headers={"retry-after": "0"}, times=10)
    async with connected(fake, sleep=no_sleep) as backend:
        with pytest.raises(RateLimitedError):
            await backend.get_user()


async def test_json_nested_thousands_deep_is_a_sentence(fake: FakeClockify) -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    fake.fail("GET", "/workspaces", status=200, body=deep, headers=JSON)
    async with connected(fake) as backend:
        with pytest.raises(BackendError, match="not JSON"):
            await backend.list_workspaces()
