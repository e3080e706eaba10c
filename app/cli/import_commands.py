"""``import-audit``, ``import-roster`` and ``batch ...``: bringing vendor logs and the roster in."""

from __future__ import annotations

import json
import sys

from app.cli.base import Commands, Outcome, count, shown


def register(commands: Commands) -> None:
    p = commands.add("import-audit", "import a vendor's search-audit export as one batch",
                     import_audit)
    p.add_argument("file", metavar="FILE")
    p.add_argument("--system", help="the system the log comes from (clearview, flock, ...)")
    p.add_argument("--mapping", metavar="MAP.json", help="column mapping file")
    p.add_argument("--timezone", metavar="TZ", help="zone of timestamps that name none")
    p.add_argument("--sheet", metavar="NAME",
                   help="the sheet of an Excel workbook to import (default: the first visible)")
    p.add_argument("--date-order", choices=("month-first", "day-first"),
                   help="how numeric dates such as 03/04/2019 are written, when the file "
                        "cannot tell (as \"date_order\" in a mapping file)")
    p.add_argument("--propose-mapping", action="store_true",
                   help="print the importer's proposed mapping for FILE and import nothing")
    p = commands.add("import-roster", "import or update the personnel roster (CSV or XLSX)",
                     import_roster)
    p.add_argument("file", metavar="FILE")
    batch = commands.group("batch", "audit-log import batches")
    batch.add("list", "list import batches", batch_list)
    p = batch.add("rejects", "the rows of a batch that were not imported, and why",
                  batch_rejects)
    p.add_argument("batch", type=int)
    p = batch.add("remove", "remove a batch and its records", batch_remove)
    p.add_argument("batch", type=int)


def _proposal(plan) -> Outcome:
    from app.services import imports

    """The proposed mapping on stdout (ready to save as a file), what to check on stderr."""
    proposal = plan.mapping.with_(system=plan.system, timezone=plan.timezone)
    unmapped = [h for h in plan.table.header if h not in plan.mapping.columns]
    notes = [f"# {plan.table.path.name}: {plan.table.format}, {plan.table.encoding}; mapping "
             f"from {plan.mapping_source}"
             + (f" ({plan.profile.title})" if plan.profile else "")
             + (f"; not mapped (kept in the original row): {', '.join(unmapped)}"
                if unmapped else "")]
    notes.append(f"# day and month: {imports.date_order_words(plan)}")
    notes += [f"# note: {note}" for note in plan.notes]
    notes += [f"# problem: {problem}" for problem in plan.problems]
    text = json.dumps(proposal.as_json(), indent=2, ensure_ascii=False)
    print("\n".join(notes), file=sys.stderr)
    return Outcome(proposal.as_json(), text)


def import_audit(args, session) -> Outcome:
    from app.importers.mapping import load_mapping
    from app.services import imports

    mapping = load_mapping(args.mapping) if args.mapping else None
    db = session.open()
    plan = imports.plan_import(db, args.file, mapping=mapping, system=args.system,
                               timezone=args.timezone, sheet=args.sheet,
                               date_order=args.date_order)
    if args.propose_mapping:
        args.json = False  # the proposal is JSON already, in the mapping-file format
        return _proposal(plan)
    result = imports.import_audit(db, session.ctx, plan)

    return Outcome(result, lambda: "\n".join(
        ("" if n == 0 else "  ") + shown(line)
        for n, line in enumerate(imports.summary_lines(result))))


def import_roster(args, session) -> Outcome:
    from app.services import imports

    result = imports.import_roster(session.open(), session.ctx, args.file)
    return Outcome(result, lambda: "\n".join(
        [f"Roster: {result['added']:,} added, {result['updated']:,} updated, "
         f"{result['unchanged']:,} unchanged, {result['rejected']:,} rejected."]
        + [f"  line {r['line']}: {shown(r['reason'])}" for r in result["rejects"][:20]]))


def batch_list(args, session) -> Outcome:
    from app.services import reference

    rows = reference.batches(session.open())
    return Outcome({"batches": rows}, lambda: "\n".join(
        f"{b['id']:>4}  {b['system']:<10} {b['rows_imported']:>9,} rows "
        f"{b['rows_rejected']:>6,} rejected  {b['imported_at']}  {shown(b['file_name'])}"
        for b in rows) or "No batches.")


def batch_rejects(args, session) -> Outcome:
    from app.services import imports

    rows = imports.batch_rejects(session.open(), args.batch)
    return Outcome({"batch": args.batch, "rejects": rows}, lambda: "\n".join(
        f"line {r['line_no']}: {shown(r['reason'])}" for r in rows) or "No rejected rows.")


def batch_remove(args, session) -> Outcome:
    from app.services import imports

    result = imports.remove_batch(session.open(), session.ctx, args.batch)
    return Outcome(result, f"Removed batch {args.batch} "
                           f"({count(result['removed_records'], 'record')}).")
