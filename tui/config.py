"""The user's settings: read from config.toml with tomllib. The app never rewrites that file;
what it remembers between runs goes to its own state.toml, written with tomli-w."""

from __future__ import annotations

import os
import tomllib
from datetime import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from tui import locations
from tui.domain.weeks import parse_week_start


class ConfigError(Exception):
    """The config file cannot be used; the message names the file and the problem."""


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    week_start: int = Field(default=0, description="First day of the week, 0 = Monday")
    timezone: str | None = Field(default=None, description="IANA zone; default: the machine's")
    workday_start: time = Field(default=time(9, 0), description="Where new time is placed")
    backend: str = "local"

    @field_validator("week_start", mode="before")
    @classmethod
    def _week_start(cls, value: Any) -> int:
        return parse_week_start(value)

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError) as err:
                raise ValueError(f"unknown time zone {value!r}") from err
        return value

    @field_validator("workday_start", mode="before")
    @classmethod
    def _workday_start(cls, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return time.fromisoformat(value.strip())
            except ValueError as err:
                raise ValueError(f"{value!r} is not a time like 09:00") from err
        return value


def load_settings(path: Path | None = None) -> Settings:
    path = path or locations.config_file()
    if not path.exists():
        return Settings()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"{path}: {err}") from err
    try:
        return Settings.model_validate(raw)
    except ValidationError as err:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'config'}: {e['msg']}" for e in err.errors()
        )
        raise ConfigError(f"{path}: {problems}") from err


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
