"""Changing the agency configuration kept in the database."""

from __future__ import annotations

import re
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.domain.agency import DEFAULT_SETTINGS
from app.domain.errors import InputError
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
    return clean
