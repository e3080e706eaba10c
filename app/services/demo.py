"""Deterministic demo data: a roster, a quarter of facial-recognition searches, and requests at
every stage. The same generator writes large vendor-style exports for the benchmarks.

All names, numbers and addresses are invented. ``.example`` domains are reserved (RFC 2606).
"""

from __future__ import annotations

import csv
import random
import tempfile
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property
from itertools import accumulate
from pathlib import Path

from app.domain.deadlines import Law, compute_deadline
from app.domain.requests import Channel, Criteria, Intake, Status
from app.services import requests as requests_service
from app.services.clocks import calendar_for
from app.services.context import Context
from app.services.jobs import Job
from app.storage.database import Database

DOMAIN = "ribera-pd.example"
# The demo's invented agency; a real database starts with none (app.domain.agency).
DEMO_AGENCY = {
    "agency_name": "City of Ribera Police Department",
    "agency_address": "100 Civic Center Plaza\nRibera, CA 90000",
    "agency_timezone": "America/Los_Angeles",
    "bates_prefix": "RPD",
    "signers": [{"name": "Dolores Ruiz", "title": "Records Supervisor",
                 "role": "records_officer"},
                {"name": "Robert Brown", "title": "Captain, Investigations", "role": "designee"}],
    "foia_public_liaison": {"name": "Dolores Ruiz", "phone": "(555) 010-4400",
                            "email": "records@ribera-pd.example"},
}
SYSTEM = "clearview"
SEARCH_START = date(2019, 10, 1)
SEARCH_END = date(2019, 12, 31)

# (first, middle, last, rank, unit). Diverse on purpose: accents, apostrophes, hyphens, particles,
# two-part surnames, and names that are also ordinary words, as real rosters have.
ROSTER: tuple[tuple[str, str, str, str, str], ...] = (
    ("José", "Luis", "García", "Detective", "Robbery"),
    ("Siobhán", "", "O'Connor", "Sergeant", "Robbery"),
    ("Mary-Kate", "", "Nguyen-Tran", "Detective", "Crimes Against Persons"),
    ("Zoë", "", "van der Berg", "Crime Analyst", "Real-Time Crime Center"),
    ("DeShawn", "A.", "Washington", "Officer", "Gang Enforcement"),
    ("Wei", "", "Li", "Detective", "Financial Crimes"),
    ("Aaliyah", "", "Johnson", "Detective", "Homicide"),
    ("Krzysztof", "", "Wójcik", "Officer", "Patrol North"),
    ("Björn", "", "Ångström", "Lieutenant", "Investigations"),
    ("María", "José", "Hernández-López", "Detective", "Sex Crimes"),
    ("Ngozi", "", "Okonkwo", "Crime Analyst", "Real-Time Crime Center"),
    ("Patrick", "", "D'Amico", "Detective", "Narcotics"),
    ("Thanh", "", "Phạm", "Officer", "Patrol South"),
    ("Jean-Luc", "", "Lefèvre", "Sergeant", "Gang Enforcement"),
    ("Rose", "", "Young", "Detective", "Burglary"),
    ("Amir", "", "Haddad", "Officer", "Patrol North"),
    ("Chloé", "", "Dubois", "Detective", "Auto Theft"),
    ("Kenji", "", "Watanabe", "Detective", "Financial Crimes"),
    ("Fatima", "", "Al-Sayed", "Crime Analyst", "Intelligence"),
    ("Seán", "", "Mac Giolla", "Officer", "Patrol South"),
    ("Lucía", "", "Ramírez", "Detective", "Robbery"),
    ("Olu", "", "Adébáyọ̀", "Sergeant", "Crimes Against Persons"),
    ("Anna", "", "Kowalczyk", "Detective", "Homicide"),
    ("Marcus", "", "Bell", "Officer", "Gang Enforcement"),
    ("Priya", "", "Raghunathan", "Detective", "Missing Persons"),
    ("Hyun-woo", "", "Park", "Officer", "Patrol North"),
    ("Dolores", "", "Ruiz", "Records Supervisor", "Records"),
    ("Tomás", "", "Ó Briain", "Detective", "Narcotics"),
    ("Grace", "", "Whitehorse", "Officer", "Patrol South"),
    ("Ivan", "", "Petrović", "Detective", "Auto Theft"),
    ("Élodie", "", "St. Pierre", "Crime Analyst", "Intelligence"),
    ("Kwame", "", "Mensah", "Sergeant", "Narcotics"),
    ("Hannah", "", "Schröder", "Officer", "Patrol North"),
    ("Luis", "", "Marsh", "Detective", "Burglary"),
    ("Aiyana", "", "Begay", "Officer", "Community Policing"),
    ("Robert", "", "Brown", "Captain", "Investigations"),
    ("Mei", "", "Chen-Watanabe", "Detective", "Sex Crimes"),
    ("Jamal", "", "Carter", "Officer", "Patrol South"),
    ("Noémie", "", "Laurent", "Detective", "Crimes Against Persons"),
    ("Gabriel", "", "Paz", "Officer", "Community Policing"),
)
SEARCHER_COUNT = 25
SEARCH_COUNT = 475
RANK_ABBREV = {"Detective": "Det.", "Sergeant": "Sgt.", "Officer": "Ofc.", "Lieutenant": "Lt.",
               "Captain": "Capt.", "Crime Analyst": "Analyst", "Records Supervisor": "Supv."}
