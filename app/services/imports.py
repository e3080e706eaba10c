"""Importing vendor audit exports and the personnel roster.

``plan_import`` reads a file's shape (format, encoding, header, vendor profile, mapping) and a
preview, without writing anything; ``import_audit`` then imports it as one batch in one
transaction: a failure, a cancel or a killed process leaves no partial batch.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from itertools import starmap
from pathlib import Path

from app.domain.errors import InputError, RuleError
from app.importers import profiles
from app.importers.mapping import Mapping, check_mapping, propose_mapping, signature
from app.importers.normalize import Normalizer, RowRejected
from app.importers.readers import TableFile, open_table, read_sample
from app.importers.roster import roster_rows
from app.importers.timestamps import TimestampParser, detect_day_first, zone
from app.services.context import Context
from app.services.database import agency_settings
from app.services.jobs import Job
from app.storage import audit as store
from app.storage import personnel as personnel_store
from app.storage.database import Database, utc_now
from app.storage.events import append_event

PREVIEW_ROWS = 20
PROGRESS_EVERY = 20_000
MAX_REJECT_RAW = 2000
# A file where more rows fail than succeed is read with the wrong mapping or date format: refuse
# it whole rather than import the few rows that happened to fit.
MAX_REJECTED_SHARE = 0.5


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
    day_first: bool = False
    # Cells padded with spaces in the sample: strip text fields (slower, so only when needed).
    trim_text: bool = False

    @property
    def ready(self) -> bool:
        return not self.problems and self.duplicate_of is None

    def describe(self) -> dict:
        t = self.table
        return {"file": t.path.name, "format": t.format, "encoding": t.encoding,
                "delimiter": t.delimiter if t.format == "csv" else None, "sha256": t.sha256,
                "header": t.header, "header_line": t.header_line,
                "profile": self.profile.name if self.profile else None,
                "mapping_source": self.mapping_source, "system": self.system,
                "timezone": self.timezone, "mapping": self.mapping.as_json(),
                "problems": self.problems, "notes": self.notes,
                "duplicate_of": self.duplicate_of and self.duplicate_of["id"]}


def plan_import(db: Database, path: Path | str, *, mapping: Mapping | None = None,
                system: str | None = None, timezone: str | None = None) -> ImportPlan:
    table = open_table(path)
    samples = read_sample(table, PREVIEW_ROWS)
    if not samples:
        raise InputError(f"{table.path.name} has column names but no rows.",
                         "Export the audit log again for a period that has searches.")
    header = table.header
    profile = profiles.detect(header)
    if mapping is not None:
        source = "file"
    elif (saved := store.saved_mapping(db, signature(header))) is not None:
        from app.importers.mapping import mapping_from_json

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
    date_column = mapping.fields().get("occurred_at") or mapping.fields().get("occurred_date")
    if date_column in header:
        i = header.index(date_column)
        plan.day_first = detect_day_first([c[i] for _, c in samples if i < len(c)])
        if plan.day_first:
            plan.notes.append("Dates are read day first (e.g. 25/10/2019 is 25 October).")
    plan.trim_text = any(c != c.strip() for _, cells in samples for c in cells)
    if mapping_problems:  # the preview needs a usable mapping; a missing system does not matter
        plan.preview = [PreviewRow(line, cells, None) for line, cells in samples]
        return plan
    normalizer = Normalizer(header, mapping, TimestampParser(source_zone,
                                                             day_first=plan.day_first),
                            check_separators=table.may_hold_separators, trim=plan.trim_text)
    for line, cells in samples:
        try:
            plan.preview.append(PreviewRow(line, cells, normalizer.record(line, cells)))
        except RowRejected as exc:
            plan.preview.append(PreviewRow(line, cells, None, str(exc)))
    return plan


def _require_ready(plan: ImportPlan) -> None:
    if plan.duplicate_of is not None:
        b = plan.duplicate_of
        raise InputError(
            f"{plan.table.path.name} was already imported as batch {b['id']} "
            f"('{b['file_name']}', {b['rows_imported']} rows, on {b['imported_at']} by "
            f"{b['imported_by']}). Nothing was imported again.",
            "To replace it, remove that batch first.")
    if plan.problems:
        hint = ("Check the proposed mapping: disclosure-desk import-audit FILE --propose-mapping "
                "> map.json, correct it, then import with --mapping map.json."
                if plan.mapping_source == "proposed" else "Correct the mapping and try again.")
        raise InputError(" ".join(plan.problems) + " Nothing was imported.", hint)


def import_audit(db: Database, ctx: Context, plan: ImportPlan, job: Job | None = None, *,
                 remember_mapping: bool = False) -> dict:
    """Import the planned file as one batch. Returns the batch's summary."""
    job = job or Job()
    _require_ready(plan)
    table = plan.table
    parser = TimestampParser(zone(plan.timezone), day_first=plan.day_first)
    normalizer = Normalizer(table.header, plan.mapping, parser,
                            check_separators=table.may_hold_separators, trim=plan.trim_text)
    rejects = normalizer.rejects
    read = {"rows": 0}

    def tick(rows: int) -> None:
        read["rows"] += rows
        # CSV progress is the share of bytes read; XLSX and JSON are read whole, so only a count.
        done, total = (table.bytes_done(), table.size) if table.format == "csv" else (0, 0)
        job.progress(done, total, f"{read['rows']:,} rows")
        if len(rejects) > 10_000 and len(rejects) > read["rows"] * MAX_REJECTED_SHARE:
            raise _TooManyRejects()

    # No Python loop of our own around a million rows: the reader's generator feeds the
    # normaliser through C-level starmap/filter straight into executemany.
    records = filter(None, starmap(normalizer.row, table.rows(PROGRESS_EVERY, tick)))

    # The WAL is checkpointed into the database file when this connection closes (in the
    # background in the window) rather than inside the import: the rows are committed and
    # searchable as soon as the transaction ends.
    with db.long_write(f"an import of '{table.path.name}'", ctx.actor), db.bulk_write(), \
            db.transaction():
        batch_id = store.insert_batch(db, {
            "sha256": table.sha256, "file_name": table.path.name, "system": plan.system,
            "vendor_profile": plan.profile.name if plan.profile else "",
            "encoding": table.encoding, "source_tz": plan.timezone,
            "header": json.dumps(table.header, ensure_ascii=False),
            "text_cells": json.dumps(normalizer.text_index),
            "mapping": json.dumps(plan.mapping.with_(system=plan.system,
                                                     timezone=plan.timezone).as_json(),
                                  ensure_ascii=False),
            "imported_by": ctx.actor, "imported_at": utc_now()})
        try:
            imported = store.insert_records(db, batch_id, normalizer.width,
                                            normalizer.text_index, records, plan.trim_text)
        except _TooManyRejects:
            imported = 0
        seen = imported + len(rejects)
        if imported == 0 or len(rejects) > seen * MAX_REJECTED_SHARE:
            examples = "; ".join(f"line {ln}: {why}" for ln, why, _ in rejects[:3])
            raise InputError(
                f"{len(rejects):,} of the rows read from {table.path.name} could not be "
                f"imported (e.g. {examples}). The column mapping or the date format is probably "
                "wrong. Nothing was imported.",
                "Check the mapping (--propose-mapping shows the importer's guess) and the time "
                "zone, then try again.")
        job.progress(table.size, table.size, "indexing")
        store.index_batch_text(db, batch_id)
        store.insert_rejects(db, batch_id, ((ln, why, _raw(cells)) for ln, why, cells in rejects))
        store.set_batch_counts(db, batch_id, imported, len(rejects))
        if remember_mapping:
            store.save_mapping(db, signature(table.header), plan.mapping.with_(
                system=plan.system, timezone=plan.timezone).as_json(), ctx.actor)
        summary = {"batch": batch_id, "rows": imported, "rejected": len(rejects),
                   "file": table.path.name, "sha256": table.sha256, "system": plan.system,
                   "profile": plan.profile.name if plan.profile else None,
                   "encoding": table.encoding, "timezone": plan.timezone,
                   "ambiguous_times": parser.ambiguous,
                   "rejects": [{"line": ln, "reason": why} for ln, why, _ in rejects[:50]]}
        append_event(db, actor=ctx.actor, action="audit.imported", subject=table.path.name,
                     details={k: summary[k] for k in ("batch", "rows", "rejected", "sha256",
                                                      "system", "timezone")})
    return summary


class _TooManyRejects(Exception):
    pass


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
