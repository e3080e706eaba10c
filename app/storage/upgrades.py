"""Work a schema upgrade leaves for the services: a migration changes data in storage, and the
consequences that need the services (recomputing deadlines, writing the activity log with the
clerk's name) run right after it, from :func:`app.services.database.finish_upgrade`."""

from __future__ import annotations

import json

from app.storage.database import Database, utc_now


def add(db: Database, version: int, kind: str, details: dict) -> None:
    db.execute("INSERT INTO upgrade_steps (version, kind, details, created_at) "
               "VALUES (?, ?, ?, ?)",
               (version, kind, json.dumps(details, ensure_ascii=False), utc_now()))


def pending(db: Database) -> list[dict]:
    if not db.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                     "AND name = 'upgrade_steps'"):
        return []
    return [{**r, "details": json.loads(r["details"])}
            for r in db.query("SELECT * FROM upgrade_steps ORDER BY id")]


def done(db: Database, step_id: int) -> None:
    db.execute("DELETE FROM upgrade_steps WHERE id = ?", (step_id,))