CRIME_TYPES = ("Robbery", "Burglary", "Assault with a deadly weapon", "Identity theft", "Homicide",
               "Missing person", "Fraud", "Vehicle theft", "Sexual assault", "Shoplifting",
               "Carjacking", "Vandalism", "Narcotics sales", "Elder abuse", "Hit and run",
               "Training / test search")

# The facial-recognition export's header, as the demo vendor writes it.
FR_HEADER = ("Search ID", "Search Date", "Search Time", "User Name", "User Email", "Employee ID",
             "Department", "Case Number", "Crime Type", "Notes", "Results", "IP Address")


def ascii_fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c)).replace("Ø", "O").replace("ø", "o")


@dataclass(frozen=True)
class Person:
    employee_id: str
    first_name: str
    middle_name: str
    last_name: str
    rank: str
    unit: str

    @cached_property
    def username(self) -> str:
        first = ascii_fold(self.first_name)[0].lower()
        last = "".join(c for c in ascii_fold(self.last_name).lower() if c.isalnum())
        return f"{first}{last}"

    @cached_property
    def email(self) -> str:
        first = "".join(c for c in ascii_fold(self.first_name).lower() if c.isalnum())
        last = "".join(c for c in ascii_fold(self.last_name).lower() if c.isalnum())
        return f"{first}.{last}@{DOMAIN}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def as_row(self) -> dict:
        return {"employee_id": self.employee_id, "last_name": self.last_name,
                "first_name": self.first_name, "middle_name": self.middle_name,
                "email": self.email, "username": self.username, "rank": self.rank,
                "unit": self.unit, "aliases": "[]", "active": 1}


def roster(seed: int = 7) -> list[Person]:
    rng = random.Random(seed)
    ids = rng.sample(range(10000, 99999), len(ROSTER))
    people = []
    for (first, middle, last, rank, unit), number in zip(ROSTER, ids, strict=True):
        prefix = "C" if rank in ("Crime Analyst", "Records Supervisor") else "P"
        people.append(Person(f"{prefix}{number}", first, middle, last, rank, unit))
    return people


_NOTES = (
    lambda c, a, rng: "",
    lambda c, a, rng: "",
    lambda c, a, rng: "Surveillance still from business, poor quality",
    lambda c, a, rng: "Possible match, follow-up pending",
    lambda c, a, rng: "No usable result",
    lambda c, a, rng: f"Probe photo from {a} {c.last_name}",
    lambda c, a, rng: f"Requested by {ascii_fold(c.last_name).upper()}, "
                      f"{ascii_fold(c.first_name).upper()}",
    lambda c, a, rng: f"Per {c.first_name[0]}. {ascii_fold(c.last_name)} - lead from tip line",
    lambda c, a, rng: f"Sent results to {c.email}",
    lambda c, a, rng: f"Lead from {a} {c.last_name}; call "
                      f"(555) 01{rng.randint(0, 9)}-{rng.randint(1000, 9999)}",
    lambda c, a, rng: f"Shared w/ {c.username}",
    lambda c, a, rng: "Social media photo supplied by victim",
    lambda c, a, rng: f"Assist {c.unit}, {a} {c.first_name} {c.last_name}",
)


