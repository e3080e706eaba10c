"""Reading a date as a clerk types it.

Every date field of the window reads its whole text with :func:`parse_typed_date`, so a date is
stored exactly as typed or refused in words; nothing is guessed from part of the text.

Accepted (surrounding spaces ignored):

* ISO, year first: ``2026-11-16``, ``2026/11/16``, ``2026-1-5``;
* US, month first, year last: ``11/16/2026``, ``11-16-2026``, ``1/5/2026``;
* eight digits, year first: ``20261116``;
* eight digits, month first: ``11162026``. Both digit forms are accepted because they cannot be
  confused: a year-first string starts with 19 or 20 (years 1900-2099), a month-first one with
  01-12, so no string of eight digits reads as two different dates.

Refused, with the reason: two-digit years (``11/16/26``: which century?), dates with the year
last and dots (``16.11.2026`` is day-first where it is written that way; the desk never guesses
the order), impossible dates (``2026-02-30``), years outside 1900-2099, anything else.
"""

from __future__ import annotations

import re
from datetime import date

from app.domain.errors import InputError

EARLIEST = date(1900, 1, 1)
LATEST = date(2099, 12, 31)
EXAMPLES = "2026-11-16, 11/16/2026 or 20261116"

_YEAR_FIRST = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})")
_MONTH_FIRST = re.compile(r"(\d{1,2})([-/])(\d{1,2})\2(\d{4})")
_SHORT_YEAR = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2}")
_DOTTED_YEAR_LAST = re.compile(r"\d{1,2}\.\d{1,2}\.\d{4}")


def _make(year: int, month: int, day: int, text: str) -> date:
    if not 1 <= month <= 12:
        raise InputError(f"{text!r} is not a date: there is no month {month}.",
                         f"Type it as {EXAMPLES}; with the year last the month comes first.")
    try:
        result = date(year, month, day)
    except ValueError:
        raise InputError(f"{text!r} is not a date: {date(year, month, 1):%B %Y} has no day "
                         f"{day}.", f"Type it as {EXAMPLES}.") from None
    if not EARLIEST <= result <= LATEST:
        raise InputError(f"{text!r}: the year must be between {EARLIEST.year} and "
                         f"{LATEST.year}.", "Check the year.")
    return result


def parse_typed_date(text: str) -> date:
    """The date ``text`` names, or :class:`InputError` saying why it is not one."""
    clean = text.strip()
    if not clean:
        raise InputError("No date was typed.", f"Type one as {EXAMPLES}.")
    if m := _YEAR_FIRST.fullmatch(clean):
        return _make(int(m[1]), int(m[3]), int(m[4]), clean)
    if m := _MONTH_FIRST.fullmatch(clean):
        return _make(int(m[4]), int(m[1]), int(m[3]), clean)
    if clean.isdigit() and len(clean) == 8:
        if clean[:2] in ("19", "20"):
            return _make(int(clean[:4]), int(clean[4:6]), int(clean[6:]), clean)
        return _make(int(clean[4:]), int(clean[:2]), int(clean[2:4]), clean)
    if _SHORT_YEAR.fullmatch(clean):
        raise InputError(f"{clean!r}: type the year with all four digits.",
                         f"For example {EXAMPLES}.")
    if _DOTTED_YEAR_LAST.fullmatch(clean):
        raise InputError(f"{clean!r}: dates written with dots are day-first in some places "
                         "and month-first in others, so the desk does not guess.",
                         f"Type it as {EXAMPLES}.")
    raise InputError(f"{clean!r} is not a date the desk can read.", f"Type it as {EXAMPLES}.")
