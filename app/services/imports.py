"""Importing vendor audit exports and the personnel roster.

``plan_import`` reads a file's shape (format, encoding, header, vendor profile, mapping) and a
preview, without writing anything; ``import_audit`` then imports it as one batch in one
transaction: a failure, a cancel or a killed process leaves no partial batch. A large CSV file
is read and normalised by a second process while this one stores the rows
(``importers.worker``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from app.domain.errors import InputError, RuleError
from app.importers import profiles, worker
from app.importers.fields import split_zone
from app.importers.mapping import (
    DATE_ORDERS,
    Mapping,
    check_mapping,
    mapping_from_json,
    propose_mapping,
    signature,
)
from app.importers.normalize import Normalizer, RowRejected
from app.importers.readers import TableFile, open_table, read_sample
from app.importers.roster import roster_rows
from app.importers.timestamps import (
    DAY_FIRST,
    MONTH_FIRST,
    TimestampParser,
    date_evidence,
    zone,
)
from app.services.context import Context
from app.services.database import agency_settings
from app.services.jobs import Job
from app.storage import audit as store
from app.storage import personnel as personnel_store
from app.storage.database import Database, utc_now
from app.storage.events import append_event

PREVIEW_ROWS = 20
MAX_REJECT_RAW = 2000
ORDER_WORDS = {MONTH_FIRST: "month first (03/04/2019 is 4 March)",
               DAY_FIRST: "day first (03/04/2019 is 3 April)"}


@dataclass
class PreviewRow:
    line: int
    cells: list[str]
    record: dict | None
    problem: str = ""


@dataclass
class ImportPlan:
    table: TableFile
    mapping: Mapping
    mapping_source: str            # "file", "saved", "profile", "proposed"
    profile: profiles.VendorProfile | None
    system: str
    timezone: str
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    preview: list[PreviewRow] = field(default_factory=list)
    duplicate_of: dict | None = None
    # The order of numeric dates: "month-first", "day-first", "" when the dates do not need
    # one (2019-10-03, 3 Oct 2019), None when the first rows cannot tell (the whole column
    # decides during the import). ``date_order_fixed``: the clerk, the mapping or the profile
    # set it, so the file's dates do not decide.
    date_order: str | None = ""
    date_order_fixed: bool = False
    date_order_reason: str = ""

    @property
    def ready(self) -> bool:
        return not self.problems and self.duplicate_of is None

    @property
    def day_first(self) -> bool:
        return self.date_order == DAY_FIRST

    def describe(self) -> dict:
        t = self.table
        return {"file": t.path.name, "format": t.format, "encoding": t.encoding,
                "delimiter": t.delimiter if t.format == "csv" else None, "sha256": t.sha256,
                "sheet": t.sheet or None, "sheets": [name for name, _ in t.sheets] or None,
                "header": t.header, "header_line": t.header_line,
                "profile": self.profile.name if self.profile else None,
                "mapping_source": self.mapping_source, "system": self.system,
                "timezone": self.timezone, "mapping": self.mapping.as_json(),
                "date_order": self.date_order, "problems": self.problems, "notes": self.notes,
                "duplicate_of": self.duplicate_of and self.duplicate_of["id"]}


def plan_import(db: Database, path: Path | str, *, mapping: Mapping | None = None,
                system: str | None = None, timezone: str | None = None,
                sheet: str | None = None, date_order: str | None = None) -> ImportPlan:
    """Read the file's shape and a preview; write nothing. ``date_order`` ("month-first" or
    "day-first") is the clerk's choice for numeric dates, over the mapping's and the file's."""
    if date_order and date_order not in DATE_ORDERS:
        raise InputError(f"{date_order!r} is not a date order.",
                         "Use month-first (03/04/2019 is 4 March) or day-first (3 April).")
    table = open_table(path, sheet)
    samples = read_sample(table, PREVIEW_ROWS)
    sample_rejects = list(table.rejects)
    if not samples and not sample_rejects:
        raise InputError(f"{table.path.name} has column names but no rows.",
                         "Export the audit log again for a period that has searches.")
    header = table.header
    profile = profiles.detect(header)
    if mapping is not None:
        source = "file"
    elif (saved := store.saved_mapping(db, signature(header))) is not None:
        mapping, source = mapping_from_json(saved), "saved"
    elif profile is not None:
        mapping, source = profile.mapping_for(header), "profile"
    else:
        mapping, source = propose_mapping(header, [c for _, c in samples]), "proposed"
    settings = agency_settings(db)
    chosen_system = (system or mapping.system or (profile.system if profile else "")).strip()
    chosen_zone = (timezone or mapping.timezone or settings["agency_timezone"]).strip()
    plan = ImportPlan(table, mapping, source, profile, chosen_system.lower(), chosen_zone,
                      notes=list(table.notes))
    plan.duplicate_of = store.batch_by_sha(db, table.sha256)
    if source == "proposed" and not mapping.columns:
        plan.problems.append(
            f"None of the columns of {table.path.name} is recognised "
            f"({', '.join(header)}), and no mapping was given.")
    mapping_problems = check_mapping(mapping, header)
    plan.problems += mapping_problems
    by_field = mapping.fields()
    _zone_from_header(plan, by_field)
    try:
        source_zone = zone(plan.timezone)
    except InputError as exc:
        plan.problems.append(exc.message)
        mapping_problems.append(exc.message)
        source_zone = zone("UTC")
    if not plan.system:
        plan.problems.append(
            "Name the system this log comes from (e.g. clearview, flock): with --system NAME "
            "on the command line, in the System field of the import window, or as \"system\" "
            "in a mapping file.")
    date_column = by_field.get("occurred_at") or by_field.get("occurred_date")
    texts = []
    if date_column in header:
        i = header.index(date_column)
        texts = [c[i] for _, c in samples if i < len(c)]
    _plan_date_order(plan, date_order, texts)
    if mapping_problems:  # the preview needs a usable mapping; a missing system does not matter
        plan.preview = [PreviewRow(line, cells, None) for line, cells in samples]
    else:
        normalizer = Normalizer(header, mapping, TimestampParser(source_zone,
                                                                 day_first=plan.day_first),
                                check_separators=table.may_hold_separators)
        for line, cells in samples:
            try:
                plan.preview.append(PreviewRow(line, cells, normalizer.record(line, cells)))
            except RowRejected as exc:
                plan.preview.append(PreviewRow(line, cells, None, str(exc)))
    last = samples[-1][0] if len(samples) >= PREVIEW_ROWS else None
    plan.preview += [PreviewRow(line, cells, None, why) for line, why, cells in sample_rejects
                     if last is None or line <= last]
    plan.preview.sort(key=lambda p: p.line)
    return plan