def _note(rng: random.Random, searcher: Person, people: list[Person]) -> str:
    """Free text as officers write it; some notes name a colleague in one of the forms a
    roster scan must catch (rank and surname, SURNAME, FIRST, initial, e-mail, username)."""
    colleague = people[rng.randrange(len(people) - 1)]
    if colleague is searcher:
        colleague = people[-1]
    template = _NOTES[rng.randrange(len(_NOTES))]
    return template(colleague, RANK_ABBREV.get(colleague.rank, ""), rng)


def searches(people: list[Person], count: int, seed: int = 11,
             start: date = SEARCH_START, end: date = SEARCH_END) -> Iterator[dict]:
    """Vendor-export rows (header -> text) of facial-recognition searches, in time order."""
    rng = random.Random(seed)
    searchers = people[:SEARCHER_COUNT]
    # A few heavy users and a long tail, as in real audits.
    weights = list(accumulate(1.0 / (i + 1) ** 0.9 for i in range(len(searchers))))
    span = int((datetime.combine(end, datetime.max.time()) -
                datetime.combine(start, datetime.min.time())).total_seconds())
    offsets = sorted(rng.randrange(span) for _ in range(count))
    base = datetime.combine(start, datetime.min.time())
    for offset in offsets:
        who = rng.choices(searchers, cum_weights=weights)[0]
        when = base + timedelta(seconds=offset)
        crime = rng.choice(CRIME_TYPES)
        results = 0 if crime.startswith("Training") and rng.random() < 0.5 else \
            rng.choice((0, 0, 1, 2, 3, 5, 8, 12, 20, 35, 60, 100, 150))
        yield {
            "Search ID": f"{rng.getrandbits(64):016x}",
            "Search Date": when.strftime("%m/%d/%Y"),
            "Search Time": when.strftime("%H:%M:%S"),
            "User Name": f"{who.first_name} {who.last_name}",
            "User Email": who.email,
            "Employee ID": who.employee_id,
            "Department": who.unit,
            "Case Number": "" if crime.startswith("Training") else
            f"{when:%y}-{rng.randint(100000, 999999)}",
            "Crime Type": crime,
            "Notes": _note(rng, who, people),
            "Results": str(results),
            "IP Address": f"10.14.{rng.randint(0, 9)}.{rng.randint(2, 250)}",
        }


def write_export(path: Path | str, rows: int, *, seed: int = 11, encoding: str = "utf-8-sig",
                 start: date = SEARCH_START, end: date = SEARCH_END) -> Path:
    """A facial-recognition vendor CSV export with ``rows`` searches (streams; any size)."""
    path = Path(path)
    people = roster()
    with path.open("w", newline="", encoding=encoding) as fh:
        writer = csv.DictWriter(fh, fieldnames=FR_HEADER)
        writer.writeheader()
        for row in searches(people, rows, seed, start, end):
            writer.writerow(row)
    return path


def write_roster(path: Path | str) -> Path:
    path = Path(path)
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Employee ID", "Last Name", "First Name", "Middle Name", "Rank", "Unit",
                         "Email", "Username"])
        for p in roster():
            writer.writerow([p.employee_id, p.last_name, p.first_name, p.middle_name, p.rank,
                             p.unit, p.email, p.username])
    return path


