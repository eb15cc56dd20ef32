"""What a backend's login flow is given and gives back, for ``punch login NAME``.

The command line owns the terminal (prompts, hidden input, output) and the saving (the
generic profile store in :mod:`tui.profiles`, the same rules for every backend); the
backend's flow owns the questions and the check with its service.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol


class LoginFailed(Exception):
    """The login cannot go on; ``str(err)`` is one sentence for the user (never a secret)."""


class LoginPrompts(Protocol):
    interactive: bool
    """Whether a person is there to answer (standard input is a terminal)."""

    def say(self, text: str) -> None:
        """A line for the person (on standard error, so standard output stays clean)."""

    def ask(self, prompt: str) -> str:
        """One answer, stripped; raises ``EOFError`` when input has ended."""

    def secret(self, prompt: str, hint: str = "") -> str:
        """A secret, not shown as it is typed, after ``hint`` (where to find it); or the
        first line of standard input when the user chose that (then no hint is shown)."""


class LoginDone:
    """A checked login: what to save (``profile`` settings and ``secret``), the workspace to
    open next, and what to tell the user once it is saved."""

    __slots__ = ("lines", "profile", "secret", "secret_label", "workspace_id")

    def __init__(
        self,
        *,
        profile: Mapping[str, Any],
        secret: str,
        workspace_id: str | None = None,
        lines: tuple[str, ...] = (),
        secret_label: str = "The API key",
    ) -> None:
        self.secret_label = secret_label
        """What the secret is, for "… is kept in …" (a Membrane token is not an API key)."""
        self.profile = profile
        self.secret = secret
        self.workspace_id = workspace_id
        self.lines = lines

    def __repr__(self) -> str:
        return f"LoginDone(profile={dict(self.profile)!r}, secret='********')"


class LoginFlow(Protocol):
    """A backend's login, usually a module with these two functions."""

    def ask(self, options: Mapping[str, Any], prompts: LoginPrompts) -> Any:
        """Ask for the credentials (and anything else needed to reach the service)."""

    async def check(
        self, credentials: Any, options: Mapping[str, Any], prompts: LoginPrompts
    ) -> LoginDone:
        """Check them with the service; raise :class:`LoginFailed` to stop."""