def _zone_from_header(plan: ImportPlan, by_field: dict[str, str]) -> None:
    """A time column whose name says its zone ('Search Date (UTC)') is read in that zone."""
    for name in (by_field.get("occurred_at"), by_field.get("occurred_time"),
                 by_field.get("occurred_date")):
        if not name:
            continue
        _base, named = split_zone(name)
        if named:
            if named != plan.timezone:
                plan.notes.append(f"Times are read in {named}, as the column name "
                                  f"'{name}' says (not {plan.timezone}).")
            plan.timezone = named
            return


def _plan_date_order(plan: ImportPlan, chosen: str | None, texts: list[str]) -> None:
    fixed = chosen or plan.mapping.date_order
    if fixed:
        plan.date_order, plan.date_order_fixed = fixed, True
        by = ("your choice" if chosen else "the vendor's profile"
              if plan.mapping_source == "profile" else "the mapping")
        plan.date_order_reason = f"as {by} says"
        return
    order, why = date_evidence(texts).decide()
    if order is None:
        plan.date_order, plan.date_order_reason = None, why
        return
    plan.date_order, plan.date_order_reason = order, why


def date_order_words(plan: ImportPlan) -> str:
    """The plan's decision on numeric dates, as the preview states it."""
    if plan.date_order is None:
        return (f"the first rows cannot tell ({plan.date_order_reason}): the whole date column "
                "decides during the import, which is refused if it cannot. Say the order if "
                "you know it.")
    if not plan.date_order:
        return f"not needed ({plan.date_order_reason})"
    if plan.date_order_fixed:
        return f"{ORDER_WORDS[plan.date_order]}, {plan.date_order_reason}"
    return (f"{ORDER_WORDS[plan.date_order]}: {plan.date_order_reason} (the whole column is "
            "checked during the import)")


def _require_ready(plan: ImportPlan) -> None:
    if plan.duplicate_of is not None:
        raise _already_imported(plan.table.path.name, plan.duplicate_of)
    if plan.problems:
        hint = ("Check the proposed mapping: disclosure-desk import-audit FILE --propose-mapping "
                "> map.json, correct it, then import with --mapping map.json."
                if plan.mapping_source == "proposed" else "Correct the mapping and try again.")
        raise InputError(" ".join(plan.problems) + " Nothing was imported.", hint)


def _already_imported(name: str, b: dict) -> InputError:
    return InputError(
        f"{name} was already imported as batch {b['id']} ('{b['file_name']}', "
        f"{b['rows_imported']} rows, on {b['imported_at']} by {b['imported_by']}). Nothing "
        "was imported again.", "To replace it, remove that batch first.")


