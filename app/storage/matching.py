"""The queries behind matching a request's criteria and freezing its responsive set.

Counting is done on identities, not rows: each batch is summarised once (records per UTC hour
and searcher identity), so a million-record match groups a few thousand summary rows. Criteria
that look inside records (keywords, case numbers) group the matching records themselves, which
those criteria make few.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.storage.database import Database

IDENTITY = ("user_id", "user_email", "username", "user_name", "unit")
SNAPSHOT = ("batch_id", "line_no", "occurred_at", "event_id", "user_name", "user_id",
            "user_email", "username", "unit", "case_number", "purpose", "notes",
            "result_count", "ip_address")


@dataclass(frozen=True)
class MatchQuery:
    utc_from: str | None = None      # inclusive, 'YYYY-MM-DD HH:MM:SS'
    utc_to: str | None = None        # exclusive
    batch_ids: tuple[int, ...] | None = None   # None: every batch
    case_numbers: tuple[str, ...] = ()
    fts: str = ""                    # an FTS5 query, already made safe

    @property
    def looks_inside(self) -> bool:
        return bool(self.case_numbers or self.fts)


def batches_for_systems(db: Database, systems: Sequence[str]) -> tuple[int, ...] | None:
    if not systems:
        return None
    marks = ",".join("?" for _ in systems)
    return tuple(r["id"] for r in db.query(
        f"SELECT id FROM audit_batches WHERE lower(system) IN ({marks})",
        tuple(s.lower() for s in systems)))


def first_time(db: Database) -> str | None:
    return db.scalar("SELECT min(occurred_at) FROM audit_records")


def last_time(db: Database) -> str | None:
    """Just after the newest record (the range end is exclusive)."""
    last = db.scalar("SELECT max(occurred_at) FROM audit_records")
    return None if last is None else last[:19] + "~"


def batch_systems(db: Database) -> dict[int, str]:
    return {r["id"]: r["system"] for r in db.query("SELECT id, system FROM audit_batches")}


def unsummarised_batches(db: Database) -> list[int]:
    return [r["id"] for r in db.query("SELECT id FROM audit_batches WHERE summarised = 0")]


def _key_sql(alias: str) -> str:
    """The identity key of a record, in SQL: its five identity fields joined."""
    return " || char(31) || ".join(f"coalesce({alias}.{c}, char(0))" for c in IDENTITY)


def summarise_batch(db: Database, batch_id: int) -> None:
    """Count a batch's records per UTC hour and identity (once; kept until the batch goes)."""
    cols = ", ".join(IDENTITY)
    db.execute(f"INSERT OR IGNORE INTO identities (key, {cols}) SELECT DISTINCT "
               f"{_key_sql('r')}, {', '.join('r.' + c for c in IDENTITY)} "
               f"FROM audit_records AS r WHERE r.batch_id = ?", (batch_id,))
    db.execute("DELETE FROM batch_identity_hours WHERE batch_id = ?", (batch_id,))
    db.execute(
        f"INSERT INTO batch_identity_hours (batch_id, hour, identity_id, records) "
        f"SELECT r.batch_id, substr(r.occurred_at, 1, 13), i.id, count(*) "
        f"FROM audit_records AS r JOIN identities AS i ON i.key = {_key_sql('r')} "
        f"WHERE r.batch_id = ? GROUP BY substr(r.occurred_at, 1, 13), i.id", (batch_id,))
    db.execute("UPDATE audit_batches SET summarised = 1 WHERE id = ?", (batch_id,))


def identities(db: Database, ids: Iterable[int]) -> dict[int, tuple]:
    """Identity id -> (user_id, user_email, username, user_name, unit)."""
    wanted = sorted(set(ids))
    out = {}
    for i in range(0, len(wanted), 500):
        chunk = wanted[i:i + 500]
        marks = ",".join("?" for _ in chunk)
        for r in db.execute(f"SELECT id, {', '.join(IDENTITY)} FROM identities "
                            f"WHERE id IN ({marks})", chunk):
            out[r[0]] = tuple(r[1:])
    return out


