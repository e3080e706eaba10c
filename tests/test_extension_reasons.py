"""The reasons for an extension are data with dates, in the statute's words:
Gov. Code § 7922.535(c) for the CPRA (with its lead-in, the current (c)(5) and the (c)(6)
cyberattack reason in force since 1 January 2026, whose delay ends when access is regained), and
the three unusual circumstances of 5 U.S.C. § 552(a)(6)(B)(iii) for FOIA, chosen one by one."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from app.domain.deadlines import Law, choose_reason
from app.domain.errors import InputError, RuleError
from app.domain.requests import Intake
from app.services import reasons
from app.services import requests as svc
from app.services.context import Context
from app.storage import reasons as reason_store
from tests.conftest import run_cli

D = date.fromisoformat
LEAD_IN = ("only to the extent reasonably necessary to the proper processing of the "
           "particular request")


def new_request(db, ctx, law=Law.CPRA, received="2026-11-16"):
    return svc.create_request(db, ctx, Intake(
        law=law, received=D(received), requester_name="Rosa Delgado",
        description="Clearview search logs")).number


def snapshot(db):
    return (db.query("SELECT * FROM requests ORDER BY id"),
            db.scalar("SELECT count(*) FROM events"))


def test_cpra_reasons_word_for_word(db):
    """§ 7922.535(c)(1)-(4) verbatim, under the lead-in; (c)(5) the 2026 text ("directly
    affects"); (c)(6) the cyberattack."""
    offered = {r.code: r for r in reasons.in_force(db, Law.CPRA, D("2026-11-26"))}
    assert list(offered) == ["c1", "c2", "c3", "c4", "c5", "c6"]
    assert offered["c1"].text == (
        "The need to search for and collect the requested records from field facilities or "
        "other establishments that are separate from the office processing the request.")
    assert offered["c2"].text == (
        "The need to search for, collect, and appropriately examine a voluminous amount of "
        "separate and distinct records that are demanded in a single request.")
    assert offered["c3"].text == (
        "The need for consultation, which shall be conducted with all practicable speed, with "
        "another agency having substantial interest in the determination of the request or "
        "among two or more components of the agency having substantial subject matter interest "
        "therein.")
    assert offered["c4"].text == (
        "The need to compile data, to write programming language or a computer program, or to "
        "construct a computer report to extract data.")
    assert all(LEAD_IN in r.lead_in for r in offered.values())
    assert "directly affects the agency's ability" in offered["c5"].text
    assert "proclaimed by the Governor in the jurisdiction where the agency is located" \
        in offered["c5"].text
    assert "cyberattack" in offered["c6"].text
    assert offered["c6"].limit == "until_access_regained"
    assert offered["c6"].effective_from == D("2026-01-01")
    # Words not yet checked against the enacted statute say so.
    assert {r.code for r in offered.values() if r.wording == "unverified"} == {"c5", "c6"}


def test_the_words_in_force_depend_on_the_day(db):
    """(c)(6) is not a reason before 2026; (c)(5) read "currently affects" in 2025."""
    all_reasons = reason_store.all_reasons(db)
    with pytest.raises(InputError, match="'c6' is not an extension reason under the CPRA on "
                                         "2025-12-31"):
        choose_reason(all_reasons, Law.CPRA, "c6", D("2025-12-31"))
    assert "currently affects" in choose_reason(all_reasons, Law.CPRA, "c5",
                                                D("2025-06-30")).text
    assert "directly affects" in choose_reason(all_reasons, Law.CPRA, "c5",
                                               D("2026-01-01")).text


def test_an_extension_keeps_the_words_in_force_the_day_it_was_made(db, ctx):
    """Counsel's later update changes new extensions only; the old one keeps its notice."""
    first = new_request(db, ctx)
    svc.extend(db, ctx, first, "c2")
    reasons.set_reason(db, ctx, Law.CPRA, "c2", citation="Gov. Code § 7922.535(c)(2)",
                       text="The need to search for and examine very many records (new words).",
                       effective_from=D("2026-11-20"))
    old = svc.get_request(db, first)
    assert "demanded in a single request" in old.deadline.reason.text
    assert any("demanded in a single request" in s for s in old.deadline.steps)
    event = json.loads(old.events[-1]["details"])
    assert event["text"].endswith("demanded in a single request.")
    assert LEAD_IN in event["lead_in"]
    second = new_request(db, ctx)
    new = svc.extend(db, ctx, second, "c2")
    assert new.deadline.reason.text.endswith("(new words).")
    assert new.deadline.due == D("2026-12-10")
    # The earlier words ended the day before the new ones.
    rows = [r for r in reasons.listing(db, Law.CPRA) if r["code"] == "c2"]
    assert [(r["effective_from"], r["effective_to"]) for r in rows] == [
        ("2023-01-01", "2026-11-19"), ("2026-11-20", None)]
    assert rows[1]["entered_by"] == "test-clerk"


def test_foia_names_the_unusual_circumstance_that_applies(db, ctx):
    number = new_request(db, ctx, law=Law.FOIA)
    before = snapshot(db)
    with pytest.raises(InputError, match="Name the unusual circumstance that applies") as err:
        svc.extend(db, ctx, number, "unusual")
    assert err.value.hint == "Use one of: field, voluminous, consultation."
    assert snapshot(db) == before
    view = svc.extend(db, ctx, number, "field")
    assert view.deadline.due == D("2026-12-30")
    assert any("(5 U.S.C. § 552(a)(6)(B)(iii)(I): \u201cthe need to search for and collect the "
               "requested records from field facilities" in s for s in view.deadline.steps)
    assert svc.describe_event(view.events[-1]).startswith(
        "Extended (5 U.S.C. § 552(a)(6)(B)(iii)(I) \u2014 the need to search for and collect")


def test_an_old_unusual_extension_still_reads(db, ctx):
    """Rows extended with the old code 'unusual' before schema 4 keep working."""
    number = new_request(db, ctx, law=Law.FOIA)
    with db.transaction():
        db.execute("UPDATE requests SET extension_reason = 'unusual', extended_on = "
                   "'2026-11-20', status = 'extended' WHERE number = ?", (number,))
    view = svc.get_request(db, number)
    assert view.deadline.due == D("2026-12-30")
    assert view.deadline.reason.citation == "5 U.S.C. § 552(a)(6)(B)(i), (iii)"


def test_cyberattack_extension_ends_when_access_is_regained(db):
    """§ 7922.535(c)(6): the delay lasts only until access to the systems is regained."""
    ctx = Context(actor="clerk", today=D("2026-11-10"))
    number = new_request(db, ctx, received="2026-11-02")   # day 10: Thu 11-12
    view = svc.extend(db, ctx, number, "c6")
    assert view.deadline.due == D("2026-11-30")  # day 24 is Thanksgiving; then the weekend
    assert any("lasts only until the agency regains access" in s for s in view.deadline.steps)
    later = replace(ctx, today=D("2026-11-19"))
    before = snapshot(db)
    with pytest.raises(InputError, match="in the future"):
        svc.record_access_regained(db, later, number, D("2026-11-20"))
    assert snapshot(db) == before
    view = svc.record_access_regained(db, later, number, D("2026-11-18"))
    assert view.deadline.due == D("2026-11-18")
    assert view.row["due"] == "2026-11-18"
    assert any("Access to the systems was regained on Wed 2026-11-18" in s
               for s in view.deadline.steps)
    assert svc.describe_event(view.events[-1]) == (
        "Access to the systems regained 2026-11-18 (Gov. Code § 7922.535(c)(6)): due "
        "2026-11-30 \u2192 2026-11-18")
    with pytest.raises(RuleError, match="already recorded"):
        svc.record_access_regained(db, later, number, D("2026-11-18"))


def test_access_regained_before_day_10_keeps_the_ten_days(db):
    ctx = Context(actor="clerk", today=D("2026-11-05"))
    number = new_request(db, ctx, received="2026-11-02")
    svc.extend(db, ctx, number, "c6")
    view = svc.record_access_regained(db, replace(ctx, today=D("2026-11-06")), number,
                                      D("2026-11-06"))
    assert view.deadline.due == D("2026-11-12")  # never earlier than the unextended date


def test_only_a_cyberattack_extension_ends_with_access(db, ctx):
    number = new_request(db, ctx)
    svc.extend(db, ctx, number, "c1")
    with pytest.raises(RuleError, match="not extended for a cyberattack"):
        svc.record_access_regained(db, ctx, number, D("2026-11-26"))


def test_counsel_updates_reasons_from_the_command_line(tmp_path):
    db = str(tmp_path / "desk.sqlite3")
    assert run_cli("--db", db, "init").returncode == 0
    out = run_cli("--db", db, "reason", "set", "--law", "cpra", "--code", "c6",
                  "--from", "2027-01-01", "--citation", "Gov. Code § 7922.535(c)(6)",
                  "--text", "The chaptered words of (c)(6).", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["wording"] == "verbatim"
    listed = json.loads(run_cli("--db", db, "reason", "list", "--law", "cpra", "--on",
                                "2027-01-01", "--json").stdout)["reasons"]
    c6 = [r for r in listed if r["code"] == "c6"]
    assert [r["text"] for r in c6] == ["The chaptered words of (c)(6)."]
    assert c6[0]["ends_when"] == "until_access_regained"  # kept from the earlier words
    out = run_cli("--db", db, "reason", "set", "--law", "cpra", "--code", "C 6", "--from",
                  "2027-01-01", "--citation", "x", "--text", "y")
    assert out.returncode == 2 and "cannot be a reason code" in out.stderr


def test_extend_from_the_command_line_names_the_reason(tmp_path):
    db = str(tmp_path / "desk.sqlite3")
    run_cli("--db", db, "init")
    on = D("2026-11-20")
    number = run_cli("--db", db, "request", "new", "--law", "foia", "--received", "2026-11-16",
                     "--requester", "R", "--description", "logs", today=on).stdout.strip()
    out = run_cli("--db", db, "request", "extend", number, "--reason", "unusual", today=on)
    assert out.returncode == 2 and "field, voluminous, consultation" in out.stderr
    out = run_cli("--db", db, "request", "extend", number, "--reason", "consultation", today=on)
    assert out.returncode == 0, out.stderr
    assert "extended: 5 U.S.C. § 552(a)(6)(B)(iii)(III)" in out.stdout
    assert "the need for consultation" in out.stdout
