"""Issue 9: an import stores exactly what the file says, or says what it could not store - row
by row, with the line - and awkward files are refused with exit 2 and an unchanged database.

Every case is a small file written by the test, as a clerk would receive it."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from app.domain.errors import InputError
from app.importers.mapping import Mapping
from app.services import imports
from app.storage import audit as store
from tests.conftest import ROOT, run_cli


def nothing_written(db) -> bool:
    return (db.scalar("SELECT count(*) FROM audit_batches") == 0
            and db.scalar("SELECT count(*) FROM audit_records") == 0
            and db.scalar("SELECT count(*) FROM audit_rejects") == 0)


def do_import(db, ctx, path, **kw):
    return imports.import_audit(db, ctx, imports.plan_import(db, path, **kw))


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def stored(db, column: str = "*") -> list[dict]:
    return db.query(f"SELECT {column} FROM audit_records ORDER BY line_no")


@pytest.fixture
def cli_db(tmp_path):
    db = tmp_path / "desk.sqlite3"
    assert run_cli("--db", str(db), "init").returncode == 0
    return str(db)


def cli_batches(cli_db: str) -> list:
    return json.loads(run_cli("--db", cli_db, "batch", "list", "--json").stdout)["batches"]


# --- a stray quote ---------------------------------------------------------------------------

def _rows(n: int, first: int = 1) -> list[str]:
    return [f"2019-10-{(i % 28) + 1:02d} 10:{i % 60:02d},User {i},robbery,note {i}"
            for i in range(first, first + n)]


def test_a_stray_quote_does_not_swallow_the_rows_after_it(db, ctx, tmp_path, reading):
    rows = _rows(30)
    rows[10] = '2019-10-11 10:11,User 11,robbery,"Possible match, per Det. Bell'   # line 12
    rows[19] = '2019-10-20 10:20,User 20,fraud,"quoted" note'                    # line 21
    path = write(tmp_path / "stray.csv", "Timestamp,User,Reason,Notes\n" + "\n".join(rows)
                 + "\n")
    result = do_import(db, ctx, path, system="clearview", timezone="UTC")
    # Every line is accounted for: 1 header + 29 rows + 1 rejected = 31 lines.
    assert (result["rows"], result["rejected"], result["lines"]) == (29, 1, 31)
    assert result["rejects"][0]["line"] == 12
    assert "quote" in result["rejects"][0]["reason"]
    assert "lines 13–21" in result["rejects"][0]["reason"]
    records = stored(db, "line_no, user_name, notes")
    assert [r["line_no"] for r in records] == [n for n in range(2, 32) if n != 12]
    assert {r["line_no"]: r["notes"] for r in records}[13] == "note 12"
    assert {r["line_no"]: r["notes"] for r in records}[21] == "quoted note"
    assert not any("\n" in (r["notes"] or "") for r in records)


def test_a_quote_never_closed_is_reported_on_its_line(db, ctx, tmp_path, reading):
    rows = _rows(10)
    rows[4] = '2019-10-05 10:05,User 5,robbery,"never closed'   # line 6
    path = write(tmp_path / "open.csv", "Timestamp,User,Reason,Notes\n" + "\n".join(rows)
                 + "\n")
    result = do_import(db, ctx, path, system="clearview", timezone="UTC")
    assert (result["rows"], result["rejected"]) == (9, 1)
    assert result["rejects"][0]["line"] == 6
    text = "\n".join(imports.summary_lines(result))
    assert "10 rows read from 11 lines" in text and "line 6:" in text


def test_a_genuine_cell_over_two_lines_is_kept(db, ctx, tmp_path, reading):
    path = write(tmp_path / "two.csv", 'Timestamp,User,Reason,Notes\n'
                 '2019-10-01 10:00,A,robbery,"first line\nsecond line"\n'
                 '2019-10-01 11:00,B,fraud,ok\n')
    result = do_import(db, ctx, path, system="clearview", timezone="UTC")
    assert (result["rows"], result["rejected"], result["multiline_rows"]) == (2, 0, 1)
    assert stored(db, "notes")[0]["notes"] == "first line\nsecond line"


# --- day and month ----------------------------------------------------------------------------

def _dated(tmp_path: Path, dates: list[str], name: str = "dates.csv") -> Path:
    return write(tmp_path / name, "Date,Time,User\n" + "".join(
        f"{d},09:00,User {i}\n" for i, d in enumerate(dates)))


def test_day_first_is_decided_from_the_whole_column(db, ctx, tmp_path, reading):
    # 1-12 October twice (24 rows, every day <= 12: the first rows cannot tell), then 13-20.
    dates = [f"{d:02d}/10/2019" for d in (*range(1, 13), *range(1, 13), *range(13, 21))]
    path = _dated(tmp_path, dates)
    plan = imports.plan_import(db, path, system="x", timezone="UTC")
    assert plan.date_order is None and "cannot tell" in imports.date_order_words(plan)
    result = imports.import_audit(db, ctx, plan)
    assert result["date_order"] == "day-first" and result["rejected"] == 0
    assert stored(db, "occurred_at")[0]["occurred_at"] == "2019-10-01 09:00:00"   # not 10 Jan
    assert "13/10/2019" in result["date_order_reason"]


def test_one_day_first_date_does_not_flip_a_month_first_file(db, ctx, tmp_path, reading):
    dates = [f"10/{d:02d}/2019" for d in range(1, 31)] + ["31/12/2019"]
    result = do_import(db, ctx, _dated(tmp_path, dates), system="x", timezone="UTC")
    assert result["date_order"] == "month-first"
    assert (result["rows"], result["rejected"]) == (30, 1)
    assert result["rejects"][0]["line"] == 32
    assert "31/12/2019" in result["rejects"][0]["reason"]
    assert stored(db, "occurred_at")[12]["occurred_at"] == "2019-10-13 09:00:00"


def test_dotted_dates_are_day_first(db, ctx, tmp_path, reading):
    result = do_import(db, ctx, _dated(tmp_path, ["01.10.2019", "02.10.2019"]), system="x",
                       timezone="UTC")
    assert result["date_order"] == "day-first"
    assert stored(db, "occurred_at")[0]["occurred_at"] == "2019-10-01 09:00:00"


def test_undecidable_dates_are_refused_until_the_order_is_given(cli_db, tmp_path):
    path = _dated(tmp_path, ["03/04/2019", "04/05/2019"])
    out = run_cli("--db", cli_db, "import-audit", str(path), "--system", "x", "--timezone",
                  "UTC")
    assert out.returncode == 2, out.stderr
    assert "cannot tell" in out.stderr and "--date-order" in out.stderr
    assert cli_batches(cli_db) == []
    out = run_cli("--db", cli_db, "import-audit", str(path), "--propose-mapping")
    assert "# day and month: the first rows cannot tell" in out.stderr
    out = run_cli("--db", cli_db, "import-audit", str(path), "--system", "x", "--timezone",
                  "UTC", "--date-order", "day-first", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["date_order"] == "day-first" and data["rows"] == 2


def test_the_mapping_can_fix_the_date_order(db, ctx, tmp_path, reading):
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"system": "x", "timezone": "UTC", "date_order": "day-first",
                                   "columns": {"Date": "occurred_date", "Time": "occurred_time",
                                               "User": "user_name"}}), encoding="utf-8")
    from app.importers.mapping import load_mapping

    plan = imports.plan_import(db, _dated(tmp_path, ["03/04/2019"]), mapping=load_mapping(mapping))
    assert plan.date_order == "day-first" and plan.describe()["date_order"] == "day-first"
    assert plan.preview[0].record["occurred_at"] == "2019-04-03 09:00:00"
    result = imports.import_audit(db, ctx, plan)
    assert result["date_order"] == "day-first"
    assert json.loads(db.scalar("SELECT mapping FROM audit_batches"))["date_order"] == \
        "day-first"


def test_the_preview_states_the_order_it_found(db, tmp_path):
    plan = imports.plan_import(db, _dated(tmp_path, ["25/10/2019", "03/11/2019"]), system="x",
                               timezone="UTC")
    assert plan.date_order == "day-first"
    assert "day first" in imports.date_order_words(plan) and "25/10/2019" in \
        imports.date_order_words(plan)
    assert plan.preview[1].record["occurred_at"] == "2019-11-03 09:00:00"


# --- mixed encodings ----------------------------------------------------------------------------

def test_one_windows_line_in_a_utf8_file(db, ctx, tmp_path, reading):
    head = b"Timestamp,User,Notes\n"
    good = "".join(f"2019-10-01 10:{i:02d},José García {i},café\n" for i in range(20)).encode()
    windows = "2019-10-01 11:00,Zoë Ångström,crème\n".encode("cp1252")
    path = tmp_path / "mixed.csv"
    path.write_bytes(head + good + windows + "2019-10-01 12:00,Siobhán,ok\n".encode())
    result = do_import(db, ctx, path, system="x", timezone="UTC")
    assert (result["rows"], result["rejected"], result["converted_lines"]) == (22, 0, 1)
    assert result["converted_line_numbers"] == [22]
    names = [r["user_name"] for r in stored(db, "user_name")]
    assert names[0] == "José García 0" and names[20] == "Zoë Ångström"
    assert names[21] == "Siobhán"
    assert "read as Windows-1252 (line 22)" in "\n".join(imports.summary_lines(result))


def test_a_line_in_no_known_encoding_is_a_reject(db, ctx, tmp_path, reading):
    path = tmp_path / "damaged.csv"
    path.write_bytes("Timestamp,User\n2019-10-01 10:00,José\n".encode()
                     + b"2019-10-01 11:00,Jos\xe9 \x81\x8d\n"
                     + "2019-10-01 12:00,Zoë\n".encode())
    result = do_import(db, ctx, path, system="x", timezone="UTC")
    assert (result["rows"], result["rejected"]) == (2, 1)
    assert result["rejects"][0]["line"] == 3
    assert "neither UTF-8 nor Windows-1252" in result["rejects"][0]["reason"]
    assert [r["user_name"] for r in stored(db, "user_name")] == ["José", "Zoë"]


def test_a_line_in_no_known_encoding_inside_a_stray_quote_is_rejected_itself(
        db, ctx, tmp_path, reading):
    """The lines a stray quote would have swallowed are read again on their own; a damaged
    line among them is that line's reject, not the next row's, and is never stored garbled."""
    path = tmp_path / "both.csv"
    path.write_bytes("Timestamp,User,Notes\n2019-10-01 10:00,Zoë,ok\n".encode()
                     + b'2019-10-01 11:00,B,"opens here\n'
                     b"2019-10-01 12:00,Jos\xe9 \x81\x8d,damaged\n"
                     b"2019-10-01 13:00,C,ok\n"
                     b'2019-10-01 14:00,D,"closes" here\n'
                     b"2019-10-01 15:00,E,ok\n")
    result = do_import(db, ctx, path, system="x", timezone="UTC")
    assert [(r["line"], r["reason"][:30]) for r in result["rejects"]] == [
        (3, 'a quote (") opens the cell in '), (4, "line 4 is neither UTF-8 nor Wi")]
    assert [r["user_name"] for r in stored(db, "user_name")] == ["Zoë", "C", "D", "E"]


def test_a_damaged_line_above_the_header_rejects_no_row(db, ctx, tmp_path, reading):
    path = tmp_path / "preamble.csv"
    path.write_bytes(b"Exported \x81\x8d report\nTimestamp,User,Notes\n"
                     + "2019-10-01 09:00,Zoë,ok\n2019-10-01 10:00,A,ok\n".encode())
    result = do_import(db, ctx, path, system="x", timezone="UTC")
    assert (result["rows"], result["rejected"]) == (2, 0)
    assert [r["user_name"] for r in stored(db, "user_name")] == ["Zoë", "A"]


# --- XLSX ------------------------------------------------------------------------------------

def _book():
    from openpyxl import Workbook

    return Workbook()


def test_xlsx_hidden_first_sheet_and_sheet_choice(db, ctx, tmp_path):
    book = _book()
    hidden = book.active
    hidden.title = "Lookup"
    hidden.sheet_state = "hidden"
    hidden.append(["Timestamp", "User"])
    hidden.append(["2019-10-01 09:00", "Not the log"])
    log = book.create_sheet("Searches")
    log.append(["Timestamp", "User"])
    log.append(["2019-10-02 09:00", "Det. Park"])
    path = tmp_path / "book.xlsx"
    book.save(path)
    plan = imports.plan_import(db, path, system="x", timezone="UTC")
    assert plan.table.sheet == "Searches"
    assert any("'Lookup' (hidden)" in n for n in plan.notes)
    result = imports.import_audit(db, ctx, plan)
    assert result["sheet"] == "Searches"
    assert stored(db, "user_name") == [{"user_name": "Det. Park"}]
    with pytest.raises(InputError) as err:
        imports.plan_import(db, path, system="x", timezone="UTC", sheet="Audit")
    assert "'Lookup' (hidden), 'Searches'" in err.value.message
    plan = imports.plan_import(db, path, system="y", timezone="UTC", sheet="lookup")
    assert plan.table.sheet == "Lookup" and plan.preview[0].cells[1] == "Not the log"


def test_xlsx_sheet_chosen_on_the_command_line(cli_db, tmp_path):
    book = _book()
    book.active.title = "Searches"
    book.active.append(["Timestamp", "User"])
    book.active.append(["2019-10-02 09:00", "Det. Park"])
    other = book.create_sheet("Flock")
    other.append(["Timestamp", "User"])
    other.append(["2019-10-03 09:00", "Sgt. Bell"])
    path = tmp_path / "book.xlsx"
    book.save(path)
    out = run_cli("--db", cli_db, "import-audit", str(path), "--system", "x", "--timezone",
                  "UTC", "--sheet", "Audit")
    assert out.returncode == 2 and "'Searches', 'Flock'" in out.stderr
    assert cli_batches(cli_db) == []
    out = run_cli("--db", cli_db, "import-audit", str(path), "--system", "x", "--timezone",
                  "UTC", "--sheet", "Flock", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["sheet"] == "Flock" and json.loads(out.stdout)["rows"] == 1


def test_xlsx_formula_without_saved_value_is_a_reject(db, ctx, tmp_path):
    book = _book()
    sheet = book.active
    sheet.append(["Timestamp", "User", "Results"])
    sheet.append(["2019-10-01 09:00", "A", 3])
    sheet.append(["2019-10-01 10:00", "B", "=C2*2"])   # openpyxl saves no value for it
    sheet.append(["2019-10-01 11:00", "C", 1])
    path = tmp_path / "formula.xlsx"
    book.save(path)
    result = do_import(db, ctx, path, system="x", timezone="UTC")
    assert (result["rows"], result["rejected"]) == (2, 1)
    assert result["rejects"][0] == {
        "line": 3, "reason": "cell C3: formula without a saved value — open and save the "
                             "file in Excel"}


def test_xlsx_merged_cells_apply_to_every_cell(db, ctx, tmp_path):
    book = _book()
    sheet = book.active
    sheet.append(["Timestamp", "User", "Unit"])
    sheet.append(["2019-10-01 09:00", "A", "Robbery"])
    sheet.append(["2019-10-01 10:00", "B", None])
    sheet.append(["2019-10-01 11:00", "C", None])
    sheet.append(["2019-10-01 12:00", "D", "Fraud"])
    sheet.merge_cells("C2:C4")
    path = tmp_path / "merged.xlsx"
    book.save(path)
    do_import(db, ctx, path, system="x", timezone="UTC")
    assert [r["unit"] for r in stored(db, "unit")] == ["Robbery", "Robbery", "Robbery", "Fraud"]


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_xlsx_decompression_bomb_is_refused_before_reading(db, ctx, tmp_path):
    strings = b"<sst>" + b"<si><t>a</t></si>" * 3_000_000 + b"</sst>"   # 51 MB from ~100 KB
    path = _zip(tmp_path / "bomb.xlsx", {"[Content_Types].xml": b"<Types/>",
                                        "xl/workbook.xml": b"<workbook/>",
                                        "xl/sharedStrings.xml": strings})
    assert path.stat().st_size < 1_000_000
    started = time.monotonic()
    with pytest.raises(InputError) as err:
        do_import(db, ctx, path, system="x", timezone="UTC")
    assert time.monotonic() - started < 5
    assert "would inflate" in err.value.message and "sharedStrings.xml" in err.value.message
    assert nothing_written(db)


def _rewrite_sheet(path: Path, change) -> Path:
    with zipfile.ZipFile(path) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    members["xl/worksheets/sheet1.xml"] = change(members["xl/worksheets/sheet1.xml"])
    path.unlink()
    return _zip(path, members)


def test_xlsx_without_dimension_and_a_far_cell_is_refused(db, ctx, tmp_path):
    import re

    book = _book()
    book.active.append(["Timestamp", "User"])
    book.active.append(["2019-10-01 09:00", "A"])
    path = tmp_path / "far.xlsx"
    book.save(path)

    def change(xml: bytes) -> bytes:
        xml = re.sub(rb"<dimension[^>]*/>", b"", xml)
        return xml.replace(b"</row></sheetData>",
                           b'<c r="XFD2" t="inlineStr"><is><t>x</t></is></c></row></sheetData>')

    _rewrite_sheet(path, change)
    started = time.monotonic()
    with pytest.raises(InputError) as err:
        do_import(db, ctx, path, system="x", timezone="UTC")
    assert time.monotonic() - started < 5
    assert "column 16,384" in err.value.message
    assert nothing_written(db)


def test_zip_files_are_refused(cli_db, tmp_path):
    inner = b"Timestamp,User\n2019-10-01 09:00,A\n"
    for name in ("exports.zip", "export.csv"):   # a .zip, and a zip renamed .csv
        path = _zip(tmp_path / name, {"export.csv": inner})
        out = run_cli("--db", cli_db, "import-audit", str(path), "--system", "x")
        assert out.returncode == 2, out.stderr
        assert "ZIP archive (export.csv)" in out.stderr and "Extract" in out.stderr
        assert "Traceback" not in out.stderr
    assert cli_batches(cli_db) == []


def test_password_protected_workbook_is_named_as_such(cli_db, tmp_path):
    # An Office file saved with a password is an OLE compound file holding the workbook as a
    # stream named EncryptedPackage.
    body = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + bytes(1024))
    body[600:600 + 32] = "EncryptedPackage".encode("utf-16-le")
    path = tmp_path / "protected.xlsx"
    path.write_bytes(bytes(body))
    out = run_cli("--db", cli_db, "import-audit", str(path), "--system", "x")
    assert out.returncode == 2
    assert "password-protected" in out.stderr and ".xls)" not in out.stderr
    assert cli_batches(cli_db) == []


# --- overlapping exports ----------------------------------------------------------------------

def test_overlapping_exports_skip_what_is_already_imported(db, ctx, tmp_path, reading):
    def export(name: str, ids: range) -> Path:
        return write(tmp_path / name, "Search ID,Timestamp,User\n" + "".join(
            f"s{i},2019-10-01 10:{i:02d},User {i}\n" for i in ids))

    first = do_import(db, ctx, export("oct-a.csv", range(0, 30)), system="clearview",
                      timezone="UTC")
    # Re-saved with CRLF and overlapping: rows 20-29 again, 30-39 new.
    path = tmp_path / "oct-b.csv"
    path.write_bytes(export("tmp.csv", range(20, 40)).read_bytes().replace(b"\n", b"\r\n"))
    second = do_import(db, ctx, path, system="clearview", timezone="UTC")
    assert (first["rows"], second["rows"], second["already_imported"]) == (30, 10, 10)
    assert "10 rows were already imported" in "\n".join(imports.summary_lines(second))
    assert db.scalar("SELECT count(*) FROM audit_records") == 40
    assert db.scalar("SELECT count(DISTINCT event_id) FROM audit_records") == 40
    # Another system's ids are other searches.
    third = do_import(db, ctx, export("other.csv", range(0, 5)), system="flock",
                      timezone="UTC")
    assert third["rows"] == 5 and third["already_imported"] == 0


def test_overlap_without_ids_is_found_by_content(db, ctx, tmp_path, reading):
    head = "Timestamp,User,Reason,Extra\n"
    rows = [f"2019-10-01 10:{i:02d},User {i},robbery" for i in range(10)]
    write(tmp_path / "a.csv", head + "".join(f"{r},a\n" for r in rows[:6]))
    # The same searches exported again (another unmapped column differs), plus four new ones.
    write(tmp_path / "b.csv", head + "".join(f"{r}, b \n" for r in rows[2:]))
    do_import(db, ctx, tmp_path / "a.csv", system="x", timezone="UTC")
    result = do_import(db, ctx, tmp_path / "b.csv", system="x", timezone="UTC")
    assert (result["rows"], result["already_imported"]) == (4, 4)
    with pytest.raises(InputError, match=r"Every row of a2\.csv"):
        write(tmp_path / "a2.csv", head + "".join(f"{r},c\n" for r in rows[:3]))
        do_import(db, ctx, tmp_path / "a2.csv", system="x", timezone="UTC")


# --- the original row, the preview and NUL bytes ----------------------------------------------

def test_json_escaped_separator_in_an_unmapped_field_round_trips(db, ctx, tmp_path):
    path = write(tmp_path / "log.json", json.dumps([
        {"more": "", "timestamp": "2019-10-01T09:30:00Z", "user": "A", "extra": "a\u001fb"},
        {"more": "\u001dc", "timestamp": "2019-10-01T09:31:00Z", "user": "B", "extra": ""}]))
    do_import(db, ctx, path, system="x")
    records = db.query("SELECT id FROM audit_records ORDER BY line_no")
    assert [store.original_cells(db, r["id"])[1] for r in records] == [
        ["", "2019-10-01T09:30:00Z", "A", "a\x1fb"], ["\x1dc", "2019-10-01T09:31:00Z", "B", ""]]


def test_the_preview_shows_what_is_stored(db, ctx, tmp_path, reading):
    path = write(tmp_path / "tabs.csv", "Timestamp,User,Reason\n"
                 "2019-10-01 10:00,\u00a0Bell ,\trobbery\t\n")
    plan = imports.plan_import(db, path, system="x", timezone="UTC")
    previewed = plan.preview[0].record
    imports.import_audit(db, ctx, plan)
    row = db.one("SELECT id, user_name, purpose FROM audit_records")
    assert (previewed["purpose"], row["purpose"]) == ("robbery", "robbery")
    assert (previewed["user_name"], row["user_name"]) == ("Bell", "Bell")
    assert store.original_cells(db, row["id"])[1] == [
        "2019-10-01 10:00", "\u00a0Bell ", "\trobbery\t"]


def test_nul_bytes_are_removed_counted_and_said(db, ctx, tmp_path, reading):
    path = tmp_path / "nul.csv"
    path.write_bytes(b"Timestamp,User,Notes\n2019-10-01 10:00,Be\x00ll,ok\n"
                     b"2019-10-01 11:00,Park,fine\x00\x00\n2019-10-01 12:00,Li,x\n")
    result = do_import(db, ctx, path, system="x", timezone="UTC")
    assert (result["rows"], result["nul_removed"], result["nul_line_numbers"]) == (3, 3, [2, 3])
    assert [r["user_name"] for r in stored(db, "user_name")] == ["Bell", "Park", "Li"]
    assert "3 NUL characters removed from the cells (line 2, 3)" in \
        "\n".join(imports.summary_lines(result))


# --- times -------------------------------------------------------------------------------------

def test_spring_forward_gap_times_are_flagged(db, ctx, tmp_path, reading):
    path = write(tmp_path / "spring.csv", "Timestamp,User\n"
                 "2019-03-10 01:30,A\n2019-03-10 02:30,B\n2019-03-10 03:30,C\n")
    result = do_import(db, ctx, path, system="x", timezone="America/Los_Angeles")
    assert (result["skipped_hour_times"], result["ambiguous_times"]) == (1, 0)
    assert [r["occurred_at"] for r in stored(db, "occurred_at")] == [
        "2019-03-10 09:30:00", "2019-03-10 10:30:00", "2019-03-10 10:30:00"]
    assert "hour skipped when daylight saving began" in "\n".join(imports.summary_lines(result))


@pytest.mark.parametrize("header, zone", [
    ("Search Date (UTC)", "UTC"), ("Timestamp UTC", "UTC"), ("search_time_utc", "UTC"),
    ("Timestamp (America/Chicago)", "America/Chicago"), ("Date Time (PST)", "Etc/GMT+8"),
])
def test_headers_naming_their_zone(db, ctx, tmp_path, header, zone):
    path = write(tmp_path / "zoned.csv", f"{header},User\n2019-10-01 10:00:00,A\n")
    plan = imports.plan_import(db, path, system="x")   # the agency's zone is Los Angeles
    assert plan.mapping.columns[header] == "occurred_at"
    assert plan.timezone == zone
    result = imports.import_audit(db, ctx, plan)
    assert result["timezone"] == zone
    expected = {"UTC": "10:00", "America/Chicago": "15:00", "Etc/GMT+8": "18:00"}[zone]
    assert stored(db, "occurred_at")[0]["occurred_at"] == f"2019-10-01 {expected}:00"


def test_out_of_range_timestamps_reject_only_their_row(db, ctx, tmp_path, reading):
    path = write(tmp_path / "range.csv", "Timestamp,User\n2019-10-01 10:00,A\n"
                 "9999-12-31 23:30,B\n0001-01-01 00:30 +05:00,C\n2019-10-01 11:00,D\n"
                 "2019-10-01 12:00,E\n")
    result = do_import(db, ctx, path, system="x", timezone="America/Los_Angeles")
    assert (result["rows"], result["rejected"]) == (3, 2)
    assert [r["line"] for r in result["rejects"]] == [3, 4]
    assert "years 1 to 9999" in result["rejects"][0]["reason"]
    # The same with date and time in columns of their own.
    path = write(tmp_path / "split.csv", "Date,Time,User\n2019-10-01,10:00,A\n"
                 "9999-12-31,23:30,B\n2019-10-01,11:00,C\n2019-10-01,12:00,D\n")
    result = do_import(db, ctx, path, system="y", timezone="America/Los_Angeles")
    assert (result["rows"], result["rejected"]) == (3, 1)
    assert result["rejects"][0]["line"] == 3


# --- files that used to crash or hang ----------------------------------------------------------

def test_json_lines_with_one_broken_line(db, ctx, tmp_path):
    path = write(tmp_path / "log.jsonl",
                 '{"id": "1", "timestamp": "2019-10-01T09:30:00Z", "user": "A"}\n'
                 '\n'
                 '{"id": "2", "timestamp": "2019-10-01T10:30:00Z", "user": "B"\n'
                 '{"id": "3", "timestamp": "2019-10-01T11:30:00Z", "user": "C"}\n')
    result = do_import(db, ctx, path, system="x")
    assert (result["rows"], result["rejected"]) == (2, 1)
    assert result["rejects"][0]["line"] == 3 and "not valid JSON" in \
        result["rejects"][0]["reason"]
    assert [r["line_no"] for r in stored(db, "line_no")] == [1, 4]


@pytest.mark.parametrize("name, content, message", [
    ("deep.json", "[" * 10_000 + "]" * 10_000, "thousands of levels deep"),
    ("deep-objects.json", '{"a": ' * 10_000 + "1" + "}" * 10_000, "thousands of levels deep"),
    ("number.json", "42", "single JSON value"),
    ("long-number.json", "9" * 5000, "single JSON value"),
])
def test_json_that_is_no_export_exits_2(cli_db, tmp_path, name, content, message):
    path = write(tmp_path / name, content)
    out = run_cli("--db", cli_db, "import-audit", str(path), "--system", "x")
    assert out.returncode == 2, out.stderr
    assert message in out.stderr and "Traceback" not in out.stderr
    assert cli_batches(cli_db) == []


def test_folders_exit_2(cli_db, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    out = run_cli("--db", cli_db, "import-audit", str(folder), "--system", "x")
    assert out.returncode == 2 and "is a folder" in out.stderr
    path = write(tmp_path / "ok.csv", "Timestamp,User\n2019-10-01 10:00,A\n")
    out = run_cli("--db", cli_db, "import-audit", str(path), "--mapping", str(folder))
    assert out.returncode == 2 and "is a folder, not a mapping file" in out.stderr
    assert cli_batches(cli_db) == []


def test_an_unreadable_file_is_explained(db, ctx, tmp_path, monkeypatch):
    path = write(tmp_path / "locked.csv", "Timestamp,User\n2019-10-01 10:00,A\n")
    real_open = Path.open

    def locked(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", locked)
    with pytest.raises(InputError) as err:
        do_import(db, ctx, path, system="x", timezone="UTC")
    assert "cannot be read: permission denied" in err.value.message
    assert "Close it" in err.value.hint
    assert nothing_written(db)


def test_the_same_file_planned_twice_is_imported_once(db, ctx, tmp_path, reading):
    """Two windows (or a window and a script) plan the same file before either imports."""
    path = write(tmp_path / "twice.csv", "Timestamp,User\n2019-10-01 10:00,A\n")
    first = imports.plan_import(db, path, system="x", timezone="UTC")
    second = imports.plan_import(db, path, system="x", timezone="UTC")
    imports.import_audit(db, ctx, first)
    with pytest.raises(InputError) as err:
        imports.import_audit(db, ctx, second)
    assert "already imported as batch 1" in err.value.message
    assert db.scalar("SELECT count(*) FROM audit_records") == 1


@pytest.mark.slow
def test_two_processes_import_the_same_file(cli_db, tmp_path, isolated_locations):
    from app.services.demo import write_export

    # (Large enough to be read by a second process in each: worker.PROCESS_FROM rows.)
    path = write_export(tmp_path / "big.csv", 60_000)
    command = [sys.executable, "-m", "app", "--db", cli_db, "import-audit", str(path),
               "--system", "clearview"]
    procs = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, encoding="utf-8") for _ in range(2)]
    outs = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    codes = sorted(code for code, _ in outs)
    assert codes[0] == 0, outs
    loser = next(err for code, err in outs if code != 0)
    assert codes[1] in (2, 3) and "Traceback" not in loser
    assert "already imported as batch 1" in loser or "is busy: an import of" in loser
    assert [b["rows_imported"] for b in cli_batches(cli_db)] == [60_000]
    log = (isolated_locations / "log" / "disclosure-desk.log").read_text(encoding="utf-8")
    assert "reading big.csv in a second process" in log


def test_cli_text_and_json_say_everything(cli_db, tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"Timestamp,User,Notes\n2019-10-01 10:00,A,ok\n"
                     + "2019-10-01 11:00,Zoë,x\n".encode("cp1252")
                     + "2019-10-01 12:00,José,x\n".encode()
                     + b'2019-10-01 13:00,B,"open\n2019-10-01 14:00,C,ok\n2019-10-01 15:00,D,ok\n')
    out = run_cli("--db", cli_db, "import-audit", str(path), "--system", "x", "--timezone",
                  "UTC", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert (data["rows"], data["rejected"], data["converted_lines"]) == (5, 1, 1)
    assert data["rejects"][0]["line"] == 5 and data["date_order"] is None
    assert data["already_imported"] == 0 and data["lines"] == 7
    path2 = tmp_path / "again.csv"
    path2.write_bytes(path.read_bytes().replace(b"15:00,D", b"16:00,E"))
    out = run_cli("--db", cli_db, "import-audit", str(path2), "--system", "x", "--timezone",
                  "UTC")
    assert out.returncode == 0, out.stderr
    assert "Imported 1 row" in out.stdout and "4 already imported" in out.stdout
    assert "line 5: a quote" in out.stdout
    assert "read as Windows-1252 (line 3)" in out.stdout


def test_csv_reader_line_numbers_match_a_text_editor(tmp_path):
    """The count of rows read is explainable from the count of lines."""
    from app.importers.readers import open_table

    path = write(tmp_path / "lines.csv", 'Timestamp,User\n\n2019-10-01 10:00,"A\nB"\n\n'
                 "2019-10-01 11:00,C\n")
    table = open_table(path)
    rows = list(table.rows())
    assert [line for line, _ in rows] == [3, 6]
    assert table.stats["lines"] == 6 and table.stats["blank_lines"] == 2
    assert table.stats["multiline_rows"] == 1
    assert io is not None and csv is not None and Mapping is not None