def _in(column: str, values: Sequence, params: dict, prefix: str) -> str:
    marks = []
    for i, value in enumerate(values):
        params[f"{prefix}{i}"] = value
        marks.append(f":{prefix}{i}")
    return f"{column} IN ({', '.join(marks) or 'NULL'})"


def _record_where(q: MatchQuery, alias: str = "r") -> tuple[str, dict]:
    where, params = [], {}
    if q.utc_from:
        where.append(f"{alias}.occurred_at >= :utc_from")
        params["utc_from"] = q.utc_from
    if q.utc_to:
        where.append(f"{alias}.occurred_at < :utc_to")
        params["utc_to"] = q.utc_to
    if q.batch_ids is not None:
        where.append(_in(f"{alias}.batch_id", q.batch_ids, params, "b"))
    if q.case_numbers:
        where.append(_in(f"upper(trim({alias}.case_number))",
                         [c.strip().upper() for c in q.case_numbers], params, "c"))
    if q.fts:
        where.append(f"{alias}.id IN (SELECT rowid FROM audit_records_fts "
                     "WHERE audit_records_fts MATCH :fts)")
        params["fts"] = q.fts
    return (" WHERE " + " AND ".join(where)) if where else "", params


def _bucket(column: str, months: Sequence[tuple[str, str]], params: dict) -> str:
    """A CASE that names the local month of a UTC time (or hour) from the months' first
    instants, each 'YYYY-MM-DD HH...' in UTC."""
    if not months:
        return "''"
    if len(months) == 1:
        return f"'{months[0][0]}'"
    branches = []
    for i in range(1, len(months)):
        params[f"m{i}"] = months[i][1]
        branches.append(f"WHEN {column} < :m{i} THEN '{months[i - 1][0]}'")
    return f"CASE {' '.join(branches)} ELSE '{months[-1][0]}' END"


def identity_months(db: Database, q: MatchQuery, months: Sequence[tuple[str, str]]
                    ) -> list[tuple[int, int, str, int]]:
    """(batch_id, identity_id, local month, records) for the records the query selects.

    ``months``: each local month the range touches, with its first instant in UTC
    ('YYYY-MM-DD HH:MM:SS'), in order. Whole hours come from the batch summaries; an hour that
    the range or a month boundary cuts (a zone whose offset is not whole hours), and criteria
    that look inside records, are counted from the records themselves."""
    key = _key_sql("r")
    if q.looks_inside:
        where, params = _record_where(q)
        bucket = _bucket("r.occurred_at", months, params)
        return [tuple(r) for r in db.execute(
            f"SELECT r.batch_id, i.id, {bucket}, count(*) FROM audit_records AS r "
            f"JOIN identities AS i ON i.key = {key}{where} GROUP BY 1, 2, 3",
            params).fetchall()]
    cuts = sorted({t[:13] for t in (q.utc_from, q.utc_to, *(m[1] for m in months[1:]))
                   if t and t[13:] not in ("", ":00:00")})
    where, params = [], {}
    if q.utc_from:
        params["h_from"] = q.utc_from[:13]
        where.append("s.hour >= :h_from")
    if q.utc_to:
        params["h_to"] = q.utc_to[:13]  # a cut last hour is counted from the records
        where.append("s.hour < :h_to")
    if q.batch_ids is not None:
        where.append(_in("s.batch_id", q.batch_ids, params, "b"))
    if cuts:
        where.append(_in("s.hour", cuts, params, "cut").replace(" IN ", " NOT IN "))
    bucket = _bucket("s.hour", [(m, t[:13]) for m, t in months], params)
    rows = [tuple(r) for r in db.execute(
        f"SELECT s.batch_id, s.identity_id, {bucket}, sum(s.records) "
        f"FROM batch_identity_hours AS s"
        + (" WHERE " + " AND ".join(where) if where else "") + " GROUP BY 1, 2, 3",
        params).fetchall()]
    for hour in cuts:
        rwhere, rparams = _record_where(q)
        rparams["cut_hour"] = hour
        rwhere += (" AND " if rwhere else " WHERE ") + "substr(r.occurred_at, 1, 13) = :cut_hour"
        bucket = _bucket("r.occurred_at", months, rparams)
        rows += [tuple(r) for r in db.execute(
            f"SELECT r.batch_id, i.id, {bucket}, count(*) FROM audit_records AS r "
            f"JOIN identities AS i ON i.key = {key}{rwhere} GROUP BY 1, 2, 3",
            rparams).fetchall()]
    return rows


