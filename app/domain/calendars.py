"""Calendars of days on which the office is closed.

A calendar is data: dated entries (seeded from the rules of :mod:`app.domain.holiday_rules`, each
with its legal source, and edited by the agency), each saying whether the office is closed that
day. Saturdays and Sundays are always closed for both laws (CCP §§ 12a, 135; 5 U.S.C.
§ 552(a)(6)(A)(i)).
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
    CA_STATE: "California court holidays (CCP § 135)",
    US_FEDERAL: "U.S. federal legal public holidays",
    AGENCY_CLOSURES: "Agency office closures",
}

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def fmt_day(d: date) -> str:
    """``Mon 2026-11-16``: the weekday beside the ISO date, as clerks read deadlines."""
    return f"{WEEKDAY_NAMES[d.weekday()][:3]} {d.isoformat()}"


@dataclass(frozen=True)
class CalendarEntry:
    """One listed day. ``observed``: the office is closed and the day is not counted as open.
    Seeded days carry the ``rule`` that gave them, its legal ``authority`` and the
    ``seeded_observed`` flag they were seeded with, so an agency's change is recognisable."""

    calendar: str
    day: date
    name: str
    observed: bool = True
    source: str = "agency"
    note: str = ""
    rule: str = ""
    authority: str = ""
    seeded_observed: bool | None = None

    @property
    def agency_changed(self) -> bool:
        """A seeded day whose closed/open flag the agency changed."""
        return self.seeded_observed is not None and self.observed != self.seeded_observed


@dataclass(frozen=True)
class Calendar:
    """The closed days that apply to one computation, with the names of the calendars used."""

    names: tuple[str, ...]
    closed: Mapping[date, str] = field(default_factory=dict)
    # The years whose holidays the calendar lists (agency closures aside): a deadline that
    # reaches outside them cannot be computed, since its holidays are unknown.
    years: tuple[int, int] | None = None
    # Listed days the office counts as open, with why (a state holiday that is not a court
    # holiday; a holiday the agency does not count): said in the steps when a deadline lands
    # on one.
    uncounted: Mapping[date, str] = field(default_factory=dict)
    # The agency's choices that shaped this calendar, as sentences for the deadline steps.
    choices: tuple[str, ...] = ()

    @classmethod
    def from_entries(cls, names: Iterable[str], entries: Iterable[CalendarEntry], *,
                     not_counted_rules: Mapping[str, str] | None = None,
                     choices: Iterable[str] = ()) -> Calendar:
        """``not_counted_rules``: rule key -> why the agency does not count the days of that
        rule (its local option), whatever their stored flag says."""
        wanted = tuple(names)
        skip = not_counted_rules or {}
        closed: dict[date, str] = {}
        uncounted: dict[date, str] = {}
        years: set[int] = set()

        def add(into: dict[date, str], day: date, text: str) -> None:
            into[day] = f"{into[day]}; {text}" if day in into else text

        for entry in entries:
            if entry.calendar not in wanted:
                continue
            if entry.calendar != AGENCY_CLOSURES:
                years.add(entry.day.year)
            if entry.observed and entry.rule in skip:
                add(uncounted, entry.day, f"{entry.name}, which {skip[entry.rule]}")
            elif entry.observed:
                add(closed, entry.day, entry.name)
            elif entry.note:
                add(uncounted, entry.day, f"{entry.name}: {entry.note}")
            else:
                add(uncounted, entry.day, f"{entry.name}, which the office does not count as "
                                          "closed")
        for day in list(uncounted):
            if day in closed:  # another listing closes the office that day
                del uncounted[day]
        return cls(wanted, closed, (min(years), max(years)) if years else None, uncounted,
                   tuple(choices))

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
