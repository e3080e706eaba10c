"""The code passes the linter configured in pyproject.toml (ruff), as part of the test run, so
CI holds every change to it."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def _ruff() -> list[str]:
    found = shutil.which("ruff")
    if found:
        return [found]
    return [sys.executable, "-m", "ruff"]


def test_ruff_finds_nothing():
    out = subprocess.run([*_ruff(), "check", "--no-cache", "--output-format", "concise", "."],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    if "No module named ruff" in out.stderr:
        pytest.fail("ruff is not installed: it is a dev dependency (uv sync installs it)")
    assert out.returncode == 0, out.stdout + out.stderr


def test_ruff_is_configured_to_skip_only_generated_forms():
    out = subprocess.run([*_ruff(), "check", "--show-files", "."], capture_output=True,
                         text=True, cwd=ROOT, timeout=120)
    files = out.stdout.replace("\\", "/")
    assert "app/ui/forms/ui_" not in files
    assert "app/ui/main_window.py" in files and "tests/test_lint.py" in files
