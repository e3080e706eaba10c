"""Matching a request's criteria: searchers are people, counts come before committing, and the
committed set is frozen."""

from __future__ import annotations

import csv
import json
from collections import Counter
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from app.domain.deadlines import Law
from app.domain.errors import InputError, RuleError
from app.domain.requests import Criteria, Intake
from app.services import imports, matching, reference
from app.services import requests as requests_service
from app.services.demo import SEARCH_COUNT, write_export, write_roster
from tests.conftest import REALDATA, run_cli

LA = ZoneInfo("America/Los_Angeles")
ROSTER = ("Employee ID,Last Name,First Name,Rank,Unit,Email,Username\n"
          "P12345,García,José,Detective,Robbery,jose.garcia@ribera-pd.example,jgarcia\n"
          "P23456,O'Connor,Siobhán,Sergeant,Robbery,siobhan.oconnor@ribera-pd.example,soconnor\n"
          "P34567,Young,Rose,Detective,Burglary,rose.young@ribera-pd.example,ryoung\n")
# One person written five ways, another by e-mail only, and someone not on the roster.
LOG = ("Search ID,Search Date,Search Time,User Name,Employee ID,User Email,Case Number,"
       "Crime Type,Notes,Results\n"
       "a1,10/01/2019,09:00:00,Det. García,,,19-1,Robbery,,1\n"
       "a2,10/15/2019,10:00:00,\"GARCIA, JOSE\",,,19-2,Carjacking,,0\n"
       "a3,10/31/2019,23:30:00,J. Garcia,,,19-3,Robbery,lead from Sgt. O'Connor,2\n"
       "a4,11/02/2019,08:00:00,,P12345,,19-4,Fraud,,5\n"
       "a5,11/20/2019,14:00:00,,,siobhan.oconnor@ribera-pd.example,19-5,Homicide,,1\n"
       "a6,12/01/2019,16:45:00,Ofc. Nobody,,,19-6,Robbery,,3\n"
       "a7,12/24/2019,11:00:00,Rose Young,P34567,,,Training / test search,,0\n")


def new_request(db, ctx, **criteria) -> str:
    base = {"date_from": date(2019, 10, 1), "date_to": date(2019, 12, 31),
            "systems": ("clearview",)}
    intake = Intake(law=Law.CPRA, received=date(2026, 11, 16), requester_name="Rosa Delgado",
                    description="Clearview search logs",
                    criteria=Criteria(**{**base, **criteria}))
    return requests_service.create_request(db, ctx, intake).number


@pytest.fixture
def small(db, ctx, tmp_path):
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    imports.import_roster(db, ctx, tmp_path / "roster.csv")
    (tmp_path / "log.csv").write_text(LOG, encoding="utf-8")
    plan = imports.plan_import(db, tmp_path / "log.csv", system="clearview",
                               timezone="America/Los_Angeles")
    imports.import_audit(db, ctx, plan)
    return db


def test_searchers_are_people_not_strings(small, ctx):
    number = new_request(small, ctx)
    result = matching.match(small, ctx, number)
    assert result.records == 7
    # García written four ways is one searcher; O'Connor by e-mail; Young; Nobody is listed.
    assert (result.searchers, result.unresolved) == (3, 1)
    assert result.unresolved_identities == [
        {"shown": "Ofc. Nobody", "records": 1, "reason": result.unresolved_identities[0]
         ["reason"]}]
    # 23:30 on 31 October in Ribera is 06:30 UTC on 1 November: it counts in October.
    assert result.by_month == {"2019-10": 3, "2019-11": 2, "2019-12": 2}
    assert result.by_system == {"clearview": 7}
    assert not result.committed
    assert small.scalar("SELECT count(*) FROM responsive_records") == 0  # counting freezes nothing


def test_criteria_narrow_by_person_unit_case_and_keyword(small, ctx):
    def count(**criteria) -> int:
        return matching.match(small, ctx, new_request(small, ctx, **criteria)).records

    assert count(users=("J. García",)) == 4          # every way García was written
    assert count(users=("P23456",)) == 1             # O'Connor, found by her e-mail
    assert count(users=("nobody",)) == 1             # not on the roster: by the log's words
    assert count(units=("Robbery",)) == 5            # the roster's unit of each searcher
    assert count(case_numbers=("19-3", "19-6")) == 2
    assert count(keywords=("carjacking", "homicide")) == 2   # any of the words
    assert count(date_from=date(2019, 11, 1)) == 4
    assert count(date_from=date(2019, 12, 1), date_to=date(2019, 12, 24)) == 2  # one month
    assert count(date_from=None, date_to=None) == 7                          # no range at all
    assert count(systems=("flock",)) == 0


