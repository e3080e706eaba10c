"""``letter ...``, ``assist ...`` and ``settings ...``: the letters to a requester, the help
given to identify records, and the agency settings the letters print."""

from __future__ import annotations

import json

from app.cli.base import Commands, Outcome, shown

KINDS = ("acknowledgement", "extension", "clarification", "determination", "no-records",
         "denial", "late")


def register(commands: Commands) -> None:
    p = commands.add("letter", "write a letter to the requester (.docx, from the agency's "
                               "templates); prints the file", letter)
    p.add_argument("number")
    p.add_argument("--kind", required=True, choices=KINDS)
    p.add_argument("--lang", choices=["en", "es"],
                   help="English or Spanish (default: Settings letter_language)")
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write the letter in")
    p.add_argument("--signer", metavar="NAME",
                   help="a signer from Settings (default: by role; the head of agency or a "
                        "designee for a CPRA extension, else the records officer)")
    g = p.add_argument_group("determination (and partial denial)")
    g.add_argument("--records-exist", choices=["yes", "no"],
                   help="whether disclosable records exist (Gov. Code § 7922.535(a))")
    g.add_argument("--reasons", metavar="TEXT", help="the reasons for the determination")
    g.add_argument("--available-on", metavar="YYYY-MM-DD",
                   help="estimated date the records will be available")
    g.add_argument("--available-time", metavar="HH:MM", help="and the time of day (24-hour)")
    g.add_argument("--delivery", metavar="TEXT", help="how the records will be provided")
    g = p.add_argument_group("extension")
    g.add_argument("--determination-by", metavar="YYYY-MM-DD",
                   help="date the determination will be sent (default: the extended due date)")
    g = p.add_argument_group("clarification")
    g.add_argument("--question", dest="questions", action="append", metavar="TEXT",
                   help="what the requester should clarify (repeat for each)")
    g.add_argument("--suggestion", dest="suggestions", action="append", metavar="TEXT")
    g.add_argument("--records-note", metavar="TEXT",
                   help="where and how the records are kept (Gov. Code § 7922.600(a)(2))")
    g = p.add_argument_group("no records")
    g.add_argument("--searched", metavar="TEXT", help="what was searched")
    g = p.add_argument_group("denial")
    g.add_argument("--partial", action="store_true", default=None,
                   help="denied in part: the rest is released (needs --available-on/-time)")
    g.add_argument("--withheld", action="append", metavar="WHAT|CITATION|JUSTIFICATION",
                   help="each record or item withheld, the law relied on and why (repeat)")
    g.add_argument("--responsible", action="append", metavar="NAME[|TITLE]",
                   help="each person responsible for the denial: a signer's name, or "
                        "NAME|TITLE (repeat)")
    g.add_argument("--volume", metavar="TEXT",
                   help="FOIA: estimated volume withheld, e.g. 'about 40 pages'")
    g = p.add_argument_group("late notice")
    g.add_argument("--expected-on", metavar="YYYY-MM-DD",
                   help="date the determination will be sent")
    g.add_argument("--explanation", metavar="TEXT", help="why it is late (optional)")

    p = commands.add("assist", "record the help given to the requester to identify records "
                               "(Gov. Code § 7922.600)", assist)
    p.add_argument("number")
    p.add_argument("--text", required=True, help="what help was offered or asked for")
    p.add_argument("--on", metavar="YYYY-MM-DD", help="the day it was given (default: today)")

    settings = commands.group("settings", "show or change the agency settings")
    settings.add("show", "every agency setting", show_settings)
    p = settings.add("set", "change one setting; lists and objects as JSON", set_setting)
    p.add_argument("key")
    p.add_argument("value", help='text, or JSON for signers, foia_public_liaison, foia_appeal '
                                 '(e.g. \'[{"name": "A. Rivera", "title": "Chief of Police", '
                                 '"role": "head"}]\')')


DETAIL_OPTIONS = ("records_exist", "reasons", "available_on", "available_time", "delivery",
                  "determination_by", "questions", "suggestions", "records_note", "searched",
                  "partial", "withheld", "responsible", "volume", "expected_on", "explanation")


def letter(args, session) -> Outcome:
    from app.services.letters import write_letter

    details = {k: getattr(args, k) for k in DETAIL_OPTIONS if getattr(args, k) is not None}
    path = write_letter(session.open(), session.ctx, args.number, args.kind, args.out,
                        args.lang, signer=args.signer, **details)
    return Outcome({"file": str(path)}, str(path))


def assist(args, session) -> Outcome:
    from app.domain.requests import parse_date
    from app.services.letters import record_assistance

    on = parse_date(args.on, "The --on date") if args.on else None
    view = record_assistance(session.open(), session.ctx, args.number, args.text, on)
    event = view.events[-1]
    details = json.loads(event["details"])
    return Outcome({"number": view.number, "on": details["on"], "text": details["text"]},
                   f"Recorded for {view.number} ({details['on']}): {shown(details['text'])}")


def show_settings(args, session) -> Outcome:
    from app.services.database import agency_settings

    values = agency_settings(session.open())
    return Outcome(values, lambda: "\n".join(f"{key}: {_text(value)}"
                                             for key, value in sorted(values.items())))


def _text(value: object) -> str:
    return shown(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))


def set_setting(args, session) -> Outcome:
    from app.services import settings as svc

    value: object = args.value
    try:
        parsed = json.loads(args.value)
    except ValueError:
        parsed = None
    if isinstance(parsed, list | dict):
        value = parsed
    stored = svc.update(session.open(), session.ctx, args.key, value)
    return Outcome({args.key: stored}, f"{args.key} = {_text(stored)}")
