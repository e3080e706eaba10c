"""The CPRA calendar is the California court-holiday calendar (CCP §§ 12a, 135; Cal. Rules of
Court 1.11), seeded from our own rule table with the legal source of every day - never from the
names a holidays package happens to list. The FOIA calendar is 5 U.S.C. § 6103(a)."""

from __future__ import annotations

import sys
import types
from datetime import date

import pytest

from app.domain.calendars import CA_STATE, US_FEDERAL
from app.domain.deadlines import Law, cpra_deadline, foia_deadline
from app.domain.holiday_rules import seeded_entries
from app.services.calendars import seeded_calendar
from tests.conftest import ROOT

D = date.fromisoformat
CPRA = seeded_calendar(Law.CPRA)
FOIA = seeded_calendar(Law.FOIA)

# The judicial holidays the Superior Court of San Bernardino County publishes (citing CCP § 135,
# CRC 1.11 and Gov. Code §§ 6700-6710), transcribed by hand.
COURT_HOLIDAYS = {
    2025: ["2025-01-01", "2025-01-20", "2025-02-12", "2025-02-17", "2025-03-31", "2025-05-26",
           "2025-06-19", "2025-07-04", "2025-09-01", "2025-09-26", "2025-11-11", "2025-11-27",
           "2025-11-28", "2025-12-25"],
    2026: ["2026-01-01", "2026-01-19", "2026-02-12", "2026-02-16", "2026-03-31", "2026-05-25",
           "2026-06-19", "2026-07-03", "2026-09-07", "2026-09-25", "2026-11-11", "2026-11-26",
           "2026-11-27", "2026-12-25"],
}


@pytest.mark.parametrize("year", sorted(COURT_HOLIDAYS))
def test_ccp_135_weekday_holidays_match_the_courts_published_list(year):
    """CCP § 135 with CRC 1.11: the weekdays the courts close, exactly."""
    closed = sorted(d.isoformat() for d in CPRA.closed if d.year == year and d.weekday() < 5)
    assert closed == COURT_HOLIDAYS[year]


@pytest.mark.parametrize("received, due, why", [
    # Day 10 is Thu 2026-02-12, Lincoln Day (Gov. Code § 6700(a)(5); CCP § 135).
    ("2026-02-02", "2026-02-13", "Lincoln Day"),
    # Day 10 is Fri 2026-09-25, Native American Day (§ 6700(a)(14); CCP § 135 since 2022).
    ("2026-09-15", "2026-09-28", "Native American Day"),
    # Day 10 is Fri 2025-09-26, Native American Day.
    ("2025-09-16", "2025-09-29", "Native American Day"),
    # Day 10 is Fri 2027-02-12, Lincoln Day.
    ("2027-02-02", "2027-02-16", "Lincoln Day"),
    # Lincoln Day 2028 is a Saturday: observed Fri 2028-02-11 (CRC 1.11).
    ("2028-02-01", "2028-02-14", "Lincoln Day (observed)"),
])
def test_lincoln_day_and_native_american_day_roll_a_cpra_deadline(received, due, why):
    deadline = cpra_deadline(D(received), CPRA)
    assert deadline.due == D(due)
    assert any(f"a holiday ({why})" in s for s in deadline.steps)


@pytest.mark.parametrize("received, day10, name", [
    ("2026-08-30", "2026-09-09", "Admission Day"),          # § 6700(a)(13), excluded by § 135
    ("2026-10-02", "2026-10-12", "Columbus Day"),           # excluded by § 135 since 2022
    ("2026-04-14", "2026-04-24", "Genocide Remembrance Day"),  # excluded since 2023
])
def test_state_holidays_that_are_not_court_holidays_do_not_move_a_deadline(received, day10,
                                                                          name):
    """CCP § 135 excludes Admission Day, Columbus Day (since 2022) and Genocide Remembrance Day:
    the time runs through them (CCP § 12a refers to § 135, not to § 6700)."""
    deadline = cpra_deadline(D(received), CPRA)
    assert deadline.due == D(day10)
    assert any(f"is {name}" in s and "counts as an open day" in s for s in deadline.steps)
    assert not any(name in reason for day, reason in CPRA.closed.items() if day.year >= 2023)


