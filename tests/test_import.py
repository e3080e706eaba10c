"""Importing vendor audit exports: shapes, encodings, mappings, bad files, atomicity."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import time
from datetime import UTC
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from app.domain.errors import InputError
from app.importers.mapping import Mapping, load_mapping, save_mapping
from app.services import imports
from app.services.demo import write_export
from app.services.jobs import Cancelled, Job
from app.storage import audit as store
from tests.conftest import REALDATA, ROOT, run_cli

FLOCK = REALDATA / "okaloosa-flock-audit" / \
    "11_1_2025-12_8_2025-Okaloosa_County_FL_SO-Audit_EXTRACTED.csv"
SHARING = REALDATA / "okaloosa-flock-audit" / "Sharing_Agencies_EXTRACTED.csv"


def nothing_written(db) -> bool:
    return (db.scalar("SELECT count(*) FROM audit_batches") == 0
            and db.scalar("SELECT count(*) FROM audit_records") == 0
            and db.scalar("SELECT count(*) FROM audit_rejects") == 0)


def do_import(db, ctx, path, **kw):
    return imports.import_audit(db, ctx, imports.plan_import(db, path, **kw))


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


# --- the real Flock release --------------------------------------------------------------------

@pytest.mark.skipif(not FLOCK.exists(), reason="../shared/realdata is not beside the project")
def test_real_flock_audit_imports_every_row(db, ctx):
    plan = imports.plan_import(db, FLOCK)
    assert plan.profile is not None and plan.profile.name == "flock-alpr-audit"
    assert plan.system == "flock"
    result = imports.import_audit(db, ctx, plan)
    assert (result["rows"], result["rejected"]) == (7273, 0)
    # The profile says month first; the release's own dates (11/14/2025) agree.
    assert (result["date_order"], result["date_order_reason"]) == (
        "month-first", "as the vendor's profile says")
    assert result["already_imported"] == 0 and result["lines"] == 7274
    times = db.one("SELECT min(occurred_at) AS lo, max(occurred_at) AS hi FROM audit_records")
    assert times["lo"].startswith("2025-11-01") and times["hi"].startswith("2025-12-09")
    first = db.one("SELECT * FROM audit_records WHERE line_no = 2")
    # "11/14/2025, 09:53:36 AM UTC" says its zone: kept in UTC, and the zone recorded.
    assert first["occurred_at"] == "2025-11-14 09:53:36"
    assert first["source_tz"] == "UTC"
    assert first["event_id"] == "23d55b89-42eb-4f5c-9281-f5e8bf4864be"
    assert (first["purpose"], first["unit"]) == ("bolo", "Okaloosa County FL SO")
    # The original row is kept verbatim, including the columns no field takes.
    with FLOCK.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert store.original_cells(db, first["id"]) == (rows[0], rows[1])
    stored = db.query("SELECT id, line_no FROM audit_records ORDER BY line_no")
    originals = {r["line_no"]: store.original_cells(db, r["id"])[1] for r in stored}
    assert all(cells == rows[line - 1] for line, cells in originals.items())
    search_types = [cells[8] for cells in originals.values()]
    assert search_types.count("lookup") == 5504 and search_types.count("convoy") == 3
    assert db.scalar("SELECT count(*) FROM audit_records WHERE purpose IS NULL") == 9
    warrant = store.count_records(db, store.RecordQuery(fts='"warrant"*'))
    assert warrant == db.scalar("SELECT count(*) FROM audit_records WHERE "
                                "lower(purpose) LIKE '%warrant%' OR lower(notes) LIKE '%warrant%'")
    assert warrant > 0


@pytest.mark.skipif(not FLOCK.exists(), reason="../shared/realdata is not beside the project")
def test_reimport_is_detected_not_duplicated(db, ctx):
    do_import(db, ctx, FLOCK)
    before = db.scalar("SELECT count(*) FROM audit_records")
    with pytest.raises(InputError) as err:
        do_import(db, ctx, FLOCK)
    assert "already imported as batch 1" in err.value.message
    assert db.scalar("SELECT count(*) FROM audit_records") == before


@pytest.mark.skipif(not FLOCK.exists(), reason="../shared/realdata is not beside the project")
def test_flock_vendor_labels_are_recognised(db, ctx, tmp_path):
    text = FLOCK.read_text(encoding="utf-8").splitlines()
    text[0] = text[0].replace("_", " ")  # "Org Name", "Search Time": the vendor's own labels
    path = write(tmp_path / "flock-vendor.csv", "\n".join(text[:50]) + "\n", "utf-8-sig")
    plan = imports.plan_import(db, path)
    assert plan.profile.name == "flock-alpr-audit"
    assert imports.import_audit(db, ctx, plan)["rows"] == 49


@pytest.mark.skipif(not SHARING.exists(), reason="../shared/realdata is not beside the project")
def test_a_file_that_is_not_an_audit_log_is_refused(db, ctx):
    with pytest.raises(InputError) as err:
        do_import(db, ctx, SHARING)
    assert "None of the columns" in err.value.message
    assert "--propose-mapping" in err.value.hint
    assert nothing_written(db)


# --- the facial-recognition profile and time zones ---------------------------------------------

def test_facial_recognition_export_in_local_time(db, ctx, tmp_path):
    from datetime import date

    # Three days around the end of daylight saving time, 3 November 2019.
    path = write_export(tmp_path / "fr.csv", 3000, start=date(2019, 11, 2),
                        end=date(2019, 11, 4))
    # 2-4 November: no day above 12, so the clerk says the order.
    plan = imports.plan_import(db, path, system="clearview", date_order="month-first")
    assert plan.profile.name == "facial-recognition-search-log"
    result = imports.import_audit(db, ctx, plan)
    assert result["rows"] == 3000 and result["rejected"] == 0
    # Searches on 3 November 2019 between 01:00 and 02:00 happened twice on the clock; they
    # are read as daylight time and counted.
    with path.open(encoding="utf-8-sig", newline="") as fh:
        repeated = sum(1 for r in csv.DictReader(fh)
                       if r["Search Date"] == "11/03/2019" and r["Search Time"][:2] == "01")
    assert repeated > 0 and result["ambiguous_times"] == repeated
    from datetime import datetime
    from zoneinfo import ZoneInfo

    pacific = ZoneInfo("America/Los_Angeles")
    for r in db.query("SELECT id, occurred_at FROM audit_records"):
        cells = store.original_cells(db, r["id"])[1]
        local = datetime.strptime(f"{cells[1]} {cells[2]}", "%m/%d/%Y %H:%M:%S")
        expected = local.replace(tzinfo=pacific).astimezone(UTC)
        assert r["occurred_at"] == expected.strftime("%Y-%m-%d %H:%M:%S")


def test_timestamps_across_daylight_saving(db, ctx, tmp_path):
    path = write(tmp_path / "dst.csv",
                 "Date,Time,Searched By,Reason for search\n"
                 "10/15/19,1530,Det. Garcia,robbery\n"      # PDT: +7 hours
                 "12/02/19,1530,Det. Garcia,robbery\n"      # PST: +8 hours
                 "11/03/19,0130,Det. Garcia,robbery\n"      # the repeated hour: first one
                 "11/03/19,0230,Det. Garcia,robbery\n")
    mapping = Mapping("clearview", "America/Los_Angeles",
                      {"Date": "occurred_date", "Time": "occurred_time",
                       "Searched By": "user_name", "Reason for search": "purpose"})
    result = do_import(db, ctx, path, mapping=mapping)
    assert result["ambiguous_times"] == 1
    assert [r["occurred_at"] for r in db.query(
        "SELECT occurred_at FROM audit_records ORDER BY line_no")] == [
        "2019-10-15 22:30:00", "2019-12-02 23:30:00", "2019-11-03 08:30:00",
        "2019-11-03 10:30:00"]


def test_other_source_zone(db, ctx, tmp_path):
    path = write(tmp_path / "ny.csv", "Timestamp,User\n2019-07-04 12:00:00,Sgt. Bell\n")
    do_import(db, ctx, path, system="clearview", timezone="America/New_York")
    assert db.scalar("SELECT occurred_at FROM audit_records") == "2019-07-04 16:00:00"
    batch = db.one("SELECT source_tz FROM audit_batches")
    assert batch["source_tz"] == "America/New_York"


def test_day_first_dates_are_detected(db, ctx, tmp_path):
    path = write(tmp_path / "uk.csv", "Date,Time,User\n25/10/2019,09:00,A\n03/11/2019,09:00,B\n")
    plan = imports.plan_import(db, path, system="x", timezone="UTC")
    assert plan.day_first
    imports.import_audit(db, ctx, plan)
    assert [r["occurred_at"] for r in db.query(
        "SELECT occurred_at FROM audit_records ORDER BY line_no")] == [
        "2019-10-25 09:00:00", "2019-11-03 09:00:00"]


# --- the brief's unknown shape and mapping files -----------------------------------------------

BRIEF_HEADER = "Date,Time,Searched By,Badge/Serial,Reason for search,DR #,Hits,Comments,Extra"
BRIEF_MAPPING = {"Date": "occurred_date", "Time": "occurred_time", "Searched By": "user_name",
                 "Badge/Serial": "user_id", "Reason for search": "purpose",
                 "DR #": "case_number", "Hits": "result_count", "Comments": "notes"}


def brief_file(tmp_path: Path, encoding="cp1252") -> Path:
    return write(tmp_path / "export.csv",
                 BRIEF_HEADER + "\r\n"
                 "10/15/19,1530,\"GARCÍA, JOSÉ\",P12345,Robbery,19-123456,3,per Det. García,x\r\n"
                 "\r\n"
                 "10/16/19,0905,O'Connor,P23456,Fraud,19-223344,\"1,204\",\"two\r\nlines\",\r\n"
                 "10/17/19,2359,Nguyen-Tran,P34567,Missing person,,0,,\r\n",
                 encoding)


def test_proposed_mapping_matches_the_brief(db, tmp_path):
    plan = imports.plan_import(db, brief_file(tmp_path))
    assert plan.mapping_source == "proposed"
    assert plan.mapping.columns == BRIEF_MAPPING
    assert plan.table.encoding == "cp1252"


def test_cp1252_export_with_mapping_file(db, ctx, tmp_path):
    mapping_file = tmp_path / "map.json"
    mapping_file.write_text(json.dumps({"system": "clearview", "timezone":
                                        "America/Los_Angeles", "columns": BRIEF_MAPPING}))
    result = do_import(db, ctx, brief_file(tmp_path), mapping=load_mapping(mapping_file))
    assert (result["rows"], result["rejected"]) == (3, 0)
    rows = db.query("SELECT * FROM audit_records ORDER BY line_no")
    # Line numbers are the file's own: a blank line and a two-line cell are counted.
    assert [r["line_no"] for r in rows] == [2, 4, 6]
    assert rows[0]["user_name"] == "GARCÍA, JOSÉ"              # cp1252 decoded
    assert rows[0]["occurred_at"] == "2019-10-15 22:30:00"     # '1530' local time
    assert rows[1]["result_count"] == 1204                      # '1,204'
    assert rows[1]["notes"] == "two\r\nlines"
    assert rows[2]["case_number"] is None and rows[2]["notes"] is None
    assert store.original_cells(db, rows[2]["id"])[1][-1] == ""  # unmapped 'Extra' kept
    with brief_file(tmp_path).open(encoding="cp1252", newline="") as fh:
        lines = [r for r in csv.reader(fh) if r]
    assert [store.original_cells(db, r["id"])[1] for r in rows] == lines[1:]


def test_mapping_errors_are_explained(db, ctx, tmp_path):
    bad_field = Mapping("x", "UTC", {"Date": "when", "Time": "occurred_time"})
    with pytest.raises(InputError, match="Unknown field"):
        do_import(db, ctx, brief_file(tmp_path), mapping=bad_field)
    missing = Mapping("x", "UTC", {"Datum": "occurred_date"})
    with pytest.raises(InputError, match="not in the file"):
        do_import(db, ctx, brief_file(tmp_path), mapping=missing)
    no_zone = Mapping("x", "Mars/Olympus", BRIEF_MAPPING)
    with pytest.raises(InputError, match="not a time zone"):
        do_import(db, ctx, brief_file(tmp_path), mapping=no_zone)
    assert nothing_written(db)


def test_saved_mapping_is_used_next_time(db, ctx, tmp_path):
    plan = imports.plan_import(db, brief_file(tmp_path), system="clearview")
    imports.import_audit(db, ctx, plan, remember_mapping=True)
    again = write(tmp_path / "next.csv", BRIEF_HEADER + "\n10/20/19,1000,Paz,P1,Theft,,1,,\n")
    plan = imports.plan_import(db, again)
    assert plan.mapping_source == "saved"
    assert plan.system == "clearview"
    assert imports.import_audit(db, ctx, plan)["rows"] == 1


def test_mapping_file_round_trip(tmp_path):
    mapping = Mapping("clearview", "America/Los_Angeles", BRIEF_MAPPING)
    assert load_mapping(save_mapping(mapping, tmp_path / "m.json")) == mapping


# --- ragged, rejected and encoded rows ---------------------------------------------------------

def test_ragged_rows(db, ctx, tmp_path):
    path = write(tmp_path / "ragged.csv",
                 "Timestamp,User,Reason\n"
                 "2019-10-01 10:00,A,robbery\n"
                 "2019-10-01 11:00,B\n"                      # short: padded
                 "2019-10-01 12:00,C,fraud,,\n"              # trailing empties: fine
                 "2019-10-01 13:00,D,fraud,surprise\n"       # extra data: rejected
                 "not a date,E,fraud\n"                      # unparseable: rejected
                 ",F,fraud\n")                               # no date: rejected
    result = do_import(db, ctx, path, system="clearview", timezone="UTC")
    assert (result["rows"], result["rejected"]) == (3, 3)
    reasons = {r["line"]: r["reason"] for r in result["rejects"]}
    assert "4 cells but the header names 3" in reasons[5]
    assert "'not a date' is not a date" in reasons[6]
    assert "no date and time" in reasons[7]
    short = db.one("SELECT * FROM audit_records WHERE line_no = 3")
    assert short["purpose"] is None
    assert store.original_cells(db, short["id"])[1] == ["2019-10-01 11:00", "B"]  # as it was
    stored = imports.batch_rejects(db, result["batch"])
    assert [r["line_no"] for r in stored] == [5, 6, 7]
    assert "surprise" in stored[0]["raw"]


def test_mostly_bad_dates_refuse_the_file(db, ctx, tmp_path):
    rows = "".join(f"yesterday {i},User {i}\n" for i in range(10))
    path = write(tmp_path / "bad.csv", "Timestamp,User\n2019-10-01 10:00,Z\n" + rows)
    with pytest.raises(InputError) as err:
        do_import(db, ctx, path, system="clearview", timezone="UTC")
    assert "10 of the rows" in err.value.message and "line 3" in err.value.message
    assert nothing_written(db)


def test_cells_holding_separator_characters_round_trip(db, ctx, tmp_path):
    path = write(tmp_path / "odd.csv", "Timestamp,Notes\n2019-10-01 10:00,\"a\x1fb\x1ec\"\n")
    do_import(db, ctx, path, system="x", timezone="UTC")
    row = db.one("SELECT id, notes FROM audit_records")
    assert row["notes"] == "a\x1fb\x1ec"
    assert store.original_cells(db, row["id"])[1] == ["2019-10-01 10:00", "a\x1fb\x1ec"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1252"])
def test_encodings(db, ctx, tmp_path, encoding):
    path = write(tmp_path / f"{encoding}.csv",
                 "Timestamp;User;Notes\r\n2019-10-01 10:00;Zoë Ångström;café crème\r\n", encoding)
    result = do_import(db, ctx, path, system="x", timezone="UTC")
    assert result["rows"] == 1
    assert db.one("SELECT user_name, notes FROM audit_records") == {
        "user_name": "Zoë Ångström", "notes": "café crème"}


def test_padded_cells_are_trimmed(db, ctx, tmp_path):
    path = write(tmp_path / "pad.csv", "Timestamp, User, Reason\n2019-10-01 10:00, Bell ,  \n")
    do_import(db, ctx, path, system="x", timezone="UTC")
    row = db.one("SELECT id, user_name, purpose FROM audit_records")
    assert row["user_name"] == "Bell" and row["purpose"] is None
    assert store.original_cells(db, row["id"])[1] == ["2019-10-01 10:00", " Bell ", "  "]


# --- XLSX and JSON -------------------------------------------------------------------------------

def test_xlsx_export(db, ctx, tmp_path):
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Clearview search log, exported 2019-12-31"])  # a title line above the header
    sheet.append([])
    sheet.append(["Search ID", "Timestamp", "User", "Results"])
    sheet.append(["a1", datetime(2019, 10, 1, 9, 30), "Det. García", 3])
    sheet.append(["a2", "10/02/2019 14:05", "Sgt. O'Connor", 0])
    path = tmp_path / "log.xlsx"
    book.save(path)
    # One numeric date, 10/02: the clerk says the order.
    plan = imports.plan_import(db, path, system="clearview", timezone="America/Los_Angeles",
                               date_order="month-first")
    assert plan.table.header_line == 3
    imports.import_audit(db, ctx, plan)
    rows = db.query("SELECT line_no, occurred_at, user_name, result_count FROM audit_records "
                    "ORDER BY line_no")
    assert rows == [
        {"line_no": 4, "occurred_at": "2019-10-01 16:30:00", "user_name": "Det. García",
         "result_count": 3},
        {"line_no": 5, "occurred_at": "2019-10-02 21:05:00", "user_name": "Sgt. O'Connor",
         "result_count": 0}]


@pytest.mark.parametrize("content", [
    '[{"id": "1", "timestamp": "2019-10-01T09:30:00Z", "user": "A", "results": 2},'
    ' {"id": "2", "timestamp": "2019-10-01T10:30:00-07:00", "user": "B"}]',
    '{"exported": "2019-12-31", "searches": [{"id": "1", "timestamp": "2019-10-01T09:30:00Z",'
    ' "user": "A", "results": 2}, {"id": "2", "timestamp": "2019-10-01T10:30:00-07:00",'
    ' "user": "B"}]}',
    '{"id": "1", "timestamp": "2019-10-01T09:30:00Z", "user": "A", "results": 2}\n'
    '{"id": "2", "timestamp": "2019-10-01T10:30:00-07:00", "user": "B"}\n',
], ids=["list", "wrapped", "json-lines"])
def test_json_exports(db, ctx, tmp_path, content):
    path = write(tmp_path / "log.json", content)
    result = do_import(db, ctx, path, system="clearview")
    assert result["rows"] == 2
    assert [r["occurred_at"] for r in db.query(
        "SELECT occurred_at FROM audit_records ORDER BY line_no")] == [
        "2019-10-01 09:30:00", "2019-10-01 17:30:00"]


# --- files that cannot be imported ---------------------------------------------------------------

@pytest.mark.parametrize("name, content, message", [
    ("empty.csv", b"", "is empty"),
    ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary file"),
    ("header.csv", b"Timestamp,User,Reason\r\n", "no rows"),
    ("blank.csv", b"\r\n\r\n,,\r\n", "no rows"),
    ("scan.pdf", b"%PDF-1.7\n%...", "is a PDF"),
    ("broken.json", b'[{"id": 1,', "not valid JSON"),
])
def test_bad_files_are_refused_and_nothing_is_written(db, ctx, tmp_path, name, content,
                                                      message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        do_import(db, ctx, path, system="x", timezone="UTC")
    assert nothing_written(db)


def test_a_huge_cell_refuses_the_file(db, ctx, tmp_path):
    path = tmp_path / "huge.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("Timestamp,User,Notes\n")
        for i in range(50):
            fh.write(f"2019-10-01 10:{i:02d},A,ok\n")
        fh.write("2019-10-01 11:00,B,\"" + "x" * (10 * 1024 * 1024) + "\"\n")
    with pytest.raises(InputError) as err:
        do_import(db, ctx, path, system="x", timezone="UTC")
    assert "Line 52" in err.value.message and "MB" in err.value.message
    assert nothing_written(db)


# --- atomicity: cancel, kill, remove -------------------------------------------------------------

def record_indexes(db) -> list[tuple[str, str]]:
    return [(r["name"], r["sql"]) for r in db.query(
        "SELECT name, sql FROM sqlite_master WHERE tbl_name = 'audit_records' AND type = 'index' "
        "AND sql IS NOT NULL ORDER BY name")]


def test_indexes_are_built_after_a_large_import_and_kept_for_a_small_one(db, ctx, tmp_path,
                                                                         monkeypatch):
    schema = record_indexes(db)
    assert [name for name, _ in schema] == ["audit_records_batch", "audit_records_time"]
    dropped = []
    drop = store.drop_record_indexes
    monkeypatch.setattr(store, "drop_record_indexes",
                        lambda d: dropped.append(1) or drop(d))
    do_import(db, ctx, write_export(tmp_path / "a.csv", 2_000, seed=1), system="fr")
    assert dropped == [1]            # an empty table: built once, after the rows are in
    assert record_indexes(db) == schema
    do_import(db, ctx, write_export(tmp_path / "b.csv", 200, seed=2), system="fr")
    assert dropped == [1]            # 200 rows into 2,000: kept up to date row by row
    assert record_indexes(db) == schema
    # The browser's time range is answered from the rebuilt index, not by a scan.
    plan = " ".join(r["detail"] for r in db.query(
        "EXPLAIN QUERY PLAN SELECT id FROM audit_records WHERE occurred_at >= '2019-10-02' "
        "ORDER BY occurred_at, id"))
    assert "audit_records_time" in plan
    assert db.scalar("SELECT count(*) FROM audit_records WHERE batch_id = 1") == 2_000


def test_cancel_leaves_no_partial_batch(db, ctx, tmp_path):
    schema = record_indexes(db)
    path = write_export(tmp_path / "big.csv", 60_000)
    plan = imports.plan_import(db, path, system="clearview")
    seen = []

    def progress(done, total, text):
        seen.append(done)
        if len(seen) == 2:
            job.cancel()

    job = Job(progress)
    with pytest.raises(Cancelled):
        imports.import_audit(db, ctx, plan, job)
    assert seen and nothing_written(db)
    assert record_indexes(db) == schema   # the indexes dropped for the import are back
    # The same file imports cleanly afterwards.
    again = imports.plan_import(db, path, system="clearview")
    assert imports.import_audit(db, ctx, again)["rows"] == 60_000


@pytest.mark.slow
def test_killed_import_leaves_no_partial_batch(tmp_path):
    db = tmp_path / "desk.sqlite3"
    assert run_cli("--db", str(db), "init").returncode == 0
    path = write_export(tmp_path / "big.csv", 250_000)
    proc = subprocess.Popen([sys.executable, "-m", "app", "--db", str(db), "import-audit",
                             str(path), "--system", "clearview"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wal = Path(str(db) + "-wal")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not wal.exists() or wal.stat().st_size < 10e6):
        time.sleep(0.05)  # wait until the import is well under way
    assert proc.poll() is None, "the import finished before it could be killed"
    proc.kill()  # SIGKILL on POSIX, TerminateProcess on Windows: no clean-up runs
    proc.wait()
    out = run_cli("--db", str(db), "batch", "list", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["batches"] == []
    import sqlite3

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM audit_records").fetchone()[0] == 0


def test_remove_batch_removes_records_and_search_entries(db, ctx, tmp_path):
    first = do_import(db, ctx, write_export(tmp_path / "a.csv", 500, seed=1), system="fr")
    second = do_import(db, ctx, write_export(tmp_path / "b.csv", 300, seed=2), system="fr")
    assert store.count_records(db, store.RecordQuery()) == 800
    robbery_before = store.count_records(db, store.RecordQuery(fts='"robbery"*'))
    result = imports.remove_batch(db, ctx, first["batch"])
    assert result["removed_records"] == 500
    assert store.count_records(db, store.RecordQuery()) == 300
    robbery_after = store.count_records(db, store.RecordQuery(fts='"robbery"*'))
    assert 0 < robbery_after < robbery_before
    assert robbery_after == db.scalar("SELECT count(*) FROM audit_records WHERE purpose "
                                      "LIKE '%robbery%' OR notes LIKE '%robbery%'")
    assert db.scalar("SELECT count(*) FROM audit_rejects") == 0
    events = [e["action"] for e in db.query("SELECT action FROM events")]
    assert events.count("audit.imported") == 2 and "audit.batch_removed" in events
    with pytest.raises(InputError):
        imports.remove_batch(db, ctx, first["batch"])
    assert second["rows"] == 300


# --- the original row survives every way of storing it ------------------------------------------

# Any character a file can hold, except NUL (removed and counted: test_nul_bytes_...) and the
# surrogates no encoded file can hold.
_cell = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                max_size=12)


@pytest.fixture(scope="module")
def roundtrip_db(tmp_path_factory):
    from app.services.context import Context
    from app.services.database import init_database

    folder = tmp_path_factory.mktemp("roundtrip")
    database = init_database(folder / "desk.sqlite3", Context(actor="test-clerk"))
    yield database, folder
    database.close()


_examples = iter(range(10**9))


@settings(max_examples=150, deadline=None)
@example(["\x1dstarts with a group separator", "", "", ""], False, set())
@example(["a\x1fb", "\x1e", "", "x"], True, set())   # the \\u001f case: an unmapped cell
@given(st.lists(_cell, min_size=4, max_size=4), st.booleans(),
       st.sets(st.sampled_from(["user_name", "notes", "unit", "case_number"]), max_size=4))
def test_original_row_round_trip(roundtrip_db, cells, as_json, fields):
    """Through the real import and the SQL insert: a JSON export (which can hold any
    character, escaped: the \\u001f case) or a CSV export of the same cells."""
    from app.services.context import Context

    db, folder = roundtrip_db
    n = next(_examples)
    # Column names the importer knows, so that no row of random cells looks more like a
    # header than they do; the last column makes each file unique (a new batch).
    # The first column is one of the random ones (a row may start with any character).
    header = ["User", "Notes", "Unit", "Case Number", "When", "Remarks"]
    columns = {"When": "occurred_at"}
    columns.update({h: f for h, f in zip(header[:4], sorted(fields), strict=False)})
    row = [*cells, "2019-10-01 10:00", str(n)]
    # CSV for the cells a CSV export can hold without a delimiter of its own being guessed.
    if as_json or any(c in "".join(cells) for c in "\r\n\ufeff;\t|\"") \
            or not any(c.strip() for c in cells):
        path = folder / f"{n}.json"
        path.write_text(json.dumps([dict(zip(header, row, strict=True))]), encoding="utf-8")
    else:
        path = folder / f"{n}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows([header, row])
    plan = imports.plan_import(db, path, mapping=Mapping(f"system-{n}", "UTC", columns))
    result = imports.import_audit(db, Context(actor="test-clerk"), plan)
    record = db.one("SELECT * FROM audit_records WHERE batch_id = ?", (result["batch"],))
    assert store.original_cells(db, record["id"]) == (header, row)
    for h, f in columns.items():
        if f != "occurred_at":   # the fields are the cells, trimmed as the preview shows them
            assert record[f] == (row[header.index(h)].strip() or None)
