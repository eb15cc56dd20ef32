"""Clockify: the Backend protocol over Clockify's REST API. Pydantic wire models live only in
this folder; everything leaving it is a domain model."""

from tui.backends.clockify.backend import ClockifyBackend

__all__ = ["ClockifyBackend"]
