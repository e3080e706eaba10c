"""Approvals, Bates counters and the productions (packets) of each request."""

from __future__ import annotations

import json
from collections.abc import Iterator

from app.storage.database import Database, utc_now


def add_approval(db: Database, request_id: int, reviewer: str, actor: str, fingerprint: str,
                 note: str) -> int:
    return int(db.execute(
        "INSERT INTO approvals (request_id, reviewer, actor, fingerprint, note, approved_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (request_id, reviewer, actor, fingerprint, note, utc_now())).lastrowid)


def latest_approval(db: Database, request_id: int) -> dict | None:
    return db.one("SELECT * FROM approvals WHERE request_id = ? ORDER BY id DESC LIMIT 1",
                  (request_id,))


def preparers(db: Database, request_id: int) -> set[str]:
    """Everyone who shaped the redactions: ran the redaction, decided an item, added one."""
    names = {r["who"] for r in db.query(
        "SELECT redacted_by AS who FROM responsive_sets WHERE request_id = :r "
        "UNION SELECT decided_by FROM redactions WHERE request_id = :r "
        "AND decided_by IS NOT NULL "
        "UNION SELECT created_by FROM redactions WHERE request_id = :r AND source = 'manual'",
        {"r": request_id})}
    return {n for n in names if n}


def decisions_fingerprint_rows(db: Database, request_id: int) -> Iterator[tuple]:
    """What an approval covers: every decision and which records are in the set (a batch
    at a time: a large request has hundreds of thousands)."""
    for item in db.iterate(
            'SELECT id, scope, row_no, field, start, "end", person_key, replacement, action, '
            "exemption, decision FROM redactions WHERE request_id = ? ORDER BY id",
            (request_id,)):
        yield tuple(item.values())
    for row in db.iterate("SELECT row_no, included FROM responsive_records "
                          "WHERE request_id = ? ORDER BY row_no", (request_id,)):
        yield ("row", *row.values())


def next_bates(db: Database, prefix: str, pages: int) -> int:
    """Reserve ``pages`` Bates numbers; returns the first. Never reused."""
    db.execute("INSERT INTO bates_counters (prefix, last) VALUES (?, 0) "
               "ON CONFLICT (prefix) DO NOTHING", (prefix,))
    first = int(db.scalar("SELECT last FROM bates_counters WHERE prefix = ?", (prefix,))) + 1
    db.execute("UPDATE bates_counters SET last = ? WHERE prefix = ?",
               (first + pages - 1, prefix))
    return first


def peek_bates(db: Database, prefix: str) -> int:
    last = db.scalar("SELECT last FROM bates_counters WHERE prefix = ?", (prefix,))
    return int(last or 0) + 1


def add_production(db: Database, production: dict, files: list[dict]) -> int:
    production_id = int(db.execute(
        "INSERT INTO productions (request_id, seq, folder, bates_first, bates_last, replaces, "
        "fingerprint, manifest, created_by, created_at) VALUES (:request_id, :seq, :folder, "
        ":bates_first, :bates_last, :replaces, :fingerprint, :manifest, :created_by, :at)",
        {**production, "manifest": json.dumps(production["manifest"], ensure_ascii=False),
         "at": utc_now()}).lastrowid)
    db.executemany("INSERT INTO production_files (production_id, name, sha256, bytes) "
                   "VALUES (?, ?, ?, ?)",
                   [(production_id, f["name"], f["sha256"], f["bytes"]) for f in files])
    return production_id


def productions(db: Database, request_id: int) -> list[dict]:
    return db.query("SELECT * FROM productions WHERE request_id = ? ORDER BY seq",
                    (request_id,))


def production_files(db: Database, production_id: int) -> list[dict]:
    return db.query("SELECT * FROM production_files WHERE production_id = ? ORDER BY name",
                    (production_id,))


def mark_released(db: Database, production_id: int, actor: str) -> None:
    db.execute("UPDATE productions SET released_by = ?, released_at = ? WHERE id = ?",
               (actor, utc_now(), production_id))


def summary_counts(db: Database, request_id: int) -> dict:
    """Included records per UTC hour (for the months), per system and per searcher key."""
    return {
        "hours": {r["h"]: r["n"] for r in db.query(
            "SELECT substr(occurred_at, 1, 13) AS h, count(*) AS n FROM responsive_records "
            "WHERE request_id = ? AND included = 1 GROUP BY h", (request_id,))},
        "systems": {r["system"]: r["n"] for r in db.query(
            "SELECT system, count(*) AS n FROM responsive_records WHERE request_id = ? "
            "AND included = 1 GROUP BY system", (request_id,))},
        "people": {r["person_key"]: r["n"] for r in db.query(
            "SELECT person_key, count(*) AS n FROM responsive_records WHERE request_id = ? "
            "AND included = 1 GROUP BY person_key", (request_id,))},
    }


def rows_of_person(db: Database, request_id: int, person_key: str) -> list[int]:
    return [r[0] for r in db.execute(
        "SELECT row_no FROM responsive_records WHERE request_id = ? AND person_key = ? "
        "AND included = 1 ORDER BY row_no", (request_id, person_key))]
