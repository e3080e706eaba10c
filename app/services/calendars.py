"""Holiday calendars: seeding from the ``holidays`` package and the agency's edits. Which calendar
applies to which law, and the deadlines they move, are in :mod:`app.services.clocks`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from app.domain.calendars import (
    AGENCY_CLOSURES,
    CA_COMMEMORATIVE_NOT_CLOSED,
    CA_STATE,
    US_FEDERAL,
    Calendar,
    CalendarEntry,
)
from app.domain.deadlines import Deadline, Law, compute_deadline
from app.domain.errors import InputError
from app.services.clocks import CALENDARS_BY_LAW, DueChange, recompute_due_dates
from app.services.context import Context
from app.storage import calendar as store
from app.storage.database import Database
from app.storage.events import append_event

SEED_YEARS = range(2015, 2046)
PACKAGE = "holidays-package"

def package_entries(years: Iterable[int]) -> list[CalendarEntry]:
    import holidays  # imported here: it takes a moment and only seeding needs it

    years = list(years)
    out = []
    for day, names in holidays.US(subdiv="CA", years=years).items():
        for name in names.split("; "):
            commemorative = name in CA_COMMEMORATIVE_NOT_CLOSED
            out.append(CalendarEntry(
                CA_STATE, day, name, observed=not commemorative, source=PACKAGE,
                note=("Listed by the holidays package; state and local offices normally stay "
                      "open, so it is not counted. Tick it if your office closes.")
                if commemorative else "",
            ))
    for day, names in holidays.US(years=years).items():
        for name in names.split("; "):
            out.append(CalendarEntry(US_FEDERAL, day, name, source=PACKAGE))
    return out


def seed(db: Database, years: Iterable[int] = SEED_YEARS) -> int:
    return store.insert_missing(db, package_entries(years))


def package_calendar(law: Law) -> Calendar:
    """The calendar straight from the ``holidays`` package, for use without a database."""
    names = CALENDARS_BY_LAW[law]
    return Calendar.from_entries(names, package_entries(SEED_YEARS))


def package_deadline(law: Law, received: date, *, extended: bool = False) -> Deadline:
    """A deadline on the seeded calendars, without a database (the ``deadline`` command)."""
    return compute_deadline(law, received, package_calendar(law), extended=extended)


def set_day(db: Database, ctx: Context, entry: CalendarEntry) -> list[DueChange]:
    """Add a closure or change whether a listed holiday is observed; recomputes the deadlines of
    open requests, since they depend on it, and returns the due dates that moved."""
    if entry.calendar not in (CA_STATE, US_FEDERAL, AGENCY_CLOSURES):
        raise InputError(f"Unknown calendar {entry.calendar!r}.")
    if not entry.name.strip():
        raise InputError("Give the closed day a name (e.g. 'Furlough day').")
    with db.transaction():
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


def entries_for_view(db: Database, calendar: str | None = None,
                     year: int | None = None) -> list[CalendarEntry]:
    return [e for e in store.entries(db, [calendar] if calendar else None)
            if year is None or e.day.year == year]
