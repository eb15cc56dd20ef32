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
    lunch_minutes: int = 60
    """One gap a day up to this long is a lunch break, not a problem; 0: no break allowed."""
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
        start, end = values.get("workday_start", time(9)), values.get("workday_end", time(18))
        if not problems and end <= start:
            problems.append(f"workday_end {end:%H:%M} is not after workday_start {start:%H:%M}")
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
        days: tuple[int, ...]
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            days = (parse_duration(str(value)),) * 5 + (0, 0)
        elif isinstance(value, list) and len(value) == 7:
            days = tuple(parse_duration(str(item)) for item in value)
        else:
            raise ValueError('give one duration like "8:00" or a list of seven, Monday first')
    except DurationError as err:
        raise ValueError(str(err)) from err
    if any(not 0 <= seconds <= 24 * 3600 for seconds in days):
        raise ValueError(f"{value!r}: a day holds at most 24:00")
    return days


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
    "lunch_minutes": _whole(0, 24 * 60),
    "timer_poll_seconds": _whole(5, 3600),
    "idle_minutes": _whole(0, 24 * 60),
}


def read_toml(text: str) -> dict[str, Any]:
    """TOML, with a value nested past any sense (``[[[[…`` thousands deep) refused like any
    other unreadable file instead of exhausting the parser's stack."""
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise tomllib.TOMLDecodeError("values are nested too deeply") from None


def unknown_keys(raw: dict[str, Any]) -> list[str]:
    """A sentence for each key the settings do not know, with the closest known one."""
    import difflib

    said = []
    for key in raw:
        if key in _READERS:
            continue
        close = difflib.get_close_matches(str(key).lower(), list(_READERS), n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else f"; known: {', '.join(_READERS)}"
        said.append(f"unknown setting {str(key)[:40]!r} is ignored{hint}")
    return said


def load_settings(
    path: Path | None = None, *, warn: Callable[[str], None] | None = None
) -> Settings:
    """The settings in ``path``; ``warn`` hears of keys that are not settings (a typo)."""
    path = path or locations.config_file()
    try:
        raw = read_toml(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except OSError as err:  # an unreadable config folder or file, a folder in its place
        raise ConfigError(f"{path}: {err.strerror or err}") from err
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"{path}: {err}") from err
    try:
        settings = Settings.from_toml(raw)
    except ValueError as err:
        raise ConfigError(f"{path}: {err}") from err
    if warn is not None:
        for problem in unknown_keys(raw):
            warn(f"{path}: {problem}")
    return settings


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
        return read_toml(locations.state_file().read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}  # state is only a convenience; a broken file is simply started over


def save_state(state: dict[str, Any]) -> None:
    import tomli_w  # only writers pay for it, not every start

    # atomic and 0600: a crash leaves the old state or the new, and nobody else reads it
    locations.write_private(locations.state_file(), tomli_w.dumps(state))
