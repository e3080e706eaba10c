"""Closed-day calendars as rows, and bringing the seeded days up to date without touching the
agency's own."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date

from app.domain.calendars import CA_STATE, US_FEDERAL, CalendarEntry
from app.storage.database import Database

# What the releases before schema 4 seeded: every name the ``holidays`` package listed, from
# source 'holidays-package', counted as closed except these two (the seeding code of that time).
LEGACY_SOURCE = "holidays-package"
LEGACY_NOT_OBSERVED = frozenset({"Susan B. Anthony Day", "Diwali"})
# Names the package gave a day that the rule table names otherwise.
LEGACY_NAMES = {
    (CA_STATE, "Juneteenth National Independence Day"): "Juneteenth",
    (CA_STATE, "Juneteenth National Independence Day (observed)"): "Juneteenth (observed)",
}
SEEDED_CALENDARS = (CA_STATE, US_FEDERAL)
COLUMNS = "calendar, day, name, observed, source, note, rule, authority, seeded_observed"


def _entry(row: dict) -> CalendarEntry:
    seeded = row.get("seeded_observed")
    return CalendarEntry(row["calendar"], date.fromisoformat(row["day"]), row["name"],
                         bool(row["observed"]), row["source"], row["note"],
                         row.get("rule") or "", row.get("authority") or "",
                         None if seeded is None else bool(seeded))


def _values(e: CalendarEntry) -> tuple:
    return (e.calendar, e.day.isoformat(), e.name, int(e.observed), e.source, e.note, e.rule,
            e.authority, None if e.seeded_observed is None else int(e.seeded_observed))


def entries(db: Database, calendars: Sequence[str] | None = None) -> list[CalendarEntry]:
    if calendars:
        marks = ",".join("?" for _ in calendars)
        rows = db.query(f"SELECT * FROM calendar_days WHERE calendar IN ({marks}) ORDER BY day",
                        tuple(calendars))
    else:
        rows = db.query("SELECT * FROM calendar_days ORDER BY day, calendar")
    return [_entry(r) for r in rows]


def insert_missing(db: Database, new: Iterable[CalendarEntry]) -> int:
    """Seed entries without touching ones the agency already has (its edits win)."""
    cur = db.executemany(
        f"INSERT OR IGNORE INTO calendar_days ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [_values(e) for e in new],
    )
    return cur.rowcount


def upsert(db: Database, e: CalendarEntry) -> None:
    """The agency adds a day or changes whether a listed day counts as closed (a seeded day
    keeps its source, rule and authority, so the change stays recognisable as the agency's)."""
    db.execute(
        f"INSERT INTO calendar_days ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (calendar, day, name) DO UPDATE SET "
        "observed = excluded.observed, note = excluded.note",
        _values(e),
    )


def get(db: Database, calendar: str, day: date, name: str) -> CalendarEntry | None:
    row = db.one("SELECT * FROM calendar_days WHERE calendar = ? AND day = ? AND name = ?",
                 (calendar, day.isoformat(), name))
    return _entry(row) if row else None


def delete(db: Database, calendar: str, day: date, name: str) -> int:
    return db.execute("DELETE FROM calendar_days WHERE calendar = ? AND day = ? AND name = ?",
                      (calendar, day.isoformat(), name)).rowcount


def has_seeded_days(db: Database) -> bool:
    return bool(db.scalar("SELECT count(*) FROM calendar_days WHERE source != 'agency'"))


# --- corrections to the seeded calendars -----------------------------------------------------

def _agency_touched(db: Database) -> tuple[set[tuple[str, str, str]], set[tuple[str, str, str]]]:
    """(calendar, day, name) of every day the agency changed or removed, from the activity log
    (``calendar.changed`` / ``calendar.removed``)."""
    changed, removed = set(), set()
    for row in db.query("SELECT action, subject, details FROM events "
                        "WHERE action IN ('calendar.changed', 'calendar.removed') ORDER BY seq"):
        try:
            details = json.loads(row["details"])
            key = (row["subject"], str(details["day"]), str(details["name"]))
        except (ValueError, KeyError, TypeError):
            continue
        (changed if row["action"] == "calendar.changed" else removed).add(key)
    return changed, removed


def _default_observed(e: CalendarEntry) -> bool:
    if e.source == LEGACY_SOURCE:
        return e.name not in LEGACY_NOT_OBSERVED
    return bool(e.seeded_observed) if e.seeded_observed is not None else e.observed


def _closed_days(rows: Iterable[CalendarEntry]) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], list[str]] = {}
    for e in rows:
        if e.observed:
            out.setdefault((e.calendar, e.day.isoformat()), []).append(e.name)
    return {k: "; ".join(sorted(v)) for k, v in out.items()}


def correct_seeded(db: Database, seeded: Sequence[CalendarEntry]) -> dict:
    """Replace the seeded days of the state and federal calendars with ``seeded``, keeping every
    day the agency added (source 'agency'), changed (its closed/open flag differs from the one it
    was seeded with, or the activity log records a change) or removed. Call inside a
    transaction. Returns what changed, in words, for the activity log."""
    changed, removed = _agency_touched(db)
    before = entries(db, SEEDED_CALENDARS)
    kept, dropped = [], []
    for e in before:
        if e.source == "agency":
            continue
        key = (e.calendar, e.day.isoformat(), e.name)
        if key in changed or e.observed != _default_observed(e):
            kept.append(e)
        else:
            dropped.append(e)
    blocked = {(c, d, LEGACY_NAMES.get((c, n), n)) for c, d, n in
               removed | {(e.calendar, e.day.isoformat(), e.name) for e in kept}}
    for e in dropped:
        delete(db, e.calendar, e.day, e.name)
    insert_missing(db, [e for e in seeded if e.calendar in SEEDED_CALENDARS
                        and (e.calendar, e.day.isoformat(), e.name) not in blocked])
    after = entries(db, SEEDED_CALENDARS)
    closed_before, closed_after = _closed_days(before), _closed_days(after)

    def lines(days: Iterable[tuple[str, str]], names: dict[tuple[str, str], str]) -> list[str]:
        return [f"{cal} {day} {names[(cal, day)]}" for cal, day in sorted(days)]

    return {
        "closed_added": lines(closed_after.keys() - closed_before.keys(), closed_after),
        "closed_removed": lines(closed_before.keys() - closed_after.keys(), closed_before),
        "kept_agency_edits": [
            f"{e.calendar} {e.day.isoformat()} {e.name} "
            f"({'closed' if e.observed else 'open'})" for e in kept],
        "kept_agency_removals": sorted(f"{c} {d} {n}" for c, d, n in removed
                                       if c in SEEDED_CALENDARS),
        "days_before": len(before),
        "days_after": len(after),
    }
