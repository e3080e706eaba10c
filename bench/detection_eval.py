"""Evaluation of the detector on the labelled set in tests/data/detection/.

    uv run python bench/detection_eval.py [--misses]

Prints recall per kind and per written form, precision per kind, false positives per 1,000 notes
(certain and review apart), how often a person hit names the right person, and how often the
detector's certain/review call agrees with the label. ``tests/test_detection_eval.py`` runs the
same evaluation and holds it to the quality bar.

Matching rules:
* a labelled span is *found* when every letter and digit in it lies inside hits of a fitting
  kind (a person span inside person hits; an unlisted-person span inside unlisted or person
  hits; a pattern span inside hits of that pattern's kind). Punctuation at a span's edge does not
  count: "Garcia, J." covered up to the J leaks nothing. Review items count as found: until the
  clerk rejects one it is redacted (fail closed);
* a hit is a *true positive* when it overlaps a labelled span of any kind, a *false positive*
  otherwise;
* *exact* when a hit has the labelled span's start and end.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.domain.detection import Detector, Hit  # noqa: E402
from app.domain.people import RosterPerson  # noqa: E402

DATA = ROOT / "tests" / "data" / "detection"
CUSTOM_PATTERNS = (("informant_number", r"\bCI-\d{4}\b"),)   # as in build_set.py
ROSTER_KINDS = frozenset({"person"})


def load_roster(path: Path = DATA / "roster.csv") -> list[RosterPerson]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [RosterPerson(int(r["person_id"]), r["employee_id"], r["last_name"],
                             r["first_name"], r["middle_name"], r["email"], r["username"],
                             r["rank"], tuple(a for a in r["aliases"].split(";") if a))
                for r in csv.DictReader(fh)]


def load_notes(path: Path = DATA / "notes.jsonl") -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _fits(gold_kind: str, hit_kind: str) -> bool:
    if gold_kind == "unlisted_person":
        return hit_kind in ("unlisted_person", "person")
    return gold_kind == hit_kind


@dataclass
class Report:
    notes: int = 0
    gold: Counter = field(default_factory=Counter)            # kind -> labelled spans
    found: Counter = field(default_factory=Counter)           # kind -> found
    found_any_kind: Counter = field(default_factory=Counter)  # kind -> covered by any hit
    exact: Counter = field(default_factory=Counter)
    by_tag: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0]))  # tag -> [found, n]
    hits: Counter = field(default_factory=Counter)            # kind -> hits
    true_hits: Counter = field(default_factory=Counter)
    false_certain: Counter = field(default_factory=Counter)
    false_review: Counter = field(default_factory=Counter)
    right_person: int = 0
    person_labelled: int = 0
    certainty_agrees: int = 0
    certainty_total: int = 0
    negative_notes: int = 0
    negative_notes_hit: int = 0
    misses: list = field(default_factory=list)
    false_positives: list = field(default_factory=list)
    wrong_person: list = field(default_factory=list)
    certainty_disagrees: list = field(default_factory=list)

    # --- headline figures ------------------------------------------------------------------

    def recall(self, kinds: frozenset[str] | None = None) -> float:
        gold = sum(n for k, n in self.gold.items() if kinds is None or k in kinds)
        found = sum(n for k, n in self.found.items() if kinds is None or k in kinds)
        return found / gold if gold else 1.0

    def precision(self, kind: str | None = None) -> float:
        hits = self.hits[kind] if kind else sum(self.hits.values())
        true = self.true_hits[kind] if kind else sum(self.true_hits.values())
        return true / hits if hits else 1.0

    def false_per_1000(self, *, review: bool | None = None) -> float:
        false = (sum(self.false_certain.values()) if review is not True else 0) + \
            (sum(self.false_review.values()) if review is not False else 0)
        return 1000 * false / self.notes if self.notes else 0.0


def evaluate(detector: Detector, notes: list[dict]) -> Report:
    report = Report()
    for note in notes:
        report.notes += 1
        text, spans = note["text"], note["spans"]
        hits = detector.scan(text)
        if note["tag"] == "negative":
            report.negative_notes += 1
            report.negative_notes_hit += bool(hits)
        for span in spans:
            _score_span(report, note, text, span, hits)
        for hit in hits:
            report.hits[hit.kind] += 1
            if any(hit.start < s["end"] and s["start"] < hit.end for s in spans):
                report.true_hits[hit.kind] += 1
            else:
                (report.false_certain if hit.certain else report.false_review)[hit.kind] += 1
                report.false_positives.append((note["id"], text, text[hit.start:hit.end],
                                               hit.kind, hit.certain, hit.why))
    return report


def _score_span(report: Report, note: dict, text: str, span: dict, hits: list[Hit]) -> None:
    kind = span["kind"]
    start, end = span["start"], span["end"]
    report.gold[kind] += 1
    needed = {i for i in range(start, end) if text[i].isalnum()}
    fitting = [h for h in hits if _fits(kind, h.kind) and h.start < end and start < h.end]
    covered = {i for h in fitting for i in range(h.start, h.end)}
    found = needed <= covered
    any_covered = {i for h in hits if h.start < end and start < h.end
                   for i in range(h.start, h.end)}
    report.found[kind] += found
    report.found_any_kind[kind] += needed <= any_covered
    report.exact[kind] += any(h.start == start and h.end == end for h in fitting)
    tag = report.by_tag[(note["tag"], kind)]
    tag[0] += found
    tag[1] += 1
    if not found:
        report.misses.append((note["id"], text, span["text"], kind,
                              [(text[h.start:h.end], h.kind) for h in hits]))
        return
    if kind == "person":
        report.person_labelled += 1
        ids = {h.person_id for h in fitting}
        if ids == {span["person_id"]}:
            report.right_person += 1
        else:
            report.wrong_person.append((note["id"], text, span["text"], span["person_id"],
                                        sorted(ids, key=str)))
    report.certainty_total += 1
    labelled_certain = not span["review"]
    if all(h.certain == labelled_certain for h in fitting):
        report.certainty_agrees += 1
    else:
        report.certainty_disagrees.append((note["id"], span["text"], kind,
                                           "labelled review" if span["review"] else
                                           "labelled certain",
                                           [(text[h.start:h.end], h.certain) for h in fitting]))


def detector_for_set() -> Detector:
    return Detector(load_roster(), custom_patterns=CUSTOM_PATTERNS)


def format_report(report: Report, *, details: bool = False) -> str:
    lines = [f"Labelled set: {report.notes} notes, {sum(report.gold.values())} labelled spans, "
             f"{report.negative_notes} notes with nothing to find",
             "",
             f"{'kind':<18}{'labelled':>9}{'found':>7}{'recall':>9}{'exact':>7}"
             f"{'hits':>7}{'precision':>11}{'false':>7}"]
    for kind in sorted(set(report.gold) | set(report.hits)):
        false = report.false_certain[kind] + report.false_review[kind]
        gold = report.gold[kind]
        lines.append(f"{kind:<18}{gold:>9}{report.found[kind]:>7}"
                     f"{(report.found[kind] / gold if gold else 1):>9.1%}{report.exact[kind]:>7}"
                     f"{report.hits[kind]:>7}{report.precision(kind):>11.1%}{false:>7}")
    lines += [
        "",
        f"Recall, roster identifiers (person spans): {report.recall(ROSTER_KINDS):.1%}",
        f"Recall, every labelled span: {report.recall():.1%}",
        f"Precision, every hit: {report.precision():.1%}",
        f"False positives per 1,000 notes: {report.false_per_1000():.1f} "
        f"(certain {report.false_per_1000(review=False):.1f}, "
        f"review {report.false_per_1000(review=True):.1f})",
        f"Notes with nothing to find that got a hit: {report.negative_notes_hit} of "
        f"{report.negative_notes}",
        f"Person hits naming the labelled person (or no one, when two fit): "
        f"{report.right_person} of {report.person_labelled}",
        f"Certain/review call agreeing with the label: {report.certainty_agrees} of "
        f"{report.certainty_total}",
        "",
        "Recall by written form (tag):",
    ]
    for (tag, kind), (found, total) in sorted(report.by_tag.items()):
        lines.append(f"  {tag:<24}{kind:<18}{found:>4} / {total:<4}")
    if details:
        for title, rows in (("Misses", report.misses), ("False positives",
                                                        report.false_positives),
                            ("Wrong person", report.wrong_person),
                            ("Certain/review disagreements", report.certainty_disagrees)):
            lines += ["", f"{title}: {len(rows)}"]
            lines += [f"  {row!r}" for row in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true",
                        help="list misses, false positives and disagreements")
    parser.add_argument("--big-roster", type=int, metavar="N", default=0,
                        help="also scan the notes with nothing to find against the benchmark's "
                             "generated N-person roster and list what is hit")
    args = parser.parse_args(argv)
    notes = load_notes()
    print(format_report(evaluate(detector_for_set(), notes), details=args.misses))
    if args.big_roster:
        from bench.detect_bench import roster

        big = Detector(roster(args.big_roster))
        negatives = [n for n in notes if n["tag"] == "negative"]
        hits = [(n["text"], n["text"][h.start:h.end], h.kind, h.certain)
                for n in negatives for h in big.scan(n["text"])]
        print(f"\nNotes with nothing to find, against a generated {args.big_roster}-person "
              f"roster: {len(hits)} hits in {len(negatives)} notes "
              f"({sum(c for *_, c in hits)} certain)")
        for row in hits:
            print(f"  {row!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
