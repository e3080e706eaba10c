"""Letters to requesters: the kinds, what each must say, and dates written out in words.

Pure rules, no I/O. :func:`missing_content` lists what a letter still lacks before it may be
produced - the blocks the CPRA and FOIA require - in words a clerk can act on; the service
refuses to write a letter while that list is not empty. The words of the letters themselves
live in the Word templates under ``resources/letters/`` (the agency edits them).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, time, timedelta
from enum import StrEnum

from app.domain.agency import SIGNER_ROLES
from app.domain.deadlines import Law
from app.domain.errors import InputError


class LetterKind(StrEnum):
    ACKNOWLEDGEMENT = "acknowledgement"
    EXTENSION = "extension"
    CLARIFICATION = "clarification"
    DETERMINATION = "determination"
    NO_RECORDS = "no-records"
    DENIAL = "denial"
    LATE = "late"

    def label(self, language: str = "en") -> str:
        return KIND_LABELS[language][self]


KIND_LABELS = {
    "en": {
        LetterKind.ACKNOWLEDGEMENT: "Acknowledgement",
        LetterKind.EXTENSION: "Extension notice",
        LetterKind.CLARIFICATION: "Request for clarification",
        LetterKind.DETERMINATION: "Determination",
        LetterKind.NO_RECORDS: "No responsive records",
        LetterKind.DENIAL: "Denial",
        LetterKind.LATE: "Late notice",
    },
    "es": {
        LetterKind.ACKNOWLEDGEMENT: "Acuse de recibo",
        LetterKind.EXTENSION: "Aviso de prórroga",
        LetterKind.CLARIFICATION: "Solicitud de aclaración",
        LetterKind.DETERMINATION: "Determinación",
        LetterKind.NO_RECORDS: "Sin registros",
        LetterKind.DENIAL: "Denegación",
        LetterKind.LATE: "Aviso de demora",
    },
}

LANGUAGES = {"en": "English", "es": "Spanish"}


def parse_kind(text: str) -> LetterKind:
    try:
        return LetterKind(text.strip().lower().replace("_", "-"))
    except ValueError:
        raise InputError(f"Unknown letter kind {text!r}.",
                         "Use one of: " + ", ".join(k.value for k in LetterKind) + ".") from None


def parse_language(text: str) -> str:
    code = text.strip().lower()
    if code not in LANGUAGES:
        raise InputError(f"Letters are written in English (en) or Spanish (es), not {text!r}.")
    return code


# --- dates and times in words (no locale: the computer's language must not change a letter) --

MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"),
}


def written_date(d: date, language: str = "en") -> str:
    """``November 30, 2026`` / ``30 de noviembre de 2026``."""
    month = MONTHS[language][d.month - 1]
    if language == "es":
        return f"{d.day} de {month} de {d.year}"
    return f"{month} {d.day}, {d.year}"


def written_time(t: time, language: str = "en") -> str:
    """``10:00 a.m.`` / ``10:00 a. m.`` (12-hour clock with the day half, as letters write it)."""
    hour = t.hour % 12 or 12
    half = ("a.m.", "p.m.") if language == "en" else ("a. m.", "p. m.")
    return f"{hour}:{t.minute:02d} {half[t.hour >= 12]}"


def parse_time(text: str) -> time:
    """``HH:MM`` (24-hour), as typed after ``--available-time``."""
    try:
        parsed = time.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"{text!r} is not a time of day.",
                         "Write it as HH:MM on the 24-hour clock, e.g. 10:00 or 14:30.") from None
    return parsed.replace(second=0, microsecond=0)


# --- who signs, who answers questions, where appeals go --------------------------------------

SIGNER_ROLES_ES = {
    "head": "Titular de la agencia",
    "designee": "Persona designada por el titular de la agencia",
    "records_officer": "Responsable de registros",
}


@dataclass(frozen=True)
class Person:
    """Someone named in a letter: a signer, or a person responsible for a denial."""

    name: str
    title: str
    role: str = ""

    def capacity(self, language: str = "en") -> str:
        roles = SIGNER_ROLES_ES if language == "es" else SIGNER_ROLES
        return roles.get(self.role, "")


# The statutory extension reasons in Spanish, keyed by the English words they translate: when
# the English wording changes (the reasons become dated data, issue 8), a Spanish letter is
# refused until its translation is added here, rather than printing an outdated one.
# Spanish wording of each statutory reason, keyed by the English text in force (the
# extension_reasons table): a reason whose words change needs its translation here, and a
# Spanish letter is refused until it has one. To be reviewed by a qualified legal translator.
REASON_TEXT_ES = {
    "The need to search for and collect the requested records from field facilities or other "
    "establishments that are separate from the office processing the request.":
        "La necesidad de buscar y reunir los registros solicitados en instalaciones de campo u "
        "otros establecimientos separados de la oficina que tramita la solicitud.",
    "The need to search for, collect, and appropriately examine a voluminous amount of "
    "separate and distinct records that are demanded in a single request.":
        "La necesidad de buscar, reunir y examinar debidamente una cantidad voluminosa de "
        "registros separados y distintos que se piden en una sola solicitud.",
    "The need for consultation, which shall be conducted with all practicable speed, with "
    "another agency having substantial interest in the determination of the request or among "
    "two or more components of the agency having substantial subject matter interest therein.":
        "La necesidad de consultar, con toda la rapidez posible, a otra agencia que tenga un "
        "interés sustancial en la determinación de la solicitud, o entre dos o más componentes "
        "de la agencia con un interés sustancial en la materia.",
    "The need to compile data, to write programming language or a computer program, or to "
    "construct a computer report to extract data.":
        "La necesidad de compilar datos, escribir lenguaje de programación o un programa "
        "informático, o elaborar un informe informático para extraer datos.",
    "The need to search for, collect, and appropriately examine records during a state of "
    "emergency proclaimed by the Governor in the jurisdiction where the agency is located, "
    "when the state of emergency currently affects the agency's ability to timely respond to "
    "requests due to staffing shortages or closure of facilities where the requested records "
    "are located.":
        "La necesidad de buscar, reunir y examinar debidamente registros durante un estado de "
        "emergencia proclamado por el Gobernador en la jurisdicción donde se encuentra la "
        "agencia, cuando el estado de emergencia afecta actualmente la capacidad de la agencia "
        "para responder a tiempo por falta de personal o por el cierre de las instalaciones "
        "donde se encuentran los registros solicitados.",
    "The need to search for, collect, and appropriately examine records during a state of "
    "emergency proclaimed by the Governor in the jurisdiction where the agency is located, "
    "when the state of emergency directly affects the agency's ability to timely respond to "
    "requests due to staffing shortages or closure of facilities where the requested records "
    "are located.":
        "La necesidad de buscar, reunir y examinar debidamente registros durante un estado de "
        "emergencia proclamado por el Gobernador en la jurisdicción donde se encuentra la "
        "agencia, cuando el estado de emergencia afecta directamente la capacidad de la "
        "agencia para responder a tiempo por falta de personal o por el cierre de las "
        "instalaciones donde se encuentran los registros solicitados.",
    "The inability of the agency, because of a cyberattack, to access its electronic servers "
    "or systems in order to search for and obtain a record that the agency believes is "
    "responsive to the request and that is maintained only on the affected servers or "
    "systems. The agency may delay its response only until it regains access to its "
    "electronic servers or systems and can search for and obtain the record.":
        "La imposibilidad de la agencia, a causa de un ciberataque, de acceder a sus servidores "
        "o sistemas electrónicos para buscar y obtener un registro que la agencia considera "
        "pertinente a la solicitud y que se conserva únicamente en los servidores o sistemas "
        "afectados. La agencia solo puede demorar su respuesta hasta que recupere el acceso a "
        "sus servidores o sistemas electrónicos y pueda buscar y obtener el registro.",
    "the need to search for and collect the requested records from field facilities or other "
    "establishments that are separate from the office processing the request;":
        "la necesidad de buscar y reunir los registros solicitados en instalaciones de campo u "
        "otros establecimientos separados de la oficina que tramita la solicitud;",
    "the need to search for, collect, and appropriately examine a voluminous amount of "
    "separate and distinct records which are demanded in a single request; or":
        "la necesidad de buscar, reunir y examinar debidamente una cantidad voluminosa de "
        "registros separados y distintos que se piden en una sola solicitud; o",
    "the need for consultation, which shall be conducted with all practicable speed, with "
    "another agency having a substantial interest in the determination of the request or "
    "among two or more components of the agency having substantial subject-matter interest "
    "therein.":
        "la necesidad de consultar, con toda la rapidez posible, a otra agencia que tenga un "
        "interés sustancial en la determinación de la solicitud, o entre dos o más componentes "
        "de la agencia con un interés sustancial en la materia.",
}


def citation_in(citation: str, language: str) -> str:
    """``Gov. Code § 7922.535(c)(1)`` as a Spanish letter writes it."""
    if language == "es":
        return citation.replace("Gov. Code", "Código de Gobierno,")
    return citation


# Office of Government Information Services: named in every FOIA adverse determination
# (5 U.S.C. § 552(a)(6)(A)(i)(III)(bb)). Contact details as published by OGIS (NARA).
OGIS = {
    "name": "Office of Government Information Services (OGIS)",
    "name_es": "Oficina de Servicios de Información Gubernamental (OGIS)",
    "address": "National Archives and Records Administration, 8601 Adelphi Road–OGIS, "
               "College Park, MD 20740-6001",
    "email": "ogis@nara.gov",
    "phone": "202-741-5770",
    "toll_free": "1-877-684-6448",
}
FOIA_MIN_APPEAL_DAYS = 90  # 5 U.S.C. § 552(a)(6)(A)(i)(III)(aa): "not less than 90 days"


# --- what the clerk supplies for each kind ---------------------------------------------------

@dataclass(frozen=True)
class Withholding:
    """One record or piece of information withheld, the law relied on and why."""

    what: str
    citation: str
    justification: str


@dataclass(frozen=True)
class Assistance:
    """Help given to the requester to identify records (Gov. Code § 7922.600), as recorded."""

    on: date
    text: str


@dataclass(frozen=True)
class Details:
    """What a kind of letter needs beyond the request and the agency settings. Each kind has a
    subclass; the fields a kind does not have cannot be given to it."""

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


@dataclass(frozen=True)
class AcknowledgementDetails(Details):
    pass


@dataclass(frozen=True)
class ExtensionDetails(Details):
    determination_by: date | None = None   # default: the extended due date


@dataclass(frozen=True)
class ClarificationDetails(Details):
    questions: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    records_note: str = ""                 # § 7922.600(a)(2): where and how the records are kept


@dataclass(frozen=True)
class DeterminationDetails(Details):
    records_exist: bool | None = None
    reasons: str = ""
    available_on: date | None = None
    available_time: time | None = None
    delivery: str = ""


@dataclass(frozen=True)
class NoRecordsDetails(Details):
    searched: str = ""


@dataclass(frozen=True)
class DenialDetails(Details):
    partial: bool = False
    withheld: tuple[Withholding, ...] = ()
    responsible: tuple[Person, ...] = ()
    available_on: date | None = None       # a partial denial still produces records
    available_time: time | None = None
    volume: str = ""                       # FOIA § 552(a)(6)(F): estimate of the matter denied


@dataclass(frozen=True)
class LateDetails(Details):
    expected_on: date | None = None
    explanation: str = ""


DETAILS_OF: dict[LetterKind, type[Details]] = {
    LetterKind.ACKNOWLEDGEMENT: AcknowledgementDetails,
    LetterKind.EXTENSION: ExtensionDetails,
    LetterKind.CLARIFICATION: ClarificationDetails,
    LetterKind.DETERMINATION: DeterminationDetails,
    LetterKind.NO_RECORDS: NoRecordsDetails,
    LetterKind.DENIAL: DenialDetails,
    LetterKind.LATE: LateDetails,
}


def details_for(kind: LetterKind, values: dict) -> Details:
    """The typed details of ``kind`` from keyword values; a value the kind has no use for is
    refused (a reason given to an acknowledgement would silently vanish otherwise)."""
    cls = DETAILS_OF[kind]
    given = {k: v for k, v in values.items() if v is not None}
    unknown = sorted(set(given) - set(cls.names()))
    if unknown:
        accepted = ", ".join(cls.names()) or "nothing beyond the request"
        raise InputError(
            f"The {kind.label().lower()} letter does not take "
            f"{', '.join(n.replace('_', '-') for n in unknown)}.",
            f"It takes: {accepted.replace('_', '-')}.")
    clean = {}
    for name, value in given.items():
        if isinstance(value, list):
            value = tuple(value)
        if isinstance(value, str):
            value = value.strip()
        clean[name] = value
    return cls(**clean)


# --- what must be there before a letter is produced -----------------------------------------

@dataclass(frozen=True)
class Facts:
    """Everything the checks look at, gathered by the service."""

    law: Law
    kind: LetterKind
    today: date
    received: date
    due: date | None                  # the current due date (None: FOIA clock stopped)
    base_due: date | None             # the due date without an extension
    extension_reason: str | None      # the request's recorded extension reason code
    agency_name: str
    agency_address: str
    signer: Person | None
    liaison: dict = field(default_factory=dict)
    appeal: dict = field(default_factory=dict)
    assistance: tuple[Assistance, ...] = ()


ADVERSE = (LetterKind.NO_RECORDS, LetterKind.DENIAL)


def is_adverse(law: Law, kind: LetterKind) -> bool:
    """A FOIA adverse determination: any denial in whole or part, and a no-records answer."""
    return law is Law.FOIA and kind in ADVERSE


def _blank(text: str) -> bool:
    return not (text or "").strip()


def missing_content(facts: Facts, details: Details) -> list[str]:
    """What the letter still lacks, each in words naming the rule; empty when it may be written."""
    law, kind = facts.law, facts.kind
    missing: list[str] = []
    if _blank(facts.agency_name):
        missing.append("the agency's name (Settings: agency_name)")
    if _blank(facts.agency_address):
        missing.append("the agency's postal address for the letterhead (Settings: agency_address)")
    if facts.signer is None:
        missing.append("someone to sign the letter (Settings: signers, each with name, title "
                       "and role)")
    if law is Law.FOIA:
        liaison = facts.liaison or {}
        if _blank(liaison.get("name", "")) or (_blank(liaison.get("phone", ""))
                                                and _blank(liaison.get("email", ""))):
            missing.append("the FOIA Public Liaison's name and telephone or e-mail, which every "
                           "FOIA letter gives (5 U.S.C. § 552(a)(6)(A)(i)(II), (a)(7)(B); "
                           "Settings: foia_public_liaison)")

    if kind is LetterKind.ACKNOWLEDGEMENT and facts.due is None:
        missing.append("a due date: the FOIA clock is stopped, so the letter cannot say when "
                       "the determination is due (resume the clock first)")

    if kind is LetterKind.EXTENSION:
        missing += _extension_missing(facts, details)  # type: ignore[arg-type]
    elif kind is LetterKind.CLARIFICATION:
        assert isinstance(details, ClarificationDetails)
        if not [q for q in details.questions if q.strip()]:
            missing.append("at least one question telling the requester what to clarify "
                           "(--question)")
    elif kind is LetterKind.DETERMINATION:
        missing += _determination_missing(facts, details)  # type: ignore[arg-type]
    elif kind is LetterKind.NO_RECORDS:
        if law is Law.CPRA and not facts.assistance:
            missing.append("the help given to the requester to identify records, recorded "
                           "before a no-records letter (Gov. Code § 7922.600; record it with "
                           "'assist NUMBER --text ...')")
    elif kind is LetterKind.DENIAL:
        missing += _denial_missing(facts, details)  # type: ignore[arg-type]
    elif kind is LetterKind.LATE:
        missing += _late_missing(facts, details)  # type: ignore[arg-type]

    if is_adverse(law, kind):
        appeal = facts.appeal or {}
        if _blank(appeal.get("to", "")) or (_blank(appeal.get("address", ""))
                                            and _blank(appeal.get("email", ""))):
            missing.append("where an appeal goes: the official and a postal or e-mail address "
                           "(5 U.S.C. § 552(a)(6)(A)(i)(III)(aa); Settings: foia_appeal)")
        days = appeal.get("days")
        if not isinstance(days, int) or days < FOIA_MIN_APPEAL_DAYS:
            missing.append(f"an appeal period of at least {FOIA_MIN_APPEAL_DAYS} days "
                           "(5 U.S.C. § 552(a)(6)(A)(i)(III)(aa); Settings: foia_appeal.days)")
    return missing


def _extension_missing(facts: Facts, details: ExtensionDetails) -> list[str]:
    missing = []
    if not facts.extension_reason:
        missing.append("the statutory reason for the extension: extend the request first "
                       "('request extend NUMBER --reason CODE'), and the letter gives that "
                       "reason" + (" (Gov. Code § 7922.535(b)–(c))" if facts.law is Law.CPRA
                                   else " (5 U.S.C. § 552(a)(6)(B)(i))"))
    if facts.law is Law.CPRA and facts.signer is not None \
            and facts.signer.role not in ("head", "designee"):
        missing.append(f"a signer who is the head of the agency or a designee: "
                       f"{facts.signer.name} is listed as "
                       f"'{facts.signer.role or 'no role'}' (Gov. Code § 7922.535(b); "
                       "Settings: signers, role head or designee)")
    limit = facts.due if facts.extension_reason else None
    by = details.determination_by or limit
    if by is not None and limit is not None and by > limit:
        days = ("14 days (Gov. Code § 7922.535(b))" if facts.law is Law.CPRA
                else "10 working days (5 U.S.C. § 552(a)(6)(B)(i))")
        missing.append(f"a determination date no later than {limit.isoformat()}: "
                       f"{by.isoformat()} would extend the time by more than {days}")
    if by is not None and by < facts.today:
        missing.append(f"a determination date that is not in the past ({by.isoformat()})")
    return missing


def _available_missing(facts: Facts, on: date | None, at: time | None) -> list[str]:
    missing = []
    if on is None or at is None:
        missing.append("the estimated date and time the records will be available "
                       "(--available-on, --available-time; Gov. Code § 7922.535(a))"
                       if facts.law is Law.CPRA else
                       "the date and time the records will be available (--available-on, "
                       "--available-time; 5 U.S.C. § 552(a)(6)(C)(i): 'promptly available')")
    elif on < facts.today:
        missing.append(f"an availability date that is not in the past ({on.isoformat()})")
    return missing


def _determination_missing(facts: Facts, details: DeterminationDetails) -> list[str]:
    missing = []
    if details.records_exist is None:
        missing.append("whether disclosable records exist (--records-exist yes|no; "
                       "Gov. Code § 7922.535(a))" if facts.law is Law.CPRA else
                       "whether records will be released (--records-exist yes|no)")
    elif details.records_exist is False:
        missing.append("a letter that fits: when no disclosable records exist, write a "
                       "no-records letter (none are held) or a denial (records are withheld), "
                       "not a determination with production")
    if _blank(details.reasons):
        missing.append("the reasons for the determination (--reasons; "
                       + ("Gov. Code § 7922.535(a))" if facts.law is Law.CPRA
                          else "5 U.S.C. § 552(a)(6)(A)(i)(I))"))
    if details.records_exist is not False:
        missing += _available_missing(facts, details.available_on, details.available_time)
    return missing


def _denial_missing(facts: Facts, details: DenialDetails) -> list[str]:
    cpra = facts.law is Law.CPRA
    missing = []
    if not details.withheld:
        missing.append("what is withheld and the law relied on (--withheld "
                       "'WHAT|CITATION|JUSTIFICATION'; "
                       + ("Gov. Code §§ 7922.540(c), 7922.000)" if cpra
                          else "5 U.S.C. § 552(b))"))
    for number, item in enumerate(details.withheld, start=1):
        if _blank(item.what):
            missing.append(f"a description of withheld item {number}")
        if not any(ch.isdigit() for ch in item.citation or ""):
            missing.append(f"the exemption cited for withheld item {number} "
                           f"({item.what or '?'}): name the section, e.g. "
                           + ("'Gov. Code § 7923.600' or, for the public-interest balance, "
                              "'Gov. Code § 7922.000'" if cpra else "'5 U.S.C. § 552(b)(6)'"))
        if _blank(item.justification):
            missing.append(f"the justification for withholding item {number} "
                           f"({item.what or '?'})"
                           + (" (Gov. Code § 7922.000)" if cpra else ""))
    if not details.responsible:
        missing.append("the name and title of each person responsible for the denial "
                       "(--responsible; " + ("Gov. Code § 7922.540(b))" if cpra
                                             else "5 U.S.C. § 552(a)(6)(C)(i))"))
    for person in details.responsible:
        if _blank(person.name) or _blank(person.title):
            missing.append(f"both a name and a title for the person responsible "
                           f"'{person.name or person.title}'")
    if details.partial:
        missing += _available_missing(facts, details.available_on, details.available_time)
    return missing


def _late_missing(facts: Facts, details: LateDetails) -> list[str]:
    missing = []
    if facts.due is None or facts.today <= facts.due:
        missing.append("a missed deadline: the determination is due "
                       f"{facts.due.isoformat() if facts.due else '(clock stopped)'}, so the "
                       "request is not late; send an extension or the determination instead")
    if details.expected_on is None:
        missing.append("the date by which the determination will be sent (--expected-on)")
    elif details.expected_on < facts.today:
        missing.append(f"an expected date that is not in the past "
                       f"({details.expected_on.isoformat()})")
    return missing


def appeal_deadline(letter_date: date, days: int) -> date:
    """The last day to appeal a FOIA adverse determination dated ``letter_date``."""
    return letter_date + timedelta(days=days)
