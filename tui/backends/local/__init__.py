"""The embedded SQLite store: punchcard with no account and no network."""

from tui.backends.local.backend import LocalBackend

__all__ = ["LocalBackend"]
