"""The records browser's use cases: filters in the clerk's terms, keys in display order, pages
of rows for display, one record with its original row."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from app.services.database import agency_settings
from app.services.jobs import Job
from app.storage import audit as store
from app.storage.database import Database

KEY_CHUNK_FIRST = 1_000
KEY_CHUNK = 100_000


@dataclass(frozen=True)
class RecordFilter:
    """What the clerk typed: dates are local dates in the agency's zone, inclusive."""

    date_from: date | None = None
    date_to: date | None = None
    systems: tuple[str, ...] = ()
    user: str = ""
    unit: str = ""
    case_number: str = ""
    text: str = ""
    batch_id: int | None = None


def fts_query(text: str) -> str:
    """Words the clerk typed -> an FTS5 query that finds rows holding all of them (as word
    prefixes), whatever punctuation was typed; never a syntax error."""
    words = re.findall(r"\w+", text)
    return " ".join(f'"{w}"*' for w in words)


def to_query(flt: RecordFilter, zone: ZoneInfo) -> store.RecordQuery:
    def utc(d: date) -> str:
        local = datetime(d.year, d.month, d.day, tzinfo=zone)
        return local.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")

    return store.RecordQuery(
        utc_from=utc(flt.date_from) if flt.date_from else None,
        utc_to=utc(flt.date_to + timedelta(days=1)) if flt.date_to else None,
        systems=flt.systems, user=flt.user, unit=flt.unit, case_number=flt.case_number,
        fts=fts_query(flt.text), batch_id=flt.batch_id)


def agency_zone(db: Database) -> ZoneInfo:
    return ZoneInfo(agency_settings(db)["agency_timezone"])


def load_keys(db: Database, job: Job, flt: RecordFilter, sort: str = "occurred_at",
              descending: bool = False) -> int:
    """Publish the ids of matching records in display order, the first few at once so the
    first page shows immediately; returns how many there are."""
    query = to_query(flt, agency_zone(db))
    total = 0
    for chunk in store.iter_record_ids(db, query, sort, descending,
                                       chunk=KEY_CHUNK_FIRST, then=KEY_CHUNK):
        job.publish(chunk)
        total += len(chunk)
    return total


def local_time(utc_text: str | None, zone: ZoneInfo) -> str:
    if not utc_text:
        return ""
    moment = datetime.strptime(utc_text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    local = moment.astimezone(zone)
    return local.strftime("%Y-%m-%d %H:%M:%S %Z")


def page(db: Database, ids: list[int]) -> list[dict]:
    """Rows for display, with the search time in the agency's zone."""
    zone = agency_zone(db)
    rows = store.records_by_ids(db, ids)
    for row in rows:
        row["local_time"] = local_time(row["occurred_at"], zone)
    return rows


def detail(db: Database, record_id: int) -> dict:
    rows = store.records_by_ids(db, [record_id])
    if not rows:
        from app.domain.errors import NotFound

        raise NotFound(f"There is no audit record {record_id}.")
    row = rows[0]
    header, cells = store.original_cells(db, record_id)
    row["local_time"] = local_time(row["occurred_at"], agency_zone(db))
    row["original"] = [(header[i] if i < len(header) else f"(extra cell {i + 1})", cell)
                       for i, cell in enumerate(cells)]
    return row


def systems(db: Database) -> list[str]:
    return store.systems(db)
