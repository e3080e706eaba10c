"""The statutory reasons for extending a deadline, with the dates their words are in force."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from app.domain.deadlines import ExtensionReason, Law
from app.storage.database import Database, utc_now

COLUMNS = ("law, code, effective_from, effective_to, citation, text, lead_in, ends_when, "
           "offered, wording, note, entered_by, entered_at")


def _reason(row: dict) -> ExtensionReason:
    return ExtensionReason(
        Law(row["law"]), row["code"], row["citation"], row["text"],
        date.fromisoformat(row["effective_from"]),
        date.fromisoformat(row["effective_to"]) if row["effective_to"] else None,
        row["lead_in"], row["ends_when"], bool(row["offered"]), row["wording"])


def all_reasons(db: Database) -> list[ExtensionReason]:
    return [_reason(r) for r in db.query(
        "SELECT * FROM extension_reasons ORDER BY law, offered DESC, citation, code, "
        "effective_from")]


def rows(db: Database, law: str | None = None) -> list[dict]:
    """The table as stored (notes and who entered each row included), for listing."""
    if law:
        return db.query("SELECT * FROM extension_reasons WHERE law = ? "
                        "ORDER BY offered DESC, citation, code, effective_from", (law,))
    return db.query("SELECT * FROM extension_reasons ORDER BY law, offered DESC, citation, "
                    "code, effective_from")


def insert(db: Database, reasons: Iterable[tuple[ExtensionReason, str]], entered_by: str) -> None:
    """Add rows (reason, note); a row of the same law, code and start is replaced (counsel
    corrects the words entered for that day)."""
    now = utc_now()
    db.executemany(
        f"INSERT OR REPLACE INTO extension_reasons ({COLUMNS}) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(r.law.value, r.code, r.effective_from.isoformat(),
          r.effective_to.isoformat() if r.effective_to else None, r.citation, r.text, r.lead_in,
          r.limit, int(r.offered), r.wording, note, entered_by, now) for r, note in reasons])


def end_before(db: Database, law: Law, code: str, start: date) -> int:
    """Close the rows of ``law``/``code`` still in force on ``start`` (they end the day before)."""
    return db.execute(
        "UPDATE extension_reasons SET effective_to = ? WHERE law = ? AND code = ? "
        "AND effective_from < ? AND (effective_to IS NULL OR effective_to >= ?)",
        ((start - timedelta(days=1)).isoformat(), law.value, code, start.isoformat(),
         start.isoformat())).rowcount
