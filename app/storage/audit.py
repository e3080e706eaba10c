"""Audit-log batches and records."""

from __future__ import annotations

from collections.abc import Iterable

from app.storage.database import Database

RECORD_COLUMNS = ("batch_id", "line_no", "system", "event_id", "occurred_at", "source_tz",
                  "user_name", "user_id", "user_email", "username", "unit", "case_number",
                  "purpose", "notes", "result_count", "ip_address", "original")
_INSERT_RECORD = (f"INSERT INTO audit_records ({', '.join(RECORD_COLUMNS)}) VALUES "
                  f"({', '.join('?' for _ in RECORD_COLUMNS)})")


def insert_batch(db: Database, batch: dict) -> int:
    cols = ", ".join(batch)
    marks = ", ".join(f":{k}" for k in batch)
    return int(db.execute(f"INSERT INTO audit_batches ({cols}) VALUES ({marks})",
                          batch).lastrowid)


def insert_records(db: Database, rows: Iterable[tuple]) -> int:
    """Rows are tuples in :data:`RECORD_COLUMNS` order."""
    return db.executemany(_INSERT_RECORD, rows).rowcount


def rebuild_search_index(db: Database) -> None:
    db.execute("INSERT INTO audit_records_fts (audit_records_fts) VALUES ('rebuild')")


def set_batch_counts(db: Database, batch_id: int, imported: int, rejected: int) -> None:
    db.execute("UPDATE audit_batches SET rows_imported = ?, rows_rejected = ? WHERE id = ?",
               (imported, rejected, batch_id))


def record_count(db: Database) -> int:
    return int(db.scalar("SELECT count(*) FROM audit_records"))


def list_batches(db: Database) -> list[dict]:
    return db.query(
        "SELECT id, file_name, system, vendor_profile, encoding, source_tz, rows_imported, "
        "rows_rejected, imported_by, imported_at, sha256 FROM audit_batches "
        "ORDER BY imported_at DESC, id DESC")