@dataclass
class _Pass:
    """One pass of the file into the batch, in one order of numeric dates."""

    inserted: int
    rejects: list[tuple[int, str, list[str]]]
    parser: TimestampParser
    normalizer: Normalizer


class _WrongOrder(Exception):
    def __init__(self, order: str) -> None:
        super().__init__(order)
        self.order = order


def _insert_pass(db: Database, plan: ImportPlan, batch_id: int, order: str | None,
                 rows_expected: int, job: Job) -> _Pass:
    table = plan.table
    spec = worker.PassSpec(table, plan.mapping, plan.timezone, order == DAY_FIRST)
    remote = worker.remote_pass(spec, rows_expected)
    normalizer = remote.normalizer if remote else spec.normalizer()
    # CSV progress is the share of bytes read; XLSX and JSON are read whole, so only a count.
    total = table.size if table.format == "csv" else 0

    def progress(read: int, done: int) -> None:
        job.progress(done if total else 0, total, f"{read:,} rows")

    if remote:
        records = remote.rows(progress)
    else:
        counted = 0

        def tick(rows: int) -> None:
            nonlocal counted
            counted += rows
            progress(counted, table.bytes_done())
            worker.check_rejects(counted, table, normalizer)

        records = worker.normalised_rows(table, normalizer, worker.CHECK_EVERY, tick)
    try:
        inserted = store.insert_records(db, batch_id, normalizer.width, normalizer.text_index,
                                        records)
    except worker.TooManyRejects:
        inserted = 0
    finally:
        if remote:
            remote.stop()
    all_rejects = sorted(normalizer.rejects + table.rejects, key=lambda r: r[0])
    return _Pass(inserted, all_rejects, normalizer.parser, normalizer)


def import_audit(db: Database, ctx: Context, plan: ImportPlan, job: Job | None = None, *,
                 remember_mapping: bool = False) -> dict:
    """Import the planned file as one batch. Returns the batch's summary."""
    job = job or Job()
    _require_ready(plan)
    table = plan.table
    # The WAL is checkpointed into the database file when this connection closes (in the
    # background in the window) rather than inside the import: the rows are committed and
    # searchable as soon as the transaction ends.
    with db.long_write(f"an import of '{table.path.name}'", ctx.actor), db.bulk_write(), \
            db.transaction():
        # Another window or process may have imported the same file since the plan was made.
        if (other := store.batch_by_sha(db, table.sha256)) is not None:
            raise _already_imported(table.path.name, other)
        batch_id = store.insert_batch(db, {
            "sha256": table.sha256, "file_name": table.path.name, "system": plan.system,
            "vendor_profile": plan.profile.name if plan.profile else "",
            "encoding": table.encoding, "source_tz": plan.timezone,
            "header": json.dumps(table.header, ensure_ascii=False),
            "mapping": json.dumps(_stored_mapping(plan).as_json(), ensure_ascii=False),
            "imported_by": ctx.actor, "imported_at": utc_now()})
        order = plan.date_order if plan.date_order is not None else MONTH_FIRST
        reason = plan.date_order_reason
        # A file that brings at least as many rows as the table holds: the indexes are built
        # once after the rows are in, not kept up to date row by row (a third of the cost).
        rows_expected = _rows_expected(plan)
        deferred = (store.drop_record_indexes(db)
                    if rows_expected >= store.record_count(db) else [])
        for _attempt in range(2):
            try:
                with db.transaction():   # a savepoint: a pass in the wrong order is undone
                    done = _insert_pass(db, plan, batch_id, order, rows_expected, job)
                    order, reason = _check_order(plan, done, order, reason)
                break
            except _WrongOrder as wrong:
                order = wrong.order
        rejects = done.rejects
        seen = done.inserted + len(rejects)
        # A file where more rows fail than succeed is read with the wrong mapping or date
        # format: refused whole rather than import the few rows that happened to fit (a pass
        # stops early for the same reason: worker.check_rejects).
        if done.inserted == 0 or len(rejects) > seen * worker.REJECTED_SHARE:
            examples = "; ".join(f"line {ln}: {why}" for ln, why, _ in rejects[:3])
            raise InputError(
                f"{len(rejects):,} of the rows read from {table.path.name} could not be "
                f"imported (e.g. {examples}). The column mapping or the date format is probably "
                "wrong. Nothing was imported.",
                "Check the mapping (--propose-mapping shows the importer's guess) and the time "
                "zone, then try again.")
        if deferred:
            job.progress(table.size, table.size, "building the indexes")
            store.create_indexes(db, deferred)
        job.progress(table.size, table.size, "checking for rows imported before")
        already = store.remove_already_imported(db, batch_id, plan.system)
        imported = done.inserted - already
        if imported == 0:
            raise InputError(
                f"Every row of {table.path.name} ({already:,}) is already imported: earlier "
                f"batches of {plan.system} hold the same searches. Nothing was imported.",
                "'batch list' shows the batches.")
        job.progress(table.size, table.size, "indexing")
        store.index_batch_text(db, batch_id)
        store.insert_rejects(db, batch_id, ((ln, why, _raw(cells)) for ln, why, cells in rejects))
        store.set_batch_details(db, batch_id, imported, len(rejects),
                                json.dumps(done.normalizer.text_index),
                                json.dumps(_stored_mapping(plan, order).as_json(),
                                           ensure_ascii=False))
        if remember_mapping:   # with the order of numeric dates, as decided
            store.save_mapping(db, signature(table.header),
                               _stored_mapping(plan, order).as_json(), ctx.actor)
        stats = table.stats
        summary = {"batch": batch_id, "rows": imported, "rejected": len(rejects),
                   "already_imported": already,
                   "file": table.path.name, "sha256": table.sha256, "system": plan.system,
                   "profile": plan.profile.name if plan.profile else None,
                   "sheet": table.sheet or None,
                   "encoding": table.encoding, "timezone": plan.timezone,
                   "date_order": order or None, "date_order_reason": reason,
                   "lines": stats.get("lines", 0),
                   "multiline_rows": stats.get("multiline_rows", 0),
                   "converted_lines": len(stats.get("converted_lines", [])),
                   "converted_line_numbers": stats.get("converted_lines", [])[:50],
                   "nul_removed": stats.get("nul_removed", 0),
                   "nul_line_numbers": stats.get("nul_lines", [])[:50],
                   "ambiguous_times": done.parser.ambiguous,
                   "skipped_hour_times": done.parser.skipped,
                   "rejects": [{"line": ln, "reason": why} for ln, why, _ in rejects[:50]]}
        append_event(db, actor=ctx.actor, action="audit.imported", subject=table.path.name,
                     details={k: summary[k] for k in ("batch", "rows", "rejected",
                                                      "already_imported", "sha256", "system",
                                                      "timezone", "date_order")})
    return summary


