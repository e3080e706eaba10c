"""Request use cases: intake, the workflow, the statutory clock, the queue."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from app.domain.agency import DEFAULT_SETTINGS
from app.domain.deadlines import (
    UNTIL_ACCESS_REGAINED,
    Deadline,
    Law,
    TollKind,
    Urgency,
    check_toll,
    choose_reason,
    compute_deadline,
    urgency,
)
from app.domain.errors import InputError, NotFound, RuleError
from app.domain.letters import LANGUAGES, LetterKind
from app.domain.requests import (
    OPEN_STATUSES,
    Criteria,
    Intake,
    Status,
    check_transition,
    closing_reason,
    format_number,
)
from app.services.clocks import calendar_for, deadline_of, refresh_due, tolls_of
from app.services.context import Context
from app.storage import reasons as reason_store
from app.storage import requests as store
from app.storage.database import Database
from app.storage.events import append_event, request_events
from app.storage.requests import QueueFilter
from app.storage.settings import get_settings

# Which closing reasons fit the status a request is closed from.
CLOSING_REASONS_BY_STATUS = {
    Status.RELEASED: {"released_full", "released_redacted"},
    Status.NO_RECORDS: {"no_records", "referred"},
    Status.DENIED: {"denied"},
    Status.WITHDRAWN: {"withdrawn", "abandoned", "duplicate", "referred"},
}


@dataclass(frozen=True)
class RequestView:
    row: dict
    deadline: Deadline
    tolls: list[dict]
    events: list[dict]
    # How pressing the deadline is on the context's day ("OVERDUE by 3 days", "4 days left"),
    # when get_request was given a context and the request is open.
    urgency: Urgency | None = None
    urgency_text: str = ""

    @property
    def number(self) -> str:
        return self.row["number"]

    @property
    def status(self) -> Status:
        return Status(self.row["status"])

    @property
    def law(self) -> Law:
        return Law(self.row["law"])

    def as_json(self) -> dict:
        data = {k: v for k, v in self.row.items() if k not in ("criteria", "is_open")}
        data["criteria"] = json.loads(self.row["criteria"] or "{}")
        data["deadline"] = self.deadline.as_json()
        data["tolls"] = self.tolls
        data["events"] = [
            {k: e[k] for k in ("seq", "at", "actor", "action", "subject")}
            | {"details": json.loads(e["details"])}
            for e in self.events
        ]
        return data


def _require(db: Database, number: str) -> dict:
    row = store.get_by_number(db, number)
    if row is None:
        raise NotFound(f"There is no request {number!r}.",
                       "Check the number (e.g. CPRA-2026-0007); 'request list' shows them all.")
    return row


def create_request(db: Database, ctx: Context, intake: Intake) -> RequestView:
    problems = intake.validate(ctx.today)
    if problems:
        raise InputError(" ".join(problems), "Nothing was saved; correct the request and retry.")
    with db.transaction():
        seq = store.next_sequence(db, intake.law.value, intake.received.year)
        number = format_number(intake.law, intake.received.year, seq)
        request_id = store.insert_request(db, {
            "number": number, "law": intake.law.value, "status": Status.NEW.value,
            "received": intake.received.isoformat(), "channel": intake.channel.value,
            "requester_name": intake.requester_name.strip(),
            "requester_org": intake.requester_org.strip(),
            "requester_email": intake.requester_email.strip(),
            "requester_address": intake.requester_address.strip(),
            "description": intake.description.strip(), "assignee": intake.assignee.strip(),
            "criteria": json.dumps(intake.criteria.as_json()),
        })
        row = store.get_by_id(db, request_id)
        deadline = refresh_due(db, row)
        append_event(db, actor=ctx.actor, action="request.created", request_id=request_id,
                     subject=number, details={"law": intake.law.value,
                                              "received": intake.received.isoformat(),
                                              "due": deadline.due.isoformat() if deadline.due
                                              else None})
    return get_request(db, number)


def get_request(db: Database, number: str, ctx: Context | None = None) -> RequestView:
    """The request with its deadline, clock stops and timeline; with ``ctx``, also how pressing
    its deadline is on ``ctx.today`` (open requests only)."""
    row = _require(db, number)
    deadline = deadline_of(db, row)
    level, text = None, ""
    if ctx is not None and Status(row["status"]) in OPEN_STATUSES:
        level, text = _urgency(db, ctx, Law(row["law"]), deadline.due)
    return RequestView(row, deadline, store.tolls(db, row["id"]),
                       request_events(db, row["id"]), level, text)


def _urgency(db: Database, ctx: Context, law: Law, due: date | None) -> tuple[Urgency, str]:
    soon = int({**DEFAULT_SETTINGS, **get_settings(db)}["due_soon_days"])
    return urgency(due, ctx.today, soon, calendar_for(db, law))


def change_status(db: Database, ctx: Context, number: str, target: Status,
                  note: str = "") -> RequestView:
    with db.transaction():
        row = _require(db, number)
        current = Status(row["status"])
        if target is Status.EXTENDED:
            raise RuleError("Extending needs a statutory reason.",
                            f"Use: request extend {row['number']} --reason CODE.")
        if target is Status.CLOSED:
            raise RuleError("Closing needs a closing reason.",
                            f"Use: request close {row['number']} --reason CODE.")
        check_transition(current, target)
        if target is Status.RELEASED:
            raise RuleError(
                "A request is marked released only by the release gate, which reads every "
                "produced file back and blocks anything that would leak. This version of "
                "Disclosure Desk cannot produce or release a packet yet.",
                "Keep the request awaiting approval, or withdraw or deny it.")
        store.update_request(db, row["id"], {"status": target.value})
        append_event(db, actor=ctx.actor, action="request.status_changed", request_id=row["id"],
                     subject=row["number"],
                     details={"from": current.value, "to": target.value, "note": note})
    return get_request(db, number)


def undo_status_change(db: Database, ctx: Context, number: str, event_seq: int) -> RequestView:
    """Take back the status change recorded as event ``event_seq`` - the clerk's "Undo" right
    after it. This is the one way back from a terminal status (denied, no records, withdrawn)
    that the workflow allows, and only while nothing else has happened to the request since:
    the change must be the request's latest event and its status still the one it set. The
    undo is itself an event; the original change stays in the log."""
    with db.transaction():
        row = _require(db, number)
        events = request_events(db, row["id"])
        change = next((e for e in events if e["seq"] == event_seq), None)
        if change is None or change["action"] != "request.status_changed":
            raise RuleError(f"Event {event_seq} is not a status change of {row['number']}.")
        details = json.loads(change["details"])
        if events[-1]["seq"] != event_seq or row["status"] != details["to"]:
            raise RuleError(
                f"The change to {Status(details['to']).label.lower()} can no longer be undone: "
                f"{row['number']} has changed since.",
                "Change its status again in the usual way if the workflow allows it.")
        store.update_request(db, row["id"], {"status": details["from"]})
        append_event(db, actor=ctx.actor, action="request.status_change_undone",
                     request_id=row["id"], subject=row["number"],
                     details={"from": details["to"], "to": details["from"],
                              "undoes": event_seq})
    return get_request(db, number, ctx)


def extend(db: Database, ctx: Context, number: str, reason_code: str,
           note: str = "") -> RequestView:
    """Extend for a statutory reason. The reason's words in force today are recorded with the
    extension (in its activity-log event), so the notice and the steps keep saying what the law
    said on the day it was made, whatever counsel enters later."""
    with db.transaction():
        row = _require(db, number)
        law = Law(row["law"])
        reason = choose_reason(reason_store.all_reasons(db), law, reason_code, ctx.today)
        if row["extension_reason"]:
            raise RuleError(
                f"{row['number']} was already extended on {row['extended_on']} "
                f"({row['extension_reason']}); the law allows one extension.",
                "Send the determination by the extended date.")
        current = Status(row["status"])
        check_transition(current, Status.EXTENDED)
        deadline = deadline_of(db, row)
        if deadline.due is not None and ctx.today > deadline.due:
            raise RuleError(
                f"The determination deadline ({deadline.due}) has passed; an extension notice "
                "must be sent before the deadline, so it can no longer be extended.",
                "Take the late-notice path: send the determination now, saying when the records "
                "will be produced; reports will show the request as late.")
        new = compute_deadline(law, date.fromisoformat(row["received"]), calendar_for(db, law),
                               tolls=tolls_of(db, row["id"]), reason=reason)
        store.update_request(db, row["id"], {
            "extension_reason": reason.code, "extended_on": ctx.today.isoformat(),
            "status": Status.EXTENDED.value, "due": new.due.isoformat() if new.due else None})
        append_event(db, actor=ctx.actor, action="request.extended", request_id=row["id"],
                     subject=row["number"],
                     details={"reason": reason.code, "citation": reason.citation,
                              "text": reason.text, "lead_in": reason.lead_in,
                              "effective_from": reason.effective_from.isoformat(),
                              "ends_when": reason.limit, "wording": reason.wording,
                              "from_due": deadline.due.isoformat() if deadline.due else None,
                              "to_due": new.due.isoformat() if new.due else None, "note": note})
    return get_request(db, number)


def record_access_regained(db: Database, ctx: Context, number: str,
                           regained: date) -> RequestView:
    """Gov. Code § 7922.535(c)(6): an extension for a cyberattack lasts only until the agency
    regains access to its systems; from that day the determination is due."""
    with db.transaction():
        row = _require(db, number)
        deadline = deadline_of(db, row)
        if deadline.reason is None or deadline.reason.limit != UNTIL_ACCESS_REGAINED:
            raise RuleError(
                f"{row['number']} was not extended for a cyberattack (Gov. Code "
                "§ 7922.535(c)(6)); only that extension ends when access is regained.")
        if row["extension_ended"]:
            raise RuleError(f"Access was already recorded as regained on "
                            f"{row['extension_ended']}.")
        if Status(row["status"]) not in OPEN_STATUSES:
            raise RuleError(f"{row['number']} is {Status(row['status']).label.lower()}; its "
                            "deadline no longer runs.")
        if regained > ctx.today:
            raise InputError(f"{regained} is in the future; record the day access was "
                             "actually regained.")
        if regained < date.fromisoformat(row["extended_on"]):
            raise InputError(f"Access cannot have been regained on {regained}, before the "
                             f"extension ({row['extended_on']}).")
        store.update_request(db, row["id"], {"extension_ended": regained.isoformat()})
        new = refresh_due(db, store.get_by_id(db, row["id"]))
        append_event(db, actor=ctx.actor, action="request.access_regained",
                     request_id=row["id"], subject=row["number"],
                     details={"regained": regained.isoformat(),
                              "citation": deadline.reason.citation,
                              "from_due": deadline.due.isoformat() if deadline.due else None,
                              "to_due": new.due.isoformat() if new.due else None})
    return get_request(db, number)


def stop_clock(db: Database, ctx: Context, number: str, kind: TollKind, start: date,
               note: str = "") -> RequestView:
    with db.transaction():
        row = _require(db, number)
        law = Law(row["law"])
        existing = tolls_of(db, row["id"])
        check_toll(law, existing, kind, start, date.fromisoformat(row["received"]),
                   calendar_for(db, law) if law is Law.FOIA else None)
        if start > ctx.today:
            raise InputError(f"{start} is in the future; stop the clock on the day the letter "
                             "goes out.")
        store.insert_toll(db, row["id"], kind.value, start.isoformat(), note)
        refresh_due(db, store.get_by_id(db, row["id"]))
        append_event(db, actor=ctx.actor, action="request.clock_stopped", request_id=row["id"],
                     subject=row["number"],
                     details={"kind": kind.value, "start": start.isoformat(), "note": note})
    return get_request(db, number)


def resume_clock(db: Database, ctx: Context, number: str, answered: date) -> RequestView:
    with db.transaction():
        row = _require(db, number)
        open_tolls = [t for t in store.tolls(db, row["id"]) if t["end"] is None]
        if not open_tolls:
            raise RuleError(f"The clock of {row['number']} is not stopped.")
        toll = open_tolls[0]
        if answered < date.fromisoformat(toll["start"]):
            raise InputError(f"The answer ({answered}) cannot come before the clock stopped "
                             f"({toll['start']}).")
        if answered > ctx.today:
            raise InputError(f"{answered} is in the future.")
        store.end_toll(db, toll["id"], answered.isoformat())
        new = refresh_due(db, store.get_by_id(db, row["id"]))
        append_event(db, actor=ctx.actor, action="request.clock_resumed", request_id=row["id"],
                     subject=row["number"],
                     details={"answered": answered.isoformat(),
                              "due": new.due.isoformat() if new.due else None})
    return get_request(db, number)


def close(db: Database, ctx: Context, number: str, reason_code: str,
          note: str = "") -> RequestView:
    reason = closing_reason(reason_code)
    with db.transaction():
        row = _require(db, number)
        current = Status(row["status"])
        check_transition(current, Status.CLOSED)
        fitting = CLOSING_REASONS_BY_STATUS.get(current, set())
        if reason.code not in fitting:
            raise RuleError(
                f"A {current.label.lower()} request cannot be closed as "
                f"'{reason.label.lower()}'.", "Use one of: " + ", ".join(sorted(fitting)) + ".")
        if reason.needs_citation and not note.strip():
            raise InputError("A denial must be closed with the exemption it relied on.",
                             "Give the citation as the note, e.g. 'Gov. Code § 7923.600'.")
        store.update_request(db, row["id"], {
            "status": Status.CLOSED.value, "closing_reason": reason.code,
            "closing_note": note.strip(), "closed_on": ctx.today.isoformat()})
        append_event(db, actor=ctx.actor, action="request.closed", request_id=row["id"],
                     subject=row["number"], details={"reason": reason.code, "note": note})
    return get_request(db, number)


def describe_event(event: dict) -> str:
    """One line of a request's timeline, in words."""
    details = json.loads(event["details"] or "{}")
    action = event["action"]
    if action == "request.created":
        return f"Logged; determination due {details.get('due') or '-'}"
    if action == "request.status_changed":
        text = (f"Status: {Status(details['from']).label} \u2192 {Status(details['to']).label}")
        return text + (f" ({details['note']})" if details.get("note") else "")
    if action == "request.status_change_undone":
        return (f"Status change undone: {Status(details['from']).label} \u2192 "
                f"{Status(details['to']).label}")
    if action == "request.extended":
        words = f" \u2014 {details['text']}" if details.get("text") else ""
        due = (f": due {details.get('from_due')} \u2192 {details['to_due']}"
               if details.get("to_due") else "")
        return f"Extended ({details['citation']}{words}){due}"
    if action == "request.access_regained":
        return (f"Access to the systems regained {details['regained']} "
                f"({details['citation']}): due {details.get('from_due')} \u2192 "
                f"{details.get('to_due')}")
    if action == "request.clock_stopped":
        return f"Clock stopped on {details['start']} ({details['kind']} question)"
    if action == "request.clock_resumed":
        return f"Requester answered {details['answered']}; due {details.get('due')}"
    if action == "request.due_recomputed":
        return (f"Due date moved {details.get('from') or '-'} \u2192 {details.get('to') or '-'}: "
                f"{details.get('why', 'a calendar changed')}")
    if action == "request.assistance_recorded":
        return f"Help to identify records ({details.get('on')}): {details.get('text', '')}"
    if action == "letter.written":
        kind = details.get("kind", "")
        label = LetterKind(kind).label() if kind in set(LetterKind) else kind
        language = LANGUAGES.get(details.get("language", ""), details.get("language", ""))
        return f"Letter written: {label} ({language}), {details.get('file', '')}"
    if action == "request.closed":
        return f"Closed: {closing_reason(details['reason']).label}" + (
            f" ({details['note']})" if details.get("note") else "")
    return action.replace(".", " ").replace("_", " ")


