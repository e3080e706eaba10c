"""Redaction of a responsive set: the profile, the free-text scan, review, fail closed."""

from __future__ import annotations

import json
from datetime import date

import pytest

from app.domain.errors import InputError, RuleError
from app.services import imports, matching, profiles, redaction
from app.services.demo import SEARCH_COUNT, write_export, write_roster
from tests.conftest import REALDATA, run_cli
from tests.test_matching import LOG, ROSTER, cli_desk, new_request


@pytest.fixture
def matched(db, ctx, tmp_path):
    """The small log of test_matching, matched and frozen."""
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    imports.import_roster(db, ctx, tmp_path / "roster.csv")
    (tmp_path / "log.csv").write_text(LOG, encoding="utf-8")
    imports.import_audit(db, ctx, imports.plan_import(db, tmp_path / "log.csv",
                                                      system="clearview"))
    number = new_request(db, ctx)
    matching.match(db, ctx, number, commit=True)
    return number


def released(db, number) -> list[dict]:
    return [{name: cell.text for name, cell in row.cells.items()}
            for row in redaction.released_rows(db, number)]


def test_nothing_to_redact_before_matching(db, ctx):
    number = new_request(db, ctx)
    with pytest.raises(RuleError, match="no responsive set yet"):
        redaction.redact(db, ctx, number)


def test_the_default_profile_on_a_small_log(db, ctx, matched):
    result = redaction.redact(db, ctx, matched)
    rows = released(db, matched)
    # Searchers get codes in order of their first search: García 01, O'Connor 02, Nobody 03
    # (not on the roster, still a person), Young 04.
    assert [r["user_name"] for r in rows] == ["[Employee 01]", "[Employee 01]", "[Employee 01]",
                                              "", "", "[Employee 03]", "[Employee 04]"]
    assert rows[0]["occurred_at"] == "2019-10-01 09:00:00 PDT"   # local time, as exported
    assert all(r["user_id"] in ("", "[7927.700]") for r in rows)
    assert rows[3]["user_id"] == "[7927.700]" and rows[4]["user_email"] == "[7927.700]"
    # O'Connor, named in García's note, has the code she has as a searcher... she searched
    # only by e-mail (row 5, no name), yet she is the same person: Employee 02.
    assert rows[2]["notes"] == "lead from [Employee 02 \u00b7 7927.700]"
    # Nothing identifying is left anywhere in the released rows.
    text = json.dumps(rows, ensure_ascii=False).lower()
    for secret in ("garc", "o'connor", "oconnor", "young", "nobody", "p12345", "@ribera"):
        assert secret not in text, secret
    assert result["review_items"] == 0
    assert result["by_exemption"] == {"Gov. Code § 7927.700": result["redactions"]}
    assert "not been confirmed by counsel" in result["banner"]


def test_codes_follow_first_appearance_not_employee_numbers(db, ctx, tmp_path):
    imports.import_roster(db, ctx, write_roster(tmp_path / "roster.csv"))
    export = write_export(tmp_path / "q4.csv", SEARCH_COUNT)
    imports.import_audit(db, ctx, imports.plan_import(db, export, system="clearview"))
    number = new_request(db, ctx)
    matching.match(db, ctx, number, commit=True)
    redaction.redact(db, ctx, number)
    rows = redaction.released_rows(db, number, limit=SEARCH_COUNT)
    frozen = db.query("SELECT user_id FROM responsive_records ORDER BY row_no")
    first_seen = list(dict.fromkeys(r["user_id"] for r in frozen))
    codes = list(dict.fromkeys(r.cells["user_name"].text for r in rows))
    assert codes == [f"[Employee {n:02d}]" for n in range(1, 26)]
    # One person, one code, on every row.
    pairs = {(f["user_id"], r.cells["user_name"].text) for f, r in zip(frozen, rows,
                                                                        strict=True)}
    assert len(pairs) == len(first_seen) == 25
    assert sorted(first_seen) != first_seen  # the order is not the employee numbers'
    # A note naming a searcher shows the searcher's code.
    code_of = dict(pairs)
    names = {r["employee_id"]: r for r in db.query("SELECT * FROM personnel")}
    checked = 0
    for frozen_row, row in zip(db.query("SELECT notes FROM responsive_records ORDER BY row_no"),
                               rows, strict=True):
        note = frozen_row["notes"] or ""
        for employee_id, code in code_of.items():
            person = names[employee_id]
            if f"{person['first_name']} {person['last_name']}" in note:
                assert f"{code[:-1]} \u00b7 7927.700]" in row.cells["notes"].text
                checked += 1
    assert checked > 5


