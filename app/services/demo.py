"""Deterministic demo data: a roster, a quarter of facial-recognition searches, and requests at
every stage. The same generator writes large vendor-style exports for the benchmarks.

All names, numbers and addresses are invented. ``.example`` domains are reserved (RFC 2606).
"""

from __future__ import annotations

import csv
import json
import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from app.domain.deadlines import Law, compute_deadline
from app.domain.requests import Channel, Criteria, Intake, Status
from app.services import requests as requests_service
from app.services.calendars import calendar_for
from app.services.context import Context
from app.services.jobs import Job
from app.storage import audit as audit_store
from app.storage import personnel as personnel_store
from app.storage.database import Database, utc_now
from app.storage.events import append_event

DOMAIN = "ribera-pd.example"
SYSTEM = "clearview"
SEARCH_START = date(2019, 10, 1)
SEARCH_END = date(2019, 12, 31)
LOCAL_TZ = ZoneInfo("America/Los_Angeles")

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

    @property
    def username(self) -> str:
        first = ascii_fold(self.first_name)[0].lower()
        last = "".join(c for c in ascii_fold(self.last_name).lower() if c.isalnum())
        return f"{first}{last}"

    @property
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
    for (first, middle, last, rank, unit), number in zip(ROSTER, ids):
        prefix = "C" if rank in ("Crime Analyst", "Records Supervisor") else "P"
        people.append(Person(f"{prefix}{number}", first, middle, last, rank, unit))
    return people


def _note(rng: random.Random, searcher: Person, people: list[Person]) -> str:
    colleague = rng.choice([p for p in people if p is not searcher])
    abbrev = RANK_ABBREV.get(colleague.rank, "")
    phone = f"(555) 01{rng.randint(0, 9)}-{rng.randint(1000, 9999)}"
    templates = (
        "",
        "",
        "Surveillance still from business, poor quality",
        "Possible match, follow-up pending",
        "No usable result",
        f"Probe photo from {abbrev} {colleague.last_name}",
        f"Requested by {ascii_fold(colleague.last_name).upper()}, "
        f"{ascii_fold(colleague.first_name).upper()}",
        f"Per {colleague.first_name[0]}. {ascii_fold(colleague.last_name)} - lead from tip line",
        f"Sent results to {colleague.email}",
        f"Lead from {abbrev} {colleague.last_name}; call {phone}",
        f"Shared w/ {colleague.username}",
        "Social media photo supplied by victim",
        f"Assist {colleague.unit}, {abbrev} {colleague.first_name} {colleague.last_name}",
    )
    return rng.choice(templates)


def searches(people: list[Person], count: int, seed: int = 11,
             start: date = SEARCH_START, end: date = SEARCH_END) -> Iterator[dict]:
    """Vendor-export rows (header -> text) of facial-recognition searches, in time order."""
    rng = random.Random(seed)
    searchers = people[:SEARCHER_COUNT]
    # A few heavy users and a long tail, as in real audits.
    weights = [1.0 / (i + 1) ** 0.9 for i in range(len(searchers))]
    span = int((datetime.combine(end, datetime.max.time()) -
                datetime.combine(start, datetime.min.time())).total_seconds())
    offsets = sorted(rng.randrange(span) for _ in range(count))
    base = datetime.combine(start, datetime.min.time())
    for i, offset in enumerate(offsets):
        who = rng.choices(searchers, weights)[0]
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


def _record(batch_id: int, line_no: int, row: dict) -> tuple:
    local = datetime.strptime(f"{row['Search Date']} {row['Search Time']}", "%m/%d/%Y %H:%M:%S")
    utc = local.replace(tzinfo=LOCAL_TZ).astimezone(timezone.utc)
    return (batch_id, line_no, SYSTEM, row["Search ID"], utc.strftime("%Y-%m-%d %H:%M:%S"),
            "America/Los_Angeles", row["User Name"], row["Employee ID"], row["User Email"], None,
            row["Department"], row["Case Number"] or None, row["Crime Type"], row["Notes"] or None,
            int(row["Results"]), row["IP Address"],
            json.dumps([row[h] for h in FR_HEADER], ensure_ascii=False))


# (status path from new, law, days before today received, extended?, requester, org, e-mail,
#  description, assignee)
DEMO_REQUESTS = (
    ((), Law.CPRA, 1, False, "Rosa Delgado", "Ribera Ledger", "rdelgado@ledger.example",
     "All audit logs of facial-recognition searches run by RPD personnel in Q4 2019, with the "
     "number of searches per user and the case types.", "D. Ruiz"),
    ((Status.ACKNOWLEDGED,), Law.CPRA, None, False, "Marcus Oyelaran", "Bay Civil Liberties Project",
     "records@bclp.example",
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
    ((Status.ACKNOWLEDGED, Status.SEARCHING, Status.IN_REVIEW, Status.AWAITING_APPROVAL,
      Status.RELEASED), Law.CPRA, 45, False, "Priscilla Adeyemi", "Ribera Ledger",
     "padeyemi@ledger.example",
     "Audit log of all Clearview AI searches, October 2019.", "D. Ruiz"),
    ((Status.ACKNOWLEDGED, Status.SEARCHING, Status.IN_REVIEW, Status.AWAITING_APPROVAL,
      Status.RELEASED, Status.CLOSED), Law.FOIA, 90, False, "Electronic Privacy Clinic", "",
     "foia@epc.example", "Records of facial-recognition searches by detailed officers, 2019.",
     "A. Moreno"),
)


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
    """Fill an empty database with the demo roster, searches and requests."""
    job = job or Job()
    people = roster()
    with db.transaction():
        for person in people:
            personnel_store.upsert_person(db, person.as_row())
        rows = list(searches(people, SEARCH_COUNT))
        job.progress(1, 3, "searches")
        batch_id = audit_store.insert_batch(db, {
            "sha256": f"demo-{SEARCH_COUNT}-searches", "file_name": "clearview-demo-export.csv",
            "system": SYSTEM, "vendor_profile": "demo", "encoding": "utf-8",
            "source_tz": "America/Los_Angeles", "header": json.dumps(FR_HEADER),
            "rows_imported": len(rows), "rows_rejected": 0, "imported_by": ctx.actor,
            "imported_at": utc_now()})
        audit_store.insert_records(db, (_record(batch_id, i + 2, r) for i, r in enumerate(rows)))
        audit_store.rebuild_search_index(db)
        append_event(db, actor=ctx.actor, action="demo.seeded",
                     details={"people": len(people), "searches": len(rows)})
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
                    reason = "released_redacted"
                    requests_service.close(db, ctx, view.number, reason)
                else:
                    requests_service.change_status(db, ctx, view.number, status)
            if extended:
                requests_service.extend(db, ctx, view.number, "c2" if law is Law.CPRA
                                        else "unusual")
            numbers.append(view.number)
    job.progress(3, 3, "done")
    return {"people": len(people), "searches": SEARCH_COUNT, "requests": numbers}
