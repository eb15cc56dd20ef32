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
    backend: str = "auto"
    """local, clockify, or auto: Clockify when a key is configured, else the local store."""
    workday_end: time = time(18, 0)
    """End of the working day, for the weekly review's gaps."""
    daily_target: tuple[int, ...] = (8 * 3600,) * 5 + (0, 0)
    """Seconds a day should hold, Monday to Sunday, for the weekly review."""
    gap_minutes: int = 30
    """Gaps inside the working day longer than this are problems in the weekly review."""
    timer_poll_seconds: int = 30
    """How often the running timer is re-checked with the backend."""
    idle_minutes: int = 10
    """Ask about idle time after this long without a key press while a timer runs; 0: never."""

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


def _daily_target(value: Any) -> tuple[int, ...]:
    """One duration for Monday to Friday ("7:30"), or a list of seven, Monday first."""
    from tui.domain.durations import DurationError, parse_duration

    try:
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return (parse_duration(str(value)),) * 5 + (0, 0)
        if isinstance(value, list) and len(value) == 7:
            return tuple(parse_duration(str(item)) for item in value)
    except DurationError as err:
        raise ValueError(str(err)) from err
    raise ValueError('give one duration like "8:00" or a list of seven, Monday first')


def _whole(low: int, high: int) -> Callable[[Any], int]:
    def read(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"{value!r} is not a whole number from {low} to {high}")
        return value

    return read


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{value!r} is not a name")
    return value.strip()


_READERS: dict[str, Callable[[Any], Any]] = {
    "week_start": _week_start,
    "timezone": _timezone,
    "workday_start": _clock,
    "backend": _text,
    "workday_end": _clock,
    "daily_target": _daily_target,
    "gap_minutes": _whole(1, 24 * 60),
    "timer_poll_seconds": _whole(5, 3600),
    "idle_minutes": _whole(0, 24 * 60),
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