def test_columbus_day_was_a_court_holiday_until_2021():
    """AB 855 (Stats. 2021, ch. 283) swapped Columbus Day for Native American Day from 2022."""
    assert CPRA.closed_reason(D("2021-10-11")) == "Columbus Day"
    assert CPRA.is_open(D("2022-10-10"))
    assert CPRA.is_open(D("2021-09-24"))  # Native American Day 2021: not yet a court holiday
    assert CPRA.closed_reason(D("2022-09-23")) == "Native American Day"


def test_juneteenth_is_a_court_holiday_from_2023():
    """AB 1655 (Stats. 2022, ch. 753) added Juneteenth to Gov. Code § 6700 from 2023."""
    assert CPRA.is_open(D("2022-06-20"))  # 2022-06-19 was a Sunday; no state holiday yet
    assert CPRA.closed_reason(D("2023-06-19")) == "Juneteenth"
    assert FOIA.closed_reason(D("2021-06-18")) == "Juneteenth National Independence Day (observed)"


@pytest.mark.parametrize("observed, name", [
    ("2026-07-03", "Independence Day (observed)"),   # July 4 2026: Saturday -> Friday before
    ("2027-12-24", "Christmas Day (observed)"),      # Saturday -> Friday before
    ("2027-12-31", "New Year's Day (observed)"),     # 1 January 2028, a Saturday
    ("2024-04-01", "Cesar Chavez Day (observed)"),   # 31 March 2024, a Sunday -> Monday after
    ("2028-11-10", "Veterans Day (observed)"),       # Saturday -> Friday before
    ("2023-02-13", "Lincoln Day (observed)"),        # 12 February 2023, a Sunday
])
def test_rule_1_11_observed_days(observed, name):
    """Cal. Rules of Court, rule 1.11: Saturday holiday -> the Friday before, Sunday -> the
    Monday after."""
    assert CPRA.closed_reason(D(observed)) == name


def test_every_seeded_day_records_its_legal_source():
    for entry in seeded_entries(range(2015, 2046)):
        if entry.calendar == CA_STATE and entry.observed:
            assert "CCP § 135" in entry.authority, entry
        elif entry.calendar == CA_STATE:
            assert "excluded by CCP § 135" in entry.authority, entry
        else:
            assert entry.calendar == US_FEDERAL and "5 U.S.C. § 6103" in entry.authority
        if entry.name.endswith("(observed)"):
            assert "rule 1.11" in entry.authority or "6103(b)" in entry.authority
    lincoln = next(e for e in seeded_entries([2026]) if e.name == "Lincoln Day")
    assert lincoln.authority == "CCP § 135; Gov. Code § 6700(a)(5)"


def test_a_new_name_in_the_holidays_package_never_becomes_a_closed_day(monkeypatch):
    """Seeding reads the rule table only: a holidays-package release that adds a name (here a
    fake one on a Wednesday) changes nothing, and no application module imports the package."""
    fake = types.ModuleType("holidays")

    class Listing(dict):
        def __init__(self, *args, **kwargs):
            super().__init__({D("2026-03-11"): "Brand New Day"})

    fake.US = Listing
    fake.country_holidays = Listing
    monkeypatch.setitem(sys.modules, "holidays", fake)
    from app.services import calendars

    calendars._all_seeded.cache_clear()
    calendar = calendars.seeded_calendar(Law.CPRA)
    assert calendar.is_open(D("2026-03-11"))
    assert cpra_deadline(D("2026-03-01"), calendar).due == D("2026-03-11")
    users = [p.relative_to(ROOT) for p in (ROOT / "app").rglob("*.py")
             if "import holidays" in p.read_text(encoding="utf-8")
             or "from holidays" in p.read_text(encoding="utf-8")]
    assert users == []


def test_foia_calendar_is_the_eleven_legal_public_holidays():
    """5 U.S.C. § 6103(a), observed per § 6103(b) / EO 11582; 2027 has no weekend holiday
    that moves into 2028, but 1 January 2028 (a Saturday) is observed on 31 December 2027."""
    weekdays_2027 = sorted(d.isoformat() for d in FOIA.closed if d.year == 2027)
    assert weekdays_2027 == [
        "2027-01-01", "2027-01-18", "2027-02-15", "2027-05-31", "2027-06-18", "2027-06-19",
        "2027-07-04", "2027-07-05", "2027-09-06", "2027-10-11", "2027-11-11", "2027-11-25",
        "2027-12-24", "2027-12-25", "2027-12-31"]
    # Columbus Day is a federal holiday: a FOIA count skips it, a CPRA deadline does not.
    assert foia_deadline(D("2027-09-27"), FOIA).due == D("2027-10-26")
