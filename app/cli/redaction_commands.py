"""Responsive records and redaction: ``request match|include|exclude|redact|review|released``,
and the agency's ``profile``, ``exemption``, ``hold`` and ``pattern`` data."""

from __future__ import annotations

from app.cli.base import Commands, Outcome, count, shown


def register_actions(req: Commands) -> None:
    """The request actions of this module (added to the ``request`` group)."""
    p = req.add("match", "count the records the request's criteria select, and freeze them "
                         "as its responsive set", match)
    p.add_argument("number")
    p.add_argument("--dry-run", action="store_true",
                   help="only count; do not freeze anything")
    for name, verb in (("include", "include"), ("exclude", "leave out")):
        p = req.add(name, f"{verb} one record of the responsive set, with a note", include
                    if name == "include" else exclude)
        p.add_argument("number")
        which = p.add_mutually_exclusive_group(required=True)
        which.add_argument("--record", type=int, metavar="ID", help="audit-record id")
        which.add_argument("--row", type=int, metavar="N", help="row of the responsive set")
        p.add_argument("--note", required=True, help="why")
    p = req.add("redact", "apply a redaction profile and the free-text scan", redact)
    p.add_argument("number")
    p.add_argument("--profile", metavar="NAME", help="default: the law's default profile")
    p = req.add("review", "decide review items: keep redacted (accept) or release (reject)",
                review)
    p.add_argument("number")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--accept-all", action="store_true",
                       help="keep every open review item redacted")
    which.add_argument("--accept", metavar="TERM", help="keep every occurrence redacted")
    which.add_argument("--reject", metavar="TERM", help="release every occurrence")
    which.add_argument("--list", action="store_true", help="list the open review items")
    p = req.add("withhold", "withhold one record in full (a numbered slip sheet stands in "
                            "for it in the packet)", withhold)
    p.add_argument("number")
    p.add_argument("--record", type=int, required=True, metavar="ROW",
                   help="row of the responsive set ('request released' lists them)")
    p.add_argument("--exemption", required=True, metavar="CODE",
                   help="e.g. 7923.600 or (b)(7)(A)")
    p.add_argument("--why", required=True, metavar="TEXT",
                   help="one-line justification, printed in the exemption log")
    p = req.add("released", "print the responsive records as they will be released",
                released)
    p.add_argument("number")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--offset", type=int, default=0)
    p = req.add("exemption-log", "every redaction decision of the request", exemption_log)
    p.add_argument("number")


def register(commands: Commands) -> None:
    prof = commands.group("profile", "redaction profiles (set by counsel)")
    prof.add("list", "list the profiles", profile_list)
    p = prof.add("show", "show a profile, rule by rule", profile_show)
    p.add_argument("name")
    p = prof.add("set", "change one rule of a profile (it then needs confirming again)",
                 profile_set)
    p.add_argument("name")
    p.add_argument("target", help="a field (user_name, notes...) or a text rule (text:people...)")
    p.add_argument("action", help="release, pseudonymise or withhold")
    p.add_argument("--exemption", default="", metavar="CODE", help="e.g. 7927.700 or (b)(6)")
    p.add_argument("--justification", default="")
    p = prof.add("copy", "copy a profile under a new name", profile_copy)
    p.add_argument("name")
    p.add_argument("new_name")
    p = prof.add("confirm", "record that counsel has reviewed the profile", profile_confirm)
    p.add_argument("name")
    p.add_argument("--by", required=True, metavar="NAME, TITLE")
    exe = commands.group("exemption", "the exemption catalogue")
    exe.add("list", "list the exemptions", exemption_list)
    p = exe.add("set", "add an exemption, or change one (counsel); entries are never deleted, "
                "give an end date with --until", exemption_set)
    p.add_argument("code", help="its key, e.g. cpra-7927.700")
    p.add_argument("--law", choices=("cpra", "foia"))
    p.add_argument("--cite", help='e.g. "Gov. Code § 7927.700"')
    p.add_argument("--mark", help="printed at each redaction, e.g. 7927.700 or (b)(6)")
    p.add_argument("--title")
    p.add_argument("--former", dest="former_cite", help="the citation it replaced (an alias)")
    p.add_argument("--summary")
    p.add_argument("--from", dest="effective_from", metavar="YYYY-MM-DD")
    p.add_argument("--until", metavar="YYYY-MM-DD|none", help="last day in force; none clears it")
    hold = commands.group("hold", "safety holds: people withheld entirely")
    hold.add("list", "list holds", hold_list)
    p = hold.add("add", "withhold a person entirely (undercover, task force, threat)", hold_add)
    p.add_argument("employee_id")
    p.add_argument("--kind", required=True, help="undercover, task force, threat or other")
    p.add_argument("--reason", required=True)
    p.add_argument("--exemption", required=True, metavar="CODE")
    p.add_argument("--from", dest="held_from", metavar="YYYY-MM-DD", help="default: today")
    p.add_argument("--until", metavar="YYYY-MM-DD")
    p = hold.add("lift", "end a hold", hold_lift)
    p.add_argument("hold_id", type=int)
    pat = commands.group("pattern", "the agency's own patterns for the free-text scan")
    pat.add("list", "list patterns", pattern_list)
    p = pat.add("add", "add or replace a pattern (a regular expression)", pattern_add)
    p.add_argument("name")
    p.add_argument("regex")


