"""The append-only, hash-chained activity log."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from app.domain.activity import GENESIS, event_hash
from app.storage.database import Database, guard, utc_now
from app.storage.migrations import GUARD_TRIGGERS


def append_event(
    db: Database,
    *,
    actor: str,
    action: str,
    request_id: int | None = None,
    subject: str = "",
    details: dict | None = None,
) -> dict:
    """Write one event. Call inside the transaction of the change it records, so the change and
    its journal entry land together or not at all."""
    last = db.one("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")
    event = {
        "seq": (last["seq"] + 1) if last else 1,
        "at": utc_now(),
        "actor": actor,
        "action": action,
        "request_id": request_id,
        "subject": subject,
        "details": json.dumps(details or {}, sort_keys=True, ensure_ascii=False),
        "prev_hash": last["hash"] if last else GENESIS,
    }
    event["hash"] = event_hash(event["prev_hash"], event)
    db.execute(
        "INSERT INTO events (seq, at, actor, action, request_id, subject, details, prev_hash, hash)"
        " VALUES (:seq, :at, :actor, :action, :request_id, :subject, :details, :prev_hash, :hash)",
        event,
    )
    return event


def all_events(db: Database) -> list[dict]:
    return db.query("SELECT * FROM events ORDER BY seq")


def request_events(db: Database, request_id: int) -> list[dict]:
    return db.query("SELECT * FROM events WHERE request_id = ? ORDER BY seq", (request_id,))


def last_event(db: Database) -> dict | None:
    return db.one("SELECT seq, hash, at FROM events ORDER BY seq DESC LIMIT 1")


def recorded_head(db: Database) -> dict | None:
    """The head the triggers recorded (the newest event ever written), or None without one."""
    return db.one("SELECT seq, hash FROM events_head WHERE id = 1")


def missing_guards(db: Database) -> list[str]:
    """The append-only triggers that are no longer in the database."""
    present = {r["name"] for r in db.query("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    return [name for name in GUARD_TRIGGERS if name not in present]


def event_at(db: Database, seq: int) -> dict | None:
    return db.one("SELECT seq, hash FROM events WHERE seq = ?", (seq,))


def head_of_file(path: Path) -> dict | None:
    """The newest event of another database file (a backup), opened read-only."""
    with guard(path):
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT seq, hash, at FROM events ORDER BY seq DESC LIMIT 1"
                               ).fetchone()
        finally:
            conn.close()
    return {"seq": row[0], "hash": row[1], "at": row[2]} if row else None
