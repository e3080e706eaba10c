"""The statutory clock of each request: the calendar that applies to its law, its deadline, and
keeping the stored due dates right when a calendar changes.

Both the request use cases and the calendar edits call this module (it imports neither), so a
calendar change and the deadlines it moves are recomputed in one place and one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from app.domain.calendars import AGENCY_CLOSURES, CA_STATE, US_FEDERAL, Calendar, CalendarEntry
from app.domain.deadlines import (
    Deadline,
    ExtensionReason,
    Law,
    Toll,
    TollKind,
    compute_deadline,
    find_reason,
)
from app.domain.holiday_rules import local_choices
from app.domain.requests import OPEN_STATUSES
from app.services.context import Context
from app.storage import calendar as calendar_store
from app.storage import reasons as reason_store
from app.storage import requests as store
from app.storage.database import Database
from app.storage.events import append_event, request_events
from app.storage.settings import get_settings

# CCP § 12a rolls a CPRA deadline past Saturdays and the court holidays of CCP § 135, § 12b past
# the days the office is closed; FOIA counts only federal legal public holidays (5 U.S.C.
# § 6103(a)) as non-working days.
CALENDARS_BY_LAW = {Law.CPRA: (CA_STATE, AGENCY_CLOSURES), Law.FOIA: (US_FEDERAL,)}


def calendar_of(law: Law, entries: Iterable[CalendarEntry],
                settings: Mapping[str, object]) -> Calendar:
    """The calendar of ``law`` from listed days and the agency's settings (its local-option
    choices, Gov. Code § 6700(a), apply to the California calendar only)."""
    names = CALENDARS_BY_LAW[law]
    if law is Law.CPRA:
        choices = local_choices(dict(settings))
        return Calendar.from_entries(names, entries, not_counted_rules=choices.not_counted_rules,
                                     choices=(choices.step,))
    return Calendar.from_entries(names, entries)


def calendar_for(db: Database, law: Law) -> Calendar:
    names = CALENDARS_BY_LAW[law]
    return calendar_of(law, calendar_store.entries(db, names), get_settings(db))


def preview_deadline(db: Database, law: Law, received: date, *,
                     extended: bool = False) -> Deadline:
    """The deadline a request received on ``received`` would have (the intake form's preview,
    the ``deadline`` command)."""
    return compute_deadline(law, received, calendar_for(db, law), extended=extended)


def tolls_of(db: Database, request_id: int) -> list[Toll]:
    return [Toll(TollKind(t["kind"]), date.fromisoformat(t["start"]),
                 date.fromisoformat(t["end"]) if t["end"] else None)
            for t in store.tolls(db, request_id)]


def extension_reason_of(db: Database, row: dict) -> ExtensionReason | None:
    """The reason a request was extended for, in the words recorded when it was extended (the
    ``request.extended`` event); for extensions recorded before those words were kept, the
    words in force on the day of the extension."""
    code = row.get("extension_reason")
    if not code:
        return None
    law = Law(row["law"])
    on = date.fromisoformat(row["extended_on"]) if row.get("extended_on") else None
    stored = find_reason(reason_store.all_reasons(db), law, code, on or date.max)
    for event in reversed(request_events(db, row["id"])):
        if event["action"] != "request.extended":
            continue
        details = json.loads(event["details"] or "{}")
        if details.get("text"):
            return ExtensionReason(
                law, code, details.get("citation", ""), details["text"],
                date.fromisoformat(details.get("effective_from") or row["extended_on"]),
                lead_in=details.get("lead_in", ""),
                limit=details.get("ends_when", stored.limit if stored else ""),
                wording=details.get("wording", "verbatim"))
        break
    if stored is not None:
        return stored
    return ExtensionReason(law, code, code, "(reason not on file)", on or date.min)


def deadline_of(db: Database, row: dict) -> Deadline:
    law = Law(row["law"])
    ended = row.get("extension_ended")
    return compute_deadline(law, date.fromisoformat(row["received"]), calendar_for(db, law),
                            extended=bool(row["extension_reason"]),
                            tolls=tolls_of(db, row["id"]),
                            reason=extension_reason_of(db, row),
                            extension_ended=date.fromisoformat(ended) if ended else None)


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
