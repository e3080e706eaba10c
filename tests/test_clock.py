"""One clock: nothing but app/clock.py reads the system date, and the clock can be fixed."""

from __future__ import annotations

import ast
from datetime import date

import pytest

from app import clock
from tests.conftest import ROOT, run_cli

# Calls that read the system's date or time.
READS = {("date", "today"), ("datetime", "now"), ("datetime", "today"), ("datetime", "utcnow"),
         ("QDate", "currentDate"), ("QDateTime", "currentDateTime"),
         ("QDateTime", "currentDateTimeUtc"), ("time", "time"), ("time", "localtime"),
         ("time", "gmtime")}


def clock_reads(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.id if isinstance(owner, ast.Name) else \
                owner.attr if isinstance(owner, ast.Attribute) else None
            if (name, node.func.attr) in READS:
                found.append(f"line {node.lineno}: {name}.{node.func.attr}()")
    return found


def test_the_checker_finds_a_clock_read():
    assert clock_reads("import datetime\nx = datetime.date.today()\n") == \
        ["line 2: date.today()"]
    assert clock_reads("from datetime import datetime, timezone\n"
                       "def f():\n    return datetime.now(timezone.utc)\n") == \
        ["line 3: datetime.now()"]


def test_nothing_but_the_clock_reads_the_system_date():
    offenders = {}
    for path in (ROOT / "app").rglob("*.py"):
        if path.name == "clock.py" or "forms" in path.parts:
            continue
        found = clock_reads(path.read_text(encoding="utf-8"))
        if found:
            offenders[str(path.relative_to(ROOT))] = found
    assert offenders == {}


def test_a_fixed_clock_dates_everything(monkeypatch):
    monkeypatch.setenv(clock.ENV_TODAY, "2027-03-01")
    now = clock.system()
    assert now.today() == date(2027, 3, 1)
    assert clock.utc_stamp().startswith(("2027-02-28", "2027-03-01", "2027-03-02"))
    assert "2027-03-01" in now.notice and clock.ENV_TODAY in now.notice
    monkeypatch.delenv(clock.ENV_TODAY)
    assert clock.system().notice == ""


def test_a_bad_clock_setting_is_refused(monkeypatch):
    monkeypatch.setenv(clock.ENV_TODAY, "26/11/2026")
    with pytest.raises(clock.ClockError, match="YYYY-MM-DD"):
        clock.system()
    out = run_cli("deadline", "--law", "cpra", "--received", "2026-11-16",
                  env={clock.ENV_TODAY: "soon"})
    assert out.returncode == 2 and "is not a date" in out.stderr


def test_commands_say_when_today_is_not_the_computers(tmp_path):
    db = tmp_path / "desk.sqlite3"
    out = run_cli("--db", str(db), "init", today=date(2026, 11, 20))
    assert out.returncode == 0
    assert "Today is taken as 2026-11-20" in out.stderr


def test_the_suite_runs_on_a_moved_clock(pytestconfig):
    """Tests that do not fix the date see one two years from the real date (conftest.py), so a
    test that quietly depends on the real date fails now, not on some later morning."""
    import os

    moved = date.fromisoformat(os.environ[clock.ENV_TODAY])
    assert moved == clock.system().today()
    if not pytestconfig.getoption("--today"):
        assert (moved - date.today()).days in (730, 731)
