"""Closed-day calendars as rows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from app.domain.calendars import CalendarEntry
from app.storage.database import Database


def _entry(row: dict) -> CalendarEntry:
    return CalendarEntry(row["calendar"], date.fromisoformat(row["day"]), row["name"],
                         bool(row["observed"]), row["source"], row["note"])


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
        "INSERT OR IGNORE INTO calendar_days (calendar, day, name, observed, source, note) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(e.calendar, e.day.isoformat(), e.name, int(e.observed), e.source, e.note) for e in new],
    )
    return cur.rowcount


def upsert(db: Database, e: CalendarEntry) -> None:
    db.execute(
        "INSERT INTO calendar_days (calendar, day, name, observed, source, note) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (calendar, day, name) DO UPDATE SET "
        "observed = excluded.observed, note = excluded.note",
        (e.calendar, e.day.isoformat(), e.name, int(e.observed), e.source, e.note),
    )


def delete(db: Database, calendar: str, day: date, name: str) -> int:
    return db.execute("DELETE FROM calendar_days WHERE calendar = ? AND day = ? AND name = ?",
                      (calendar, day.isoformat(), name)).rowcount


def years_seeded(db: Database, calendar: str) -> set[int]:
    rows = db.query("SELECT DISTINCT substr(day, 1, 4) AS y FROM calendar_days "
                    "WHERE calendar = ? AND source = 'holidays-package'", (calendar,))
    return {int(r["y"]) for r in rows}
