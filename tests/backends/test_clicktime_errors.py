"""ClickTime's error answers as typed errors with one clear sentence: the envelope's
``Field``, ``Message`` and ``MessageDetail``; 401, 403, a 2xx carrying ``errors``."""

from __future__ import annotations

import json
from typing import Any

import httpx

from tests.vendor import CLICKTIME_FIXTURES
from tui.backends.clicktime.errors import PermissionDeniedError, envelope_failure, map_error
from tui.backends.errors import (
    AuthError,
    BackendError,
    NotFoundError,
    RateLimitedError,
    ValidationError,
)

FIXTURES = CLICKTIME_FIXTURES


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / f"synth.{name}.json").read_text(encoding="utf-8"))


def answer(status: int, body: Any = None, **headers: str) -> httpx.Response:
    content = json.dumps(body).encode() if body is not None else b""
    return httpx.Response(status, content=content, headers=headers)


def envelope_of(*errors: dict[str, Any]) -> dict[str, Any]:
    return {"data": None, "errors": list(errors), "meta": {}, "jsonapi": {}}


def test_a_validation_error_is_one_sentence_from_field_message_and_detail() -> None:
    err = map_error(answer(400, fixture("error-400-validation.response")))
    assert type(err) is ValidationError
    assert str(err) == (
        "ClickTime refused the change: A valid JobID is required. "
        "(JobID 'job-9999' was not found or is not available to you.)"
    )
    both = envelope_of(
        {"Field": "Comment", "Message": "A comment is required.", "MessageDetail": None},
        {"Field": "Hours", "Message": "Too many", "MessageDetail": "at most 24"},
        {"Field": "Hours", "Message": "Too many", "MessageDetail": "at most 24"},
    )
    assert str(map_error(answer(422, both))) == (
        "ClickTime refused the change: A comment is required.; Hours: Too many (at most 24)"
    )


def test_401_says_the_token_was_rejected_and_how_to_log_in_again() -> None:
    err = map_error(answer(401, envelope_of({"Message": "Authorization has been denied."})))
    assert isinstance(err, AuthError)
    assert "rejected the token" in str(err)
    assert "punch login clicktime" in str(err)
    from_env = map_error(answer(401), token_from_env=True)
    assert "CLICKTIME_TOKEN" in str(from_env)
    assert "punch login" not in str(from_env)


def test_403_names_the_setting_when_the_body_says_it() -> None:
    said = envelope_of({"Message": "Company requirements: DCAA must be disabled."})
    err = map_error(answer(403, said))
    assert isinstance(err, PermissionDeniedError)
    assert isinstance(err, BackendError)
    assert str(err) == "ClickTime refused: Company requirements: DCAA must be disabled."
    bare = map_error(answer(403))
    assert "security level or a company setting" in str(bare)


def test_other_statuses_become_typed_errors() -> None:
    assert isinstance(map_error(answer(404, envelope_of({"Message": "Not here"}))), NotFoundError)
    assert isinstance(map_error(answer(429, envelope_of())), RateLimitedError)
    html = httpx.Response(
        502, content=b"<html>bad gateway</html>", headers={"content-type": "text/html"}
    )
    assert "a web page" in str(map_error(html))
    assert "no details" in str(map_error(answer(500)))


def test_a_2xx_carrying_errors_is_a_failure() -> None:
    failed = envelope_failure({"data": {"ID": "x"}, "errors": [{"Message": "Not saved"}]})
    assert isinstance(failed, ValidationError)
    assert "Not saved" in str(failed)
    blank = envelope_failure({"data": None, "errors": [{}]})
    assert isinstance(blank, ValidationError)
    assert "without saying what" in str(blank)
    assert envelope_failure({"data": {"ID": "x"}, "errors": []}) is None
    assert envelope_failure({"data": {"ID": "x"}}) is None
    assert envelope_failure([1, 2]) is None


def test_a_bare_message_from_the_host_is_read_as_the_error() -> None:
    err = map_error(answer(401, {"Message": "Authorization has been denied for this request."}))
    assert isinstance(err, AuthError)
    assert str(err).startswith(
        "ClickTime rejected the token: Authorization has been denied for this request. Run"
    )
    both = {"Message": "ignored", "errors": [{"Message": "Hours must be a number."}]}
    assert (
        str(map_error(answer(400, both))) == "ClickTime refused the change: Hours must be a number."
    )
