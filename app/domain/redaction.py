"""Redaction profiles and the released view of a record.

A profile, set by counsel, decides for each field of the released table whether it is
released, pseudonymised ("Employee 07": the same person has the same code on every page and in
every file of a request) or withheld, each with its exemption and a one-line justification;
and what happens to what the scan of free text finds (roster people named in notes, people not
on the roster, contact details, network addresses, identity numbers, licence plates). Nothing
is withheld or released by a hidden default: the shipped profiles are data, shown to the clerk
with a banner until counsel confirms them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from app.domain.deadlines import Law
from app.domain.errors import InputError


class Action(StrEnum):
    RELEASE = "release"
    PSEUDONYMISE = "pseudonymise"
    WITHHOLD = "withhold"


# The released table, in the order the packet and the exports print it: label, and whether
# the field holds text that the free-text scan must read when it is released.
FIELDS: dict[str, tuple[str, bool]] = {
    "occurred_at": ("Date and time", False),
    "system": ("System", False),
    "user_name": ("Searcher", False),
    "user_id": ("Employee no.", False),
    "user_email": ("E-mail", False),
    "username": ("Username", False),
    "unit": ("Unit", True),
    "case_number": ("Case no.", True),
    "purpose": ("Purpose / reason", True),
    "notes": ("Notes", True),
    "result_count": ("Results", False),
    "ip_address": ("IP address", False),
    "event_id": ("Search ID", False),
}
# The ``field`` of a decision that withholds a whole record (a numbered slip sheet stands in
# for it in the packet): not a column of the released table.
WHOLE_RECORD = "record"
# Fields that identify the searcher: pseudonymised, they all become the person's code.
IDENTITY_FIELDS = ("user_name", "user_id", "user_email", "username")

# What the free-text scan finds, by the detector's kinds; a profile rule for each group.
TEXT_RULES: dict[str, tuple[str, tuple[str, ...]]] = {
    "text:people": ("Roster people named in text", ("person",)),
    "text:unlisted": ("People not on the roster, named with a rank or title",
                      ("unlisted_person",)),
    "text:contact": ("E-mail addresses and phone numbers", ("email", "phone")),
    "text:network": ("IP addresses", ("ipv4", "ipv6")),
    "text:identity": ("SSNs, dates of birth, driver's licence numbers",
                      ("ssn", "dob", "drivers_licence")),
    "text:plates": ("Licence plates", ("licence_plate",)),
    "text:custom": ("The agency's own patterns", ("custom",)),
}
RULE_FOR_KIND = {kind: rule for rule, (_, kinds) in TEXT_RULES.items() for kind in kinds}


@dataclass(frozen=True)
class Rule:
    """What a profile does with one field or one kind of text found."""

    target: str                    # a FIELDS key or a TEXT_RULES key
    action: Action
    exemption: str = ""            # an exemption code from the catalogue; required unless released
    justification: str = ""

    def as_json(self) -> dict:
        return {"target": self.target, "action": self.action.value,
                "exemption": self.exemption, "justification": self.justification}


@dataclass(frozen=True)
class Profile:
    name: str
    law: Law
    rules: tuple[Rule, ...]
    description: str = ""
    confirmed_by: str = ""         # counsel who confirmed it; '' shows the banner
    confirmed_on: str = ""

    def rule(self, target: str) -> Rule:
        for rule in self.rules:
            if rule.target == target:
                return rule
        raise KeyError(target)

    def with_rule(self, new: Rule) -> Profile:
        rules = tuple(new if r.target == new.target else r for r in self.rules)
        if new.target not in {r.target for r in self.rules}:
            rules += (new,)
        return replace(self, rules=rules, confirmed_by="", confirmed_on="")

    @property
    def banner(self) -> str:
        if self.confirmed_by:
            return f"Profile confirmed by {self.confirmed_by} on {self.confirmed_on}."
        return ("This profile has not been confirmed by counsel. Counsel should review what it "
                "withholds and releases, and its citations, before anything is released.")

    def as_json(self) -> dict:
        return {"name": self.name, "law": self.law.value, "description": self.description,
                "confirmed_by": self.confirmed_by, "confirmed_on": self.confirmed_on,
                "rules": [r.as_json() for r in self.rules]}


def check_profile(profile: Profile, known_exemptions: Iterable[str]) -> list[str]:
    """Every reason the profile cannot be used, as sentences for the clerk."""
    known = set(known_exemptions)
    problems = []
    targets = [r.target for r in profile.rules]
    for target in (*FIELDS, *TEXT_RULES):
        if target not in targets:
            problems.append(f"The profile says nothing about {_label(target)}.")
    for rule in profile.rules:
        if rule.target not in FIELDS and rule.target not in TEXT_RULES:
            problems.append(f"{rule.target!r} is not a field of the released table.")
            continue
        if rule.action is not Action.RELEASE:
            if not rule.exemption:
                problems.append(f"{_label(rule.target)}: a {rule.action.value} needs the "
                                "exemption it rests on.")
            elif rule.exemption not in known:
                problems.append(f"{_label(rule.target)}: {rule.exemption!r} is not in the "
                                "exemption catalogue.")
            if not rule.justification.strip():
                problems.append(f"{_label(rule.target)}: give a one-line justification.")
        if rule.action is Action.PSEUDONYMISE and rule.target not in (
                *IDENTITY_FIELDS, "text:people"):
            problems.append(f"{_label(rule.target)} does not identify a person: release or "
                            "withhold it.")
    by_target = {r.target: r for r in profile.rules}
    name = by_target.get("user_name")
    if name is not None and name.action is not Action.RELEASE:
        leaks = [t for t in IDENTITY_FIELDS[1:]
                 if t in by_target and by_target[t].action is Action.RELEASE]
        if leaks:
            problems.append("Releasing " + ", ".join(_label(t) for t in leaks) + " would "
                            "identify the searchers the profile hides: withhold or "
                            "pseudonymise them too.")
    return problems


def _label(target: str) -> str:
    if target in FIELDS:
        return FIELDS[target][0]
    if target in TEXT_RULES:
        return TEXT_RULES[target][0]
    return target


def pseudonym(number: int, total: int) -> str:
    """'Employee 07': zero-padded so the codes sort, wider when a request has 100 or more."""
    width = max(2, len(str(total)))
    return f"Employee {number:0{width}d}"


def marker(mark: str) -> str:
    """What the released text shows where something was withheld: the exemption, in brackets."""
    return f"[{mark}]"


@dataclass(frozen=True)
class Span:
    """One redaction inside a cell: [start, end) of the original text, what replaces it, and
    the decision it comes from."""

    start: int
    end: int
    replacement: str
    item: int | None = None
    kind: str = "withheld"        # withheld | pseudonym | vendor (masked before export)


@dataclass(frozen=True)
class Piece:
    """A run of the released text: original text (``item`` None, kind "text") or a
    replacement; with the part of the original it stands for."""

    text: str
    item: int | None
    start: int
    end: int
    kind: str = "text"


def render(text: str, spans: Sequence[Span]) -> list[Piece]:
    """The released text of a cell as pieces: each span replaced; overlapping spans merge into
    one (the first span's replacement stands for both), so nothing under any span shows."""
    pieces: list[Piece] = []
    cursor = 0
    current: Span | None = None

    def flush(span: Span) -> None:
        nonlocal cursor
        if span.start > cursor:
            pieces.append(Piece(text[cursor:span.start], None, cursor, span.start))
        pieces.append(Piece(span.replacement, span.item, span.start, span.end, span.kind))
        cursor = span.end

    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start >= span.end:
            continue
        if current is not None and span.start < current.end:
            current = Span(current.start, max(current.end, span.end), current.replacement,
                           current.item, current.kind)
            continue
        if current is not None:
            flush(current)
        current = span
    if current is not None:
        flush(current)
    if cursor < len(text):
        pieces.append(Piece(text[cursor:], None, cursor, len(text)))
    return pieces


def apply_spans(text: str, spans: Sequence[Span]) -> str:
    return "".join(p.text for p in render(text, spans))


def original_range(pieces: Sequence[Piece], start: int, end: int) -> tuple[int, int]:
    """The part of the original text that released text [start, end) shows: a selection that
    touches a replacement takes all of what it replaced."""
    position = 0
    first = last = None
    for piece in pieces:
        lo, hi = position, position + len(piece.text)
        position = hi
        if hi <= start or lo >= end:
            continue
        if piece.item is None:
            a = piece.start + max(0, start - lo)
            b = piece.start + min(len(piece.text), end - lo)
        else:
            a, b = piece.start, piece.end
        first = a if first is None else min(first, a)
        last = b if last is None else max(last, b)
    if first is None or last is None or first >= last:
        raise ValueError("the selection holds no released text")
    return first, last


def _rules(law: Law) -> tuple[Rule, ...]:
    privacy = "cpra-7927.700" if law is Law.CPRA else "foia-b7c"
    security = "cpra-7929.210" if law is Law.CPRA else "foia-b7e"
    R, P, W = Action.RELEASE, Action.PSEUDONYMISE, Action.WITHHOLD
    return (
        Rule("occurred_at", R), Rule("system", R),
        Rule("user_name", P, privacy,
             "Searchers are given a consistent pseudonym, so the public can count searches per "
             "person without learning who ran them (ACLU Found. v. Superior Court (2017))."),
        Rule("user_id", W, privacy, "An employee number identifies the searcher."),
        Rule("user_email", W, privacy, "A work e-mail address identifies the searcher."),
        Rule("username", W, privacy, "A login name identifies the searcher."),
        Rule("unit", R), Rule("case_number", R), Rule("purpose", R), Rule("notes", R),
        Rule("result_count", R),
        Rule("ip_address", W, security,
             "Internal network addresses would help an attack on the agency's systems."),
        Rule("event_id", R),
        Rule("text:people", P, privacy,
             "Employees named in free text get the same pseudonym as in the searcher column."),
        Rule("text:unlisted", W, privacy,
             "A person named in a note who is not an employee on the roster."),
        Rule("text:contact", W, privacy, "Personal contact details."),
        Rule("text:network", W, security, "Network addresses of the agency's systems."),
        Rule("text:identity", W, privacy, "Identity numbers and dates of birth."),
        Rule("text:plates", W, privacy,
             "A licence plate identifies a vehicle's owner, usually a member of the public."),
        Rule("text:custom", W, privacy, "Matched by a pattern the agency defined."),
    )


DEFAULT_PROFILES: tuple[Profile, ...] = (
    Profile("CPRA default", Law.CPRA, _rules(Law.CPRA),
            "Pseudonymises searchers; withholds employee numbers, e-mail addresses, usernames "
            "and IP addresses; releases dates, times, systems, units, case numbers, purposes, "
            "notes (after the free-text scan) and result counts."),
    Profile("FOIA default", Law.FOIA, _rules(Law.FOIA),
            "The same choices under 5 U.S.C. § 552(b)(7)(C) and (b)(7)(E)."),
)


def default_profile_name(law: Law) -> str:
    return "CPRA default" if law is Law.CPRA else "FOIA default"


def parse_action(text: str) -> Action:
    key = text.strip().lower().replace("pseudonymize", "pseudonymise").replace(
        "redact", "withhold")
    try:
        return Action(key)
    except ValueError:
        raise InputError(f"Unknown action {text!r}.",
                         "Use release, pseudonymise or withhold.") from None
