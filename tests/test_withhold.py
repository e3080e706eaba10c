"""Withholding a record in full: the service, the command line, and the packet's slip sheet."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.domain.errors import InputError, NotFound, RuleError
from app.services import redaction, release
from tests.conftest import run_cli
from tests.test_matching import cli_desk
from tests.test_packet import REVIEWER, approved, produce  # noqa: F401 - the fixture
from tests.test_redaction import matched  # noqa: F401 - the fixture


def test_a_record_withheld_in_full(db, ctx, matched):  # noqa: F811
    redaction.redact(db, ctx, matched)
    with pytest.raises(InputError, match="justification"):
        redaction.withhold_record(db, ctx, matched, 3, "7923.600", " ")
    with pytest.raises(NotFound, match="no row 99"):
        redaction.withhold_record(db, ctx, matched, 99, "7923.600", "Open case")
    item = redaction.withhold_record(db, ctx, matched, 3, "7923.600",
                                     "Part of an open homicide investigation")
    with pytest.raises(RuleError, match="already withheld"):
        redaction.withhold_record(db, ctx, matched, 3, "7923.600", "again")
    row = redaction.released_rows(db, matched)[2]
    assert row.row_no == 3
    assert row.withheld == "Withheld under Gov. Code § 7923.600 [7923.600]"
    # Fail closed: every cell is the marker, nothing of the record shows.
    assert {cell.text for cell in row.cells.values()} == {"[7923.600]"}
    assert "O'Connor" in row.cells["notes"].original
    # The other records are untouched.
    assert redaction.released_rows(db, matched)[1].withheld == ""
    logged = next(i for i in redaction.exemption_log(db, matched) if i["id"] == item)
    assert (logged["field"], logged["exemption"], logged["decided_by"]) == (
        "record", "cpra-7923.600", "test-clerk")
    # Undo takes it back.
    redaction.remove_added(db, ctx, matched, item)
    assert redaction.released_rows(db, matched)[2].withheld == ""
    assert item not in {i["id"] for i in redaction.exemption_log(db, matched)}


def test_the_packet_prints_a_numbered_slip_sheet(db, ctx, approved, tmp_path):  # noqa: F811
    before = redaction.released_rows(db, approved, limit=5)[4]
    secret = before.cells["case_number"].text
    redaction.withhold_record(db, ctx, approved, 5, "cpra-7923.600",
                              "Part of an open investigation")
    release.approve(db, REVIEWER, approved, "Sgt. Review")
    result = produce(db, ctx, approved, tmp_path / "out")
    pdf = next(p for p in result["files"] if p.endswith("packet.pdf"))
    pages = [page.extract_text() for page in PdfReader(pdf).pages]
    slips = [t for t in pages if "Record 5 withheld in full" in t]
    assert len(slips) == 1
    assert "Gov. Code § 7923.600" in slips[0]
    everything = "\n".join(pages)
    assert f" {secret} " not in everything.replace("\n", " ")
    # The exemption log names the record and its citation.
    assert "Whole record" in everything
    csv_file = next(p for p in result["files"] if p.endswith(".csv"))
    lines = Path(csv_file).read_text(encoding="utf-8-sig").splitlines()
    assert lines[5].startswith("5,[7923.600],[7923.600]")


def test_the_command_line(tmp_path):
    db = cli_desk(tmp_path)
    number = run_cli("--db", db, "request", "new", "--law", "cpra", "--received", "2026-11-16",
                     "--requester", "R", "--description", "logs", today=date(2026, 11, 20)
                     ).stdout.strip()
    run_cli("--db", db, "request", "match", number)
    run_cli("--db", db, "request", "redact", number)
    out = run_cli("--db", db, "request", "withhold", number, "--record", "2", "--exemption",
                  "7923.600", "--why", "Open investigation", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["replacement"] == "[7923.600]"
    rows = json.loads(run_cli("--db", db, "request", "released", number, "--json").stdout)
    assert rows["rows"][1]["withheld"].startswith("Withheld under Gov. Code § 7923.600")
    assert rows["rows"][1]["case_number"] == "[7923.600]"
    out = run_cli("--db", db, "request", "withhold", number, "--record", "2", "--exemption",
                  "7923.600", "--why", "")
    assert out.returncode == 2 and "justification" in out.stderr
