"""The agency's redaction data: profiles (set by counsel), the exemption catalogue, safety holds
and the agency's own patterns. Every change is journalled."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from app.domain.errors import InputError, NotFound
from app.domain.exemptions import Exemption, find
from app.domain.redaction import (
    FIELDS,
    TEXT_RULES,
    Action,
    Profile,
    Rule,
    check_profile,
    parse_action,
)
from app.services.context import Context
from app.storage import personnel as personnel_store
from app.storage import profiles as store
from app.storage.database import Database
from app.storage.events import append_event

HOLD_KINDS = ("undercover", "task force", "threat", "other")


def list_profiles(db: Database) -> list[Profile]:
    return store.profiles(db)


def get_profile(db: Database, name: str) -> Profile:
    profile = store.profile(db, name)
    if profile is None:
        names = ", ".join(p.name for p in store.profiles(db))
        raise NotFound(f"There is no redaction profile {name!r}.", f"Profiles: {names}.")
    return profile


def catalogue(db: Database) -> list[Exemption]:
    return store.exemptions(db)


def set_exemption(db: Database, ctx: Context, code: str, *, law: str | None = None,
                  cite: str | None = None, mark: str | None = None, title: str | None = None,
                  former_cite: str | None = None, summary: str | None = None,
                  effective_from: date | None = None,
                  effective_to: date | str | None = "keep") -> Exemption:
    """Add an entry to the exemption catalogue, or change one (counsel rewords a summary,
    retires an entry with an end date). Entries are never deleted: old exemption logs name
    them. ``effective_to=None`` clears an end date; the default keeps it."""
    from app.domain.deadlines import Law

    code = code.strip().lower()
    if not code or " " in code:
        raise InputError(f"{code!r} cannot be an exemption's code.",
                         "Use a short key without spaces, e.g. cpra-7927.700.")
    with db.transaction():
        current = next((e for e in store.exemptions(db) if e.code == code), None)
        if current is None:
            missing = [flag for flag, value in (("--law", law), ("--cite", cite),
                                                ("--mark", mark), ("--title", title))
                       if not (value or "").strip()]
            if missing:
                raise InputError(f"{code} is a new exemption: give its {', '.join(missing)}.",
                                 "Nothing was changed.")
        try:
            chosen_law = Law(law.strip().lower()) if law else current.law
        except ValueError:
            raise InputError(f"{law!r} is not a law the desk knows.", "Use cpra or foia.") \
                from None
        new = Exemption(
            code, chosen_law,
            (cite if cite is not None else current.cite).strip(),
            (mark if mark is not None else current.mark).strip(),
            (title if title is not None else current.title).strip(),
            (former_cite if former_cite is not None else
             (current.former_cite if current else "")).strip(),
            (summary if summary is not None else (current.summary if current else "")).strip(),
            effective_from or (current.effective_from if current else ctx.today),
            (current.effective_to if current else None) if effective_to == "keep"
            else effective_to)
        if current is not None and chosen_law is not current.law:
            raise InputError(f"{code} is a {current.law.label} exemption; its law cannot change.",
                             "Add a new entry with its own code instead.")
        if not new.cite or not new.mark or not new.title:
            raise InputError("An exemption needs a citation, a mark and a title.",
                             "Nothing was changed.")
        if new.effective_to is not None and new.effective_to < new.effective_from:
            raise InputError(f"{code} would end ({new.effective_to}) before it starts "
                             f"({new.effective_from}).", "Nothing was changed.")
        clash = next((e for e in store.exemptions(db) if e.code != code
                      and e.law is new.law and e.mark == new.mark), None)
        if clash is not None:
            raise InputError(f"The mark {new.mark!r} is already {clash.code}'s; each mark "
                             "must say which exemption it is.", "Choose another mark.")
        store.upsert_exemption(db, new)
        append_event(db, actor=ctx.actor, action="exemption.changed" if current
                     else "exemption.added", subject=code, details=new.as_json())
    return new


def set_rule(db: Database, ctx: Context, name: str, target: str, action: str,
             exemption: str = "", justification: str = "") -> Profile:
    """Change one rule; the profile then needs counsel's confirmation again."""
    with db.transaction():
        profile = get_profile(db, name)
        if target not in FIELDS and target not in TEXT_RULES:
            raise InputError(f"{target!r} is not a field of the released table or a text rule.",
                             "Fields: " + ", ".join(FIELDS) + "; text rules: "
                             + ", ".join(TEXT_RULES) + ".")
        chosen = parse_action(action)
        code = ""
        if exemption.strip():
            code = find(store.exemptions(db), exemption, profile.law).code
        if chosen is Action.RELEASE:
            code, justification = "", justification
        new = profile.with_rule(Rule(target, chosen, code, justification.strip()))
        problems = check_profile(new, {e.code for e in store.exemptions(db)})
        if problems:
            raise InputError(" ".join(problems), "Nothing was changed.")
        store.save_profile(db, new, ctx.actor)
        append_event(db, actor=ctx.actor, action="profile.changed", subject=profile.name,
                     details={"target": target, "action": chosen.value, "exemption": code,
                              "justification": justification.strip()})
    return new


