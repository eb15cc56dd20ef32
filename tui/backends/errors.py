"""Typed errors every backend raises; messages are for users and never carry secrets.

``notices`` is where a backend reports what it skipped without failing (one unreadable
entry in a week): the CLI prints these on stderr as warnings; elsewhere they go nowhere.
"""

import logging

notices = logging.getLogger("punchcard")
notices.addHandler(logging.NullHandler())  # never Python's last-resort print over the TUI


class BackendError(Exception):
    """Base for every error a backend reports. ``str(err)`` is a sentence a user can read."""


class AuthError(BackendError):
    pass


class NotFoundError(BackendError):
    pass


class ValidationError(BackendError):
    pass


class RateLimitedError(BackendError):
    pass


class ConflictError(BackendError):
    pass


class OfflineError(BackendError):
    pass


class NotSentError(OfflineError):
    """A request that never left this machine (no connection could be made): nothing of it
    can have reached the service, so a write may be sent again without looking first."""
