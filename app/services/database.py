"""Creating, opening, backing up and checking the desk's database."""

from __future__ import annotations

import json
from pathlib import Path

from app.domain.activity import ChainProblem, verify_chain
from app.domain.agency import DEFAULT_SETTINGS
from app.domain.errors import InputError
from app.services import calendars
from app.services.clocks import recompute_due_dates
from app.services.context import Context
from app.services.jobs import Job
from app.storage import events as event_store
from app.storage import upgrades
from app.storage.database import Database, online_backup
from app.storage.events import all_events, append_event
from app.storage.opening import connect, create_database
from app.storage.settings import get_settings, put_setting


def init_database(path: Path | str, ctx: Context) -> Database:
    """A new database with the default agency settings and seeded holiday calendars."""
    db = create_database(path)
    try:
        with db.transaction():
            for key, value in DEFAULT_SETTINGS.items():
                put_setting(db, key, value)
            seeded = calendars.seed(db)
            append_event(db, actor=ctx.actor, action="database.created", subject=str(path),
                         details={"calendar_days": seeded})
    except BaseException:
        db.close()
        raise
    return db


def open_database(path: Path | str, *, migrate: bool = True,
                  ctx: Context | None = None) -> Database:
    """Open an existing database; with ``migrate`` (start-up, commands), bring its schema up to
    date first and finish what the upgrade left for the services. The window's worker threads
    open it without migrating."""
    db = connect(path, migrate=migrate)
    if migrate:
        try:
            finish_upgrade(db, ctx or Context())
        except BaseException:
            db.close()
            raise
    return db


def open_or_create(path: Path | str, ctx: Context) -> Database:
    path = Path(path)
    if path.exists() and path.stat().st_size > 0:
        return open_database(path, ctx=ctx)
    return init_database(path, ctx)


UPGRADE_ACTIONS = {"extension_reasons_seeded": "extension_reasons.seeded"}


def finish_upgrade(db: Database, ctx: Context) -> list[dict]:
    """What a schema upgrade left to do (``upgrade_steps``): a corrected calendar moves the due
    dates of open requests (each gets a timeline entry), and the correction is listed in the
    activity log. Each step runs in one transaction with its removal, so an interrupted run is
    finished at the next opening. Returns the steps done."""
    done = []
    for step in upgrades.pending(db):
        with db.transaction():
            details = step["details"]
            if step["kind"] == "calendar_corrected":
                changes = recompute_due_dates(
                    db, ctx, f"calendar corrected by the schema {step['version']} upgrade: "
                             "California deadlines follow the court holidays of CCP § 135")
                append_event(db, actor=ctx.actor, action="calendar.corrected",
                             subject=f"schema {step['version']}",
                             details={**details,
                                      "due_dates_changed": [c.as_json() for c in changes]})
            else:
                action = UPGRADE_ACTIONS.get(step["kind"], f"upgrade.{step['kind']}")
                append_event(db, actor=ctx.actor, action=action,
                             subject=f"schema {step['version']}", details=details)
            upgrades.done(db, step["id"])
        done.append(step)
    db.commits = 0  # the upgrade is not the caller's change
    return done


def chain_head(db: Database) -> dict:
    """The activity log's newest event (``seq``, ``hash``): kept with each backup (and, later,
    each packet manifest) so that a later ``log verify --against`` can show whether events
    that existed then are still there."""
    last = event_store.last_event(db)
    return {"seq": last["seq"], "hash": last["hash"]} if last else {"seq": 0, "hash": ""}


def backup(db: Database, ctx: Context, target: Path | str, job: Job | None = None) -> dict:
    """An online backup of the live database; cancellable through ``job``. Returns the file
    and the activity log's head the copy holds."""
    job = job or Job()
    head = chain_head(db)
    written = online_backup(db, target, progress=lambda done, total: job.progress(
        done, total, "pages copied"))
    with db.transaction():
        append_event(db, actor=ctx.actor, action="database.backed_up", subject=str(written),
                     details={"log_head": head})
    return {"backup": str(written), "log_head": head}


def _reference_head(path: Path) -> dict:
    """The chain head kept in a backup database or in a packet manifest (JSON)."""
    if not path.is_file():
        raise InputError(f"There is no file at {path} to compare the activity log with.",
                         "Give a backup made with 'disclosure-desk backup' (or a packet "
                         "manifest).")
    with path.open("rb") as fh:
        start = fh.read(16)
    if start.startswith(b"SQLite format 3"):
        head = event_store.head_of_file(path)
        if head is None:
            raise InputError(f"{path.name} holds no activity log.")
        return head
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
        head = data["log_head"]
        return {"seq": int(head["seq"]), "hash": str(head["hash"])}
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise InputError(f"{path.name} is neither a backup database nor a manifest with a "
                         "\"log_head\".") from None


def verify_log(db: Database, against: Path | str | None = None
               ) -> tuple[int, list[ChainProblem]]:
    """Check the activity log: the hash chain, the append-only guards, the recorded head and,
    with ``against``, that the newest event of a backup or manifest is still in the chain.
    Returns the number of events and every problem found (empty when intact)."""
    events = all_events(db)
    problems = verify_chain(events)
    for name in event_store.missing_guards(db):
        problems.append(ChainProblem(0, f"the append-only guard '{name}' was removed from the "
                                        "database"))
    last = events[-1] if events else None
    recorded = event_store.recorded_head(db)
    if recorded is not None and recorded["seq"] and (
            last is None or (last["seq"], last["hash"]) != (recorded["seq"], recorded["hash"])):
        if last is None or recorded["seq"] > last["seq"]:
            problems.append(ChainProblem(
                recorded["seq"], f"events {(last['seq'] + 1) if last else 1} to "
                                 f"{recorded['seq']} were written and are gone: the newest "
                                 "events were removed"))
        else:
            problems.append(ChainProblem(
                last["seq"], "the newest event does not match the head the log recorded"))
    if against is not None:
        reference = _reference_head(Path(against))
        if reference["seq"]:
            present = event_store.event_at(db, reference["seq"])
            if present is None:
                problems.append(ChainProblem(reference["seq"], (
                    f"event {reference['seq']}, the newest in {Path(against).name}, is no "
                    "longer in the log: events were removed since")))
            elif present["hash"] != reference["hash"]:
                problems.append(ChainProblem(reference["seq"], (
                    f"event {reference['seq']} differs from the one in {Path(against).name}: "
                    "the log was rewritten since")))
    return len(events), problems


def agency_settings(db: Database) -> dict:
    return {**DEFAULT_SETTINGS, **get_settings(db)}
