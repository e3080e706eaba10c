"""Schema 4 brings the corrected calendar to a database created by an earlier release: the
California days become the CCP § 135 court holidays with their legal sources, the agency's own
days and edits are kept, open deadlines are recomputed with a timeline entry each, and the
changes are listed in the activity log."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from app.services.context import Context
from app.storage.database import Database, open_connection
from app.storage.events import append_event
from app.storage.migrations import MIGRATIONS
from tests.conftest import run_cli

D = date.fromisoformat
CLERK = Context(actor="upgrading-clerk", today=D("2026-03-25"))
OLD_DEFAULTS = {"agency_name": "City of Ribera Police Department", "due_soon_days": 2}


def legacy_calendar_rows() -> list[tuple]:
    """The calendar days the releases before schema 4 seeded, as their code did it: every name
    the ``holidays`` package lists for California and for the United States."""
    holidays = pytest.importorskip("holidays")
    years = list(range(2015, 2046))
    rows = []
    for calendar, listing in (("CA-state", holidays.US(subdiv="CA", years=years)),
                              ("US-federal", holidays.US(years=years))):
        for day, names in listing.items():
            for name in names.split("; "):
                commemorative = calendar == "CA-state" and name in ("Susan B. Anthony Day",
                                                                    "Diwali")
                rows.append((calendar, day.isoformat(), name, int(not commemorative),
                             "holidays-package", "Listed by the holidays package ..."
                             if commemorative else ""))
    return rows


def schema_3_database(path: Path) -> None:
    """A database as the release before this one left it: schema 3, legacy calendars, agency
    edits (with their activity-log events) and requests with the due dates it computed."""
    conn = open_connection(path)
    conn.execute("PRAGMA journal_mode = WAL")
    db = Database(path, conn)
    for migration in MIGRATIONS[:3]:
        with db.transaction():
            migration.apply(db)
            db.execute(f"PRAGMA user_version = {migration.version}")
    with db.transaction():
        for key, value in OLD_DEFAULTS.items():
            db.execute("INSERT INTO settings VALUES (?, ?)", (key, json.dumps(value)))
        db.executemany("INSERT INTO calendar_days (calendar, day, name, observed, source, note) "
                       "VALUES (?, ?, ?, ?, ?, ?)", legacy_calendar_rows())
        # The agency's edits, made through the old Settings view (each logged).
        edits = [("CA-state", "2026-11-11", "Veterans Day", 0),
                 ("CA-state", "2027-10-29", "Diwali", 1)]
        for calendar, day, name, observed in edits:
            db.execute("UPDATE calendar_days SET observed = ? WHERE calendar = ? AND day = ? "
                       "AND name = ?", (observed, calendar, day, name))
            append_event(db, actor="old-clerk", action="calendar.changed", subject=calendar,
                         details={"day": day, "name": name, "observed": bool(observed),
                                  "note": ""})
        db.execute("DELETE FROM calendar_days WHERE calendar = 'CA-state' AND day = "
                   "'2027-11-26' AND name = 'Day After Thanksgiving'")
        append_event(db, actor="old-clerk", action="calendar.removed", subject="CA-state",
                     details={"day": "2027-11-26", "name": "Day After Thanksgiving"})
        db.execute("INSERT INTO calendar_days (calendar, day, name, observed, source, note) "
                   "VALUES ('agency-closures', '2026-12-24', 'Furlough day', 1, 'agency', '')")
        requests = [
            # number, law, status, received, due as the old calendar gave it, extension
            ("CPRA-2026-0001", "cpra", "new", "2026-02-02", "2026-02-12", None, None),
            ("CPRA-2026-0002", "cpra", "acknowledged", "2026-09-15", "2026-09-25", None, None),
            ("CPRA-2026-0003", "cpra", "closed", "2026-02-03", "2026-02-13", None, None),
            ("CPRA-2026-0004", "cpra", "new", "2026-11-01", "2026-11-11", None, None),
            ("FOIA-2026-0001", "foia", "extended", "2026-03-02", "2026-04-21", "unusual",
             "2026-03-20"),
        ]
        for number, law, status, received, due, reason, extended_on in requests:
            db.execute(
                "INSERT INTO requests (number, law, status, received, channel, requester_name, "
                "description, extension_reason, extended_on, due, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, 'email', 'Rosa Delgado', 'logs', ?, ?, ?, '2026-01-01', "
                "'2026-01-01')", (number, law, status, received, reason, extended_on, due))
        foia_id = db.scalar("SELECT id FROM requests WHERE number = 'FOIA-2026-0001'")
        # A stoppage the old release accepted after the 20-day period had run (03-30).
        db.execute("INSERT INTO request_tolls (request_id, kind, start, \"end\") "
                   "VALUES (?, 'information', '2026-04-02', '2026-04-12')", (foia_id,))
    conn.close()


@pytest.fixture
def old_db(tmp_path) -> Path:
    path = tmp_path / "desk.sqlite3"
    schema_3_database(path)
    return path


def events(db, action):
    return [json.loads(e["details"]) | {"actor": e["actor"], "request_id": e["request_id"]}
            for e in db.query("SELECT * FROM events WHERE action = ? ORDER BY seq", (action,))]


def test_upgrade_corrects_the_calendar_and_keeps_the_agency_edits(old_db):
    from app.services.database import open_database, verify_log
    from app.services.requests import get_request
    from app.storage.migrations import LATEST_VERSION

    with open_database(old_db, ctx=CLERK) as db:
        assert db.user_version == LATEST_VERSION  # schema 4, and every later one
        due = {r["number"]: r["due"] for r in db.query("SELECT number, due FROM requests")}
        assert due == {
            "CPRA-2026-0001": "2026-02-13",   # day 10 was Lincoln Day (CCP § 135)
            "CPRA-2026-0002": "2026-09-28",   # day 10 was Native American Day, then a weekend
            "CPRA-2026-0003": "2026-02-13",   # closed requests are not touched
            "CPRA-2026-0004": "2026-11-11",   # Veterans Day: the agency counts it as open
            "FOIA-2026-0001": "2026-04-13",   # the late stoppage no longer counts
        }
        # Each moved request has a timeline entry saying why.
        view = get_request(db, "CPRA-2026-0001")
        moved = [e for e in view.events if e["action"] == "request.due_recomputed"]
        assert len(moved) == 1
        details = json.loads(moved[0]["details"])
        assert (details["from"], details["to"]) == ("2026-02-12", "2026-02-13")
        assert "court holidays of CCP § 135" in details["why"]
        assert moved[0]["actor"] == "upgrading-clerk"
        assert "Lincoln Day" in "\n".join(view.deadline.steps)

        # The activity log lists the correction.
        [corrected] = events(db, "calendar.corrected")
        assert "CA-state 2026-02-12 Lincoln Day" in corrected["closed_added"]
        assert "CA-state 2026-09-25 Native American Day" in corrected["closed_added"]
        assert not any(line.startswith("US-federal") for line in
                       corrected["closed_added"] + corrected["closed_removed"])
        assert corrected["kept_agency_edits"] == ["CA-state 2026-11-11 Veterans Day (open)",
                                                  "CA-state 2027-10-29 Diwali (closed)"]
        assert corrected["kept_agency_removals"] == ["CA-state 2027-11-26 Day After "
                                                     "Thanksgiving"]
        assert sorted(c["number"] for c in corrected["due_dates_changed"]) == [
            "CPRA-2026-0001", "CPRA-2026-0002", "FOIA-2026-0001"]
        [seeded] = events(db, "extension_reasons.seeded")
        assert any(r.startswith("cpra c6 Gov. Code § 7922.535(c)(6) from 2026-01-01")
                   for r in seeded["reasons"])

        # The calendar: new days carry their legal source; the agency's stay as they were.
        rows = {(r["calendar"], r["day"], r["name"]): r
                for r in db.query("SELECT * FROM calendar_days")}
        lincoln = rows[("CA-state", "2026-02-12", "Lincoln Day")]
        assert (lincoln["source"], lincoln["authority"]) == (
            "seeded", "CCP § 135; Gov. Code § 6700(a)(5)")
        assert rows[("CA-state", "2026-11-11", "Veterans Day")]["observed"] == 0
        assert rows[("CA-state", "2027-10-29", "Diwali")]["observed"] == 1
        assert not any(k[:2] == ("CA-state", "2027-11-26") for k in rows)
        assert ("agency-closures", "2026-12-24", "Furlough day") in rows
        assert not any(k[2] == "Susan B. Anthony Day" for k in rows)
        assert verify_log(db) == (db.scalar("SELECT count(*) FROM events"), [])
        count = db.scalar("SELECT count(*) FROM events")
    # Opening again finds nothing left to do.
    with open_database(old_db, ctx=CLERK) as db:
        assert db.scalar("SELECT count(*) FROM events") == count
    backups = list(old_db.parent.glob("desk.schema3-*.backup.sqlite3"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("PRAGMA user_version").fetchone()[0] == 3


def test_the_command_line_finishes_the_upgrade(old_db):
    """Any command that opens the database runs the upgrade and its recompute."""
    out = run_cli("--db", str(old_db), "request", "show", "CPRA-2026-0002", "--json",
                  today=D("2026-03-25"))
    assert out.returncode == 0, out.stderr
    shown = json.loads(out.stdout)
    assert shown["due"] == "2026-09-28"
    assert any(e["action"] == "request.due_recomputed" for e in shown["events"])


def test_a_failed_upgrade_leaves_schema_3(old_db, monkeypatch):
    from app.services.database import open_database
    from app.storage import calendar

    def broken(*args, **kwargs):
        raise RuntimeError("disk trouble in the middle of the upgrade")

    monkeypatch.setattr(calendar, "correct_seeded", broken)
    with pytest.raises(RuntimeError):
        open_database(old_db, ctx=CLERK)
    with sqlite3.connect(old_db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
        assert conn.execute("SELECT due FROM requests WHERE number = 'CPRA-2026-0001'"
                            ).fetchone()[0] == "2026-02-12"


def test_the_window_start_up_finishes_the_upgrade(tmp_path):
    """The window opens the user's database through the same service (open_or_create)."""
    from app import paths as app_paths
    from app.clock import Clock
    from app.services.database import open_database
    from app.ui.application import prepare_database

    paths = app_paths.for_folder(tmp_path / "desk")
    paths.database.parent.mkdir(parents=True, exist_ok=True)
    schema_3_database(paths.database)
    prepare_database(paths, demo=False, now=Clock(D("2026-03-25"), "the test"))
    with open_database(paths.database, migrate=False) as db:
        assert db.scalar("SELECT due FROM requests WHERE number = 'CPRA-2026-0001'") == \
            "2026-02-13"
        assert db.scalar("SELECT count(*) FROM events WHERE action = 'calendar.corrected'") == 1
