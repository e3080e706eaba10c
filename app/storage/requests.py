"""Requests, their numbering and their FOIA tolling periods."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.storage.database import Database, utc_now

REQUEST_FIELDS = (
    "number", "law", "status", "received", "channel", "requester_name", "requester_org",
    "requester_email", "requester_address", "description", "assignee", "criteria",
    "extension_reason", "extended_on", "extension_ended", "due", "closing_reason",
    "closing_note", "closed_on",
)


def next_sequence(db: Database, law: str, year: int) -> int:
    """The next number for ``law`` in ``year``; numbers are never reused, even after a
    request is deleted, because the sequence is kept apart from the requests."""
    db.execute(
        "INSERT INTO request_sequences (law, year, last) VALUES (?, ?, 1) "
        "ON CONFLICT (law, year) DO UPDATE SET last = last + 1",
        (law, year),
    )
    return int(db.scalar("SELECT last FROM request_sequences WHERE law = ? AND year = ?",
                         (law, year)))


def insert_request(db: Database, fields: dict) -> int:
    now = utc_now()
    row = {k: fields.get(k) for k in REQUEST_FIELDS if k in fields}
    row.update(created_at=now, updated_at=now)
    cols = ", ".join(row)
    marks = ", ".join(f":{k}" for k in row)
    return int(db.execute(f"INSERT INTO requests ({cols}) VALUES ({marks})", row).lastrowid)


def update_request(db: Database, request_id: int, fields: dict) -> None:
    unknown = set(fields) - set(REQUEST_FIELDS)
    if unknown:
        raise ValueError(f"not request fields: {sorted(unknown)}")
    sets = ", ".join(f"{k} = :{k}" for k in fields)
    db.execute(f"UPDATE requests SET {sets}, updated_at = :_now WHERE id = :_id",
               {**fields, "_now": utc_now(), "_id": request_id})


def get_by_number(db: Database, number: str) -> dict | None:
    return db.one("SELECT * FROM requests WHERE number = ? COLLATE NOCASE", (number.strip(),))


def get_by_id(db: Database, request_id: int) -> dict | None:
    return db.one("SELECT * FROM requests WHERE id = ?", (request_id,))


@dataclass(frozen=True)
class QueueFilter:
    statuses: tuple[str, ...] = ()
    law: str | None = None
    assignee: str | None = None
    search: str = ""


def list_requests(db: Database, flt: QueueFilter, open_statuses: Iterable[str]) -> list[dict]:
    """The clerk's queue: open requests first by due date, then the rest, newest first."""
    where, params = [], {}
    if flt.statuses:
        marks = []
        for i, status in enumerate(flt.statuses):
            params[f"s{i}"] = status
            marks.append(f":s{i}")
        where.append(f"status IN ({', '.join(marks)})")
    if flt.law:
        where.append("law = :law")
        params["law"] = flt.law
    if flt.assignee is not None:
        where.append("assignee = :assignee")
        params["assignee"] = flt.assignee
    if flt.search.strip():
        where.append(
            "(number LIKE :q OR requester_name LIKE :q OR requester_org LIKE :q "
            "OR description LIKE :q OR requester_email LIKE :q)"
        )
        params["q"] = f"%{flt.search.strip()}%"
    open_marks = []
    for i, status in enumerate(open_statuses):
        params[f"o{i}"] = status
        open_marks.append(f":o{i}")
    sql = (
        "SELECT *, status IN ({open}) AS is_open FROM requests"
        + (f" WHERE {' AND '.join(where)}" if where else "")
        + " ORDER BY is_open DESC,"
        " CASE WHEN status IN ({open}) THEN coalesce(due, '9999-12-31') END ASC,"
        " received DESC, number"
    ).replace("{open}", ", ".join(open_marks))
    return db.query(sql, params)


def assignees(db: Database) -> list[str]:
    return [r["assignee"] for r in
            db.query("SELECT DISTINCT assignee FROM requests WHERE assignee != '' ORDER BY 1")]


def open_request_ids(db: Database, open_statuses: Iterable[str]) -> list[int]:
    statuses = tuple(open_statuses)
    marks = ",".join("?" for _ in statuses)
    return [r["id"] for r in
            db.query(f"SELECT id FROM requests WHERE status IN ({marks})", statuses)]


def tolls(db: Database, request_id: int) -> list[dict]:
    return db.query('SELECT * FROM request_tolls WHERE request_id = ? ORDER BY start, id',
                    (request_id,))


def insert_toll(db: Database, request_id: int, kind: str, start: str, note: str) -> int:
    return int(db.execute(
        "INSERT INTO request_tolls (request_id, kind, start, note) VALUES (?, ?, ?, ?)",
        (request_id, kind, start, note)).lastrowid)


def end_toll(db: Database, toll_id: int, end: str) -> None:
    db.execute('UPDATE request_tolls SET "end" = ? WHERE id = ?', (end, toll_id))


def counts_by_status(db: Database) -> dict[str, int]:
    return {r["status"]: r["n"] for r in
            db.query("SELECT status, count(*) AS n FROM requests GROUP BY status")}
