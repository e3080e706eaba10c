"""Personnel identifiers and personal data in free text: the detector behind every redaction.

:class:`Detector` is built once from the roster and scans any number of texts. Its hits are
proposals: a *certain* hit is redacted unless the clerk rejects it; an uncertain one is a
*review item*, and it too counts as redacted until the clerk rejects it (fail closed).

How names are found
    Each person's name is written out in every form (:mod:`app.domain.nameforms`: "First Last",
    "Last, First", "F. Last", "First M. Last", surname, aliases, username, employee number, ...)
    as folded token sequences, and all of them go into one Aho-Corasick automaton. A text is
    folded and tokenised once, the automaton finds every form in one pass, and an offset map
    takes each match back to the original characters. A rank or title right before a name
    ("Det.", "PO III", "Sgt.") joins the hit and, when two people share the name, picks the one
    who holds that rank.

What is certain and what is a review item (the decisions counsel and clerks should know)
    * Certain: a full name in any order, an initial and surname, a rank or title and surname
      (also when the surname is a common word: "Det. Young"), the surname alone when it is not
      an ordinary word, username, roster e-mail, alphanumeric employee number, and e-mail,
      phone, SSN, IP address, date of birth (with its context word), California licence plate
      shape, driver's licence and plate numbers after a context word ("DL", "plate"), custom
      patterns and vendor masks.
    * Certain but naming no one in particular (``person_id`` None, ``candidates`` listing
      them): a form that fits two or more roster people equally well ("Garcia" alone with two
      Garcias on the roster). It is still a roster identifier and is redacted.
    * Review item: a surname alone that is also a common word ("White", "Young", "Bell") or has
      two letters ("Li"), written with a capital, or in lower case after a word that points to
      a person ("per young", "w/ bell", "young req") or in a short note written all in lower
      case ("wells warrant"); a place-name surname alone ("Washington"); one part of a
      two-part surname alone ("Berg" for van der Berg, "Hernández" for Hernández-López); a
      surname followed by a street word ("Garcia St"); a numeric employee number with no
      "badge"/"serial"/"#" before it; a California driver's licence shape (letter + 7 digits)
      with no context word; an unlisted person (a rank or title followed by a capitalised name
      that is not on the roster, "Ofc. Smith"; an initial and a surname, "A. Planck";
      "by"/"per"/"cc" and a capitalised first and last name, "by John Whitaker").
    * No hit: a common-word surname used as the word - in lower case with no pointer to a
      person, after an article ("a white van", "the Bell") or a lower-case preposition ("of
      white"), before a word it describes ("young male", "Brown jacket"), before another
      capitalised word that makes it a place or business ("King Soopers", "Park Plaza"), or
      inside a street or place name ("Marsh Rd", "Park Ave", "Bell Gardens", "La Paz", "1200
      Young"); case numbers, dates without a birth context, times and counts; a given name
      alone ("José"): first names are not looked for by themselves.
    * A given name or initial the roster does not list, written against a surname ("Joe
      Garcia", "Jose R. Garcia", "Garcia, Joe"), joins the surname's hit, so that it is not
      left standing beside the redaction.

Overlaps: certain hits are chosen first, leftmost-longest (as a regular expression scans), the
more specific kind on a tie (roster person before patterns); review items fill the gaps. A
certain person hit that overlaps another one partly is merged with it, never dropped, so no
letter of a name is left bare. Hits never overlap and come sorted by start.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from app.domain.nameforms import (
    ALONE_FORMS,
    EXACT,
    FORM_ORDER,
    PART,
    Tokens,
    person_forms,
    rank_before,
    tokenize,
)
from app.domain.people import RosterPerson, fold
from app.domain.wordlists import (
    AMBIGUOUS_RANK_WORDS,
    ARTICLES,
    COMMON_WORDS,
    CUE_AFTER,
    CUE_BEFORE,
    DESCRIBED,
    NOT_NAMES,
    PLACE_PREFIXES,
    PLACE_WORDS,
    PREPOSITIONS,
    RANK_WORDS,
    STREET_WORDS,
    rank_class,
)

KINDS = ("person", "unlisted_person", "email", "phone", "ipv4", "ipv6", "ssn", "dob",
         "drivers_licence", "licence_plate", "custom", "vendor_mask")
# Which kind wins when two hits cover exactly the same characters (lower wins).
_PRIORITY = {kind: index for index, kind in enumerate(
    ("person", "vendor_mask", "email", "ssn", "phone", "dob", "drivers_licence",
     "licence_plate", "ipv4", "ipv6", "custom", "unlisted_person"))}


@dataclass(frozen=True)
class Hit:
    """One proposed redaction: ``text[start:end]`` of the scanned text."""

    start: int
    end: int
    kind: str                 # one of KINDS
    certain: bool             # False: a review item
    term: str                 # fold(text[start:end]): every occurrence is decided at once
    person_id: int | None = None
    form: str = ""            # person: the written form; pattern: the pattern's name
    why: str = ""             # one line for the clerk
    candidates: tuple[int, ...] = ()   # person hits: everyone the text may name (sorted)


# --- patterns -------------------------------------------------------------------------------

_DIGIT = re.compile(r"\d")
# Combining marks (an accent written after its letter) belong to the word they follow.
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_EMAIL = re.compile(rf"(?<![\w.%+'{_MARKS}-])\w[\w.%+'{_MARKS}-]*@[^\W_]"
                    rf"(?:[\w{_MARKS}-]*[^\W_])?(?:\.[^\W_](?:[\w{_MARKS}-]*[^\W_])?)*"
                    rf"\.(?:[^\W\d_][{_MARKS}]*){{2,}}(?![\w{_MARKS}-])")
_PHONE = re.compile(r"(?<![\w+.-])(?:\+?1[ .-]?)?(?:\(\d{3}\)[ .-]?|\d{3}[ .-])\d{3}[ .-]\d{4}"
                    r"(?:\s?(?:x|ext\.?)\s?\d{1,5})?(?![\w-]|\.\d)")
_PHONE_CONTEXT = re.compile(r"(?i)\b(?:ph|phone|tel|telephone|cell|mobile|call|fax|contact|"
                            r"callback|cb)\b\W{0,4}(?:#\s*)?(\d{10}|\d{3}[ .-]\d{4})(?![\w-])")
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_IPV4 = re.compile(rf"(?<![\w.]){_OCTET}(?:\.{_OCTET}){{3}}(?![\w]|\.\d)")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")
_SSN = re.compile(r"(?<![\w-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\w-])")
_SSN_CONTEXT = re.compile(r"(?i)\b(?:ssn|ss#|ss\s?no|soc(?:ial)?\.?\s*sec(?:urity)?\.?"
                          r"(?:\s*(?:no\.?|number|#))?)\s*[:#]?\s*(\d{3}[ -]?\d{2}[ -]?\d{4})"
                          r"(?![\w-])")
_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DATE = (r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}[/.-]\d{1,2}[/.-]\d{1,2}|"
         rf"{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTHS},?\s+\d{{4}})")
_DOB = re.compile(r"(?i)(?:\bd\.?o\.?b\b\.?|\bdate\s+of\s+birth\b|\bbirth\s*date\b|"
                  r"\bbirthday\b|\bborn(?:\s+on)?\b|\bb\.)\s*[:#-]?\s*"
                  rf"({_DATE})(?![\w/.-]\d|\w)")
_BORN_YEAR = re.compile(r"(?i)\bborn\s+(?:in\s+)?((?:19|20)\d\d)\b(?![/.-]\d)")
_DL_SHAPE = re.compile(r"(?<![\w-])[A-Za-z]\d{7}(?![\w-])")
_DL_CONTEXT_WORDS = (r"(?:c?dl|d/l|dln|oln|odl|driver'?s?\s*licen[cs]e|drivers?\s*lic|"
                     r"licen[cs]e\s*(?:no|number|#)|lic\s*#)")
_DL_NEAR = re.compile(rf"(?i)\b{_DL_CONTEXT_WORDS}\W{{0,6}}(?:[A-Z]{{2}}\s+)?$")
_DL_CONTEXT = re.compile(rf"(?i)\b{_DL_CONTEXT_WORDS}\s*(?:no\.?|number|#)?\s*[:#]?\s*"
                         r"(?:[A-Z]{2}\s+)?([A-Z0-9][A-Z0-9-]{3,18}[A-Z0-9])(?![\w-])")
_PLATE_CA = re.compile(r"(?<![\w-])[1-9][A-Za-z]{3}\d{3}(?![\w-])")
_PLATE_CONTEXT = re.compile(r"(?i)\b(?:licen[cs]e\s+plate|plate|lp|lpn|tag|plt|lic)\b\s*"
                            r"(?:#|no\.?|number)?\s*[:#]?\s*(?:(?-i:[A-Z]{2})\s+)?"
                            r"([A-Z0-9]{1,4}[ -]?[A-Z0-9]{1,4})(?![\w-])")
_MASKS = re.compile(r"(?P<asterisks>(?<![\w*])\*{3,}(?![\w*]))"
                    r"|(?P<bracketed>\[\s*(?i:redacted)[^\]\n]{0,40}\]"
                    r"|\(\s*(?i:redacted)[^)\n]{0,40}\)|<\s*(?i:redacted)\s*>)"
                    r"|(?P<redacted>(?<![\w\[(<])REDACTED(?![\w\])>]))"
                    r"|(?P<xxxx>(?<![\w-])(?:X{4,}|x{4,})(?![\w-]))"
                    r"|(?P<blocks>[█▇■]{2,})")
_MASK_WHY = {"asterisks": "asterisks", "bracketed": "a bracketed REDACTED", "redacted":
             "the word REDACTED", "xxxx": "a row of X", "blocks": "black blocks"}
# Words before a bare number that make it an employee number ("badge 4471", "serial #4471").
_ID_CONTEXT = frozenset("badge serial ser emp employee empl id no num number payroll pr "
                        "p# unit".split())

_WHY_FORM = {
    "full_name": "first name and surname", "last_first": "surname, first name",
    "first_middle_last": "first, middle and surname", "middle_last": "middle name and surname",
    "initial_last": "initial and surname", "last_initial": "surname and initial",
    "surname": "surname", "rank_last": "rank and surname", "alias": "other name on record",
    "username": "username", "email": "e-mail address", "employee_id": "employee number",
}


@dataclass(frozen=True, slots=True)
class _Entry:
    """One person that a token sequence names, and how."""

    person_id: int
    form: str
    quality: int        # EXACT or PART (one part of a two-part surname; digits of an id)
    initials: int       # initial tokens at the start (initial_last) or end (last_initial)

    def rank(self) -> tuple[int, int]:
        return -self.quality, FORM_ORDER[self.form]


@dataclass(frozen=True, slots=True)
class _Key:
    """Everyone one token sequence names, with the answer worked out for the common case (no
    rank before it, nothing to filter)."""

    entries: tuple[_Entry, ...]
    ids: tuple[int, ...]          # the people of the best quality
    form: str                     # their most specific form
    quality: int
    initials: bool                # some entry's form starts or ends with initials

    @classmethod
    def of(cls, entries: tuple[_Entry, ...]) -> _Key:
        best = max(e.quality for e in entries)
        top = tuple(e for e in entries if e.quality == best)
        return cls(entries, tuple(e.person_id for e in top),
                   min((e.form for e in top), key=FORM_ORDER.__getitem__), best,
                   any(e.initials for e in entries))


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    kind: str
    certain: bool
    form: str = ""
    person_id: int | None = None
    why: str = ""
    candidates: tuple[int, ...] = ()
    explain: tuple | None = None      # (ids, form, quality, note): ``why`` made when chosen


class Detector:
    """Scans free text for roster people and personal-data patterns. Built once per roster;
    :meth:`scan` is pure and safe to call from several threads."""

    def __init__(self, people: Iterable[RosterPerson], *,
                 custom_patterns: Iterable[tuple[str, str]] = (),
                 common_words: Iterable[str] | None = None,
                 place_words: Iterable[str] | None = None) -> None:
        self.people = {p.person_id: p for p in people}
        self.common_words = COMMON_WORDS if common_words is None else \
            frozenset(fold(w) for w in common_words)
        self.place_words = PLACE_WORDS if place_words is None else \
            frozenset(fold(w) for w in place_words)
        self._rank = {pid: rank_class(fold(p.rank)) for pid, p in self.people.items()}
        self._custom = []
        for name, pattern in custom_patterns:
            try:
                self._custom.append((name, re.compile(pattern)))
            except re.error as exc:
                raise ValueError(f"Custom pattern {name!r} is not a valid regular expression: "
                                 f"{exc}") from exc
        # key (tokens joined by spaces) -> ((person_id, form, quality, initials), ...)
        forms: dict[str, dict[int, _Entry]] = {}
        for person in self.people.values():
            for words, form, quality, initials in person_forms(person):
                self._add(forms, " ".join(words), _Entry(person.person_id, form, quality,
                                                         initials))
            digits = "".join(ch for ch in fold(person.employee_id) if ch.isdigit())
            if digits and len(digits) >= 4 and digits != fold(person.employee_id):
                # "badge 12345" for P12345: only with a context word (see _judge).
                self._add(forms, digits, _Entry(person.person_id, "employee_id", PART, 0))
        self._forms = {key: _Key.of(tuple(by_person[pid] for pid in sorted(by_person)))
                       for key, by_person in forms.items()}
        self._emails: dict[str, list[int]] = {}
        for person in self.people.values():
            if person.email.strip():
                self._emails.setdefault(fold(person.email), []).append(person.person_id)
        self._automaton = ahocorasick.Automaton()
        for key in self._forms:
            self._automaton.add_word(f" {key} ", (key, key.count(" ") + 1))
        if self._forms:
            self._automaton.make_automaton()

    @staticmethod
    def _add(forms: dict[str, dict[int, _Entry]], key: str, entry: _Entry) -> None:
        by_person = forms.setdefault(key, {})
        old = by_person.get(entry.person_id)
        if old is None or entry.rank() < old.rank():
            by_person[entry.person_id] = entry

    # --- the scan -------------------------------------------------------------------------

    def scan(self, text: str) -> list[Hit]:
        """Every hit in ``text``: non-overlapping, sorted by start."""
        if not text or text.isspace():
            return []
        tokens = tokenize(text)
        found: list[_Found] = []
        if tokens.norms and self._forms:
            found += self._roster(tokens)
        found += self._patterns(text)
        chosen = _choose(found, text)
        if tokens.norms:
            extra = self._unlisted(tokens, chosen)
            if extra:
                chosen = _choose(chosen + extra, text)
        hits = []
        for f in sorted(chosen, key=lambda f: f.start):
            end = f.end
            # A hit found in the original text (an e-mail address, say) takes the accents
            # written as combining marks after its last letter.
            while end < len(text) and unicodedata.category(text[end]).startswith("M"):
                end += 1
            hits.append(Hit(f.start, end, f.kind, f.certain, fold(text[f.start:end]),
                            f.person_id, f.form,
                            self._why(*f.explain) if f.explain else f.why, f.candidates))
        return hits

    def _roster(self, tokens: Tokens) -> list[_Found]:
        norms = tokens.norms
        canon = " " + " ".join(norms) + " "
        index_at: dict[int, int] = {}
        position = 1
        for index, word in enumerate(norms):
            index_at[position] = index
            position += len(word) + 1
        found = []
        for end, (key, count) in self._automaton.iter(canon):
            first = index_at[end - len(key)]
            hit = self._judge(tokens, first, first + count - 1, key)
            if hit is not None:
                found.append(hit)
        return found

    def _judge(self, tokens: Tokens, first: int, last: int, key: str) -> _Found | None:
        """The hit that tokens ``first``..``last`` (matching ``key``) make, or None."""
        known = self._forms[key]
        entries = known.entries
        filtered = False
        if first != last:
            commas = _commas_between(tokens, first, last)
            if commas < 0:
                return None
            if commas or known.initials:
                entries = tuple(e for e in entries if (commas == 0 or (
                    commas == 1 and e.form in _COMMA_FORMS)) and (
                    not e.initials or self._initials_written(tokens, first, last, e)))
                if not entries:
                    return None
                filtered = len(entries) != len(known.entries)
        rank_first, rank = (rank_before(tokens, first, ambiguous=AMBIGUOUS_RANK_WORDS)
                            if first and tokens.norms[first - 1] in RANK_WORDS else (-1, ""))
        if rank and rank != "title" and len(known.entries) > 1:
            holding = tuple(e for e in entries if self._rank.get(e.person_id) == rank)
            if holding and len(holding) != len(entries):
                entries, filtered = holding, True
        if filtered:
            best = max(e.quality for e in entries)
            top = [e for e in entries if e.quality == best]
            ids = tuple(e.person_id for e in top)
            form = min((e.form for e in top), key=FORM_ORDER.__getitem__)
        else:
            best, ids, form = known.quality, known.ids, known.form
        certain, note, start_token = True, "", first
        if form == "employee_id":
            if key.isdigit():
                context = _id_context(tokens, first)
                if best == PART and not context:
                    return None
                certain = context
                note = "" if context else " - a bare number: review"
        elif rank:
            start_token = rank_first
            if form == "surname":
                form = "rank_last"
        elif first == last and (form in ALONE_FORMS or best == PART):
            verdict = self._alone(tokens, first, key, best)
            if verdict is None:
                return None
            certain, note = verdict
            # "Joe Garcia", "Jose R. Garcia", "Garcia, Joe": a given name the roster does not
            # know goes with the surname, or it would be left standing beside the redaction.
            start_token, last = self._given_before(tokens, first), self._given_after(tokens, last)
            extended = self._forms.get(" ".join(tokens.norms[start_token:last + 1]))
            if extended is not None and not extended.initials:
                start_token, last = first, first     # a roster form of its own: found apart
            if (start_token, last) != (first, first):
                note += " - with a given name the roster does not list"
        start, end = tokens.span(start_token, last)
        return _Found(start, end, "person", certain, form, ids[0] if len(ids) == 1 else None,
                      candidates=ids, explain=(ids, form, best, note))

    def _alone(self, tokens: Tokens, index: int, word: str, quality: int
               ) -> tuple[bool, str] | None:
        """A one-word name with no rank before it: (certain, note) or None for no hit."""
        norms = tokens.norms
        before = norms[index - 1] if index > 0 else ""
        after = norms[index + 1] if index + 1 < len(norms) else ""
        joined_before = bool(before) and not tokens.gap(index - 1, index).strip(" .")
        joined_after = bool(after) and not tokens.gap(index, index + 1).strip(" .")
        street = joined_after and after in STREET_WORDS
        place = joined_before and before in PLACE_PREFIXES \
            and tokens.original(index - 1)[:1].isupper()
        short = len(word) <= 2 and word.isalpha()
        common = word in self.common_words or short
        what = "a two-letter name" if short and word not in self.common_words else \
            "also a common word"
        written = tokens.original(index)
        capital = any(ch.isupper() for ch in written)
        # "King Soopers", "Park Plaza", "Washington Mutual": a capitalised common word or
        # place before another capitalised word (not in an all-capitals note) names a place.
        compound = capital and joined_after and after not in NOT_NAMES \
            and after not in CUE_AFTER and _title_case(tokens.original(index + 1)) \
            and not tokens.all_capitals
        if word in self.place_words and not common:
            if street or place or compound or (joined_before and before in PREPOSITIONS):
                return None
            return False, " - also a place name: review"
        if common:
            if street or place or compound or (joined_before and before.isdigit()) \
                    or (joined_after and after.isdigit()):       # "1200 Young", "Page 3"
                return None
            initial_before = len(before) == 1 and tokens.original(index - 1).isupper()
            if joined_before and not (capital and initial_before) and (
                    before in ARTICLES or (before in PREPOSITIONS and not capital)):
                return None      # "a white van", "the bell" - but "A King" may be an initial
            if joined_after and after in DESCRIBED:
                return None
            if capital:
                return False, f" - {what}: review"
            cue_before = bool(before) and before in CUE_BEFORE and (
                before != "w" or tokens.gap(index - 1, index).strip().startswith("/"))
            if cue_before or (joined_after and after in CUE_AFTER) or (
                    len(norms) <= 4 and tokens.no_capitals):
                return False, f" - {what}: review"
            return None
        if quality == PART:
            if street or place:
                return None
            return False, " - part of a two-part surname: review"
        if street:
            return False, " - followed by a street word: review"
        return True, ""

    def _initials_written(self, tokens: Tokens, first: int, last: int, entry: _Entry) -> bool:
        """"J. Garcia", "J Garcia", "GARCIA J", "JL Garcia" - but not "a bell" (an article and
        a word): an initial is a capital or is followed by a period (or the whole note is in
        lower case). "A" and "I" without a period are read as the article and the pronoun in
        a note in capitals ("A BROWN JACKET"), before a common-word surname ("A King") or
        before a word the surname would describe ("A Brown jacket")."""
        if entry.form == "initial_last":
            indices = range(first, first + entry.initials)
            name = tokens.norms[first + entry.initials:last + 1]
        else:
            indices = range(last - entry.initials + 1, last + 1)
            name = tokens.norms[first:last - entry.initials + 1]
        for index in indices:
            word = tokens.norms[index]
            dotted = tokens.after(index).startswith((".", "_"))
            if word in ("a", "i") and not dotted:
                weak = len(name) == 1 and (name[0] in self.common_words
                                           or name[0] in self.place_words or len(name[0]) <= 2)
                described = last + 1 < len(tokens) and tokens.norms[last + 1] in DESCRIBED
                if tokens.all_capitals or tokens.no_capitals or weak or described:
                    return False
            if dotted or tokens.original(index).isupper():
                continue
            # In a note written all in lower case ("d echols req") case tells nothing.
            if tokens.no_capitals and word not in ("a", "i"):
                continue
            return False
        return True

    def _given_like(self, tokens: Tokens, index: int) -> bool:
        word = tokens.norms[index]
        return (len(word) >= 2 and word.isalpha() and tokens.original(index)[:1].isupper()
                and word not in NOT_NAMES and word not in STREET_WORDS
                and word not in PLACE_PREFIXES and word not in RANK_WORDS
                and word not in self._forms)

    def _given_before(self, tokens: Tokens, index: int) -> int:
        """The first token of "Joe Garcia", "Jose R. Garcia" or "Jean-Luc Garcia" when
        ``index`` is "Garcia"."""
        first = index
        given = 0
        for _ in range(3):
            before = first - 1
            if before < 0 or tokens.gap(before, first).strip(" .-"):
                break
            word = tokens.norms[before]
            if len(word) == 1 and word.isalpha() and tokens.original(before).isupper():
                first = before
            elif given < 2 and self._given_like(tokens, before):
                first = before
                given += 1
            else:
                break
        return first

    def _given_after(self, tokens: Tokens, index: int) -> int:
        """The last token of "Garcia, Joe" or "Garcia, Joe R." when ``index`` is "Garcia"."""
        after = index + 1
        if after >= len(tokens) or tokens.gap(index, after).strip() != "," \
                or not self._given_like(tokens, after):
            return index
        initial = after + 1
        if initial < len(tokens) and len(tokens.norms[initial]) == 1 \
                and tokens.original(initial).isupper() and not tokens.gap(after, initial).strip():
            return initial
        return after

    def _why(self, ids: tuple[int, ...], form: str, quality: int, note: str) -> str:
        how = _WHY_FORM.get(form, form.replace("_", " "))
        if quality == PART and form != "employee_id":
            how += " (part of the surname)"
        if len(ids) == 1:
            person = self.people[ids[0]]
            rank = f" ({person.rank})" if person.rank else ""
            return f"Roster: {person.display}{rank} — {how}{note}"
        names = "; ".join(self.people[pid].display for pid in ids[:4])
        more = f" and {len(ids) - 4} more" if len(ids) > 4 else ""
        return f"Roster: {len(ids)} people fit ({names}{more}) — {how}{note}"

    def _patterns(self, text: str) -> list[_Found]:
        found: list[_Found] = []
        add = found.append
        if "@" in text:
            for m in _EMAIL.finditer(text):
                ids = self._emails.get(fold(m.group()), [])
                if ids:
                    add(_Found(m.start(), m.end(), "person", True, "email",
                               ids[0] if len(ids) == 1 else None,
                               self._why(tuple(ids), "email", EXACT, ""), tuple(sorted(ids))))
                else:
                    add(_Found(m.start(), m.end(), "email", True, "email", why="E-mail address"))
        if _DIGIT.search(text):
            for m in _PHONE.finditer(text):
                add(_Found(m.start(), m.end(), "phone", True, "phone", why="Phone number"))
            for m in _PHONE_CONTEXT.finditer(text):
                add(_Found(m.start(1), m.end(1), "phone", True, "phone",
                           why="Phone number (after a phone word)"))
            for m in _IPV4.finditer(text):
                add(_Found(m.start(), m.end(), "ipv4", True, "ipv4", why="IPv4 address"))
            for m in _SSN.finditer(text):
                add(_Found(m.start(), m.end(), "ssn", True, "ssn",
                           why="Social Security number"))
            for m in _SSN_CONTEXT.finditer(text):
                add(_Found(m.start(1), m.end(1), "ssn", True, "ssn",
                           why="Social Security number (after SSN)"))
            for m in _DOB.finditer(text):
                add(_Found(m.start(1), m.end(1), "dob", True, "dob",
                           why="Date of birth (after a birth word)"))
            for m in _BORN_YEAR.finditer(text):
                add(_Found(m.start(1), m.end(1), "dob", True, "birth_year",
                           why="Year of birth (after 'born')"))
            for m in _DL_SHAPE.finditer(text):
                context = _DL_NEAR.search(text, max(0, m.start() - 30), m.start()) is not None
                add(_Found(m.start(), m.end(), "drivers_licence", context, "ca_drivers_licence",
                           why="Driver's licence number" + (
                               "" if context else " shape (letter and 7 digits): review")))
            for m in _DL_CONTEXT.finditer(text):
                if sum(ch.isdigit() for ch in m.group(1)) >= 4:
                    add(_Found(m.start(1), m.end(1), "drivers_licence", True, "drivers_licence",
                               why="Driver's licence number (after DL)"))
            for m in _PLATE_CA.finditer(text):
                add(_Found(m.start(), m.end(), "licence_plate", True, "ca_plate",
                           why="Licence plate (California shape)"))
            for m in _PLATE_CONTEXT.finditer(text):
                plate = m.group(1)
                if any(ch.isdigit() for ch in plate) and not _looks_like_date(plate):
                    add(_Found(m.start(1), m.end(1), "licence_plate", True, "plate",
                               why="Licence plate (after a plate word)"))
        if text.count(":") >= 2:
            for m in _IPV6.finditer(text):
                if _is_ipv6(m.group()):
                    add(_Found(m.start(), m.end(), "ipv6", True, "ipv6", why="IPv6 address"))
        if "*" in text or "edacted" in text or "EDACTED" in text or "XXXX" in text \
                or "xxxx" in text or "█" in text or "■" in text or "▇" in text:
            for m in _MASKS.finditer(text):
                name = m.lastgroup or "mask"
                add(_Found(m.start(), m.end(), "vendor_mask", True, name,
                           why=f"Masked by the vendor ({_MASK_WHY.get(name, name)})"))
        for name, pattern in self._custom:
            for m in pattern.finditer(text):
                if m.end() > m.start():
                    add(_Found(m.start(), m.end(), "custom", True, name,
                               why=f"Agency pattern: {name}"))
        return found

    # --- people not on the roster ---------------------------------------------------------

    def _unlisted(self, tokens: Tokens, chosen: list[_Found]) -> list[_Found]:
        """Review items for people the roster does not know: "Ofc. Smith", "Sgt. J. Doe",
        "A. Planck", "requested by John Smith"."""
        norms = tokens.norms
        if not (RANK_WORDS.intersection(norms) or any(len(w) == 1 for w in norms)
                or "by" in norms or "per" in norms or "cc" in norms):
            return []
        taken = sorted((f.start, f.end) for f in chosen)
        taken_starts = [start for start, _ in taken]

        def free(index: int) -> bool:
            start, end = tokens.span(index, index)
            at = bisect_right(taken_starts, start)
            return not ((at and taken[at - 1][1] > start)
                        or (at < len(taken) and taken[at][0] < end))

        found: list[_Found] = []
        count = len(norms)
        index = 0
        while index < count:
            name_at = index + 1
            rank_first, rank = (rank_before(tokens, name_at, ambiguous=AMBIGUOUS_RANK_WORDS)
                                if name_at < count and norms[index] in RANK_WORDS else (-1, ""))
            last = self._name_after_rank(tokens, name_at, free) if rank else -1
            if last >= 0:
                start, end = tokens.span(rank_first, last)
                found.append(_Found(start, end, "unlisted_person", False, "rank_name",
                                    why="Not on the roster: a rank or title before a name"
                                        " - review"))
                index = last + 1
                continue
            word = norms[index]
            if len(word) == 1 and word.isalpha() and tokens.original(index).isupper() \
                    and tokens.after(index).startswith(".") and name_at < count \
                    and (index == 0 or len(norms[index - 1]) > 1
                         or not tokens.after(index - 1).startswith(".")) \
                    and free(index) and free(name_at) \
                    and self._name_like(tokens, name_at, strict=True):
                start, end = tokens.span(index, name_at)
                found.append(_Found(start, end, "unlisted_person", False, "initial_name",
                                    why="Not on the roster: an initial and a name - review"))
                index = name_at + 1
                continue
            if word in ("by", "per", "cc") and name_at + 1 < count and free(name_at) \
                    and free(name_at + 1) and not tokens.gap(index, name_at).strip() \
                    and not tokens.gap(name_at, name_at + 1).strip() \
                    and all(self._name_like(tokens, i, strict=True, title_case=True)
                            for i in (name_at, name_at + 1)):
                start, end = tokens.span(name_at, name_at + 1)
                found.append(_Found(start, end, "unlisted_person", False, "cue_name",
                                    why=f"Not on the roster: a first and last name after "
                                        f"'{word}' - review"))
                index = name_at + 2
                continue
            index += 1
        return found

    def _name_like(self, tokens: Tokens, index: int, *, strict: bool,
                   title_case: bool = False) -> bool:
        """A word that can be a surname: letters, a capital first, not a word that usually
        follows a rank ("Officer Safety"); with ``strict``, not a common or place word."""
        word = tokens.norms[index]
        if len(word) < 2 or not word.isalpha() or word in NOT_NAMES or word in STREET_WORDS:
            return False
        original = tokens.original(index)
        if not original[:1].isupper():
            return False
        if title_case and (original.isupper() or not original[1:].islower()):
            return False
        return not (strict and (word in self.common_words or word in self.place_words))

    def _name_after_rank(self, tokens: Tokens, index: int, free) -> int:
        """The last token of a name right after a rank ("Smith", "John Smith", "J. Smith"),
        or -1 when no name follows."""
        norms = tokens.norms
        nxt = index + 1
        if not free(index):
            return -1
        if len(norms[index]) == 1 and norms[index].isalpha() \
                and tokens.original(index).isupper() and tokens.after(index).startswith(".") \
                and nxt < len(norms) and free(nxt) and not tokens.gap(index, nxt).strip(" .") \
                and self._name_like(tokens, nxt, strict=False):
            return nxt
        if not self._name_like(tokens, index, strict=False):
            return -1
        if nxt < len(norms) and free(nxt) and not tokens.gap(index, nxt).strip(" ") \
                and self._name_like(tokens, nxt, strict=False):
            return nxt
        return index


_NAME_GAP = frozenset(" .-'_")
_COMMA_FORMS = frozenset({"last_first", "last_initial", "alias"})


def _commas_between(tokens: Tokens, first: int, last: int) -> int:
    """The words of a name are separated by spaces, line breaks, periods, hyphens or
    apostrophes, and by one comma only in the surname-first forms ("García, José"): "Lefèvre
    (JEAN" or "van der Berg / Zoe" is two things, not one name. The number of commas between
    the tokens, or -1 when something else stands between them."""
    commas = 0
    for index in range(first, last):
        for ch in tokens.gap(index, index + 1):
            if ch == ",":
                commas += 1
            elif ch not in _NAME_GAP:
                return -1
    return commas


def _id_context(tokens: Tokens, index: int) -> bool:
    """"badge 4471", "serial #4471", "emp. no. 4471"."""
    if index > 0 and tokens.norms[index - 1] in _ID_CONTEXT:
        return True
    return tokens.before(index).rstrip(" :").endswith("#")


def _choose(found: list[_Found], text: str) -> list[_Found]:
    """Non-overlapping hits. Certain hits first, then review items in the gaps; within each,
    leftmost-longest (as a regular expression scans), the more specific kind on a tie. A
    certain person hit that loses part of its span to another person hit is merged into it
    rather than dropped, so that no letter of a name is left out ("Jean-Luc Lefèvre, Jean Luc
    Lefevre" read as "Lefèvre, Jean Luc" would otherwise leave "Jean-" bare)."""
    firm: list[_Found] = []          # certain hits, in order, disjoint
    dropped: list[_Found] = []
    for f in sorted((f for f in found if f.certain), key=_leftmost_longest):
        if firm and f.start < firm[-1].end:
            if f.kind == "person":
                dropped.append(f)
        else:
            firm.append(f)
    starts = [f.start for f in firm]
    review: list[_Found] = []
    for f in sorted((f for f in found if not f.certain), key=_leftmost_longest):
        at = bisect_right(starts, f.start)
        if (at and firm[at - 1].end > f.start) or (at < len(firm) and firm[at].start < f.end) \
                or (review and f.start < review[-1].end):
            continue
        review.append(f)
    chosen = sorted(firm + review, key=lambda f: f.start)
    starts = [c.start for c in chosen]
    for f in dropped:
        first = max(bisect_right(starts, f.start) - 1, 0)
        last = first
        while last < len(chosen) and chosen[last].start < f.end:
            last += 1
        overlapping = [c for c in chosen[first:last] if c.start < f.end and f.start < c.end]
        if not any(ch.isalnum() and not any(c.start <= i < c.end for c in overlapping)
                   for i, ch in enumerate(text[f.start:f.end], f.start)):
            continue
        if all(c.kind == "person" and c.certain and c.explain for c in overlapping):
            merged = [*overlapping, f]
            ids = tuple(sorted({i for m in merged for i in m.candidates}))
            _ids, form, quality, note = overlapping[0].explain  # type: ignore[misc]
            joined = _Found(min(m.start for m in merged), max(m.end for m in merged),
                            "person", True, form, ids[0] if len(ids) == 1 else None,
                            candidates=ids, explain=(ids, form, quality,
                                                     note + " - joined with an overlapping form"))
            chosen = [c for c in chosen if c not in overlapping]
            chosen.insert(bisect_right([c.start for c in chosen], joined.start), joined)
            starts = [c.start for c in chosen]
    return chosen


def _leftmost_longest(f: _Found) -> tuple[int, int, int, bool]:
    return f.start, f.start - f.end, _PRIORITY[f.kind], len(f.candidates) != 1


def _title_case(word: str) -> bool:
    return word[:1].isupper() and word[1:].islower()


def _looks_like_date(text: str) -> bool:
    return re.fullmatch(r"\d{1,4}[-/.]\d{1,2}(?:[-/.]\d{1,4})?", text) is not None


def _is_ipv6(text: str) -> bool:
    """Eight groups, or "::" and at least two groups - never a time such as 10:30:15."""
    groups = [g for g in text.split(":") if g]
    if not (len(groups) == 8 or ("::" in text and len(groups) >= 2)):
        return False
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True
