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


# A reason whose delay ends early: Gov. Code § 7922.535(c)(6) (cyberattack) lets the agency delay
# its determination only until it regains access to its systems.
UNTIL_ACCESS_REGAINED = "until_access_regained"


@dataclass(frozen=True)
class ExtensionReason:
    """One statutory reason for extending the time, as counsel keeps it in the database (the
    ``extension_reasons`` table): its words are data with the dates they are in force, so an
    extension records the words in force on the day it was made."""

    law: Law
    code: str
    citation: str
    text: str
    effective_from: date
    effective_to: date | None = None
    lead_in: str = ""         # the words that introduce the list in the statute
    limit: str = ""           # UNTIL_ACCESS_REGAINED: the delay ends when access is regained
    offered: bool = True      # False: kept only for extensions recorded under an older code
    wording: str = "verbatim"  # "unverified": not yet checked against the enacted text

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    @property
    def label(self) -> str:
        return f"{self.citation} — {self.text}"

    def as_json(self) -> dict:
        return {"law": self.law.value, "code": self.code, "citation": self.citation,
                "text": self.text, "lead_in": self.lead_in,
                "effective_from": self.effective_from.isoformat(),
                "effective_to": self.effective_to.isoformat() if self.effective_to else None,
                "limit": self.limit, "offered": self.offered, "wording": self.wording}


def reasons_in_force(reasons: Sequence[ExtensionReason], law: Law,
                     on: date) -> list[ExtensionReason]:
    """The reasons a clerk may choose for an extension made on ``on``."""
    return [r for r in reasons if r.law is law and r.offered and r.in_force(on)]


def choose_reason(reasons: Sequence[ExtensionReason], law: Law, code: str,
                  on: date) -> ExtensionReason:
    """The reason ``code`` in force on ``on``; refuses a code the law does not offer that day."""
    wanted = code.strip().lower()
    offered = reasons_in_force(reasons, law, on)
    for reason in offered:
        if reason.code == wanted:
            return reason
    valid = ", ".join(r.code for r in offered)
    if not offered:
        raise InputError(
            f"No {law.label} extension reasons are in force on {on.isoformat()}.",
            "Ask counsel to enter them: disclosure-desk reason set ... (see 'reason list').")
    if law is Law.FOIA and wanted == "unusual":
        raise InputError(
            "Name the unusual circumstance that applies (5 U.S.C. § 552(a)(6)(B)(iii)): the "
            "notice must say which one.", f"Use one of: {valid}.")
    raise InputError(f"{code!r} is not an extension reason under the {law.label} on "
                     f"{on.isoformat()}.", f"Use one of: {valid}.")


def find_reason(reasons: Sequence[ExtensionReason], law: Law, code: str,
                on: date) -> ExtensionReason | None:
    """The reason an extension made on ``on`` was recorded under, offered or not (for showing
    old extensions); None if the code is unknown."""
    matching = [r for r in reasons if r.law is law and r.code == code]
    for reason in matching:
        if reason.in_force(on):
            return reason
    return matching[-1] if matching else None


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
    reason: ExtensionReason | None = None  # the statutory reason of the extension

    def as_json(self) -> dict:
        return {
            "law": self.law.value,
            "received": self.received.isoformat(),
            "due": self.due.isoformat() if self.due else None,
            "extended": self.extended,
            "extension": ({"code": self.reason.code, "citation": self.reason.citation,
                           "text": self.reason.text} if self.reason else None),
            "calendar": self.calendar,
            "steps": list(self.steps),
        }


def _calendar_steps(calendar: Calendar, weekends: bool) -> list[str]:
    steps = [f"Calendar used: {calendar.title}"
             + (", with Saturdays and Sundays closed." if weekends else ".")]
    steps.extend(calendar.choices)
    return steps


def _reason_words(reason: ExtensionReason | None) -> str:
    """The reason as the notice gives it: its citation and the statute's words."""
    if reason is None:
        return ""
    unchecked = (" [wording not yet checked against the enacted statute]"
                 if reason.wording == "unverified" else "")
    return f" ({reason.citation}: \u201c{reason.text}\u201d{unchecked})"


