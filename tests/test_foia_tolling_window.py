"""5 U.S.C. § 552(a)(6)(A)(ii): an agency may toll "the 20-day period" - once for information,
any number of times for fees - but only while that period runs. A stoppage that would start
after the 20 working days have run is refused, and one already on file does not move the date."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from app.domain.deadlines import Law, Toll, TollKind, check_toll, foia_deadline
from app.domain.errors import RuleError
from app.domain.requests import Intake
from app.services import requests as svc
from app.services.calendars import seeded_calendar
from app.services.context import Context

D = date.fromisoformat
FOIA = seeded_calendar(Law.FOIA)


def snapshot(db):
    return (db.query("SELECT * FROM requests ORDER BY id"),
            db.query("SELECT * FROM request_tolls ORDER BY id"),
            db.scalar("SELECT count(*) FROM events"))


def test_the_issue_example_in_the_clock_itself():
    """Received 2026-03-02: the 20 working days run out on Mon 03-30; extended, due 04-13. A
    stoppage from 04-02 to 04-12 was counted and gave 04-21; it does not stop the clock."""
    plain = foia_deadline(D("2026-03-02"), FOIA)
    assert plain.due == D("2026-03-30")
    late = Toll(TollKind.INFORMATION, D("2026-04-02"), D("2026-04-12"))
    extended = foia_deadline(D("2026-03-02"), FOIA, extended=True, tolls=[late])
    assert extended.due == D("2026-04-13")
    assert any("does not stop the clock: the 20-day period had already run on Mon 2026-03-30"
               in s for s in extended.steps)


def test_a_stop_within_the_period_still_counts():
    """Stopped on day 20 itself (Mon 03-30), answered 04-06: the 10 extension days start 04-07."""
    toll = Toll(TollKind.FEE, D("2026-03-30"), D("2026-04-06"))
    deadline = foia_deadline(D("2026-03-02"), FOIA, extended=True, tolls=[toll])
    assert deadline.due == D("2026-04-20")
    check_toll(Law.FOIA, [], TollKind.FEE, D("2026-03-30"), D("2026-03-02"), FOIA)


def test_a_stop_after_the_period_is_refused_with_the_reason(db):
    ctx = Context(actor="clerk", today=D("2026-03-20"))
    number = svc.create_request(db, ctx, Intake(
        law=Law.FOIA, received=D("2026-03-02"), requester_name="Rosa Delgado",
        description="ALPR audit logs")).number
    assert svc.extend(db, ctx, number, "voluminous").deadline.due == D("2026-04-13")
    later = replace(ctx, today=D("2026-04-02"))
    before = snapshot(db)
    with pytest.raises(RuleError) as err:
        svc.stop_clock(db, later, number, TollKind.INFORMATION, D("2026-04-02"))
    assert "20-working-day period ran out on Mon 2026-03-30" in err.value.message
    assert "5 U.S.C. § 552(a)(6)(A)(ii)" in err.value.message
    assert "552(a)(6)(B)(ii)" in err.value.hint
    assert snapshot(db) == before
    assert svc.get_request(db, number).deadline.due == D("2026-04-13")


def test_a_second_fee_stop_counts_the_period_with_the_first(db):
    """The period's end moves with an earlier stoppage: a fee question after it, but before the
    moved end, is still within the 20 days."""
    ctx = Context(actor="clerk", today=D("2026-03-10"))
    number = svc.create_request(db, ctx, Intake(
        law=Law.FOIA, received=D("2026-03-02"), requester_name="Rosa Delgado",
        description="ALPR audit logs")).number
    svc.stop_clock(db, ctx, number, TollKind.INFORMATION, D("2026-03-10"))
    view = svc.resume_clock(db, replace(ctx, today=D("2026-03-20")), number, D("2026-03-20"))
    assert view.deadline.due == D("2026-04-09")  # 6 days used; 14 remain from 03-23
    on = replace(ctx, today=D("2026-04-02"))
    view = svc.stop_clock(db, on, number, TollKind.FEE, D("2026-04-02"))
    assert view.deadline.due is None