def test_a_safety_hold_withholds_the_person_entirely(db, ctx, matched):
    profiles.add_hold(db, ctx, "P23456", kind="undercover", reason="UC assignment 2019",
                      exemption="7923.600")
    redaction.redact(db, ctx, matched)
    rows = released(db, matched)
    assert rows[4]["user_email"] == "[7923.600]"          # her own search
    assert rows[2]["notes"] == "lead from [7923.600]"     # named in a note
    # She gets no code that could count her searches; the others are numbered without her.
    assert [r["user_name"] for r in rows] == ["[Employee 01]"] * 3 + ["", "", "[Employee 02]",
                                                                       "[Employee 03]"]
    held = db.one("SELECT pseudonym FROM request_people WHERE employee_id = 'P23456'")
    assert held["pseudonym"] is None
    log = redaction.exemption_log(db, matched)
    assert any(i["source"] == "hold" and i["exemption"] == "cpra-7923.600" for i in log)


def test_review_items_count_as_redacted_until_rejected(db, ctx, matched):
    db.execute("UPDATE responsive_records SET notes = 'asked Young and Ofc. Smith; REDACTED' "
               "WHERE row_no = 1")
    result = redaction.redact(db, ctx, matched)
    assert result["review_items"] == 2       # a common-word surname alone; an unlisted officer
    assert result["vendor_masked"] == 1
    assert released(db, matched)[0]["notes"] == (
        "asked [Employee 04 \u00b7 7927.700] and [7927.700]; REDACTED")
    open_items = redaction.review_items(db, matched)
    assert sorted(i["term"] for i in open_items) == ["ofc. smith", "young"]
    # The clerk decides: Smith is the owner of the stolen car, a member of the public...
    # no: he is an officer of another agency; keep him. "Young" here is Rose Young: keep.
    summary = redaction.review(db, ctx, matched, reject="young")
    assert summary["review_items"] == 1
    assert released(db, matched)[0]["notes"].startswith("asked Young and")
    summary = redaction.review(db, ctx, matched, accept_all=True)
    assert summary["review_items"] == 0
    assert "[7927.700]; REDACTED" in released(db, matched)[0]["notes"]
    decided = [i for i in redaction.exemption_log(db, matched) if i["decided_by"]]
    assert {i["decision"] for i in decided} == {"accepted", "rejected"}
    assert all(i["decided_by"] == "test-clerk" for i in decided)
    # A new run keeps the clerk's decisions.
    again = redaction.redact(db, ctx, matched)
    assert again["review_items"] == 0
    assert released(db, matched)[0]["notes"].startswith("asked Young and")


def test_manual_redactions_and_undo(db, ctx, matched):
    redaction.redact(db, ctx, matched)
    row = redaction.released_rows(db, matched)[0]
    purpose = row.cells["purpose"]
    assert purpose.text == "Robbery"
    start, end = redaction.manual_range(purpose.pieces, 0, 3)
    with pytest.raises(InputError, match="justification"):
        redaction.add_manual(db, ctx, matched, 1, "purpose", start, end, "cpra-7923.600", "")
    item = redaction.add_manual(db, ctx, matched, 1, "purpose", 0, 7, "cpra-7923.600",
                                "Reveals an open investigation's focus")
    assert released(db, matched)[0]["purpose"] == "[7923.600]"
    before = redaction.decide(db, ctx, matched, [item], "rejected")     # undo
    assert released(db, matched)[0]["purpose"] == "Robbery"
    redaction.restore(db, ctx, matched, before)                          # redo
    assert released(db, matched)[0]["purpose"] == "[7923.600]"
    with pytest.raises(RuleError, match="already has redaction decisions"):
        matching.match(db, ctx, matched, commit=True)


