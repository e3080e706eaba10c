"""Test configuration: Qt offscreen, every location in a temporary folder, a database per test."""

from __future__ import annotations

import os

# Set before any Qt import: GUI tests never need (or touch) a real screen. The offscreen
# platform's default screen is 800x600, smaller than a clerk's; give it a 1920x1080 one.
_SCREENS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "offscreen-screens.json")
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREENS}"

import sys
from datetime import date
from pathlib import Path

import pytest

from app import paths as app_paths
from app.services.context import Context

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REALDATA = SHARED / "realdata"
# Thanksgiving 2026: the day the brief's examples revolve around.
TODAY = date(2026, 11, 26)


@pytest.fixture(autouse=True)
def isolated_locations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every folder the desk uses at the test's temporary folder."""
    root = tmp_path / "home"
    for kind, variable in app_paths.ENV_DIRS.items():
        monkeypatch.setenv(variable, str(root / kind))
    monkeypatch.delenv(app_paths.ENV_DB, raising=False)
    return root


@pytest.fixture
def ctx() -> Context:
    return Context(actor="test-clerk", today=TODAY)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "desk.sqlite3"


@pytest.fixture
def db(db_path: Path, ctx: Context):
    from app.services.database import init_database

    database = init_database(db_path, ctx)
    yield database
    database.close()


@pytest.fixture
def demo_db(db, ctx):
    from app.services.demo import seed_demo

    seed_demo(db, ctx)
    return db


def run_cli(*args: str, env: dict | None = None):
    """Run ``python -m app`` in a subprocess, as a clerk or a script would."""
    import subprocess

    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          encoding="utf-8", env=full_env, cwd=ROOT, timeout=120)


@pytest.fixture
def open_window(qtbot, tmp_path):
    """``open_window(demo=..., view=...)``: the main window on a fresh database in the test's
    folder, shown, with the view loaded."""
    from app.ui.application import prepare_database
    from app.ui.main_window import VIEWS, MainWindow

    windows = []

    def make(*, demo: bool = True, view: str = "requests"):
        paths = app_paths.for_folder(tmp_path / "desk")
        prepare_database(paths, demo=demo)
        window = MainWindow(paths, demo=demo)
        qtbot.addWidget(window)
        windows.append(window)
        panel = window.panels[VIEWS.index(view)]
        with qtbot.waitSignal(panel.loaded, timeout=10_000):
            window.show()
            window.show_view(view)
        return window

    yield make
    for window in windows:
        window.close()
