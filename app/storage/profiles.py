"""The exemption catalogue, redaction profiles, safety holds and the agency's own patterns."""

from __future__ import annotations

from datetime import date

from app.domain.deadlines import Law
from app.domain.exemptions import Exemption
from app.domain.redaction import Action, Profile, Rule
from app.storage.database import Database, utc_now

# --- exemptions -------------------------------------------------------------------------------


def exemptions(db: Database) -> list[Exemption]:
    return [Exemption(r["code"], Law(r["law"]), r["cite"], r["mark"], r["title"],
                      r["former_cite"], r["summary"], date.fromisoformat(r["effective_from"]),
                      date.fromisoformat(r["effective_to"]) if r["effective_to"] else None)
            for r in db.query("SELECT * FROM exemptions ORDER BY law, code")]


def upsert_exemption(db: Database, e: Exemption) -> None:
    db.execute(
        "INSERT INTO exemptions (code, law, cite, mark, title, former_cite, summary, "
        "effective_from, effective_to, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'agency') "
        "ON CONFLICT (code) DO UPDATE SET cite = excluded.cite, mark = excluded.mark, "
        "title = excluded.title, former_cite = excluded.former_cite, "
        "summary = excluded.summary, effective_from = excluded.effective_from, "
        "effective_to = excluded.effective_to, source = 'agency'",
        (e.code, e.law.value, e.cite, e.mark, e.title, e.former_cite, e.summary,
         e.effective_from.isoformat(), e.effective_to.isoformat() if e.effective_to else None))


# --- profiles ---------------------------------------------------------------------------------


def _profile(db: Database, row: dict) -> Profile:
    rules = tuple(Rule(r["target"], Action(r["action"]), r["exemption"], r["justification"])
                  for r in db.query("SELECT * FROM profile_rules WHERE profile_id = ? "
                                    "ORDER BY rowid", (row["id"],)))
    return Profile(row["name"], Law(row["law"]), rules, row["description"],
                   row["confirmed_by"], row["confirmed_on"])


def profiles(db: Database) -> list[Profile]:
    return [_profile(db, r) for r in db.query("SELECT * FROM profiles ORDER BY law, name")]


def profile(db: Database, name: str) -> Profile | None:
    row = db.one("SELECT * FROM profiles WHERE name = ?", (name.strip(),))
    return _profile(db, row) if row else None


def save_profile(db: Database, p: Profile, actor: str) -> None:
    """Insert or replace a profile and all its rules."""
    row = db.one("SELECT id FROM profiles WHERE name = ?", (p.name,))
    if row is None:
        profile_id = db.execute(
            "INSERT INTO profiles (name, law, description, confirmed_by, confirmed_on, "
            "updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (p.name, p.law.value, p.description, p.confirmed_by, p.confirmed_on, actor,
             utc_now())).lastrowid
    else:
        profile_id = row["id"]
        db.execute("UPDATE profiles SET law = ?, description = ?, confirmed_by = ?, "
                   "confirmed_on = ?, updated_by = ?, updated_at = ? WHERE id = ?",
                   (p.law.value, p.description, p.confirmed_by, p.confirmed_on, actor,
                    utc_now(), profile_id))
        db.execute("DELETE FROM profile_rules WHERE profile_id = ?", (profile_id,))
    db.executemany(
        "INSERT INTO profile_rules (profile_id, target, action, exemption, justification) "
        "VALUES (?, ?, ?, ?, ?)",
        [(profile_id, r.target, r.action.value, r.exemption, r.justification) for r in p.rules])


# --- safety holds -----------------------------------------------------------------------------


def add_hold(db: Database, hold: dict) -> int:
    return int(db.execute(
        "INSERT INTO safety_holds (person_id, kind, reason, held_from, held_until, exemption, "
        "created_by, created_at) VALUES (:person_id, :kind, :reason, :held_from, :held_until, "
        ":exemption, :created_by, :created_at)", {**hold, "created_at": utc_now()}).lastrowid)


def holds(db: Database) -> list[dict]:
    return db.query(
        "SELECT h.*, p.employee_id, p.last_name, p.first_name FROM safety_holds AS h "
        "JOIN personnel AS p ON p.id = h.person_id ORDER BY h.held_from, h.id")


def active_holds(db: Database, on: date) -> list[dict]:
    """Holds in force on a day (not lifted, started, not yet ended)."""
    day = on.isoformat()
    return db.query(
        "SELECT * FROM safety_holds WHERE lifted_on IS NULL AND held_from <= ? "
        "AND (held_until IS NULL OR held_until >= ?)", (day, day))


def lift_hold(db: Database, hold_id: int, actor: str, on: date) -> int:
    return db.execute("UPDATE safety_holds SET lifted_by = ?, lifted_on = ? "
                      "WHERE id = ? AND lifted_on IS NULL",
                      (actor, on.isoformat(), hold_id)).rowcount


# --- the agency's patterns --------------------------------------------------------------------


def custom_patterns(db: Database) -> list[tuple[str, str]]:
    return [(r["name"], r["regex"]) for r in
            db.query("SELECT name, regex FROM custom_patterns WHERE active = 1 ORDER BY id")]


def add_custom_pattern(db: Database, name: str, regex: str, actor: str) -> None:
    db.execute("INSERT INTO custom_patterns (name, regex, created_by, created_at) "
               "VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET regex = excluded.regex, "
               "active = 1", (name, regex, actor, utc_now()))
