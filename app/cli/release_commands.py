"""``request approve``, ``packet`` and ``release``: what leaves the building, and the gate."""

from __future__ import annotations

from app.cli.base import EXIT_BLOCKED, Commands, Outcome, shown


def register_actions(req: Commands) -> None:
    p = req.add("approve", "approve the redactions as they stand (a reviewer other than the "
                           "preparer)", approve)
    p.add_argument("number")
    p.add_argument("--reviewer", required=True, metavar="NAME")
    p.add_argument("--note", default="")


def register(commands: Commands) -> None:
    p = commands.add("packet", "write the packet: letter, PDF, CSV, XLSX and a manifest",
                     packet)
    p.add_argument("number")
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--correction", default="", metavar="REASON",
                   help="produce again after a release: new Bates numbers, naming the range "
                        "it replaces")
    p.add_argument("--responsible", action="append", default=[], metavar="NAME|TITLE",
                   help="a person responsible for withholding (Gov. Code § 7922.540); "
                        "repeat for each, or give a signer's name")
    p.add_argument("--lang", choices=("en", "es"), help="the letter's language")
    p.add_argument("--signer", metavar="NAME", help="who signs the letter")
    p.add_argument("--available-on", metavar="YYYY-MM-DD", help="default: today")
    p.add_argument("--available-time", metavar="HH:MM")
    p = commands.add("release", "run the release gate over the packet and, if it passes, "
                                "mark the request released", release)
    p.add_argument("number")


def approve(args, session) -> Outcome:
    from app.services import release as svc

    result = svc.approve(session.open(), session.ctx, args.number, args.reviewer, args.note)
    return Outcome(result, f"{result['number']}: redactions approved by "
                           f"{shown(result['reviewer'])}.")


def packet(args, session) -> Outcome:
    from app.domain.requests import parse_date
    from app.services import release as svc

    letter = svc.LetterRequest(
        responsible=tuple(args.responsible), language=args.lang, signer=args.signer,
        available_on=parse_date(args.available_on, "The --available-on date")
        if args.available_on else None,
        available_time=_time(args.available_time) if args.available_time else None)
    result = svc.make_packet(session.open(), session.ctx, args.number, args.out,
                             correction=args.correction, letter=letter)
    return Outcome(result, lambda: "\n".join(
        [f"{result['number']} production {result['production']}: {result['pages']:,} pages, "
         f"Bates {result['bates_first']} to {result['bates_last']}"
         + (f" (replaces {result['replaces']})" if result["replaces"] else "") + "."]
        + [f"  {path}" for path in result["files"]]))


def _time(text: str):
    from app.domain.letters import parse_time

    return parse_time(text)


def release(args, session) -> Outcome:
    from app.services import release as svc

    try:
        result = svc.release(session.open(), session.ctx, args.number)
    except svc.ReleaseBlocked as blocked:
        findings = blocked.findings
        data = {"released": False, "findings": [f.as_json() for f in findings]}
        return Outcome(data, "\n".join(
            [f"NOT RELEASED: {args.number} - the release gate found "
             f"{len(findings)} problem(s):"]
            + [f"  {shown(f.sentence)}" for f in findings]), EXIT_BLOCKED)
    return Outcome(result, f"{result['number']} released: Bates {result['bates_first']} to "
                           f"{result['bates_last']}. The production is locked.")
