"""Requests from the command line, as scripts use them."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from tests.conftest import run_cli


@pytest.fixture
def cli_db(tmp_path):
    db = tmp_path / "desk.sqlite3"
    assert run_cli("--db", str(db), "init").returncode == 0
    return str(db)


# The day these commands run: the Friday before Thanksgiving, so that a request received on
# 2026-11-16 is still inside its 10 days (and can be extended).
ON = date(2026, 11, 20)


def new(db, *extra, law="cpra", received="2026-11-16"):
    return run_cli("--db", db, "request", "new", "--law", law, "--received", received,
                   "--requester", "Rosa Delgado", "--description", "Clearview logs", *extra,
                   today=ON)


def test_deadline_command_matches_the_brief():
    out = run_cli("deadline", "--law", "cpra", "--received", "2026-11-16", "--json")
    data = json.loads(out.stdout)
    assert data["due"] == "2026-11-30"
    assert any("Thanksgiving" in s for s in data["steps"])
    out = run_cli("deadline", "--law", "foia", "--received", "2026-11-16", "--json")
    assert json.loads(out.stdout)["due"] == "2026-12-15"
    out = run_cli("deadline", "--law", "cpra", "--received", "2026-11-16", "--extended")
    assert out.stdout.strip().endswith("Due: 2026-12-10")


@pytest.mark.parametrize("argv, message", [
    (["--law", "gdpr", "--received", "2026-11-16"], "Unknown law"),
    (["--law", "cpra", "--received", "2026-02-30"], "is not a date"),
    (["--law", "cpra", "--received", "16/11/2026"], "YYYY-MM-DD"),
])
def test_deadline_bad_input(argv, message):
    out = run_cli("deadline", *argv)
    assert out.returncode == 2
    assert message in out.stderr


def test_request_new_prints_the_number(cli_db):
    out = new(cli_db)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "CPRA-2026-0001"
    out = new(cli_db, "--json", "--from", "2019-10-01", "--to", "2019-12-31", "--system",
              "clearview", "--keyword", "robbery", "--keyword", "homicide")
    data = json.loads(out.stdout)
    assert data["number"] == "CPRA-2026-0002" and data["due"] == "2026-11-30"
    shown = json.loads(run_cli("--db", cli_db, "request", "show", "CPRA-2026-0002",
                               "--json").stdout)
    assert shown["criteria"]["keywords"] == ["robbery", "homicide"]
    assert shown["criteria"]["date_from"] == "2019-10-01"
    assert shown["deadline"]["due"] == "2026-11-30"


def test_bad_requests_change_nothing(cli_db):
    future = (ON + timedelta(days=3)).isoformat()
    for argv, message in ((("--law", "cpra", "--received", future), "in the future"),
                          (("--law", "ccpa", "--received", "2026-11-16"), "Unknown law")):
        out = run_cli("--db", cli_db, "request", "new", *argv, "--requester", "R",
                      "--description", "logs", today=ON)
        assert out.returncode == 2
        assert message in out.stderr
    listing = json.loads(run_cli("--db", cli_db, "request", "list", "--json").stdout)
    assert listing["requests"] == []


def test_extend_once_with_a_known_reason(cli_db):
    number = new(cli_db).stdout.strip()
    out = run_cli("--db", cli_db, "request", "extend", number, "--reason", "c7", today=ON)
    assert out.returncode == 2 and "c1, c2, c3, c4, c5, c6" in out.stderr
    out = run_cli("--db", cli_db, "request", "extend", number, "--reason", "c2", "--json",
                  today=ON)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["deadline"]["due"] == "2026-12-10"
    out = run_cli("--db", cli_db, "request", "extend", number, "--reason", "c2")
    assert out.returncode == 2 and "already extended" in out.stderr


def test_workflow_through_close(cli_db):
    number = new(cli_db).stdout.strip()
    out = run_cli("--db", cli_db, "request", "transition", number, "released")
    assert out.returncode == 2 and "cannot become released" in out.stderr
    for status in ("acknowledged", "searching", "no_records"):
        out = run_cli("--db", cli_db, "request", "transition", number, status)
        assert out.returncode == 0, out.stderr
    out = run_cli("--db", cli_db, "request", "close", number, "--reason", "no_records")
    assert out.returncode == 0
    assert "Closed" in out.stdout
    listing = json.loads(run_cli("--db", cli_db, "request", "list", "--open", "--json").stdout)
    assert listing["requests"] == []


def test_foia_clock_from_the_cli(cli_db):
    number = new(cli_db, law="foia").stdout.strip()
    out = run_cli("--db", cli_db, "request", "stop-clock", number, "--kind", "information",
                  "--on", "2026-11-20", "--json")
    assert json.loads(out.stdout)["deadline"]["due"] is None
    out = run_cli("--db", cli_db, "request", "resume-clock", number, "--answered", "2026-11-24",
                  "--json")
    assert json.loads(out.stdout)["deadline"]["due"] == "2026-12-17"


def test_calendar_closure_from_the_cli(cli_db):
    number = new(cli_db).stdout.strip()
    out = run_cli("--db", cli_db, "calendar", "set", "--calendar", "agency-closures", "--date",
                  "2026-11-30", "--name", "Furlough day")
    assert out.returncode == 0, out.stderr
    shown = json.loads(run_cli("--db", cli_db, "request", "show", number, "--json").stdout)
    assert shown["due"] == "2026-12-01"
    assert any("Furlough day" in s for s in shown["deadline"]["steps"])
    out = run_cli("--db", cli_db, "calendar", "set", "--calendar", "moon", "--date",
                  "2026-11-30", "--name", "x")
    assert out.returncode == 2 and "Unknown calendar" in out.stderr
