"""Gov. Code § 6700(a): a city, county or district need not adopt Martin Luther King Jr. Day and
Cesar Chavez Day. The agency's choice is a setting (default: counted as closed, as CCP § 135 lists
both as court holidays), the deadline steps say which choice was used, and changing it moves the
open deadlines with a timeline entry."""

from __future__ import annotations

import json
from datetime import date

import pytest

from app.domain.deadlines import Law, cpra_deadline
from app.domain.errors import InputError
from app.domain.holiday_rules import COUNT_CESAR_CHAVEZ_DAY, COUNT_MLK_DAY
from app.domain.requests import Intake
from app.services import calendars, settings
from app.services import requests as svc
from app.services.calendars import seeded_calendar
from app.services.context import Context
from tests.conftest import run_cli

D = date.fromisoformat


def test_default_counts_both_and_says_so():
    deadline = cpra_deadline(D("2027-03-21"), seeded_calendar(Law.CPRA))
    assert deadline.due == D("2027-04-01")  # day 10: Wed 2027-03-31, Cesar Chavez Day
    assert ("Agency choice (Settings): Martin Luther King Jr. Day and Cesar Chavez Day are "
            "counted as closed, as CCP § 135 lists them among the court holidays.") \
        in deadline.steps


def test_unticked_cesar_chavez_day_is_an_open_day_and_the_steps_say_why():
    calendar = seeded_calendar(Law.CPRA, {COUNT_CESAR_CHAVEZ_DAY: False})
    deadline = cpra_deadline(D("2027-03-21"), calendar)
    assert deadline.due == D("2027-03-31")
    text = "\n".join(deadline.steps)
    assert "Cesar Chavez Day is not counted: the office stays open, as Gov. Code § 6700(a) " \
           "allows a city, county or district" in text
    assert "Martin Luther King Jr. Day is counted as closed" in text
    assert "Wed 2027-03-31 is Cesar Chavez Day, which this agency does not count as a " \
           "holiday" in text


def test_unticked_mlk_day_moves_only_its_own_deadlines():
    calendar = seeded_calendar(Law.CPRA, {COUNT_MLK_DAY: False})
    assert cpra_deadline(D("2027-01-08"), calendar).due == D("2027-01-18")  # MLK Day, open
    assert cpra_deadline(D("2027-01-08"), seeded_calendar(Law.CPRA)).due == D("2027-01-19")
    # The FOIA calendar is federal: the state local option does not touch it.
    assert seeded_calendar(Law.FOIA, {COUNT_MLK_DAY: False}).closed_reason(D("2027-01-18")) \
        == "Martin Luther King Jr. Day"


def test_changing_the_choice_recomputes_open_deadlines_with_a_timeline_entry(db):
    ctx = Context(actor="clerk", today=D("2027-03-22"))
    number = svc.create_request(db, ctx, Intake(
        law=Law.CPRA, received=D("2027-03-21"), requester_name="Rosa Delgado",
        description="Clearview logs")).number
    assert svc.get_request(db, number).row["due"] == "2027-04-01"
    changes = settings.set_local_option(db, ctx, COUNT_CESAR_CHAVEZ_DAY, False)
    assert [c.as_json() for c in changes] == [
        {"number": number, "from": "2027-04-01", "to": "2027-03-31"}]
    view = svc.get_request(db, number)
    assert view.row["due"] == "2027-03-31"
    last = view.events[-1]
    assert last["action"] == "request.due_recomputed"
    assert json.loads(last["details"])["why"] == (
        "Cesar Chavez Day not counted (the office stays open) by agency setting "
        "(Gov. Code § 6700(a))")
    logged = db.query("SELECT details FROM events WHERE action = 'settings.changed'")
    assert json.loads(logged[-1]["details"]) == {"from": True, "to": False}
    # The Settings view shows the day as not counted, and why.
    day = next(v for v in calendars.entries_for_view(db, "CA-state", 2027)
               if v.entry.name == "Cesar Chavez Day")
    assert not day.counted and "local option" in day.why
    assert settings.set_local_option(db, ctx, COUNT_CESAR_CHAVEZ_DAY, False) == []
    settings.set_local_option(db, ctx, COUNT_CESAR_CHAVEZ_DAY, True)
    assert svc.get_request(db, number).row["due"] == "2027-04-01"


def test_only_the_two_local_option_days_can_be_unticked(db, ctx):
    with pytest.raises(InputError, match="not a local-option holiday"):
        settings.set_local_option(db, ctx, "count_lincoln_day", False)


def test_local_option_from_the_command_line(tmp_path):
    db = str(tmp_path / "desk.sqlite3")
    run_cli("--db", db, "init")
    out = run_cli("--db", db, "calendar", "option", "mlk", "open", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["counted"] is False
    out = run_cli("--db", db, "deadline", "--law", "cpra", "--received", "2027-01-08", "--json")
    data = json.loads(out.stdout)
    assert data["due"] == "2027-01-18"
    assert any("Martin Luther King Jr. Day is not counted" in s for s in data["steps"])
