"""The detector against the labelled set (tests/data/detection) and the real Okaloosa release.

The labelled set's figures are printed (``pytest -s`` or ``-rP`` shows them); the same report
comes from ``uv run python bench/detection_eval.py``.
"""

from __future__ import annotations

import csv
import re
from collections import Counter

import pytest

from app.domain.detection import Detector
from app.domain.people import RosterPerson, fold
from bench.detection_eval import (
    DATA,
    ROSTER_KINDS,
    detector_for_set,
    evaluate,
    format_report,
    load_notes,
)
from tests.conftest import REALDATA
from tests.data.detection import build_set


def test_the_committed_set_is_what_its_builder_writes():
    roster, notes = build_set.build()
    assert (DATA / "roster.csv").read_text(encoding="utf-8") == roster
    assert (DATA / "notes.jsonl").read_text(encoding="utf-8") == notes


def test_the_set_covers_every_form_and_kind():
    notes = load_notes()
    tags = Counter(n["tag"] for n in notes)
    kinds = Counter(s["kind"] for n in notes for s in n["spans"])
    assert len(notes) >= 500 and tags["negative"] >= 100
    for tag in ("full_name", "last_first", "last_first_caps", "initial_last", "rank_last",
                "rank_full_name", "surname", "surname_caps", "surname_no_accents", "username",
                "email", "employee_id", "alias", "possessive", "hyphen_as_space",
                "curly_apostrophe", "first_middle_last", "particle", "substring"):
        assert tags[tag] > 0, tag
    for kind in ("person", "unlisted_person", "email", "phone", "ipv4", "ipv6", "ssn", "dob",
                 "drivers_licence", "licence_plate", "custom", "vendor_mask"):
        assert kinds[kind] > 0, kind
    # The two Garcias, and review items, are in it.
    spans = [s for n in notes for s in n["spans"] if s["kind"] == "person"]
    assert any(s["person_id"] is None for s in spans)
    assert any(s["review"] for s in spans)


def test_recall_of_roster_identifiers_is_complete_and_precision_is_reported():
    report = evaluate(detector_for_set(), load_notes())
    print("\n" + format_report(report))
    # Fail closed: every labelled roster identifier is found (as a certain hit or a review
    # item), and so is every labelled pattern and unlisted person.
    assert report.recall(ROSTER_KINDS) == 1.0, report.misses
    assert report.recall() == 1.0, report.misses
    assert report.wrong_person == []
    # The quality bar beyond recall: these hold today; a change that lowers them should be
    # looked at, not waved through.
    assert report.precision() >= 0.98, report.false_positives
    assert report.false_per_1000(review=False) <= 2.0, report.false_positives
    assert report.false_per_1000() <= 10.0, report.false_positives
    assert report.certainty_agrees == report.certainty_total, report.certainty_disagrees


def test_the_evaluation_catches_a_detector_that_misses():
    """The evaluation is not vacuous: a detector blind to one person fails it."""
    notes = load_notes()
    roster = [p for p in build_set.ROSTER if p.pid != 15]
    blind = Detector([RosterPerson(p.pid, p.employee_id, p.last, p.first, p.middle, p.email,
                                   p.username, p.rank, p.aliases) for p in roster])
    report = evaluate(blind, notes)
    assert report.recall(ROSTER_KINDS) < 1.0
    assert any("Young" in miss[2] for miss in report.misses)


# --- the real Okaloosa County (FL) Flock audit ------------------------------------------------

OKALOOSA = REALDATA / "okaloosa-flock-audit" / \
    "11_1_2025-12_8_2025-Okaloosa_County_FL_SO-Audit_EXTRACTED.csv"
# An invented roster: Bowen (the example), surnames that the Reason column holds as
# bare words, one that is also a common word (Wells) and one that is not in it (Zamora).
OKALOOSA_ROSTER = (
    RosterPerson(1, "S1001", "Bowen", "Thomas", rank="Deputy"),
    RosterPerson(2, "S1002", "Echols", "Dana", rank="Deputy"),
    RosterPerson(3, "S1003", "Wells", "Mark", rank="Deputy"),
    RosterPerson(4, "S1004", "Cain", "Lee", rank="Investigator"),
    RosterPerson(5, "S1005", "Zamora", "Iris", rank="Sergeant"),
)


@pytest.mark.skipif(not OKALOOSA.is_file(), reason="the Okaloosa release is not in ../shared")
def test_okaloosa_reasons():
    with OKALOOSA.open(encoding="utf-8", newline="") as fh:
        reasons = [row["Reason"] for row in csv.DictReader(fh)]
    assert len(reasons) == 7273
    detector = Detector(OKALOOSA_ROSTER)
    surnames = {fold(p.last_name): p.person_id for p in OKALOOSA_ROSTER}
    by_kind: Counter[str] = Counter()
    by_person: Counter[int | None] = Counter()
    review = 0
    for reason in reasons:
        hits = detector.scan(reason)
        words = set(re.findall(r"[a-z]+", fold(reason)))
        named = {surnames[w] for w in words if w in surnames}
        for hit in hits:
            by_kind[hit.kind] += 1
            review += not hit.certain
            if hit.kind == "person":
                by_person[hit.person_id] += 1
                # A person hit is one of the roster surnames the reason holds ...
                assert hit.person_id in named, (reason, hit)
            else:
                # ... and the only other hits are the initial-and-name "For A. Planck".
                assert (hit.kind, reason[hit.start:hit.end]) == ("unlisted_person",
                                                                "A. Planck"), (reason, hit)
        # Every roster surname in a reason is found (fail closed).
        assert named <= {h.person_id for h in hits}, (reason, hits)
        # Case-number-like strings are never hits.
        if re.fullmatch(r"\s*\d{2}[-.]\d+\s*|\s*\d+\s*", reason):
            assert hits == [], reason
    bowen = [r for r in reasons if "bowen" in fold(r)]
    assert bowen and all(
        [(h.kind, h.person_id, h.certain) for h in detector.scan(r)] == [("person", 1, True)]
        for r in bowen)
    assert detector.scan("25-136102") == []
    # "wells warrant": a common word standing alone in a lower-case note - a review item.
    wells = [h for r in reasons if "wells" in fold(r) for h in detector.scan(r)]
    assert wells and all(not h.certain and h.person_id == 3 for h in wells)
    print(f"\nOkaloosa: {len(reasons)} reasons, hits by kind {dict(by_kind)}, "
          f"by person {dict(by_person)}, review items {review}")
    assert by_person[1] == len(bowen)
    assert by_person[5] == 0


def test_a_large_generated_roster_loses_no_name():
    """The benchmark's generator (shared, common-word, accented and particle surnames, ten
    written forms): every name it writes into a note is found."""
    from bench.detect_bench import labelled_notes, recall, roster

    people = roster(1500)
    named, names, misses = recall(Detector(people), labelled_notes(people, 4000, seed=3))
    assert names > 3000
    assert named == names, misses[:10]
