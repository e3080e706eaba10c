"""Changing the agency configuration kept in the database."""

from __future__ import annotations

import re
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.domain.agency import AGENCY_KEYS, DEFAULT_SETTINGS, MAX_SIGNERS
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
    if key == "signers":
        return _check_signers(value)
    text = str(value).strip()
    if key == "foia_public_liaison":
        return text  # only FOIA agencies have one
    if not text:
        raise InputError(f"The {key.replace('_', ' ')} cannot be empty.")
    if len(text) > 1000:
        raise InputError(f"The {key.replace('_', ' ')} is {len(text):,} characters long; the "
                         "limit is 1,000.")
    return text


def _check_signers(value: Any) -> list[dict]:
    if not isinstance(value, list | tuple):
        raise InputError("Signers must be a list of names with titles.")
    if len(value) > MAX_SIGNERS:
        raise InputError(f"{len(value)} signers; at most {MAX_SIGNERS} can be listed.")
    clean = []
    for number, signer in enumerate(value, start=1):
        if not isinstance(signer, dict):
            raise InputError(f"Signer {number} must have a name and a title.")
        name = str(signer.get("name") or "").strip()
        title = str(signer.get("title") or "").strip()
        if not name or not title:
            raise InputError(f"Signer {number} needs both a name and a title "
                             f"(got {name or 'no name'!r}, {title or 'no title'!r}).",
                             "Letters print the title under the name, e.g. 'Records "
                             "Supervisor'.")
        if len(name) > 200 or len(title) > 200:
            raise InputError(f"Signer {number}'s name or title is longer than 200 characters.")
        clean.append({"name": name, "title": title})
    return clean


def update_agency(db: Database, ctx: Context, values: dict[str, Any]) -> dict[str, Any]:
    """Save who the agency is (name, address, time zone, Bates prefix, signers, FOIA public
    liaison) at once: every value is checked first, so either all are saved or none; each
    change is an event in the activity log. Returns the values as stored."""
    unknown = set(values) - set(AGENCY_KEYS)
    if unknown:
        raise InputError(f"Not an agency setting: {', '.join(sorted(unknown))}.")
    clean = {key: _check(key, value) for key, value in values.items()}
    with db.transaction():
        stored = {**DEFAULT_SETTINGS, **get_settings(db)}
        for key, value in clean.items():
            if stored.get(key) == value:
                continue
            put_setting(db, key, value)
            append_event(db, actor=ctx.actor, action="settings.changed", subject=key,
                         details={"from": stored.get(key), "to": value})
    return clean


def update(db: Database, ctx: Context, key: str, value: Any) -> Any:
    clean = _check(key, value)
    with db.transaction():
        before = {**DEFAULT_SETTINGS, **get_settings(db)}.get(key)
        put_setting(db, key, clean)
        append_event(db, actor=ctx.actor, action="settings.changed", subject=key,
                     details={"from": before, "to": clean})
    return clean
