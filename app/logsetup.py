"""Logging to a rotating file in the user's log folder, and crash reports for bugs."""

from __future__ import annotations

import logging
import logging.handlers
import platform
import sys
import traceback
from pathlib import Path

from app import __version__
from app.clock import file_stamp

FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path | None:
    """Log to ``log_dir``; returns the log file, or None when the folder cannot be written
    (the desk still works, it just cannot keep a log)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_desk", False):
            root.removeHandler(handler)
            handler.close()
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        path = log_dir / "disclosure-desk.log"
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5,
                                                       encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    handler._desk = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(True)
    return path


def write_crash_report(log_dir: Path, exc: BaseException) -> Path | None:
    """Write the details of a bug to a file of its own; return its path for the message."""
    stamp = file_stamp()
    text = (
        f"Disclosure Desk {__version__} crash report {stamp}\n"
        f"Python {sys.version}\nPlatform {platform.platform()}\n\n"
        + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    )
    logging.getLogger("app.crash").error("unexpected error\n%s", text)
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        path = log_dir / f"crash-{stamp}.txt"
        path.write_text(text, encoding="utf-8")
        return path
    except OSError:
        return None
