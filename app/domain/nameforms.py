"""Tokens of folded text, and every written form of a roster person's name as tokens.

A *token* is a run of letters and digits in folded text; an apostrophe between letters joins
("O'Connor" -> ``oconnor``), a possessive "'s" is left out ("Garcia's" -> ``garcia``), and
everything else separates: spaces, line breaks, periods, commas, hyphens, slashes. So
"GARCIA, JOSE", "Garcia Jose" and "garcia,jose" are the same token sequence, and so are
"Nguyen-Tran" and "Nguyen Tran", "J. Garcia" and "J Garcia". The identity resolver and the
detector both match names as token sequences, which puts every match on token boundaries
("Li" never matches inside "Lin", "Bell" never inside "Bellamy").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from app.domain.people import APOSTROPHES, RosterPerson, fold, fold_with_offsets, original_span
from app.domain.wordlists import MAX_RANK_TOKENS, PARTICLES, RANKS

_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*")

# The forms of a name, most specific first: when one token sequence is two forms of the same
# person ("j garcia" is J. Garcia and the username j.garcia), the hit names the first.
FORMS = ("employee_id", "email", "first_middle_last", "full_name", "last_first", "middle_last",
         "initial_last", "last_initial", "alias", "username", "surname")
FORM_ORDER = {form: index for index, form in enumerate(FORMS)}
# Forms that name a person with a single word: alone in a note they are as strong as that word.
ALONE_FORMS = frozenset({"surname", "alias", "username"})

EXACT, PART = 2, 1   # quality: the whole surname, or one part of a two-part surname


@dataclass(slots=True)
class Tokens:
    """The tokens of one text, with offsets into its folded form and a way back to the text."""

    text: str
    folded: str
    origin: list[int] | None
    norms: list[str]
    starts: list[int]    # folded offsets
    ends: list[int]
    all_capitals: bool = False   # the text has capitals and no lower-case letters
    no_capitals: bool = False    # the text has no capital letters at all

    def __len__(self) -> int:
        return len(self.norms)

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Offsets in the original text of tokens ``first`` to ``last`` inclusive."""
        return original_span(self.text, self.origin, self.starts[first], self.ends[last])

    def original(self, index: int) -> str:
        start, end = self.span(index, index)
        return self.text[start:end]

    def gap(self, left: int, right: int) -> str:
        """The folded text between token ``left`` and token ``right``."""
        return self.folded[self.ends[left]:self.starts[right]]

    def before(self, index: int, size: int = 8) -> str:
        """Up to ``size`` folded characters right before token ``index``."""
        start = self.starts[index]
        return self.folded[max(0, start - size):start]

    def after(self, index: int, size: int = 2) -> str:
        """Up to ``size`` folded characters right after token ``index``."""
        end = self.ends[index]
        return self.folded[end:end + size]


def tokenize(text: str) -> Tokens:
    folded, origin = fold_with_offsets(text)
    norms: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for match in _TOKEN.finditer(folded):
        word, start, end = match.group(), match.start(), match.end()
        if "'" in word:
            if word.endswith("'s") and len(word) > 2:
                word, end = word[:-2], end - 2
            word = word.replace("'", "")
        norms.append(word)
        starts.append(start)
        ends.append(end)
    return Tokens(text, folded, origin, norms, starts, ends, text.isupper(),
                  not any(ch.isupper() for ch in text))


def words(text: str) -> tuple[str, ...]:
    """The tokens of a name field, as a tuple."""
    return tuple(tokenize(text).norms) if text else ()


def rank_before(tokens: Tokens, index: int, *, ambiguous: frozenset[str]) -> tuple[int, str]:
    """A rank or title phrase that ends right before token ``index`` ("Det." before "García",
    "PO III" before "Hernández"): (index of its first token, its class), or (-1, "")."""
    norms = tokens.norms
    for size in range(min(MAX_RANK_TOKENS, index), 0, -1):
        first = index - size
        phrase = tuple(norms[first:index])
        cls = RANKS.get(phrase)
        if cls is None:
            continue
        if not _joined(tokens, first, index):
            continue
        if size == 1 and phrase[0] in ambiguous and not _written_as_rank(tokens, first):
            continue
        return first, cls
    return -1, ""


def _joined(tokens: Tokens, first: int, last: int) -> bool:
    """Tokens ``first``..``last`` follow each other with nothing but spaces and periods between
    them ("Det. García", "Sgt.O'Connor"; not "Det., García" or "Det / García")."""
    return all(not tokens.gap(i, i + 1).strip(" .") for i in range(first, last))


