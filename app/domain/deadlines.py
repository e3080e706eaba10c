"""Statutory clocks for CPRA and FOIA requests, computed step by step.

Pure functions: given the law, the date of receipt, the calendar of closed days and the request's
extension and tolling history, return the due date together with the reasoning a clerk can read
(and a requester or a court can check).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from app.domain.calendars import Calendar, fmt_day
from app.domain.errors import InputError, RuleError


class Law(StrEnum):
    CPRA = "cpra"
    FOIA = "foia"

    @property
    def title(self) -> str:
        return "California Public Records Act" if self is Law.CPRA else "Freedom of Information Act"

    @property
    def label(self) -> str:
        return self.value.upper()


def parse_law(text: str) -> Law:
    try:
        return Law(text.strip().lower())
    except ValueError:
        raise InputError(
            f"Unknown law {text!r}.", "Use 'cpra' (California) or 'foia' (federal)."
        ) from None


CPRA_DAYS = 10
CPRA_EXTENSION_DAYS = 14
FOIA_WORKING_DAYS = 20
FOIA_EXTENSION_WORKING_DAYS = 10


@dataclass(frozen=True)
class ExtensionReason:
    code: str
    law: Law
    citation: str
    text: str


EXTENSION_REASONS: tuple[ExtensionReason, ...] = (
    ExtensionReason(
        "c1", Law.CPRA, "Gov. Code § 7922.535(c)(1)",
        "The need to search for and collect the requested records from field facilities or other "
        "establishments that are separate from the office processing the request.",
    ),
    ExtensionReason(
        "c2", Law.CPRA, "Gov. Code § 7922.535(c)(2)",
        "The need to search for, collect, and appropriately examine a voluminous amount of "
        "separate and distinct records that are demanded in a single request.",
    ),
    ExtensionReason(
        "c3", Law.CPRA, "Gov. Code § 7922.535(c)(3)",
        "The need for consultation, conducted with all practicable speed, with another agency "
        "having substantial interest in the determination of the request or among two or more "
        "components of the agency having substantial subject-matter interest therein.",
    ),
    ExtensionReason(
        "c4", Law.CPRA, "Gov. Code § 7922.535(c)(4)",
        "The need to compile data, to write programming language or a computer program, or to "
        "construct a computer report to extract data.",
    ),
    ExtensionReason(
        "c5", Law.CPRA, "Gov. Code § 7922.535(c)(5)",
        "The need, due to a state of emergency proclaimed by the Governor, when the emergency "
        "currently affects the agency's ability to respond in time because of staffing shortages "
        "or the closure of facilities where the requested records are located.",
    ),
    ExtensionReason(
        "unusual", Law.FOIA, "5 U.S.C. § 552(a)(6)(B)(i)",
        "Unusual circumstances: the need to search for and collect records from field facilities, "
        "to examine a voluminous amount of records, or to consult another agency or component "
        "(5 U.S.C. § 552(a)(6)(B)(iii)).",
    ),
)


def extension_reason(law: Law, code: str) -> ExtensionReason:
    for reason in EXTENSION_REASONS:
        if reason.law is law and reason.code == code.strip().lower():
            return reason
    valid = ", ".join(r.code for r in EXTENSION_REASONS if r.law is law)
    raise InputError(
        f"{code!r} is not an extension reason under the {law.label}.", f"Use one of: {valid}."
    )


class TollKind(StrEnum):
    INFORMATION = "information"
    FEE = "fee"


@dataclass(frozen=True)
class Toll:
    """A FOIA clock stoppage: from ``start`` (the day the agency asked) to ``end`` (the day the
    requester answered); ``end`` is None while the clock is still stopped."""

    kind: TollKind
    start: date
    end: date | None = None


@dataclass(frozen=True)
class Deadline:
    law: Law
    received: date
    due: date | None  # None while a FOIA clock is stopped
    steps: tuple[str, ...]
    calendar: str
    extended: bool = False
    tolled: bool = False
    base_due: date | None = None  # the unextended due date, for the extension rules

    def as_json(self) -> dict:
        return {
            "law": self.law.value,
            "received": self.received.isoformat(),
            "due": self.due.isoformat() if self.due else None,
            "extended": self.extended,
            "calendar": self.calendar,
            "steps": list(self.steps),
        }


def cpra_deadline(received: date, calendar: Calendar, *, extended: bool = False) -> Deadline:
    """Gov. Code § 7922.535: 10 calendar days (24 with an extension) after receipt.

    The day of receipt is excluded and the last day included (CCP § 12); a last day on which the
    office is closed moves to the next open day (CCP §§ 12a, 12b)."""
    steps = [
        f"Received {fmt_day(received)}. The day of receipt is not counted; the last day is counted "
        "(Code Civ. Proc. § 12).",
        f"Calendar used: {calendar.title}, with Saturdays and Sundays closed.",
    ]
    base_last = received + timedelta(days=CPRA_DAYS)
    steps.append(
        f"Day {CPRA_DAYS} after receipt is {fmt_day(base_last)} "
        "(10 calendar days, Gov. Code § 7922.535(a))."
    )
    base_due = _roll(base_last, calendar, steps if not extended else None)
    if not extended:
        steps.append(f"Determination due {fmt_day(base_due)}.")
        return Deadline(Law.CPRA, received, base_due, tuple(steps), calendar.title,
                        base_due=base_due)
    if base_due != base_last:
        steps.append(f"Without the extension the determination would be due {fmt_day(base_due)}.")
    last = received + timedelta(days=CPRA_DAYS + CPRA_EXTENSION_DAYS)
    steps.append(
        f"Extended by written notice: at most {CPRA_EXTENSION_DAYS} more days "
        f"(Gov. Code § 7922.535(b)), so day {CPRA_DAYS + CPRA_EXTENSION_DAYS} after receipt: "
        f"{fmt_day(last)}."
    )
    due = _roll(last, calendar, steps)
    steps.append(f"Determination due {fmt_day(due)} (extended).")
    return Deadline(Law.CPRA, received, due, tuple(steps), calendar.title, extended=True,
                    base_due=base_due)


def _roll(last: date, calendar: Calendar, steps: list[str] | None) -> date:
    d = last
    calendar.check_covers(d)
    while (reason := calendar.closed_reason(d)) is not None:
        if steps is not None:
            steps.append(
                f"{fmt_day(d)} is {_describe_closed(reason)}: the office is closed, so the time "
                "runs to the next open day (Code Civ. Proc. §§ 12a, 12b)."
            )
        d += timedelta(days=1)
    return d


def _describe_closed(reason: str) -> str:
    return f"a {reason}" if reason in ("Saturday", "Sunday") else f"a holiday ({reason})"


def foia_deadline(
    received: date,
    calendar: Calendar,
    *,
    extended: bool = False,
    tolls: Sequence[Toll] = (),
) -> Deadline:
    """5 U.S.C. § 552(a)(6)(A)(i): 20 working days after receipt, Saturdays, Sundays and legal
    public holidays excluded; +10 working days for unusual circumstances; tolling stops the clock
    from the day after the agency's letter until the requester's answer, and the count resumes
    the next day with the working days that remained."""
    target = FOIA_WORKING_DAYS + (FOIA_EXTENSION_WORKING_DAYS if extended else 0)
    steps = [
        f"Received {fmt_day(received)}. Counting {FOIA_WORKING_DAYS} working days after receipt "
        "(5 U.S.C. § 552(a)(6)(A)(i)); Saturdays, Sundays and legal public holidays are not "
        "working days.",
        f"Calendar used: {calendar.title}.",
    ]
    if not calendar.is_open(received):
        steps.append(
            f"{fmt_day(received)} is not a working day ({calendar.closed_reason(received)}); "
            "the count starts on the next working day."
        )
    if extended:
        steps.append(
            f"Extended for unusual circumstances by {FOIA_EXTENSION_WORKING_DAYS} working days "
            f"(5 U.S.C. § 552(a)(6)(B)(i)): {target} working days in all."
        )
    ordered = sorted(tolls, key=lambda t: t.start)
    used = 0
    d = received
    base_due: date | None = None
    toll_index = 0
    while True:
        d += timedelta(days=1)
        calendar.check_covers(d)
        # A toll that starts on or before ``d`` stops the clock until the requester answers.
        if toll_index < len(ordered) and ordered[toll_index].start < d:
            toll = ordered[toll_index]
            toll_index += 1
            what = ("a request for information" if toll.kind is TollKind.INFORMATION
                    else "a fee question")
            if toll.end is None:
                steps.append(
                    f"Clock stopped on {fmt_day(toll.start)} for {what} after {used} working "
                    f"day(s); {target - used} remain and resume the day after the requester "
                    "answers."
                )
                return Deadline(Law.FOIA, received, None, tuple(steps), calendar.title,
                                extended=extended, tolled=True, base_due=base_due)
            steps.append(
                f"Clock stopped {fmt_day(toll.start)} for {what} after {used} working day(s); "
                f"the requester answered {fmt_day(toll.end)}; {target - used} working day(s) "
                "remain from the next day (5 U.S.C. § 552(a)(6)(A)(ii))."
            )
            d = max(d, toll.end + timedelta(days=1))
        reason = calendar.closed_reason(d)
        if reason is not None:
            if reason not in ("Saturday", "Sunday"):
                steps.append(f"{fmt_day(d)} is not counted: {reason}.")
            continue
        used += 1
        if used == FOIA_WORKING_DAYS and base_due is None:
            base_due = d
        if used == target:
            break
    steps.append(f"Working day {target} is {fmt_day(d)}.")
    steps.append(f"Determination due {fmt_day(d)}{' (extended)' if extended else ''}.")
    return Deadline(Law.FOIA, received, d, tuple(steps), calendar.title, extended=extended,
                    tolled=bool(ordered), base_due=base_due)


EARLIEST_RECEIVED = date(1990, 1, 1)


def check_received(received: date) -> None:
    """A received date no request can have (a typo in the year) is refused before any date
    arithmetic runs past the calendar's end."""
    if received < EARLIEST_RECEIVED or received.year > 9000:
        raise InputError(f"The received date {received.isoformat()} cannot be right.",
                         f"Requests are dated from {EARLIEST_RECEIVED.year}; check the year.")


