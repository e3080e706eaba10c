"""Reading a personnel roster (CSV or XLSX): names, serial numbers, e-mail, username, rank, unit.

Names come as separate columns or as one ("GARCIA, JOSE L." or "José L. García"); both are
split into last, first and middle names so that redaction can find every written form.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from app.domain.errors import InputError
from app.importers.fields import normalise_header
from app.importers.readers import TableFile

ROSTER_SYNONYMS = {
    "employee_id": ("employee id", "employee number", "employee #", "emp id", "emp #",
                    "serial", "serial number", "serial #", "badge", "badge number", "badge #",
                    "id", "personnel number", "payroll number"),
    "last_name": ("last name", "surname", "family name", "last"),
    "first_name": ("first name", "given name", "first", "forename"),
    "middle_name": ("middle name", "middle", "middle initial", "mi"),
    "full_name": ("name", "full name", "employee name", "officer name", "employee"),
    "email": ("email", "e mail", "email address", "work email"),
    "username": ("username", "user name", "login", "account", "network id", "user id"),
    "rank": ("rank", "title", "job title", "classification", "position"),
    "unit": ("unit", "division", "assignment", "bureau", "department", "section", "team"),
    "aliases": ("aliases", "alias", "also known as", "aka", "other names", "nickname",
                "nicknames", "former names"),
    "active": ("active", "status", "employment status"),
}
_LOOKUP = {normalise_header(n): f for f, names in ROSTER_SYNONYMS.items() for n in names}
INACTIVE_WORDS = {"no", "n", "false", "0", "inactive", "separated", "retired", "terminated",
                  "former"}


@dataclass(frozen=True)
class RosterColumns:
    by_field: dict[str, int]

    @classmethod
    def for_header(cls, header: list[str]) -> RosterColumns:
        by_field: dict[str, int] = {}
        for i, name in enumerate(header):
            target = _LOOKUP.get(normalise_header(name))
            if target and target not in by_field:
                by_field[target] = i
        if "employee_id" not in by_field:
            raise InputError(
                "The roster has no employee or serial-number column, so people could not be "
                "updated on the next import without duplicates.",
                "Add a column 'Employee ID' (or 'Serial Number'/'Badge'). Columns found: "
                + ", ".join(header) + ".")
        if "last_name" not in by_field and "full_name" not in by_field:
            raise InputError("The roster has no name column ('Last Name' or 'Name').",
                             "Columns found: " + ", ".join(header) + ".")
        return cls(by_field)


def split_full_name(text: str) -> tuple[str, str, str]:
    """(last, first, middle) from 'GARCIA, JOSE L.' or 'José L. García'."""
    text = " ".join(text.split())
    if "," in text:
        last, _, rest = text.partition(",")
        parts = rest.split()
        return last.strip(), parts[0] if parts else "", " ".join(parts[1:])
    parts = text.split()
    if len(parts) == 1:
        return parts[0], "", ""
    particles = {"van", "von", "de", "del", "der", "da", "di", "la", "le", "st.", "mac", "ó",
                 "o", "bin", "ibn"}
    start = len(parts) - 1
    while start > 1 and parts[start - 1].lower() in particles:
        start -= 1
    return " ".join(parts[start:]), parts[0], " ".join(parts[1:start])


def roster_rows(table: TableFile) -> Iterator[tuple[int, dict | None, str]]:
    """(line, person or None, reason when None) for every row of the roster."""
    columns = RosterColumns.for_header(table.header)
    idx = columns.by_field
    for line, cells in table.rows():
        def get(name: str, cells: list[str] = cells) -> str:
            i = idx.get(name)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        employee_id = get("employee_id")
        if not employee_id:
            yield line, None, "no employee or serial number"
            continue
        last, first, middle = get("last_name"), get("first_name"), get("middle_name")
        if not last and get("full_name"):
            last, first, middle = split_full_name(get("full_name"))
        if not last:
            yield line, None, f"no name for employee {employee_id}"
            continue
        aliases = [a.strip() for a in get("aliases").replace(";", ",").split(",") if a.strip()]
        active = get("active").lower() not in INACTIVE_WORDS
        yield line, {"employee_id": employee_id, "last_name": last, "first_name": first,
                     "middle_name": middle, "email": get("email").lower(),
                     "username": get("username"), "rank": get("rank"), "unit": get("unit"),
                     "aliases": json.dumps(aliases, ensure_ascii=False),
                     "active": int(active)}, ""
