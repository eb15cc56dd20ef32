"""Typed errors every backend raises; messages are for users and never carry secrets."""


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