def cpra_deadline(received: date, calendar: Calendar, *, extended: bool = False,
                  reason: ExtensionReason | None = None,
                  extension_ended: date | None = None) -> Deadline:
    """Gov. Code § 7922.535: 10 calendar days (24 with an extension) after receipt.

    The day of receipt is excluded and the last day included (CCP § 12); a last day on which the
    office is closed moves to the next open day (CCP §§ 12a, 12b). An extension for a reason that
    lasts only until access to the systems is regained (§ 7922.535(c)(6)) ends on
    ``extension_ended``, the day access was regained, once that is known."""
    extended = extended or reason is not None
    steps = [
        f"Received {fmt_day(received)}. The day of receipt is not counted; the last day is counted "
        "(Code Civ. Proc. § 12).",
        *_calendar_steps(calendar, weekends=True),
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
        f"Extended by written notice for unusual circumstances{_reason_words(reason)}. At most "
        f"{CPRA_EXTENSION_DAYS} more days (Gov. Code § 7922.535(b)), so day "
        f"{CPRA_DAYS + CPRA_EXTENSION_DAYS} after receipt: {fmt_day(last)}."
    )
    due = _roll(last, calendar, steps)
    if reason is not None and reason.limit == UNTIL_ACCESS_REGAINED:
        if extension_ended is None:
            steps.append(
                f"This extension lasts only until the agency regains access to its systems "
                f"({reason.citation}): record the day access is regained, and the determination "
                f"is due then - at the latest on {fmt_day(due)}.")
        else:
            ended = _roll(max(extension_ended, base_last), calendar, steps)
            capped = min(max(ended, base_due), due)
            steps.append(
                f"Access to the systems was regained on {fmt_day(extension_ended)}; the "
                f"extension ends then ({reason.citation}), so the determination is due "
                f"{fmt_day(capped)}.")
            due = capped
    steps.append(f"Determination due {fmt_day(due)} (extended).")
    return Deadline(Law.CPRA, received, due, tuple(steps), calendar.title, extended=True,
                    base_due=base_due, reason=reason)


def _roll(last: date, calendar: Calendar, steps: list[str] | None) -> date:
    d = last
    calendar.check_covers(d)
    if steps is not None and d in calendar.uncounted and calendar.is_open(d):
        steps.append(f"{fmt_day(d)} is {calendar.uncounted[d]}: it counts as an open day.")
    while (reason := calendar.closed_reason(d)) is not None:
        if steps is not None:
            steps.append(
                f"{fmt_day(d)} is {_describe_closed(reason)}: the office is closed, so the time "
                "runs to the next open day (Code Civ. Proc. §§ 12a, 12b)."
            )
        d += timedelta(days=1)
        calendar.check_covers(d)
        if steps is not None and d in calendar.uncounted and calendar.is_open(d):
            steps.append(f"{fmt_day(d)} is {calendar.uncounted[d]}: it counts as an open day.")
    return d


def _describe_closed(reason: str) -> str:
    return f"a {reason}" if reason in ("Saturday", "Sunday") else f"a holiday ({reason})"


