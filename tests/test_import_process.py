"""Issue 9 (speed): a large CSV file is read and normalised by a second process while the first
inserts. What is stored, what is said and what is refused must not depend on which process read
the file; a cancel, a refusal or a second process that dies leaves the database as it was and no
process behind."""

from __future__ import annotations

import logging
import multiprocessing
from dataclasses import replace

import pytest

from app.domain.errors import EnvironmentProblem, InputError
from app.importers import worker
from app.importers.mapping import Mapping
from app.importers.readers import open_table
from app.services import imports
from app.services.database import init_database
from app.services.jobs import Cancelled, Job
from app.storage import audit as store
from tests.conftest import remote_passes

HEADER = "Date,Time,Searched By,Badge,Reason,Hits,Comments\n"
MAPPING = Mapping(columns={"Date": "occurred_date", "Time": "occurred_time",
                           "Searched By": "user_name", "Badge": "user_id", "Reason": "purpose",
                           "Hits": "result_count", "Comments": "notes"})
ROWS = 12_000   # more than two of the batches the second process sends


def awkward_export(path):
    """Day-first dates whose first rows cannot tell the order (so the first pass, month first,
    is undone and the file read again), and one of everything a clerk's export can hold: a
    stray quote, a line in Windows-1252, a line in no known encoding, NUL bytes, the skipped
    and the repeated hour of daylight saving, blank lines, ragged rows, cells to trim, a cell
    over two lines, counts with a thousands separator, and rows to reject."""
    lines = []
    for i in range(ROWS):
        day = i % 12 + 1 if i < 100 else i % 28 + 1
        lines.append(f"{day:02d}/10/2019,{i % 24:02d}:{i % 60:02d}:07,Officer {i % 37},"
                     f"P{i % 37:05d},robbery,{i % 5},Probe image {i} from a store camera.\n"
                     .encode())
    specials = {
        150: '31/10/2019,10:00:00,Officer 1,P00001,fraud,1,"Possible match, per Det. Bell\n',
        2000: "05/11/2019,10:00:00,Zoë Ångström,P00002,assault,2,crème\n".encode("cp1252"),
        2001: b"05/11/2019,10:01:00,Jos\xe9 \x81\x8d,P00003,assault,0,bad bytes\n",
        3000: b"06/11/2019,10:00:00,Be\x00ll,P00004,fraud,1,ok\x00\n",
        4000: "10/03/2019,02:30:00,Spring,P00005,fraud,1,skipped hour\n",
        4001: "03/11/2019,01:30:00,Autumn,P00006,fraud,1,repeated hour\n",
        5000: "\n",
        5001: '07/11/2019,11:00:00, José García\t,P00007,\trobbery ,"1,200","two\nlines"\n',
        5002: "07/11/2019,11:01:00,Short,P00008\n",
        5003: "07/11/2019,11:02:00,Ragged,P00009,fraud,1,note,,\n",
        5004: "07/11/2019,11:03:00,Extra,P00010,fraud,1,note,surprise\n",
        5005: "07/11/2019,11:04:00,Count,P00011,fraud,many,note\n",
        6000: "31/02/2019,11:00:00,Impossible,P00012,fraud,1,note\n",
        6001: ",11:00:00,No date,P00013,fraud,1,note\n",
    }
    for at, line in specials.items():
        lines[at] = line if isinstance(line, bytes) else line.encode()
    path.write_bytes(HEADER.encode() + b"".join(lines))
    return path


def import_processes() -> list:
    return [p for p in multiprocessing.active_children() if p.name == "disclosure-desk import"]


def nothing_written(db) -> bool:
    return sum(db.scalar(f"SELECT count(*) FROM {t}")
               for t in ("audit_batches", "audit_records", "audit_rejects")) == 0


def everything_stored(db) -> dict:
    """The database's import tables as a clerk's searches and the packet would see them."""
    records = db.query("SELECT * FROM audit_records ORDER BY line_no")
    for r in records:
        r["original_cells"] = store.original_cells(db, r.pop("id"))[1]
        del r["batch_id"]
    batch = db.one("SELECT file_name, system, encoding, source_tz, header, mapping, text_cells, "
                   "rows_imported, rows_rejected FROM audit_batches")
    rejects = db.query("SELECT line_no, reason, raw FROM audit_rejects ORDER BY line_no")
    hits = store.count_records(db, store.RecordQuery(fts='"robbery"*'))
    return {"records": records, "batch": batch, "rejects": rejects, "fts": hits}