def compute_deadline(
    law: Law,
    received: date,
    calendar: Calendar,
    *,
    extended: bool = False,
    tolls: Sequence[Toll] = (),
) -> Deadline:
    check_received(received)
    calendar.check_covers(received)
    if law is Law.CPRA:
        if tolls:
            raise RuleError(
                "The CPRA has no tolling: the clock runs from receipt whatever questions are "
                "pending.", "Send a clarification letter; the deadline stays as computed."
            )
        return cpra_deadline(received, calendar, extended=extended)
    return foia_deadline(received, calendar, extended=extended, tolls=tolls)


def check_toll(law: Law, existing: Sequence[Toll], kind: TollKind, start: date,
               received: date) -> None:
    """Refuse tolling the law does not allow (raises :class:`RuleError`)."""
    if law is Law.CPRA:
        raise RuleError(
            "The CPRA has no tolling: the clock keeps running while you wait for the requester.",
            "Send a clarification letter instead; the deadline stays as computed.",
        )
    if start < received:
        raise InputError(f"The clock cannot stop on {start} before the request was received "
                         f"({received}).")
    if any(t.end is None for t in existing):
        raise RuleError("The clock is already stopped.",
                        "Record the requester's answer (resume the clock) first.")
    if kind is TollKind.INFORMATION and any(t.kind is TollKind.INFORMATION for t in existing):
        raise RuleError(
            "FOIA allows the clock to be stopped only once for a request for information "
            "(5 U.S.C. § 552(a)(6)(A)(ii)(I)).",
            "Fee questions may stop it again; other questions do not stop the clock.",
        )
    if existing and start <= max(t.end or t.start for t in existing):
        raise InputError("A new stoppage must start after the requester answered the last one.")


class Urgency(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due-soon"
    ON_TRACK = "on-track"
    STOPPED = "stopped"


def urgency(due: date | None, today: date, soon_days: int,
            calendar: Calendar | None = None) -> tuple[Urgency, str]:
    """How pressing a deadline is, with the words to show beside it (colour is never the only
    signal). "Due soon" counts the office's open days left, so a deadline on the Monday after a
    holiday weekend is flagged on the Thursday before it."""
    if due is None:
        return Urgency.STOPPED, "Clock stopped"
    days = (due - today).days
    if days < 0:
        n = -days
        return Urgency.OVERDUE, f"OVERDUE by {n} day{'s' if n != 1 else ''}"
    if days == 0:
        return Urgency.DUE_SOON, "Due today"
    open_days = days if calendar is None else sum(
        calendar.is_open(today + timedelta(days=i)) for i in range(1, days + 1))
    left = f"{days} day{'s' if days != 1 else ''} left"
    if calendar is not None and open_days != days:
        left += f" ({open_days} working)"
    if open_days <= soon_days:
        return Urgency.DUE_SOON, f"Due soon: {left}"
    return Urgency.ON_TRACK, left
