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
    p = cal.add("option", "Gov. Code § 6700(a) local option: count a holiday the agency need "
                          "not adopt (default) or not", option)
    p.add_argument("holiday", choices=sorted(OPTION_KEYS))
    p.add_argument("choice", choices=["counted", "open"],
                   help="counted: the office is closed (as CCP § 135 lists it); open: the "
                        "office stays open and the day is not counted")


OPTION_KEYS = {"mlk": "count_mlk_day", "cesar-chavez": "count_cesar_chavez_day"}


def option(args, session) -> Outcome:
    from app.services import settings

    key = OPTION_KEYS[args.holiday]
    counted = args.choice == "counted"
    changes = settings.set_local_option(session.open(), session.ctx, key, counted)

    def text() -> str:
        lines = [settings.local_option_change(key, counted) + "."]
        if changes:
            lines.append(f"{count(len(changes), 'open request')} moved:")
            lines += [f"  {c.number}: due {c.before or '-'} -> {c.after or '-'}"
                      for c in changes]
        return "\n".join(lines)

    return Outcome({"setting": key, "counted": counted,
                    "due_dates_changed": [c.as_json() for c in changes]}, text)


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
    return Outcome({"days": [v.as_json() for v in rows]},
                   lambda: "\n".join(
                       f"{v.entry.calendar:<16} {fmt_day(v.entry.day)}  "
                       f"{'closed' if v.counted else 'open  '}  {shown(v.entry.name)}"
                       + (f"  [{shown(v.entry.authority)}]" if v.entry.authority else "")
                       + (f"  ({shown(v.why)})" if v.why else "") for v in rows))
