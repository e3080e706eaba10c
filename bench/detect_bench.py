"""Benchmark: the detector against the naive scan (one regular expression per person).

    uv run python bench/detect_bench.py [--notes 100000] [--people 5000] [--naive-notes 400]

Generates (deterministically, in memory) a roster of ``--people`` invented people - accents,
apostrophes, hyphens, particles, shared and common-word surnames - and ``--notes`` free-text
notes that name them in every written form, or no one, beside phone numbers, case numbers and
times. Then, each in a fresh process so that peak memory is measured per approach:

* ours  - ``Detector(roster)`` once, then ``scan`` over every note: one Aho-Corasick pass per
  note over the folded text, plus the personal-data patterns;
* naive - one compiled regular expression per person, the alternation of the same written
  forms (full name, surname first, initials, rank and surname, surname, username, e-mail,
  employee number), each run over every note, folded once. It runs over the first
  ``--naive-notes`` notes only (all of them would take hours); its time for all notes is its
  per-note time multiplied out, and the output says so.

Prints both times, the ratio (the issue's target is at least 20x) and each process's peak
resident memory (which includes the notes held in memory).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.domain.detection import Detector  # noqa: E402
from app.domain.nameforms import person_forms  # noqa: E402
from app.domain.people import RosterPerson, fold  # noqa: E402

FIRST = """José Ana Siobhán Mary-Kate Zoë Seán Patrick Tomás Élodie María Luis Wei Kenji Mei Rose
Marcus Hyun-woo Robert Grace Gabriel Daniel Sarah Anthony DeShawn Björn Krzysztof Olu Thanh
Hannah Fatima Jean-Luc Ngozi Priya Aiyana Dolores Ivan Kwame Thomas Christine Anna Tyrone
Terrence Ingrid Dmitri James John Michael David William Richard Joseph Charles Christopher
Matthew Andrew Joshua Kevin Brian George Edward Ronald Timothy Jason Jeffrey Ryan Jacob Gary
Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel Gregory Frank
Alexander Raymond Patrick Jack Dennis Jerry Tyler Aaron Jose Adam Henry Nathan Douglas Zachary
Peter Kyle Walter Ethan Jeremy Harold Keith Christian Roger Noah Gerald Carl Terry Sean Austin
Arthur Lawrence Jesse Dylan Bryan Joe Jordan Billy Bruce Albert Willie Gabriel Logan Alan Juan
Wayne Roy Ralph Randy Eugene Vincent Russell Elijah Louis Bobby Philip Johnny Mary Patricia
Jennifer Linda Elizabeth Barbara Susan Jessica Karen Nancy Lisa Betty Margaret Sandra Ashley
Kimberly Emily Donna Michelle Dorothy Carol Amanda Melissa Deborah Stephanie Rebecca Sharon Laura
Cynthia Kathleen Amy Shirley Angela Helen Anna Brenda Pamela Nicole Emma Samantha Katherine
Christine Debra Rachel Catherine Carolyn Janet Ruth Maria Heather Diane Virginia Julie Joyce
Victoria Olivia Kelly Christina Lauren Joan Evelyn Judith Megan Cheryl Andrea Hannah Martha
Jacqueline Frances Gloria Ann Teresa Kathryn Sara Janice Jean Alice Madison Doris Abigail Julia
Judy Grace Denise Amber Marilyn Beverly Danielle Theresa Sophia Marie Diana Brittany Natalie
Isabella Charlotte Rose Alexis Kayla Lucía Chloé Noémie Aaliyah Amir Jamal Priya Mohammed Yuki
Hiroshi Sakura Min-jun Seo-yeon Ji-ho Oluwaseun Chidi Amara Kofi Abena Thi Minh Duc""".split()
LAST = """García Garcia O'Connor Nguyen-Tran van der Berg Mac Giolla D'Amico Ó Briain St. Pierre
Hernández-López Hernández Li Watanabe Chen-Watanabe Young Bell Park Marsh Brown White Paz Long
Hill King Washington Ångström Wójcik Adébáyọ̀ Phạm Schröder Al-Sayed Lefèvre Okonkwo Raghunathan
Begay Ruiz Petrović Mensah Bowen Lee Bellamy Youngblood Okafor Løvaas Ivanov-Smirnov Smith Johnson
Williams Jones Miller Davis Rodriguez Martinez Wilson Anderson Taylor Thomas Moore Jackson Martin
Thompson Harris Sanchez Clark Ramirez Lewis Robinson Walker Allen Wright Scott Torres Nguyen
Flores Green Adams Nelson Baker Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz
Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz
Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez
Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross
Foster Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes
Gonzales Fisher Vasquez Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds Griffin
Wallace Moreno West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray
Ford Castro Marshall Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas
Henry Chen Freeman Webb Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez
Silva Shaw Snyder Mason Dixon Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose
Stone Salazar Fox Warren Mills Meyer Rice Schmidt Garza Daniels Ferguson Nichols Stephens Soto
Weaver Ryan Gardner Payne Grant Dunn Kelley Spencer Hawkins Arnold Pierce Vazquez Hansen Peters
Santos Hart Bradley Knight Elliott Cunningham Duncan Armstrong Hudson Carroll Lane Riley
Andrews Alvarado Ray Delgado Berry Perkins Hoffman Johnston Matthews Peña Richards Willis
Carpenter Lawrence Sandoval Guerrero George Chapman Rios Estrada Ortega Watkins Greene Núñez
Wheeler Valdez Harper Burke Larson Santiago Maldonado Morrison Franklin Carlson Austin Dominguez
Carr Lawson Jacobs O'Brien Lynch Singh Vega Bishop Montgomery Oliver Jensen Harvey Williamson
Gilbert Dean Sims Espinoza Howell Li Wong Reid Hanson Le McCoy Garrett Burton Fuller Wang Weber
Welch Rojas Lucas Marquez Fields Park Yang Little Banks Padilla Day Walsh Bowman Schultz Luna
Fowler Mejía Davidson Acosta Brewer May Holland Juárez Newman Pearson Curtis Cortez Douglas
Schneider Joseph Barrett Navarro Figueroa Keller Ávila Wade Molina Stanley Hopkins Campos Barnett
Bates Chambers Caldwell Beck Lambert Miranda Byrd Craig Ayala Lowe Frazier Powers Neal Leonard
Gregory Carrillo Sutton Fleming Rhodes Shelton Schwartz Norris Jennings Watts Duran Walters
Cohen McDaniel Moran Parks Steele Vaughn Becker Holt DeLeon Barker Terry Hale Leon Hail Benson
Haynes Horton Miles Lyons Pham Graves Bush Thornton Wolfe Warner Cabrera McKinney Mann Zimmerman
Dawson Lara Fletcher Page McCarthy Love Robles Cervantes Solis Erickson Reeves Chang Klein Salinas
Fuentes Baldwin Daniel Simon Velasquez Hardy Higgins Aguirre Lin Cummings Chandler Sharp Barber
Bowen Ochoa Dennis Robbins Liu Ramsey Francis Griffith Paul Blair O'Neill Cardenas Pacheco
Cross Calderon Quinn Moss Swanson Chan Rivas Khan Rodgers Serrano FitzGerald Rosales Cameron
Wiley Vance Dąbrowski Kowalczyk Müller Jäger Sørensen Åberg Þórsson Đorđević Çelik Yılmaz
Öztürk Nowak Kovač Horváth Novák Papadopoulos Ivanova Kuznetsov Popescu Dubois Lefebvre
Fontaine Mercier Rousseau Girard Bonnet Dupont Lambert Fournier Morel Gauthier Ferrari Esposito
Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti De Luca Mancini Costa Giordano
Rizzo Lombardi Moretti Van Dijk De Jong De Vries Van den Berg Bakker Janssen Visser Smit
Meijer De Boer Mulder De Groot Bos Vos Peters Hendriks Van Leeuwen Dekker Brouwer De Wit
Dijkstra Smits De Graaf Van der Meer Van der Linden Kok Jacobs De Haan Vermeulen Van den Heuvel
Van der Veen Van den Broek De Bruijn De Bruin Van der Heijden Schouten Van Beek Willems
Van Vliet Van de Ven Hoekstra Maas Verhoeven Koster Van Dam Van der Wal Prins Blom Huisman
Peeters Mac Diarmada Ní Bhriain Ó Súilleabháin Mac Carthaigh Ó Néill Nic Aodha St. John
St. Clair Del Rosario Dela Cruz De los Santos Abu-Bakr El-Amin Ben-David Bin Laden""".split("\n")
RANKS = ("Detective", "Sergeant", "Officer", "Police Officer II", "Police Officer III",
         "Lieutenant", "Captain", "Crime Analyst", "Deputy", "Corporal", "Records Supervisor",
         "Dispatcher", "Investigator")
ABBREVIATION = {"Detective": "Det.", "Sergeant": "Sgt.", "Officer": "Ofc.",
                "Police Officer II": "PO II", "Police Officer III": "PO III", "Lieutenant": "Lt.",
                "Captain": "Capt.", "Crime Analyst": "Analyst", "Deputy": "Dep.",
                "Corporal": "Cpl.", "Records Supervisor": "Supv.", "Dispatcher": "Dispatcher",
                "Investigator": "Inv."}

# "Detective José García", "Officer ...": the rank as written before a full name.
TITLE = {"Police Officer II": "Officer", "Police Officer III": "Officer",
         "Crime Analyst": "Analyst", "Records Supervisor": "Supervisor"}


def _surnames() -> list[str]:
    out: list[str] = []
    for line in LAST:
        # Multi-word surnames are written with their particles on one line; split the rest.
        words = line.split()
        index = 0
        while index < len(words):
            word = words[index]
            if word in ("van", "Van", "De", "de", "Del", "Dela", "Mac", "Ó", "Ní", "Nic", "St.",
                        "der", "den", "El", "Ben", "Bin") and index + 1 < len(words):
                end = index + 1
                while end < len(words) and words[end] in ("der", "den", "de", "los", "la"):
                    end += 1
                out.append(" ".join(words[index:end + 1]))
                index = end + 1
            else:
                out.append(word)
                index += 1
    return out


def roster(size: int, seed: int = 5) -> list[RosterPerson]:
    rng = random.Random(seed)
    surnames = _surnames()
    people = []
    used: set[str] = set()
    for pid in range(1, size + 1):
        first = rng.choice(FIRST)
        last = rng.choice(surnames)
        middle = rng.choice(("", "", "", "A.", "Lee", "Marie", "J."))
        ascii_first = "".join(c for c in fold(first) if c.isalpha())
        ascii_last = "".join(c for c in fold(last) if c.isalpha())
        username = f"{ascii_first[0]}{ascii_last}"
        while username in used:
            username += str(rng.randint(0, 9))
        used.add(username)
        people.append(RosterPerson(
            pid, f"{rng.choice('PPPCS')}{10000 + pid}", last, first, middle,
            f"{username}@agency.example", username, rng.choice(RANKS),
            (rng.choice(("Bobby", "Bud", "Lola", "Kiki", "JJ")),) if rng.random() < 0.03 else ()))
    return people


_FILLER = ("Surveillance still from business, poor quality", "Possible match, follow-up pending",
           "No usable result", "Social media photo supplied by victim", "a white van, young male",
           "Case 25-136102, 5 results at 10:30:15", "warrant", "bolo", "stolen vehicle",
           "Robbery near Marsh Rd and Park Ave", "Training / test search",
           "Shoplifting, brown jacket, rang the bell", "Missing person 2019-000123")


def _written(person: RosterPerson, rng: random.Random) -> tuple[str, int]:
    """One written form of the person, and how many of its characters are the name (all but
    a possessive "'s")."""
    form = rng.randrange(10)
    first, last = person.first_name, person.last_name
    written = (f"{first} {last}", f"{fold(last).upper()}, {fold(first).upper()}",
               f"{first[0]}. {last}", f"{ABBREVIATION[person.rank]} {last}", last,
               person.username, person.email, person.employee_id,
               f"{TITLE.get(person.rank, person.rank)} {first} {last}", f"{last}'s")[form]
    return written, len(written) - 2 if form == 9 else len(written)


def labelled_notes(people: list[RosterPerson], count: int, seed: int = 9
                   ) -> list[tuple[str, list[tuple[int, int]]]]:
    """Notes and the spans of the roster names written into them."""
    rng = random.Random(seed)
    out: list[tuple[str, list[tuple[int, int]]]] = []
    for _ in range(count):
        kind = rng.random()
        filler = rng.choice(_FILLER)
        if kind < 0.35:
            out.append((filler, []))
        elif kind < 0.85:
            written, length = _written(rng.choice(people), rng)
            carrier = rng.choice((f"Per {{}} - {filler}", f"{{}} requested; {filler}",
                                  f"{filler}. Sent to {{}}", "Lead from {}; call (555) 012-3456",
                                  "Shared w/ {}", "{}"))
            at = carrier.index("{}")
            out.append((carrier.replace("{}", written), [(at, at + length)]))
        else:
            (a, a_length), (b, b_length) = (_written(rng.choice(people), rng),
                                            _written(rng.choice(people), rng))
            at = len(a) + len(" and ")
            out.append((f"{a} and {b} reviewed; {filler}", [(0, a_length),
                                                             (at, at + b_length)]))
    return out


def notes(people: list[RosterPerson], count: int, seed: int = 9) -> list[str]:
    return [text for text, _spans in labelled_notes(people, count, seed)]


def recall(detector: Detector, labelled: list[tuple[str, list[tuple[int, int]]]]
           ) -> tuple[int, int, list]:
    """(names whose every letter and digit lies in person hits, names, misses)."""
    found = total = 0
    misses = []
    for text, spans in labelled:
        hits = [h for h in detector.scan(text) if h.kind == "person"]
        covered = {i for h in hits for i in range(h.start, h.end)}
        for start, end in spans:
            total += 1
            if all(i in covered for i in range(start, end) if text[i].isalnum()):
                found += 1
            else:
                misses.append((text, text[start:end]))
    return found, total, misses


def naive_expressions(people: list[RosterPerson]) -> list[re.Pattern[str]]:
    """One regular expression per person: the alternation of the same written forms the
    detector knows, words joined by any run of non-word characters, on token boundaries."""
    expressions = []
    for person in people:
        forms = {r"[\W_]+".join(re.escape(w) for w in words)
                 for words, _form, _quality, _initials in person_forms(person)}
        forms.add(re.escape(fold(person.email)))
        rank = ABBREVIATION.get(person.rank, "")
        if rank:
            forms.add(re.escape(fold(rank)) + r"\s*" + re.escape(fold(person.last_name)))
        alternation = "|".join(sorted(forms, key=len, reverse=True))
        expressions.append(re.compile(rf"(?<![^\W_])(?:{alternation})(?![^\W_])"))
    return expressions


def _peak_mb() -> float:
    try:
        import resource
    except ImportError:   # Windows: no getrusage
        return float("nan")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 1024 / 1024


def step(name: str, people_count: int, note_count: int, naive_notes: int) -> dict:
    people = roster(people_count)
    labelled = labelled_notes(people, note_count)
    texts = [text for text, _spans in labelled]
    before = _peak_mb()
    if name == "ours":
        start = time.perf_counter()
        detector = Detector(people)
        built = time.perf_counter() - start
        start = time.perf_counter()
        hits = review = 0
        for text in texts:
            found = detector.scan(text)
            hits += len(found)
            review += sum(not h.certain for h in found)
        scanned = time.perf_counter() - start
        peak = _peak_mb()
        named, names, _misses = recall(detector, labelled)    # after the clock stopped
        return {"build_s": built, "scan_s": scanned, "notes": len(texts), "hits": hits,
                "review": review, "peak_mb": peak, "before_mb": before, "named": named,
                "names": names}
    subset = texts[:naive_notes]
    start = time.perf_counter()
    expressions = naive_expressions(people)
    built = time.perf_counter() - start
    start = time.perf_counter()
    hits = 0
    for text in subset:
        folded = fold(text)
        for expression in expressions:
            hits += sum(1 for _ in expression.finditer(folded))
    scanned = time.perf_counter() - start
    return {"build_s": built, "scan_s": scanned, "notes": len(subset), "hits": hits,
            "peak_mb": _peak_mb(), "before_mb": before}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=5_000)
    parser.add_argument("--naive-notes", type=int, default=400)
    parser.add_argument("--step", choices=("ours", "naive"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step:
        print(json.dumps(step(args.step, args.people, args.notes, args.naive_notes)))
        return 0
    results = {}
    for name in ("ours", "naive"):
        out = subprocess.run([sys.executable, __file__, "--step", name, "--notes",
                              str(args.notes), "--people", str(args.people), "--naive-notes",
                              str(args.naive_notes)], capture_output=True, text=True, check=True)
        results[name] = json.loads(out.stdout)
    ours, naive = results["ours"], results["naive"]
    per_note_ours = ours["scan_s"] / ours["notes"]
    per_note_naive = naive["scan_s"] / naive["notes"]
    naive_total = per_note_naive * args.notes
    print(f"Roster: {args.people} generated people; notes: {args.notes} generated notes")
    print(f"ours : build {ours['build_s']:.2f} s, scan {ours['scan_s']:.2f} s "
          f"({per_note_ours * 1e6:.1f} µs/note, {ours['hits']} hits, {ours['review']} review "
          f"items), peak RSS {ours['peak_mb']:.0f} MB (before building: "
          f"{ours['before_mb']:.0f} MB)")
    print(f"       names written into the notes found (every letter inside person hits): "
          f"{ours['named']} of {ours['names']}")
    print(f"naive: build {naive['build_s']:.2f} s, scan of the first {naive['notes']} notes "
          f"{naive['scan_s']:.2f} s ({per_note_naive * 1e3:.2f} ms/note) -> "
          f"{naive_total:.0f} s for all {args.notes} notes (EXTRAPOLATED from the subset), "
          f"peak RSS {naive['peak_mb']:.0f} MB")
    print(f"ratio: ours is {per_note_naive / per_note_ours:.0f}x faster per note "
          f"(scan only; {naive_total / (ours['scan_s'] + ours['build_s']):.0f}x with our build "
          "time counted)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
