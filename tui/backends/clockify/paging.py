"""Clockify's pagination: ``page`` and ``page-size`` query parameters, and a ``Last-Page``
header (in any letter case) that some endpoints send. Given to the shared ``HttpClient`` as
its pagination hook."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

from tui.backends.errors import BackendError
from tui.backends.http import HttpClient, json_body

PAGE_SIZE = 200
MAX_PAGES = 500


@dataclass(frozen=True)
class Page:
    items: list[Any]
    last: bool | None
    """The service's own word on whether this was the last page, if it gave one."""


async def page(http: HttpClient, path: str, params: Mapping[str, Any]) -> Page:
    response = await http.get(path, params)
    items = json_body(response, http.service)
    if not isinstance(items, list):
        raise BackendError(f"{http.service} sent something other than a list for {path}.")
    flag = response.headers.get("last-page")  # httpx headers ignore letter case
    last = None if flag is None else flag.strip().lower() == "true"
    return Page(items, last)


def _identity(item: Any) -> Hashable:
    """Items are told apart by their id; one without an id is its own (the caller's model
    reading says what is wrong with it)."""
    if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"]:
        return ("id", item["id"])
    return ("item", id(item))


async def paginate(
    http: HttpClient,
    path: str,
    params: Mapping[str, Any] | None = None,
    *,
    page_size: int = PAGE_SIZE,
    max_pages: int = MAX_PAGES,
) -> list[Any]:
    """Every item of a paged list once: stop on ``Last-Page: true``, on a short page, on an
    empty page, or after ``max_pages``. An item the service sends on two pages (the list
    changed between the fetches, so an entry slid across a page boundary) counts once, in
    its place on the first page and as the later page had it."""
    items: dict[Any, Any] = {}
    for number in range(1, max_pages + 1):
        found = await page(http, path, {**(params or {}), "page": number, "page-size": page_size})
        for item in found.items:
            items[_identity(item)] = item
        if found.last or len(found.items) < page_size or not found.items:
            return list(items.values())
    raise BackendError(
        f"{http.service} kept sending pages of {path} past {max_pages}; stopped there."
    )
