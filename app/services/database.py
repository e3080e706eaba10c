"""Creating, opening, backing up and checking the desk's database."""

from __future__ import annotations

from pathlib import Path

from app.domain.activity import ChainProblem, verify_chain
from app.domain.agency import DEFAULT_SETTINGS
from app.services import calendars
from app.services.context import Context
from app.storage.database import Database, connect, create_database, online_backup
from app.storage.events import all_events, append_event
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


def open_database(path: Path | str) -> Database:
    return connect(path)


def open_or_create(path: Path | str, ctx: Context) -> Database:
    path = Path(path)
    if path.exists() and path.stat().st_size > 0:
        return connect(path)
    return init_database(path, ctx)


def backup(db: Database, ctx: Context, target: Path | str) -> Path:
    written = online_backup(db, target)
    with db.transaction():
        append_event(db, actor=ctx.actor, action="database.backed_up", subject=str(written))
    return written


def verify_log(db: Database) -> tuple[int, list[ChainProblem]]:
    events = all_events(db)
    return len(events), verify_chain(events)


def agency_settings(db: Database) -> dict:
    return {**DEFAULT_SETTINGS, **get_settings(db)}
