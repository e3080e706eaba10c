"""The append-only, hash-chained activity log."""

from __future__ import annotations

import json

from app.domain.activity import GENESIS, event_hash
from app.storage.database import Database, utc_now


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
