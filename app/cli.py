"""Headless commands over the services (the command-line contract of the design brief).

Nothing here imports Qt: ``disclosure-desk --version`` and every subcommand start fast and run
without a display. Output is for people by default and JSON with ``--json``; errors go to stderr
with exit code 2 for bad input, 3 for an environmental problem, 70 for a bug.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence

from app import APP_NAME
from app import paths as app_paths
from app.domain.errors import DeskError, InputError

log = logging.getLogger(__name__)

EXIT_OK, EXIT_BLOCKED, EXIT_INPUT, EXIT_ENVIRONMENT, EXIT_BUG = 0, 1, 2, 3, 70


class ArgumentError(InputError):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse would exit; we want our error path and code 2
        raise ArgumentError(f"{self.prog}: {message}", f"See: {self.prog} --help")


def _common(suppress: bool) -> argparse.ArgumentParser:
    default = argparse.SUPPRESS if suppress else None
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--db", metavar="PATH", default=default,
                        help="database file (default: your own, in your data folder)")
    parent.add_argument("--json", action="store_true",
                        default=argparse.SUPPRESS if suppress else False,
                        help="machine-readable output on stdout")
    return parent


def build_parser() -> argparse.ArgumentParser:
    common = _common(suppress=True)
    parser = _Parser(prog="disclosure-desk", parents=[_common(suppress=False)],
                     description=f"{APP_NAME}: public-records requests about facial-recognition "
                                 "and licence-plate-reader searches. Without a command, opens "
                                 "the application window.")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument("--demo", action="store_true",
                        help="open the window on a fresh demo database in a temporary folder")
    parser.add_argument("--screenshot", metavar="FILE.png",
                        help="save a PNG of the main window once painted, then exit")
    parser.add_argument("--view", default="requests",
                        help="view to show: requests, records, personnel, reports, settings or "
                             "request:NUMBER")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, help_: str, parent=sub) -> argparse.ArgumentParser:
        return parent.add_parser(name, help=help_, description=help_, parents=[common])

    def actions(parser: argparse.ArgumentParser):
        return parser.add_subparsers(dest="action", metavar="ACTION", required=True,
                                     parser_class=_Parser)

    command("init", "create a new, empty database")
    p = command("backup", "copy the live database to FILE (SQLite online backup)")
    p.add_argument("file", metavar="FILE")

    p = command("import-audit", "import a vendor's search-audit export as one batch")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--system", help="the system the log comes from (clearview, flock, ...)")
    p.add_argument("--mapping", metavar="MAP.json", help="column mapping file")
    p.add_argument("--timezone", metavar="TZ", help="zone of timestamps that name none")
    p.add_argument("--propose-mapping", action="store_true",
                   help="print the importer's proposed mapping for FILE and import nothing")
    p = command("import-roster", "import or update the personnel roster (CSV or XLSX)")
    p.add_argument("file", metavar="FILE")
    bat = command("batch", "audit-log import batches")
    bsub = actions(bat)
    command("list", "list import batches", bsub)
    p = command("rejects", "the rows of a batch that were not imported, and why", bsub)
    p.add_argument("batch", type=int)
    p = command("remove", "remove a batch and its records", bsub)
    p.add_argument("batch", type=int)

    p = command("deadline", "compute a determination deadline, step by step")
    p.add_argument("--law", required=True, help="cpra or foia")
    p.add_argument("--received", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--extended", action="store_true", help="with the statutory extension")

    req = command("request", "log and work requests")
    rsub = actions(req)
    p = command("new", "log a new request; prints its number", rsub)
    p.add_argument("--law", required=True, help="cpra or foia")
    p.add_argument("--received", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--requester", required=True, metavar="NAME")
    p.add_argument("--org", default="", metavar="ORGANISATION")
    p.add_argument("--email", default="")
    p.add_argument("--address", default="", help="postal address")
    p.add_argument("--channel", default="email", help="email, portal, mail, walk-in or phone")
    p.add_argument("--description", required=True, metavar="TEXT")
    p.add_argument("--assignee", default="")
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD",
                   help="records from this date")
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="records up to this date")
    p.add_argument("--system", action="append", default=[], metavar="NAME")
    p.add_argument("--user", action="append", default=[], metavar="NAME")
    p.add_argument("--unit", action="append", default=[], metavar="NAME")
    p.add_argument("--case", action="append", default=[], metavar="NUMBER")
    p.add_argument("--keyword", action="append", default=[], metavar="WORD")
    p = command("show", "show a request, its deadline computation and its timeline", rsub)
    p.add_argument("number")
    p = command("list", "the queue: open requests by due date, then the rest", rsub)
    p.add_argument("--status", action="append", default=[])
    p.add_argument("--law")
    p.add_argument("--assignee")
    p.add_argument("--search", default="")
    p.add_argument("--open", action="store_true", help="only requests still awaiting action")
    p = command("transition", "move a request to another status", rsub)
    p.add_argument("number")
    p.add_argument("status")
    p.add_argument("--note", default="")
    p = command("extend", "extend the deadline for a statutory reason", rsub)
    p.add_argument("number")
    p.add_argument("--reason", required=True, metavar="CODE",
                   help="CPRA: c1..c5 (Gov. Code § 7922.535(c)); FOIA: unusual")
    p.add_argument("--note", default="")
    p = command("stop-clock", "FOIA: stop the clock for a request for information or fees", rsub)
    p.add_argument("number")
    p.add_argument("--kind", required=True, choices=["information", "fee"])
    p.add_argument("--on", required=True, metavar="YYYY-MM-DD", help="day the letter went out")
    p.add_argument("--note", default="")
    p = command("resume-clock", "FOIA: the requester answered; the clock runs again", rsub)
    p.add_argument("number")
    p.add_argument("--answered", required=True, metavar="YYYY-MM-DD")
    p = command("close", "close a request with a closing reason", rsub)
    p.add_argument("number")
    p.add_argument("--reason", required=True, metavar="CODE")
    p.add_argument("--note", default="", help="for a denial: the exemption cited")

    cal = command("calendar", "holiday and closure calendars")
    csub = actions(cal)
    p = command("list", "list closed days", csub)
    p.add_argument("--calendar")
    p.add_argument("--year", type=int)
    p = command("set", "add a closure, or change whether a listed holiday is observed", csub)
    p.add_argument("--calendar", required=True, help="CA-state, US-federal or agency-closures")
    p.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--name", required=True)
    p.add_argument("--open", action="store_true", help="listed, but the office is open")
    p.add_argument("--note", default="")

    logp = command("log", "the activity log")
    lsub = actions(logp)
    command("verify", "check the activity log's hash chain for tampering", lsub)
    return parser


# --- output helpers -------------------------------------------------------------------------

def _emit(args, data: dict, text: str | Callable[[], str]) -> None:
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        print(text() if callable(text) else text)


def _paths(args) -> app_paths.Paths:
    return app_paths.resolve(db=args.db)


def _open(args):
    from app.services.database import open_database

    return open_database(_paths(args).database)


# --- commands --------------------------------------------------------------------------------

def cmd_init(args, ctx) -> int:
    from app.services.database import init_database

    path = _paths(args).database
    init_database(path, ctx).close()
    _emit(args, {"database": str(path), "created": True}, f"Created {path}")
    return EXIT_OK


def cmd_backup(args, ctx) -> int:
    from app.services.database import backup

    with _open(args) as db:
        written = backup(db, ctx, args.file)
    _emit(args, {"backup": str(written)}, f"Backed up to {written}")
    return EXIT_OK


def cmd_deadline(args, ctx) -> int:
    from app.domain.deadlines import compute_deadline, parse_law
    from app.domain.requests import parse_date
    from app.services import calendars

    law = parse_law(args.law)
    received = parse_date(args.received, "The received date")
    path = _paths(args).database
    if path.exists():
        with _open(args) as db:
            calendar = calendars.calendar_for(db, law)
    else:
        calendar = calendars.package_calendar(law)
    deadline = compute_deadline(law, received, calendar, extended=args.extended)
    _emit(args, deadline.as_json(),
          lambda: "\n".join([*(f"  {i}. {s}" for i, s in enumerate(deadline.steps, 1)),
                             f"Due: {deadline.due}"]))
    return EXIT_OK


def _intake(args):
    from app.domain.deadlines import parse_law
    from app.domain.requests import Criteria, Intake, parse_channel, parse_date

    criteria = Criteria(
        date_from=parse_date(args.date_from, "The --from date") if args.date_from else None,
        date_to=parse_date(args.date_to, "The --to date") if args.date_to else None,
        systems=tuple(args.system), users=tuple(args.user), units=tuple(args.unit),
        case_numbers=tuple(args.case), keywords=tuple(args.keyword))
    return Intake(law=parse_law(args.law), received=parse_date(args.received, "The received date"),
                  requester_name=args.requester, requester_org=args.org,
                  requester_email=args.email, requester_address=args.address,
                  channel=parse_channel(args.channel), description=args.description,
                  assignee=args.assignee, criteria=criteria)


def _show_text(view) -> str:
    from app.services.requests import describe_event

    r = view.row
    lines = [
        f"{r['number']}  {view.law.label}  {view.status.label}",
        f"Requester: {r['requester_name']}" + (f", {r['requester_org']}" if r['requester_org']
                                               else "")
        + (f" <{r['requester_email']}>" if r['requester_email'] else ""),
        f"Received:  {r['received']} by {r['channel']}",
        f"Due:       {view.deadline.due or 'clock stopped'}"
        + (f"  (extended: {r['extension_reason']})" if r["extension_reason"] else ""),
        f"Assignee:  {r['assignee'] or '-'}",
        f"Request:   {r['description']}",
        "Deadline computation:",
        *(f"  {i}. {s}" for i, s in enumerate(view.deadline.steps, 1)),
        "Timeline:",
        *(f"  {e['at']}  {e['actor']}  {describe_event(e)}" for e in view.events),
    ]
    if r["closing_reason"]:
        lines.insert(5, f"Closed:    {r['closed_on']} ({r['closing_reason']}) {r['closing_note']}")
    return "\n".join(lines)


def cmd_request(args, ctx) -> int:
    from app.domain.deadlines import TollKind
    from app.domain.requests import parse_date, parse_status
    from app.services import requests as svc
    from app.storage.requests import QueueFilter

    with _open(args) as db:
        if args.action == "new":
            view = svc.create_request(db, ctx, _intake(args))
            _emit(args, {"number": view.number, "due": view.deadline.due,
                         "steps": list(view.deadline.steps)}, view.number)
            return EXIT_OK
        if args.action == "list":
            from app.domain.deadlines import parse_law
            from app.domain.requests import OPEN_STATUSES

            statuses = [parse_status(s).value for s in args.status]
            if args.open:
                statuses = statuses or [s.value for s in OPEN_STATUSES]
            flt = QueueFilter(statuses=tuple(statuses),
                              law=parse_law(args.law).value if args.law else None,
                              assignee=args.assignee, search=args.search)
            rows = svc.queue(db, ctx, flt)
            _emit(args, {"requests": [
                {"number": q.number, "law": q.law.value, "status": q.status.value,
                 "received": q.received, "due": q.due, "requester": q.requester,
                 "assignee": q.assignee, "urgency": q.urgency, "flag": q.urgency_text}
                for q in rows]},
                lambda: "\n".join(
                    f"{q.number:<16} {q.status.label:<24} received {q.received}  due "
                    f"{q.due or '-':<10}  {q.urgency_text:<18} {q.requester}" for q in rows)
                or "No requests.")
            return EXIT_OK
        if args.action == "show":
            view = svc.get_request(db, args.number)
        elif args.action == "transition":
            view = svc.change_status(db, ctx, args.number, parse_status(args.status), args.note)
        elif args.action == "extend":
            view = svc.extend(db, ctx, args.number, args.reason, args.note)
        elif args.action == "stop-clock":
            view = svc.stop_clock(db, ctx, args.number, TollKind(args.kind),
                                  parse_date(args.on, "The --on date"), args.note)
        elif args.action == "resume-clock":
            view = svc.resume_clock(db, ctx, args.number,
                                    parse_date(args.answered, "The --answered date"))
        elif args.action == "close":
            view = svc.close(db, ctx, args.number, args.reason, args.note)
        else:  # pragma: no cover - argparse restricts the choices
            raise AssertionError(args.action)
        _emit(args, view.as_json(), lambda: _show_text(view))
    return EXIT_OK


def cmd_calendar(args, ctx) -> int:
    from app.domain.calendars import CalendarEntry, fmt_day
    from app.domain.requests import parse_date
    from app.services import calendars
    from app.storage import calendar as store

    with _open(args) as db:
        if args.action == "set":
            entry = CalendarEntry(args.calendar, parse_date(args.date, "The --date"),
                                  args.name.strip(), observed=not args.open, note=args.note)
            calendars.set_day(db, ctx, entry)
            _emit(args, {"calendar": entry.calendar, "day": entry.day, "name": entry.name,
                         "observed": entry.observed},
                  f"{entry.calendar}: {fmt_day(entry.day)} {entry.name} - "
                  f"{'office closed' if entry.observed else 'office open'}")
            return EXIT_OK
        rows = [e for e in store.entries(db, [args.calendar] if args.calendar else None)
                if args.year is None or e.day.year == args.year]
        _emit(args, {"days": [{"calendar": e.calendar, "day": e.day, "name": e.name,
                               "observed": e.observed, "source": e.source} for e in rows]},
              lambda: "\n".join(
                  f"{e.calendar:<16} {fmt_day(e.day)}  {'closed' if e.observed else 'open  '}  "
                  f"{e.name}" for e in rows))
    return EXIT_OK


def cmd_log(args, ctx) -> int:
    from app.services.database import verify_log

    with _open(args) as db:
        count, problems = verify_log(db)
    data = {"events": count, "intact": not problems,
            "problems": [{"seq": p.seq, "problem": p.problem} for p in problems]}
    if problems:
        _emit(args, data, lambda: "\n".join(
            [f"The activity log has been tampered with ({len(problems)} problem(s)):"]
            + [f"  event {p.seq}: {p.problem}" for p in problems]))
        return EXIT_BLOCKED
    _emit(args, data, f"Activity log intact: {count} events, hash chain verified.")
    return EXIT_OK


def cmd_import_audit(args, ctx) -> int:
    from app.importers.mapping import load_mapping
    from app.services import imports

    mapping = load_mapping(args.mapping) if args.mapping else None
    with _open(args) as db:
        plan = imports.plan_import(db, args.file, mapping=mapping, system=args.system,
                                   timezone=args.timezone)
        if args.propose_mapping:
            proposal = plan.mapping.with_(system=plan.system, timezone=plan.timezone)
            print(json.dumps(proposal.as_json(), indent=2, ensure_ascii=False))
            unmapped = [h for h in plan.table.header if h not in plan.mapping.columns]
            print(f"# {plan.table.path.name}: {plan.table.format}, {plan.table.encoding}; "
                  f"mapping from {plan.mapping_source}"
                  + (f" ({plan.profile.title})" if plan.profile else "")
                  + (f"; not mapped (kept in the original row): {', '.join(unmapped)}"
                     if unmapped else ""), file=sys.stderr)
            for problem in plan.problems:
                print(f"# problem: {problem}", file=sys.stderr)
            return EXIT_OK
        result = imports.import_audit(db, ctx, plan)
    _emit(args, result, lambda: "\n".join(
        [f"Imported {result['rows']:,} rows from {result['file']} as batch {result['batch']} "
         f"({result['system']}, {result['encoding']}, times in {result['timezone']}); "
         f"{result['rejected']:,} rejected."]
        + [f"  line {r['line']}: {r['reason']}" for r in result["rejects"][:20]]
        + ([f"  ({result['ambiguous_times']} times fell in the repeated hour when daylight "
            "saving ended and were read as daylight time.)"] if result["ambiguous_times"]
           else [])))
    return EXIT_OK


def cmd_import_roster(args, ctx) -> int:
    from app.services import imports

    with _open(args) as db:
        result = imports.import_roster(db, ctx, args.file)
    _emit(args, result, lambda: "\n".join(
        [f"Roster: {result['added']} added, {result['updated']} updated, "
         f"{result['unchanged']} unchanged, {result['rejected']} rejected."]
        + [f"  line {r['line']}: {r['reason']}" for r in result["rejects"][:20]]))
    return EXIT_OK


def cmd_batch(args, ctx) -> int:
    from app.services import imports, reference

    with _open(args) as db:
        if args.action == "list":
            rows = reference.batches(db)
            _emit(args, {"batches": rows}, lambda: "\n".join(
                f"{b['id']:>4}  {b['system']:<10} {b['rows_imported']:>9,} rows "
                f"{b['rows_rejected']:>6,} rejected  {b['imported_at']}  {b['file_name']}"
                for b in rows) or "No batches.")
        elif args.action == "rejects":
            rows = imports.batch_rejects(db, args.batch)
            _emit(args, {"batch": args.batch, "rejects": rows}, lambda: "\n".join(
                f"line {r['line_no']}: {r['reason']}" for r in rows) or "No rejected rows.")
        else:
            result = imports.remove_batch(db, ctx, args.batch)
            _emit(args, result, f"Removed batch {args.batch} "
                                f"({result['removed_records']:,} records).")
    return EXIT_OK


COMMANDS = {"import-audit": cmd_import_audit, "import-roster": cmd_import_roster,
            "batch": cmd_batch, "init": cmd_init, "backup": cmd_backup, "deadline": cmd_deadline,
            "request": cmd_request, "calendar": cmd_calendar, "log": cmd_log}


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    return build_parser().parse_args(argv)


def report_error(exc: DeskError, as_json: bool) -> None:
    if as_json:
        print(json.dumps({"error": exc.message, "hint": exc.hint}, ensure_ascii=False),
              file=sys.stderr)
    else:
        print(f"error: {exc.message}", file=sys.stderr)
        if exc.hint:
            print(f"       {exc.hint}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    """Run one subcommand; every expected failure becomes a message and an exit code."""
    from app.logsetup import setup_logging, write_crash_report
    from app.services.context import Context

    paths = _paths(args)
    setup_logging(paths.log_dir)
    try:
        return COMMANDS[args.command](args, Context())
    except DeskError as exc:
        log.info("%s failed: %s", args.command, exc)
        report_error(exc, args.json)
        return exc.exit_code
    except KeyboardInterrupt:
        print("Interrupted; nothing was changed.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - a bug: report it with a crash file, exit 70
        report = write_crash_report(paths.log_dir, exc)
        print(f"error: an unexpected problem stopped the command ({type(exc).__name__}: {exc}). "
              "Nothing was changed.", file=sys.stderr)
        print(f"       Please send the crash report to support: {report}", file=sys.stderr)
        return EXIT_BUG


