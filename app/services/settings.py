"""Changing the agency configuration kept in the database."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.domain.agency import AGENCY_KEYS, DEFAULT_SETTINGS, MAX_SIGNERS, SIGNER_ROLES
from app.domain.errors import InputError
from app.domain.holiday_rules import LOCAL_OPTIONS
from app.domain.letters import FOIA_MIN_APPEAL_DAYS
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
    if key in LETTER_CHECKS:
        return LETTER_CHECKS[key](value)
    text = str(value).strip()
    if not text:
        raise InputError(f"The {key.replace('_', ' ')} cannot be empty.")
    if len(text) > 1000:
        raise InputError(f"The {key.replace('_', ' ')} is {len(text):,} characters long; the "
                         "limit is 1,000.")
    return text


# --- the settings letters use (app/domain/agency.py documents each) ---------------------------

LOGO_MAX_BYTES = 5 * 1024 * 1024
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE = re.compile(r"[0-9+()./ \-]{7,}( ?(x|ext\.?) ?[0-9]{1,6})?", re.I)


def _short(key: str, value: Any, limit: int = 200) -> str:
    text = "" if value is None else str(value).strip()
    if len(text) > limit:
        raise InputError(f"The {key.replace('_', ' ')} is {len(text):,} characters long; the "
                         f"limit is {limit}.")
    return text


def _email(key: str, value: Any) -> str:
    text = _short(key, value)
    if text and not _EMAIL.fullmatch(text):
        raise InputError(f"{text!r} does not look like an e-mail address ({key}).")
    return text


def _phone(key: str, value: Any) -> str:
    text = _short(key, value, 40)
    if text and not _PHONE.fullmatch(text):
        raise InputError(f"{text!r} does not look like a telephone number ({key}).",
                         "Use digits, spaces, + ( ) - and an extension such as 'x 204'.")
    return text


def _logo(value: Any) -> str:
    text = _short("agency_logo", value, 1000)
    if not text:
        return ""
    path = Path(text).expanduser()
    if not path.is_file():
        raise InputError(f"There is no logo file at {path}.",
                         "Choose a PNG or JPEG file, or leave the logo empty.")
    if path.stat().st_size > LOGO_MAX_BYTES:
        raise InputError(f"The logo {path.name} is larger than 5 MB.",
                         "Use a smaller image; a letterhead logo needs about 600 pixels.")
    with path.open("rb") as fh:
        start = fh.read(8)
    if not (start.startswith(b"\x89PNG\r\n\x1a\n") or start.startswith(b"\xff\xd8\xff")):
        raise InputError(f"The logo {path.name} is not a PNG or JPEG image.")
    return str(path.resolve())


def _signers(value: Any) -> list[dict]:
    if not isinstance(value, list | tuple):
        raise InputError("Signers must be a list of people, each with a name, a title and a "
                         "role.", 'e.g. [{"name": "A. Rivera", "title": "Chief of Police", '
                                  '"role": "head"}]')
    if len(value) > MAX_SIGNERS:
        raise InputError(f"{len(value)} signers; at most {MAX_SIGNERS} can be listed.")
    clean, seen = [], set()
    for number, signer in enumerate(value, start=1):
        if not isinstance(signer, dict):
            raise InputError(f"Signer {number} must have a name, a title and a role.")
        name = _short("signer's name", signer.get("name"))
        title = _short("signer's title", signer.get("title"))
        role = str(signer.get("role") or "").strip().lower()
        if not name or not title:
            raise InputError(f"Signer {number} needs both a name and a title.",
                             "Letters print the title under the name; a CPRA denial names "
                             "each person responsible with their title (Gov. Code "
                             "§ 7922.540(b)).")
        if role not in SIGNER_ROLES:
            raise InputError(f"Signer {number} ({name}) has the role {role or 'none'!r}.",
                             "Roles: " + ", ".join(SIGNER_ROLES) + " (a CPRA extension "
                             "notice must come from the head or a designee).")
        if name.casefold() in seen:
            raise InputError(f"{name} is listed twice among the signers.")
        seen.add(name.casefold())
        clean.append({"name": name, "title": title, "role": role})
    return clean


def _liaison(value: Any) -> dict:
    if value in (None, "", {}):
        return {}
    if not isinstance(value, dict):
        raise InputError("The FOIA Public Liaison is a name with a telephone number and/or an "
                         "e-mail address.", '{"name": ..., "phone": ..., "email": ...}')
    clean = {"name": _short("FOIA Public Liaison's name", value.get("name")),
             "phone": _phone("foia_public_liaison phone", value.get("phone")),
             "email": _email("foia_public_liaison email", value.get("email"))}
    if not clean["name"] or not (clean["phone"] or clean["email"]):
        raise InputError("The FOIA Public Liaison needs a name and a telephone number or an "
                         "e-mail address (5 U.S.C. § 552(a)(6)(A)(i)(II)).")
    return clean


def _appeal(value: Any) -> dict:
    if not isinstance(value, dict):
        raise InputError("The FOIA appeal setting names who decides appeals, where to send "
                         "them and how many days the requester has.",
                         '{"to": ..., "address": ..., "email": ..., "days": 90}')
    try:
        days = int(value.get("days", FOIA_MIN_APPEAL_DAYS))
    except (TypeError, ValueError):
        raise InputError(f"The appeal period must be a number of days, not "
                         f"{value.get('days')!r}.") from None
    if not FOIA_MIN_APPEAL_DAYS <= days <= 365:
        raise InputError(f"An appeal period of {days} days is not allowed: FOIA requires at "
                         f"least {FOIA_MIN_APPEAL_DAYS} (5 U.S.C. § 552(a)(6)(A)(i)(III)(aa)).")
    clean = {"to": _short("appeal official", value.get("to")),
             "address": " ".join(_short("appeal address", value.get("address"), 400).split()),
             "email": _email("foia_appeal email", value.get("email")), "days": days}
    if clean["to"] and not (clean["address"] or clean["email"]):
        raise InputError("Say where appeals go: a postal address or an e-mail address.")
    return clean


def _language(value: Any) -> str:
    code = str(value or "").strip().lower()
    if code not in ("en", "es"):
        raise InputError(f"Letters are written in English (en) or Spanish (es), not {value!r}.")
    return code


LETTER_CHECKS = {
    "agency_phone": lambda v: _phone("agency_phone", v),
    "agency_email": lambda v: _email("agency_email", v),
    "agency_logo": _logo,
    "signers": _signers,
    "foia_public_liaison": _liaison,
    "foia_appeal": _appeal,
    "letter_language": _language,
}


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
