"""``request ...``: logging requests and working them through the workflow."""

from __future__ import annotations

from app.cli import redaction_commands, release_commands
from app.cli.base import Commands, Outcome, shown


def register(commands: Commands) -> None:
    req = commands.group("request", "log and work requests")
    p = req.add("new", "log a new request; prints its number", new)
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
    p = req.add("show", "show a request, its deadline computation and its timeline", show)
    p.add_argument("number")
    p = req.add("list", "the queue: open requests by due date, then the rest", list_)
    p.add_argument("--status", action="append", default=[])
    p.add_argument("--law")
    p.add_argument("--assignee")
    p.add_argument("--search", default="")
    p.add_argument("--open", action="store_true", help="only requests still awaiting action")
    p = req.add("transition", "move a request to another status", transition)
    p.add_argument("number")
    p.add_argument("status")
    p.add_argument("--note", default="")
    p = req.add("extend", "extend the deadline for a statutory reason", extend)
    p.add_argument("number")
    p.add_argument("--reason", required=True, metavar="CODE",
                   help="CPRA: c1..c6 (Gov. Code § 7922.535(c)); FOIA: field, voluminous or "
                        "consultation (5 U.S.C. § 552(a)(6)(B)(iii)); 'reason list' shows "
                        "the words in force")
    p.add_argument("--note", default="")
    p = req.add("access-regained",
                "CPRA, extended for a cyberattack: the day access to the systems was regained "
                "(the extension ends then, Gov. Code § 7922.535(c)(6))", access_regained)
    p.add_argument("number")
    p.add_argument("--on", required=True, metavar="YYYY-MM-DD")
    p = req.add("stop-clock", "FOIA: stop the clock for a request for information or fees",
                stop_clock)
    p.add_argument("number")
    p.add_argument("--kind", required=True, choices=["information", "fee"])
    p.add_argument("--on", required=True, metavar="YYYY-MM-DD", help="day the letter went out")
    p.add_argument("--note", default="")
    p = req.add("resume-clock", "FOIA: the requester answered; the clock runs again",
                resume_clock)
    p.add_argument("number")
    p.add_argument("--answered", required=True, metavar="YYYY-MM-DD")
    p = req.add("close", "close a request with a closing reason", close)
    p.add_argument("number")
    p.add_argument("--reason", required=True, metavar="CODE")
    p.add_argument("--note", default="", help="for a denial: the exemption cited")
    redaction_commands.register_actions(req)
    release_commands.register_actions(req)


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


def show_text(view) -> str:
    """A request as text: everything a requester typed is escaped for the terminal."""
    from app.services.requests import describe_event

    r = view.row
    lines = [
        f"{r['number']}  {view.law.label}  {view.status.label}",
        f"Requester: {shown(r['requester_name'])}"
        + (f", {shown(r['requester_org'])}" if r['requester_org'] else "")
        + (f" <{shown(r['requester_email'])}>" if r['requester_email'] else ""),
        f"Received:  {r['received']} by {r['channel']}",
        f"Due:       {view.deadline.due or 'clock stopped'}"
        + (f"  (extended: {view.deadline.reason.citation})" if view.deadline.reason else ""),
        f"Assignee:  {shown(r['assignee']) or '-'}",
        f"Request:   {shown(r['description'])}",
        "Deadline computation:",
        *(f"  {i}. {s}" for i, s in enumerate(view.deadline.steps, 1)),
        "Timeline:",
        *(f"  {e['at']}  {shown(e['actor'])}  {shown(describe_event(e))}"
          for e in view.events),
    ]
    if r["closing_reason"]:
        lines.insert(5, f"Closed:    {r['closed_on']} ({r['closing_reason']}) "
                        f"{shown(r['closing_note'])}")
    return "\n".join(lines)


def _view(view) -> Outcome:
    return Outcome(view.as_json(), lambda: show_text(view))


def new(args, session) -> Outcome:
    from app.services import requests as svc

    view = svc.create_request(session.open(), session.ctx, _intake(args))
    return Outcome({"number": view.number, "due": view.deadline.due,
                    "steps": list(view.deadline.steps)}, view.number)


def list_(args, session) -> Outcome:
    from app.domain.deadlines import parse_law
    from app.domain.requests import OPEN_STATUSES, parse_status
    from app.services import requests as svc

    statuses = [parse_status(s).value for s in args.status]
    if args.open:
        statuses = statuses or [s.value for s in OPEN_STATUSES]
    flt = svc.QueueFilter(statuses=tuple(statuses),
                          law=parse_law(args.law).value if args.law else None,
                          assignee=args.assignee, search=args.search)
    rows = svc.queue(session.open(), session.ctx, flt)

    def text() -> str:
        return "\n".join(
            f"{q.number:<16} {q.status.label:<24} received {q.received.isoformat()}  due "
            f"{q.due.isoformat() if q.due else '-':<10}  {q.urgency_text:<18} "
            f"{shown(q.requester)}" for q in rows) or "No requests."

    return Outcome({"requests": [
        {"number": q.number, "law": q.law.value, "status": q.status.value,
         "received": q.received, "due": q.due, "requester": q.requester,
         "assignee": q.assignee, "urgency": q.urgency, "flag": q.urgency_text}
        for q in rows]}, text)


def show(args, session) -> Outcome:
    from app.services import requests as svc

    return _view(svc.get_request(session.open(), args.number))


def transition(args, session) -> Outcome:
    from app.domain.requests import parse_status
    from app.services import requests as svc

    return _view(svc.change_status(session.open(), session.ctx, args.number,
                                   parse_status(args.status), args.note))


def extend(args, session) -> Outcome:
    from app.services import requests as svc

    return _view(svc.extend(session.open(), session.ctx, args.number, args.reason, args.note))


def access_regained(args, session) -> Outcome:
    from app.domain.requests import parse_date
    from app.services import requests as svc

    return _view(svc.record_access_regained(session.open(), session.ctx, args.number,
                                            parse_date(args.on, "The --on date")))


def stop_clock(args, session) -> Outcome:
    from app.domain.deadlines import TollKind
    from app.domain.requests import parse_date
    from app.services import requests as svc

    return _view(svc.stop_clock(session.open(), session.ctx, args.number, TollKind(args.kind),
                                parse_date(args.on, "The --on date"), args.note))


def resume_clock(args, session) -> Outcome:
    from app.domain.requests import parse_date
    from app.services import requests as svc

    return _view(svc.resume_clock(session.open(), session.ctx, args.number,
                                  parse_date(args.answered, "The --answered date")))


def close(args, session) -> Outcome:
    from app.services import requests as svc

    return _view(svc.close(session.open(), session.ctx, args.number, args.reason, args.note))
