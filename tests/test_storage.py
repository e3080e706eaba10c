"""The database file: creation, migrations with backups, and clear messages when it is in the
way (locked, read-only, damaged, someone else's, newer)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from app import paths as app_paths
from app.domain.errors import EnvironmentProblem, InputError
from app.services.database import backup, init_database, verify_log
from app.storage import database as database_module
from app.storage import migrations, opening
from app.storage.database import APPLICATION_ID
from app.storage.opening import connect


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_database_is_wal_migrated_and_marked_as_ours(db):
    assert db.scalar("PRAGMA journal_mode") == "wal"
    assert db.user_version == migrations.LATEST_VERSION
    assert db.scalar("PRAGMA application_id") == APPLICATION_ID
    assert db.scalar("PRAGMA foreign_keys") == 1
    # Holiday calendars are seeded as data the agency can edit.
    assert db.scalar("SELECT count(*) FROM calendar_days WHERE calendar = 'CA-state' "
                     "AND day = '2026-11-27' AND name = 'Day After Thanksgiving'") == 1


def test_init_refuses_to_overwrite(db_path, ctx, db):
    before = sha(db_path)
    with pytest.raises(InputError, match="already exists"):
        init_database(db_path, ctx)
    assert sha(db_path) == before


def test_missing_database_says_how_to_create_one(tmp_path):
    with pytest.raises(InputError) as err:
        connect(tmp_path / "nope.sqlite3")
    assert "init" in err.value.hint


def test_locked_database_gives_a_clear_message(db, db_path, monkeypatch):
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_S", 0.2)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        other = connect(db_path)
        with pytest.raises(EnvironmentProblem) as err:
            with other.transaction():
                other.execute("INSERT INTO settings VALUES ('x', '1')")
        assert "locked by another program" in err.value.message
        assert "Nothing was changed" in err.value.message
        other.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert db.one("SELECT * FROM settings WHERE key = 'x'") is None


def test_locked_by_an_import_says_so(db, db_path, ctx, tmp_path, monkeypatch):
    """While an import holds the file, another program is told what it waits for."""
    from app.services import imports
    from app.services.demo import write_export
    from app.services.jobs import Job

    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_S", 0.2)
    path = write_export(tmp_path / "q4.csv", 30_000)
    seen = []

    def progress(done, total, text):
        if seen:
            return
        other = connect(db_path)
        try:
            with pytest.raises(EnvironmentProblem) as err:
                with other.transaction():
                    other.execute("INSERT INTO settings VALUES ('x', '1')")
            seen.append(err.value)
        finally:
            other.close()

    plan = imports.plan_import(db, path, system="clearview")
    imports.import_audit(db, ctx, plan, Job(progress))
    assert seen, "the import reported no progress"
    assert "an import of 'q4.csv'" in seen[0].message and "test-clerk" in seen[0].message
    assert "Wait for it to finish" in seen[0].hint
    assert not database_module.busy_marker(db_path).exists()  # gone once the import ends


def test_not_a_database_is_left_untouched(tmp_path):
    path = tmp_path / "letter.sqlite3"
    path.write_bytes(b"Dear requester,\n" * 100)
    before = sha(path)
    with pytest.raises(EnvironmentProblem, match="not an SQLite file"):
        connect(path)
    assert sha(path) == before


def test_damaged_database_points_to_the_backup(db, db_path):
    db.close()
    data = bytearray(db_path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # wreck the schema page, keep the header
    db_path.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    with pytest.raises(EnvironmentProblem) as err:
        connect(db_path)
    assert "damaged" in err.value.message
    assert "backup" in err.value.hint


def test_database_of_another_program_is_refused(tmp_path):
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE songs (title TEXT)")
    before = sha(path)
    with pytest.raises(EnvironmentProblem, match="another program"):
        connect(path)
    assert sha(path) == before


def test_newer_schema_is_refused_and_untouched(db, db_path):
    db.execute("PRAGMA user_version = 99")
    db.close()
    before = sha(db_path)
    with pytest.raises(EnvironmentProblem) as err:
        connect(db_path)
    assert "newer version" in err.value.message
    assert "Install the newer version" in err.value.hint
    assert sha(db_path) == before


def test_readonly_errors_are_explained():
    problem = database_module._classify(
        sqlite3.OperationalError("attempt to write a readonly database"), Path("d.sqlite3"))
    assert problem is not None and "read-only" in problem.message


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root ignores file permissions")
def test_readonly_file_gives_a_clear_message(db, db_path):
    db.close()
    db_path.chmod(0o444)
    db_path.parent.chmod(0o555)
    try:
        with pytest.raises(EnvironmentProblem, match="read-only"):
            other = connect(db_path)
            with other.transaction():
                other.execute("INSERT INTO settings VALUES ('x', '1')")
    finally:
        db_path.parent.chmod(0o755)
        db_path.chmod(0o644)


def _with_extra_migration(monkeypatch, apply):
    extra = migrations.Migration(migrations.LATEST_VERSION + 1, "test", apply)
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, extra))
    monkeypatch.setattr(migrations, "LATEST_VERSION", extra.version)


def test_migration_backs_up_the_file_first(db, db_path, monkeypatch):
    db.close()
    current = migrations.LATEST_VERSION
    _with_extra_migration(monkeypatch, lambda d: d.execute("CREATE TABLE extra (x)"))
    upgraded = connect(db_path)
    assert upgraded.user_version == current + 1
    backups = list(db_path.parent.glob(f"desk.schema{current}-*.backup.sqlite3"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("PRAGMA user_version").fetchone()[0] == current
        assert copy.execute("SELECT count(*) FROM calendar_days").fetchone()[0] > 0
    upgraded.close()


def test_failed_migration_leaves_the_previous_schema(db, db_path, monkeypatch):
    db.close()

    def broken(d):
        d.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("no such column: oops")

    current = migrations.LATEST_VERSION
    _with_extra_migration(monkeypatch, broken)
    with pytest.raises(sqlite3.OperationalError):
        connect(db_path)
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == current
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'"
                            ).fetchone()[0] == 0


def test_online_backup_is_a_checked_copy(demo_db, ctx, tmp_path):
    result = backup(demo_db, ctx, tmp_path / "copy.sqlite3")
    target = result["backup"]
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT count(*) FROM audit_records").fetchone()[0] == 475
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with pytest.raises(InputError, match="already exists"):
        backup(demo_db, ctx, target)


def test_transaction_rolls_back_everything(db):
    with pytest.raises(RuntimeError):
        with db.transaction():
            db.execute("INSERT INTO settings VALUES ('a', '1')")
            with db.transaction():
                db.execute("INSERT INTO settings VALUES ('b', '2')")
            raise RuntimeError("boom")
    assert db.query("SELECT key FROM settings WHERE key IN ('a', 'b')") == []


def test_activity_log_is_append_only_and_verifiable(demo_db, db_path):
    count, problems = verify_log(demo_db)
    assert count > 10 and problems == []
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        demo_db.execute("UPDATE events SET actor = 'someone else' WHERE seq = 3")
    # Someone with the file and a SQLite shell can still drop the guard: the chain catches it.
    demo_db.execute("DROP TRIGGER events_append_only_update")
    demo_db.execute("UPDATE events SET actor = 'someone else' WHERE seq = 3")
    count, problems = verify_log(demo_db)
    assert [(p.seq, "altered" in p.problem) for p in problems if p.seq] == [(3, True)]
    assert [p.problem for p in problems if not p.seq] == [
        "the append-only guard 'events_append_only_update' was removed from the database"]


def test_schema_1_database_is_upgraded_with_its_records(tmp_path, monkeypatch):
    """A database written by the first release (schema 1) opens, after a backup, with its
    audit records and their search index carried over."""
    path = tmp_path / "old.sqlite3"
    # Only the schema is wound back, and only while the old file is written: undoing the whole
    # monkeypatch would also undo the test's isolation of the user's folders.
    with monkeypatch.context() as old_release:
        old_release.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:1])
        old_release.setattr(migrations, "LATEST_VERSION", 1)
        old = opening.create_database(path)
    with old.transaction():
        old.execute("INSERT INTO audit_batches (id, sha256, file_name, system, source_tz, "
                    "imported_by, imported_at) VALUES (1, 'x', 'f.csv', 'clearview', "
                    "'America/Los_Angeles', 'me', 'now')")
        old.execute("INSERT INTO audit_records (batch_id, line_no, system, occurred_at, "
                    "source_tz, user_name, notes, original) VALUES (1, 2, 'clearview', "
                    "'2019-10-01 07:00:12', 'America/Los_Angeles', 'José García', "
                    "'Probe photo from Det. García', '[\"10/01/2019\", \"José García\"]')")
        old.execute("INSERT INTO audit_records_fts (audit_records_fts) VALUES ('rebuild')")
    old.close()
    assert os.environ[app_paths.ENV_DIRS["data"]].startswith(str(tmp_path))  # still isolated
    upgraded = connect(path)
    assert upgraded.user_version == migrations.LATEST_VERSION
    row = upgraded.one("SELECT * FROM audit_records")
    assert row["user_name"] == "José García" and row["source_tz"] is None  # the batch's zone
    assert "system" not in row
    hits = upgraded.scalar("SELECT count(*) FROM audit_records_fts WHERE audit_records_fts "
                           "MATCH 'garcia'")
    assert hits == 1  # accents folded, carried into the new index
    from app.storage.audit import original_cells

    assert original_cells(upgraded, row["id"])[1] == ["10/01/2019", "José García"]
    assert list(path.parent.glob("old.schema1-*.backup.sqlite3"))
    upgraded.close()