# --- request actions -----------------------------------------------------------------------------

def match(args, session) -> Outcome:
    from app.services import matching

    result = matching.match(session.open(), session.ctx, args.number, commit=not args.dry_run)

    def text() -> str:
        lines = [f"{result.number}: {count(result.records, 'record')} by "
                 f"{count(result.searchers, 'searcher')} on the roster"
                 + (f", {count(result.unresolved, 'identity', 'identities')} not on it"
                    if result.unresolved else "")
                 + (f", {count(result.no_searcher, 'record')} naming no searcher"
                    if result.no_searcher else "") + "."]
        lines += [f"  {month}: {n:,}" for month, n in result.by_month.items()]
        lines += [f"  system {system}: {n:,}" for system, n in result.by_system.items()]
        lines += [f"  not on the roster: {shown(u['shown'])} ({u['records']:,}; {u['reason']})"
                  for u in result.unresolved_identities[:20]]
        lines.append("Frozen as the responsive set." if result.committed
                     else "Nothing was frozen (--dry-run).")
        return "\n".join(lines)

    return Outcome(result.as_json(), text)


def include(args, session) -> Outcome:
    return _set_included(args, session, True)


def exclude(args, session) -> Outcome:
    return _set_included(args, session, False)


def _set_included(args, session, included: bool) -> Outcome:
    from app.services import matching

    result = matching.set_included(session.open(), session.ctx, args.number,
                                   record_id=args.record, row_no=args.row, included=included,
                                   note=args.note)
    return Outcome(result, f"{result['number']}: row {result['row']} "
                           f"{'included' if included else 'left out'}; "
                           f"{count(result['records'], 'record')} in the set.")


def _summary_text(result: dict) -> str:
    lines = [f"{result['number']}: {count(result['redactions'], 'redaction')}, "
             f"{count(result['review_items'], 'open review item')} "
             f"(profile {result['profile']!r})."]
    lines += [f"  {cite}: {n:,}" for cite, n in result["by_exemption"].items()]
    if result.get("vendor_masked"):
        lines.append(f"  masked by the vendor before export: {result['vendor_masked']:,}")
    if not result["profile_confirmed"]:
        lines.append(f"Note: {result['banner']}")
    if result["review_items"]:
        lines.append("Open review items count as redacted until decided: request review "
                     f"{result['number']} --list")
    return "\n".join(lines)


def redact(args, session) -> Outcome:
    from app.services import redaction

    result = redaction.redact(session.open(), session.ctx, args.number, args.profile)
    return Outcome(result, lambda: _summary_text(result))


def review(args, session) -> Outcome:
    from app.services import redaction

    db = session.open()
    if args.list:
        items = redaction.review_items(db, args.number)
        return Outcome({"review_items": items}, lambda: "\n".join(
            f"  row {i['row_no']} {i['field']}: {shown(i['original'])!r} ({i['kind']}; "
            f"term {shown(i['term'])!r}) - {shown(i['why'])}" for i in items)
            or "No open review items.")
    result = redaction.review(db, session.ctx, args.number, accept_all=args.accept_all,
                              accept=args.accept, reject=args.reject)
    return Outcome(result, lambda: f"Decided {count(result['decided'], 'item')}.\n"
                                   + _summary_text(result))


def withhold(args, session) -> Outcome:
    from app.services import redaction

    db = session.open()
    item = redaction.withhold_record(db, session.ctx, args.number, args.record,
                                     args.exemption, args.why)
    found = next(i for i in redaction.exemption_log(db, args.number) if i["id"] == item)
    return Outcome({"number": args.number, "row": args.record, "item": item,
                    "exemption": found["exemption"], "replacement": found["replacement"]},
                   f"{args.number}: row {args.record} withheld in full "
                   f"{found['replacement']}.")


def released(args, session) -> Outcome:
    from app.domain.redaction import FIELDS
    from app.services import redaction

    rows = redaction.released_rows(session.open(), args.number, offset=args.offset,
                                   limit=args.limit)
    data = {"rows": [{"row": r.row_no, **({"withheld": r.withheld} if r.withheld else {}),
                      **{k: c.text for k, c in r.cells.items()}} for r in rows]}
    return Outcome(data, lambda: "\n".join(
        f"{r.row_no:>6}  " + " | ".join(shown(r.cells[f].text) for f in FIELDS)
        for r in rows) or "No rows.")


def exemption_log(args, session) -> Outcome:
    from app.services import redaction

    items = redaction.exemption_log(session.open(), args.number)
    public = [{k: v for k, v in i.items() if k != "original"} for i in items]
    return Outcome({"redactions": public}, lambda: "\n".join(
        f"{i['id']:>6} {i['scope']:<6} row {i['row_no'] or 'all':<6} {i['field']:<12} "
        f"{i['action']:<13} {i['exemption']:<14} {i['decision']:<8} {shown(i['why'])}"
        for i in items) or "No redactions.")


