"""Read-only look-ups the views show: roster, import batches, report counts, settings."""

from __future__ import annotations

from app.domain.deadlines import Urgency
from app.domain.requests import OPEN_STATUSES, Status
from app.services.context import Context
from app.services.requests import QueueFilter, queue
from app.storage import audit as audit_store
from app.storage import personnel as personnel_store
from app.storage import requests as requests_store
from app.storage.database import Database


def people(db: Database) -> list[dict]:
    return personnel_store.list_people(db)


def batches(db: Database) -> list[dict]:
    return audit_store.list_batches(db)



def overdue(db: Database, ctx: Context) -> list[str]:
    """The numbers of the open requests whose deadline has passed on ``ctx.today``."""
    return [q.number for q in queue(db, ctx, QueueFilter(
        statuses=tuple(s.value for s in OPEN_STATUSES))) if q.urgency is Urgency.OVERDUE]


def status_report(db: Database, ctx: Context) -> dict:
    counts = requests_store.counts_by_status(db)
    rows = queue(db, ctx)
    overdue = [q.number for q in rows if q.is_open and q.urgency and q.urgency.value == "overdue"]
    return {
        "by_status": {s.label: counts.get(s.value, 0) for s in Status if counts.get(s.value)},
        "open": sum(counts.get(s.value, 0) for s in OPEN_STATUSES),
        "overdue": overdue,
        "total": sum(counts.values()),
    }
