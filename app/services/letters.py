"""Letters to requesters: gather the request, the agency settings and the clerk's details,
check that everything the law requires is there, render the Word file, and record it.

    write_letter(db, ctx, number, "denial", out_dir, "en", partial=True,
                 withheld=["Officers' names|Gov. Code § 7923.600|..."],
                 responsible=["A. Rivera"], available_on=date(2026, 12, 4),
                 available_time="10:00")

A letter that lacks a required block is refused with an :class:`InputError` naming each
missing item, and nothing is written. Each letter produced is an event in the activity log
(``letter.written``: kind, language, file name, SHA-256), shown in the request's timeline.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from datetime import date, time
from pathlib import Path

from app.domain.deadlines import ExtensionReason, Law
from app.domain.errors import InputError
from app.domain.letters import (
    LANGUAGES,
    OGIS,
    REASON_TEXT_ES,
    Assistance,
    ClarificationDetails,
    DenialDetails,
    Details,
    DeterminationDetails,
    ExtensionDetails,
    Facts,
    LateDetails,
    LetterKind,
    NoRecordsDetails,
    Person,
    Withholding,
    appeal_deadline,
    citation_in,
    details_for,
    is_adverse,
    missing_content,
    parse_kind,
    parse_language,
    parse_time,
    written_date,
    written_time,
)
from app.domain.requests import parse_date
from app.outputs.letters import Required, plain, render_letter, template_path
from app.services.clocks import extension_reason_of
from app.services.context import Context
from app.services.database import agency_settings
from app.services.requests import RequestView, get_request
from app.storage.database import Database
from app.storage.events import append_event

ASSISTANCE_ACTION = "request.assistance_recorded"
LETTER_ACTION = "letter.written"
MAX_TEXT = 4000


# --- help given to identify records (Gov. Code § 7922.600) -----------------------------------

def record_assistance(db: Database, ctx: Context, number: str, text: str,
                      on: date | None = None) -> RequestView:
    """Record the help given to the requester to identify records (a call, a letter, a
    meeting): what was offered or asked, on which day. A CPRA no-records letter cannot be
    written until there is at least one."""
    text = " ".join((text or "").split())
    if not text:
        raise InputError("Say what help was given (e.g. 'Called the requester on 20 Nov; "
                         "explained the search logs cover 2019 onward and suggested a date "
                         "range').")
    if len(text) > MAX_TEXT:
        raise InputError(f"The note is {len(text):,} characters; the limit is {MAX_TEXT:,}.")
    view = get_request(db, number)
    day = on or ctx.today
    received = date.fromisoformat(view.row["received"])
    if day > ctx.today:
        raise InputError(f"{day.isoformat()} is in the future; record help once it was given.")
    if day < received:
        raise InputError(f"{day.isoformat()} is before the request was received "
                         f"({received.isoformat()}).")
    with db.transaction():
        append_event(db, actor=ctx.actor, action=ASSISTANCE_ACTION, request_id=view.row["id"],
                     subject=view.number, details={"on": day.isoformat(), "text": text})
    return get_request(db, number)


def assistance_of(view: RequestView) -> tuple[Assistance, ...]:
    out = []
    for event in view.events:
        if event["action"] == ASSISTANCE_ACTION:
            details = json.loads(event["details"] or "{}")
            out.append(Assistance(date.fromisoformat(details["on"]), details["text"]))
    return tuple(sorted(out, key=lambda a: a.on))


# --- the statutory reason of an extension: the one place that reads it -----------------------

def extension_wording(reason: ExtensionReason | None, language: str) -> tuple[str, str]:
    """The citation and words of the request's recorded extension reason, in ``language``:
    the words recorded when the request was extended (issue 8's dated reasons)."""
    if reason is None:
        raise InputError("The request was not extended, so there is no statutory reason to "
                         "print.", "Extend it first (request extend NUMBER --reason CODE).")
    if language == "es":
        text = REASON_TEXT_ES.get(reason.text)
        if text is None:
            raise InputError(f"There is no Spanish wording for the extension reason "
                             f"{reason.code} ({reason.citation}).",
                             "Write the letter in English, or add the translation to "
                             "app/domain/letters.py (REASON_TEXT_ES).")
        return citation_in(reason.citation, language), text
    return reason.citation, reason.text


# --- details typed by kind ----------------------------------------------------------------------

def _as_date(value, label: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return parse_date(str(value), label)


def _as_time(value) -> time | None:
    if value is None or isinstance(value, time):
        return value
    return parse_time(str(value))


def _as_bool(value) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("yes", "y", "true", "1", "si", "sí"):
        return True
    if text in ("no", "n", "false", "0"):
        return False
    raise InputError(f"Answer yes or no, not {value!r}.")


def _texts(value) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    return tuple(t for t in (str(v).strip() for v in value) if t)


def _withholding(item) -> Withholding:
    if isinstance(item, Withholding):
        return item
    if isinstance(item, dict):
        return Withholding(str(item.get("what", "")).strip(),
                           str(item.get("citation", "")).strip(),
                           str(item.get("justification", "")).strip())
    parts = [p.strip() for p in str(item).split("|")]
    if len(parts) != 3:
        raise InputError(f"Withheld item {item!r} must have three parts: "
                         "'WHAT|CITATION|JUSTIFICATION'.",
                         "e.g. 'Officers' e-mail addresses|Gov. Code § 7922.000|...'")
    return Withholding(*parts)


def _person(item, signers: list[Person]) -> Person:
    """A person responsible for a denial: a Person, a signer's name, or 'NAME|TITLE'."""
    if isinstance(item, Person):
        return item
    if isinstance(item, dict):
        return Person(str(item.get("name", "")).strip(), str(item.get("title", "")).strip())
    name, _, title = (p.strip() for p in str(item).partition("|"))
    if not title:
        for signer in signers:
            if signer.name.casefold() == name.casefold():
                return Person(signer.name, signer.title)
    return Person(name, title)


def _typed(kind: LetterKind, values: dict, signers: list[Person]) -> Details:
    """The clerk's values (Python objects or the command line's strings) as the kind's
    details."""
    v = dict(values)
    for key in ("available_on", "determination_by", "expected_on"):
        if key in v:
            v[key] = _as_date(v[key], "The " + key.replace("_", " ") + " date")
    if "available_time" in v:
        v["available_time"] = _as_time(v["available_time"])
    for key in ("records_exist", "partial"):
        if key in v:
            v[key] = _as_bool(v[key])
    for key in ("questions", "suggestions"):
        if key in v:
            v[key] = _texts(v[key])
    if v.get("withheld") is not None:
        items = v["withheld"]
        v["withheld"] = tuple(_withholding(i) for i in
                              ([items] if isinstance(items, str | dict) else items))
    if v.get("responsible") is not None:
        items = v["responsible"]
        v["responsible"] = tuple(_person(i, signers) for i in
                                 ([items] if isinstance(items, str | dict) else items))
    return details_for(kind, v)


def _signers(settings: dict) -> list[Person]:
    return [Person(s["name"], s["title"], s.get("role", "")) for s in
            settings.get("signers") or [] if isinstance(s, dict) and s.get("name")]


def signer_of(settings: dict, wanted: str | None, law: Law, kind: LetterKind
              ) -> Person | None:
    """Who signs a letter of ``kind``: the signer named, else by role (see
    :func:`write_letter`). The packet's cover is signed by the same person as its letter."""
    return _choose_signer(_signers(settings), wanted, law, kind)


def _choose_signer(signers: list[Person], wanted: str | None, law: Law,
                   kind: LetterKind) -> Person | None:
    if wanted:
        for person in signers:
            if person.name.casefold() == wanted.strip().casefold():
                return person
        names = ", ".join(p.name for p in signers) or "none yet"
        raise InputError(f"{wanted!r} is not among the signers in Settings.",
                         f"Signers: {names}.")
    if law is Law.CPRA and kind is LetterKind.EXTENSION:
        order = ("head", "designee", "records_officer")
    else:
        order = ("records_officer", "designee", "head")
    for role in order:
        for person in signers:
            if person.role == role:
                return person
    return signers[0] if signers else None


# --- the letter -----------------------------------------------------------------------------------

def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _either(a: str, b: str, language: str) -> str:
    joiner = " or " if language == "en" else " o "
    return joiner.join(x for x in (a, b) if x)


def _target(out_dir: Path, number: str, kind: LetterKind, language: str) -> Path:
    """``CPRA-2026-0001-denial.en.docx``; a letter already there is kept (its hash is in the
    activity log) and the new one is numbered ``-2``, ``-3``..."""
    stem = f"{number}-{kind.value}"
    candidate = out_dir / f"{stem}.{language}.docx"
    n = 2
    while candidate.exists():
        candidate = out_dir / f"{stem}-{n}.{language}.docx"
        n += 1
    return candidate


def write_letter(db: Database, ctx: Context, number: str, kind: LetterKind | str,
                 out_dir: Path | str, language: str | None = None, *,
                 signer: str | None = None, **details) -> Path:
    """Write one letter for request ``number`` into ``out_dir`` and return its path.

    ``language`` "en" or "es" (default: the agency's ``letter_language``); ``signer`` the name
    of a signer in Settings (default: by role, the head or designee for a CPRA extension, else
    the records officer). ``details`` are the kind's fields (see
    :mod:`app.domain.letters`): strings as typed on the command line are accepted too."""
    kind = kind if isinstance(kind, LetterKind) else parse_kind(kind)
    settings = agency_settings(db)
    language = parse_language(language or str(settings.get("letter_language") or "en"))
    view = get_request(db, number)
    row, law, deadline = view.row, view.law, view.deadline
    signers = _signers(settings)
    typed = _typed(kind, details, signers)
    person = _choose_signer(signers, signer, law, kind)
    assistance = assistance_of(view)
    liaison = settings.get("foia_public_liaison") or {}
    appeal = settings.get("foia_appeal") or {}
    facts = Facts(law=law, kind=kind, today=ctx.today,
                  received=date.fromisoformat(row["received"]), due=deadline.due,
                  base_due=deadline.base_due, extension_reason=row["extension_reason"],
                  agency_name=str(settings.get("agency_name") or ""),
                  agency_address=str(settings.get("agency_address") or ""),
                  signer=person, liaison=liaison, appeal=appeal, assistance=assistance)
    missing = missing_content(facts, typed)
    if missing:
        label = f"{law.label} {kind.label().lower()}"
        raise InputError(
            f"The {label} letter for {row['number']} cannot be written yet; it needs: "
            + "; ".join(f"({i}) {m}" for i, m in enumerate(missing, start=1))
            + ". Nothing was written.",
            "Add what is missing (Settings, the request, or the letter's options) and "
            "write it again.")
    assert person is not None

    logo = _logo_bytes(str(settings.get("agency_logo") or ""))
    context, required = _context(view, settings, kind, language, typed, person, facts, ctx,
                                 extension_reason_of(db, row))
    out_dir = Path(out_dir)
    target = _target(out_dir, row["number"], kind, language)
    written = render_letter(
        template_path(law.value, kind.value, language), context, target,
        title=f"{kind.label(language)} — {row['number']}",
        author=str(settings["agency_name"]), language="es-US" if language == "es" else "en-US",
        on=ctx.today, logo=logo, required=required)
    try:
        leaks = _roster_identifiers(db, written.path, row, signers, typed, liaison, appeal)
        if leaks:
            raise InputError(
                f"The letter would name people on the roster: {'; '.join(leaks)}. A letter "
                "leaves the building like the packet, and nothing was written.",
                "Take the identifier out of the text you gave (a question, a description of "
                "what is withheld, the help recorded). The requester's own words, the "
                "signers and the persons responsible may name anyone.")
        with db.transaction():
            append_event(db, actor=ctx.actor, action=LETTER_ACTION, request_id=row["id"],
                         subject=row["number"],
                         details={"kind": kind.value, "language": language,
                                  "file": target.name, "sha256": written.sha256,
                                  "signer": person.name})
            os.replace(written.path, target)
    finally:
        written.path.unlink(missing_ok=True)
    return target


def _roster_identifiers(db: Database, path: Path, row: dict, signers, typed, liaison: dict,
                        appeal: dict) -> list[str]:
    """Roster identifiers the letter would carry (read back from the file, as the release
    gate reads it), other than in the requester's own words and the names of the staff the
    law requires a letter to name."""
    from app.domain.detection import Detector
    from app.domain.people import fold, mentions
    from app.outputs import readback
    from app.services.matching import roster_people

    people = roster_people(db)
    if not people:
        return []
    staff = {fold(p.name) for p in signers}
    staff |= {fold(p.name) for p in getattr(typed, "responsible", ()) or ()}
    staff |= {fold(str(d.get(k) or "")) for d in (liaison, appeal) for k in ("name", "to")}
    theirs = fold(" ".join(str(row.get(k) or "") for k in (
        "description", "requester_name", "requester_org", "requester_email",
        "requester_address")))
    detector = Detector(people)
    found: list[str] = []
    for text in readback.read_any(path):
        for hit in detector.scan(text.text):
            if hit.kind != "person" or not hit.certain:
                continue
            if any(hit.term and hit.term in name for name in staff if name):
                continue
            if mentions(theirs, hit.term):
                continue
            shown = f"{text.text[hit.start:hit.end]!r} ({text.where})"
            if shown not in found:
                found.append(shown)
    return found


def _logo_bytes(path: str) -> bytes | None:
    if not path:
        return None
    try:
        return Path(path).read_bytes()
    except OSError:
        raise InputError(f"The letterhead logo {path} cannot be read.",
                         "Choose the logo again in Settings (agency_logo), or clear it.") from None


def _nbsp(citation: str) -> str:
    """A citation held together on one line: "5 U.S.C. § 552" never breaks after the 5."""
    return citation.replace("5 U.S.C.", "5\u00a0U.S.C.").replace("§ ", "§\u00a0")


def _context(view: RequestView, settings: dict, kind: LetterKind, language: str,
             details: Details, signer: Person, facts: Facts,
             ctx: Context,
             reason: ExtensionReason | None = None) -> tuple[dict, list[Required]]:
    """Every variable a template may use (resources/letters/README.md), and the texts the
    produced letter must contain."""
    row, law = view.row, view.law

    def day(d: date | None) -> str:
        return written_date(d, language) if d else ""

    email_word = "By e-mail" if language == "en" else "Por correo electrónico"
    addressee = [row["requester_name"], row["requester_org"], *_lines(row["requester_address"])]
    if row["requester_email"]:
        addressee.append(f"{email_word}: {row['requester_email']}")
    phone, email = str(settings.get("agency_phone") or ""), str(settings.get("agency_email")
                                                                 or "")
    liaison, appeal = facts.liaison or {}, facts.appeal or {}
    tolled = any(t["end"] is None and t["kind"] == "information" for t in view.tolls)
    appeal_by = appeal_deadline(ctx.today, int(appeal.get("days") or 90))
    values: dict = {
        "letter_date": day(ctx.today), "number": row["number"],
        "law_title": law.title, "received_on": day(facts.received),
        "due_on": day(facts.due), "original_due_on": day(facts.base_due),
        "description": row["description"], "requester_name": row["requester_name"],
        "addressee": "\n".join(line for line in addressee if line),
        "agency_name": settings["agency_name"],
        "agency_address": "\n".join(_lines(settings["agency_address"])),
        "agency_address_line": " · ".join(_lines(settings["agency_address"])),
        "agency_contact": _either(phone, email, language),
        "agency_contact_line": " · ".join(x for x in (phone, email) if x),
        "signer_name": signer.name, "signer_title": signer.title,
        "signer_capacity": (signer.capacity(language)
                            if kind is LetterKind.EXTENSION and law is Law.CPRA else ""),
        "reason_citation": "", "reason_text": "", "determination_by": "",
        "questions": [], "suggestions": [], "records_note": "", "tolled": tolled,
        "records_exist": None, "reasons": "", "available_on": "", "available_time": "",
        "delivery": "", "searched": "",
        "assistance": [{"on": day(a.on), "text": a.text} for a in facts.assistance],
        "partial": False, "withheld": [], "responsible": [], "volume": "",
        "expected_on": "", "explanation": "",
        "liaison_name": liaison.get("name", ""),
        "liaison_contact": _either(liaison.get("phone", ""), liaison.get("email", ""),
                                   language),
        "appeal_to": appeal.get("to", ""), "appeal_address": appeal.get("address", ""),
        "appeal_email": appeal.get("email", ""), "appeal_days": str(appeal.get("days", "")),
        "appeal_by": day(appeal_by),
        "ogis_name": OGIS["name_es" if language == "es" else "name"],
        "ogis_address": OGIS["address"], "ogis_email": OGIS["email"],
        "ogis_phone": OGIS["phone"], "ogis_toll_free": OGIS["toll_free"],
    }
    values.update(asdict(details))
    for key in ("available_on", "determination_by", "expected_on"):
        if isinstance(values.get(key), date):
            values[key] = day(values[key])
    if isinstance(values.get("available_time"), time):
        values["available_time"] = written_time(values["available_time"], language)
    values["withheld"] = [asdict(w) | {"citation": _nbsp(w.citation)}
                          for w in getattr(details, "withheld", ())]
    values["responsible"] = [{"name": p.name, "title": p.title}
                             for p in getattr(details, "responsible", ())]
    if isinstance(details, ExtensionDetails):
        citation, text = extension_wording(reason, language)
        values.update(reason_citation=_nbsp(citation), reason_text=_nbsp(text),
                      determination_by=day(details.determination_by or facts.due))

    for key, value in values.items():
        if value is None and key != "records_exist":
            values[key] = ""
    required = _required(values, kind, law, language, details)
    return values, required


def _required(values: dict, kind: LetterKind, law: Law, language: str,
              details: Details) -> list[Required]:
    """What the produced file must say, whatever the agency did to the template."""
    req = [Required(values["number"], "the request number"),
           Required(values["letter_date"], "the date of the letter"),
           Required(values["requester_name"], "the requester's name"),
           Required(plain(values["description"]), "the request as the requester worded it"),
           Required(values["signer_name"], "the signer's name"),
           Required(values["signer_title"], "the signer's title")]
    if kind is LetterKind.ACKNOWLEDGEMENT:
        req.append(Required(values["due_on"], "the date the determination is due"))
    if kind is LetterKind.EXTENSION:
        req += [Required(values["reason_citation"], "the statutory reason for the extension"),
                Required(values["determination_by"],
                         "the date the determination will be sent")]
        if law is Law.CPRA:
            req.append(Required(values["signer_capacity"],
                                "that the signer is the head of the agency or a designee "
                                "(Gov. Code § 7922.535(b))"))
    if isinstance(details, ClarificationDetails):
        req += [Required(plain(q), "each question to the requester") for q in details.questions]
    if isinstance(details, DeterminationDetails | DenialDetails) and values["available_on"]:
        req += [Required(values["available_on"], "the date the records will be available"),
                Required(values["available_time"], "the time the records will be available")]
    if isinstance(details, DeterminationDetails):
        req.append(Required(plain(details.reasons), "the reasons for the determination"))
    if isinstance(details, NoRecordsDetails) and law is Law.CPRA:
        req += [Required("7922.600", "the help given to identify records")]
        req += [Required(plain(a["text"]), "the help given to identify records")
                for a in values["assistance"]]
    if isinstance(details, DenialDetails):
        for w in details.withheld:
            req += [Required(plain(w.what), "what is withheld"),
                    Required(plain(w.citation), "the exemption relied on"),
                    Required(plain(w.justification), "the justification")]
        for p in details.responsible:
            req += [Required(plain(p.name), "the name of each person responsible"),
                    Required(plain(p.title), "the title of each person responsible")]
    if isinstance(details, LateDetails):
        req += [Required(values["due_on"], "the deadline that was missed"),
                Required(values["expected_on"], "the date the determination will be sent")]
    if law is Law.FOIA:
        req.append(Required(values["liaison_name"], "the FOIA Public Liaison"))
    if is_adverse(law, kind):
        req += [Required(values["appeal_to"], "to whom an appeal goes"),
                Required(values["appeal_by"], "the last day to appeal"),
                Required(values["appeal_days"], "the appeal period in days"),
                Required(OGIS["email"], "the Office of Government Information Services"),
                Required("8601 Adelphi Road", "the Office of Government Information Services"),
                Required(OGIS["phone"], "the Office of Government Information Services")]
    return [r for r in req if r.text.strip()]


def letter_kinds() -> list[tuple[str, str]]:
    """(kind, label) for pickers."""
    return [(k.value, k.label()) for k in LetterKind]


def languages() -> dict[str, str]:
    return dict(LANGUAGES)