def _rows_expected(plan: ImportPlan) -> int:
    """About how many rows the file holds, from the size of the preview's rows; on the low side
    for a workbook (compressed) or JSON (the keys repeat on every row)."""
    sizes = [sum(len(c.encode("utf-8")) + 1 for c in p.cells) for p in plan.preview if p.cells]
    if not sizes:
        return 0
    return int(plan.table.size / max(1.0, sum(sizes) / len(sizes)))


def summary_lines(result: dict) -> list[str]:
    """The import's summary for people, a line each: what was stored, and everything that was
    not stored as the file has it. The command line and the window show the same lines."""
    where = f" (sheet '{result['sheet']}')" if result.get("sheet") else ""
    lines = [f"Imported {_count(result['rows'], 'row')} from {result['file']}{where} as "
             f"batch {result['batch']} ({result['system']}, {result['encoding']}, times in "
             f"{result['timezone']}); {result['rejected']:,} rejected; "
             f"{result['already_imported']:,} already imported."]
    read = result["rows"] + result["rejected"] + result["already_imported"]
    lines.append(f"{_count(read, 'row')} read from {_count(result['lines'], 'line')}"
                 + (f" ({_count(result['multiline_rows'], 'row')} with a cell over several "
                    "lines)" if result["multiline_rows"] else "") + ".")
    if result["already_imported"]:
        lines.append(f"{_count(result['already_imported'], 'row')} were already imported "
                     "(the same searches are in earlier batches of this system) and were "
                     "skipped.")
    order = result.get("date_order")
    if order:
        lines.append(f"Dates read {order.replace('-', ' ')}: {result['date_order_reason']}.")
    if result["converted_lines"]:
        numbers = ", ".join(map(str, result["converted_line_numbers"][:10]))
        lines.append(f"{_count(result['converted_lines'], 'line')} were not UTF-8 and were "
                     f"read as Windows-1252 (line {numbers}"
                     + (", ..." if result["converted_lines"] > 10 else "") + ").")
    if result["nul_removed"]:
        numbers = ", ".join(map(str, result["nul_line_numbers"][:10]))
        lines.append(f"{_count(result['nul_removed'], 'NUL character')} removed from the "
                     f"cells (line {numbers}"
                     + (", ..." if len(result["nul_line_numbers"]) > 10 else "") + ").")
    lines += [f"line {r['line']}: {r['reason']}" for r in result["rejects"][:20]]
    if result["rejected"] > 20:
        lines.append(f"... and {result['rejected'] - 20:,} more: batch rejects "
                     f"{result['batch']}")
    if result["ambiguous_times"]:
        n = result["ambiguous_times"]
        lines.append(f"({_count(n, 'time')} fell in the repeated hour when daylight "
                     f"saving ended and {'was' if n == 1 else 'were'} read as daylight "
                     "time.)")
    if result["skipped_hour_times"]:
        n = result["skipped_hour_times"]
        lines.append(f"({_count(n, 'time')} fell in the hour skipped when daylight saving "
                     f"began, which no clock in {result['timezone']} showed; "
                     f"{'it was' if n == 1 else 'they were'} read as standard time.)")
    return lines


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun if n == 1 else noun + 's'}"


