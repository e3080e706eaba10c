"""Approval, the disclosure packet, and the release gate.

What leaves the building is rendered only from the released view of the responsive set, then
read back with independent readers and scanned before anything is released: disclosure to one
requester waives the exemption (Gov. Code § 7921.505), so the gate blocks, it does not warn.
A released production is locked: its files and their SHA-256 are recorded, and a corrected
production gets a new Bates range that names the range it replaces.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path

from app.domain.agency import agency_missing
from app.domain.deadlines import Law
from app.domain.detection import Detector
from app.domain.errors import DeskError, InputError, NotFound, RuleError
from app.domain.people import fold, mentions
from app.domain.redaction import FIELDS, TEXT_RULES, WHOLE_RECORD, Action, Profile
from app.domain.requests import Status, check_transition
from app.outputs import exports, readback
from app.outputs.packet import (
    Column,
    LogLine,
    PacketInfo,
    Record,
    Run,
    column_minimum,
    write_packet,
)
from app.services import records as records_service
from app.services import redaction as redaction_service
from app.services.context import Context
from app.services.database import agency_settings, chain_head
from app.services.jobs import Job
from app.storage import matching as set_store
from app.storage import productions as store
from app.storage import profiles as profile_store
from app.storage import redactions as redaction_store
from app.storage import requests as request_store
from app.storage.database import Database
from app.storage.events import append_event

CHUNK = 2_000
RELEASABLE = (Status.IN_REVIEW, Status.AWAITING_APPROVAL)


class ReleaseBlocked(DeskError):
    """The gate found something that must not leave: exit 1, naming each finding."""

    exit_code = 1

    def __init__(self, number: str, findings: list[Finding]) -> None:
        shown = "; ".join(f.sentence for f in findings[:10])
        more = f" (and {len(findings) - 10} more)" if len(findings) > 10 else ""
        super().__init__(f"{number} cannot be released: {shown}{more}.",
                         "Correct the redactions (or the file named), produce the packet "
                         "again and re-run the release.")
        self.findings = findings


@dataclass(frozen=True)
class Finding:
    check: str
    file: str
    where: str
    detail: str

    @property
    def sentence(self) -> str:
        place = f"{self.file}, {self.where}" if self.file else self.where
        return f"{place}: {self.detail}" if place else self.detail

    def as_json(self) -> dict:
        return {"check": self.check, "file": self.file, "where": self.where,
                "detail": self.detail}


# --- the request and what was decided -----------------------------------------------------------

def _request(db: Database, number: str) -> dict:
    row = request_store.get_by_number(db, number)
    if row is None:
        raise NotFound(f"There is no request {number!r}.",
                       "'request list' shows the requests and their numbers.")
    if set_store.responsive_set(db, row["id"]) is None:
        raise RuleError(f"{row['number']} has no responsive set.",
                        f"Match and redact it first: request match {row['number']}")
    return row


def fingerprint(db: Database, request_id: int) -> str:
    """What an approval covers: every redaction decision and which records are in the set."""
    # The JSON of the list of rows, hashed as it is written (the same digest as hashing
    # json.dumps(list) whole, without holding it).
    digest = hashlib.sha256(b"[")
    for i, item in enumerate(store.decisions_fingerprint_rows(db, request_id)):
        digest.update((", " if i else "").encode() + json.dumps(item, default=str).encode())
    digest.update(b"]")
    return digest.hexdigest()


def _profile(db: Database, row: dict) -> Profile:
    name = set_store.responsive_set(db, row["id"])["profile"]
    if not name:
        raise RuleError(f"{row['number']} has not been redacted yet.",
                        f"Redact it first: request redact {row['number']}")
    return redaction_service.profile_for(db, Law(row["law"]), name)


def approve(db: Database, ctx: Context, number: str, reviewer: str, note: str = "") -> dict:
    """A reviewer other than the preparer approves the redactions as they stand."""
    with db.transaction():
        row = _request(db, number)
        _profile(db, row)
        if not reviewer.strip():
            raise InputError("Name the reviewer who approves.")
        if redaction_store.open_review_items(db, row["id"]):
            raise RuleError(f"{row['number']} has open review items; every one must be decided "
                            "before approval.",
                            f"Decide them (request review {row['number']} --list).")
        preparers = store.preparers(db, row["id"])
        folded = {fold(p) for p in preparers}
        if ctx.actor in preparers or fold(reviewer) in folded:
            raise RuleError(
                f"{reviewer} (signed in as {ctx.actor}) prepared these redactions; a reviewer "
                "other than the preparer must approve them.",
                "Ask a colleague to approve from their own account.")
        approval_id = store.add_approval(db, row["id"], reviewer.strip(), ctx.actor,
                                         fingerprint(db, row["id"]), note.strip())
        append_event(db, actor=ctx.actor, action="request.approved", request_id=row["id"],
                     subject=row["number"],
                     details={"reviewer": reviewer.strip(), "approval": approval_id})
    return {"number": row["number"], "approved": True, "reviewer": reviewer.strip()}


def _approval(db: Database, row: dict) -> dict | None:
    approval = store.latest_approval(db, row["id"])
    if approval is None or approval["fingerprint"] != fingerprint(db, row["id"]):
        return None
    return approval


# --- the packet ---------------------------------------------------------------------------------

def _columns(db: Database, request_id: int) -> list[str]:
    """The fields shown: every field of the released table that holds something."""
    filled = set_store.filled_cells(db, request_id, list(FIELDS))
    return [name for name in FIELDS if filled.get(name)]


# How the width left over, once each column holds its longest word, is shared: free text
# gets most of it.
WEIGHTS = {"occurred_at": 0.0, "system": 0.5, "user_name": 0.5, "user_id": 0.5,
           "user_email": 1.0, "username": 0.5, "unit": 2.0, "case_number": 0.5,
           "purpose": 3.0, "notes": 8.0, "result_count": 0.0, "ip_address": 0.5,
           "event_id": 0.5}
SAMPLE_ROWS = 5_000   # the records measured to size the columns


def _runs(cell) -> tuple[Run, ...]:
    return tuple((p.text, "text" if p.kind in ("text", "vendor") else p.kind)
                 for p in cell.pieces if p.text)


def _released(db: Database, number: str, fields: list[str]) -> Iterator[
        redaction_service.ReleasedRow]:
    offset = 0
    while True:
        rows = redaction_service.released_rows(db, number, offset=offset, limit=CHUNK)
        if not rows:
            return
        yield from rows
        offset += CHUNK


def _summary(db: Database, row: dict) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    counts = store.summary_counts(db, row["id"])
    zone = records_service.agency_zone(db)
    months: Counter[str] = Counter()
    for hour, n in counts["hours"].items():
        if hour:
            moment = datetime.strptime(hour, "%Y-%m-%d %H").replace(tzinfo=UTC)
            months[moment.astimezone(zone).strftime("%Y-%m")] += n
    people = {p["person_key"]: p for p in set_store.request_people(db, row["id"])}
    held = _held_keys(db, row)
    by_person: Counter[str] = Counter()
    for key, n in counts["people"].items():
        if key in held:   # withheld entirely: not even their number of searches
            continue
        code = people.get(key, {}).get("pseudonym") if key else None
        by_person[f"[{code}]" if code else "No searcher recorded"] += n
    total = sum(months.values())
    shown = sum(1 for k in by_person if k.startswith("["))
    return (
        (f"Summary: {total:,} searches by {shown:,} searchers (pseudonymised)",
         tuple((m, f"{n:,}") for m, n in sorted(months.items()))),
        ("Searches per system", tuple((s, f"{n:,}") for s, n in sorted(
            counts["systems"].items()))),
        ("Searches per searcher", tuple((k, f"{n:,}") for k, n in sorted(by_person.items()))),
    )


def _held_keys(db: Database, row: dict) -> set[str]:
    """The people a safety hold withholds entirely in this request."""
    return {i["person_key"] for i in redaction_store.items(db, row["id"])
            if i["source"] == "hold" and i["person_key"]}


def _log_lines(db: Database, row: dict, profile: Profile, approval: dict | None
               ) -> list[LogLine]:
    """The exemption log as printed. A safety hold is printed as what it withholds and the
    exemption's own words: never its kind or reason, never the person's pseudonym (the agency
    keeps those in its own exemption log, 'request exemption-log')."""
    catalogue = {e.code: e for e in profile_store.exemptions(db)}
    people = {p["person_key"]: p for p in set_store.request_people(db, row["id"])}
    approved_by = approval["reviewer"] if approval else "(not approved)"
    lines = []
    for item in redaction_store.iter_items(db, row["id"]):
        if item["decision"] == "rejected":
            continue
        label = FIELDS.get(item["field"], (item["field"],))[0]
        rows: tuple[int, ...] | None
        if item["scope"] == "column":
            record, extent, rows = "every record", "whole cell", None
        elif item["scope"] == "person":
            code = people.get(item["person_key"], {}).get("pseudonym")
            record = (f"every record of [{code}]" if code and item["source"] != "hold"
                      else "every record of a withheld searcher")
            extent = "whole cell"
            rows = tuple(store.rows_of_person(db, row["id"], item["person_key"]))
        elif item["field"] == WHOLE_RECORD:
            record, label, extent = f"record {item['row_no']}", "Whole record", "in full"
            rows = (item["row_no"],)
        else:
            record = f"record {item['row_no']}"
            extent = ("whole cell" if item["scope"] == "cell"
                      else f"characters {item['start'] + 1}-{item['end']}")
            rows = (item["row_no"],)
        exemption = catalogue.get(item["exemption"])
        why = item["justification"]
        if item["source"] == "hold":
            why = (exemption.summary or exemption.title) if exemption else "Withheld"
        lines.append(LogLine(
            record, label, extent,
            "pseudonymised" if item["action"] == "pseudonymised" else "withheld",
            item["masked_by"], exemption.cite if exemption else "",
            why if item["masked_by"] == "agency" else "Masked by the vendor before export",
            item["decided_by"] or item["created_by"],
            approved_by if item["masked_by"] == "agency" else "", rows))
    return lines


def _long_date(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _cover_signer(settings: dict, chosen: str | None, law: Law) -> tuple[str, ...]:
    """The signer of the production's letter (chosen as the letter chooses) signs its cover
    too: name, then title."""
    from app.domain.letters import LetterKind
    from app.services.letters import signer_of

    signer = signer_of(settings, chosen, law, LetterKind.DENIAL)
    if signer is None:
        return ("Records Unit",)
    return tuple(v for v in (signer.name, signer.title) if v)


def _cover(row: dict, settings: dict, records: int, on: date, replaces: str,
           signer: str | None = None) -> tuple[str, ...]:
    """The cover letter's paragraphs; the packet fills in the Bates range and the contents."""
    from app.outputs.packet import CONTENTS, FIRST, LAST, PAGES

    requester = row["requester_name"] + (f", {row['requester_org']}"
                                         if row["requester_org"] else "")
    law = Law(row["law"])
    paragraphs = [
        _long_date(on),
        f"To: {requester}" + (f"\n{row['requester_address']}" if row["requester_address"]
                              else ""),
        "Re: your public records request received "
        f"{_long_date(date.fromisoformat(str(row['received'])[:10]))}, our number "
        f"{row['number']} ({law.title}).",
        f"This packet holds the {records:,} records responsive to your request, on pages Bates "
        f"{FIRST} to {LAST} ({PAGES} pages). Contents: {CONTENTS}.",
        "The records are printed as they are released. Where information is withheld, the "
        "exemption relied on is printed in brackets at the place of the withheld text, e.g. "
        "[7927.700]. Employees who ran searches are shown by a consistent pseudonym, e.g. "
        "[Employee 07], the same on every page and in every file of this release, so that "
        "searches can be counted per person. The exemption log lists every redaction with its "
        "legal basis and the pages it appears on; the letter that accompanies this packet "
        "gives the determination.",
        ("The same records are provided in electronic form, as CSV and XLSX files with the "
         "same markers" + (" (Gov. Code § 7922.570)." if law is Law.CPRA else ".")),
    ]
    if replaces:
        paragraphs.append(f"This production corrects and replaces the pages Bates {replaces}, "
                          "released earlier.")
    paragraphs += [*_cover_signer(settings, signer, law), str(settings["agency_name"]),
                   str(settings["agency_address"])]
    return tuple(paragraphs)


