"""Request use cases: numbering, the workflow, extensions, tolling, closing - and that a refused
action changes nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from app.domain.calendars import AGENCY_CLOSURES, CalendarEntry
from app.domain.deadlines import Law, TollKind, Urgency
from app.domain.errors import InputError, NotFound, RuleError
from app.domain.requests import Criteria, Intake, Status
from app.services import calendars
from app.services import requests as svc
from app.services.context import Context

D = date.fromisoformat


def intake(**changes) -> Intake:
    base = Intake(law=Law.CPRA, received=D("2026-11-16"), requester_name="Rosa Delgado",
                  requester_org="Ribera Ledger", requester_email="rdelgado@ledger.example",
                  description="Clearview search logs, Q4 2019",
                  criteria=Criteria(D("2019-10-01"), D("2019-12-31"), systems=("clearview",)))
    return replace(base, **changes)


def snapshot(db):
    return (db.query("SELECT * FROM requests ORDER BY id"),
            db.query("SELECT * FROM request_tolls ORDER BY id"),
            db.scalar("SELECT count(*) FROM events"))


def test_numbers_per_law_and_year_never_reused(db, ctx):
    a = svc.create_request(db, ctx, intake())
    b = svc.create_request(db, ctx, intake())
    f = svc.create_request(db, ctx, intake(law=Law.FOIA))
    old = svc.create_request(db, ctx, intake(received=D("2025-12-30")))
    assert [a.number, b.number, f.number, old.number] == [
        "CPRA-2026-0001", "CPRA-2026-0002", "FOIA-2026-0001", "CPRA-2025-0001"]
    with db.transaction():
        db.execute("DELETE FROM requests WHERE number = 'CPRA-2026-0002'")
    assert svc.create_request(db, ctx, intake()).number == "CPRA-2026-0003"


def test_new_request_has_its_deadline_and_timeline(db, ctx):
    view = svc.create_request(db, ctx, intake())
    assert view.status is Status.NEW
    assert view.deadline.due == D("2026-11-30")
    assert view.row["due"] == "2026-11-30"
    assert [e["action"] for e in view.events] == ["request.created"]
    assert view.events[0]["actor"] == "test-clerk"


@pytest.mark.parametrize("changes, message", [
    ({"received": D("2026-11-27")}, "in the future"),
    ({"requester_name": "  "}, "requester's name"),
    ({"description": ""}, "Describe what the requester asked for"),
    ({"requester_email": "rosa-at-ledger"}, "does not look like an e-mail"),
    ({"criteria": Criteria(D("2019-12-31"), D("2019-10-01"))}, "runs backwards"),
])
def test_bad_intake_is_refused_and_nothing_is_written(db, ctx, changes, message):
    before = snapshot(db)
    with pytest.raises(InputError, match=message):
        svc.create_request(db, ctx, intake(**changes))
    assert snapshot(db) == before


def test_allowed_and_refused_transitions(db, ctx):
    number = svc.create_request(db, ctx, intake()).number
    before = snapshot(db)
    with pytest.raises(RuleError) as err:
        svc.change_status(db, ctx, number, Status.RELEASED)
    assert "cannot become released" in err.value.message
    assert "acknowledged" in err.value.hint
    assert snapshot(db) == before
    view = svc.change_status(db, ctx, number, Status.ACKNOWLEDGED)
    assert view.status is Status.ACKNOWLEDGED
    assert view.events[-1]["action"] == "request.status_changed"
    with pytest.raises(RuleError, match="closing reason"):
        svc.change_status(db, ctx, number, Status.CLOSED)


def test_unknown_request(db, ctx):
    with pytest.raises(NotFound, match="CPRA-2026-9999"):
        svc.get_request(db, "CPRA-2026-9999")


def test_cpra_extension_is_capped_and_happens_once(db, ctx):
    number = svc.create_request(db, ctx, intake()).number
    before = snapshot(db)
    with pytest.raises(InputError, match="not an extension reason"):
        svc.extend(db, ctx, number, "c9")
    with pytest.raises(InputError, match="not an extension reason"):
        svc.extend(db, ctx, number, "unusual")  # a FOIA reason
    assert snapshot(db) == before
    view = svc.extend(db, ctx, number, "c3")
    assert view.deadline.due == D("2026-12-10")  # day 24, a Thursday
    assert view.status is Status.EXTENDED
    assert view.events[-1]["action"] == "request.extended"
    before = snapshot(db)
    with pytest.raises(RuleError, match="already extended"):
        svc.extend(db, ctx, number, "c2")
    assert snapshot(db) == before


def test_no_extension_after_the_deadline(db, ctx):
    number = svc.create_request(db, ctx, intake(received=D("2026-11-02"))).number  # due 11-12
    before = snapshot(db)
    with pytest.raises(RuleError) as err:
        svc.extend(db, ctx, number, "c1")
    assert "has passed" in err.value.message
    assert "late-notice" in err.value.hint
    assert snapshot(db) == before


def test_foia_extension_adds_ten_working_days(db, ctx):
    number = svc.create_request(db, ctx, intake(law=Law.FOIA)).number
    assert svc.extend(db, ctx, number, "voluminous").deadline.due == D("2026-12-30")


def test_cpra_cannot_be_tolled(db, ctx):
    number = svc.create_request(db, ctx, intake()).number
    before = snapshot(db)
    with pytest.raises(RuleError, match="CPRA has no tolling"):
        svc.stop_clock(db, ctx, number, TollKind.INFORMATION, D("2026-11-20"))
    assert snapshot(db) == before


def test_foia_tolling_once_for_information_any_number_for_fees(db, ctx):
    number = svc.create_request(db, ctx, intake(law=Law.FOIA)).number
    view = svc.stop_clock(db, ctx, number, TollKind.INFORMATION, D("2026-11-20"))
    assert view.deadline.due is None and view.row["due"] is None
    with pytest.raises(RuleError, match="already stopped"):
        svc.stop_clock(db, ctx, number, TollKind.FEE, D("2026-11-21"))
    view = svc.resume_clock(db, ctx, number, D("2026-11-24"))
    # 17-20 Nov used 4 days; 16 remain from 25 Nov (Thanksgiving skipped).
    assert view.deadline.due == D("2026-12-17")
    with pytest.raises(RuleError, match="only once for a request for information"):
        svc.stop_clock(db, ctx, number, TollKind.INFORMATION, D("2026-11-25"))
    svc.stop_clock(db, ctx, number, TollKind.FEE, D("2026-11-25"))
    svc.resume_clock(db, ctx, number, D("2026-11-25"))
    view = svc.stop_clock(db, ctx, number, TollKind.FEE, D("2026-11-26"))
    assert len(view.tolls) == 3
    with pytest.raises(InputError, match="future"):
        svc.resume_clock(db, ctx, number, D("2026-11-27"))


def test_released_is_not_a_status_the_clerk_sets(db, ctx):
    """Until the release gate reads the packet back, nothing can be marked released."""
    number = svc.create_request(db, ctx, intake()).number
    for status in (Status.ACKNOWLEDGED, Status.SEARCHING, Status.IN_REVIEW,
                   Status.AWAITING_APPROVAL):
        svc.change_status(db, ctx, number, status)
    before = snapshot(db)
    with pytest.raises(RuleError, match="only by the release gate"):
        svc.change_status(db, ctx, number, Status.RELEASED)
    assert snapshot(db) == before
    assert svc.get_request(db, number).status is Status.AWAITING_APPROVAL


def test_intake_limits_and_impossible_dates(db, ctx):
    before = snapshot(db)
    with pytest.raises(InputError, match="before 1990"):
        svc.create_request(db, ctx, intake(received=D("1989-12-31")))
    with pytest.raises(InputError, match="20,001 characters long; the limit is 20,000"):
        svc.create_request(db, ctx, intake(description="x" * 20_001))
    assert snapshot(db) == before


def test_closing_needs_a_fitting_reason(db, ctx):
    number = svc.create_request(db, ctx, intake()).number
    for status in (Status.ACKNOWLEDGED, Status.DENIED):
        svc.change_status(db, ctx, number, status)
    with pytest.raises(RuleError, match="cannot be closed as"):
        svc.close(db, ctx, number, "released_full")
    with pytest.raises(InputError, match="exemption"):
        svc.close(db, ctx, number, "denied")
    with pytest.raises(InputError, match="Unknown closing reason"):
        svc.close(db, ctx, number, "bored")
    view = svc.close(db, ctx, number, "denied", "Gov. Code § 7923.600")
    assert view.status is Status.CLOSED
    assert view.row["closing_reason"] == "denied"
    assert view.row["closed_on"] == "2026-11-26"
    with pytest.raises(RuleError, match="cannot change status"):
        svc.change_status(db, ctx, number, Status.SEARCHING)


def test_calendar_edit_recomputes_open_deadlines(db, ctx):
    cpra = svc.create_request(db, ctx, intake()).number
    foia = svc.create_request(db, ctx, intake(law=Law.FOIA)).number
    changes = calendars.set_day(db, ctx, CalendarEntry(AGENCY_CLOSURES, D("2026-11-30"),
                                                       "Furlough day"))
    assert [c.as_json() for c in changes] == [{"number": cpra, "from": "2026-11-30",
                                                "to": "2026-12-01"}]
    assert svc.get_request(db, cpra).row["due"] == "2026-12-01"
    assert svc.get_request(db, foia).row["due"] == "2026-12-15"  # FOIA: federal calendar only
    # The moved request's timeline says when, from what, to what, and why.
    timeline = [svc.describe_event(e) for e in svc.get_request(db, cpra).events]
    assert timeline[-1] == ("Due date moved 2026-11-30 \u2192 2026-12-01: Furlough day on "
                            "2026-11-30 set to office closed (agency-closures)")
    assert len(svc.get_request(db, foia).events) == 1  # unmoved: nothing written
    # Not observing a seeded holiday brings the CPRA deadline back.
    calendars.set_day(db, ctx, CalendarEntry(AGENCY_CLOSURES, D("2026-11-30"), "Furlough day",
                                             observed=False))
    assert svc.get_request(db, cpra).row["due"] == "2026-11-30"


def test_queue_orders_by_due_date_and_marks_urgency(db, ctx):
    later = svc.create_request(db, ctx, intake(received=D("2026-11-25"))).number  # due 12-07
    overdue = svc.create_request(db, ctx, intake(received=D("2026-11-02"))).number  # 11-12
    soon = svc.create_request(db, ctx, intake(received=D("2026-11-16"))).number  # 11-30
    done = svc.create_request(db, ctx, intake(received=D("2026-10-01"))).number
    svc.change_status(db, ctx, done, Status.WITHDRAWN)
    rows = svc.queue(db, ctx)
    assert [q.number for q in rows] == [overdue, soon, later, done]
    assert [q.urgency for q in rows] == [Urgency.OVERDUE, Urgency.DUE_SOON, Urgency.ON_TRACK,
                                         None]
    assert rows[0].urgency_text == "OVERDUE by 14 days"
    from app.services import settings

    settings.update(db, ctx, "due_soon_days", 0)
    assert svc.queue(db, ctx)[1].urgency is Urgency.ON_TRACK
    with pytest.raises(InputError):
        settings.update(db, ctx, "due_soon_days", "soon")


def test_a_day_later_the_same_request_is_overdue(db, ctx):
    number = svc.create_request(db, ctx, intake()).number
    on_due_day = Context(actor="x", today=D("2026-11-30"))
    assert svc.queue(db, on_due_day)[0].urgency_text == "Due today"
    day_after = Context(actor="x", today=D("2026-12-01"))
    assert svc.queue(db, day_after)[0].urgency_text == "OVERDUE by 1 day"
    assert number


def test_a_status_change_can_be_undone_right_after_and_only_then(db, ctx):
    """Undo after a terminal status goes through the one service that allows it: the change
    must be the request's latest event, and the undo is journalled beside it."""
    view = svc.create_request(db, ctx, intake())
    denied = svc.change_status(db, ctx, view.number, Status.DENIED)
    seq = denied.events[-1]["seq"]
    back = svc.undo_status_change(db, ctx, view.number, seq)
    assert back.status is Status.NEW
    actions = [e["action"] for e in back.events]
    assert actions == ["request.created", "request.status_changed",
                       "request.status_change_undone"]
    assert svc.describe_event(back.events[-1]) == "Status change undone: Denied \u2192 New"
    # Twice is refused: the undo itself is now the latest event.
    with pytest.raises(RuleError, match="can no longer be undone"):
        svc.undo_status_change(db, ctx, view.number, seq)
    # Not an undo of something else, and not after anything else happened.
    withdrawn = svc.change_status(db, ctx, view.number, Status.WITHDRAWN)
    later = withdrawn.events[-1]["seq"]
    svc.close(db, ctx, view.number, "withdrawn")
    before = snapshot(db)
    with pytest.raises(RuleError, match="can no longer be undone"):
        svc.undo_status_change(db, ctx, view.number, later)
    with pytest.raises(RuleError, match="is not a status change"):
        svc.undo_status_change(db, ctx, view.number, back.events[0]["seq"])
    assert snapshot(db) == before


def test_the_detail_states_urgency_in_words(db, ctx):
    view = svc.create_request(db, ctx, intake())  # due Mon 2026-11-30; ctx.today 11-26
    assert svc.get_request(db, view.number).urgency_text == ""  # no day given: no urgency
    shown = svc.get_request(db, view.number, ctx)
    assert shown.urgency is Urgency.DUE_SOON and "4 days left" in shown.urgency_text
    late = svc.get_request(db, view.number, Context("test-clerk", D("2026-12-03")))
    assert late.urgency is Urgency.OVERDUE and late.urgency_text == "OVERDUE by 3 days"
    svc.change_status(db, ctx, view.number, Status.WITHDRAWN)
    assert svc.get_request(db, view.number, Context("x", D("2026-12-03"))).urgency is None
