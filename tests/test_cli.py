"""The command-line contract: exit codes, JSON, messages, and a failed command changes nothing."""

from __future__ import annotations

import hashlib
import json
import sqlite3

import pytest

from app import __version__
from tests.conftest import ROOT, TODAY, run_cli


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


def test_request_list_shows_due_dates_and_escapes_requester_text(tmp_path):
    db = str(tmp_path / "desk.sqlite3")
    run_cli("--db", db, "init")
    sneaky = "Rosa \u202eregdeL\u202c Delgado\x1b[31m"
    out = run_cli("--db", db, "request", "new", "--law", "cpra", "--received", "2026-11-16",
                  "--requester", sneaky, "--description", "logs\nDue: never", today=TODAY)
    assert out.returncode == 0, out.stderr
    listing = run_cli("--db", db, "request", "list", today=TODAY)
    assert "due 2026-11-30" in listing.stdout and "<10" not in listing.stdout
    assert "\\u202e" in listing.stdout and "\u202e" not in listing.stdout
    assert "\x1b" not in listing.stdout and "\\x1b[31m" in listing.stdout
    shown = run_cli("--db", db, "request", "show", "CPRA-2026-0001", today=TODAY)
    assert "Request:   logs\\nDue: never" in shown.stdout
    # JSON keeps the text exactly as stored.
    data = json.loads(run_cli("--db", db, "request", "show", "CPRA-2026-0001", "--json").stdout)
    assert data["requester_name"] == sneaky


@pytest.mark.parametrize("received, message", [
    ("9999-12-20", "cannot be right"), ("1989-12-31", "cannot be right"),
    ("2077-01-04", "holiday calendars cover"), ("2026-13-01", "is not a date")])
def test_impossible_received_dates_exit_2(received, message):
    out = run_cli("deadline", "--law", "foia", "--received", received)
    assert out.returncode == 2, out.stderr
    assert message in out.stderr and "Traceback" not in out.stderr


def test_unreadable_inputs_exit_2(tmp_path):
    db = str(tmp_path / "desk.sqlite3")
    run_cli("--db", db, "init")
    out = run_cli("--db", db, "import-roster", str(tmp_path))
    assert out.returncode == 2 and "is a folder" in out.stderr
    out = run_cli("--db", str(tmp_path), "request", "list")
    assert out.returncode == 2 and "is a folder" in out.stderr


def test_output_is_utf8_on_any_code_page_and_a_closed_pipe_is_quiet(tmp_path):
    import subprocess
    import sys

    db = str(tmp_path / "desk.sqlite3")
    run_cli("--db", db, "init")
    run_cli("--db", db, "request", "new", "--law", "cpra", "--received", "2026-11-16",
            "--requester", "José García-Ñúñez", "--description", "logs", today=TODAY)
    # A console whose code page cannot hold the name (here: ASCII) still gets it, as UTF-8.
    out = run_cli("--db", db, "request", "list", env={"PYTHONIOENCODING": "ascii"})
    assert out.returncode == 0, out.stderr
    assert "José García-Ñúñez" in out.stdout
    # `disclosure-desk ... | head -1`: the reader stops early; no traceback, no error.
    script = (f"import subprocess, sys\n"
              f"p = subprocess.Popen([sys.executable, '-m', 'app', '--db', {db!r}, 'calendar', "
              f"'list'], stdout=subprocess.PIPE, stderr=subprocess.PIPE)\n"
              "p.stdout.readline(); p.stdout.close()\n"
              "err = p.stderr.read().decode(); p.wait()\n"
              "print(p.returncode); print(err)\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=ROOT, timeout=120)
    code, _, err = result.stdout.partition("\n")
    assert code.strip() in ("0", "-13"), result.stdout + result.stderr
    assert "Traceback" not in err and "BrokenPipe" not in err


def test_log_verify_detects_a_removed_tail_and_dropped_guards(tmp_path):
    db = tmp_path / "desk.sqlite3"
    run_cli("--db", str(db), "init")
    backup = tmp_path / "monday.sqlite3"
    for n in range(3):
        run_cli("--db", str(db), "request", "new", "--law", "cpra", "--received", "2026-11-16",
                "--requester", f"R{n}", "--description", "logs", today=TODAY)
        if n == 1:
            out = run_cli("--db", str(db), "backup", str(backup), "--json")
            assert json.loads(out.stdout)["log_head"]["seq"] == 3
    out = run_cli("--db", str(db), "log", "verify", "--against", str(backup))
    assert out.returncode == 0 and "still holds the events" in out.stdout
    with sqlite3.connect(db) as conn:  # someone with a SQLite shell removes the newest events
        conn.execute("DROP TRIGGER events_append_only_delete")
        conn.execute("DELETE FROM events WHERE seq >= 3")
    out = run_cli("--db", str(db), "log", "verify", "--json", "--against", str(backup))
    assert out.returncode == 1
    problems = [p["problem"] for p in json.loads(out.stdout)["problems"]]
    assert any("'events_append_only_delete' was removed" in p for p in problems)
    assert any("events 3 to 5 were written and are gone" in p for p in problems)
    assert any("event 3, the newest in monday.sqlite3, is no longer in the log" in p
               for p in problems)


def test_a_report_that_fails_after_the_change_says_the_change_was_made(tmp_path, monkeypatch,
                                                                         capsys):
    from app import cli
    from app.cli import base

    db = str(tmp_path / "desk.sqlite3")
    assert cli.run(cli.parse(["--db", db, "init"])) == 0

    def broken_console(self, as_json):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(base.Outcome, "render", broken_console)
    capsys.readouterr()
    code = cli.run(cli.parse(["--db", db, "request", "new", "--law", "cpra", "--received",
                              "2026-11-16", "--requester", "R", "--description", "logs"]))
    err = capsys.readouterr().err
    assert code == 3
    assert "The command's change was made and saved, but printing its report failed" in err
    assert "Nothing was changed" not in err
    monkeypatch.undo()
    listing = run_cli("--db", db, "request", "list", "--json")
    assert [r["number"] for r in json.loads(listing.stdout)["requests"]] == ["CPRA-2026-0001"]


def test_a_backup_of_a_damaged_database_names_the_source(tmp_path):
    db = tmp_path / "desk.sqlite3"
    run_cli("--db", str(db), "init")
    with sqlite3.connect(db) as conn:
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    assert pages > 4
    with db.open("r+b") as fh:  # scribble over an interior page, as a failing disk would
        fh.seek(page * (pages - 2))
        fh.write(b"\xff" * page)
    out = run_cli("--db", str(db), "backup", str(tmp_path / "copy.sqlite3"))
    assert out.returncode == 3, out.stderr
    assert f"The database {db} is damaged" in out.stderr
    assert "No backup was written" in out.stderr
    assert list(tmp_path.glob("copy.sqlite3*")) == []
