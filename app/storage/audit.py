"""Audit-log batches and records, and the queries of the records browser."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from app.domain.records import GROUP_SEP, TEXT_COLUMNS, UNIT_SEP, decode_any
from app.storage.database import Database, utc_now

DISPLAY_COLUMNS = ("id", "batch_id", "line_no", "occurred_at", "source_tz", *TEXT_COLUMNS,
                   "result_count")

def record_insert_sql(batch_id: int, width: int, text_index: dict[str, int]) -> str:
    """The INSERT for one import: each row's parameters are its ``width`` cells followed by
    line number, UTC time, named zone, result count and the encoded original row. SQLite takes
    the text fields from the cells (blank -> NULL), which is cheaper than picking them out per
    cell in Python on a million rows; the normaliser has trimmed the cells that needed it.
    The original row is NULL when the compact form will do: the cells no text field takes,
    joined by SQLite."""
    line, occurred, zone, results, original = (f"?{width + k}" for k in range(1, 6))
    taken = set(text_index.values())
    # NULL for the original: the row's text fields hold their cells exactly, so only the other
    # cells are stored, joined here (domain.records.encode_compact) rather than in Python.
    others = f" || '{UNIT_SEP}' || ".join(f"?{i + 1}" for i in range(width) if i not in taken)
    compact = f"'{GROUP_SEP}'" + (f" || {others}" if others else "")
    values = {
        "batch_id": str(int(batch_id)), "line_no": line, "occurred_at": occurred,
        "source_tz": zone, "result_count": f"NULLIF({results}, '')",
        "original": f"coalesce({original}, {compact})",
    }
    for field in TEXT_COLUMNS:
        values[field] = f"NULLIF(?{text_index[field] + 1}, '')" if field in text_index \
            else "NULL"
    return (f"INSERT INTO audit_records ({', '.join(values)}) "
            f"VALUES ({', '.join(values.values())})")


# --- batches ----------------------------------------------------------------------------------

def insert_batch(db: Database, batch: dict) -> int:
    cols = ", ".join(batch)
    marks = ", ".join(f":{k}" for k in batch)
    return int(db.execute(f"INSERT INTO audit_batches ({cols}) VALUES ({marks})",
                          batch).lastrowid)


def insert_records(db: Database, batch_id: int, width: int, text_index: dict[str, int],
                   rows: Iterable[Sequence]) -> int:
    """Rows as described by :func:`record_insert_sql`."""
    return db.executemany(record_insert_sql(batch_id, width, text_index), rows).rowcount


def drop_record_indexes(db: Database) -> list[str]:
    """Drop the ordinary indexes of the records table and return their definitions, as the
    schema holds them, for :func:`create_indexes`. For one transaction that adds more rows than
    the table holds: building an index once after the rows are in costs a third of keeping it
    up to date row by row. Inside the transaction, so a rollback restores them."""
    rows = db.query("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                    "AND tbl_name = 'audit_records' AND sql IS NOT NULL ORDER BY name")
    for row in rows:
        db.execute(f'DROP INDEX "{row["name"]}"')
    return [row["sql"] for row in rows]


def create_indexes(db: Database, definitions: Sequence[str]) -> None:
    for sql in definitions:
        db.execute(sql)


# The normalised content that identifies a search without an event id.
_CONTENT = ("occurred_at", "user_name", "user_id", "user_email", "username", "unit",
            "case_number", "purpose", "notes", "result_count", "ip_address")


def remove_already_imported(db: Database, batch_id: int, system: str) -> int:
    """Delete the new batch's records that earlier batches of the same system hold already:
    the same event id, or (for records without one) the same normalised content. Returns
    how many were removed. Costs nothing when no earlier batch of the system exists."""
    earlier = "SELECT id FROM audit_batches WHERE system = :system AND id <> :batch"
    if db.scalar(f"SELECT count(*) FROM ({earlier})", {"system": system,
                                                        "batch": batch_id}) == 0:
        return 0
    params = {"system": system, "batch": batch_id}
    by_id = db.execute(
        "DELETE FROM audit_records WHERE batch_id = :batch AND event_id IS NOT NULL AND "
        f"event_id IN (SELECT event_id FROM audit_records WHERE batch_id IN ({earlier}) "
        "AND event_id IS NOT NULL)", params).rowcount
    same = " AND ".join(f"o.{c} IS n.{c}" for c in _CONTENT if c != "occurred_at")
    by_content = db.execute(
        "DELETE FROM audit_records WHERE id IN (SELECT n.id FROM audit_records AS n "
        "WHERE n.batch_id = :batch AND n.event_id IS NULL AND EXISTS (SELECT 1 FROM "
        "audit_records AS o WHERE o.occurred_at = n.occurred_at AND o.event_id IS NULL "
        f"AND o.batch_id IN ({earlier}) AND {same}))", params).rowcount
    return by_id + by_content


# Pending terms FTS5 holds in memory before it writes a segment (its default is 1 MB): on a
# million rows of free-text notes, 16 MB halves the time to index them, with fewer segments.
FTS_HASH_BYTES = 16 * 1024 * 1024


def index_batch_text(db: Database, batch_id: int) -> None:
    """Add a new batch's free text to the search index (the rest of the index is untouched)."""
    db.execute("INSERT INTO audit_records_fts (audit_records_fts, rank) VALUES ('hashsize', ?)",
               (FTS_HASH_BYTES,))
    db.execute("INSERT INTO audit_records_fts (rowid, purpose, notes) "
               "SELECT id, purpose, notes FROM audit_records WHERE batch_id = ?", (batch_id,))


