"""The statutory clock of each request: the calendar that applies to its law, its deadline, and
keeping the stored due dates right when a calendar changes.

Both the request use cases and the calendar edits call this module (it imports neither), so a
calendar change and the deadlines it moves are recomputed in one place and one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.calendars import AGENCY_CLOSURES, CA_STATE, US_FEDERAL, Calendar
from app.domain.deadlines import Deadline, Law, Toll, TollKind, compute_deadline
from app.domain.requests import OPEN_STATUSES
from app.services.context import Context
from app.storage import calendar as calendar_store
from app.storage import requests as store
from app.storage.database import Database
from app.storage.events import append_event

# CCP §§ 12a/12b roll a CPRA deadline past state holidays and days the office is closed; FOIA
# counts only federal legal public holidays (5 U.S.C. § 6103(a)) as non-working days.
CALENDARS_BY_LAW = {Law.CPRA: (CA_STATE, AGENCY_CLOSURES), Law.FOIA: (US_FEDERAL,)}


def calendar_for(db: Database, law: Law) -> Calendar:
    names = CALENDARS_BY_LAW[law]
    return Calendar.from_entries(names, calendar_store.entries(db, names))


def preview_deadline(db: Database, law: Law, received: date, *,
                     extended: bool = False) -> Deadline:
    """The deadline a request received on ``received`` would have (the intake form's preview,
    the ``deadline`` command)."""
    return compute_deadline(law, received, calendar_for(db, law), extended=extended)


def tolls_of(db: Database, request_id: int) -> list[Toll]:
    return [Toll(TollKind(t["kind"]), date.fromisoformat(t["start"]),
                 date.fromisoformat(t["end"]) if t["end"] else None)
            for t in store.tolls(db, request_id)]


def deadline_of(db: Database, row: dict) -> Deadline:
    law = Law(row["law"])
    return compute_deadline(law, date.fromisoformat(row["received"]), calendar_for(db, law),
                            extended=bool(row["extension_reason"]),
                            tolls=tolls_of(db, row["id"]))


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def refresh_due(db: Database, row: dict) -> Deadline:
    """Recompute a request's deadline and store its due date if it moved."""
    deadline = deadline_of(db, row)
    due = _iso(deadline.due)
    if row.get("due") != due:
        store.update_request(db, row["id"], {"due": due})
    return deadline


@dataclass(frozen=True)
class DueChange:
    number: str
    before: str | None
    after: str | None

    def as_json(self) -> dict:
        return {"number": self.number, "from": self.before, "to": self.after}


def recompute_due_dates(db: Database, ctx: Context, why: str) -> list[DueChange]:
    """After a calendar edit: recompute the due date of every open request. Each request whose
    date moved gets an entry in its timeline (old date, new date, why); returns those changes.
    Call inside the transaction of the edit, so the edit and its consequences land together."""
    changes = []
    for request_id in store.open_request_ids(db, [s.value for s in OPEN_STATUSES]):
        row = store.get_by_id(db, request_id)
        before = row["due"]
        after = _iso(refresh_due(db, row).due)
        if after != before:
            changes.append(DueChange(row["number"], before, after))
            append_event(db, actor=ctx.actor, action="request.due_recomputed",
                         request_id=request_id, subject=row["number"],
                         details={"from": before, "to": after, "why": why})
    return changes
