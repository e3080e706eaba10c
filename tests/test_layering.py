"""The core runs without Qt: the CLI starts fast and headless (style guide §1)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

APP = ROOT / "app"


def _loads_pyside(code: str) -> bool:
    probe = code + "\nimport sys\nprint('PySide6' in sys.modules)\n"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         cwd=ROOT, check=True, timeout=60)
    return out.stdout.strip().splitlines()[-1] == "True"


def test_core_layers_do_not_load_qt():
    assert not _loads_pyside(
        "import app.domain.deadlines, app.domain.requests, app.domain.activity\n"
        "import app.storage, app.storage.migrations, app.storage.requests\n"
        "import app.services.requests, app.services.database, app.services.demo\n"
        "import app.importers, app.outputs, app.cli, app.main")


@pytest.mark.parametrize("argv", [["--version"], ["deadline", "--law", "cpra", "--received",
                                                  "2026-11-16", "--json"]])
def test_commands_do_not_load_qt(argv, tmp_path):
    code = (f"from app.main import main\nimport contextlib, io\n"
            f"with contextlib.redirect_stdout(io.StringIO()):\n    rc = main({argv!r})\n"
            "assert rc == 0, rc")
    assert not _loads_pyside(code)


def test_init_command_does_not_load_qt(tmp_path):
    db = tmp_path / "x.sqlite3"
    code = (f"from app.main import main\nrc = main(['--db', {str(db)!r}, 'init'])\n"
            "assert rc == 0, rc")
    assert not _loads_pyside(code)


def test_the_gui_is_what_loads_qt():
    # The probe is meaningful: importing the window does load PySide6.
    assert _loads_pyside("import app.ui.main_window")


def _app_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m == "app" or m.startswith("app.")}


@pytest.mark.parametrize("package, allowed", [
    ("domain", ("app.domain",)),
    ("storage", ("app.domain", "app.storage")),
    ("importers", ("app.domain", "app.importers", "app.services.jobs")),
    ("services", ("app.domain", "app.storage", "app.services", "app.importers", "app.outputs",
                  "app.paths")),
])
def test_imports_point_one_way(package, allowed):
    offenders = {}
    for path in (APP / package).rglob("*.py"):
        bad = {m for m in _app_imports(path) if not m.startswith(allowed)}
        if bad:
            offenders[str(path.relative_to(ROOT))] = sorted(bad)
    assert offenders == {}


def test_sql_lives_in_storage():
    """Views and services never hold SQL (style guide: all SQL lives in storage/)."""
    import re

    sql = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b[^\n]*\b(FROM|INTO|SET)\b")
    offenders = []
    for package in ("ui", "services", "domain"):
        for path in (APP / package).rglob("*.py"):
            if sql.search(path.read_text(encoding="utf-8")):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
