"""Applying a profile and the free-text scan to a request's responsive set; the review of what
they propose; the released view that every output is rendered from.

Fail closed: a review item (an uncertain hit) counts as redacted until the clerk rejects it,
so an unreviewed request can never leak. Redaction works on the frozen copy of the records;
imported original rows never change. Every decision is a row of the request's exemption log
(who, when, which exemption, which record and field, span or whole cell), and every change of
decisions an event of the activity log.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from app.domain.deadlines import Law
from app.domain.detection import Detector, Hit
from app.domain.errors import InputError, NotFound, RuleError
from app.domain.exemptions import Exemption
from app.domain.people import RosterPerson
from app.domain.redaction import (
    FIELDS,
    IDENTITY_FIELDS,
    RULE_FOR_KIND,
    WHOLE_RECORD,
    Action,
    Piece,
    Profile,
    Span,
    check_profile,
    default_profile_name,
    marker,
    original_range,
    pseudonym,
    render,
)
from app.services import records as records_service
from app.services.context import Context
from app.services.jobs import Job
from app.storage import matching as set_store
from app.storage import profiles as profile_store
from app.storage import redactions as store
from app.storage import requests as request_store
from app.storage.database import Database, utc_now
from app.storage.events import append_event

ROWS_PER_CHUNK = 5_000
MANUAL_MAX = 2_000   # characters a manual redaction may cover in one cell
SCAN_CACHE = 50_000  # distinct texts whose scan is remembered during one run


@dataclass(frozen=True)
class Prepared:
    """A request ready for redaction work: its row, law, set and the exemptions in force."""

    row: dict
    law: Law
    exemptions: dict[str, Exemption]


def _prepare(db: Database, number: str, on: date) -> Prepared:
    row = request_store.get_by_number(db, number)
    if row is None:
        raise NotFound(f"There is no request {number!r}.",
                       "'request list' shows the requests and their numbers.")
    if set_store.responsive_set(db, row["id"]) is None:
        raise RuleError(f"{row['number']} has no responsive set yet: there is nothing to "
                        "redact.", f"Match it first: request match {row['number']}")
    law = Law(row["law"])
    exemptions = {e.code: e for e in profile_store.exemptions(db)
                  if e.law is law and e.in_force(on)}
    return Prepared(row, law, exemptions)


def profile_for(db: Database, law: Law, name: str | None) -> Profile:
    chosen = name or default_profile_name(law)
    profile = profile_store.profile(db, chosen)
    if profile is None:
        names = ", ".join(p.name for p in profile_store.profiles(db))
        raise InputError(f"There is no redaction profile {chosen!r}.",
                         f"Profiles: {names}. 'profile list' shows them.")
    if profile.law is not law:
        raise InputError(f"The profile {profile.name!r} is for the {profile.law.label}; this "
                         f"request is under the {law.label}.",
                         f"Use a {law.label} profile, e.g. {default_profile_name(law)!r}.")
    return profile


def scan_roster(db: Database, request_id: int) -> list[RosterPerson]:
    """Everyone the free-text scan (and the release gate) looks for: the roster frozen with the
    request, and anyone added to the roster since - failing closed, a person hired or renamed
    after the set was frozen is still found."""
    from app.services.matching import roster_people

    seen: dict[int, RosterPerson] = {}
    for p in set_store.request_people(db, request_id):
        if p["person_id"] is not None:
            seen[p["person_id"]] = RosterPerson(
                person_id=p["person_id"], employee_id=p["employee_id"],
                last_name=p["last_name"], first_name=p["first_name"],
                middle_name=p["middle_name"], email=p["email"], username=p["username"],
                rank=p["rank"], aliases=tuple(json.loads(p["aliases"] or "[]")))
    extra = [person for person in roster_people(db) if person.person_id not in seen]
    return [*seen.values(), *extra]


def _people(db: Database, request_id: int) -> tuple[list[RosterPerson], dict[str, dict]]:
    people = set_store.request_people(db, request_id)
    return scan_roster(db, request_id), {p["person_key"]: p for p in people}


def _chunks(db: Database, request_id: int) -> Iterator[list[dict]]:
    offset = 0
    while True:
        rows = set_store.rows(db, request_id, offset=offset, limit=ROWS_PER_CHUNK,
                              included_only=True)
        if not rows:
            return
        yield rows
        offset += ROWS_PER_CHUNK


def _key(item: dict) -> tuple:
    return (item["scope"], item.get("row_no"), item["field"], item.get("start"),
            item.get("end"), item.get("person_key"), item["source"], item.get("term", ""))


@dataclass
class _Run:
    """What one redaction run builds before it writes."""

    profile: Profile
    marks: dict[str, str]
    holds: dict[str, dict]
    actor: str
    items: list[dict] = field(default_factory=list)
    codes: dict[str, str] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)

    def mark_of(self, exemption: str) -> str:
        return marker(self.marks.get(exemption, exemption))


def redact(db: Database, ctx: Context, number: str, profile_name: str | None = None,
           job: Job | None = None) -> dict:
    """Apply the profile and the free-text scan to the request's responsive set. Decisions the
    clerk made on an earlier run are kept; manual redactions are left as they are."""
    job = job or Job()
    prep = _prepare(db, number, ctx.today)
    request_id = prep.row["id"]
    profile = profile_for(db, prep.law, profile_name)
    problems = check_profile(profile, prep.exemptions)
    if problems:
        raise InputError(f"The profile {profile.name!r} cannot be applied to "
                         f"{prep.row['number']}: " + " ".join(problems),
                         "Correct it with 'profile set' (or in Settings), then redact again.")
    roster, people = _people(db, request_id)
    holds = {}
    for hold in profile_store.active_holds(db, ctx.today):
        if hold["exemption"] not in prep.exemptions:
            raise InputError(f"A safety hold cites {hold['exemption']!r}, which is not an "
                             f"exemption in force under the {prep.law.label}.",
                             "Give the hold an exemption of this law ('hold list').")
        holds[f"p:{hold['person_id']}"] = hold
    run = _Run(profile, {code: e.mark for code, e in prep.exemptions.items()}, holds,
               ctx.actor)
    detector = Detector(roster, custom_patterns=profile_store.custom_patterns(db))
    total = set_store.count_rows(db, request_id)
    rules = {r.target: r for r in profile.rules}
    # Every released column that holds text is scanned (a search ID or a system name can
    # carry a name too), except the searcher's own fields, which the profile decides.
    text_fields = [f for f in FIELDS if f not in (*IDENTITY_FIELDS, "occurred_at")
                   and rules[f].action is Action.RELEASE]
    # How many cells hold something, per field and per searcher: what each column or person
    # decision covers (counted in SQL, not row by row here).
    cells: Counter[str] = Counter(set_store.filled_cells(db, request_id, list(FIELDS)))
    person_cells: Counter[tuple[str, str]] = Counter(
        set_store.filled_cells_by_person(db, request_id, list(IDENTITY_FIELDS)))
    searchers = [key for key, _ in set_store.first_rows(db, request_id)]
    hits: list[tuple[dict, str, Hit]] = []
    # Units, purposes and many notes repeat from row to row: scan each text once.
    scanned: dict[str, list[Hit]] = {}
    done = 0
    for rows in _chunks(db, request_id):
        for row in rows:
            for name in text_fields:
                text = row.get(name)
                if text and isinstance(text, str):   # (a result count is a number)
                    found = scanned.get(text)
                    if found is None:
                        if len(scanned) > SCAN_CACHE:
                            scanned.clear()
                        found = scanned[text] = detector.scan(text)
                    hits.extend((row, name, hit) for hit in found)
        done += len(rows)
        job.progress(done, total, "scanning free text")

    # Codes in a stable order: searchers by their first search, then people named in text by
    # their first mention; never from the employee number. Codes already given are kept.
    mentioned = [f"p:{hit.person_id}" for _, _, hit in hits
                 if hit.kind == "person" and hit.person_id is not None]
    existing = {k: p["pseudonym"] for k, p in people.items() if p["pseudonym"]}
    wanted = [k for k in dict.fromkeys([*searchers, *mentioned])
              if k in people and k not in holds]
    numbers = {int(code.rsplit(" ", 1)[1]) for code in existing.values()}
    total = max(len(set(wanted) | set(existing)), *numbers, 1)
    next_number = 1
    for key in wanted:
        if key in existing:
            run.codes[key] = existing[key]
            continue
        while next_number in numbers:
            next_number += 1
        numbers.add(next_number)
        run.codes[key] = pseudonym(next_number, total)

    for (key, name), count in person_cells.items():
        if key in holds:  # the hold's own item covers these cells, not the column's
            cells[name] -= count
    _column_items(run, rules, cells)
    _person_items(run, rules, person_cells, people)
    for row, name, hit in hits:
        item = _text_item(run, row, name, hit, people)
        if item is not None:
            run.items.append(item)

    with db.transaction():
        kept = store.earlier_decisions(db, request_id)
        for item in run.items:
            earlier = kept.get(_key(item))
            if earlier is not None:
                item["decision"], item["decided_by"], item["decided_at"] = earlier
        store.delete_automatic(db, request_id)
        store.insert(db, request_id, run.items)
        set_store.set_pseudonyms(db, request_id, run.codes)
        set_store.set_redacted(db, request_id, profile.name, ctx.actor, utc_now())
        summary = summary_of(db, request_id, prep, profile)
        append_event(db, actor=ctx.actor, action="request.redacted", request_id=request_id,
                     subject=prep.row["number"],
                     details={k: summary[k] for k in ("profile", "redactions", "review_items",
                                                      "by_exemption")})
    return summary


def _column_items(run: _Run, rules: dict, cells: Counter) -> None:
    for name in FIELDS:
        rule = rules[name]
        if rule.action is Action.WITHHOLD and cells[name]:
            run.items.append({
                "scope": "column", "field": name, "replacement": run.mark_of(rule.exemption),
                "action": "withheld", "exemption": rule.exemption,
                "justification": rule.justification, "source": "profile", "term": "",
                "why": f"Profile {run.profile.name!r}: {FIELDS[name][0]} withheld",
                "certain": 1, "decision": "accepted", "cells": cells[name],
                "created_by": run.actor})


def _person_items(run: _Run, rules: dict, person_cells: Counter, people: dict) -> None:
    for (key, name), count in sorted(person_cells.items()):
        hold = run.holds.get(key)
        rule = rules[name]
        if hold is not None:
            item = {"replacement": run.mark_of(hold["exemption"]), "action": "withheld",
                    "exemption": hold["exemption"],
                    "justification": f"Safety hold ({hold['kind']}): {hold['reason']}",
                    "source": "hold", "why": "A safety hold withholds this person entirely"}
        elif rule.action is Action.PSEUDONYMISE:
            item = {"replacement": f"[{run.codes[key]}]", "action": "pseudonymised",
                    "exemption": rule.exemption, "justification": rule.justification,
                    "source": "profile",
                    "why": f"Profile {run.profile.name!r}: {FIELDS[name][0]} pseudonymised"}
        else:
            continue  # released, or withheld by a column item already
        person = people.get(key, {})
        run.items.append({
            **item, "scope": "person", "field": name, "person_key": key,
            "original": person.get("shown_as") or _name(person), "term": "", "certain": 1,
            "decision": "accepted", "cells": count, "created_by": run.actor})


def _name(person: dict) -> str:
    return " ".join(p for p in (person.get("first_name"), person.get("last_name")) if p)


def _text_item(run: _Run, row: dict, name: str, hit: Hit, people: dict) -> dict | None:
    base = {"scope": "span", "row_no": row["row_no"], "field": name, "start": hit.start,
            "end": hit.end, "original": row[name][hit.start:hit.end], "kind": hit.kind,
            "term": hit.term, "why": hit.why, "certain": int(hit.certain),
            "decision": "accepted" if hit.certain else "proposed", "cells": 1,
            "created_by": run.actor}
    if hit.kind == "vendor_mask":
        return {**base, "replacement": base["original"], "action": "withheld",
                "masked_by": "vendor", "source": "vendor", "certain": 1,
                "decision": "accepted", "why": "Masked by the vendor before export"}
    rule = run.profile.rule(RULE_FOR_KIND[hit.kind])
    key = f"p:{hit.person_id}" if hit.person_id is not None else None
    if key is not None and key in run.holds:
        hold = run.holds[key]
        return {**base, "replacement": run.mark_of(hold["exemption"]), "action": "withheld",
                "exemption": hold["exemption"], "source": "hold", "person_key": key,
                "justification": f"Safety hold ({hold['kind']}): {hold['reason']}"}
    if rule.action is Action.RELEASE:
        return None
    source = {"person": "roster", "unlisted_person": "unlisted"}.get(hit.kind, "pattern")
    if rule.action is Action.PSEUDONYMISE and key is not None and key in run.codes:
        mark = run.marks.get(rule.exemption, rule.exemption)
        return {**base, "replacement": f"[{run.codes[key]} \u00b7 {mark}]",
                "action": "pseudonymised", "exemption": rule.exemption,
                "justification": rule.justification, "source": source, "person_key": key}
    return {**base, "replacement": run.mark_of(rule.exemption), "action": "withheld",
            "exemption": rule.exemption, "justification": rule.justification,
            "source": source, "person_key": key}


# --- what is released ---------------------------------------------------------------------------

def summary_of(db: Database, request_id: int, prep: Prepared, profile: Profile) -> dict:
    counts = store.counts(db, request_id)
    by_exemption = {prep.exemptions[code].cite if code in prep.exemptions else code: n
                    for code, n in counts["by_exemption"].items()}
    return {"number": prep.row["number"], "profile": profile.name,
            "profile_confirmed": bool(profile.confirmed_by), "banner": profile.banner,
            "records": set_store.count_rows(db, request_id),
            "redactions": counts["redactions"], "review_items": counts["review_items"],
            "vendor_masked": counts["vendor_masked"], "by_exemption": by_exemption}


@dataclass(frozen=True)
class ReleasedCell:
    text: str
    pieces: tuple[Piece, ...]      # for highlighting: replacements carry their item id
    original: str                  # what the frozen record holds (never released as such)


@dataclass(frozen=True)
class ReleasedRow:
    row_no: int
    record_id: int | None
    cells: dict[str, ReleasedCell]
    withheld: str = ""             # set: withheld in full (the slip sheet's words)
    withheld_item: int | None = None


def released_rows(db: Database, number: str, *, offset: int = 0,
                  limit: int = ROWS_PER_CHUNK) -> list[ReleasedRow]:
    """Included rows as they will be released: every output is rendered from these."""
    row = request_store.get_by_number(db, number)
    if row is None:
        raise NotFound(f"There is no request {number!r}.")
    request_id = row["id"]
    rows = set_store.rows(db, request_id, offset=offset, limit=limit, included_only=True)
    if not rows:
        return []
    items = store.items_for_rows(db, request_id, rows[0]["row_no"], rows[-1]["row_no"])
    zone = records_service.agency_zone(db)
    for record in rows:  # dates and times as the agency reads them, with the zone's name
        record["occurred_at"] = records_service.local_time(record["occurred_at"], zone)
    catalogue = {e.code: e for e in profile_store.exemptions(db)}
    return [_release(record, found, catalogue) for record, found in _with_items(rows, items)]


def _with_items(rows: list[dict], items: list[dict]) -> Iterable[tuple[dict, dict]]:
    column = {i["field"]: i for i in items if i["scope"] == "column"
              and i["decision"] != "rejected"}
    person = {(i["person_key"], i["field"]): i for i in items if i["scope"] == "person"
              and i["decision"] != "rejected"}
    by_row: dict[int, list[dict]] = {}
    for i in items:
        if i["row_no"] is not None and i["decision"] != "rejected":
            by_row.setdefault(i["row_no"], []).append(i)
    for r in rows:
        yield r, {"column": column, "person": person, "row": by_row.get(r["row_no"], [])}


def _release(record: dict, found: dict, catalogue: dict[str, Exemption]) -> ReleasedRow:
    whole_record = next((i for i in found["row"] if i["field"] == WHOLE_RECORD),
                        None) if found["row"] else None
    if whole_record is not None:
        # Fail closed: every cell is the marker, so an output that ignores ``withheld`` still
        # shows nothing of the record.
        cells = {}
        for name in FIELDS:
            value = record.get(name)
            text = "" if value is None else str(value)
            pieces = (Piece(whole_record["replacement"], whole_record["id"], 0, len(text),
                            "withheld"),)
            cells[name] = ReleasedCell(whole_record["replacement"], pieces, text)
        exemption = catalogue.get(whole_record["exemption"])
        cite = exemption.cite if exemption else whole_record["exemption"]
        return ReleasedRow(record["row_no"], record["record_id"], cells,
                           f"Withheld under {cite} {whole_record['replacement']}",
                           whole_record["id"])
    cells = {}
    # (Called for every record of a packet: most records have no item of their own, and
    # then the row's items are not searched at all.)
    row_items, person, column = found["row"], found["person"], found["column"]
    person_key = record["person_key"]
    for name in FIELDS:
        value = record.get(name)
        text = "" if value is None else str(value)
        # A person's own item (a safety hold, a pseudonym) wins over the column's.
        whole = None
        if text:
            if person_key is not None:
                whole = person.get((person_key, name))
            if whole is None:
                whole = column.get(name)
        if whole is None and row_items:
            whole = next((i for i in row_items if i["field"] == name
                          and i["scope"] == "cell"), None)
        if whole is not None:
            pieces = (Piece(whole["replacement"], whole["id"], 0, len(text), _kind(whole)),)
        else:
            spans = [Span(i["start"], i["end"], i["replacement"], i["id"], _kind(i))
                     for i in row_items if i["field"] == name and i["scope"] == "span"
                     ] if row_items else None
            pieces = tuple(render(text, spans)) if spans else (
                (Piece(text, None, 0, len(text)),) if text else ())
        cells[name] = ReleasedCell("".join(p.text for p in pieces), pieces, text)
    return ReleasedRow(record["row_no"], record["record_id"], cells)


def _kind(item: dict) -> str:
    if item["masked_by"] == "vendor":
        return "vendor"
    return "pseudonym" if item["action"] == "pseudonymised" else "withheld"


def exemption_log(db: Database, number: str) -> list[dict]:
    row = request_store.get_by_number(db, number)
    if row is None:
        raise NotFound(f"There is no request {number!r}.")
    return store.items(db, row["id"])


# --- review -----------------------------------------------------------------------------------

def _decide(db: Database, ctx: Context, prep: Prepared, changes: list[tuple[int, str]],
            what: str) -> list[tuple[int, str]]:
    """Set decisions; returns the previous ones (for undo)."""
    request_id = prep.row["id"]
    before = []
    for item_id, _decision in changes:
        current = store.item(db, request_id, item_id)
        if current is None:
            raise NotFound(f"{prep.row['number']} has no redaction {item_id}.")
        before.append((item_id, current["decision"]))
    store.set_decisions(db, request_id, changes, ctx.actor, utc_now())
    append_event(db, actor=ctx.actor, action="redaction.decided", request_id=request_id,
                 subject=prep.row["number"],
                 details={"what": what, "items": [i for i, _ in changes],
                          "decisions": sorted({d for _, d in changes})})
    return before


def review(db: Database, ctx: Context, number: str, *, accept_all: bool = False,
           accept: str | None = None, reject: str | None = None) -> dict:
    """Record review decisions: keep every open item redacted, or decide every occurrence of a
    term (accept = keep the redaction; reject = release the text)."""
    if sum(bool(x) for x in (accept_all, accept, reject)) != 1:
        raise InputError("Say one thing to decide: --accept-all, --accept TERM or "
                         "--reject TERM.")
    from app.domain.people import fold

    with db.transaction():
        prep = _prepare(db, number, ctx.today)
        request_id = prep.row["id"]
        if accept_all:
            ids = [i["id"] for i in store.open_review_items(db, request_id)]
            changes, what = [(i, "accepted") for i in ids], "accepted every open review item"
        else:
            term = fold(accept or reject or "")
            found = store.ids_for_term(db, request_id, term, only_open=False)
            if not found:
                raise NotFound(f"No redaction of {prep.row['number']} is for the term "
                               f"{accept or reject!r}.",
                               "'request review NUMBER --list' shows the open items and "
                               "their terms.")
            decision = "accepted" if accept else "rejected"
            changes = [(i["id"], decision) for i in found]
            what = f"{decision} every occurrence of {term!r}"
        if changes:
            _decide(db, ctx, prep, changes, what)
        summary = summary_of(db, request_id, prep, profile_for(
            db, prep.law, set_store.responsive_set(db, request_id)["profile"] or None))
    return {**summary, "decided": len(changes)}


def decide(db: Database, ctx: Context, number: str, item_ids: list[int],
           decision: str) -> list[tuple[int, str]]:
    """Accept or reject items; returns what they were, so the window can undo."""
    if decision not in ("accepted", "rejected", "proposed"):
        raise InputError(f"Unknown decision {decision!r}.")
    with db.transaction():
        prep = _prepare(db, number, ctx.today)
        return _decide(db, ctx, prep, [(i, decision) for i in item_ids], decision)


def restore(db: Database, ctx: Context, number: str, earlier: list[tuple[int, str]]) -> None:
    """Put decisions back as they were (the window's undo and redo)."""
    with db.transaction():
        prep = _prepare(db, number, ctx.today)
        _decide(db, ctx, prep, earlier, "undo")


def add_manual(db: Database, ctx: Context, number: str, row_no: int, field_name: str,
               start: int, end: int, exemption: str, justification: str) -> int:
    """A redaction the clerk adds: [start, end) of the field's original text (or the whole
    cell), withheld under ``exemption``."""
    with db.transaction():
        prep = _prepare(db, number, ctx.today)
        if field_name not in FIELDS:
            raise InputError(f"{field_name!r} is not a field of the released table.")
        if exemption not in prep.exemptions:
            raise InputError(f"{exemption!r} is not an exemption in force under the "
                             f"{prep.law.label}.",
                             "Choose one from the catalogue ('exemption list').")
        if not justification.strip():
            raise InputError("Give a one-line justification for the redaction.")
        record = set_store.row(db, prep.row["id"], row_no)
        if record is None:
            raise NotFound(f"{prep.row['number']} has no row {row_no}.")
        text = "" if record[field_name] is None else str(record[field_name])
        if not 0 <= start < end <= len(text) or end - start > MANUAL_MAX:
            raise InputError(f"Characters {start}-{end} are not inside the {field_name} of "
                             f"row {row_no} (it has {len(text)}).")
        whole = start == 0 and end == len(text)
        mark = prep.exemptions[exemption].mark
        item_id = store.insert_one(db, prep.row["id"], {
            "scope": "cell" if whole else "span", "row_no": row_no, "field": field_name,
            "start": None if whole else start, "end": None if whole else end,
            "original": text[start:end], "replacement": marker(mark), "action": "withheld",
            "exemption": exemption, "justification": justification.strip(),
            "source": "manual", "kind": "manual", "term": "", "why": "Added by the clerk",
            "certain": 1, "decision": "accepted", "decided_by": ctx.actor,
            "decided_at": utc_now(), "cells": 1, "created_by": ctx.actor})
        append_event(db, actor=ctx.actor, action="redaction.added", request_id=prep.row["id"],
                     subject=prep.row["number"],
                     details={"item": item_id, "row": row_no, "field": field_name,
                              "exemption": exemption})
    return item_id


def withhold_record(db: Database, ctx: Context, number: str, row_no: int, exemption: str,
                    justification: str) -> int:
    """Withhold one record of the responsive set in full, under ``exemption`` (its code, mark
    or citation): the packet prints a numbered slip sheet in its place, the exports only the
    marker."""
    from app.domain.exemptions import find

    with db.transaction():
        prep = _prepare(db, number, ctx.today)
        code = find(list(prep.exemptions.values()), exemption, prep.law).code
        if not justification.strip():
            raise InputError("Give a one-line justification for withholding the record.",
                             "It is printed in the exemption log.")
        record = set_store.row(db, prep.row["id"], row_no)
        if record is None:
            raise NotFound(f"{prep.row['number']} has no row {row_no}.",
                           f"'request released {prep.row['number']}' lists the rows.")
        if store.record_withholding(db, prep.row["id"], row_no) is not None:
            raise RuleError(f"Row {row_no} of {prep.row['number']} is already withheld in "
                            "full.")
        item_id = store.insert_one(db, prep.row["id"], {
            "scope": "cell", "row_no": row_no, "field": WHOLE_RECORD,
            "replacement": marker(prep.exemptions[code].mark), "action": "withheld",
            "exemption": code, "justification": justification.strip(), "source": "manual",
            "kind": "record", "term": "", "why": "Withheld in full by the clerk",
            "certain": 1, "decision": "accepted", "decided_by": ctx.actor,
            "decided_at": utc_now(), "cells": 1, "created_by": ctx.actor})
        append_event(db, actor=ctx.actor, action="redaction.record_withheld",
                     request_id=prep.row["id"], subject=prep.row["number"],
                     details={"item": item_id, "row": row_no, "exemption": code})
    return item_id


def remove_added(db: Database, ctx: Context, number: str, item_id: int) -> dict:
    """Take back a redaction the clerk added (a manual one, a record withheld in full): the
    window's undo. Returns the item as it was."""
    with db.transaction():
        prep = _prepare(db, number, ctx.today)
        item = store.item(db, prep.row["id"], item_id)
        if item is None or item["source"] != "manual":
            raise NotFound(f"{prep.row['number']} has no redaction {item_id} added by a "
                           "clerk.")
        store.delete_item(db, prep.row["id"], item_id)
        append_event(db, actor=ctx.actor, action="redaction.removed",
                     request_id=prep.row["id"], subject=prep.row["number"],
                     details={"item": item_id, "row": item["row_no"], "field": item["field"]})
    return item


def review_state(db: Database, number: str, limit: int = 5_000) -> dict:
    """What the review window shows above and beside the records: the set's and the
    redactions' counts, the profile and its banner, and the decisions on single records
    (open review items first)."""
    row = request_store.get_by_number(db, number)
    if row is None:
        raise NotFound(f"There is no request {number!r}.")
    request_id = row["id"]
    responsive = set_store.responsive_set(db, request_id)
    law = Law(row["law"])
    profile = profile_store.profile(db, (responsive or {}).get("profile")
                                    or default_profile_name(law))
    counts = store.counts(db, request_id)
    return {
        "number": row["number"], "law": law.value,
        "matched": responsive is not None,
        "redacted": bool(responsive and responsive.get("profile")),
        "summary": json.loads(responsive["summary"]) if responsive and responsive.get(
            "summary") else {},
        "records": set_store.count_rows(db, request_id) if responsive else 0,
        "profile": profile.name if profile else "",
        "profile_confirmed": bool(profile and profile.confirmed_by),
        "banner": profile.banner if profile else "",
        "redactions": counts["redactions"], "review_items": counts["review_items"],
        "items": store.row_items(db, request_id, limit) if responsive else [],
        "excluded": set_store.excluded_rows(db, request_id, limit) if responsive else [],
    }


@dataclass(frozen=True)
class ReviewRecord:
    """One record for the review view: as released, and every decision on it (rejected ones
    too, which the released text no longer shows)."""

    released: ReleasedRow
    items: dict[int, dict]
    included: bool
    note: str


def review_record(db: Database, number: str, row_no: int) -> ReviewRecord | None:
    row = request_store.get_by_number(db, number)
    if row is None:
        raise NotFound(f"There is no request {number!r}.")
    record = set_store.row(db, row["id"], row_no)
    if record is None:
        return None
    items = store.items_for_rows(db, row["id"], row_no, row_no)
    record["occurred_at"] = records_service.local_time(record["occurred_at"],
                                                       records_service.agency_zone(db))
    catalogue = {e.code: e for e in profile_store.exemptions(db)}
    _, found = next(iter(_with_items([record], items)))
    return ReviewRecord(_release(record, found, catalogue), {i["id"]: i for i in items},
                        bool(record["included"]), record["note"] or "")


def term_items(db: Database, number: str, term: str) -> list[int]:
    """Every decision of the request on ``term`` (as the scan folded it)."""
    from app.domain.people import fold

    row = request_store.get_by_number(db, number)
    if row is None:
        raise NotFound(f"There is no request {number!r}.")
    return [i["id"] for i in store.ids_for_term(db, row["id"], fold(term), only_open=False)]


def exemptions_in_force(db: Database, number: str, on: date) -> list[Exemption]:
    """The exemptions a clerk may cite on this request today (the law's, in force)."""
    row = request_store.get_by_number(db, number)
    if row is None:
        raise NotFound(f"There is no request {number!r}.")
    law = Law(row["law"])
    return [e for e in profile_store.exemptions(db) if e.law is law and e.in_force(on)]


def manual_range(pieces: tuple[Piece, ...], start: int, end: int) -> tuple[int, int]:
    """The original characters a selection of released text covers."""
    try:
        return original_range(pieces, start, end)
    except ValueError:
        raise InputError("Select some of the record's text to redact.") from None


def review_items(db: Database, number: str) -> list[dict]:
    row = request_store.get_by_number(db, number)
    if row is None:
        raise NotFound(f"There is no request {number!r}.")
    return store.open_review_items(db, row["id"])
