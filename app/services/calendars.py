"""Holiday calendars: seeding from the ``holidays`` package, agency edits, and the calendar that
applies to each law."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from app.domain.calendars import (AGENCY_CLOSURES, CA_COMMEMORATIVE_NOT_CLOSED, CA_STATE,
                                  US_FEDERAL, Calendar, CalendarEntry)
from app.domain.deadlines import Law
from app.domain.errors import InputError
from app.services.context import Context
from app.storage import calendar as store
from app.storage.database import Database
from app.storage.events import append_event

SEED_YEARS = range(2015, 2046)
PACKAGE = "holidays-package"

# CCP §§ 12a/12b roll a CPRA deadline past state holidays and days the office is closed; FOIA
# counts only federal legal public holidays (5 U.S.C. § 6103(a)) as non-working days.
CALENDARS_BY_LAW = {Law.CPRA: (CA_STATE, AGENCY_CLOSURES), Law.FOIA: (US_FEDERAL,)}


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


def calendar_for(db: Database, law: Law) -> Calendar:
    names = CALENDARS_BY_LAW[law]
    return Calendar.from_entries(names, store.entries(db, names))


def package_calendar(law: Law) -> Calendar:
    """The calendar straight from the ``holidays`` package, for use without a database."""
    names = CALENDARS_BY_LAW[law]
    return Calendar.from_entries(names, package_entries(SEED_YEARS))


def set_day(db: Database, ctx: Context, entry: CalendarEntry) -> None:
    """Add a closure or change whether a listed holiday is observed; recomputes the deadlines of
    open requests, since they depend on it."""
    from app.services.requests import recompute_due_dates

    if entry.calendar not in (CA_STATE, US_FEDERAL, AGENCY_CLOSURES):
        raise InputError(f"Unknown calendar {entry.calendar!r}.")
    if not entry.name.strip():
        raise InputError("Give the closed day a name (e.g. 'Furlough day').")
    with db.transaction():
        store.upsert(db, entry)
        append_event(db, actor=ctx.actor, action="calendar.changed", subject=entry.calendar,
                     details={"day": entry.day.isoformat(), "name": entry.name,
                              "observed": entry.observed, "note": entry.note})
        recompute_due_dates(db)


def remove_day(db: Database, ctx: Context, calendar: str, day: date, name: str) -> None:
    from app.services.requests import recompute_due_dates

    with db.transaction():
        if not store.delete(db, calendar, day, name):
            raise InputError(f"{calendar} has no entry {name!r} on {day}.")
        append_event(db, actor=ctx.actor, action="calendar.removed", subject=calendar,
                     details={"day": day.isoformat(), "name": name})
        recompute_due_dates(db)


def entries_for_view(db: Database, calendar: str | None = None,
                     year: int | None = None) -> list[CalendarEntry]:
    return [e for e in store.entries(db, [calendar] if calendar else None)
            if year is None or e.day.year == year]