def test_the_second_process_stores_and_says_exactly_what_one_process_does(
        ctx, tmp_path, monkeypatch):
    path = awkward_export(tmp_path / "awkward.csv")
    one = init_database(tmp_path / "one.sqlite3", ctx)
    alone = imports.import_audit(one, ctx, imports.plan_import(
        one, path, mapping=MAPPING, system="clearview", timezone="America/Los_Angeles"))

    started = remote_passes(monkeypatch)
    two = init_database(tmp_path / "two.sqlite3", ctx)
    plan = imports.plan_import(two, path, mapping=MAPPING, system="clearview",
                               timezone="America/Los_Angeles")
    assert plan.date_order is None   # the first rows cannot tell
    beside = imports.import_audit(two, ctx, plan)
    # Read twice (month first, then day first), each time by a second process, now ended.
    assert len(started) == 2 and not import_processes()

    assert {k: v for k, v in beside.items() if k != "batch"} == \
        {k: v for k, v in alone.items() if k != "batch"}
    assert everything_stored(two) == everything_stored(one)
    # And what both say is what the file holds.
    assert beside["date_order"] == "day-first"
    # 12,000 rows less the blank line, the stray quote's line and five rows to reject; the
    # cell over two lines puts every later row one line further down.
    assert (beside["rows"], beside["rejected"], beside["lines"]) == (ROWS - 7, 6, ROWS + 2)
    assert [r["line"] for r in beside["rejects"]] == [152, 2003, 5007, 5008, 6003, 6004]
    assert "not closed before line 5004" in beside["rejects"][0]["reason"]
    assert "line 2003 is neither UTF-8 nor Windows-1252" in beside["rejects"][1]["reason"]
    assert (beside["converted_lines"], beside["nul_removed"], beside["multiline_rows"]) == \
        (1, 2, 1)
    assert (beside["skipped_hour_times"], beside["ambiguous_times"]) == (1, 1)
    by_line = {r["line_no"]: r for r in everything_stored(two)["records"]}
    assert by_line[2002]["user_name"] == "Zoë Ångström"
    assert by_line[3002]["user_name"] == "Bell" and by_line[3002]["notes"] == "ok"
    assert by_line[5003]["user_name"] == "José García" and by_line[5003]["purpose"] == "robbery"
    assert by_line[5003]["result_count"] == 1200 and by_line[5003]["notes"] == "two\nlines"
    assert by_line[5005]["user_name"] == "Short" and by_line[5005]["notes"] is None
    assert by_line[2]["occurred_at"] == "2019-10-01 07:00:07"   # 1 October, not 10 January
    one.close()
    two.close()


def test_a_cancel_stops_the_second_process_and_writes_nothing(db, ctx, tmp_path, monkeypatch):
    remote_passes(monkeypatch)
    path = awkward_export(tmp_path / "awkward.csv")
    plan = imports.plan_import(db, path, mapping=MAPPING, system="clearview", timezone="UTC")
    job = Job(on_progress=lambda done, total, text: job.cancel())
    with pytest.raises(Cancelled):
        imports.import_audit(db, ctx, plan, job)
    assert nothing_written(db) and not import_processes()
    # The indexes dropped for the import are back.
    assert db.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND "
                     "tbl_name = 'audit_records' AND sql IS NOT NULL") >= 2


def test_a_second_process_that_dies_is_said_and_writes_nothing(db, ctx, tmp_path, monkeypatch):
    started = remote_passes(monkeypatch)
    path = awkward_export(tmp_path / "awkward.csv")
    plan = imports.plan_import(db, path, mapping=MAPPING, system="clearview", timezone="UTC")

    def kill(done, total, text):
        started[-1]._process.kill()    # as the system would, short of memory

    with pytest.raises(EnvironmentProblem) as err:
        imports.import_audit(db, ctx, plan, Job(on_progress=kill))
    assert "ended before it had read the whole file" in err.value.message
    assert "Nothing was imported" in err.value.message
    assert nothing_written(db) and not import_processes()


def test_a_file_gone_since_the_preview_is_refused_the_same_way(db, ctx, tmp_path, monkeypatch):
    remote_passes(monkeypatch)
    path = awkward_export(tmp_path / "awkward.csv")
    plan = imports.plan_import(db, path, mapping=MAPPING, system="clearview", timezone="UTC")
    path.unlink()
    with pytest.raises(InputError) as err:
        imports.import_audit(db, ctx, plan)
    # As in one process (test_import_safety covers that way).
    assert err.value.message.startswith("awkward.csv cannot be read (No such file")
    assert err.value.hint == "Copy the file to a local folder and import the copy."
    assert nothing_written(db) and not import_processes()


def rows_of(dates: list[str]) -> bytes:
    return (HEADER + "".join(f"{d},10:00:00,A,P1,fraud,1,n\n" for d in dates)).encode()


