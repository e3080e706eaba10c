"""The connection to the desk's database: queries, transactions, error classification, backup.

Connections run in autocommit mode and every write goes through :meth:`Database.transaction`
(``BEGIN IMMEDIATE`` ... ``COMMIT``), so a command that fails leaves the file as it was. The
sqlite-utils helpers that commit on their own (``insert``, ``transform``...) are therefore not used
for writes.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from app.clock import utc_stamp
from app.domain.errors import EnvironmentProblem, InputError

log = logging.getLogger(__name__)

# ``PRAGMA application_id`` marks a file as ours ("DDsk"), so we never migrate someone else's DB.
APPLICATION_ID = 0x4444736B
BUSY_TIMEOUT_S = 5.0


class Database:
    """One connection to the desk's database, owned by one thread."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn
        self.db = sqlite_utils.Database(conn)
        # Transactions committed through this connection: after a failure, the command line
        # says whether a change had already been saved.
        self.commits = 0

    # -- queries -------------------------------------------------------------------------------
    def query(self, sql: str, params: tuple | dict = ()) -> list[dict]:
        with guard(self.path):
            return list(self.db.query(sql, params))

    def iterate(self, sql: str, params: tuple | dict = (), batch: int = 2000
                ) -> Iterator[dict]:
        """Rows as dicts, fetched a batch at a time: for results too large to hold at once."""
        with guard(self.path):
            cursor = self.conn.execute(sql, params)
            names = [d[0] for d in cursor.description]
        while True:
            with guard(self.path):
                rows = cursor.fetchmany(batch)
            if not rows:
                return
            for row in rows:
                yield dict(zip(names, row, strict=True))

    def one(self, sql: str, params: tuple | dict = ()) -> dict | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def scalar(self, sql: str, params: tuple | dict = ()):
        with guard(self.path):
            row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    def execute(self, sql: str, params: tuple | dict = ()) -> sqlite3.Cursor:
        with guard(self.path):
            return self.conn.execute(sql, params)

    def executemany(self, sql: str, rows) -> sqlite3.Cursor:
        with guard(self.path):
            return self.conn.executemany(sql, rows)

    # -- transactions --------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """All-or-nothing; nests as a savepoint so services can compose."""
        with guard(self.path):
            if self.conn.in_transaction:
                name = f"sp{time.monotonic_ns()}"
                self.conn.execute(f"SAVEPOINT {name}")
                try:
                    yield self
                except BaseException:
                    self.conn.execute(f"ROLLBACK TO {name}")
                    self.conn.execute(f"RELEASE {name}")
                    raise
                self.conn.execute(f"RELEASE {name}")
                return
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")
            self.commits += 1

    @contextmanager
    def bulk_write(self) -> Iterator[Database]:
        """For one large transaction: no automatic WAL checkpoint at its commit. The checkpoint
        then happens at the next commit of this connection or when the last connection closes."""
        self.execute("PRAGMA wal_autocheckpoint = 0")
        try:
            yield self
        finally:
            self.execute("PRAGMA wal_autocheckpoint = 1000")

    @contextmanager
    def long_write(self, what: str, actor: str) -> Iterator[Database]:
        """Mark a write that holds the database for a long time (an import), so that another
        program that finds the file locked can say what it is waiting for."""
        marker: Path | None = busy_marker(self.path)
        try:
            marker.write_text(json.dumps({"what": what, "by": actor, "since": utc_stamp(),
                                          "pid": os.getpid()}), encoding="utf-8")
        except OSError:
            marker = None  # a read-only folder: the import still runs, the hint is lost
        try:
            yield self
        finally:
            if marker is not None:
                marker.unlink(missing_ok=True)

    @property
    def user_version(self) -> int:
        return int(self.scalar("PRAGMA user_version"))

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def busy_marker(path: Path) -> Path:
    return path.with_name(path.name + ".busy.json")


