"""Showing errors to the clerk by kind: what went wrong, and what to do next."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.errors import DeskError, EnvironmentProblem
from app.logsetup import write_crash_report
from app.services.jobs import Cancelled

log = logging.getLogger(__name__)


def explain(parent: QWidget | None, exc: BaseException, log_dir: Path, what: str = "") -> None:
    if isinstance(exc, Cancelled):
        return
    title = what or "Disclosure Desk"
    if isinstance(exc, EnvironmentProblem):
        box = QMessageBox(QMessageBox.Icon.Critical, title, exc.message, parent=parent)
        box.setInformativeText(exc.hint)
    elif isinstance(exc, DeskError):
        box = QMessageBox(QMessageBox.Icon.Warning, title, exc.message, parent=parent)
        box.setInformativeText(exc.hint)
    else:
        report = write_crash_report(log_dir, exc)
        box = QMessageBox(
            QMessageBox.Icon.Critical, title,
            "Something unexpected went wrong. Your data is safe: the action was not saved.",
            parent=parent)
        box.setInformativeText(
            f"Please send this crash report to your support contact:\n{report or log_dir}")
        box.setDetailedText(f"{type(exc).__name__}: {exc}")
    box.setObjectName("errorBox")
    box.open()