def test_a_file_of_mostly_bad_rows_is_refused_while_it_is_read(db, ctx, tmp_path, reading):
    """Over 10,000 rejects, more than the rows that fit: the mapping or date format is wrong,
    and the import stops there (after 20,000 of 60,000 rows, both ways) rather than read the
    rest."""
    path = tmp_path / "wrong.csv"
    path.write_bytes(rows_of(["2019-10-01" if i % 4 == 0 else "not a date"
                              for i in range(60_000)]))
    plan = imports.plan_import(db, path, mapping=MAPPING, system="clearview", timezone="UTC")
    seen: list[tuple] = []
    with pytest.raises(InputError) as err:
        imports.import_audit(db, ctx, plan, Job(on_progress=lambda *a: seen.append(a)))
    # (The check comes as the 20,000th row is read, before it is looked at: 3 in 4 of 19,999.)
    assert err.value.message.startswith("14,999 of the rows read from wrong.csv could not be "
                                        "imported (e.g. line 3: Date: 'not a date' is not a date")
    done, total, text = seen[-1]
    assert text == "20,000 rows" and 0.25 < done / total < 0.4   # a third of the file read
    assert nothing_written(db) and not import_processes()


def test_a_day_first_file_stopped_in_its_first_pass_is_read_again_day_first(
        db, ctx, tmp_path, reading):
    """The first rows cannot tell, so the first pass reads month first; most rows fail and the
    pass stops early. What it saw of the dates (days above 12) decides: read again, day first."""
    path = tmp_path / "days.csv"
    path.write_bytes(rows_of([f"{(i % 12 if i < 100 else i % 28) + 1:02d}/10/2019"
                              for i in range(40_000)]))
    plan = imports.plan_import(db, path, mapping=MAPPING, system="clearview", timezone="UTC")
    assert plan.date_order is None
    result = imports.import_audit(db, ctx, plan)
    assert (result["rows"], result["rejected"], result["date_order"]) == (40_000, 0, "day-first")
    assert db.scalar("SELECT min(occurred_at) FROM audit_records") == "2019-10-01 10:00:00"


def test_a_run_of_bad_rows_stops_the_import_at_the_same_rows_both_ways(db, ctx, tmp_path, reading):
    """10,000 good rows, 16,000 bad, 30,000 good: at each check (every 20,000 rows read) the
    rejects are not more than half the rows read, so the file is imported with its rejects."""
    path = tmp_path / "run.csv"
    path.write_bytes(rows_of(["2019-10-01"] * 10_000 + ["not a date"] * 16_000
                             + ["2019-10-02"] * 30_000))
    plan = imports.plan_import(db, path, mapping=MAPPING, system="clearview", timezone="UTC")
    result = imports.import_audit(db, ctx, plan)
    assert (result["rows"], result["rejected"]) == (40_000, 16_000)
    assert result["rejects"][0]["line"] == 10_002


def test_an_unexpected_failure_in_the_second_process_is_said_and_logged(tmp_path, caplog):
    """A fault of the second process's own (here: a codec this Python does not have) is an
    error that says what failed, with the whole traceback in the log for support."""
    table = open_table(awkward_export(tmp_path / "awkward.csv"))
    remote = worker.RemotePass(worker.PassSpec(
        replace(table, _codec="no-such-codec", _fallback="cp1252"), MAPPING, "UTC", False))
    try:
        with caplog.at_level(logging.ERROR), pytest.raises(EnvironmentProblem) as err:
            list(remote.rows(lambda read, done: None))
    finally:
        remote.stop()
    assert "failed in the import's second process (LookupError: unknown encoding: " \
        "no-such-codec)" in err.value.message
    assert "Traceback" in caplog.text and "_produce" in caplog.text
    assert not import_processes()


def test_a_second_process_the_system_will_not_start_reads_the_file_here(
        db, ctx, tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(worker, "PROCESS_FROM", 0)

    def refused(self):
        raise OSError(24, "Too many open files")

    monkeypatch.setattr(multiprocessing.get_context("spawn").Process, "start", refused)
    path = awkward_export(tmp_path / "awkward.csv")
    with caplog.at_level(logging.WARNING):
        result = imports.import_audit(db, ctx, imports.plan_import(
            db, path, mapping=MAPPING, system="clearview", timezone="America/Los_Angeles"))
    assert (result["rows"], result["rejected"]) == (ROWS - 7, 6)
    assert "could not start a second process to read awkward.csv" in caplog.text


def test_on_one_processor_core_the_file_is_read_here(db, ctx, tmp_path, monkeypatch):
    started = remote_passes(monkeypatch)
    monkeypatch.setattr(worker.os, "cpu_count", lambda: 1)
    path = awkward_export(tmp_path / "awkward.csv")
    result = imports.import_audit(db, ctx, imports.plan_import(
        db, path, mapping=MAPPING, system="clearview", timezone="America/Los_Angeles"))
    assert result["rows"] == ROWS - 7 and started == []
