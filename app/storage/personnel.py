"""The personnel roster that redaction scans free text against."""

from __future__ import annotations

from app.storage.database import Database, utc_now

PERSON_FIELDS = ("employee_id", "last_name", "first_name", "middle_name", "email", "username",
                 "rank", "unit", "aliases", "active")


def upsert_person(db: Database, person: dict) -> str:
    """Insert or update by employee number; returns 'added', 'updated' or 'unchanged'."""
    row = {k: person.get(k, "") for k in PERSON_FIELDS}
    row["active"] = int(person.get("active", 1))
    row["aliases"] = person.get("aliases", "[]")
    existing = db.one("SELECT * FROM personnel WHERE employee_id = ?", (row["employee_id"],))
    if existing is None:
        cols = ", ".join(row) + ", updated_at"
        marks = ", ".join(f":{k}" for k in row) + ", :updated_at"
        db.execute(f"INSERT INTO personnel ({cols}) VALUES ({marks})",
                   {**row, "updated_at": utc_now()})
        return "added"
    if all(str(existing[k]) == str(row[k]) for k in PERSON_FIELDS):
        return "unchanged"
    sets = ", ".join(f"{k} = :{k}" for k in row)
    db.execute(f"UPDATE personnel SET {sets}, updated_at = :updated_at WHERE id = :id",
               {**row, "updated_at": utc_now(), "id": existing["id"]})
    return "updated"


def list_people(db: Database) -> list[dict]:
    return db.query("SELECT * FROM personnel ORDER BY last_name COLLATE NOCASE, first_name")


def person_by_employee_id(db: Database, employee_id: str) -> dict | None:
    return db.one("SELECT * FROM personnel WHERE employee_id = ? COLLATE NOCASE",
                  (employee_id,))
