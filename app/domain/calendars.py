"""Calendars of days on which the office is closed.

A calendar is data: dated entries (seeded from the ``holidays`` package, edited by the agency), each
saying whether the office is closed that day. Saturdays and Sundays are always closed for both
laws (CCP § 12a; 5 U.S.C. § 552(a)(6)(A)(i)).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from app.domain.errors import InputError

# Calendar names as stored in the database.
CA_STATE = "CA-state"
US_FEDERAL = "US-federal"
AGENCY_CLOSURES = "agency-closures"

CALENDAR_TITLES = {
    CA_STATE: "California state holidays",
    US_FEDERAL: "U.S. federal legal public holidays",
    AGENCY_CLOSURES: "Agency office closures",
}

# Days the ``holidays`` package lists for California on which state and local offices normally
# stay open. Counting such a day as closed would push a deadline later than the law allows, so they
# are seeded as *not observed*; an agency that does close ticks them in Settings.
CA_COMMEMORATIVE_NOT_CLOSED = frozenset({"Susan B. Anthony Day", "Diwali"})

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def fmt_day(d: date) -> str:
    """``Mon 2026-11-16``: the weekday beside the ISO date, as clerks read deadlines."""
    return f"{WEEKDAY_NAMES[d.weekday()][:3]} {d.isoformat()}"


@dataclass(frozen=True)
class CalendarEntry:
    calendar: str
    day: date
    name: str
    observed: bool = True
    source: str = "agency"
    note: str = ""


@dataclass(frozen=True)
class Calendar:
    """The closed days that apply to one computation, with the names of the calendars used."""

    names: tuple[str, ...]
    closed: Mapping[date, str] = field(default_factory=dict)
    # The years whose holidays the calendar lists (agency closures aside): a deadline that
    # reaches outside them cannot be computed, since its holidays are unknown.
    years: tuple[int, int] | None = None

    @classmethod
    def from_entries(cls, names: Iterable[str], entries: Iterable[CalendarEntry]) -> Calendar:
        wanted = tuple(names)
        closed: dict[date, str] = {}
        years: set[int] = set()
        for entry in entries:
            if entry.calendar not in wanted:
                continue
            if entry.calendar != AGENCY_CLOSURES:
                years.add(entry.day.year)
            if entry.observed:
                closed[entry.day] = (
                    f"{closed[entry.day]}; {entry.name}" if entry.day in closed else entry.name
                )
        return cls(wanted, closed, (min(years), max(years)) if years else None)

    def check_covers(self, d: date) -> None:
        """Refuse a day whose holidays the calendar does not know."""
        if self.years is not None and not self.years[0] <= d.year <= self.years[1]:
            raise InputError(
                f"The holiday calendars cover {self.years[0]} to {self.years[1]}, so no deadline "
                f"that runs through {d.isoformat()} can be computed.",
                "Check the year of the received date.")

    @property
    def title(self) -> str:
        return " + ".join(CALENDAR_TITLES.get(n, n) for n in self.names)

    def closed_reason(self, d: date) -> str | None:
        """Why the office is closed on ``d``, or None when it is open."""
        if d.weekday() == 5:
            return "Saturday"
        if d.weekday() == 6:
            return "Sunday"
        return self.closed.get(d)

    def is_open(self, d: date) -> bool:
        return self.closed_reason(d) is None

    def next_open_day(self, d: date) -> date:
        """``d`` itself when open, else the first open day after it."""
        while not self.is_open(d):
            d += timedelta(days=1)
        return d
