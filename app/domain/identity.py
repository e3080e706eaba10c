"""Who ran a search: an audit record's identity fields resolved to one roster person.

Searchers are people, not strings: "Det. García", "GARCIA, JOSE", "J. Garcia" and "jgarcia" are
one searcher when the roster says so. The keys are tried in a fixed order - employee number,
e-mail, username, name - and the **first key that names exactly one person decides**. When the
fields disagree (a name that fits A beside the employee number of B), the earlier key wins and
the resolution's ``reason`` says that a later field pointed elsewhere, so the clerk can look.

A key that fits two or more people does not decide; the next key is tried. If no key decides,
the record is unresolved: ``person_id`` is None and ``reason`` says why ("no one on the roster",
"2 people match 'Garcia'"); such records are counted and listed apart, never merged into
someone.

Employee numbers compare by letters and digits only ("P-12345" = "p12345"); a number written
without its letter prefix ("12345" for "P12345") counts when exactly one person has those
digits. E-mail addresses compare folded ("Name <x@y>" and "mailto:" are unwrapped). Usernames
compare folded, without a Windows domain ("RIBERA\\jgarcia") and, failing that, against the
local part of roster e-mail addresses. Names must be one of the written forms of
:mod:`app.domain.nameforms` as a whole, after a leading rank or title ("Det.", "PO III") and a
trailing generational suffix ("Jr.") are set aside and parenthesised notes removed; a rank
picks between people who share a name. "Mark Young" does not resolve to Rose Young: a first
name that does not fit is not waved through.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from app.domain.nameforms import FORM_ORDER, PART, compact, person_forms, tokenize
from app.domain.people import RosterPerson, fold
from app.domain.wordlists import MAX_RANK_TOKENS, RANKS, rank_class


@dataclass(frozen=True)
class Resolution:
    person_id: int | None     # None: resolves to no one (or to more than one)
    by: str                   # "employee_id" | "email" | "username" | "name" | "" (unresolved)
    reason: str = ""          # unresolved: why; resolved: a later field that disagreed, if any
    candidates: tuple[int, ...] = ()   # unresolved because ambiguous: the people who fit


_LABELS = {"employee_id": "employee number", "email": "e-mail", "username": "username",
           "name": "name"}
_EMAIL = re.compile(r"[^\s<>\"'(),;:]+@[^\s<>\"'(),;:]+")
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


class Resolver:
    """Resolves identity fields against one roster. Build once, call :meth:`resolve` often."""

    def __init__(self, people: Iterable[RosterPerson]) -> None:
        self.people = {p.person_id: p for p in people}
        self._rank = {pid: rank_class(fold(p.rank)) for pid, p in self.people.items()}
        self._ids: dict[str, set[int]] = {}
        self._id_digits: dict[str, set[int]] = {}
        self._emails: dict[str, set[int]] = {}
        self._usernames: dict[str, set[int]] = {}
        self._locals: dict[str, set[int]] = {}
        self._names: dict[str, dict[int, tuple[str, int]]] = {}
        for pid, person in self.people.items():
            key = compact(person.employee_id)
            if key:
                self._ids.setdefault(key, set()).add(pid)
                digits = "".join(ch for ch in key if ch.isdigit()).lstrip("0")
                if digits:
                    self._id_digits.setdefault(digits, set()).add(pid)
            if person.email.strip():
                email = fold(person.email)
                self._emails.setdefault(email, set()).add(pid)
                self._locals.setdefault(email.split("@", 1)[0], set()).add(pid)
            if person.username.strip():
                self._usernames.setdefault(_bare_username(person.username), set()).add(pid)
            for words, form, quality, _initials in person_forms(person):
                by_person = self._names.setdefault(" ".join(words), {})
                old = by_person.get(pid)
                if old is None or (-quality, FORM_ORDER[form]) < (-old[1], FORM_ORDER[old[0]]):
                    by_person[pid] = (form, quality)

    def resolve(self, *, user_id: str | None = None, email: str | None = None,
                username: str | None = None, name: str | None = None) -> Resolution:
        steps: tuple[tuple[str, str | None, Callable[[str], tuple[int, ...]]], ...] = (
            ("employee_id", user_id, self._by_employee_id), ("email", email, self._by_email),
            ("username", username, self._by_username), ("name", name, self._by_name))
        outcomes = [(by, str(value).strip(), finder(str(value)))
                    for by, value, finder in steps if value is not None and str(value).strip()]
        if not outcomes:
            return Resolution(None, "", "no identity given")
        for by, _value, ids in outcomes:
            if len(ids) == 1:
                disagree = [f"the {_LABELS[b]} {v!r} fits {self.people[i[0]].display}"
                            for b, v, i in outcomes if b != by and len(i) == 1 and i != ids]
                reason = (f"{'; '.join(disagree)}; the {_LABELS[by]} decides"
                          if disagree else "")
                return Resolution(ids[0], by, reason)
        for _by, value, ids in outcomes:
            if len(ids) > 1:
                return Resolution(None, "", f"{len(ids)} people match {value!r}", ids)
        return Resolution(None, "", "no one on the roster")

    # --- one key each -----------------------------------------------------------------------

    def _by_employee_id(self, value: str) -> tuple[int, ...]:
        key = compact(value)
        if not key:
            return ()
        found = self._ids.get(key)
        if found:
            return tuple(sorted(found))
        # "12345" for P12345, or "P12345" for a roster that writes 12345 - but never "C12345"
        # for P12345: a different prefix is a different series of numbers.
        digits = "".join(ch for ch in key if ch.isdigit()).lstrip("0")
        found = self._id_digits.get(digits, set()) if digits else set()
        fits = [pid for pid in found
                if key.isdigit() or compact(self.people[pid].employee_id).isdigit()]
        return (fits[0],) if len(fits) == 1 else ()

    def _by_email(self, value: str) -> tuple[int, ...]:
        match = _EMAIL.search(value.replace("mailto:", " "))
        if not match:
            return ()
        return tuple(sorted(self._emails.get(fold(match.group()), ())))

    def _by_username(self, value: str) -> tuple[int, ...]:
        user = _bare_username(value)
        found = self._usernames.get(user) or self._locals.get(user)
        return tuple(sorted(found)) if found else ()

    def _by_name(self, value: str) -> tuple[int, ...]:
        # "Garcia, Jose (Robbery)", "Jose Garcia <jose.garcia@...>": the name without notes.
        cleaned = re.sub(r"\([^)]*\)|\[[^\]]*\]|<[^>]*>|\S+@\S+", " ", value)
        norms = tokenize(cleaned).norms
        while len(norms) > 1 and norms[-1] in _SUFFIXES:
            norms = norms[:-1]
        if not norms:
            return ()
        entries = self._names.get(" ".join(norms))
        rank = ""
        if not entries:
            for size in range(min(MAX_RANK_TOKENS, len(norms) - 1), 0, -1):
                cls = RANKS.get(tuple(norms[:size]))
                if cls is not None:
                    entries = self._names.get(" ".join(norms[size:]))
                    rank = cls
                    break
        if not entries:
            return ()
        candidates = [(pid, form, quality) for pid, (form, quality) in entries.items()
                      if not (form == "employee_id" and quality == PART)]
        if rank and rank != "title":
            candidates = [c for c in candidates if self._rank.get(c[0]) == rank] or candidates
        if not candidates:
            return ()
        best = max(quality for _, _, quality in candidates)
        return tuple(sorted(pid for pid, _, quality in candidates if quality == best))


def _bare_username(value: str) -> str:
    """"RIBERA\\JGarcia" and "jgarcia@ribera" -> "jgarcia"."""
    user = fold(value).rsplit("\\", 1)[-1]
    return user.split("@", 1)[0].strip()