def _withheld_items(db: Database, row: dict) -> list[dict]:
    """What the production withholds, for the letter: one item per field and exemption."""
    catalogue = {e.code: e for e in profile_store.exemptions(db)}
    groups: dict[tuple[str, str, str], dict] = {}
    for item in redaction_store.iter_items(db, row["id"]):
        if item["decision"] == "rejected" or item["masked_by"] != "agency":
            continue
        what = FIELDS.get(item["field"], (item["field"],))[0]
        if item["field"] == WHOLE_RECORD:
            what = "Records withheld in full"
        elif item["scope"] == "span":
            what = f"Parts of the {what.lower()} text"
        elif item["action"] == "pseudonymised":
            what = f"{what} (replaced by a consistent pseudonym)"
        key = (what, item["exemption"], item["action"])
        entry = groups.setdefault(key, {"what": what, "cells": 0, "exemption": item[
            "exemption"], "justification": item["justification"]})
        entry["cells"] += item["cells"]
    return [{"what": f"{g['what']}: {g['cells']:,} place{'s' if g['cells'] != 1 else ''}",
             "citation": catalogue[g["exemption"]].cite if g["exemption"] in catalogue
             else g["exemption"], "justification": g["justification"]}
            for g in groups.values()]


def _letter(db: Database, ctx: Context, row: dict, folder: Path, letter: LetterRequest
            ) -> Path:
    """The letter that goes with the production: a partial denial (Gov. Code § 7922.540;
    5 U.S.C. § 552(a)(6)(A)) when anything is withheld, else a determination with
    production."""
    from app.services.letters import write_letter

    withheld = _withheld_items(db, row)
    available = {"available_on": letter.available_on or ctx.today,
                 "available_time": letter.available_time}
    if withheld:
        return write_letter(db, ctx, row["number"], "denial", folder, letter.language,
                            signer=letter.signer, partial=True, withheld=withheld,
                            responsible=list(letter.responsible), **available)
    return write_letter(db, ctx, row["number"], "determination", folder, letter.language,
                        signer=letter.signer, records_exist=True,
                        reasons="The records are produced in full.", **available)


