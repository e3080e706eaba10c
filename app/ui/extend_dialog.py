"""Extend a deadline: the statute's reasons in force today, in its own words, one to choose.

The words come from the database (counsel keeps them up to date), never from the code; the one
chosen is recorded with the extension and goes into the written notice.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.deadlines import UNTIL_ACCESS_REGAINED, ExtensionReason, Law
from app.ui.a11y import data_label, fit_to_screen, readable

LIMITS = {Law.CPRA: "at most 14 more days (Gov. Code § 7922.535(b))",
          Law.FOIA: "at most 10 more working days (5 U.S.C. § 552(a)(6)(B)(i))"}


def reason_label(reason: ExtensionReason) -> str:
    text = f"{reason.citation}\n{reason.text}"
    if reason.limit == UNTIL_ACCESS_REGAINED:
        text += "\n(The extension ends on the day access is regained: record it then.)"
    if reason.wording == "unverified":
        text += "\n[Wording not yet checked against the enacted statute: ask counsel.]"
    return text


class ExtendDialog(QDialog):
    def __init__(self, number: str, law: Law, reasons: Sequence[ExtensionReason],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Extend {number}")
        self.setMinimumWidth(480)
        self._reasons = list(reasons)
        layout = QVBoxLayout(self)
        intro = QLabel(f"A written notice may extend the time by {LIMITS[law]}. Choose the "
                       "reason it gives; its words go into the notice.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        lead_in = self._reasons[0].lead_in if self._reasons else ""
        self.lead_in = readable(data_label("What the statute says first", lead_in))
        self.lead_in.setWordWrap(True)
        self.lead_in.setStyleSheet("font-style: italic")
        layout.addWidget(self.lead_in)
        self.list = QListWidget()
        self.list.setAccessibleName("Reason for the extension")
        self.list.setWordWrap(True)
        self.list.setSpacing(4)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for reason in self._reasons:
            item = QListWidgetItem(reason_label(reason))
            item.setData(Qt.ItemDataRole.UserRole, reason.code)
            item.setToolTip(reason.text)
            self.list.addItem(item)
        layout.addWidget(self.list, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Extend")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.list.currentRowChanged.connect(self._update)
        self.list.itemDoubleClicked.connect(lambda _: self.accept())
        self._update()
        fit_to_screen(self, QSize(580, 520))

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            self.list.currentRow() >= 0)

    @property
    def reasons(self) -> list[ExtensionReason]:
        return list(self._reasons)

    def choose(self, code: str) -> None:
        for row, reason in enumerate(self._reasons):
            if reason.code == code:
                self.list.setCurrentRow(row)
                return
        raise KeyError(code)

    def chosen(self) -> ExtensionReason | None:
        row = self.list.currentRow()
        return self._reasons[row] if row >= 0 else None