def _check_order(plan: ImportPlan, done: _Pass, order: str, reason: str) -> tuple[str, str]:
    """The order of numeric dates, decided from the whole column once it has been read."""
    if plan.date_order_fixed:
        return order, reason
    decided, why = done.parser.evidence.decide()
    if decided is None:
        raise InputError(
            f"The dates of {plan.table.path.name} cannot tell whether they are written month "
            f"first (03/04/2019 is 4 March) or day first (3 April): {why}. Nothing was "
            "imported.",
            "Say which: --date-order month-first or --date-order day-first on the command "
            "line, \"date_order\" in the mapping file, or the Day and month choice in the "
            "import window.")
    if decided and decided != order:
        raise _WrongOrder(decided)
    return decided, why


def _stored_mapping(plan: ImportPlan, order: str | None = None) -> Mapping:
    return plan.mapping.with_(system=plan.system, timezone=plan.timezone,
                              date_order=order or plan.mapping.date_order)


def _raw(cells: list[str]) -> str:
    text = json.dumps(cells, ensure_ascii=False)
    return text if len(text) <= MAX_REJECT_RAW else text[:MAX_REJECT_RAW] + "…"


def remove_batch(db: Database, ctx: Context, batch_id: int) -> dict:
    with db.transaction():
        batch = store.get_batch(db, batch_id)
        if batch is None:
            raise InputError(f"There is no import batch {batch_id}.",
                             "'batch list' shows the batches.")
        removed = store.delete_batch(db, batch_id)
        append_event(db, actor=ctx.actor, action="audit.batch_removed", subject=batch["file_name"],
                     details={"batch": batch_id, "sha256": batch["sha256"], "records": removed})
    return {"batch": batch_id, "removed_records": removed}


def batch_rejects(db: Database, batch_id: int) -> list[dict]:
    if store.get_batch(db, batch_id) is None:
        raise InputError(f"There is no import batch {batch_id}.")
    return store.batch_rejects(db, batch_id)


def remember_mapping(db: Database, ctx: Context, header: list[str], mapping: Mapping) -> None:
    problems = check_mapping(mapping, header)
    if problems:
        raise RuleError(" ".join(problems))
    with db.transaction():
        store.save_mapping(db, signature(header), mapping.as_json(), ctx.actor)


def import_roster(db: Database, ctx: Context, path: Path | str, job: Job | None = None) -> dict:
    """Add or update people by employee number, in one transaction; a cancel through ``job``
    rolls the whole roster back."""
    job = job or Job()
    table = open_table(path)
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    rejects = []
    seen_ids: dict[str, int] = {}
    with db.transaction():
        for line, person, reason in roster_rows(table):
            if line % 200 == 0:
                job.progress(0, 0, f"{len(seen_ids):,} people")
            if person is None:
                rejects.append({"line": line, "reason": reason})
                continue
            if person["employee_id"] in seen_ids:
                rejects.append({"line": line, "reason": f"employee {person['employee_id']} "
                                f"also on line {seen_ids[person['employee_id']]}"})
                continue
            seen_ids[person["employee_id"]] = line
            counts[personnel_store.upsert_person(db, person)] += 1
        if not seen_ids:
            raise InputError(f"No person could be read from {table.path.name}. "
                             "Nothing was imported.",
                             "; ".join(f"line {r['line']}: {r['reason']}" for r in rejects[:3]))
        append_event(db, actor=ctx.actor, action="roster.imported", subject=table.path.name,
                     details={**counts, "rejected": len(rejects), "sha256": table.sha256})
    return {"batch": table.sha256, "rows": len(seen_ids), "rejected": len(rejects), **counts,
            "rejects": rejects}
