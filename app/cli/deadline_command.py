"""``deadline``: a determination deadline, step by step, with or without a database."""

from __future__ import annotations

from app.cli.base import Commands, Outcome


def register(commands: Commands) -> None:
    p = commands.add("deadline", "compute a determination deadline, step by step", deadline)
    p.add_argument("--law", required=True, help="cpra or foia")
    p.add_argument("--received", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--extended", action="store_true", help="with the statutory extension")


def deadline(args, session) -> Outcome:
    from app.domain.deadlines import parse_law
    from app.domain.requests import parse_date
    from app.services import calendars, clocks

    law = parse_law(args.law)
    received = parse_date(args.received, "The received date")
    path = session.paths.database
    if path.exists():
        result = clocks.preview_deadline(session.open(), law, received, extended=args.extended)
    else:
        result = calendars.seeded_deadline(law, received, extended=args.extended)
    return Outcome(result.as_json(), lambda: "\n".join(
        [*(f"  {i}. {s}" for i, s in enumerate(result.steps, 1)), f"Due: {result.due}"]))