def _written_as_rank(tokens: Tokens, index: int) -> bool:
    """"Off." or "Off Garcia" with a capital is a rank; "drop off garcia" is not."""
    return tokens.original(index)[:1].isupper() or tokens.after(index).startswith(".")


def surname_variants(last_name: str) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """The ways a surname is written (whole) and its parts that may stand for it alone.

    "van der Berg" -> whole: ``van der berg``, ``vanderberg``; parts: ``berg``.
    "O'Connor" -> whole: ``oconnor``, ``o connor``. "St. Pierre" -> also ``saint pierre``.
    "Hernández-López" -> whole: ``hernandez lopez``, ``hernandezlopez``; parts: ``hernandez``,
    ``lopez``.
    """
    main = words(last_name)
    if not main:
        return [], []
    whole: list[tuple[str, ...]] = [main]
    spaced = words("".join(" " if ch in APOSTROPHES else ch for ch in last_name))
    for variant in (spaced, ("".join(main),)):
        if variant not in whole:
            whole.append(variant)
    for variant in list(whole):
        for short, long in (("st", "saint"), ("ste", "sainte")):
            if short in variant or long in variant:
                swapped = tuple(long if w == short else short if w == long else w
                                for w in variant)
                if swapped not in whole:
                    whole.append(swapped)
    parts: list[tuple[str, ...]] = []
    if len(main) > 1:
        for word in main:
            if word not in PARTICLES and len(word) > 1 and (word,) not in whole \
                    and (word,) not in parts:
                parts.append((word,))
    return whole, parts


def person_forms(person: RosterPerson) -> Iterator[tuple[tuple[str, ...], str, int, int]]:
    """Every written form of the person's name and identifiers as (tokens, form, quality,
    initials): ``initials`` is the number of tokens that are initials (at the start of an
    ``initial_last`` form, at the end of a ``last_initial`` one), 0 for other forms.

    The same tokens may come out more than once (under different forms); the caller keeps the
    most specific (:data:`FORM_ORDER`)."""
    whole, parts = surname_variants(person.last_name)
    first = words(person.first_name)
    middle = words(person.middle_name)
    firsts: list[tuple[str, ...]] = [first] if first else []
    initials: list[tuple[str, ...]] = []
    if first:
        if len(first) > 1:
            firsts += [("".join(first),), first[:1]]
            initials += [(first[0][0],), tuple(w[0] for w in first),
                         ("".join(w[0] for w in first),)]
        else:
            initials.append((first[0][0],))
        if middle:
            initials += [(first[0][0], middle[0][0]), (first[0][0] + middle[0][0],)]
    nicknames = [a for a in (words(alias) for alias in person.aliases) if len(a) == 1]
    for surnames, quality in ((whole, EXACT), (parts, PART)):
        for last in surnames:
            yield last, "surname", quality, 0
            for given in firsts:
                yield given + last, "full_name", quality, 0
                yield last + given, "last_first", quality, 0
                if middle:
                    yield given + middle + last, "first_middle_last", quality, 0
                    yield (*given, middle[0][0], *last), "first_middle_last", quality, 0
                    yield last + given + middle, "last_first", quality, 0
                    yield last + given + (middle[0][0],), "last_first", quality, 0
            if middle and len(middle[0]) > 1:
                yield middle + last, "middle_last", quality, 0
            for initial in initials:
                yield initial + last, "initial_last", quality, len(initial)
                yield last + initial, "last_initial", quality, len(initial)
            for nickname in nicknames:
                yield nickname + last, "alias", quality, 0
                yield last + nickname, "alias", quality, 0
    for alias in person.aliases:
        alias_words = words(alias)
        if alias_words:
            yield alias_words, "alias", EXACT, 0
    if person.username:
        local = person.username.rsplit("\\", 1)[-1].split("@", 1)[0]
        user = words(local)
        if user:
            yield user, "username", EXACT, 0
            if len(user) > 1:
                yield ("".join(user),), "username", EXACT, 0
    for variant in employee_id_variants(person.employee_id):
        yield variant, "employee_id", EXACT, 0


def employee_id_variants(employee_id: str) -> list[tuple[str, ...]]:
    """"P12345" -> ``p12345`` and ``p 12345`` (as in "P-12345", "P 12345")."""
    main = words(employee_id)
    if not main:
        return []
    variants = [main]
    joined = ("".join(main),)
    if joined not in variants:
        variants.append(joined)
    split = tuple(w for w in re.split(r"(\d+)", joined[0]) if w)
    if split not in variants:
        variants.append(split)
    return variants


def compact(text: str) -> str:
    """Letters and digits only, folded: the key employee numbers are compared by."""
    return "".join(ch for ch in fold(text) if ch.isalnum())
