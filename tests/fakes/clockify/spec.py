"""Every request a test sends to the fake server is checked against the community-corrected
Clockify OpenAPI spec, with openapi-core. The spec is the repository's own reduced copy
(``tests/vendor/clockify/``: the operations the fake serves and what they reference; its
source, commit and licence are in ``tests/vendor/README.md``)."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from tests.vendor import CLOCKIFY_SPEC as SPEC

SPEC_SERVER = "https://api.clockify.me"
SPEC_BASE_PATH = "/api/v1"


class SpecMissing(RuntimeError):
    pass


def spec_path() -> Path:
    path = SPEC
    if not path.is_file():
        raise SpecMissing(
            f"The Clockify OpenAPI spec is missing: expected {path}. It is part of the "
            "repository; `python tests/vendor/regenerate.py` rebuilds it from the shared folder."
        )
    return path


@functools.cache
def _openapi() -> Any:
    from openapi_core import OpenAPI

    with spec_path().open(encoding="utf-8") as handle:
        document = json.load(handle)
    return OpenAPI.from_dict(document)


def load_spec() -> None:
    """Parse the spec now, so the first request does not pay for it."""
    _openapi()


class _Request:
    """What openapi-core needs to know of one request."""

    def __init__(
        self,
        method: str,
        path: str,
        query: Sequence[tuple[str, str]],
        headers: Mapping[str, str],
        body: bytes | None,
    ) -> None:
        from openapi_core.datatypes import RequestParameters
        from werkzeug.datastructures import Headers, ImmutableMultiDict

        self.method = method.lower()
        self.host_url = SPEC_SERVER
        self.path = SPEC_BASE_PATH + path
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(list(query)),
            header=Headers(list(headers.items())),
        )
        self.body = body or None
        self.content_type = headers.get("content-type", "application/json").lower()


def violations(
    method: str,
    path: str,
    query: Sequence[tuple[str, str]],
    headers: Mapping[str, str],
    body: bytes | None,
) -> list[str]:
    """Why this request breaks the spec; empty when it does not. ``path`` is the part after
    the base URL (``/workspaces/…``)."""
    from openapi_core.exceptions import OpenAPIError

    lowered = {name.lower(): value for name, value in headers.items()}
    if "authorization" in lowered and "x-api-key" not in lowered:
        # A gateway swaps the bearer token for the X-Api-Key the spec describes.
        lowered["x-api-key"] = lowered.pop("authorization").removeprefix("Bearer ")
    request = _Request(method, path, query, lowered, body)
    try:
        _openapi().validate_request(request)
    except OpenAPIError as err:
        details = [str(err)]
        cause: BaseException | None = err.__cause__
        while cause is not None:
            details.append(str(cause))
            schema_errors = getattr(cause, "schema_errors", None)
            if schema_errors:
                details.extend(str(e.message) for e in schema_errors)
            cause = cause.__cause__
        return [f"{method} {path}: " + " — ".join(details)]
    return []