@dataclass(frozen=True)
class LetterRequest:
    """What the clerk decides for the production's letter."""

    responsible: tuple[str, ...] = ()     # each 'NAME|TITLE' or a signer's name
    language: str | None = None
    signer: str | None = None
    available_on: date | None = None
    available_time: time | None = None


def make_packet(db: Database, ctx: Context, number: str, out_dir: Path | str,
                job: Job | None = None, correction: str = "",
                letter: LetterRequest | None = None) -> dict:
    """Write the packet (PDF), the exports (CSV, XLSX), the letter and the manifest into a
    new folder in ``out_dir``. A released production is never regenerated silently: a
    correction names why and gets a new Bates range that names the one it replaces."""
    job = job or Job()
    letter = letter or LetterRequest()
    row = _request(db, number)
    profile = _profile(db, row)
    approval = _approval(db, row)
    if approval is None:
        raise RuleError(f"The redactions of {row['number']} have not been approved as they "
                        "stand (no approval, or decisions changed since).",
                        f"A reviewer approves: request approve {row['number']} --reviewer NAME")
    missing = agency_missing(agency_settings(db))
    if missing:
        raise InputError("The packet prints the agency's details on every page, and this "
                         "database does not know them yet: " + ", ".join(missing) + ".",
                         "Fill them in under Settings (Ctrl+,) or with 'settings set', then "
                         "produce the packet.")
    earlier = store.productions(db, row["id"])
    released = [p for p in earlier if p["released_at"]]
    if released and not correction.strip():
        last = released[-1]
        raise RuleError(f"{row['number']} was released on {last['released_at']} "
                        f"(Bates {last['bates_first']} to {last['bates_last']}); its packet is "
                        "locked.",
                        "To correct it, produce a new packet with --correction REASON: it gets "
                        "new Bates numbers and names the range it replaces.")
    seq = len(earlier) + 1
    folder = Path(out_dir) / f"{row['number']}-production-{seq}"
    if folder.exists() and any(folder.iterdir()):
        raise InputError(f"{folder} already holds files.", "Choose another --out folder.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InputError(f"The packet cannot be written to {Path(out_dir)}: "
                         f"{err.strerror or err}.",
                         "Choose a folder you can write to (--out, or Save copies to… in the "
                         "window).") from err
    try:
        return _produce(db, ctx, row, folder, seq, profile, approval, released, letter,
                        correction, job)
    except BaseException:  # nothing half-written is left to be mistaken for a production
        for leftover in folder.iterdir():
            leftover.unlink()
        folder.rmdir()
        raise


