"""The user's settings: read from config.toml with tomllib. The app never rewrites that file;
what it remembers between runs goes to its own state.toml, written with tomli-w."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tui import locations
from tui.domain.weeks import parse_week_start


class ConfigError(Exception):
    """The config file cannot be used; the message names the file and the problem."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    week_start: int = 0
    """First day of the week, 0 = Monday."""
    timezone: str | None = None
    """IANA zone; default: the machine's."""
    workday_start: time = time(9, 0)
    """Where new time is placed in an empty day."""
    backend: str = "local"

    @classmethod
    def from_toml(cls, raw: dict[str, Any]) -> Settings:
        """Settings from the parsed file; every problem is named, all at once."""
        values: dict[str, Any] = {}
        problems: list[str] = []
        for key, read in _READERS.items():
            if key in raw:
                try:
                    values[key] = read(raw[key])
                except (ValueError, TypeError) as err:
                    problems.append(f"{key}: {err}")
        if problems:
            raise ValueError("; ".join(problems))
        return cls(**values)


def _week_start(value: Any) -> int:
    if not isinstance(value, str | int):
        raise ValueError(f"{value!r} is not a day name")
    return parse_week_start(value)


def _timezone(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a time zone name")
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise ValueError(f"unknown time zone {value!r}") from err
    return value


def _clock(value: Any) -> time:
    if isinstance(value, time):
        return value  # TOML's own local-time type
    if isinstance(value, str):
        try:
            return time.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f'{value!r} is not a time like "09:00"')


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{value!r} is not a name")
    return value.strip()


_READERS: dict[str, Callable[[Any], Any]] = {
    "week_start": _week_start,
    "timezone": _timezone,
    "workday_start": _clock,
    "backend": _text,
}


def load_settings(path: Path | None = None) -> Settings:
    path = path or locations.config_file()
    if not path.exists():
        return Settings()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"{path}: {err}") from err
    try:
        return Settings.from_toml(raw)
    except ValueError as err:
        raise ConfigError(f"{path}: {err}") from err


def machine_timezone() -> ZoneInfo:
    """The machine's IANA zone: $TZ, then /etc/localtime's target, then UTC."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        target = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    for name in candidates:
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


def load_state() -> dict[str, Any]:
    try:
        return tomllib.loads(locations.state_file().read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}  # state is only a convenience; a broken file is simply started over


def save_state(state: dict[str, Any]) -> None:
    import tomli_w  # only writers pay for it, not every start

    path = locations.state_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(tomli_w.dumps(state), encoding="utf-8")
    tmp.replace(path)  # atomic: a crash leaves the old state or the new, never half
