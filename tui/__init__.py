"""punchcard: a keyboard-first terminal timesheet."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("punchcard")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
