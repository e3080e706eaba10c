"""Requests: intake validation, numbering and the workflow's allowed transitions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from app.domain.deadlines import EARLIEST_RECEIVED, Law
from app.domain.errors import InputError, RuleError


class Status(StrEnum):
    NEW = "new"
    ACKNOWLEDGED = "acknowledged"
    SEARCHING = "searching"
    IN_REVIEW = "in_review"
    AWAITING_APPROVAL = "awaiting_approval"
    RELEASED = "released"
    CLOSED = "closed"
    # side states
    CLARIFICATION_REQUESTED = "clarification_requested"
    EXTENDED = "extended"
    NO_RECORDS = "no_records"
    DENIED = "denied"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.NEW: "New",
    Status.ACKNOWLEDGED: "Acknowledged",
    Status.SEARCHING: "Searching",
    Status.IN_REVIEW: "In review",
    Status.AWAITING_APPROVAL: "Awaiting approval",
    Status.RELEASED: "Released",
    Status.CLOSED: "Closed",
    Status.CLARIFICATION_REQUESTED: "Clarification requested",
    Status.EXTENDED: "Extended",
    Status.NO_RECORDS: "No records",
    Status.DENIED: "Denied",
    Status.WITHDRAWN: "Withdrawn",
}

_S = Status
# What the clerk may do next from each status. The determination is made by the time a request
# leaves the working states, so the statutory clock matters only while ``is_open``.
TRANSITIONS: dict[Status, frozenset[Status]] = {
    _S.NEW: frozenset({_S.ACKNOWLEDGED, _S.CLARIFICATION_REQUESTED, _S.EXTENDED,
                       _S.NO_RECORDS, _S.DENIED, _S.WITHDRAWN}),
    _S.ACKNOWLEDGED: frozenset({_S.SEARCHING, _S.CLARIFICATION_REQUESTED, _S.EXTENDED,
                                _S.NO_RECORDS, _S.DENIED, _S.WITHDRAWN}),
    _S.CLARIFICATION_REQUESTED: frozenset({_S.ACKNOWLEDGED, _S.SEARCHING, _S.EXTENDED,
                                           _S.WITHDRAWN}),
    _S.EXTENDED: frozenset({_S.SEARCHING, _S.IN_REVIEW, _S.CLARIFICATION_REQUESTED,
                            _S.NO_RECORDS, _S.DENIED, _S.WITHDRAWN}),
    _S.SEARCHING: frozenset({_S.IN_REVIEW, _S.EXTENDED, _S.CLARIFICATION_REQUESTED,
                             _S.NO_RECORDS, _S.DENIED, _S.WITHDRAWN}),
    # Released only by the release gate (services.release), never by a bare status change.
    _S.IN_REVIEW: frozenset({_S.AWAITING_APPROVAL, _S.RELEASED, _S.SEARCHING, _S.EXTENDED,
                             _S.DENIED, _S.WITHDRAWN}),
    _S.AWAITING_APPROVAL: frozenset({_S.RELEASED, _S.IN_REVIEW, _S.WITHDRAWN}),
    _S.RELEASED: frozenset({_S.CLOSED}),
    _S.NO_RECORDS: frozenset({_S.CLOSED}),
    _S.DENIED: frozenset({_S.CLOSED}),
    _S.WITHDRAWN: frozenset({_S.CLOSED}),
    _S.CLOSED: frozenset(),
}

# Statuses in which the agency still owes the requester a determination or records.
OPEN_STATUSES = frozenset({_S.NEW, _S.ACKNOWLEDGED, _S.CLARIFICATION_REQUESTED, _S.EXTENDED,
                           _S.SEARCHING, _S.IN_REVIEW, _S.AWAITING_APPROVAL})


def check_transition(current: Status, target: Status) -> None:
    if target == current:
        raise RuleError(f"The request is already {current.label.lower()}.")
    allowed = TRANSITIONS[current]
    if target not in allowed:
        if not allowed:
            raise RuleError(f"A {current.label.lower()} request cannot change status.")
        choices = ", ".join(s.label.lower() for s in sorted(allowed, key=list(Status).index))
        raise RuleError(
            f"A request that is {current.label.lower()} cannot become "
            f"{target.label.lower()}.", f"From here it can become: {choices}."
        )


def parse_status(text: str) -> Status:
    key = text.strip().lower().replace(" ", "_").replace("-", "_")
    try:
        return Status(key)
    except ValueError:
        raise InputError(f"Unknown status {text!r}.",
                         "Use one of: " + ", ".join(s.value for s in Status) + ".") from None


class Channel(StrEnum):
    EMAIL = "email"
    PORTAL = "portal"
    MAIL = "mail"
    WALK_IN = "walk-in"
    PHONE = "phone"


def parse_channel(text: str) -> Channel:
    try:
        return Channel(text.strip().lower().replace("_", "-").replace("e-mail", "email"))
    except ValueError:
        raise InputError(f"Unknown channel {text!r}.",
                         "Use one of: " + ", ".join(c.value for c in Channel) + ".") from None


@dataclass(frozen=True)
class ClosingReason:
    code: str
    label: str
    needs_citation: bool = False


CLOSING_REASONS: tuple[ClosingReason, ...] = (
    ClosingReason("released_full", "Records released in full"),
    ClosingReason("released_redacted", "Records released with redactions"),
    ClosingReason("no_records", "No responsive records"),
    ClosingReason("denied", "Denied with citation", needs_citation=True),
    ClosingReason("withdrawn", "Withdrawn by the requester"),
    ClosingReason("abandoned", "Requester did not answer a clarification request"),
    ClosingReason("duplicate", "Duplicate of another request"),
    ClosingReason("referred", "Referred to another agency"),
)


def closing_reason(code: str) -> ClosingReason:
    for reason in CLOSING_REASONS:
        if reason.code == code.strip().lower():
            return reason
    raise InputError(f"Unknown closing reason {code!r}.",
                     "Use one of: " + ", ".join(r.code for r in CLOSING_REASONS) + ".")


NUMBER_RE = re.compile(r"^(CPRA|FOIA)-(\d{4})-(\d{4,})$")


def format_number(law: Law, year: int, sequence: int) -> str:
    return f"{law.label}-{year}-{sequence:04d}"


def parse_date(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"{what} {text!r} is not a date.",
                         "Write it as YYYY-MM-DD, e.g. 2026-11-16.") from None


@dataclass(frozen=True)
class Criteria:
    """What makes an audit record responsive to a request (used by matching)."""

    date_from: date | None = None
    date_to: date | None = None
    systems: tuple[str, ...] = ()
    users: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    case_numbers: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()

    def as_json(self) -> dict:
        return {
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "systems": list(self.systems), "users": list(self.users), "units": list(self.units),
            "case_numbers": list(self.case_numbers), "keywords": list(self.keywords),
        }

    @classmethod
    def from_json(cls, data: dict | None) -> Criteria:
        data = data or {}
        return cls(
            date_from=date.fromisoformat(data["date_from"]) if data.get("date_from") else None,
            date_to=date.fromisoformat(data["date_to"]) if data.get("date_to") else None,
            **{k: tuple(data.get(k) or ()) for k in
               ("systems", "users", "units", "case_numbers", "keywords")},
        )


EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# The longest text each intake field takes: a description is the request in the requester's
# words (a long letter fits); the rest are names and addresses.
LIMITS = {"requester_name": 200, "requester_org": 200, "requester_email": 254,
          "requester_address": 1000, "description": 20_000, "assignee": 100}
FIELD_WORDS = {"requester_name": "requester's name", "requester_org": "organisation",
               "requester_email": "e-mail address", "requester_address": "postal address",
               "description": "description", "assignee": "assignee"}


@dataclass(frozen=True)
class Intake:
    """A new request as the clerk typed it, before it has a number."""

    law: Law
    received: date
    requester_name: str
    description: str
    channel: Channel = Channel.EMAIL
    requester_org: str = ""
    requester_email: str = ""
    requester_address: str = ""
    assignee: str = ""
    criteria: Criteria = field(default_factory=Criteria)

    def validate(self, today: date) -> list[str]:
        """Every problem with the intake, as sentences the form shows beside the fields."""
        return [text for _, text in self.problems(today)]

    def problems(self, today: date) -> list[tuple[str, str]]:
        """Every problem with the intake as (field, sentence), in the form's order, so the form
        can move the focus to the field at fault."""
        problems = []
        if self.received < EARLIEST_RECEIVED:
            problems.append(("received", f"The received date {self.received} is before "
                                         f"{EARLIEST_RECEIVED.year}; check the year."))
        if self.received > today:
            problems.append(("received", f"The received date {self.received} is in the future; "
                                         "a request cannot be logged before it arrives."))
        if not self.description.strip():
            problems.append(("description",
                             "Describe what the requester asked for, in their words."))
        if not self.requester_name.strip():
            problems.append(("requester_name", "Enter the requester's name (or 'Anonymous')."))
        if self.requester_email and not EMAIL_RE.match(self.requester_email.strip()):
            problems.append(("requester_email", f"{self.requester_email!r} does not look like "
                                                "an e-mail address."))
        for name, limit in LIMITS.items():
            length = len(getattr(self, name))
            if length > limit:
                problems.append((name, f"The {FIELD_WORDS[name]} is {length:,} characters "
                                       f"long; the limit is {limit:,}. Attach long material to "
                                       "the request's file instead."))
        c = self.criteria
        if c.date_from and c.date_to and c.date_from > c.date_to:
            problems.append(("date_from", f"The records date range runs backwards "
                                          f"({c.date_from} after {c.date_to})."))
        return problems
