"""Matching a request's criteria against the audit records, and freezing the responsive set.

Searchers are people, not strings: each distinct identity in the records (employee number,
e-mail, username, name, unit) is resolved against the roster once, so "Det. García",
"GARCIA, JOSE" and "J. Garcia" count as one searcher, and identities that resolve to no one
are counted and listed apart. The clerk sees the counts first; committing freezes the records,
their searchers and a copy of the roster as the request's responsive set, which later imports,
batch removals and roster edits do not change.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from app.domain.errors import InputError, NotFound, RuleError
from app.domain.identity import Resolver
from app.domain.people import RosterPerson, fold
from app.domain.requests import Criteria
from app.services import records as records_service
from app.services.context import Context
from app.services.jobs import Job
from app.storage import matching as store
from app.storage import personnel as personnel_store
from app.storage import requests as request_store
from app.storage.database import Database, utc_now
from app.storage.events import append_event


@dataclass
class MatchResult:
    number: str
    records: int
    searchers: int
    unresolved: int
    by_month: dict[str, int]
    by_system: dict[str, int]
    unresolved_identities: list[dict] = field(default_factory=list)
    committed: bool = False
    no_searcher: int = 0          # records that name no searcher at all

    def as_json(self) -> dict:
        return {"number": self.number, "records": self.records, "searchers": self.searchers,
                "unresolved": self.unresolved, "by_month": self.by_month,
                "by_system": self.by_system, "unresolved_identities": self.unresolved_identities,
                "no_searcher": self.no_searcher, "committed": self.committed}


def roster_people(db: Database) -> list[RosterPerson]:
    return [_person(r) for r in personnel_store.list_people(db)]


def _person(r: dict) -> RosterPerson:
    return RosterPerson(
        person_id=r["id"], employee_id=r["employee_id"], last_name=r["last_name"],
        first_name=r["first_name"], middle_name=r["middle_name"], email=r["email"],
        username=r["username"], rank=r["rank"],
        aliases=tuple(json.loads(r["aliases"] or "[]")))


def _require_request(db: Database, number: str) -> dict:
    row = request_store.get_by_number(db, number)
    if row is None:
        raise NotFound(f"There is no request {number!r}.",
                       "'request list' shows the requests and their numbers.")
    return row


def _query(db: Database, criteria: Criteria) -> store.MatchQuery:
    zone = records_service.agency_zone(db)
    q = records_service.to_query(records_service.RecordFilter(
        date_from=criteria.date_from, date_to=criteria.date_to), zone)
    batch_ids = store.batches_for_systems(db, criteria.systems)
    fts = " OR ".join(records_service.fts_query(k) for k in criteria.keywords
                      if records_service.fts_query(k))
    return store.MatchQuery(q.utc_from, q.utc_to, batch_ids, criteria.case_numbers,
                            f"({fts})" if " OR " in fts else fts)


def _identity_key(identity: tuple) -> str | None:
    """The key of a searcher who is not on the roster: what the log calls them."""
    user_id, email, username, name, _unit = identity
    for value in (name, user_id, email, username):
        if value and value.strip():
            return "u:" + fold(value)
    return None


def _shown(identity: tuple) -> str:
    user_id, email, username, name, _unit = identity
    parts = [p for p in (name, user_id, email, username) if p and p.strip()]
    return " / ".join(parts)


def _months(db: Database, query: store.MatchQuery, zone) -> list[tuple[str, str]]:
    """Each local month the query's range touches, with its first instant in UTC. Without a
    range, the months of the records themselves."""
    first = query.utc_from or store.first_time(db)
    last = query.utc_to or store.last_time(db)
    if not first or not last:
        return []
    start = datetime.strptime(first[:19], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    end = datetime.strptime(last[:19], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    local = start.astimezone(zone)
    year, month = local.year, local.month
    months = []
    while True:
        begins = datetime(year, month, 1, tzinfo=zone).astimezone(UTC)
        if months and begins > end:
            break
        months.append((f"{year:04d}-{month:02d}", begins.strftime("%Y-%m-%d %H:%M:%S")))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _wanted(identity: tuple, person_id: int | None, person_unit: str,
            users: list[tuple[str, set[int]]], units: list[str]) -> bool:
    """Whether the request's user and unit criteria take this identity's records: a user
    criterion matches the person it resolves to or the words of the identity; a unit criterion
    matches the unit the log records or the person's unit on the roster."""
    if users:
        raw = fold(" ".join(v for v in identity[:4] if v))
        if not any(person_id in ids or text in raw for text, ids in users):
            return False
    if units:
        texts = [t for t in (fold(identity[4] or ""), fold(person_unit)) if t]
        if not any(u in t for u in units for t in texts):
            return False
    return True


