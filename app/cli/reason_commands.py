"""``reason ...``: the statutory reasons for an extension, which counsel keeps up to date."""

from __future__ import annotations

from app.cli.base import Commands, Outcome, shown


def register(commands: Commands) -> None:
    group = commands.group("reason", "statutory reasons for extending a deadline (counsel)")
    p = group.add("list", "the reasons and the dates their words are in force", list_)
    p.add_argument("--law", help="cpra or foia")
    p.add_argument("--on", metavar="YYYY-MM-DD", help="only the reasons in force on this day")
    p = group.add("set", "enter the words of a reason from a date (earlier words end the day "
                         "before)", set_)
    p.add_argument("--law", required=True, help="cpra or foia")
    p.add_argument("--code", required=True, help="e.g. c6, field")
    p.add_argument("--from", dest="date_from", required=True, metavar="YYYY-MM-DD",
                   help="first day the words are in force")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="last day (if already known)")
    p.add_argument("--citation", required=True)
    p.add_argument("--text", required=True, help="the statute's words")
    p.add_argument("--lead-in", dest="lead_in",
                   help="the words introducing the list (default: as before)")
    p.add_argument("--unverified", action="store_true",
                   help="the words are not yet checked against the enacted text")
    p.add_argument("--note", default="")


def list_(args, session) -> Outcome:
    from app.domain.deadlines import parse_law
    from app.domain.requests import parse_date
    from app.services import reasons

    law = parse_law(args.law) if args.law else None
    rows = reasons.listing(session.open(), law)
    if args.on:
        on = parse_date(args.on, "The --on date").isoformat()
        rows = [r for r in rows if r["offered"] and r["effective_from"] <= on
                and (r["effective_to"] is None or on <= r["effective_to"])]

    def text() -> str:
        lines = []
        for r in rows:
            until = f" to {r['effective_to']}" if r["effective_to"] else ""
            flags = ("" if r["offered"] else " [old code, not offered]") + (
                " [wording unverified]" if r["wording"] == "unverified" else "")
            lines.append(f"{r['law'].upper():<5}{r['code']:<13}{r['effective_from']}{until}  "
                         f"{shown(r['citation'])}{flags}")
            lines.append(f"     {shown(r['text'])}")
        return "\n".join(lines) or "No reasons."

    return Outcome({"reasons": rows}, text)


def set_(args, session) -> Outcome:
    from app.domain.deadlines import parse_law
    from app.domain.requests import parse_date
    from app.services import reasons

    reason = reasons.set_reason(
        session.open(), session.ctx, parse_law(args.law), args.code, citation=args.citation,
        text=args.text, effective_from=parse_date(args.date_from, "The --from date"),
        effective_to=parse_date(args.until, "The --until date") if args.until else None,
        lead_in=args.lead_in, verbatim=not args.unverified, note=args.note)
    return Outcome(reason.as_json(),
                   f"{reason.law.label} {reason.code} from {reason.effective_from}: "
                   f"{shown(reason.citation)}")