def insert_rejects(db: Database, batch_id: int, rejects: Iterable[tuple[int, str, str]]) -> None:
    db.executemany("INSERT INTO audit_rejects (batch_id, line_no, reason, raw) VALUES (?, ?, ?, ?)",
                   ((batch_id, line, reason, raw) for line, reason, raw in rejects))


def set_batch_details(db: Database, batch_id: int, imported: int, rejected: int,
                      text_cells: str, mapping: str) -> None:
    """What is known once the rows are in: the counts, which cell each text field came from
    (JSON) and the mapping as applied (JSON, with the order of numeric dates decided)."""
    db.execute("UPDATE audit_batches SET rows_imported = ?, rows_rejected = ?, text_cells = ?, "
               "mapping = ? WHERE id = ?", (imported, rejected, text_cells, mapping, batch_id))


def batch_by_sha(db: Database, sha256: str) -> dict | None:
    return db.one("SELECT * FROM audit_batches WHERE sha256 = ?", (sha256,))


def get_batch(db: Database, batch_id: int) -> dict | None:
    return db.one("SELECT * FROM audit_batches WHERE id = ?", (batch_id,))


def list_batches(db: Database) -> list[dict]:
    return db.query(
        "SELECT id, file_name, system, vendor_profile, encoding, source_tz, rows_imported, "
        "rows_rejected, imported_by, imported_at, sha256 FROM audit_batches "
        "ORDER BY imported_at DESC, id DESC")


def batch_rejects(db: Database, batch_id: int) -> list[dict]:
    return db.query("SELECT line_no, reason, raw FROM audit_rejects WHERE batch_id = ? "
                    "ORDER BY line_no", (batch_id,))


def delete_batch(db: Database, batch_id: int) -> int:
    """Remove a batch, its records (and their search-index entries) and its rejects."""
    db.execute("INSERT INTO audit_records_fts (audit_records_fts, rowid, purpose, notes) "
               "SELECT 'delete', id, purpose, notes FROM audit_records WHERE batch_id = ?",
               (batch_id,))
    count = int(db.scalar("SELECT count(*) FROM audit_records WHERE batch_id = ?", (batch_id,)))
    db.execute("DELETE FROM audit_batches WHERE id = ?", (batch_id,))
    return count


def systems(db: Database) -> list[str]:
    return [r["system"] for r in
            db.query("SELECT DISTINCT system FROM audit_batches ORDER BY system")]


def record_count(db: Database) -> int:
    return int(db.scalar("SELECT count(*) FROM audit_records"))


# --- the records browser ----------------------------------------------------------------------

@dataclass(frozen=True)
class RecordQuery:
    """A filter over audit records; every part is optional. Times are UTC strings."""

    utc_from: str | None = None   # inclusive
    utc_to: str | None = None     # exclusive
    systems: tuple[str, ...] = ()
    user: str = ""
    unit: str = ""
    case_number: str = ""
    fts: str = ""                 # an FTS5 query, already made safe by the caller
    batch_id: int | None = None


SORTABLE = ("occurred_at", "user_name", "user_id", "unit", "case_number", "purpose",
            "result_count", "event_id", "line_no", "batch_id", "ip_address", "user_email",
            "notes", "username")