# (status path from new, law, days before today received, extended?, requester, org, e-mail,
#  description, assignee)
DEMO_REQUESTS = (
    ((), Law.CPRA, 1, False, "Rosa Delgado", "Ribera Ledger", "rdelgado@ledger.example",
     "All audit logs of facial-recognition searches run by RPD personnel in Q4 2019, with the "
     "number of searches per user and the case types.", "D. Ruiz"),
    ((Status.ACKNOWLEDGED,), Law.CPRA, None, False, "Marcus Oyelaran",
     "Bay Civil Liberties Project", "records@bclp.example",
     "Records showing which employees used Clearview AI between October and December 2019, "
     "including search logs.", "D. Ruiz"),
    ((Status.ACKNOWLEDGED, Status.SEARCHING), Law.CPRA, 6, True, "Hannah Feld",
     "Open Records Collective", "hfeld@orc.example",
     "Facial recognition search audit entries mentioning robbery or carjacking cases, "
     "Oct-Dec 2019.", "A. Moreno"),
    ((Status.ACKNOWLEDGED, Status.SEARCHING, Status.IN_REVIEW), Law.FOIA, 10, False,
     "Daniel Kwan", "", "dkwan@mail.example",
     "Any logs of searches made with facial-recognition services by task-force officers.",
     "A. Moreno"),
    ((Status.ACKNOWLEDGED, Status.SEARCHING, Status.IN_REVIEW, Status.AWAITING_APPROVAL),
     Law.CPRA, 8, False, "Leila Haddad", "KRBA News", "newsdesk@krba.example",
     "Number of Clearview searches per month and per unit, fourth quarter 2019.", "D. Ruiz"),
    ((Status.ACKNOWLEDGED, Status.SEARCHING), Law.CPRA, 25, False, "Tom Brennan", "",
     "tbrennan@post.example",
     "Search logs for facial recognition used in homicide investigations, 2019.", "A. Moreno"),
    # Nothing in the demo is "released": a release needs the release gate, which the desk does
    # not have yet. The finished requests ended the ways requests really do without one.
    ((Status.ACKNOWLEDGED, Status.SEARCHING, Status.IN_REVIEW, Status.WITHDRAWN,
      Status.CLOSED), Law.CPRA, 45, False, "Priscilla Adeyemi", "Ribera Ledger",
     "padeyemi@ledger.example",
     "Audit log of all Clearview AI searches, October 2019.", "D. Ruiz"),
    ((Status.ACKNOWLEDGED, Status.SEARCHING, Status.NO_RECORDS, Status.CLOSED), Law.FOIA, 90,
     False, "Electronic Privacy Clinic", "",
     "foia@epc.example", "Records of facial-recognition searches by detailed officers, 2019.",
     "A. Moreno"),
)


# How the finished demo requests were closed: the CPRA one withdrawn by its requester, the FOIA
# one referred to the federal task force that holds the detailed officers' records.
CLOSED_AS = {Law.CPRA: "withdrawn", Law.FOIA: "referred"}


def _received_due_soon(db: Database, today: date, law: Law) -> date:
    """The receipt date whose (unextended) deadline is the first one after today, so the demo
    always has a request about to fall due."""
    calendar = calendar_for(db, law)
    best = today
    for back in range(0, 40):
        received = today - timedelta(days=back)
        due = compute_deadline(law, received, calendar).due
        if due is not None and due > today:
            best = received
        else:
            break
    return best


def seed_demo(db: Database, ctx: Context, job: Job | None = None) -> dict:
    """Fill an empty database with the demo roster, searches and requests, through the same
    importers and services a clerk uses."""
    from app.services import imports, settings

    job = job or Job()
    settings.update_agency(db, ctx, DEMO_AGENCY)
    with tempfile.TemporaryDirectory(prefix="disclosure-desk-demo-") as tmp:
        roster_file = write_roster(Path(tmp) / "ribera-pd-roster.csv")
        imports.import_roster(db, ctx, roster_file)
        job.progress(1, 3, "searches")
        export = write_export(Path(tmp) / "clearview-search-log-2019Q4.csv", SEARCH_COUNT)
        plan = imports.plan_import(db, export, system=SYSTEM, timezone="America/Los_Angeles")
        imported = imports.import_audit(db, ctx, plan)
    job.progress(2, 3, "requests")
    numbers = []
    for path, law, days_back, extended, name, org, email, text, assignee in DEMO_REQUESTS:
        received = (_received_due_soon(db, ctx.today, law) if days_back is None
                    else ctx.today - timedelta(days=days_back))
        intake = Intake(law=law, received=received, requester_name=name, requester_org=org,
                        requester_email=email, description=text, channel=Channel.EMAIL,
                        assignee=assignee,
                        criteria=Criteria(SEARCH_START, SEARCH_END, systems=(SYSTEM,)))
        view = requests_service.create_request(db, ctx, intake)
        for status in path:
            if status is Status.CLOSED:
                requests_service.close(db, ctx, view.number, CLOSED_AS[law])
            else:
                requests_service.change_status(db, ctx, view.number, status)
        if extended:
            requests_service.extend(db, ctx, view.number,
                                    "c2" if law is Law.CPRA else "voluminous")
        numbers.append(view.number)
    job.progress(3, 3, "done")
    return {"people": len(ROSTER), "searches": imported["rows"], "requests": numbers}