# --- profiles, exemptions, holds, patterns -------------------------------------------------------

def _profile_text(profile) -> str:
    from app.domain.redaction import FIELDS, TEXT_RULES

    labels = {**{k: v[0] for k, v in FIELDS.items()}, **{k: v[0] for k, v in TEXT_RULES.items()}}
    lines = [f"{profile.name} ({profile.law.label}): {profile.description}", profile.banner]
    lines += [f"  {labels.get(r.target, r.target):<44} {r.action.value:<13} {r.exemption:<14} "
              f"{r.justification}" for r in profile.rules]
    return "\n".join(lines)


def profile_list(args, session) -> Outcome:
    from app.services import profiles

    items = profiles.list_profiles(session.open())
    return Outcome({"profiles": [p.as_json() for p in items]}, lambda: "\n".join(
        f"{p.name:<28} {p.law.label:<5} "
        + (f"confirmed by {p.confirmed_by}" if p.confirmed_by else "NOT CONFIRMED by counsel")
        for p in items))


def profile_show(args, session) -> Outcome:
    from app.services import profiles

    profile = profiles.get_profile(session.open(), args.name)
    return Outcome(profile.as_json(), lambda: _profile_text(profile))


def profile_set(args, session) -> Outcome:
    from app.services import profiles

    profile = profiles.set_rule(session.open(), session.ctx, args.name, args.target,
                                args.action, args.exemption, args.justification)
    return Outcome(profile.as_json(), lambda: _profile_text(profile))


def profile_copy(args, session) -> Outcome:
    from app.services import profiles

    profile = profiles.copy_profile(session.open(), session.ctx, args.name, args.new_name)
    return Outcome(profile.as_json(), lambda: _profile_text(profile))


def profile_confirm(args, session) -> Outcome:
    from app.services import profiles

    profile = profiles.confirm(session.open(), session.ctx, args.name, args.by)
    return Outcome(profile.as_json(), lambda: _profile_text(profile))


def exemption_list(args, session) -> Outcome:
    from app.services import profiles

    items = profiles.catalogue(session.open())
    return Outcome({"exemptions": [e.as_json() for e in items]}, lambda: "\n".join(
        f"{e.law.label:<5} {e.mark:<10} {e.cite:<26} {e.title}"
        + (f" (formerly {e.former_cite})" if e.former_cite else "") for e in items))


def exemption_set(args, session) -> Outcome:
    from app.domain.requests import parse_date
    from app.services import profiles

    until = "keep"
    if args.until is not None:
        until = None if args.until.strip().lower() == "none" else parse_date(
            args.until, "The --until date")
    entry = profiles.set_exemption(
        session.open(), session.ctx, args.code, law=args.law, cite=args.cite, mark=args.mark,
        title=args.title, former_cite=args.former_cite, summary=args.summary,
        effective_from=parse_date(args.effective_from, "The --from date")
        if args.effective_from else None, effective_to=until)
    return Outcome(entry.as_json(), lambda: (
        f"{entry.code}: {entry.cite} [{entry.mark}] {entry.title}, in force from "
        f"{entry.effective_from}" + (f" to {entry.effective_to}" if entry.effective_to else "")))


def hold_list(args, session) -> Outcome:
    from app.services import profiles

    items = profiles.holds(session.open())
    return Outcome({"holds": items}, lambda: "\n".join(
        f"{h['id']:>4} {h['employee_id']:<10} {shown(h['last_name'])}, "
        f"{shown(h['first_name'])}: {h['kind']} from {h['held_from']}"
        + (f" until {h['held_until']}" if h["held_until"] else "")
        + (f" (lifted {h['lifted_on']})" if h["lifted_on"] else "") for h in items)
        or "No safety holds.")


def hold_add(args, session) -> Outcome:
    from app.domain.requests import parse_date
    from app.services import profiles

    hold = profiles.add_hold(
        session.open(), session.ctx, args.employee_id, kind=args.kind, reason=args.reason,
        exemption=args.exemption,
        held_from=parse_date(args.held_from, "The --from date") if args.held_from else None,
        held_until=parse_date(args.until, "The --until date") if args.until else None)
    return Outcome(hold, f"Hold {hold['id']}: employee {args.employee_id} is withheld "
                         f"entirely from {hold['held_from']}.")


def hold_lift(args, session) -> Outcome:
    from app.services import profiles

    result = profiles.lift_hold(session.open(), session.ctx, args.hold_id)
    return Outcome(result, f"Hold {args.hold_id} lifted.")


def pattern_list(args, session) -> Outcome:
    from app.services import profiles

    items = profiles.patterns(session.open())
    return Outcome({"patterns": [{"name": n, "regex": r} for n, r in items]},
                   lambda: "\n".join(f"{n}: {r}" for n, r in items) or "No patterns.")


def pattern_add(args, session) -> Outcome:
    from app.services import profiles

    profiles.add_pattern(session.open(), session.ctx, args.name, args.regex)
    return Outcome({"name": args.name, "regex": args.regex}, f"Pattern {args.name!r} saved.")
