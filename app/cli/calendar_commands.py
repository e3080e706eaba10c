"""``calendar ...``: the holiday and closure calendars behind the clocks."""

from __future__ import annotations

from app.cli.base import Commands, Outcome, count, shown


def register(commands: Commands) -> None:
    cal = commands.group("calendar", "holiday and closure calendars")
    p = cal.add("list", "list closed days", list_days)
    p.add_argument("--calendar")
    p.add_argument("--year", type=int)
    p = cal.add("set", "add a closure, or change whether a listed holiday is observed",
                set_day)
    p.add_argument("--calendar", required=True, help="CA-state, US-federal or agency-closures")
    p.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--name", required=True)
    p.add_argument("--open", action="store_true", help="listed, but the office is open")
    p.add_argument("--note", default="")


def set_day(args, session) -> Outcome:
    from app.domain.calendars import CalendarEntry, fmt_day
    from app.domain.requests import parse_date
    from app.services import calendars

    entry = CalendarEntry(args.calendar, parse_date(args.date, "The --date"),
                          args.name.strip(), observed=not args.open, note=args.note)
    changes = calendars.set_day(session.open(), session.ctx, entry)

    def text() -> str:
        lines = [f"{entry.calendar}: {fmt_day(entry.day)} {shown(entry.name)} - "
                 f"{'office closed' if entry.observed else 'office open'}"]
        if changes:
            lines.append(f"{count(len(changes), 'open request')} moved:")
            lines += [f"  {c.number}: due {c.before or '-'} -> {c.after or '-'}"
                      for c in changes]
        return "\n".join(lines)

    return Outcome({"calendar": entry.calendar, "day": entry.day, "name": entry.name,
                    "observed": entry.observed,
                    "due_dates_changed": [c.as_json() for c in changes]}, text)


def list_days(args, session) -> Outcome:
    from app.domain.calendars import fmt_day
    from app.services import calendars

    rows = calendars.entries_for_view(session.open(), args.calendar, args.year)
    return Outcome({"days": [{"calendar": e.calendar, "day": e.day, "name": e.name,
                              "observed": e.observed, "source": e.source} for e in rows]},
                   lambda: "\n".join(
                       f"{e.calendar:<16} {fmt_day(e.day)}  {'closed' if e.observed else 'open  '}"
                       f"  {shown(e.name)}" for e in rows))
