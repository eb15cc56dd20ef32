"""Clockify's error answers as typed errors with sentences a user can act on.

Bodies are ``{"message", "code"}`` (some only ``message``); proxies in front of the API answer
with HTML or nothing at all. Clockify reports a missing entity as HTTP 400 with code 501
("Client doesn't belong to Workspace") far more often than as 404.
"""

from __future__ import annotations

import httpx
from pydantic import ValidationError as PydanticError

from tui.backends.clockify.wire import ErrorBody
from tui.backends.errors import (
    AuthError,
    BackendError,
    NotFoundError,
    ValidationError,
)
from tui.backends.http import PermissionDeniedError
from tui.backends.http_errors import generic_status_error, server_words

LOGIN_AGAIN = "Run `punch login clockify` to enter a new key"
_MISSING = ("doesn't belong", "does not belong", "not found", "doesn't exist", "does not exist")


def server_message(response: httpx.Response) -> tuple[str, int | None]:
    """The server's own message and code, or ("", None) when it sent none we can read."""
    try:
        body = ErrorBody.model_validate_json(response.content)
    except (PydanticError, ValueError):
        return "", None
    return server_words(body.message or body.detail or body.title or ""), body.code


def is_missing(message: str) -> bool:
    text = message.lower()
    return any(words in text for words in _MISSING)


def map_error(response: httpx.Response, *, key_from_env: bool = False) -> BackendError:
    status = response.status_code
    message, code = server_message(response)
    said = f": {message}" if message else ""
    if status == 401:
        fix = "Check CLOCKIFY_API_KEY" if key_from_env else LOGIN_AGAIN
        return AuthError(f"Clockify rejected the API key{said}. {fix}.")
    if status == 403:
        return PermissionDeniedError(
            f"Clockify refused: your role in this workspace does not allow that{said}."
        )
    if status == 404 or (status == 400 and code == 501 and is_missing(message)):
        return NotFoundError(f"Clockify cannot find that{said or ' (HTTP 404)'}.")
    return generic_status_error("Clockify", response, message)


def as_reference_error(err: NotFoundError, subject: str) -> BackendError:
    """A NotFound raised while changing ``subject`` (say "time entry") is about the subject
    only when the message names it; otherwise it is about something the change refers to
    (a project, a task, a tag), which makes the change itself invalid."""
    text = str(err).lower()
    if subject in text or subject.replace(" ", "") in text or "(http 404)" in text:
        return err
    return ValidationError(str(err).replace("Clockify cannot find that", "Clockify does not know"))
