"""The personnel roster import, and the import commands of the CLI."""

from __future__ import annotations

import json

import pytest

from app.domain.errors import InputError
from app.importers.roster import split_full_name
from app.services import imports
from app.services.demo import write_export, write_roster
from tests.conftest import run_cli


def test_roster_import_adds_then_updates_never_duplicates(db, ctx, tmp_path):
    path = write_roster(tmp_path / "roster.csv")
    first = imports.import_roster(db, ctx, path)
    assert (first["added"], first["updated"], first["rejected"]) == (40, 0, 0)
    again = imports.import_roster(db, ctx, path)
    assert (again["added"], again["unchanged"]) == (0, 40)
    text = path.read_text(encoding="utf-8-sig").replace("Robbery", "Homicide", 1)
    path.write_text(text, encoding="utf-8-sig")
    changed = imports.import_roster(db, ctx, path)
    assert (changed["updated"], changed["unchanged"]) == (1, 39)
    assert db.scalar("SELECT count(*) FROM personnel") == 40


def test_roster_with_full_names_in_excel(db, ctx, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Serial #", "Name", "Rank", "Division", "AKA", "Status"])
    book.active.append(["P100", "GARCIA, JOSE L.", "Detective", "Robbery", "Pepe; Joe", "Active"])
    book.active.append(["P101", "Zoë van der Berg", "Analyst", "RTCC", "", "Retired"])
    book.active.append([None, "Nobody", "", "", "", ""])
    book.active.append(["P100", "Duplicate", "", "", "", ""])
    path = tmp_path / "roster.xlsx"
    book.save(path)
    result = imports.import_roster(db, ctx, path)
    assert (result["added"], result["rejected"]) == (2, 2)
    assert [r["line"] for r in result["rejects"]] == [4, 5]
    people = {p["employee_id"]: p for p in db.query("SELECT * FROM personnel")}
    assert (people["P100"]["last_name"], people["P100"]["first_name"],
            people["P100"]["middle_name"]) == ("GARCIA", "JOSE", "L.")
    assert json.loads(people["P100"]["aliases"]) == ["Pepe", "Joe"]
    assert people["P101"]["last_name"] == "van der Berg" and people["P101"]["active"] == 0


@pytest.mark.parametrize("text, expected", [
    ("GARCIA, JOSE", ("GARCIA", "JOSE", "")),
    ("José Luis García", ("García", "José", "Luis")),
    ("Seán Mac Giolla", ("Mac Giolla", "Seán", "")),
    ("Madonna", ("Madonna", "", "")),
])
def test_full_names_are_split(text, expected):
    assert split_full_name(text) == expected


def test_roster_without_ids_is_refused(db, ctx, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("Last Name,First Name\nGarcia,Jose\n", encoding="utf-8")
    with pytest.raises(InputError, match="employee or serial-number column"):
        imports.import_roster(db, ctx, path)
    assert db.scalar("SELECT count(*) FROM personnel") == 0


@pytest.fixture
def cli_db(tmp_path):
    db = tmp_path / "desk.sqlite3"
    assert run_cli("--db", str(db), "init").returncode == 0
    return str(db)


def test_cli_import_audit_json_and_reimport(cli_db, tmp_path):
    path = write_export(tmp_path / "fr.csv", 1000)
    out = run_cli("--db", cli_db, "import-audit", str(path))
    # The generic facial-recognition shape does not say which system the log is from.
    assert out.returncode == 2 and "--system" in out.stderr
    out = run_cli("--db", cli_db, "import-audit", str(path), "--system", "clearview", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert (data["batch"], data["rows"], data["rejected"]) == (1, 1000, 0)
    out = run_cli("--db", cli_db, "import-audit", str(path), "--system", "clearview")
    assert out.returncode == 2 and "already imported" in out.stderr
    listing = json.loads(run_cli("--db", cli_db, "batch", "list", "--json").stdout)
    assert [b["rows_imported"] for b in listing["batches"]] == [1000]
    out = run_cli("--db", cli_db, "batch", "remove", "1", "--json")
    assert json.loads(out.stdout)["removed_records"] == 1000


def test_cli_propose_mapping_then_import(cli_db, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("Date,Time,Searched By,Badge/Serial,Reason for search,DR #,Hits,Comments\n"
                    "10/15/19,1530,Det. Garcia,P12345,Robbery,19-1,3,\n", encoding="utf-8")
    out = run_cli("--db", cli_db, "import-audit", str(path))
    assert out.returncode == 2
    assert "--propose-mapping" in out.stderr
    out = run_cli("--db", cli_db, "import-audit", str(path), "--propose-mapping",
                  "--system", "clearview")
    assert out.returncode == 0
    proposal = json.loads(out.stdout)
    assert proposal["columns"]["DR #"] == "case_number"
    assert proposal["columns"]["Badge/Serial"] == "user_id"
    assert proposal["system"] == "clearview"
    mapping = tmp_path / "map.json"
    mapping.write_text(out.stdout, encoding="utf-8")
    out = run_cli("--db", cli_db, "import-audit", str(path), "--mapping", str(mapping),
                  "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["rows"] == 1


def test_cli_bad_files_exit_2(cli_db, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    out = run_cli("--db", cli_db, "import-audit", str(empty))
    assert out.returncode == 2 and "is empty" in out.stderr
    out = run_cli("--db", cli_db, "import-audit", str(tmp_path / "missing.csv"))
    assert out.returncode == 2 and "no file" in out.stderr
    out = run_cli("--db", cli_db, "import-audit", str(empty), "--mapping",
                  str(tmp_path / "nomap.json"))
    assert out.returncode == 2 and "no mapping file" in out.stderr


def test_cli_import_roster(cli_db, tmp_path):
    out = run_cli("--db", cli_db, "import-roster", str(write_roster(tmp_path / "r.csv")),
                  "--json")
    data = json.loads(out.stdout)
    assert (data["rows"], data["rejected"], data["added"]) == (40, 0, 40)
    assert len(data["batch"]) == 64  # the file's SHA-256


def test_cancelling_a_roster_import_saves_nobody(db, ctx, tmp_path):
    from app.services.jobs import Cancelled, Job

    path = tmp_path / "big-roster.csv"
    lines = ["Employee ID,Last Name,First Name"] + [f"P{n:05d},Surname{n},Given{n}"
                                                    for n in range(1, 2001)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    seen = []

    def progress(done, total, text):
        seen.append(text)
        if len(seen) == 2:
            job.cancel()

    job = Job(progress)
    with pytest.raises(Cancelled):
        imports.import_roster(db, ctx, path, job)
    assert seen and db.scalar("SELECT count(*) FROM personnel") == 0
    assert imports.import_roster(db, ctx, path)["added"] == 2000


def test_cancelling_a_backup_leaves_no_file(demo_db, ctx, tmp_path, monkeypatch):
    from app.services.database import backup
    from app.services.jobs import Cancelled, Job
    from app.storage import database

    monkeypatch.setattr(database, "BACKUP_STEP_PAGES", 4)  # a small file copied in many steps

    job = Job(lambda done, total, text: job.cancel())
    target = tmp_path / "copy.sqlite3"
    with pytest.raises(Cancelled):
        backup(demo_db, ctx, target, job)
    assert list(tmp_path.glob("copy.sqlite3*")) == []
    events = demo_db.query("SELECT action FROM events WHERE action = 'database.backed_up'")
    assert events == []