def _busy_with(path: Path) -> dict | None:
    try:
        return json.loads(busy_marker(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _classify(exc: sqlite3.Error, path: Path) -> EnvironmentProblem | None:
    text = str(exc).lower()
    where = f"the database {path}"
    if "locked" in text or "busy" in text:
        busy = _busy_with(path)
        if busy is not None:
            return EnvironmentProblem(
                f"{where[0].upper()}{where[1:]} is busy: {busy.get('what', 'a long task')} "
                f"started at {busy.get('since', '?')} by {busy.get('by', 'someone')} is still "
                "running. Nothing was changed.",
                "Wait for it to finish (the window that started it shows its progress), then "
                "try again.")
        return EnvironmentProblem(
            f"{where[0].upper()}{where[1:]} is locked by another program (another Disclosure Desk "
            "window, a backup or a file-sync tool). Nothing was changed.",
            "Close the other program, wait a moment and try again.",
        )
    if "readonly" in text or "read-only" in text:
        return EnvironmentProblem(
            f"{where[0].upper()}{where[1:]} is read-only. Nothing was changed.",
            "Ask IT to restore write permission on the file and its folder, or copy it to a "
            "folder you can write to and open it with --db.",
        )
    if "disk is full" in text or "disk i/o" in text:
        return EnvironmentProblem(
            f"The disk holding {path} is full or failing. Nothing was changed.",
            "Free some space (or move the database with --db) and try again.",
        )
    if "not a database" in text or "malformed" in text or "encrypted" in text:
        return EnvironmentProblem(
            f"{path} is damaged or is not a Disclosure Desk database.",
            "Restore it from your latest backup (disclosure-desk backup makes one) or point "
            "--db at the right file. The damaged file was left untouched.",
        )
    if "unable to open" in text:
        return EnvironmentProblem(
            f"{where[0].upper()}{where[1:]} cannot be opened.",
            "Check that the folder exists and that you may write to it.",
        )
    return None


@contextmanager
def guard(path: Path) -> Iterator[None]:
    """Turn environmental SQLite failures into messages a clerk can act on; bugs stay bugs."""
    try:
        yield
    except sqlite3.Error as exc:
        problem = _classify(exc, path)
        if problem is None:
            raise
        raise problem from exc


def open_connection(path: Path) -> sqlite3.Connection:
    with guard(path):
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                               check_same_thread=True)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    return conn


BACKUP_STEP_PAGES = 2048


def online_backup(db: Database, target: Path | str,
                  progress: Callable[[int, int], None] | None = None) -> Path:
    """Copy the live database with SQLite's online backup API, then check the copy.

    ``progress(done_pages, total_pages)`` is called as the copy goes; an exception it raises
    (a cancel) stops the copy. A copy that does not finish - cancelled, disk full, a damaged
    source - is removed, and the message says which file is at fault."""
    target = Path(target)
    if target.exists():
        raise InputError(f"{target} already exists.", "Choose a new file name for the backup.")
    if target.resolve() == db.path.resolve():
        raise InputError("The backup cannot overwrite the database itself.")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")

    def step(_status: int, remaining: int, total: int) -> None:
        if progress is not None:
            progress(total - remaining, total)

    try:
        try:
            dest = sqlite3.connect(partial)
        except sqlite3.Error as exc:
            raise _classify(exc, target) or exc from exc
        try:
            try:
                db.conn.backup(dest, pages=BACKUP_STEP_PAGES, progress=step)
            except sqlite3.DatabaseError as exc:
                text = str(exc).lower()
                if "malformed" in text or "not a database" in text:
                    raise _damaged_source(db.path, str(exc)) from exc
                raise _classify(exc, target) or exc from exc
            try:
                result = dest.execute("PRAGMA integrity_check").fetchone()[0]
            except sqlite3.DatabaseError as exc:  # the copy cannot even be checked
                result = str(exc)
        finally:
            dest.close()
        if result != "ok":
            # The copy is page for page: a copy that fails the check comes from a damaged file.
            raise _damaged_source(db.path, result)
        shutil.move(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def _damaged_source(path: Path, detail: str) -> EnvironmentProblem:
    return EnvironmentProblem(
        f"The database {path} is damaged (SQLite's integrity check: {detail}). No backup was "
        "written; a backup of a damaged file would not restore your data.",
        "Restore the database from your latest good backup, or send the file to support. The "
        "database itself was left untouched.")


def utc_now() -> str:
    return utc_stamp()
