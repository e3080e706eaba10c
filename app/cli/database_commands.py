"""``init``, ``backup`` and ``log verify``: the database file itself."""

from __future__ import annotations

from app.cli.base import EXIT_BLOCKED, Commands, Outcome, count


def register(commands: Commands) -> None:
    commands.add("init", "create a new, empty database", init)
    p = commands.add("backup", "copy the live database to FILE (SQLite online backup)", backup)
    p.add_argument("file", metavar="FILE")
    log = commands.group("log", "the activity log")
    p = log.add("verify", "check the activity log's hash chain and guards for tampering",
                verify)
    p.add_argument("--against", metavar="FILE",
                   help="a backup made with 'backup': check that the events it holds are "
                        "still in the log, unchanged")


def init(args, session) -> Outcome:
    from app.services.database import init_database

    path = session.paths.database
    session.keep(init_database(path, session.ctx))
    return Outcome({"database": str(path), "created": True}, f"Created {path}")


def backup(args, session) -> Outcome:
    from app.services.database import backup as run_backup

    result = run_backup(session.open(), session.ctx, args.file)
    head = result["log_head"]
    return Outcome(result, f"Backed up to {result['backup']} (activity log up to event "
                           f"{head['seq']:,}; check it later with: log verify --against "
                           f"\"{result['backup']}\").")


def verify(args, session) -> Outcome:
    from app.services.database import verify_log

    events, problems = verify_log(session.open(), args.against)
    data = {"events": events, "intact": not problems,
            "problems": [{"seq": p.seq, "problem": p.problem} for p in problems]}
    if problems:
        return Outcome(data, lambda: "\n".join(
            [f"The activity log has been tampered with ({count(len(problems), 'problem')}):"]
            + [f"  {'event ' + str(p.seq) + ': ' if p.seq else ''}{p.problem}"
               for p in problems]), EXIT_BLOCKED)
    checked = f", and it still holds the events of {args.against}" if args.against else ""
    return Outcome(data, f"Activity log intact: {count(events, 'event')}, hash chain and "
                         f"append-only guards verified{checked}.")
