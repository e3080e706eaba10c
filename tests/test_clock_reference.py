"""An independent check of the clocks: every CPRA and FOIA due date for every received date in
2025-2028, extended or not, against a small reference written here from the statutes - without
the application's rule table or calendar code.

CPRA: Gov. Code § 7922.535(a), (b): 10 days, 24 with an extension; CCP § 12: exclude the first
day, include the last; CCP § 12a: a last day that is a Saturday, a Sunday or a CCP § 135 holiday
moves to the next day that is none. CCP § 135 holidays (with Gov. Code § 6700): 1 January, third
Monday of January, 12 February, third Monday of February, 31 March, last Monday of May,
19 June (from 2023), 4 July, first Monday of September, fourth Friday of September (from 2022),
second Monday of October (to 2021), 11 November, Thanksgiving (fourth Thursday of November) and
the day after, 25 December; a Saturday holiday observed the Friday before and a Sunday one the
Monday after (Cal. Rules of Court 1.11).

FOIA: 5 U.S.C. § 552(a)(6)(A)(i), (B)(i): 20 working days, 30 with unusual circumstances,
excluding Saturdays, Sundays and the legal public holidays of 5 U.S.C. § 6103(a) (observed the
Friday before / Monday after).
"""

from __future__ import annotations

import calendar as stdcal
from datetime import date, timedelta

import pytest

from app.domain.deadlines import Law, cpra_deadline, foia_deadline
from app.services.calendars import seeded_calendar

FIRST, LAST = date(2025, 1, 1), date(2028, 12, 31)


def nth(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th given weekday of a month (n = -1: the last), from the month's calendar grid."""
    days = [week[weekday] for week in stdcal.monthcalendar(year, month) if week[weekday]]
    return date(year, month, days[n - 1] if n > 0 else days[n])


def with_observed(days: list[date]) -> set[date]:
    out = set(days)
    for d in days:
        if d.weekday() == 5:
            out.add(d - timedelta(days=1))
        elif d.weekday() == 6:
            out.add(d + timedelta(days=1))
    return out


def california(year: int) -> set[date]:
    days = [date(year, 1, 1), nth(year, 1, 0, 3), date(year, 2, 12), nth(year, 2, 0, 3),
            date(year, 3, 31), nth(year, 5, 0, -1), date(year, 7, 4), nth(year, 9, 0, 1),
            date(year, 11, 11), nth(year, 11, 3, 4), nth(year, 11, 3, 4) + timedelta(days=1),
            date(year, 12, 25)]
    if year >= 2023:
        days.append(date(year, 6, 19))
    if year >= 2022:
        days.append(nth(year, 9, 4, 4))
    else:
        days.append(nth(year, 10, 0, 2))
    return with_observed(days)


def federal(year: int) -> set[date]:
    days = [date(year, 1, 1), nth(year, 1, 0, 3), nth(year, 2, 0, 3), nth(year, 5, 0, -1),
            date(year, 7, 4), nth(year, 9, 0, 1), nth(year, 10, 0, 2), date(year, 11, 11),
            nth(year, 11, 3, 4), date(year, 12, 25)]
    if year >= 2021:
        days.append(date(year, 6, 19))
    return with_observed(days)


CA = set().union(*(california(y) for y in range(2024, 2031)))
US = set().union(*(federal(y) for y in range(2024, 2031)))


def ref_cpra(received: date, extended: bool) -> date:
    d = received + timedelta(days=24 if extended else 10)
    while d.weekday() >= 5 or d in CA:
        d += timedelta(days=1)
    return d


def ref_foia(received: date, extended: bool) -> date:
    d, counted = received, 0
    while counted < (30 if extended else 20):
        d += timedelta(days=1)
        if d.weekday() < 5 and d not in US:
            counted += 1
    return d


def every_day():
    d = FIRST
    while d <= LAST:
        yield d
        d += timedelta(days=1)


@pytest.mark.parametrize("extended", [False, True])
def test_every_cpra_due_date_2025_2028_agrees_with_the_statutes(extended):
    calendar = seeded_calendar(Law.CPRA)
    wrong = [(r, cpra_deadline(r, calendar, extended=extended).due, ref_cpra(r, extended))
             for r in every_day()
             if cpra_deadline(r, calendar, extended=extended).due != ref_cpra(r, extended)]
    assert wrong == []


@pytest.mark.parametrize("extended", [False, True])
def test_every_foia_due_date_2025_2028_agrees_with_the_statutes(extended):
    calendar = seeded_calendar(Law.FOIA)
    wrong = [(r, foia_deadline(r, calendar, extended=extended).due, ref_foia(r, extended))
             for r in every_day()
             if foia_deadline(r, calendar, extended=extended).due != ref_foia(r, extended)]
    assert wrong == []


def test_a_database_gives_the_same_dates(db):
    """The seeded database (the path every request takes) agrees with the reference too."""
    from app.services.clocks import preview_deadline

    for received in list(every_day())[::9]:
        assert preview_deadline(db, Law.CPRA, received).due == ref_cpra(received, False)
        assert preview_deadline(db, Law.FOIA, received).due == ref_foia(received, False)


def test_the_reference_knows_the_brief_example():
    assert ref_cpra(date(2026, 11, 16), False) == date(2026, 11, 30)
    assert ref_foia(date(2026, 11, 16), False) == date(2026, 12, 15)


def test_federal_rules_agree_with_the_holidays_package_2015_2045():
    """A second, independent source for 5 U.S.C. § 6103: the ``holidays`` package (a test-only
    dependency). A package release that adds a name fails this test - for a person to look at -
    and never changes a deadline by itself."""
    holidays = pytest.importorskip("holidays")
    from app.domain.holiday_rules import US_RULES, seeded_entries

    ours = {e.day for e in seeded_entries(range(2015, 2046), US_RULES) if e.observed}
    theirs = set(holidays.US(years=range(2015, 2046)).keys())
    assert sorted(ours ^ theirs) == []
