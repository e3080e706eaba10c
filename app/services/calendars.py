"""Holiday calendars: seeding from the rule table (each day with its legal source) and the
agency's edits. Which calendar applies to which law, and the deadlines they move, are in
:mod:`app.services.clocks`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

from app.domain.calendars import AGENCY_CLOSURES, CA_STATE, US_FEDERAL, Calendar, CalendarEntry
from app.domain.deadlines import Deadline, Law, compute_deadline
from app.domain.errors import InputError
from app.domain.holiday_rules import SEED_YEARS, local_choices, seeded_entries
from app.services.clocks import DueChange, calendar_of, recompute_due_dates
from app.services.context import Context
from app.storage import calendar as store
from app.storage.database import Database
from app.storage.events import append_event
from app.storage.settings import get_settings


def seed(db: Database, years: Iterable[int] = SEED_YEARS) -> int:
    return store.insert_missing(db, seeded_entries(years))


def seeded_calendar(law: Law, settings: dict | None = None) -> Calendar:
    """The calendar of ``law`` straight from the rule table, with the agency ``settings``
    (default: the defaults), for use without a database."""
    return calendar_of(law, _all_seeded(), settings or {})


@cache
def _all_seeded() -> tuple[CalendarEntry, ...]:
    return tuple(seeded_entries(SEED_YEARS))


def seeded_deadline(law: Law, received: date, *, extended: bool = False) -> Deadline:
    """A deadline on the seeded calendars with the default agency choices, without a database
    (the ``deadline`` command before any database exists)."""
    return compute_deadline(law, received, seeded_calendar(law), extended=extended)


def set_day(db: Database, ctx: Context, entry: CalendarEntry) -> list[DueChange]:
    """Add a closure or change whether a listed holiday is observed; recomputes the deadlines of
    open requests, since they depend on it, and returns the due dates that moved."""
    if entry.calendar not in (CA_STATE, US_FEDERAL, AGENCY_CLOSURES):
        raise InputError(f"Unknown calendar {entry.calendar!r}.")
    if not entry.name.strip():
        raise InputError("Give the closed day a name (e.g. 'Furlough day').")
    with db.transaction():
        existing = store.get(db, entry.calendar, entry.day, entry.name)
        if existing is not None:  # a listed day keeps its source, rule and legal source
            entry = CalendarEntry(existing.calendar, existing.day, existing.name, entry.observed,
                                  existing.source, entry.note or existing.note, existing.rule,
                                  existing.authority, existing.seeded_observed)
        else:
            entry = CalendarEntry(entry.calendar, entry.day, entry.name, entry.observed,
                                  "agency", entry.note)
        store.upsert(db, entry)
        append_event(db, actor=ctx.actor, action="calendar.changed", subject=entry.calendar,
                     details={"day": entry.day.isoformat(), "name": entry.name,
                              "observed": entry.observed, "note": entry.note})
        state = "closed" if entry.observed else "open"
        return recompute_due_dates(
            db, ctx, f"{entry.name} on {entry.day.isoformat()} set to office {state} "
                     f"({entry.calendar})")


def remove_day(db: Database, ctx: Context, calendar: str, day: date,
               name: str) -> list[DueChange]:
    with db.transaction():
        if not store.delete(db, calendar, day, name):
            raise InputError(f"{calendar} has no entry {name!r} on {day}.")
        append_event(db, actor=ctx.actor, action="calendar.removed", subject=calendar,
                     details={"day": day.isoformat(), "name": name})
        return recompute_due_dates(db, ctx, f"{name} on {day.isoformat()} removed from "
                                            f"{calendar}")


@dataclass(frozen=True)
class DayView:
    """One listed day as the Settings view and ``calendar list`` show it: whether it counts as
    closed once the agency's choices are applied, and why."""

    entry: CalendarEntry
    counted: bool
    why: str

    def as_json(self) -> dict:
        e = self.entry
        return {"calendar": e.calendar, "day": e.day, "name": e.name, "observed": e.observed,
                "counted": self.counted, "why": self.why, "source": e.source,
                "authority": e.authority, "rule": e.rule, "note": e.note,
                "agency_changed": e.agency_changed}


def _why(entry: CalendarEntry, option_off: bool) -> str:
    if option_off and entry.observed:
        return "not counted: agency setting (Gov. Code § 6700(a) local option)"
    if entry.agency_changed:
        return "changed by the agency"
    if entry.source == "agency":
        return "added by the agency (CCP § 12b)" if entry.observed else "added by the agency"
    if entry.source == store.LEGACY_SOURCE:
        return "kept from the calendar before schema 4"
    return "" if entry.observed else (entry.note or "listed, office open")


def entries_for_view(db: Database, calendar: str | None = None,
                     year: int | None = None) -> list[DayView]:
    skip = local_choices(get_settings(db)).not_counted_rules
    out = []
    for e in store.entries(db, [calendar] if calendar else None):
        if year is not None and e.day.year != year:
            continue
        option_off = e.calendar == CA_STATE and e.rule in skip
        out.append(DayView(e, e.observed and not option_off, _why(e, option_off)))
    return out