def _produce(db: Database, ctx: Context, row: dict, folder: Path, seq: int, profile: Profile,
             approval: dict, released: list[dict], letter: LetterRequest, correction: str,
             job: Job) -> dict:
    replaces = (f"{released[-1]['bates_first']} to {released[-1]['bates_last']}"
                if released else "")
    settings = agency_settings(db)
    prefix = settings["bates_prefix"]
    fields = _columns(db, row["id"])
    letter_path = _letter(db, ctx, row, folder, letter)
    included = set_store.count_rows(db, row["id"])
    first = store.peek_bates(db, prefix)
    job.progress(0, 4, "packet")

    def records() -> Iterator[Record]:
        for released_row in _released(db, row["number"], fields):
            yield Record(released_row.row_no,
                         (((str(released_row.row_no), "text"),),
                          *(_runs(released_row.cells[f]) for f in fields)),
                         withheld=released_row.withheld)

    info = PacketInfo(
        number=row["number"], law_title=Law(row["law"]).title,
        agency_name=str(settings["agency_name"]),
        agency_address=str(settings["agency_address"]),
        requester=row["requester_name"], produced_on=ctx.today, bates_prefix=prefix,
        bates_start=first, replaces=replaces,
        cover=_cover(row, settings, included, ctx.today, replaces, letter.signer),
        summary=_summary(db, row))
    sample = redaction_service.released_rows(db, row["number"], limit=SAMPLE_ROWS)
    last = redaction_service.released_rows(db, row["number"], offset=max(included - 1, 0),
                                           limit=1)
    widest = max([r.row_no for r in last + sample[-1:]], default=1)
    columns = [Column("No.", 0.0, column_minimum([(("8" * len(str(widest)), "text"),)], "No."))]
    columns += [Column(FIELDS[f][0], WEIGHTS[f], column_minimum(
        [_runs(r.cells[f]) for r in sample], FIELDS[f][0], whole=f == "occurred_at"))
        for f in fields]
    base = f"{row['number']}-{seq}"
    pdf = folder / f"{base}-packet.pdf"
    csv_path = folder / f"{base}-records.csv"
    xlsx_path = folder / f"{base}-records.xlsx"
    header = ("No.", *(FIELDS[f][0] for f in fields))
    exporter: exports.Exporter | None = None

    def laid_out(spool: Path) -> None:
        """The records are laid out: the exports are written from the very cells the PDF
        will draw, beside the drawing when the packet is large."""
        nonlocal exporter
        job.progress(1, 4, "pages and exports")
        exporter = exports.Exporter(exports.ExportJob(
            spool, csv_path, xlsx_path, header, f"Records released, {row['number']}",
            str(settings["agency_name"])), included)

    with tempfile.TemporaryDirectory(prefix="disclosure-desk-",
                                     ignore_cleanup_errors=True) as work:
        try:
            result = write_packet(pdf, info, columns, records,
                                  _log_lines(db, row, profile, approval),
                                  Path(work) / "records.spool", laid_out)
            if exporter is not None:
                exporter.wait()
        finally:
            if exporter is not None:
                exporter.stop()
    job.progress(2, 4, "manifest")
    files = [_file(p) for p in (pdf, csv_path, xlsx_path, letter_path)]
    manifest = {
        "request": row["number"], "production": seq, "produced_on": ctx.today.isoformat(),
        "bates_first": result.bates_first, "bates_last": result.bates_last,
        "pages": result.pages, "replaces": replaces, "correction": correction.strip(),
        "records": included, "records_from_page": result.records_from_page,
        "profile": profile.name, "approved_by": approval["reviewer"],
        "responsible": list(letter.responsible),
        "files": files, "log_head": chain_head(db),
    }
    manifest_path = folder / f"{base}-manifest.json"
    manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n",
                             encoding="utf-8")
    with db.transaction():
        reserved = store.next_bates(db, prefix, result.pages)
        if reserved != first:
            raise RuntimeError("Bates numbers were taken while the packet was written")
        store.add_production(db, {
            "request_id": row["id"], "seq": seq, "folder": str(folder),
            "bates_first": result.bates_first, "bates_last": result.bates_last,
            "replaces": replaces, "fingerprint": fingerprint(db, row["id"]),
            "manifest": manifest, "created_by": ctx.actor},
            [*files, _file(manifest_path)])
        append_event(db, actor=ctx.actor, action="packet.produced", request_id=row["id"],
                     subject=row["number"],
                     details={"production": seq, "bates_first": result.bates_first,
                              "bates_last": result.bates_last, "replaces": replaces,
                              "correction": correction.strip(),
                              "files": {f["name"]: f["sha256"] for f in files}})
    job.progress(4, 4, "done")
    return {"number": row["number"], "folder": str(folder), "production": seq,
            "files": [str(folder / f["name"]) for f in files] + [str(manifest_path)],
            "pages": result.pages, "bates_first": result.bates_first,
            "bates_last": result.bates_last, "replaces": replaces}


