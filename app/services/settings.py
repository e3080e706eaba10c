"""Changing the agency configuration kept in the database."""

from __future__ import annotations

import re
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.domain.agency import DEFAULT_SETTINGS
from app.domain.errors import InputError
from app.domain.holiday_rules import LOCAL_OPTIONS
from app.services.clocks import DueChange, recompute_due_dates
from app.services.context import Context
from app.storage.database import Database
from app.storage.events import append_event
from app.storage.settings import get_settings, put_setting


def _check(key: str, value: Any) -> Any:
    if key not in DEFAULT_SETTINGS:
        raise InputError(f"Unknown setting {key!r}.",
                         "Settings: " + ", ".join(sorted(DEFAULT_SETTINGS)) + ".")
    if key == "due_soon_days":
        try:
            days = int(value)
        except (TypeError, ValueError):
            raise InputError(f"'Due soon' must be a whole number of days, not {value!r}.") from None
        if not 0 <= days <= 30:
            raise InputError("'Due soon' must be between 0 and 30 working days.")
        return days
    if key in LOCAL_OPTIONS:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("yes", "true", "1", "counted", "closed"):
            return True
        if text in ("no", "false", "0", "open"):
            return False
        raise InputError(f"{key.replace('_', ' ').capitalize()} must be yes or no, not "
                         f"{value!r}.")
    if key == "agency_timezone":
        try:
            ZoneInfo(str(value))
        except (ZoneInfoNotFoundError, ValueError):
            raise InputError(f"{value!r} is not a time zone.",
                             "Use an IANA name such as America/Los_Angeles.") from None
        return str(value)
    if key == "bates_prefix":
        text = str(value).strip().upper()
        if not re.fullmatch(r"[A-Z0-9][A-Z0-9-]{0,11}", text):
            raise InputError(f"The Bates prefix {value!r} must be 1-12 letters, digits or hyphens.")
        return text
    text = str(value).strip()
    if not text:
        raise InputError(f"The {key.replace('_', ' ')} cannot be empty.")
    return text


def update(db: Database, ctx: Context, key: str, value: Any) -> Any:
    clean = _check(key, value)
    with db.transaction():
        before = {**DEFAULT_SETTINGS, **get_settings(db)}.get(key)
        put_setting(db, key, clean)
        append_event(db, actor=ctx.actor, action="settings.changed", subject=key,
                     details={"from": before, "to": clean})
        if key in LOCAL_OPTIONS and clean != before:  # the clock depends on it
            recompute_due_dates(db, ctx, local_option_change(key, clean))
    return clean


def local_option_change(key: str, counted: bool) -> str:
    name = LOCAL_OPTIONS[key][1]
    return (f"{name} {'counted as closed' if counted else 'not counted (the office stays open)'}"
            " by agency setting (Gov. Code § 6700(a))")


def set_local_option(db: Database, ctx: Context, key: str, counted: bool) -> list[DueChange]:
    """Tick or untick one of the Gov. Code § 6700(a) local-option holidays; returns the due
    dates of open requests that moved."""
    if key not in LOCAL_OPTIONS:
        raise InputError(f"{key!r} is not a local-option holiday.",
                         "Use: " + ", ".join(sorted(LOCAL_OPTIONS)) + ".")
    with db.transaction():
        before = bool({**DEFAULT_SETTINGS, **get_settings(db)}.get(key))
        put_setting(db, key, bool(counted))
        append_event(db, actor=ctx.actor, action="settings.changed", subject=key,
                     details={"from": before, "to": bool(counted)})
        if before == bool(counted):
            return []
        return recompute_due_dates(db, ctx, local_option_change(key, bool(counted)))
