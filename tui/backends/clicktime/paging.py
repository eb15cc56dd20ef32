"""ClickTime's envelope and paging (API notes §3): every answer is ``{data, errors, page}``;
a 2xx that carries ``errors`` is a failure. Lists are paged with ``limit``/``offset``, always
sent (the default page size is unknown); reading stops when ``offset + limit >= page.count``,
else when ``page.links.next`` is empty, and an id seen twice (records shifting between pages
while someone else writes) is kept once."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tui.backends.clicktime.errors import envelope_failure
from tui.backends.clicktime.wire import Page
from tui.backends.errors import BackendError
from tui.backends.http import HttpClient, json_body

ENTRY_LIMIT = 500
"""``/Me/TimeEntries``: "limit — Up to 500" [S]."""
LIST_LIMIT = 1000
"""Other lists: what other clients send; the accepted maximum is unverified. A server that
caps it lower still answers with ``page.count``/``links``, which the loop follows."""
MAX_PAGES = 200


def data_of(body: Any, service: str = "ClickTime") -> Any:
    """The envelope's ``data``, after refusing an answer whose ``errors`` say it failed."""
    failure = envelope_failure(body)
    if failure is not None:
        raise failure
    if isinstance(body, dict) and "data" in body:
        return body["data"]
    if body is None:
        return None
    raise BackendError(f"{service} answered with something that is not its envelope.")


async def get_data(http: HttpClient, path: str, params: Mapping[str, Any] | None = None) -> Any:
    """One unpaged read (a single resource, or a list that "does not support pagination")."""
    return data_of(await http.get_json(path, params), http.service)


async def paginate(
    http: HttpClient,
    path: str,
    params: Mapping[str, Any] | None = None,
    *,
    limit: int = LIST_LIMIT,
    max_pages: int = MAX_PAGES,
) -> list[Any]:
    """Every record of a paged list, each id once, in the order first seen."""
    items: list[Any] = []
    seen: set[str] = set()
    offset = 0
    for _ in range(max_pages):
        query = {**(params or {}), "limit": limit, "offset": offset}
        body = json_body(await http.get(path, query), http.service)
        data = data_of(body, http.service)
        if data is None:
            data = []
        if not isinstance(data, list):
            raise BackendError(f"{http.service} sent something other than a list for {path}.")
        for item in data:
            key = item.get("ID") if isinstance(item, dict) else None
            if key is not None:
                if str(key) in seen:
                    continue
                seen.add(str(key))
            items.append(item)
        raw_page = body.get("page") if isinstance(body, dict) else None
        page = Page.model_validate(raw_page) if isinstance(raw_page, dict) else Page()
        if page.offset is None and page.count is not None:
            page = page.model_copy(update={"offset": offset, "limit": page.limit or limit})
        if not page.has_more(len(data)):
            return items
        offset = (page.offset or offset) + (page.limit or limit)
    raise BackendError(
        f"{http.service} kept sending pages of {path} past {max_pages}; stopped there."
    )
