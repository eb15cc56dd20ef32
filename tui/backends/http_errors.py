"""What every HTTP backend says about an answer that is not data, once its own rules (auth,
permissions, not found) have had their say: a conflict, too many requests, a refusal with the
service's reason, or a body that is empty or not the service's at all (a proxy's web page)."""

from __future__ import annotations

import httpx

from tui.backends.errors import BackendError, ConflictError, RateLimitedError, ValidationError
from tui.domain.safe_text import safe_line

LONGEST_MESSAGE = 300


def server_words(text: str) -> str:
    """A message the server wrote, fit for one line on a terminal: control characters made
    visible (an ESC in it could otherwise rewrite the screen), line breaks joined, and cut
    at a length a status line can hold."""
    words = safe_line(text).strip()
    return words if len(words) <= LONGEST_MESSAGE else words[: LONGEST_MESSAGE - 1] + "…"


def generic_status_error(service: str, response: httpx.Response, message: str) -> BackendError:
    status = response.status_code
    message = server_words(message)
    said = f": {message}" if message else ""
    if status == 409:
        return ConflictError(f"{service} reports a conflict{said}.")
    if status == 429:
        return RateLimitedError(f"{service} says too many requests; wait a moment and try again.")
    if 400 <= status < 500 and message:
        return ValidationError(f"{service} refused the change: {message}")
    if not response.content.strip():
        return BackendError(f"{service} answered HTTP {status} with no details; try again later.")
    if not message:
        kind = response.headers.get("content-type", "").split(";")[0].strip() or "unknown"
        detail = "a web page" if "html" in kind else f"content of type {kind}"
        return BackendError(
            f"{service} (or a proxy in front of it) answered HTTP {status} with {detail} "
            "instead of data; try again later."
        )
    return BackendError(f"{service} answered HTTP {status}{said}.")
