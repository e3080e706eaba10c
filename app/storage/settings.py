"""Agency configuration stored in the database (versioned with it)."""

from __future__ import annotations

import json
from typing import Any

from app.storage.database import Database


def get_settings(db: Database) -> dict[str, Any]:
    return {row["key"]: json.loads(row["value"]) for row in db.query("SELECT * FROM settings")}


def put_setting(db: Database, key: str, value: Any) -> None:
    db.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, json.dumps(value, ensure_ascii=False)),
    )
