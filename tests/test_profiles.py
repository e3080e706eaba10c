"""Profiles, the exemption catalogue, safety holds and patterns: counsel's data, never a hidden
default."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.deadlines import Law
from app.domain.errors import InputError, NotFound
from app.domain.exemptions import find
from app.domain.redaction import Action, check_profile
from app.services import profiles
from app.services.demo import write_roster
from app.services.imports import import_roster


def test_the_catalogue_has_current_and_former_cites(db):
    catalogue = profiles.catalogue(db)
    marks = {(e.law, e.mark) for e in catalogue}
    assert {(Law.CPRA, m) for m in ("7927.700", "7923.600", "7927.705", "7922.000",
                                    "7929.210")} <= marks
    assert {(Law.FOIA, m) for m in ("(b)(6)", "(b)(7)(C)", "(b)(7)(E)", "(b)(7)(F)")} <= marks
    # A former cite still finds the current section: counsel's old memos keep working.
    assert find(catalogue, "Gov. Code § 6254(c)").cite == "Gov. Code § 7927.700"
    assert find(catalogue, "6254.19").cite == "Gov. Code § 7929.210"
    assert find(catalogue, "b6", Law.FOIA).mark == "(b)(6)"
    assert find(catalogue, "(b)(7)(C)").code == "foia-b7c"
    personnel = find(catalogue, "7927.700")
    assert personnel.effective_from == date(2023, 1, 1) and personnel.former_cite
    assert not personnel.in_force(date(2022, 12, 31)) and personnel.in_force(date(2026, 11, 26))
    # No "non-responsive" entry: inside a responsive record, text rests on an exemption.
    assert not any("responsive" in e.title.lower() for e in catalogue)
    with pytest.raises(InputError, match="not in the exemption catalogue"):
        find(catalogue, "non-responsive")


def test_shipped_profiles_say_what_they_do_and_wait_for_counsel(db):
    shipped = {p.name: p for p in profiles.list_profiles(db)}
    cpra = shipped["CPRA default"]
    codes = {e.code for e in profiles.catalogue(db)}
    assert check_profile(cpra, codes) == []
    rule = {r.target: r for r in cpra.rules}
    assert rule["user_name"].action is Action.PSEUDONYMISE
    assert {t for t, r in rule.items() if r.action is Action.WITHHOLD and ":" not in t} == {
        "user_id", "user_email", "username", "ip_address"}
    assert all(rule[t].action is Action.RELEASE for t in (
        "occurred_at", "system", "case_number", "purpose", "result_count"))
    assert all(r.justification for r in cpra.rules if r.action is not Action.RELEASE)
    assert "not been confirmed by counsel" in cpra.banner
    assert shipped["FOIA default"].law is Law.FOIA
    assert rule["ip_address"].exemption == "cpra-7929.210"


def test_a_rule_change_is_checked_and_needs_confirming_again(db, ctx):
    confirmed = profiles.confirm(db, ctx, "CPRA default", "A. Counsel, Deputy City Attorney")
    assert confirmed.confirmed_on == "2026-11-26" and "A. Counsel" in confirmed.banner
    with pytest.raises(InputError, match="would identify the searchers"):
        profiles.set_rule(db, ctx, "CPRA default", "user_id", "release")
    with pytest.raises(InputError, match="needs the exemption"):
        profiles.set_rule(db, ctx, "CPRA default", "notes", "withhold",
                          justification="free text")
    with pytest.raises(InputError, match="does not identify a person"):
        profiles.set_rule(db, ctx, "CPRA default", "purpose", "pseudonymise", "7927.700",
                          "x")
    with pytest.raises(InputError, match="not in the exemption catalogue for the CPRA"):
        profiles.set_rule(db, ctx, "CPRA default", "unit", "withhold", "(b)(6)", "x")
    assert profiles.get_profile(db, "CPRA default").confirmed_by  # refused changes: untouched
    changed = profiles.set_rule(db, ctx, "CPRA default", "unit", "withhold", "6254(c)",
                                "Small units identify their members.")
    assert changed.rule("unit").exemption == "cpra-7927.700"
    assert changed.confirmed_by == "" and "not been confirmed" in changed.banner
    events = [e["action"] for e in db.query("SELECT action FROM events ORDER BY seq")]
    assert events[-2:] == ["profile.confirmed", "profile.changed"]


def test_copies_are_independent(db, ctx):
    copy = profiles.copy_profile(db, ctx, "CPRA default", "Names released (Long Beach)")
    profiles.set_rule(db, ctx, copy.name, "user_name", "release")
    # Releasing the name with the other identifiers withheld is allowed...
    assert profiles.get_profile(db, copy.name).rule("user_name").action is Action.RELEASE
    assert profiles.get_profile(db, "CPRA default").rule("user_name").action is \
        Action.PSEUDONYMISE
    with pytest.raises(InputError, match="already exists"):
        profiles.copy_profile(db, ctx, "CPRA default", copy.name)


def test_safety_holds(db, ctx, tmp_path):
    import_roster(db, ctx, write_roster(tmp_path / "roster.csv"))
    employee = db.scalar("SELECT employee_id FROM personnel ORDER BY id LIMIT 1")
    with pytest.raises(NotFound, match="No one on the roster"):
        profiles.add_hold(db, ctx, "X99999", kind="undercover", reason="UC", exemption="7923.600")
    with pytest.raises(InputError, match="Unknown kind"):
        profiles.add_hold(db, ctx, employee, kind="vip", reason="x", exemption="7923.600")
    with pytest.raises(InputError, match="before it starts"):
        profiles.add_hold(db, ctx, employee, kind="threat", reason="x", exemption="7923.600",
                          held_until=date(2026, 1, 1))
    hold = profiles.add_hold(db, ctx, employee, kind="Undercover", reason="UC assignment",
                             exemption="6254(f)")
    assert hold["exemption"] == "cpra-7923.600" and hold["held_from"] == "2026-11-26"
    assert [h["employee_id"] for h in profiles.holds(db)] == [employee]
    profiles.lift_hold(db, ctx, hold["id"])
    with pytest.raises(NotFound):
        profiles.lift_hold(db, ctx, hold["id"])


def test_patterns_are_checked(db, ctx):
    with pytest.raises(InputError, match="not a regular expression"):
        profiles.add_pattern(db, ctx, "badge", "[A-Z")
    with pytest.raises(InputError, match="matches empty text"):
        profiles.add_pattern(db, ctx, "anything", "x*")
    profiles.add_pattern(db, ctx, "Radio call sign", r"\b[0-9]{1,2}[A-Z]{1,2}[0-9]{1,2}\b")
    assert profiles.patterns(db) == [("Radio call sign", r"\b[0-9]{1,2}[A-Z]{1,2}[0-9]{1,2}\b")]


def test_counsel_edits_the_catalogue_and_the_new_entry_is_usable(db, ctx, tmp_path):
    """The catalogue is editable: counsel adds an entry, rewords one, retires one with an end
    date; nothing is deleted, each change is journalled, and bad entries are refused."""
    from app.storage.events import all_events

    added = profiles.set_exemption(db, ctx, "cpra-7923.655", law="cpra",
                                   cite="Gov. Code § 7923.655", mark="7923.655",
                                   title="Security procedures",
                                   former_cite="Gov. Code § 6254(f)(2)")
    assert find(profiles.catalogue(db), "7923.655", Law.CPRA) == added
    # The new entry can carry a profile rule at once.
    rule = profiles.set_rule(db, ctx, "CPRA default", "ip_address", "withhold", "7923.655",
                             "Reveals how the systems are protected")
    assert any(r.exemption == "cpra-7923.655" for r in rule.rules)

    retired = profiles.set_exemption(db, ctx, "cpra-7923.655", effective_to=date(2030, 12, 31),
                                     summary="Reworded by counsel")
    assert retired.cite == "Gov. Code § 7923.655"          # unchanged fields stay
    assert retired.summary == "Reworded by counsel" and not retired.in_force(date(2031, 1, 1))
    assert profiles.set_exemption(db, ctx, "cpra-7923.655", effective_to=None).effective_to \
        is None

    with pytest.raises(InputError, match="new exemption: give its --cite, --mark, --title"):
        profiles.set_exemption(db, ctx, "cpra-new", law="cpra")
    with pytest.raises(InputError, match=r"already cpra-7927\.700's"):
        profiles.set_exemption(db, ctx, "cpra-other", law="cpra", cite="x", mark="7927.700",
                               title="Clash")
    with pytest.raises(InputError, match="before it starts"):
        profiles.set_exemption(db, ctx, "cpra-7923.655", effective_from=date(2026, 1, 1),
                               effective_to=date(2025, 1, 1))
    with pytest.raises(InputError, match="its law cannot change"):
        profiles.set_exemption(db, ctx, "cpra-7923.655", law="foia")
    actions = [e["action"] for e in all_events(db)]
    assert actions.count("exemption.changed") == 2 and actions.count("exemption.added") == 1


def test_exemption_set_from_the_command_line(tmp_path):
    from tests.conftest import run_cli

    db = str(tmp_path / "d.sqlite3")
    assert run_cli("--db", db, "init").returncode == 0
    done = run_cli("--db", db, "--json", "exemption", "set", "foia-b3", "--law", "foia",
                   "--cite", "5 U.S.C. § 552(b)(3)", "--mark", "(b)(3)",
                   "--title", "Exempted by statute")
    assert done.returncode == 0, done.stderr
    listed = run_cli("--db", db, "exemption", "list")
    assert "5 U.S.C. § 552(b)(3)" in listed.stdout
    bad = run_cli("--db", db, "exemption", "set", "foia-b3", "--until", "31/31/2030")
    assert bad.returncode == 2 and "--until" in bad.stderr
