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
# Thanksgiving 2026: the day the brief's examples revolve around. Tests that depend on the
# date fix it: the ``ctx`` fixture, ``open_window(today=...)``, ``run_cli(today=...)``.
TODAY = date(2026, 11, 26)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--today", metavar="YYYY-MM-DD",
        help="the date the application's clock reads in tests that do not fix their own "
             "(default: two years after the real date, so that a test which silently depends "
             "on the real date fails now rather than on some later day)")


def pytest_configure(config: pytest.Config) -> None:
    from app.clock import ENV_TODAY

    chosen = config.getoption("--today")
    if chosen:
        moved = date.fromisoformat(chosen)
    else:
        real = date.today()  # the tests may read the real date; the application may not
        moved = real.replace(year=real.year + 2) if (real.month, real.day) != (2, 29) \
            else real.replace(year=real.year + 2, day=28)
    # Inherited by every command and window the tests start in a subprocess as well.
    os.environ[ENV_TODAY] = moved.isoformat()


def pytest_report_header(config: pytest.Config) -> str:
    from app.clock import ENV_TODAY

    return f"application clock (unless a test fixes it): {os.environ.get(ENV_TODAY)}"


@pytest.fixture(autouse=True)
def isolated_locations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every folder the desk uses at the test's temporary folder."""
    root = tmp_path / "home"
    for kind, variable in app_paths.ENV_DIRS.items():
        monkeypatch.setenv(variable, str(root / kind))
    monkeypatch.delenv(app_paths.ENV_DB, raising=False)
    return root


def remote_passes(monkeypatch: pytest.MonkeyPatch, *, force: bool = True) -> list:
    """Every second process started to read a file for an import (``importers.worker``), as
    they start; with ``force`` for a file of any size, not only of ``PROCESS_FROM`` rows."""
    from app.importers import worker

    if force:
        monkeypatch.setattr(worker, "PROCESS_FROM", 0)
    started: list = []
    real = worker.RemotePass.__init__

    def counted(self, spec):
        started.append(self)
        real(self, spec)

    monkeypatch.setattr(worker.RemotePass, "__init__", counted)
    return started


@pytest.fixture(params=["one process", "second process"])
def reading(request, monkeypatch):
    """An import case twice: the file read in the importing process (whatever its size), and
    by the second process that reads files of ``worker.PROCESS_FROM`` rows or more (forced).
    Checks afterwards that it was read so."""
    from app.importers import worker

    if request.param == "one process":
        monkeypatch.setattr(worker, "PROCESS_FROM", 10 ** 12)
        started: list = []
    else:
        started = remote_passes(monkeypatch)
    yield request.param
    assert bool(started) == (request.param == "second process")


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


# An agency's details, as a records unit fills them in Settings (a new database has none).
AGENCY = {"agency_name": "City of Ribera Police Department",
          "agency_address": "100 Civic Center Plaza\nRibera, CA 90000",
          "agency_timezone": "America/Los_Angeles", "bates_prefix": "RPD"}


def give_agency(db, ctx) -> None:
    from app.services import settings

    for key, value in AGENCY.items():
        settings.update(db, ctx, key, value)


@pytest.fixture
def demo_db(db, ctx):
    from app.services.demo import seed_demo

    seed_demo(db, ctx)
    return db


def run_cli(*args: str, env: dict | None = None, today: date | None = None):
    """Run ``python -m app`` in a subprocess, as a clerk or a script would; ``today`` fixes
    the date its clock reads."""
    import subprocess

    from app.clock import ENV_TODAY

    full_env = {**os.environ, **(env or {})}
    if today is not None:
        full_env[ENV_TODAY] = today.isoformat()
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          encoding="utf-8", env=full_env, cwd=ROOT, timeout=120)


@pytest.fixture
def open_window(qtbot, tmp_path):
    """``open_window(demo=..., view=..., today=...)``: the main window on a fresh database in
    the test's folder, its clock set to ``today`` (TODAY unless given), shown, with the view
    loaded."""
    from PySide6.QtWidgets import QApplication

    from app.clock import Clock
    from app.ui.application import apply_style, prepare_database
    from app.ui.main_window import VIEWS, MainWindow

    apply_style(QApplication.instance())  # as the application starts: the house style sheet

    windows = []

    def make(*, demo: bool = True, view: str = "requests", today: date = TODAY):
        paths = app_paths.for_folder(tmp_path / "desk")
        now = Clock(today, "the test")
        prepare_database(paths, demo=demo, now=now)
        window = MainWindow(paths, demo=demo, clock=now)
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
