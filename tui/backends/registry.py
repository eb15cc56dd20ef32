"""The one list of backends. Everything that offers a backend by name reads it: ``--backend``,
``PUNCHCARD_BACKEND``, the ``auto`` choice, ``punch login`` and ``punch logout``, and the
contract suite.

Each entry names its modules as ``"module:attribute"`` strings (or small callables, for one
registered at run time), so importing this module imports no backend, and opening one imports
only that backend's modules: `punch status` never pays for httpx or pydantic. Plain classes
rather than dataclasses, because this module is on the start-up path of every command.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from tui.backends.errors import BackendError

if TYPE_CHECKING:
    from tui.backends.base import Backend
    from tui.backends.login import LoginFlow
    from tui.domain.models import Capabilities

AUTO = "auto"
"""Nothing chosen: the first entry whose credentials are configured, else the fallback."""

Opener = Callable[[], Awaitable["Backend"]]
ConfiguredCheck = Callable[[Mapping[str, str]], bool]


class UnknownBackendError(BackendError):
    """A backend name the registry does not know; the message lists the ones it does."""


def load(ref: str) -> Any:
    """What ``"package.module:attr.sub"`` names, imported on first use."""
    module, _, path = ref.partition(":")
    value: Any = importlib.import_module(module)
    for part in path.split(".") if path else ():
        value = getattr(value, part)
    return value


class LoginOption:
    """One command-line option of ``punch login NAME``, described as data so that building
    the parser imports nothing of the backend."""

    __slots__ = ("flag", "help", "metavar", "switch")

    def __init__(self, flag: str, help: str, *, metavar: str | None = None, switch: bool = False):
        self.flag = flag
        self.help = help
        self.metavar = metavar
        self.switch = switch
        """A flag without a value (``store_true``)."""

    @property
    def dest(self) -> str:
        return self.flag.lstrip("-").replace("-", "_")


class LoginSpec:
    """How ``punch login NAME`` asks for credentials and checks them. ``flow`` names a
    module (or object) that satisfies :class:`tui.backends.login.LoginFlow`."""

    __slots__ = ("_flow", "description", "help", "options", "ways_in")

    def __init__(
        self,
        *,
        help: str,
        flow: str | LoginFlow,
        options: tuple[LoginOption, ...] = (),
        description: str = "",
        ways_in: tuple[tuple[str, str], ...] = (),
    ) -> None:
        self.help = help
        self.ways_in = ways_in
        """``(via, what it needs)`` for each way in the flow offers (``--via``), for help."""
        self.description = description
        self.options = options
        self._flow = flow

    def flow(self) -> LoginFlow:
        flow = self._flow
        if isinstance(flow, str):
            loaded: LoginFlow = load(flow)
            return loaded
        return flow


class BackendEntry:
    """One backend: its name and title, what it reads, how it is logged in to, how it is
    forgotten and how it is opened. ``parts`` names the optional protocols it implements
    (the keys of :data:`tui.backends.base.PARTS`), so the contract suite can choose tests
    without importing it. ``settings`` are the keys of its saved profile (the
    generic store in :mod:`tui.profiles`, one table per backend name); ``env`` the
    environment variables it reads, ``secret_env`` the one that carries its secret."""

    __slots__ = (
        "_capabilities",
        "_configured",
        "_opener",
        "env",
        "fallback",
        "login",
        "name",
        "parts",
        "replica",
        "replica_identity",
        "replica_preload",
        "secret_env",
        "settings",
        "title",
    )

    def __init__(
        self,
        *,
        name: str,
        title: str,
        capabilities: str | Capabilities,
        opener: str | Opener,
        configured: str | ConfiguredCheck | None = None,
        parts: tuple[str, ...] = (),
        settings: tuple[str, ...] = (),
        env: tuple[str, ...] = (),
        secret_env: str | None = None,
        login: LoginSpec | None = None,
        fallback: bool = False,
        replica: bool = False,
        replica_identity: str | None = None,
        replica_preload: str | None = None,
    ) -> None:
        if not name or name == AUTO or name != name.strip().lower():
            raise ValueError(f"{name!r} cannot name a backend")
        self.name = name
        self.title = title
        self.parts = parts
        self.settings = settings
        self.env = env
        self.secret_env = secret_env
        self.login = login
        self.fallback = fallback
        """The choice of ``auto`` when no entry is configured (the embedded store)."""
        self.replica = replica
        """A remote service: opened behind a local replica and a write journal
        (:mod:`tui.backends.replica`), so it starts from disk and works offline."""
        self.replica_identity = replica_identity
        """``"module:function"`` naming the account's replica without opening the backend
        (then the client is opened on first need, and a warm start imports none of it)."""
        self.replica_preload = replica_preload
        """The module the opener imports, imported off the event loop before it runs."""
        self._capabilities = capabilities
        self._opener = opener
        self._configured = configured

    def __repr__(self) -> str:
        return f"BackendEntry({self.name!r})"

    @property
    def capabilities(self) -> Capabilities:
        """What the backend declares it can do (imports its module when named by string)."""
        if isinstance(self._capabilities, str):
            loaded: Capabilities = load(self._capabilities)
            self._capabilities = loaded
        return self._capabilities

    async def open(self) -> Backend:
        opener: Opener = load(self._opener) if isinstance(self._opener, str) else self._opener
        return await opener()

    def is_configured(self, env: Mapping[str, str] | None = None) -> bool:
        """Whether ``auto`` should choose this backend: its own check, else (for a backend
        with a login) its secret in the environment or a saved profile. Cheap: no keyring."""
        env = os.environ if env is None else env
        check: ConfiguredCheck | None = (
            load(self._configured) if isinstance(self._configured, str) else self._configured
        )
        if check is not None:
            return check(env)
        if self.login is None:
            return False
        if self.secret_env and env.get(self.secret_env, "").strip():
            return True
        from tui.profiles import ProfileError, load_profile

        try:
            return load_profile(self.name) is not None
        except ProfileError:
            return True  # a damaged profile is still a choice; opening it says what is wrong


_entries: dict[str, BackendEntry] = {}


def register(entry: BackendEntry, *, replace: bool = False) -> Callable[[], None]:
    """Add a backend (a test's in-memory one, a plugin's). Returns what removes it again."""
    if entry.name in _entries and not replace:
        raise ValueError(f"a backend called {entry.name!r} is already registered")
    previous = _entries.get(entry.name)
    _entries[entry.name] = entry

    def unregister() -> None:
        if _entries.get(entry.name) is entry:
            if previous is None:
                del _entries[entry.name]
            else:
                _entries[entry.name] = previous

    return unregister


@contextmanager
def registered(entry: BackendEntry, *, replace: bool = False) -> Iterator[BackendEntry]:
    unregister = register(entry, replace=replace)
    try:
        yield entry
    finally:
        unregister()


def entries() -> tuple[BackendEntry, ...]:
    """Every backend, in the order registered (the order ``auto`` asks them in)."""
    return tuple(_entries.values())


def names() -> tuple[str, ...]:
    return tuple(_entries)


def with_login() -> tuple[BackendEntry, ...]:
    """The backends ``punch login`` and ``punch logout`` offer."""
    return tuple(entry for entry in _entries.values() if entry.login is not None)


def get(name: str) -> BackendEntry:
    try:
        return _entries[name]
    except KeyError:
        raise UnknownBackendError(
            f"Unknown backend {name!r}; available here: {', '.join(_entries)}"
        ) from None


def choose(name: str = AUTO, env: Mapping[str, str] | None = None) -> BackendEntry:
    """The entry a run opens: the one named, or for ``auto`` the first configured one, else
    the fallback."""
    if name != AUTO:
        return get(name)
    fallback: BackendEntry | None = None
    for entry in _entries.values():
        if entry.is_configured(env):
            return entry
        if entry.fallback and fallback is None:
            fallback = entry
    if fallback is None:
        raise UnknownBackendError("No backend is configured; run `punch login NAME`.")
    return fallback


_CLOCKIFY_ENV = (
    "CLOCKIFY_API_KEY",
    "CLOCKIFY_BASE_URL",
    "CLOCKIFY_AUTH",
    "CLOCKIFY_WORKSPACE",
    "CLOCKIFY_ALLOW_HTTP",
    "PUNCHCARD_VIA",
    "MEMBRANE_TOKEN",
    "MEMBRANE_CONNECTION",
    "MEMBRANE_API_URL",
    "MATON_API_KEY",
    "MATON_CONNECTION",
)
_MEMBRANE_WAY = ("membrane", "a Membrane token; your connection in Membrane")


def _via_options(ways: str) -> tuple[LoginOption, LoginOption]:
    return (
        LoginOption("--via", f"the way in: {ways} (default: direct)", metavar="WAY"),
        LoginOption(
            "--connection",
            "with --via: the proxy's connection to use (asked if there are several)",
            metavar="ID",
        ),
    )


register(
    BackendEntry(
        name="local",
        title="Local",
        capabilities="tui.backends.local.backend:LocalBackend.capabilities",
        opener="tui.backends.local.connect:open_local",
        parts=(
            "catalog_writes",
            "workspace_admin",
            "workspace_rules",
            "atomic_changes",
            "change_watch",
        ),
        env=("XDG_DATA_HOME",),
        fallback=True,
    )
)
register(
    BackendEntry(
        name="clockify",
        title="Clockify",
        capabilities="tui.backends.clockify.capabilities:CAPABILITIES",
        opener="tui.backends.clockify.connect:open_clockify",
        configured="tui.backends.clockify.profile:configured",
        parts=(
            "catalog_writes",
            "workspace_rules",
            "server_clock",
            "timesheet_periods",
            "workspace_timesheets",
            "checks_changes",
            "timesheet_details",
        ),
        settings=("base_url", "workspace_id", "auth", "allow_http", "via", "connection"),
        env=_CLOCKIFY_ENV,
        secret_env="CLOCKIFY_API_KEY",
        replica=True,
        replica_identity="tui.backends.clockify.profile:replica_identity",
        replica_preload="tui.backends.clockify.backend",
        login=LoginSpec(
            help="connect a Clockify account",
            description="Connect a Clockify account; the API key is checked before it is saved.",
            flow="tui.backends.clockify.login",
            ways_in=(
                ("direct", "your Clockify API key (the default)"),
                _MEMBRANE_WAY,
                ("maton", "a Maton API key, to Maton's gateway"),
            ),
            options=(
                *_via_options("direct, membrane, maton"),
                LoginOption(
                    "--server",
                    "global, euc1, use2, euw2, apse2, developer, or a base URL "
                    "(asked if not given)",
                    metavar="NAME|URL",
                ),
                LoginOption("--workspace", "the workspace to open", metavar="ID|NAME"),
                LoginOption(
                    "--bearer",
                    "send 'Authorization: Bearer <key>' (for an API gateway) instead of X-Api-Key",
                    switch=True,
                ),
                LoginOption(
                    "--allow-http",
                    "allow a plain http:// server that is not this machine (the key travels "
                    "unencrypted)",
                    switch=True,
                ),
            ),
        ),
    )
)
register(
    BackendEntry(
        name="clicktime",
        title="ClickTime",
        capabilities="tui.backends.clicktime.capabilities:CAPABILITIES",
        opener="tui.backends.clicktime.connect:open_clicktime",
        configured="tui.backends.clicktime.profile:configured",
        parts=(
            "workspace_rules",
            "timesheet_periods",
            "timesheet_details",
            "terms",
            "time_off",
            "checks_changes",
            "checks_from_cache",
        ),
        settings=("base_url", "allow_http", "via", "connection"),
        env=(
            "CLICKTIME_TOKEN",
            "CLICKTIME_BASE_URL",
            "CLICKTIME_ALLOW_HTTP",
            "PUNCHCARD_VIA",
            "MEMBRANE_TOKEN",
            "MEMBRANE_CONNECTION",
            "MEMBRANE_API_URL",
        ),
        secret_env="CLICKTIME_TOKEN",
        replica=True,
        replica_identity="tui.backends.clicktime.profile:replica_identity",
        replica_preload="tui.backends.clicktime.backend",
        login=LoginSpec(
            help="connect a ClickTime account",
            description="Connect a ClickTime account; the token is checked before it is saved.",
            flow="tui.backends.clicktime.login",
            ways_in=(
                ("direct", "your ClickTime token (the default)"),
                _MEMBRANE_WAY,
            ),
            options=(
                *_via_options("direct, membrane"),
                LoginOption(
                    "--email",
                    "sign in with e-mail and password once to fetch the token (only the "
                    "token is stored)",
                    switch=True,
                ),
            ),
        ),
    )
)
