"""The statutory clocks: golden vectors checked by hand, and properties over thousands of dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.calendars import Calendar
from app.domain.deadlines import (
    Law,
    Toll,
    TollKind,
    Urgency,
    compute_deadline,
    cpra_deadline,
    foia_deadline,
    urgency,
)
from app.domain.errors import RuleError
from app.services.calendars import seeded_calendar

CPRA_CAL = seeded_calendar(Law.CPRA)
FOIA_CAL = seeded_calendar(Law.FOIA)
D = date.fromisoformat


@pytest.mark.parametrize("received, extended, due", [
    # The brief's example: day 10 is Thanksgiving, then the day after, then a weekend.
    ("2026-11-16", False, "2026-11-30"),
    ("2026-11-16", True, "2026-12-10"),
    # Day 10 on Veterans Day (a Wednesday).
    ("2026-11-01", False, "2026-11-12"),
    # Day 10 on Christmas (a Friday), then a weekend.
    ("2026-12-15", False, "2026-12-28"),
    # Across the year end: New Year's Day is a Friday in 2027.
    ("2026-12-22", False, "2027-01-04"),
    # Extended across the year end: day 24 is a Sunday.
    ("2026-12-10", True, "2027-01-04"),
    # Day 10 on a Sunday.
    ("2026-11-05", False, "2026-11-16"),
    # Received on a Saturday: calendar days still count from the next day.
    ("2026-11-07", False, "2026-11-17"),
    # Thanksgiving 2025, and New Year 2026 (a Thursday; the Friday after is open).
    ("2025-11-17", False, "2025-12-01"),
    ("2025-12-22", False, "2026-01-02"),
])
def test_cpra_golden(received, extended, due):
    assert cpra_deadline(D(received), CPRA_CAL, extended=extended).due == D(due)


@pytest.mark.parametrize("received, extended, due", [
    ("2026-11-16", False, "2026-12-15"),  # the brief's example
    ("2026-12-01", False, "2026-12-30"),  # Christmas skipped
    ("2026-11-14", False, "2026-12-14"),  # received on a Saturday: count starts Monday
    ("2026-12-20", False, "2027-01-20"),  # Sunday receipt; Christmas, New Year, King's birthday
    ("2026-11-16", True, "2026-12-30"),   # +10 working days for unusual circumstances
])
def test_foia_golden(received, extended, due):
    assert foia_deadline(D(received), FOIA_CAL, extended=extended).due == D(due)


def test_steps_explain_the_roll():
    steps = cpra_deadline(D("2026-11-16"), CPRA_CAL).steps
    text = "\n".join(steps)
    assert "Day 10 after receipt is Thu 2026-11-26" in text
    assert "Thanksgiving Day" in text and "Day After Thanksgiving" in text
    assert "Sat 2026-11-28 is a Saturday" in text
    assert steps[-1] == "Determination due Mon 2026-11-30."
    assert "California court holidays (CCP § 135)" in text  # which calendar was used


def test_agency_closure_moves_a_cpra_deadline_only():
    closed = Calendar(CPRA_CAL.names, {**CPRA_CAL.closed, D("2026-11-30"): "Furlough day"})
    deadline = cpra_deadline(D("2026-11-16"), closed)
    assert deadline.due == D("2026-12-01")
    assert any("Furlough day" in s for s in deadline.steps)


def test_foia_tolling_resumes_with_the_remaining_days():
    toll = Toll(TollKind.INFORMATION, D("2026-11-20"), D("2026-12-01"))
    deadline = foia_deadline(D("2026-11-16"), FOIA_CAL, tolls=[toll])
    # 4 working days used (17-20 Nov); 16 remain from 2 Dec.
    assert deadline.due == D("2026-12-23")
    assert any("16 working day(s) remain" in s for s in deadline.steps)


def test_an_open_toll_stops_the_clock():
    deadline = foia_deadline(D("2026-11-16"), FOIA_CAL,
                             tolls=[Toll(TollKind.FEE, D("2026-11-18"))])
    assert deadline.due is None
    assert "18 remain" in deadline.steps[-1]


def test_cpra_refuses_tolling():
    with pytest.raises(RuleError, match="no tolling"):
        compute_deadline(Law.CPRA, D("2026-11-16"), CPRA_CAL,
                         tolls=[Toll(TollKind.INFORMATION, D("2026-11-17"))])


def test_urgency_words():
    today = D("2026-11-26")
    assert urgency(D("2026-11-25"), today, 2) == (Urgency.OVERDUE, "OVERDUE by 1 day")
    assert urgency(today, today, 2) == (Urgency.DUE_SOON, "Due today")
    # Thanksgiving: Monday is four calendar days but one working day away.
    level, text = urgency(D("2026-11-30"), today, 2, CPRA_CAL)
    assert level is Urgency.DUE_SOON and text == "Due soon: 4 days left (1 working)"
    assert urgency(D("2026-12-10"), today, 2, CPRA_CAL)[0] is Urgency.ON_TRACK


received_dates = st.dates(min_value=date(2015, 1, 1), max_value=date(2044, 12, 1))


def open_days(calendar, after: date, through: date) -> int:
    return sum(calendar.is_open(after + timedelta(days=i))
               for i in range(1, (through - after).days + 1))


@settings(max_examples=400, deadline=None)
@given(received_dates)
def test_cpra_properties(received):
    base = cpra_deadline(received, CPRA_CAL)
    assert CPRA_CAL.is_open(base.due)
    last = received + timedelta(days=10)
    assert base.due >= last
    # Only closed days lie between day 10 and the due date.
    assert all(not CPRA_CAL.is_open(last + timedelta(days=i))
               for i in range((base.due - last).days))
    extended = cpra_deadline(received, CPRA_CAL, extended=True)
    assert CPRA_CAL.is_open(extended.due)
    assert extended.due > base.due
    # The extension adds at most 14 days to the unextended period (then rolls like it).
    assert extended.due == CPRA_CAL.next_open_day(last + timedelta(days=14))
    assert extended.base_due == base.due


@settings(max_examples=400, deadline=None)
@given(received_dates)
def test_foia_properties(received):
    deadline = foia_deadline(received, FOIA_CAL)
    assert FOIA_CAL.is_open(deadline.due)
    assert open_days(FOIA_CAL, received, deadline.due) == 20
    assert deadline.due >= received + timedelta(days=26)  # 20 working days span 4 weekends
    extended = foia_deadline(received, FOIA_CAL, extended=True)
    assert open_days(FOIA_CAL, received, extended.due) == 30


@settings(max_examples=300, deadline=None)
@given(received_dates, st.integers(0, 15), st.integers(0, 30))
def test_foia_tolling_property(received, start_after, answered_after):
    start = received + timedelta(days=start_after)
    end = start + timedelta(days=answered_after)
    deadline = foia_deadline(received, FOIA_CAL, tolls=[Toll(TollKind.INFORMATION, start, end)])
    counted = open_days(FOIA_CAL, received, deadline.due) - open_days(FOIA_CAL, start, min(
        end, deadline.due))
    if deadline.due > start:
        assert counted == 20
    assert FOIA_CAL.is_open(deadline.due)
    assert deadline.due >= foia_deadline(received, FOIA_CAL).due
