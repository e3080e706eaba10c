"""The command-line contract: exit codes, JSON, messages, and a failed command changes nothing."""

from __future__ import annotations

import hashlib
import json
import sqlite3

from app import __version__
from tests.conftest import run_cli


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_version():
    out = run_cli("--version")
    assert out.returncode == 0
    assert out.stdout.strip() == f"disclosure-desk {__version__}"


def test_init_then_backup(tmp_path):
    db = tmp_path / "desk.sqlite3"
    out = run_cli("--db", str(db), "init", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {"database": str(db), "created": True}
    copy = tmp_path / "backup.sqlite3"
    out = run_cli("backup", str(copy), "--db", str(db))  # options after the command work too
    assert out.returncode == 0, out.stderr
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    again = run_cli("--db", str(db), "backup", str(copy))
    assert again.returncode == 2
    assert "already exists" in again.stderr


def test_init_twice_is_bad_input_and_changes_nothing(tmp_path):
    db = tmp_path / "desk.sqlite3"
    assert run_cli("--db", str(db), "init").returncode == 0
    before = sha(db)
    out = run_cli("--db", str(db), "init")
    assert out.returncode == 2
    assert "already exists" in out.stderr
    assert "Traceback" not in out.stderr
    assert sha(db) == before


def test_missing_database_explains_init(tmp_path):
    out = run_cli("--db", str(tmp_path / "none.sqlite3"), "request", "list")
    assert out.returncode == 2
    assert "init" in out.stderr


def test_unknown_command_and_bad_option_exit_2():
    out = run_cli("frobnicate")
    assert out.returncode == 2
    assert "invalid choice" in out.stderr
    out = run_cli("deadline", "--law", "cpra")
    assert out.returncode == 2
    assert "--received" in out.stderr


def test_corrupt_database_is_an_environment_problem(tmp_path):
    db = tmp_path / "desk.sqlite3"
    db.write_bytes(b"not a database at all" * 50)
    out = run_cli("--db", str(db), "log", "verify")
    assert out.returncode == 3
    assert "not a Disclosure Desk database" in out.stderr
    assert "Traceback" not in out.stderr


def test_errors_as_json_go_to_stderr(tmp_path):
    out = run_cli("--db", str(tmp_path / "none.sqlite3"), "--json", "request", "show", "X")
    assert out.returncode == 2
    assert out.stdout == ""
    error = json.loads(out.stderr)
    assert "no database" in error["error"]


def test_log_verify_detects_tampering(tmp_path):
    db = tmp_path / "desk.sqlite3"
    run_cli("--db", str(db), "init")
    run_cli("--db", str(db), "request", "new", "--law", "cpra", "--received", "2026-11-16",
            "--requester", "Rosa Delgado", "--description", "Clearview search logs")
    out = run_cli("--db", str(db), "log", "verify", "--json")
    assert out.returncode == 0
    assert json.loads(out.stdout)["intact"] is True
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TRIGGER events_append_only_delete")
        conn.execute("DELETE FROM events WHERE seq = 1")
    out = run_cli("--db", str(db), "log", "verify", "--json")
    assert out.returncode == 1
    assert json.loads(out.stdout)["intact"] is False