def freeze(db: Database, request_id: int, q: MatchQuery,
           identities: Iterable[tuple[int, str | None]]) -> int:
    """Copy the records the query selects into the request's responsive set, in time order,
    each with its searcher's person key. ``identities``: (identity id, person key) for every
    identity to keep; records of identities not listed are left out (the user and unit
    criteria decide that). Returns the number of records frozen."""
    db.execute("DELETE FROM responsive_records WHERE request_id = ?", (request_id,))
    db.execute("DROP TABLE IF EXISTS temp.match_identities")
    db.execute("CREATE TEMP TABLE match_identities (identity_id INTEGER PRIMARY KEY, "
               "person_key TEXT)")
    db.executemany("INSERT INTO temp.match_identities VALUES (?, ?)", list(identities))
    where, params = _record_where(q)
    params["request_id"] = request_id
    cols = ", ".join(SNAPSHOT)
    count = db.execute(
        f"INSERT INTO responsive_records (request_id, row_no, record_id, system, {cols}, "
        f"person_key) SELECT :request_id, row_number() OVER (ORDER BY r.occurred_at, r.id), "
        f"r.id, b.system, {', '.join('r.' + c for c in SNAPSHOT)}, m.person_key "
        f"FROM audit_records AS r JOIN audit_batches AS b ON b.id = r.batch_id "
        f"JOIN identities AS i ON i.key = {_key_sql('r')} "
        f"JOIN temp.match_identities AS m ON m.identity_id = i.id{where}", params).rowcount
    db.execute("DROP TABLE temp.match_identities")
    return count


def save_set(db: Database, request_id: int, criteria: str, summary: str, actor: str,
             at: str) -> None:
    db.execute(
        "INSERT INTO responsive_sets (request_id, criteria, summary, frozen_by, frozen_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (request_id) DO UPDATE SET "
        "criteria = excluded.criteria, summary = excluded.summary, "
        "frozen_by = excluded.frozen_by, frozen_at = excluded.frozen_at, profile = '', "
        "redacted_at = NULL", (request_id, criteria, summary, actor, at))


def set_redacted(db: Database, request_id: int, profile: str, actor: str, at: str) -> None:
    """The profile of the latest redaction run, who ran it and when."""
    db.execute("UPDATE responsive_sets SET profile = ?, redacted_by = ?, redacted_at = ? "
               "WHERE request_id = ?", (profile, actor, at, request_id))


def responsive_set(db: Database, request_id: int) -> dict | None:
    return db.one("SELECT * FROM responsive_sets WHERE request_id = ?", (request_id,))


def freeze_people(db: Database, request_id: int, unlisted: Iterable[tuple[str, str]]) -> None:
    """A frozen copy of the whole roster for the request (later roster edits do not change
    it), and the identities not on the roster as people of their own."""
    db.execute("DELETE FROM request_people WHERE request_id = ?", (request_id,))
    db.execute(
        "INSERT INTO request_people (request_id, person_key, person_id, employee_id, "
        "last_name, first_name, middle_name, email, username, rank, unit, aliases) "
        "SELECT ?, 'p:' || id, id, employee_id, last_name, first_name, middle_name, email, "
        "username, rank, unit, aliases FROM personnel", (request_id,))
    db.executemany("INSERT INTO request_people (request_id, person_key, shown_as) "
                   "VALUES (?, ?, ?)", [(request_id, key, shown) for key, shown in unlisted])


