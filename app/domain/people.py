"""Roster people, and the folding that makes "GARCÍA", "García" and "garcia" one written form.

Everything that compares names (the identity resolver, the free-text detector, the terms the
clerk decides "every occurrence at once") goes through :func:`fold`, so that two texts that a
clerk would call the same name fold to the same string.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class RosterPerson:
    """One person on the agency's personnel roster, as the detector and the resolver see them."""

    person_id: int            # the database id (opaque here)
    employee_id: str          # serial/badge number, e.g. "P12345"
    last_name: str            # may hold particles, hyphens, apostrophes: "van der Berg", "O'Connor"
    first_name: str = ""
    middle_name: str = ""
    email: str = ""
    username: str = ""
    rank: str = ""            # "Detective", "Sergeant", "Police Officer III", ...
    aliases: tuple[str, ...] = ()   # other written forms (nicknames, former names)

    @property
    def display(self) -> str:
        """"García, José" - the way a clerk finds a person in a sorted list."""
        first = " ".join(p for p in (self.first_name, self.middle_name) if p)
        return f"{self.last_name}, {first}" if first else self.last_name


# Characters that are written for an apostrophe: straight, curly, modifier letters, primes, the
# grave and acute accents that keyboards without a curly quote produce.
APOSTROPHES = "'\u2018\u2019\u201b\u02bc\u02bb\u02b9\u0060\u00b4\u2032\uff07"
# Hyphens and dashes: hyphen-minus, hyphen, non-breaking hyphen, figure dash, en and em dash,
# horizontal bar, minus sign, small and full-width hyphen-minus, hyphen bullet.
HYPHENS = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d\u2043"
# Letters that carry no combining mark to strip but that writers replace all the same.
_LETTERS = {"ø": "o", "đ": "d", "ð": "d", "ł": "l", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th",
            "ħ": "h", "ŧ": "t", "ŀ": "l", "ĸ": "k", "ſ": "s"}
_FOLDED: dict[str, str] = {}
_SPACES = re.compile(r" {2,}")
# ASCII text (most of what the desk sees) folds with one translate: case, the grave accent used
# as an apostrophe, and every ASCII whitespace character to a plain space.
_ASCII = str.maketrans({**{chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)},
                        "`": "'", "\t": " ", "\n": " ", "\r": " ", "\x0b": " ", "\x0c": " ",
                        "\x1c": " ", "\x1d": " ", "\x1e": " ", "\x1f": " "})


def _unify(ch: str) -> str:
    if ch in APOSTROPHES:
        return "'"
    if ch in HYPHENS:
        return "-"
    if ch.isspace():
        return " "
    return ch


def fold_char(ch: str) -> str:
    """The folded form of one character: "" for marks and invisible format characters (soft
    hyphen, zero-width joiners), several characters for "ß" or "ﬁ"."""
    done = _FOLDED.get(ch)
    if done is not None:
        return done
    if ch in APOSTROPHES or ch in HYPHENS or ch.isspace():
        out = _unify(ch)
    elif unicodedata.category(ch) == "Cf":
        out = ""
    else:
        decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", ch).casefold())
        out = "".join(_unify(_LETTERS.get(d, d)) for d in decomposed
                      if not unicodedata.category(d).startswith("M"))
    _FOLDED[ch] = out
    return out


def fold(text: str) -> str:
    """Casefold, strip accents and marks, unify apostrophes, hyphens and spaces, and trim.

    >>> fold("  GARCÍA,\\tJosé ") == fold("garcia, jose")
    True
    >>> fold("O’Connor’s")
    "o'connor's"
    """
    if text.isascii():
        folded = text.translate(_ASCII)
    else:
        folded = "".join(fold_char(ch) for ch in text)
    return _SPACES.sub(" ", folded).strip(" ")


def mentions(folded_text: str, term: str) -> bool:
    """Whether ``term`` (folded) stands in ``folded_text`` as whole words, not inside a
    longer word: "jgarcia" in "searches by jgarcia", not in "jgarcia2"."""
    return bool(term) and re.search(rf"(?<!\w){re.escape(term)}(?!\w)", folded_text) \
        is not None


def fold_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """The folded text without trimming or joining spaces, and for each of its characters the
    index of the character of ``text`` it came from (``None`` when the two are aligned one to
    one, as they are for ASCII text). See :func:`original_span`."""
    if text.isascii():
        return text.translate(_ASCII), None
    parts: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        out = fold_char(ch)
        if out:
            parts.append(out)
            origin.extend([index] * len(out))
    return "".join(parts), origin


def original_span(text: str, origin: list[int] | None, start: int, end: int) -> tuple[int, int]:
    """The span of ``text`` that folded characters ``start:end`` came from. It runs from the
    first source character to the last, and on over the combining marks that follow it (which
    fold to nothing), so "Adébáyọ̀" written with a combining grave is covered whole."""
    if origin is None:
        return start, end
    first, last = origin[start], origin[end - 1] + 1
    while last < len(text) and not fold_char(text[last]) \
            and unicodedata.category(text[last]).startswith("M"):
        last += 1
    return first, last
