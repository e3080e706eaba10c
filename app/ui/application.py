"""Start-up of the window: paths, logging, the database, the main window, screenshots."""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from argparse import Namespace
from pathlib import Path

from app import APP_NAME, __version__
from app import clock as app_clock
from app import paths as app_paths
from app.domain.errors import DeskError
from app.logsetup import setup_logging

log = logging.getLogger(__name__)
SCREENSHOT_TIMEOUT_MS = 20_000
# A file to which the window writes the moment (seconds since the epoch) it first painted:
# bench/bundle_startup.py measures the bundle's start-up with it. Unset, nothing is recorded.
ENV_FIRST_PAINT = "DISCLOSURE_DESK_FIRST_PAINT_FILE"


def _headless_platform_if_needed(screenshot: bool) -> None:
    """A screenshot needs no screen: use Qt's offscreen platform where there is no display."""
    if not screenshot or os.environ.get("QT_QPA_PLATFORM"):
        return
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY")
                                                 or os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def apply_style(app) -> None:
    """The house style sheet (resources/style.qss): the sidebar, and focus rings where the
    platform style draws none. Colours come from the palette, so a dark palette works."""
    style = app_paths.resource_path("style.qss")
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))


def prepare_database(paths: app_paths.Paths, demo: bool, now: app_clock.Clock) -> None:
    """Create the user's database on first run, or a fresh demo database (dated by ``now``)."""
    from app.services.context import Context
    from app.services.database import init_database, open_or_create
    from app.services.demo import seed_demo

    ctx = Context.at(now)
    if demo:
        with init_database(paths.database, ctx) as db:
            seed_demo(db, ctx)
    else:
        open_or_create(paths.database, ctx).close()


def run_gui(args: Namespace) -> int:
    _headless_platform_if_needed(bool(args.screenshot))
    demo_root: Path | None = None
    if args.demo:
        demo_root = Path(tempfile.mkdtemp(prefix="disclosure-desk-demo-"))
        paths = app_paths.for_folder(demo_root)
    else:
        paths = app_paths.resolve(db=args.db)
    setup_logging(paths.log_dir)
    log.info("starting %s %s (database %s)", APP_NAME, __version__, paths.database)
    try:
        now = app_clock.system()
    except app_clock.ClockError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    icon = app_paths.resource_path("icons", "app.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    apply_style(app)
    try:
        try:
            prepare_database(paths, bool(args.demo), now)
        except DeskError as exc:
            log.warning("cannot open database: %s", exc)
            if args.screenshot:
                print(f"error: {exc.message}\n       {exc.hint}", file=sys.stderr)
            else:
                box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, exc.message)
                box.setInformativeText(exc.hint)
                box.exec()
            return exc.exit_code
        return _show_window(app, paths, args, demo=bool(args.demo), now=now)
    finally:
        if demo_root is not None:
            logging.shutdown()
            shutil.rmtree(demo_root, ignore_errors=True)


def _show_window(app, paths: app_paths.Paths, args: Namespace, *, demo: bool,
                 now: app_clock.Clock) -> int:
    from app.ui.errors import explain
    from app.ui.main_window import MainWindow

    window = MainWindow(paths, demo=demo, clock=now)
    previous_hook = sys.excepthook

    def excepthook(kind, exc, tb):  # a bug in a slot: report it, keep the window alive
        if issubclass(kind, KeyboardInterrupt):
            previous_hook(kind, exc, tb)
            return
        explain(window, exc.with_traceback(tb), paths.log_dir, APP_NAME)

    sys.excepthook = excepthook
    if os.environ.get(ENV_FIRST_PAINT):
        _record_first_paint(app, window, Path(os.environ[ENV_FIRST_PAINT]))
    try:
        window.show()
        try:
            window.show_view(args.view or window.last_view())
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        if args.screenshot:
            _schedule_screenshot(app, window, Path(args.screenshot))
        code = app.exec()
        return getattr(window, "screenshot_exit_code", code)
    finally:
        sys.excepthook = previous_hook


def _record_first_paint(app, window, target: Path) -> None:
    """Write the wall-clock time of the first paint event of the window (or of any widget in
    it) to ``target``; the caller started its own clock before starting the program."""
    from PySide6.QtCore import QEvent, QObject

    class FirstPaint(QObject):
        def eventFilter(self, obj, event) -> bool:
            if (event.type() == QEvent.Type.Paint and obj.isWidgetType()
                    and obj.window() is window):
                app.removeEventFilter(self)
                moment = app_clock.wall_seconds()
                target.write_text(f"{moment:.6f}\n", encoding="utf-8")
                log.info("first paint at %.6f", moment)
            return False

    app.installEventFilter(FirstPaint(window))


def _schedule_screenshot(app, window, target: Path) -> None:
    """Save the window once its views have loaded and painted, then quit."""
    from PySide6.QtCore import QElapsedTimer, QTimer

    clock = QElapsedTimer()
    clock.start()
    quiet_since = [None]

    def attempt() -> None:
        idle = not window.runner.busy
        if idle and quiet_since[0] is None:
            quiet_since[0] = clock.elapsed()
        elif not idle:
            quiet_since[0] = None
        settled = quiet_since[0] is not None and clock.elapsed() - quiet_since[0] >= 300
        if not settled and clock.elapsed() < SCREENSHOT_TIMEOUT_MS:
            return
        timer.stop()
        window.repaint()
        target.parent.mkdir(parents=True, exist_ok=True)
        ok = window.grab().save(str(target), "PNG")
        if not ok:
            print(f"error: could not write the screenshot to {target}", file=sys.stderr)
        window.screenshot_exit_code = 0 if ok else 3
        window.close()
        app.quit()

    timer = QTimer(window)
    timer.setInterval(50)
    timer.timeout.connect(attempt)
    timer.start()