def test_committing_freezes_the_set(small, ctx, tmp_path):
    number = new_request(small, ctx)
    result = matching.match(small, ctx, number, commit=True)
    assert result.committed and result.records == 7
    frozen = small.query("SELECT row_no, user_name, person_key, occurred_at FROM "
                         "responsive_records ORDER BY row_no")
    assert [r["row_no"] for r in frozen] == list(range(1, 8))
    assert [r["occurred_at"] for r in frozen] == sorted(r["occurred_at"] for r in frozen)
    garcia = small.scalar("SELECT id FROM personnel WHERE employee_id = 'P12345'")
    assert [r["person_key"] for r in frozen[:4]] == [f"p:{garcia}"] * 4
    # Later imports, roster edits and batch removals do not change what was frozen.
    more = tmp_path / "more.csv"
    more.write_text(LOG.replace("a1,", "b1,").replace("a2,", "b2,").split("\n", 1)[0] + "\n"
                    + "b9,10/05/2019,09:00:00,Det. García,,,19-9,Robbery,,1\n", encoding="utf-8")
    imports.import_audit(small, ctx, imports.plan_import(small, more, system="clearview",
                                                         date_order="month-first"))
    small.execute("UPDATE personnel SET last_name = 'García-Ruiz' WHERE employee_id = 'P12345'")
    imports.remove_batch(small, ctx, 1)
    assert small.query("SELECT row_no, user_name, person_key, occurred_at FROM "
                       "responsive_records ORDER BY row_no") == frozen
    person = small.one("SELECT last_name FROM request_people WHERE person_key = ?",
                       (f"p:{garcia}",))
    assert person["last_name"] == "García"
    summary = json.loads(small.scalar("SELECT summary FROM responsive_sets"))
    assert summary["records"] == 7
    assert small.scalar("SELECT count(*) FROM events WHERE action = 'request.matched'") == 1


def test_include_and_exclude_need_a_reason(small, ctx):
    number = new_request(small, ctx)
    with pytest.raises(RuleError, match="no responsive set yet"):
        matching.set_included(small, ctx, number, row_no=1, included=False, note="x")
    matching.match(small, ctx, number, commit=True)
    with pytest.raises(InputError, match="Say why"):
        matching.set_included(small, ctx, number, row_no=7, included=False, note=" ")
    result = matching.set_included(small, ctx, number, row_no=7, included=False,
                                   note="Training search, not a real case")
    assert result["records"] == 6
    row = small.one("SELECT included, note FROM responsive_records WHERE row_no = 7")
    assert (row["included"], row["note"]) == (0, "Training search, not a real case")


def test_nothing_to_freeze_is_refused(small, ctx):
    number = new_request(small, ctx, systems=("flock",))
    with pytest.raises(InputError, match="No records match"):
        matching.match(small, ctx, number, commit=True)
    assert small.scalar("SELECT count(*) FROM responsive_sets") == 0


def test_demo_counts_match_an_independent_count(db, ctx, tmp_path):
    imports.import_roster(db, ctx, write_roster(tmp_path / "roster.csv"))
    export = write_export(tmp_path / "q4.csv", SEARCH_COUNT)
    imports.import_audit(db, ctx, imports.plan_import(db, export, system="clearview",
                                                      timezone="America/Los_Angeles"))
    result = matching.match(db, ctx, new_request(db, ctx))
    with export.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    months = Counter(datetime.strptime(r["Search Date"], "%m/%d/%Y").strftime("%Y-%m")
                     for r in rows)
    assert result.records == len(rows) == SEARCH_COUNT
    assert result.by_month == dict(months)
    assert result.searchers == len({r["Employee ID"] for r in rows}) == 25
    assert result.unresolved == 0


def cli_desk(tmp_path, log: str = LOG) -> str:
    """A database made by the command line, holding ROSTER and ``log``: its path."""
    db = str(tmp_path / "desk.sqlite3")
    run_cli("--db", db, "init")
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    (tmp_path / "log.csv").write_text(log, encoding="utf-8")
    run_cli("--db", db, "import-roster", str(tmp_path / "roster.csv"))
    run_cli("--db", db, "import-audit", str(tmp_path / "log.csv"), "--system", "clearview")
    return db


def test_the_command_line_contract(tmp_path):
    db = cli_desk(tmp_path)
    number = run_cli("--db", db, "request", "new", "--law", "cpra", "--received", "2026-11-16",
                     "--requester", "R", "--description", "logs", "--from", "2019-10-01",
                     "--to", "2019-12-31", today=date(2026, 11, 20)).stdout.strip()
    out = run_cli("--db", db, "request", "match", number, "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {"records", "searchers", "unresolved", "by_month", "by_system"} <= set(data)
    assert (data["records"], data["searchers"], data["unresolved"]) == (7, 3, 1)
    assert data["by_month"]["2019-10"] == 3 and data["committed"] is True
    out = run_cli("--db", db, "request", "exclude", number, "--row", "7", "--note",
                  "training search")
    assert out.returncode == 0 and "6 records in the set" in out.stdout


@pytest.mark.skipif(not (REALDATA / "okaloosa-flock-audit").exists(),
                    reason="../shared/realdata is not beside the project")
def test_the_real_flock_release_matches(db, ctx):
    flock = REALDATA / "okaloosa-flock-audit" / \
        "11_1_2025-12_8_2025-Okaloosa_County_FL_SO-Audit_EXTRACTED.csv"
    imports.import_audit(db, ctx, imports.plan_import(db, flock))
    intake = Intake(law=Law.CPRA, received=date(2026, 11, 16), requester_name="R",
                    description="Flock audit, November 2025",
                    criteria=Criteria(date(2025, 11, 1), date(2025, 11, 30), ("flock",)))
    number = requests_service.create_request(db, ctx, intake).number
    result = matching.match(db, ctx, number, commit=True)
    # The agency removed the searchers' names before release: no one to resolve.
    assert result.searchers == 0 and result.no_searcher == result.records
    with flock.open(encoding="utf-8", newline="") as fh:
        expected = sum(1 for r in csv.DictReader(fh)
                       if date(2025, 11, 1) <= _local(r["Search_Time"]).date()
                       <= date(2025, 11, 30))
    assert result.records == expected
    assert reference.batches(db)[0]["rows_imported"] == 7273


def _local(text: str) -> datetime:
    return datetime.strptime(text, "%m/%d/%Y, %I:%M:%S %p UTC").replace(tzinfo=UTC).astimezone(LA)