def _where(q: RecordQuery) -> tuple[str, dict]:
    where, params = [], {}
    if q.utc_from:
        where.append("r.occurred_at >= :utc_from")
        params["utc_from"] = q.utc_from
    if q.utc_to:
        where.append("r.occurred_at < :utc_to")
        params["utc_to"] = q.utc_to
    if q.systems:
        marks = []
        for i, system in enumerate(q.systems):
            params[f"sys{i}"] = system
            marks.append(f":sys{i}")
        where.append(f"r.batch_id IN (SELECT id FROM audit_batches WHERE system IN "
                     f"({', '.join(marks)}))")
    for field, value in (("user", q.user), ("unit", q.unit), ("case_number", q.case_number)):
        if value.strip():
            params[field] = f"%{value.strip()}%"
            if field == "user":
                where.append("(r.user_name LIKE :user OR r.user_id LIKE :user "
                             "OR r.user_email LIKE :user OR r.username LIKE :user)")
            else:
                where.append(f"r.{field} LIKE :{field}")
    if q.fts:
        where.append("r.id IN (SELECT rowid FROM audit_records_fts WHERE audit_records_fts "
                     "MATCH :fts)")
        params["fts"] = q.fts
    if q.batch_id is not None:
        where.append("r.batch_id = :batch_id")
        params["batch_id"] = q.batch_id
    return (" WHERE " + " AND ".join(where)) if where else "", params


def count_records(db: Database, q: RecordQuery) -> int:
    where, params = _where(q)
    return int(db.scalar(f"SELECT count(*) FROM audit_records AS r{where}", params))


def iter_record_ids(db: Database, q: RecordQuery, sort: str = "occurred_at",
                    descending: bool = False, chunk: int = 50_000,
                    then: int | None = None) -> Iterator[list[int]]:
    """The ids of matching records in display order, a chunk at a time (keys, not rows);
    ``then`` is the size of the chunks after the first."""
    if sort not in SORTABLE:
        raise ValueError(f"cannot sort by {sort!r}")
    where, params = _where(q)
    direction = "DESC" if descending else "ASC"
    cursor = db.execute(
        f"SELECT r.id FROM audit_records AS r{where} "
        f"ORDER BY r.{sort} {direction}, r.id {direction}", params)
    while rows := cursor.fetchmany(chunk):
        yield [r[0] for r in rows]
        chunk = then or chunk


def records_by_ids(db: Database, ids: Sequence[int]) -> list[dict]:
    """Rows (with the batch's system and zone, without the original cells) for one page of
    ids, in the given order."""
    if not ids:
        return []
    marks = ",".join("?" for _ in ids)
    columns = ", ".join(f"r.{c}" for c in ("id", "batch_id", "line_no", "occurred_at",
                                           "source_tz", "result_count", *TEXT_COLUMNS))
    rows = db.query(
        f"SELECT {columns}, b.system AS system, b.source_tz AS batch_tz, "
        f"b.file_name AS file_name FROM audit_records AS r JOIN audit_batches AS b "
        f"ON b.id = r.batch_id WHERE r.id IN ({marks})", tuple(ids))
    by_id = {r["id"]: r for r in rows}
    return [by_id[i] for i in ids if i in by_id]


def original_cells(db: Database, record_id: int) -> tuple[list[str], list[str]]:
    """(the batch's header, the record's original cells, verbatim)."""
    row = db.one("SELECT r.*, b.header AS header, b.text_cells AS text_cells FROM audit_records "
                 "AS r JOIN audit_batches AS b ON b.id = r.batch_id WHERE r.id = ?", (record_id,))
    if row is None:
        raise LookupError(record_id)
    header = json.loads(row["header"])
    return header, decode_any(row["original"], row, json.loads(row["text_cells"]), len(header))


# --- saved column mappings --------------------------------------------------------------------

def saved_mapping(db: Database, signature: str) -> dict | None:
    row = db.one("SELECT mapping FROM saved_mappings WHERE signature = ?", (signature,))
    return json.loads(row["mapping"]) if row else None


def save_mapping(db: Database, signature: str, mapping: dict, actor: str) -> None:
    db.execute(
        "INSERT INTO saved_mappings (signature, mapping, saved_by, saved_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (signature) DO UPDATE SET mapping = excluded.mapping, "
        "saved_by = excluded.saved_by, saved_at = excluded.saved_at",
        (signature, json.dumps(mapping, ensure_ascii=False), actor, utc_now()))