def request_people(db: Database, request_id: int) -> list[dict]:
    return db.query("SELECT * FROM request_people WHERE request_id = ? ORDER BY person_key",
                    (request_id,))


def set_pseudonyms(db: Database, request_id: int, codes: dict[str, str]) -> None:
    db.executemany("UPDATE request_people SET pseudonym = ? WHERE request_id = ? "
                   "AND person_key = ?",
                   [(code, request_id, key) for key, code in codes.items()])


def first_rows(db: Database, request_id: int) -> list[tuple[str, int]]:
    """(person key, first included row) of each searcher, in order of first appearance."""
    return [(r["person_key"], r["first"]) for r in db.query(
        "SELECT person_key, min(row_no) AS first FROM responsive_records WHERE request_id = ? "
        "AND included = 1 AND person_key IS NOT NULL GROUP BY person_key ORDER BY first",
        (request_id,))]


def filled_cells(db: Database, request_id: int, fields: list[str]) -> dict[str, int]:
    """For each field, how many included rows hold a value in it."""
    counts = ", ".join(f"count(NULLIF({f}, '')) AS {f}" for f in fields)
    return db.one(f"SELECT {counts} FROM responsive_records WHERE request_id = ? "
                  "AND included = 1", (request_id,)) or {}


def filled_cells_by_person(db: Database, request_id: int,
                           fields: list[str]) -> dict[tuple[str, str], int]:
    """(person key, field) -> how many of the person's included rows hold a value in it."""
    counts = ", ".join(f"count(NULLIF({f}, '')) AS {f}" for f in fields)
    out = {}
    for r in db.query(f"SELECT person_key, {counts} FROM responsive_records WHERE "
                      "request_id = ? AND included = 1 AND person_key IS NOT NULL "
                      "GROUP BY person_key", (request_id,)):
        out.update({(r["person_key"], f): r[f] for f in fields if r[f]})
    return out


def count_rows(db: Database, request_id: int, included_only: bool = True) -> int:
    return int(db.scalar("SELECT count(*) FROM responsive_records WHERE request_id = ?"
                         + (" AND included = 1" if included_only else ""), (request_id,)))


def row_numbers(db: Database, request_id: int) -> set[int]:
    """The numbers of the included records."""
    return {r[0] for r in db.execute("SELECT row_no FROM responsive_records WHERE "
                                     "request_id = ? AND included = 1", (request_id,))}


def rows(db: Database, request_id: int, *, offset: int = 0, limit: int = -1,
         included_only: bool = False) -> list[dict]:
    return db.query("SELECT * FROM responsive_records WHERE request_id = ?"
                    + (" AND included = 1" if included_only else "")
                    + " ORDER BY row_no LIMIT ? OFFSET ?", (request_id, limit, offset))


def excluded_rows(db: Database, request_id: int, limit: int) -> list[dict]:
    """Rows the clerk left out of the set, with the note saying why."""
    return db.query("SELECT row_no, note FROM responsive_records WHERE request_id = ? AND "
                    "included = 0 ORDER BY row_no LIMIT ?", (request_id, limit))


def row(db: Database, request_id: int, row_no: int) -> dict | None:
    return db.one("SELECT * FROM responsive_records WHERE request_id = ? AND row_no = ?",
                  (request_id, row_no))


def set_included(db: Database, request_id: int, row_no: int, included: bool, note: str) -> int:
    return db.execute("UPDATE responsive_records SET included = ?, note = ? "
                      "WHERE request_id = ? AND row_no = ?",
                      (int(included), note, request_id, row_no)).rowcount


def row_of_record(db: Database, request_id: int, record_id: int) -> int | None:
    return db.scalar("SELECT row_no FROM responsive_records WHERE request_id = ? "
                     "AND record_id = ?", (request_id, record_id))