def _file(path: Path) -> dict:
    data = path.read_bytes()
    return {"name": path.name, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


# --- the release gate ---------------------------------------------------------------------------

@dataclass
class _Allowed:
    """What may appear in the files on purpose."""

    names: bool = False            # the profile releases searchers' names
    employee_ids: bool = False
    emails: bool = False
    usernames: bool = False
    kinds: set[str] = field(default_factory=set)     # pattern kinds the profile releases
    terms: set[str] = field(default_factory=set)     # released by a clerk's review decision
    requester_text: str = ""                         # what the requester wrote to us
    staff: set[str] = field(default_factory=set)     # who signs, decides, approves (by law)
    held: set[int] = field(default_factory=set)      # people on a safety hold: never

    def permits(self, hit, front: bool = False) -> bool:
        """``front``: the letter, the manifest and the packet's pages before the records,
        where the requester's own words and the staff acting on the request are named. In
        the records (their PDF pages, the CSV and XLSX) neither is allowed."""
        if hit.kind == "vendor_mask":
            return True
        if hit.person_id is not None and hit.person_id in self.held:
            return False
        if hit.term in self.terms:
            return True
        if front and hit.term and (hit.term in self.staff
                                   or mentions(self.requester_text, hit.term)):
            return True
        if hit.kind == "person":
            return {"employee_id": self.employee_ids, "email": self.emails,
                    "username": self.usernames}.get(hit.form, self.names)
        return hit.kind != "unlisted_person" and hit.kind in self.kinds


def _staff(db: Database, row: dict, production: dict) -> set[str]:
    """The agency's people acting on this request, whom the letter and the log must name
    (Gov. Code § 7922.540 requires the names and titles of those responsible for a denial):
    the signers, the persons responsible, the reviewer, and who decided each redaction."""
    names = {str(s.get("name", "")) for s in agency_settings(db).get("signers") or []
             if isinstance(s, dict)}
    manifest = json.loads(production["manifest"])
    names |= {str(r).split("|")[0] for r in manifest.get("responsible", [])}
    names.add(str(manifest.get("approved_by", "")))
    names |= store.preparers(db, row["id"])
    approval = store.latest_approval(db, row["id"])
    if approval:
        names |= {approval["reviewer"], approval["actor"]}
    return {fold(n) for n in names if n and n.strip()}


def _allowed(db: Database, row: dict, profile: Profile, ctx: Context) -> _Allowed:
    released = {r.target for r in profile.rules if r.action is Action.RELEASE}
    allowed = _Allowed(
        names={"user_name", "text:people"} <= released, employee_ids="user_id" in released,
        emails="user_email" in released, usernames="username" in released)
    for target, (_, kinds) in TEXT_RULES.items():
        if target in released and target != "text:people":
            allowed.kinds.update(kinds)
    allowed.terms = {i["term"] for i in redaction_store.items(db, row["id"])
                     if i["decision"] == "rejected" and i["term"]}
    allowed.requester_text = fold(row["description"] or "")
    allowed.held = {h["person_id"] for h in profile_store.active_holds(db, ctx.today)}
    return allowed


def _identifier_findings(text: readback.Text, detector: Detector,
                         allowed: _Allowed, front: bool = False) -> Iterator[Finding]:
    for hit in detector.scan(text.text):
        if not allowed.permits(hit, front):
            shown = text.text[hit.start:hit.end]
            yield Finding("identifier", text.file, readback.row_of(text, hit.start),
                          f"{hit.kind.replace('_', ' ')} {shown!r} ({hit.why or hit.form})")


# The packet's own numbers: "Page 17602 of 20000" in the footer, and each record's number at
# the start of its line (a records page reads "No. ... Search ID" then "17602 2019-08-14 ...":
# after "ID", a record number that is also someone's employee number would read as theirs).
_PAGE_OF = re.compile(r"Page \d+ of \d+")
_LINE_NUMBER = re.compile(r"(?m)^(\d+)(?= )")


def _without_furniture(text: readback.Text, row_numbers: set[int]) -> readback.Text:
    """A PDF page's text with the packet's page numbers and record numbers blanked (same
    length, so positions still point at the text). The records' cells are scanned in the CSV
    as well, cell by cell, where no record number stands beside them."""
    def blank(match: re.Match) -> str:
        return " " * len(match.group(0))

    def blank_row(match: re.Match) -> str:
        return " " * len(match.group(1)) if int(match.group(1)) in row_numbers \
            else match.group(0)

    cleaned = _LINE_NUMBER.sub(blank_row, _PAGE_OF.sub(blank, text.text))
    return readback.Text(text.file, text.where, cleaned)


BATES = r"(?P<bates>{prefix}-\d{{6}})"


def _marker_pattern(marks: list[str]) -> re.Pattern:
    alternatives = "|".join(re.escape(m).replace(r"\ ", r"\s*") for m in sorted(marks, key=len,
                                                                                 reverse=True))
    return re.compile(rf"\[\s*(?:Employee\s+\d+(?:\s*·\s*(?:{alternatives}))?|{alternatives})"
                      rf"\s*\]")


def release(db: Database, ctx: Context, number: str, job: Job | None = None) -> dict:
    """Run the release gate over the newest production and, if nothing blocks, mark the
    request released and lock the production. Raises :class:`ReleaseBlocked` naming every
    finding otherwise (nothing is changed)."""
    job = job or Job()
    row = _request(db, number)
    productions = store.productions(db, row["id"])
    if not productions:
        raise RuleError(f"{row['number']} has no packet to release.",
                        f"Produce it first: packet {row['number']} --out FOLDER")
    production = productions[-1]
    if production["released_at"]:
        raise RuleError(f"Production {production['seq']} of {row['number']} was already "
                        f"released on {production['released_at']}.")
    findings = gate(db, ctx, row, production, job)
    if findings:
        with db.transaction():
            append_event(db, actor=ctx.actor, action="release.blocked", request_id=row["id"],
                         subject=row["number"],
                         details={"production": production["seq"],
                                  "findings": [f.as_json() for f in findings[:50]],
                                  "count": len(findings)})
        raise ReleaseBlocked(row["number"], findings)
    with db.transaction():
        current = Status(request_store.get_by_id(db, row["id"])["status"])
        if current is not Status.RELEASED:   # (a correction: released already)
            check_transition(current, Status.RELEASED)
            request_store.update_request(db, row["id"], {"status": Status.RELEASED.value})
        store.mark_released(db, production["id"], ctx.actor)
        append_event(db, actor=ctx.actor, action="request.released", request_id=row["id"],
                     subject=row["number"],
                     details={"production": production["seq"],
                              "bates_first": production["bates_first"],
                              "bates_last": production["bates_last"],
                              "from": current.value})
    return {"number": row["number"], "released": True, "production": production["seq"],
            "bates_first": production["bates_first"], "bates_last": production["bates_last"]}


def gate(db: Database, ctx: Context, row: dict, production: dict, job: Job) -> list[Finding]:
    findings: list[Finding] = []
    profile = _profile(db, row)
    status = Status(row["status"])
    # A correction of a released packet is released as the request stands (Released).
    correcting = status is Status.RELEASED and bool(production["replaces"])
    if status not in RELEASABLE and not correcting:
        findings.append(Finding("workflow", "", "request", (
            f"the request is {status.label.lower()}; it is released from In review or "
            "Awaiting approval")))
    if not profile.confirmed_by:
        findings.append(Finding("profile", "", "profile", (
            f"the profile {profile.name!r} has not been confirmed by counsel")))
    if redaction_store.open_review_items(db, row["id"]):
        findings.append(Finding("review", "", "review", "review items are still open"))
    approval = _approval(db, row)
    if approval is None:
        findings.append(Finding("approval", "", "approval",
                                "no approval of the redactions as they stand"))
    elif production["fingerprint"] != approval["fingerprint"]:
        findings.append(Finding("approval", "", "approval",
                                "the packet was produced from other decisions than the "
                                "approved ones"))
    folder = Path(production["folder"])
    recorded = {f["name"]: f for f in store.production_files(db, production["id"])}
    present = sorted(p for p in folder.iterdir()) if folder.is_dir() else []
    for path in present:
        if path.name not in recorded:
            findings.append(Finding("files", path.name, "folder",
                                    "a file that is not part of the production"))
    for name, entry in recorded.items():
        path = folder / name
        if not path.is_file():
            findings.append(Finding("files", name, "folder", "missing"))
        elif _file(path)["sha256"] != entry["sha256"]:
            findings.append(Finding("files", name, "contents",
                                    "changed since the packet was produced"))
    if findings and any(f.check == "files" for f in findings):
        return findings
    allowed = _allowed(db, row, profile, ctx)
    allowed.staff = _staff(db, row, production)
    detector = Detector(redaction_service.scan_roster(db, row["id"]),
                        custom_patterns=profile_store.custom_patterns(db))
    row_numbers = set_store.row_numbers(db, row["id"])
    records_from = json.loads(production["manifest"])["records_from_page"]
    job.progress(0, len(recorded), "reading the files back")
    for i, name in enumerate(sorted(recorded), 1):
        texts = readback.read_any(folder / name)
        if name.endswith(".xlsx"):
            # The visible sheet's cells are compared with the CSV's one by one below; what
            # else the workbook holds (other sheets, comments, properties) is scanned here.
            texts = (t for t in texts if not t.where.startswith("sheet Records, row"))
        for text in texts:
            front = name.endswith((".docx", "-manifest.json"))
            if name.endswith("-packet.pdf") and text.where.startswith("page "):
                text = _without_furniture(text, row_numbers)
                front = int(text.where.split()[1]) < records_from
            if text.where == "interactive content":
                findings.append(Finding("pdf", text.file, text.where, text.text))
            findings.extend(_identifier_findings(text, detector, allowed, front))
        job.progress(i, len(recorded), "reading the files back")
    findings += _consistency(db, row, production, folder, recorded)
    return findings


def _consistency(db: Database, row: dict, production: dict, folder: Path,
                 recorded: dict) -> list[Finding]:
    findings: list[Finding] = []
    names = sorted(recorded)
    pdf = next((folder / n for n in names if n.endswith("-packet.pdf")), None)
    csv_file = next((folder / n for n in names if n.endswith("-records.csv")), None)
    xlsx_file = next((folder / n for n in names if n.endswith("-records.xlsx")), None)
    if pdf is None or csv_file is None or xlsx_file is None:
        return [Finding("files", "", "production", "the PDF, CSV or XLSX is missing")]
    prefix = production["bates_first"].rsplit("-", 1)[0]
    pages = readback.pdf_pages(pdf)
    bates = []
    for number, text in enumerate(pages, 1):
        # The footer: "Page N of T", perhaps "Replaces ...", then the page's Bates number.
        found = re.search(rf"Page {number} of {len(pages)}\s*(?:Replaces [^\n]*\s*)?"
                          rf"{re.escape(prefix)}-(\d{{6}})", text)
        if found is None:
            findings.append(Finding("bates", pdf.name, f"page {number}",
                                    f"no 'Page {number} of {len(pages)}' with its Bates "
                                    "number"))
            continue
        bates.append(int(found.group(1)))
    first = int(production["bates_first"].rsplit("-", 1)[1])
    if bates != list(range(first, first + len(pages))):
        findings.append(Finding("bates", pdf.name, "pages",
                                "Bates numbers are not one per page, in order, without gaps"))
    if production["bates_last"] != f"{prefix}-{first + len(pages) - 1:06d}":
        findings.append(Finding("bates", pdf.name, "pages",
                                f"the last page is not {production['bates_last']}"))
    marks = [e.mark for e in profile_store.exemptions(db)]
    pattern = _marker_pattern(marks)
    csv_rows = readback.csv_rows(csv_file)
    sheets, xlsx_rows = readback.xlsx_rows(xlsx_file)
    if sheets != ["Records:visible"]:
        findings.append(Finding("xlsx", xlsx_file.name, "sheets",
                                "holds other sheets than the visible Records: "
                                + ", ".join(sheets)))
    if [[exports.unneutralise(c) for c in r] for r in csv_rows] != \
            [[exports.unneutralise(c) for c in r] for r in xlsx_rows]:
        findings.append(Finding("exports", xlsx_file.name, "cells",
                                "the XLSX and the CSV do not hold the same cells"))
    for i, r in enumerate(csv_rows[1:], 2):
        for cell in r:
            if cell.startswith(exports.FORMULA_STARTS):
                findings.append(Finding("exports", csv_file.name, f"line {i}",
                                        f"a cell a spreadsheet would run: {cell[:20]!r}"))
    included = set_store.count_rows(db, row["id"])
    if len(csv_rows) - 1 != included:
        findings.append(Finding("exports", csv_file.name, "rows",
                                f"{len(csv_rows) - 1} records, the set has {included}"))
    expected = 0
    offset = 0
    while True:
        chunk = redaction_service.released_rows(db, row["number"], offset=offset, limit=CHUNK)
        if not chunk:
            break
        expected += sum(1 for r in chunk for c in r.cells.values() for p in c.pieces
                        if p.kind in ("withheld", "pseudonym"))
        offset += CHUNK
    in_csv = sum(len(pattern.findall(c)) for r in csv_rows[1:] for c in r)
    first_record_page = json.loads(production["manifest"])["records_from_page"]
    in_pdf = sum(len(pattern.findall(text)) for text in pages[first_record_page - 1:])
    if in_csv != expected:
        findings.append(Finding("count", csv_file.name, "cells",
                                f"{in_csv} redaction markers; the exemption log gives "
                                f"{expected}"))
    if in_pdf != expected:
        findings.append(Finding("count", pdf.name, "pages",
                                f"{in_pdf} redaction markers; the exemption log gives "
                                f"{expected}"))
    return findings


# --- what the window shows ----------------------------------------------------------------------

def state(db: Database, number: str) -> dict:
    """Where a request stands on the way out: its approval, its productions (each with its
    files and their SHA-256) and whether the newest one was released, and the signers the
    letters may name. Works for any request, matched or not."""
    row = request_store.get_by_number(db, number)
    if row is None:
        raise NotFound(f"There is no request {number!r}.",
                       "'request list' shows the requests and their numbers.")
    responsive = set_store.responsive_set(db, row["id"])
    approval = store.latest_approval(db, row["id"])
    current = approval is not None and approval["fingerprint"] == fingerprint(db, row["id"])
    productions = []
    for production in store.productions(db, row["id"]):
        manifest = json.loads(production["manifest"] or "{}")
        productions.append({
            "seq": production["seq"], "folder": production["folder"],
            "bates_first": production["bates_first"], "bates_last": production["bates_last"],
            "replaces": production["replaces"], "pages": manifest.get("pages"),
            "correction": manifest.get("correction", ""),
            "created_by": production["created_by"], "created_at": production["created_at"],
            "released_by": production["released_by"],
            "released_at": production["released_at"],
            "files": [{"name": f["name"], "sha256": f["sha256"], "bytes": f["bytes"]}
                      for f in store.production_files(db, production["id"])]})
    settings = agency_settings(db)
    return {
        "number": row["number"], "law": row["law"], "status": row["status"],
        "matched": responsive is not None,
        "redacted": bool(responsive and responsive["profile"]),
        "approval": None if approval is None else {
            "reviewer": approval["reviewer"], "actor": approval["actor"],
            "approved_at": approval["approved_at"], "note": approval["note"],
            "current": current},
        "preparers": sorted(store.preparers(db, row["id"])),
        "productions": productions,
        "signers": [{"name": str(s.get("name", "")), "title": str(s.get("title", "")),
                     "role": str(s.get("role", ""))}
                    for s in settings.get("signers") or [] if isinstance(s, dict)],
        "letter_language": str(settings.get("letter_language") or "en"),
    }
