"""The exemption catalogue: the statutes a redaction may rest on.

Seeded into every database and editable there (counsel adds, retires or rewords entries); each
entry has its current citation, the former one it replaced (the CPRA was recodified from
Gov. Code §§ 6250 ff. into §§ 7920.000 ff., operative 1 January 2023, AB 473, Stats. 2021,
ch. 614), the mark printed at the place of each redaction, and the dates it is in force.
There is deliberately no "non-responsive" entry: text inside a responsive record is either
released or withheld under an exemption.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.deadlines import Law
from app.domain.errors import InputError

CPRA_RECODIFIED = date(2023, 1, 1)


@dataclass(frozen=True)
class Exemption:
    code: str                 # stable key, e.g. "cpra-7927.700"
    law: Law
    cite: str                 # "Gov. Code § 7927.700"
    mark: str                 # printed where the text was: "7927.700", "(b)(6)"
    title: str
    former_cite: str = ""     # "Gov. Code § 6254(c)": accepted as an alias
    summary: str = ""
    effective_from: date = date(1967, 7, 4)
    effective_to: date | None = None

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    def as_json(self) -> dict:
        return {"code": self.code, "law": self.law.value, "cite": self.cite, "mark": self.mark,
                "title": self.title, "former_cite": self.former_cite, "summary": self.summary,
                "effective_from": self.effective_from.isoformat(),
                "effective_to": self.effective_to.isoformat() if self.effective_to else None}


SEED: tuple[Exemption, ...] = (
    Exemption("cpra-7927.700", Law.CPRA, "Gov. Code § 7927.700", "7927.700",
              "Personnel, medical or similar files", "Gov. Code § 6254(c)",
              "Disclosure would be an unwarranted invasion of personal privacy.",
              CPRA_RECODIFIED),
    Exemption("cpra-7923.600", Law.CPRA, "Gov. Code § 7923.600", "7923.600",
              "Law-enforcement investigatory records", "Gov. Code § 6254(f)",
              "Records of investigations and investigatory files of a law-enforcement agency, "
              "subject to the disclosures § 7923.605 ff. require.", CPRA_RECODIFIED),
    Exemption("cpra-7927.705", Law.CPRA, "Gov. Code § 7927.705", "7927.705",
              "Records exempt or prohibited from disclosure under other law",
              "Gov. Code § 6254(k)",
              "E.g. Penal Code § 832.7 (peace officer personnel records), Evidence Code "
              "§§ 1040-1041 (official information, identity of an informant).",
              CPRA_RECODIFIED),
    Exemption("cpra-7922.000", Law.CPRA, "Gov. Code § 7922.000", "7922.000",
              "Public interest in non-disclosure clearly outweighs disclosure",
              "Gov. Code § 6255",
              "The catch-all balancing test; the facts of the particular case must be shown.",
              CPRA_RECODIFIED),
    Exemption("cpra-7929.210", Law.CPRA, "Gov. Code § 7929.210", "7929.210",
              "Information security records", "Gov. Code § 6254.19",
              "Information that would reveal vulnerabilities to, or otherwise increase the "
              "potential for an attack on, an information technology system.",
              CPRA_RECODIFIED),
    Exemption("foia-b6", Law.FOIA, "5 U.S.C. § 552(b)(6)", "(b)(6)",
              "Personnel, medical and similar files", "",
              "Disclosure would be a clearly unwarranted invasion of personal privacy.",
              date(1967, 7, 4)),
    Exemption("foia-b7c", Law.FOIA, "5 U.S.C. § 552(b)(7)(C)", "(b)(7)(C)",
              "Law-enforcement records: personal privacy", "",
              "Could reasonably be expected to constitute an unwarranted invasion of personal "
              "privacy.", date(1986, 10, 27)),
    Exemption("foia-b7e", Law.FOIA, "5 U.S.C. § 552(b)(7)(E)", "(b)(7)(E)",
              "Law-enforcement records: techniques and procedures", "",
              "Would disclose techniques and procedures, or guidelines, for law-enforcement "
              "investigations or prosecutions, if disclosure could reasonably be expected to "
              "risk circumvention of the law.", date(1986, 10, 27)),
    Exemption("foia-b7f", Law.FOIA, "5 U.S.C. § 552(b)(7)(F)", "(b)(7)(F)",
              "Law-enforcement records: life or physical safety", "",
              "Could reasonably be expected to endanger the life or physical safety of any "
              "individual.", date(1986, 10, 27)),
)


def find(catalogue: list[Exemption] | tuple[Exemption, ...], text: str,
         law: Law | None = None) -> Exemption:
    """An exemption by its code, its citation, its former citation or its mark ("7927.700",
    "6254(c)", "(b)(6)", "b6"), for one law if given."""
    wanted = _key(text)
    for entry in catalogue:
        if law is not None and entry.law is not law:
            continue
        keys = {_key(entry.code), _key(entry.cite), _key(entry.mark)}
        if entry.former_cite:
            keys |= {_key(entry.former_cite), _key(entry.former_cite.split("§")[-1])}
        if wanted in keys or wanted == _key(entry.code.split("-", 1)[1]):
            return entry
    choices = ", ".join(e.mark for e in catalogue if law is None or e.law is law)
    raise InputError(f"{text!r} is not in the exemption catalogue"
                     + (f" for the {law.label}" if law else "") + ".",
                     f"Use one of: {choices} (or add it to the catalogue first).")


def _key(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum() or ch == ".").replace(
        "govcode", "").replace("5usc552", "").replace("usc", "").strip(".")
