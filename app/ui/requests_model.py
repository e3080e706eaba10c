"""The clerk's queue as a table: deadlines marked by words and an icon as well as colour."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QPalette

from app.domain.deadlines import Urgency
from app.services.requests import QueueRow
from app.ui.a11y import muted_colour

COLUMNS = ("Number", "Law", "Requester", "Received", "Due", "Deadline", "Status", "Assignee")
NUMBER_ROLE = Qt.ItemDataRole.UserRole + 1

_BACKGROUND = {Urgency.OVERDUE: QColor("#f8d7da"), Urgency.DUE_SOON: QColor("#fff3cd")}
_FOREGROUND = {Urgency.OVERDUE: QColor("#58151c"), Urgency.DUE_SOON: QColor("#664d03")}
# A mark before the words, so urgency shows without colour too: a warning sign when overdue,
# a clock face when due soon. Screen readers get the words alone.
MARKS = {Urgency.OVERDUE: "\u26a0 ", Urgency.DUE_SOON: "\u25f7 "}


class RequestsModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[QueueRow] = []

    def set_rows(self, rows: Sequence[QueueRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_of(self, number: str) -> int:
        for i, row in enumerate(self._rows):
            if row.number == number:
                return i
        return -1

    def queue_row(self, row: int) -> QueueRow:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def _text(self, q: QueueRow, column: int) -> str:
        if column == 0:
            return q.number
        if column == 1:
            return q.law.label
        if column == 2:
            return q.requester
        if column == 3:
            return q.received.isoformat()
        if column == 4:
            return q.due.isoformat() if q.due else ("-" if q.is_open else "")
        if column == 5:
            return (MARKS.get(q.urgency, "") + q.urgency_text) if q.is_open else "Finished"
        if column == 6:
            return q.status.label
        return q.assignee

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        q = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(q, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._text(q, column).removeprefix(MARKS.get(q.urgency, ""))
        if role == Qt.ItemDataRole.ToolTipRole:
            if column in (4, 5) and q.is_open:
                return f"Determination due {q.due or '(clock stopped)'}: {q.urgency_text}"
            return self._text(q, column)
        if role == NUMBER_ROLE:
            return q.number
        if q.is_open and q.urgency in _BACKGROUND:
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(_BACKGROUND[q.urgency])
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(_FOREGROUND[q.urgency])
            if role == Qt.ItemDataRole.FontRole and column == 5:
                font = QFont()
                font.setBold(True)
                return font
        if not q.is_open and role == Qt.ItemDataRole.ForegroundRole:
            # Finished rows are quieter, yet readable (contrast at least 4.5:1) in the light
            # palette and a dark one alike: derived from the palette, never a fixed grey.
            palette = QGuiApplication.palette()
            return QBrush(muted_colour(palette.color(QPalette.ColorRole.Text),
                                       palette.color(QPalette.ColorRole.Base)))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(COLUMNS)):
            return COLUMNS[section]
        return None