def test_a_profile_that_cannot_be_applied_is_refused(db, ctx, matched):
    db.execute("UPDATE profile_rules SET exemption = '' WHERE target = 'ip_address'")
    with pytest.raises(InputError, match="IP address: a withhold needs the exemption"):
        redaction.redact(db, ctx, matched)
    assert db.scalar("SELECT count(*) FROM redactions") == 0
    with pytest.raises(InputError, match="for the FOIA"):
        redaction.redact(db, ctx, matched, "FOIA default")


def test_the_command_line_contract(tmp_path):
    db = cli_desk(tmp_path, LOG.replace(",,1\n", ",asked Young,1\n", 1))
    number = run_cli("--db", db, "request", "new", "--law", "cpra", "--received", "2026-11-16",
                     "--requester", "R", "--description", "logs", today=date(2026, 11, 20)
                     ).stdout.strip()
    run_cli("--db", db, "request", "match", number)
    out = run_cli("--db", db, "request", "redact", number, "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {"redactions", "review_items", "by_exemption"} <= set(data)
    assert data["review_items"] == 1 and data["by_exemption"]["Gov. Code § 7927.700"] > 0
    out = run_cli("--db", db, "request", "review", number, "--list")
    assert "young" in out.stdout
    out = run_cli("--db", db, "request", "review", number, "--reject", "Young", "--json")
    assert json.loads(out.stdout)["review_items"] == 0
    out = run_cli("--db", db, "request", "released", number, "--json")
    notes = [r["notes"] for r in json.loads(out.stdout)["rows"]]
    assert "asked Young" in notes


@pytest.mark.skipif(not (REALDATA / "okaloosa-flock-audit").exists(),
                    reason="../shared/realdata is not beside the project")
def test_the_real_flock_release_is_redacted(db, ctx, tmp_path):
    """Okaloosa's Reason field: bare words that may be surnames ('bowen') or places, case
    numbers such as 25-136102. With a deputy Bowen on the roster, 'bowen' is held for review;
    case numbers are released."""
    from app.domain.deadlines import Law
    from app.domain.requests import Criteria, Intake
    from app.services import requests as requests_service

    (tmp_path / "roster.csv").write_text(
        "Employee ID,Last Name,First Name,Rank\nD1001,Bowen,Pat,Deputy\n", encoding="utf-8")
    imports.import_roster(db, ctx, tmp_path / "roster.csv")
    flock = REALDATA / "okaloosa-flock-audit" / \
        "11_1_2025-12_8_2025-Okaloosa_County_FL_SO-Audit_EXTRACTED.csv"
    imports.import_audit(db, ctx, imports.plan_import(db, flock))
    number = requests_service.create_request(db, ctx, Intake(
        law=Law.CPRA, received=date(2026, 11, 16), requester_name="R", description="Flock",
        criteria=Criteria(systems=("flock",)))).number
    matching.match(db, ctx, number, commit=True)
    result = redaction.redact(db, ctx, number)
    log = redaction.exemption_log(db, number)
    bowen = [i for i in log if "bowen" in i["term"]]
    assert bowen and all(i["original"].lower() == "bowen" for i in bowen)
    assert not any(i["original"] == "25-136102" for i in log)
    rows = redaction.released_rows(db, number, limit=10_000)
    reasons = [r.cells["purpose"].text for r in rows]
    assert "25-136102" in reasons
    assert not any("bowen" in r.lower() for r in reasons)     # fail closed until reviewed
    assert result["records"] == 7273