@dataclass(frozen=True)
class QueueRow:
    number: str
    law: Law
    status: Status
    received: date
    due: date | None
    requester: str
    assignee: str
    is_open: bool
    urgency: Urgency | None
    urgency_text: str


def queue(db: Database, ctx: Context, flt: QueueFilter | None = None) -> list[QueueRow]:
    settings = {**DEFAULT_SETTINGS, **get_settings(db)}
    soon = int(settings["due_soon_days"])
    rows = store.list_requests(db, flt or QueueFilter(), [s.value for s in OPEN_STATUSES])
    calendars = {law: calendar_for(db, law) for law in Law}
    out = []
    for r in rows:
        due = date.fromisoformat(r["due"]) if r["due"] else None
        is_open = bool(r["is_open"])
        if is_open:
            level, text = urgency(due, ctx.today, soon, calendars[Law(r["law"])])
        else:
            level, text = None, Status(r["status"]).label
        requester = r["requester_name"] + (f" ({r['requester_org']})" if r["requester_org"]
                                           else "")
        out.append(QueueRow(r["number"], Law(r["law"]), Status(r["status"]),
                            date.fromisoformat(r["received"]), due, requester, r["assignee"],
                            is_open, level, text))
    return out


def assignees(db: Database) -> list[str]:
    """Everyone a request is assigned to (the queue's filter)."""
    return store.assignees(db)


def criteria_of(row: dict) -> Criteria:
    return Criteria.from_json(json.loads(row["criteria"] or "{}"))