def foia_deadline(
    received: date,
    calendar: Calendar,
    *,
    extended: bool = False,
    tolls: Sequence[Toll] = (),
    reason: ExtensionReason | None = None,
) -> Deadline:
    """5 U.S.C. § 552(a)(6)(A)(i): 20 working days after receipt, Saturdays, Sundays and legal
    public holidays excluded; +10 working days for unusual circumstances; tolling stops the clock
    from the day after the agency's letter until the requester's answer, and the count resumes
    the next day with the working days that remained. Only the 20-day period can be tolled
    (§ 552(a)(6)(A)(ii)): a stoppage that began after it had run does not stop the clock."""
    extended = extended or reason is not None
    target = FOIA_WORKING_DAYS + (FOIA_EXTENSION_WORKING_DAYS if extended else 0)
    steps = [
        f"Received {fmt_day(received)}. Counting {FOIA_WORKING_DAYS} working days after receipt "
        "(5 U.S.C. § 552(a)(6)(A)(i)); Saturdays, Sundays and legal public holidays are not "
        "working days.",
        *_calendar_steps(calendar, weekends=False),
    ]
    if not calendar.is_open(received):
        steps.append(
            f"{fmt_day(received)} is not a working day ({calendar.closed_reason(received)}); "
            "the count starts on the next working day."
        )
    if extended:
        steps.append(
            f"Extended for unusual circumstances by {FOIA_EXTENSION_WORKING_DAYS} working days "
            f"(5 U.S.C. § 552(a)(6)(B)(i)){_reason_words(reason)}. {target} working days in all."
        )
    ordered = sorted(tolls, key=lambda t: t.start)
    used = 0
    d = received
    base_due: date | None = None
    toll_index = 0
    stopped = False
    while True:
        d += timedelta(days=1)
        calendar.check_covers(d)
        # A toll that starts on or before ``d`` stops the clock until the requester answers.
        while toll_index < len(ordered) and ordered[toll_index].start < d:
            toll = ordered[toll_index]
            toll_index += 1
            what = ("a request for information" if toll.kind is TollKind.INFORMATION
                    else "a fee question")
            if base_due is not None and toll.start > base_due:
                steps.append(
                    f"The stoppage recorded from {fmt_day(toll.start)} for {what} does not stop "
                    f"the clock: the 20-day period had already run on {fmt_day(base_due)}, and "
                    "only that period can be tolled (5 U.S.C. § 552(a)(6)(A)(ii)).")
                continue
            stopped = True
            if toll.end is None:
                steps.append(
                    f"Clock stopped on {fmt_day(toll.start)} for {what} after {used} working "
                    f"day(s); {target - used} remain and resume the day after the requester "
                    "answers."
                )
                return Deadline(Law.FOIA, received, None, tuple(steps), calendar.title,
                                extended=extended, tolled=True, base_due=base_due,
                                reason=reason)
            steps.append(
                f"Clock stopped {fmt_day(toll.start)} for {what} after {used} working day(s); "
                f"the requester answered {fmt_day(toll.end)}; {target - used} working day(s) "
                "remain from the next day (5 U.S.C. § 552(a)(6)(A)(ii))."
            )
            d = max(d, toll.end + timedelta(days=1))
            calendar.check_covers(d)
        reason_closed = calendar.closed_reason(d)
        if reason_closed is not None:
            if reason_closed not in ("Saturday", "Sunday"):
                steps.append(f"{fmt_day(d)} is not counted: {reason_closed}.")
            continue
        used += 1
        if used == FOIA_WORKING_DAYS and base_due is None:
            base_due = d
        if used == target:
            break
    steps.append(f"Working day {target} is {fmt_day(d)}.")
    steps.append(f"Determination due {fmt_day(d)}{' (extended)' if extended else ''}.")
    return Deadline(Law.FOIA, received, d, tuple(steps), calendar.title, extended=extended,
                    tolled=stopped, base_due=base_due, reason=reason)


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
    reason: ExtensionReason | None = None,
    extension_ended: date | None = None,
) -> Deadline:
    check_received(received)
    calendar.check_covers(received)
    if law is Law.CPRA:
        if tolls:
            raise RuleError(
                "The CPRA has no tolling: the clock runs from receipt whatever questions are "
                "pending.", "Send a clarification letter; the deadline stays as computed."
            )
        return cpra_deadline(received, calendar, extended=extended, reason=reason,
                             extension_ended=extension_ended)
    return foia_deadline(received, calendar, extended=extended, tolls=tolls, reason=reason)


def check_toll(law: Law, existing: Sequence[Toll], kind: TollKind, start: date,
               received: date, calendar: Calendar | None = None) -> None:
    """Refuse tolling the law does not allow (raises :class:`RuleError`). With the
    ``calendar``, also refuse a stoppage that would start after the 20-day period has run."""
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
    if calendar is not None:
        period_end = foia_deadline(received, calendar, tolls=existing).base_due
        if period_end is not None and start > period_end:
            raise RuleError(
                f"The 20-working-day period ran out on {fmt_day(period_end)}; FOIA lets the "
                "clock be stopped only within that period (5 U.S.C. § 552(a)(6)(A)(ii)), so it "
                f"cannot be stopped from {fmt_day(start)}.",
                "The deadline stands. If it cannot be met, tell the requester, and offer to "
                "narrow the request or agree another time frame (5 U.S.C. § 552(a)(6)(B)(ii)).")


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
