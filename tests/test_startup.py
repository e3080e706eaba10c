"""Start-up smoke tests in a subprocess, exactly as a clerk starts the program."""

from __future__ import annotations

import struct

import pytest

from tests.conftest import run_cli

pytestmark = pytest.mark.slow


def png_size(path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


def test_demo_screenshot(tmp_path):
    shot = tmp_path / "shots" / "demo.png"
    out = run_cli("--demo", "--screenshot", str(shot))
    assert out.returncode == 0, out.stderr
    width, height = png_size(shot)
    assert width >= 1000 and height >= 600
    assert shot.stat().st_size > 20_000  # a painted window, not a blank one


def test_screenshot_of_one_request_and_unknown_view(tmp_path):
    db = tmp_path / "desk.sqlite3"
    assert run_cli("--db", str(db), "init").returncode == 0
    out = run_cli("--db", str(db), "request", "new", "--law", "foia", "--received",
                  "2026-11-16", "--requester", "Daniel Kwan", "--description", "Search logs")
    number = out.stdout.strip()
    shot = tmp_path / "request.png"
    out = run_cli("--db", str(db), "--screenshot", str(shot), "--view", f"request:{number}")
    assert out.returncode == 0, out.stderr
    assert png_size(shot)[0] >= 1000
    out = run_cli("--db", str(db), "--screenshot", str(shot), "--view", "nowhere")
    assert out.returncode == 2
    assert "unknown view" in out.stderr


def test_screenshot_on_a_damaged_database_explains_and_exits_3(tmp_path):
    db = tmp_path / "desk.sqlite3"
    db.write_bytes(b"garbage" * 100)
    out = run_cli("--db", str(db), "--screenshot", str(tmp_path / "x.png"))
    assert out.returncode == 3
    assert "not a Disclosure Desk database" in out.stderr