def copy_profile(db: Database, ctx: Context, name: str, new_name: str) -> Profile:
    with db.transaction():
        profile = get_profile(db, name)
        if not new_name.strip():
            raise InputError("Give the new profile a name.")
        if store.profile(db, new_name) is not None:
            raise InputError(f"A profile {new_name!r} already exists.")
        new = replace(profile, name=new_name.strip(), confirmed_by="", confirmed_on="")
        store.save_profile(db, new, ctx.actor)
        append_event(db, actor=ctx.actor, action="profile.copied", subject=new.name,
                     details={"from": profile.name})
    return new


def confirm(db: Database, ctx: Context, name: str, by: str) -> Profile:
    """Record that counsel reviewed the profile (removes the banner)."""
    with db.transaction():
        profile = get_profile(db, name)
        if not by.strip():
            raise InputError("Name the counsel who confirmed the profile, with their title.")
        problems = check_profile(profile, {e.code for e in store.exemptions(db)})
        if problems:
            raise InputError("The profile cannot be confirmed: " + " ".join(problems))
        new = replace(profile, confirmed_by=by.strip(), confirmed_on=ctx.today.isoformat())
        store.save_profile(db, new, ctx.actor)
        append_event(db, actor=ctx.actor, action="profile.confirmed", subject=profile.name,
                     details={"by": by.strip()})
    return new


# --- safety holds -----------------------------------------------------------------------------

def holds(db: Database) -> list[dict]:
    return store.holds(db)


def add_hold(db: Database, ctx: Context, employee_id: str, *, kind: str, reason: str,
             exemption: str, held_from: date | None = None,
             held_until: date | None = None) -> dict:
    """Withhold a person entirely (every identifier, every mention) from the day given."""
    kind = kind.strip().lower()
    if kind not in HOLD_KINDS:
        raise InputError(f"Unknown kind of hold {kind!r}.", "Use: " + ", ".join(HOLD_KINDS) + ".")
    if not reason.strip():
        raise InputError("Say why the person is held (it stays with the hold, not in the "
                         "packet).")
    if not exemption.strip():
        raise InputError("Choose the exemption the hold rests on (it is printed, without the "
                         "reason, wherever the person is withheld).")
    start = held_from or ctx.today
    if held_until is not None and held_until < start:
        raise InputError(f"The hold would end ({held_until}) before it starts ({start}).")
    with db.transaction():
        person = personnel_store.person_by_employee_id(db, employee_id.strip())
        if person is None:
            raise NotFound(f"No one on the roster has the employee number {employee_id!r}.",
                           "Import the roster first, or check the number.")
        code = find(store.exemptions(db), exemption).code
        hold = {"person_id": person["id"], "kind": kind, "reason": reason.strip(),
                "held_from": start.isoformat(),
                "held_until": held_until.isoformat() if held_until else None,
                "exemption": code, "created_by": ctx.actor}
        hold["id"] = store.add_hold(db, hold)
        append_event(db, actor=ctx.actor, action="hold.added", subject=employee_id.strip(),
                     details={"hold": hold["id"], "kind": kind, "from": hold["held_from"],
                              "until": hold["held_until"], "exemption": code})
    return hold


def lift_hold(db: Database, ctx: Context, hold_id: int) -> dict:
    with db.transaction():
        if not store.lift_hold(db, hold_id, ctx.actor, ctx.today):
            raise NotFound(f"There is no hold {hold_id} in force.", "'hold list' shows them.")
        append_event(db, actor=ctx.actor, action="hold.lifted", subject=str(hold_id))
    return {"hold": hold_id, "lifted_on": ctx.today.isoformat()}


# --- the agency's patterns --------------------------------------------------------------------

def patterns(db: Database) -> list[tuple[str, str]]:
    return store.custom_patterns(db)


def add_pattern(db: Database, ctx: Context, name: str, regex: str) -> None:
    if not name.strip():
        raise InputError("Give the pattern a name (it appears in the exemption log).")
    try:
        compiled = re.compile(regex)
    except re.error as exc:
        raise InputError(f"{regex!r} is not a regular expression ({exc}).") from None
    if compiled.match(""):
        raise InputError(f"{regex!r} matches empty text, so it would match everywhere.")
    with db.transaction():
        store.add_custom_pattern(db, name.strip(), regex, ctx.actor)
        append_event(db, actor=ctx.actor, action="pattern.saved", subject=name.strip(),
                     details={"regex": regex})
