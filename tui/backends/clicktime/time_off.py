"""ClickTime's time off, read-only, for the grid's time-off rows; and the company's terms.
A mixin of ``ClickTimeBackend``.

A week's time off is one paged ``GET /Me/TimeOff?FromDate&ToDate&verbose=true`` (the
verbose answer names each type, so no second request is needed), trusted for ``SHEET_TTL``
like the week's timesheets and read beside the week's entries.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from tui.backends.clicktime import mapping, paging, wire, wire_periods
from tui.backends.clicktime.errors import PermissionDeniedError
from tui.backends.clicktime.periods import SHEET_TTL
from tui.backends.errors import NotFoundError
from tui.backends.http import HttpClient
from tui.backends.pacing import SingleFlight
from tui.domain.terms import Terms
from tui.domain.time_off import TimeOff


def terms_of(company: wire.Company | None) -> Terms:
    """The company's words for clients, jobs and tasks; punch's own when it cannot be read."""
    if company is None:
        return Terms()
    return Terms.of(
        client=(company.client_term_singular, company.client_term_plural),
        project=(company.job_term_singular, company.job_term_plural),
        task=(company.task_term_singular, company.task_term_plural),
    )


class ClickTimeTimeOff:
    if TYPE_CHECKING:
        http: HttpClient
        _flights: SingleFlight[Any]
        _clock: Callable[[], float]
        _time_off: dict[tuple[date, date], tuple[float, list[TimeOff]]]

        async def _workspace_id(self, workspace_id: str) -> str: ...
        async def _company(self) -> wire.Company | None: ...

    async def terms(self, workspace_id: str) -> Terms:
        await self._workspace_id(workspace_id)
        return terms_of(await self._company())

    async def list_time_off(self, workspace_id: str, first: date, last: date) -> list[TimeOff]:
        """The user's time off on ``first``..``last``; none where the user may not read it
        (the week still shows, without those rows)."""
        await self._workspace_id(workspace_id)
        held = self._time_off.get((first, last))
        if held is not None and self._clock() - held[0] < SHEET_TTL:
            return held[1]
        found: list[TimeOff] = []
        with contextlib.suppress(PermissionDeniedError, NotFoundError):
            found = await self._flights.run(
                ("time off", first, last), lambda: self._read_time_off(first, last)
            )
        self._time_off[(first, last)] = (self._clock(), found)
        return found

    async def _read_time_off(self, first: date, last: date) -> list[TimeOff]:
        raw = await paging.paginate(
            self.http,
            "/Me/TimeOff",
            {"FromDate": first.isoformat(), "ToDate": last.isoformat(), "verbose": "true"},
        )
        found = []
        for item in wire.parse_items(wire_periods.TimeOff, raw):
            if item.date is None or item.hours is None or item.hours <= 0:
                continue  # nothing to place on a day; guessing would invent time off
            kind = item.time_off_type
            found.append(
                TimeOff(
                    id=item.id,
                    day=item.date,
                    seconds=mapping.hours_seconds(item.hours),
                    type_id=item.time_off_type_id or (kind.id if kind else ""),
                    type_name=(kind.name if kind else "") or "Time off",
                    note=item.notes,
                )
            )
        return found
