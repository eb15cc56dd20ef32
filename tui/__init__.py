"""punchcard: a keyboard-first terminal timesheet."""

# The one place the version is written (pyproject reads it from here): reading it back through
# importlib.metadata would cost every start, `punch status` included, tens of milliseconds.
__version__ = "0.1.0"
