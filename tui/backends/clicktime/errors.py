"""ClickTime's error answers as typed errors with one sentence a user can act on.

Errors arrive in the envelope's ``errors`` list as ``{Field, Message, MessageDetail}``
(API notes §3); other clients also read ``Detail``/``Title``, so they are read too. ClickTime
"uses semantic HTTP status codes", but the exact status of a validation error is unverified
(400 or 422), so every 4xx that carries a message is a refused change. A 2xx that carries
``errors`` is a failure as well (``envelope_failure``): nothing is taken from it.
"""

from __future__ import annotations

import httpx
from pydantic import ValidationError as PydanticError

from tui.backends.clicktime.wire import APIError, ErrorEnvelope
from tui.backends.errors import (
    AuthError,
    BackendError,
    NotFoundError,
    ValidationError,
)
from tui.backends.http_errors import generic_status_error, server_words

SERVICE = "ClickTime"
LOGIN_AGAIN = (
    "Run `punch login clicktime` and paste the token from ClickTime's "
    "My Preferences → Authentication Token"
)
FROM_ENV = "Check CLICKTIME_TOKEN (ClickTime's My Preferences → Authentication Token)"
GENERIC_403 = "your security level or a company setting does not allow that"


class PermissionDeniedError(BackendError):
    """ClickTime understood the request and the token, and refused (HTTP 403).

    Stands in for ``tui.backends.http.PermissionDeniedError`` while the HTTP layer is being
    split: this module imports nothing from it. Once that class moves to
    ``tui.backends.errors``, this one should become an alias of it."""


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else text + "."


def describe(error: APIError) -> str:
    """One ``APIError`` as a sentence: ``Field: Message (detail; detail)``, leaving out what
    is missing and a field name the message already mentions."""
    message = (error.message or error.detail or error.title).strip()
    details = [d.strip() for d in error.message_detail if d and d.strip() and d.strip() != message]
    field = error.field.strip()
    text = message
    if field and field.casefold() not in message.casefold():
        text = f"{field}: {message}" if message else field
    if details:
        joined = "; ".join(details)
        text = f"{text} ({joined})" if text else joined
    return text


def errors_message(errors: list[APIError]) -> str:
    """Every error of an answer in one line, duplicates once."""
    seen: list[str] = []
    for error in errors:
        text = describe(error)
        if text and text not in seen:
            seen.append(text)
    return server_words("; ".join(seen))


def server_errors(content: bytes) -> list[APIError]:
    """The envelope's errors, or none when the body is not an envelope we can read."""
    if not content.strip():
        return []
    try:
        return ErrorEnvelope.model_validate_json(content).all_errors()
    except (PydanticError, ValueError):
        return []


def envelope_failure(body: object) -> BackendError | None:
    """The failure a successful-looking (2xx) envelope reports in ``errors``, if any."""
    if not isinstance(body, dict):
        return None
    try:
        errors = ErrorEnvelope.model_validate(body).errors
    except PydanticError:
        return None
    message = errors_message(errors)
    if not errors:
        return None
    return ValidationError(
        f"{SERVICE} refused the change: {message}"
        if message
        else f"{SERVICE} reported an error without saying what; nothing was saved."
    )


def map_error(response: httpx.Response, *, token_from_env: bool = False) -> BackendError:
    status = response.status_code
    message = errors_message(server_errors(response.content))
    said = f": {message}" if message else ""
    if status == 401:
        fix = FROM_ENV if token_from_env else LOGIN_AGAIN
        return AuthError(f"{_sentence(f'{SERVICE} rejected the token{said}')} {fix}.")
    if status == 403:
        return PermissionDeniedError(_sentence(f"{SERVICE} refused: {message or GENERIC_403}"))
    if status == 404:
        return NotFoundError(f"{SERVICE} cannot find that{said or ' (HTTP 404)'}.")
    return generic_status_error(SERVICE, response, message)
