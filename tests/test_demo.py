"""The demo data: deterministic, realistic in shape, and covering every stage of the queue."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date

from app.domain.deadlines import Urgency
from app.services import demo
from app.services.requests import get_request, queue


def test_roster_is_diverse_and_deterministic():
    people = demo.roster()
    assert len(people) == 40
    assert people == demo.roster()
    names = " ".join(p.full_name for p in people)
    assert "'" in names and "-" in names and "é" in names
    assert len({p.employee_id for p in people}) == 40
    assert len({p.email for p in people}) == 40
    # E-mail addresses and usernames are plain ASCII, as mail systems make them.
    assert all(p.email.isascii() and p.username.isascii() for p in people)


def test_searches_cover_the_quarter_by_25_people(demo_db):
    rows = demo_db.query("SELECT * FROM audit_records")
    assert len(rows) == 475
    assert len({r["user_id"] for r in rows}) == 25
    times = sorted(r["occurred_at"] for r in rows)
    # Stored in UTC: midnight Pacific on 1 October is 07:00 UTC.
    assert times[0] >= "2019-10-01 07:00:00"
    assert times[-1] < "2020-01-01 08:00:00"
    per_user = Counter(r["user_id"] for r in rows)
    assert per_user.most_common(1)[0][1] > 3 * min(per_user.values())  # heavy users and a tail
    notes = " ".join(r["notes"] or "" for r in rows)
    assert "@ribera-pd.example" in notes  # some notes name colleagues, as real ones do
    assert any(r["case_number"] for r in rows)


def test_requests_at_every_stage(demo_db, ctx):
    rows = queue(demo_db, ctx)
    assert len(rows) == 8
    statuses = {q.status.value for q in rows}
    assert {"new", "acknowledged", "extended", "in_review", "awaiting_approval", "searching",
            "closed"} <= statuses
    # Nothing is released without the release gate, and no demo request claims it was.
    assert "released" not in statuses
    closed = [queue_row.number for queue_row in rows if queue_row.status.value == "closed"]
    reasons = {get_request(demo_db, n).row["closing_reason"] for n in closed}
    assert reasons == {"withdrawn", "referred"}
    overdue = [q for q in rows if q.urgency is Urgency.OVERDUE]
    assert len(overdue) == 1
    soon = [q for q in rows if q.urgency is Urgency.DUE_SOON]
    assert soon, "one request should be about to fall due"


def test_demo_is_deterministic(db_path, tmp_path, ctx):
    from app.services.database import init_database

    def snapshot(path):
        with init_database(path, ctx) as d:
            demo.seed_demo(d, ctx)
            return (d.query("SELECT event_id, occurred_at, user_name, notes FROM audit_records "
                            "ORDER BY id"),
                    d.query("SELECT number, status, received, due FROM requests ORDER BY id"))

    assert snapshot(tmp_path / "a.sqlite3") == snapshot(tmp_path / "b.sqlite3")


def test_large_export_streams_the_same_rows(tmp_path):
    path = demo.write_export(tmp_path / "big.csv", 2000)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 2000
    assert tuple(rows[0]) == demo.FR_HEADER
    dates = [date(int(r["Search Date"][6:]), int(r["Search Date"][:2]), int(r["Search Date"][3:5]))
             for r in rows]
    assert min(dates) >= demo.SEARCH_START and max(dates) <= demo.SEARCH_END