def match(db: Database, ctx: Context, number: str, *, commit: bool = False,
          job: Job | None = None) -> MatchResult:
    """Count what the request's criteria select; with ``commit``, freeze it as the request's
    responsive set (replacing an earlier one that has no redaction decisions yet)."""
    job = job or Job()
    row = _require_request(db, number)
    criteria = Criteria.from_json(json.loads(row["criteria"] or "{}"))
    pending = store.unsummarised_batches(db)
    if pending:
        with db.transaction():
            for i, batch_id in enumerate(pending, 1):
                job.progress(i - 1, len(pending), "counting searchers per batch")
                store.summarise_batch(db, batch_id)
    if commit:
        from app.storage import productions as production_store

        if production_store.productions(db, row["id"]) or \
                production_store.latest_approval(db, row["id"]):
            raise RuleError(
                f"{row['number']} has been approved or has a packet; matching again would "
                "silently change what was approved and produced.",
                "Include or exclude single records instead (each is recorded and needs a "
                "new approval).")
    if commit and _has_decisions(db, row["id"]):
        raise RuleError(
            f"{row['number']} already has redaction decisions on its responsive set; matching "
            "again would lose them.",
            "Keep the set (include or exclude single records instead), or discard the "
            "redaction work first.")
    query = _query(db, criteria)
    job.progress(0, 0, "matching")
    zone = records_service.agency_zone(db)
    rows = store.identity_months(db, query, _months(db, query, zone))
    identities = store.identities(db, (identity_id for _, identity_id, _, _ in rows))

    roster = personnel_store.list_people(db)
    units = {r["id"]: r["unit"] for r in roster}
    resolver = Resolver(_person(r) for r in roster)
    users = []
    for text in criteria.users:
        resolution = resolver.resolve(user_id=text, email=text, username=text, name=text)
        users.append((fold(text), {resolution.person_id} if resolution.person_id else set()))
    unit_criteria = [fold(u) for u in criteria.units if u.strip()]

    resolved: dict[int, tuple[str | None, bool, str]] = {}
    for identity_id, identity in identities.items():
        r = resolver.resolve(user_id=identity[0], email=identity[1], username=identity[2],
                             name=identity[3])
        keep = _wanted(identity, r.person_id, units.get(r.person_id, ""), users, unit_criteria)
        key = f"p:{r.person_id}" if r.person_id is not None else _identity_key(identity)
        resolved[identity_id] = (key, keep, r.reason)
    systems = store.batch_systems(db)
    by_month: Counter[str] = Counter()
    by_system: Counter[str] = Counter()
    per_key: Counter[str] = Counter()
    unresolved: dict[str, dict] = {}
    no_searcher = 0
    for batch_id, identity_id, month, count in rows:
        key, keep, reason = resolved[identity_id]
        if not keep:
            continue
        by_month[month] += count
        by_system[systems.get(batch_id, "?")] += count
        if key is None:
            no_searcher += count
            continue
        per_key[key] += count
        if key.startswith("u:"):
            entry = unresolved.setdefault(key, {"shown": _shown(identities[identity_id]),
                                                "records": 0,
                                                "reason": reason or "no one on the roster"})
            entry["records"] += count
    result = MatchResult(
        row["number"], sum(by_system.values()),
        sum(1 for k in per_key if k.startswith("p:")), len(unresolved),
        dict(sorted(by_month.items())), dict(sorted(by_system.items())),
        sorted(unresolved.values(), key=lambda u: (-u["records"], u["shown"])),
        no_searcher=no_searcher)
    if not commit:
        return result
    if result.records == 0:
        raise InputError(f"No records match the criteria of {row['number']}; there is nothing "
                         "to freeze.",
                         "Check the dates, systems and keywords of the request (a request "
                         "with no responsive records is answered with a 'no records' "
                         "letter).")
    job.progress(0, 0, "freezing the responsive set")
    with db.transaction():
        kept = [(identity_id, key) for identity_id, (key, keep, _) in resolved.items() if keep]
        frozen = store.freeze(db, row["id"], query, kept)
        store.freeze_people(db, row["id"], [(k, u["shown"]) for k, u in unresolved.items()])
        result.committed = True
        summary = result.as_json()
        store.save_set(db, row["id"], json.dumps(criteria.as_json()),
                       json.dumps(summary, ensure_ascii=False), ctx.actor, utc_now())
        append_event(db, actor=ctx.actor, action="request.matched", request_id=row["id"],
                     subject=row["number"],
                     details={"records": frozen, "searchers": result.searchers,
                              "unresolved": result.unresolved, "by_system": result.by_system})
        if frozen != result.records:  # the counts shown must be what was frozen
            raise RuntimeError(f"froze {frozen} records but counted {result.records}")
    return result


def _has_decisions(db: Database, request_id: int) -> bool:
    from app.storage import redactions as redaction_store

    return redaction_store.has_decisions(db, request_id)


def set_included(db: Database, ctx: Context, number: str, *, record_id: int | None = None,
                 row_no: int | None = None, included: bool, note: str) -> dict:
    """Include or exclude one record of the frozen set, with the clerk's reason."""
    row = _require_request(db, number)
    if not note.strip():
        raise InputError("Say why the record is " + ("included." if included else "excluded."),
                         "The note is kept with the record and in the activity log.")
    with db.transaction():
        if store.responsive_set(db, row["id"]) is None:
            raise RuleError(f"{row['number']} has no responsive set yet.",
                            f"Match it first: request match {row['number']}")
        if row_no is None:
            if record_id is None:
                raise InputError("Name the record (its audit-record id) or its row number.")
            row_no = store.row_of_record(db, row["id"], record_id)
            if row_no is None:
                raise NotFound(f"Audit record {record_id} is not in the responsive set of "
                               f"{row['number']}.")
        if not store.set_included(db, row["id"], row_no, included, note.strip()):
            raise NotFound(f"{row['number']} has no row {row_no} in its responsive set.")
        append_event(db, actor=ctx.actor, action="request.record_" + (
            "included" if included else "excluded"), request_id=row["id"],
            subject=row["number"], details={"row": row_no, "note": note.strip()})
    return {"number": row["number"], "row": row_no, "included": included,
            "records": store.count_rows(db, row["id"])}
