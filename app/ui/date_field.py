"""The one date field of the window: the whole text is read as the date typed, or refused.

Qt's QDateEdit edits a date section by section: after tabbing in, typing "2026-11-16" changed
only the section under the cursor and stored 2026-11-11; a later year was dropped; 11/16/2026
was ignored; Alt+Down took a year off. This field is a line edit instead. Every edit is read
whole by :func:`app.domain.dates.parse_typed_date` (ISO, US month-first, eight digits); a text
that is not a date (or is outside the field's range) gives no date and a visible refusal: a
warning icon in the field, the reason as its tooltip and accessible description, and the
``refused`` signal for the form to show the reason in words.

Keys: Alt+Down or F4 opens the calendar (as a Windows date picker does) and never changes the
date; in the calendar the arrows move, Return picks, Escape closes. Up and Down move the date a
day. Leaving the field writes the date it understood back in ISO form, so the clerk sees it.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QEvent, QObject, QPoint, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QFocusEvent,
    QIcon,
    QKeyEvent,
    QPainter,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QLineEdit,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app.domain.dates import EARLIEST, EXAMPLES, LATEST, parse_typed_date
from app.domain.errors import InputError

FORMAT_HINT = f"Type a date as {EXAMPLES}; Alt+Down opens a calendar."


def _to_date(value: QDate | date) -> date:
    return value.toPython() if isinstance(value, QDate) else value


def _qdate(value: date | None) -> QDate:
    return QDate(value.year, value.month, value.day) if value else QDate()


def _calendar_icon(colour: QColor) -> QIcon:
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(colour, 2.5))
    painter.drawRoundedRect(QRectF(4, 6, 24, 22), 3, 3)
    painter.fillRect(QRectF(4, 6, 24, 6), colour)
    painter.drawLine(10, 2, 10, 8)
    painter.drawLine(22, 2, 22, 8)
    for row in range(2):
        for col in range(3):
            painter.fillRect(QRectF(8 + col * 6.5, 15 + row * 6, 3.5, 3.5), colour)
    painter.end()
    return QIcon(pixmap)


class _CalendarPopup(QFrame):
    """The calendar the field opens; a pick or Escape closes it and focus returns to the
    field."""

    picked = Signal(QDate)

    def __init__(self, field: DateField) -> None:
        super().__init__(field, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.Box)
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(True)
        self.calendar.setAccessibleName(f"Calendar for {field.accessibleName() or 'the date'}")
        self.calendar.setAccessibleDescription("Arrow keys move by a day or a week, Page Up and "
                                               "Page Down by a month; Return picks; Escape "
                                               "closes without a change.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.addWidget(self.calendar)
        self.calendar.activated.connect(self._pick)
        self.calendar.clicked.connect(self._pick)
        # The calendar's own grid swallows some keys before they reach the frame.
        for child in self.calendar.findChildren(QWidget):
            child.installEventFilter(self)

    def _pick(self, day: QDate) -> None:
        self.picked.emit(day)
        self.close()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and self._closing_key(event):
            self.close()
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._closing_key(event):
            self.close()
            return
        super().keyPressEvent(event)

    @staticmethod
    def _closing_key(event: QKeyEvent) -> bool:
        alt = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        return (event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_F4)
                or (alt and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)))


class DateField(QLineEdit):
    """A date typed whole, or picked from a calendar. ``date()`` is an invalid QDate while the
    text is not a date in range; ``value()`` is then None and ``problem()`` says why."""

    dateChanged = Signal(QDate)
    refused = Signal(str)  # the reason, when editing ends on a text that is not a date

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value: date | None = None
        self._problem = "No date was typed."
        self._minimum, self._maximum = EARLIEST, LATEST
        self._reference: date | None = None
        self.popup: _CalendarPopup | None = None
        self.setPlaceholderText("YYYY-MM-DD")
        self.setMaxLength(20)
        self.setAccessibleDescription(FORMAT_HINT)
        self.setToolTip(FORMAT_HINT)
        self.picker_action = QAction(_calendar_icon(self.palette().text().color()),
                                     "Choose from a calendar (Alt+Down)", self)
        self.picker_action.triggered.connect(self.show_calendar)
        self.addAction(self.picker_action, QLineEdit.ActionPosition.TrailingPosition)
        self.warning_action = QAction(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning), "", self)
        self.warning_action.setVisible(False)
        self.addAction(self.warning_action, QLineEdit.ActionPosition.LeadingPosition)
        self.textEdited.connect(self._typed)
        self.editingFinished.connect(self._finished)
        fm = self.fontMetrics()
        self.setMinimumWidth(fm.horizontalAdvance("0000-00-00") + 2 * fm.height() + 24)

    # -- QDateEdit's interface, as the forms use it -----------------------------------------------
    def date(self) -> QDate:
        return _qdate(self._value)

    def setDate(self, value: QDate | date) -> None:
        """Set the date from code; like QDateEdit, a date outside the range is brought into
        it."""
        chosen = min(max(_to_date(value), self._minimum), self._maximum)
        self._reference = chosen
        self.setText(chosen.isoformat())
        self._typed(self.text())
        self._show_problem(False)

    def minimumDate(self) -> QDate:
        return _qdate(self._minimum)

    def maximumDate(self) -> QDate:
        return _qdate(self._maximum)

    def setMinimumDate(self, value: QDate | date) -> None:
        self._minimum = _to_date(value)
        self._typed(self.text())

    def setMaximumDate(self, value: QDate | date) -> None:
        self._maximum = _to_date(value)
        self._typed(self.text())

    # -- what was typed ----------------------------------------------------------------------------
    def value(self) -> date | None:
        return self._value

    def problem(self) -> str:
        """Why the text is not a date the field takes; empty when it is one."""
        return "" if self._value is not None else self._problem

    def refusing(self) -> bool:
        """Whether the field shows a refusal (editing ended on a text that is not a date)."""
        return self.warning_action.isVisible()

    def _read(self, text: str) -> date:
        day = parse_typed_date(text)
        if day < self._minimum:
            raise InputError(f"{day.isoformat()} is before {self._minimum.isoformat()}, the "
                             "earliest date this field takes.")
        if day > self._maximum:
            raise InputError(f"{day.isoformat()} is after {self._maximum.isoformat()}, the "
                             "latest date this field takes.")
        return day

    def _typed(self, text: str) -> None:
        try:
            day = self._read(text)
        except InputError as exc:
            day, self._problem = None, str(exc)
        changed = day != self._value
        self._value = day
        if day is not None:
            self._reference = day
            self._show_problem(False)
        elif self.warning_action.isVisible():
            self._show_problem(True)  # already refused once: keep the reason current
        if changed and day is not None:
            self.dateChanged.emit(_qdate(day))

    def _finished(self) -> None:
        if self._value is not None:
            iso = self._value.isoformat()
            if self.text() != iso:
                self.setText(iso)  # show the date as understood
        else:
            self._show_problem(True)
            self.refused.emit(self._problem)

    def _show_problem(self, shown: bool) -> None:
        self.warning_action.setVisible(shown)
        text = self._problem if shown else FORMAT_HINT
        self.warning_action.setText(text)
        self.setToolTip(text)
        self.setAccessibleDescription(text)

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Typing after the focus arrives replaces the date, however it arrived (a dialog
        opening on this field, too); a mouse click places the cursor instead."""
        super().focusInEvent(event)
        if event.reason() != Qt.FocusReason.MouseFocusReason:
            self.selectAll()

    # -- keys and the calendar -------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        alt = bool(mods & Qt.KeyboardModifier.AltModifier)
        if key == Qt.Key.Key_F4 or (alt and key == Qt.Key.Key_Down):
            self.show_calendar()
            return
        if not alt and not (mods & Qt.KeyboardModifier.ControlModifier) and key in (
                Qt.Key.Key_Up, Qt.Key.Key_Down):
            start = self._value or self._reference or self._maximum
            step = timedelta(days=1 if key == Qt.Key.Key_Up else -1)
            if self._minimum <= start + step <= self._maximum:
                self.setDate(start + step)
                self.selectAll()
            return
        super().keyPressEvent(event)

    def show_calendar(self) -> None:
        """Open the calendar on the date shown (or the last date the field held)."""
        if self.popup is None:
            self.popup = _CalendarPopup(self)
            self.popup.picked.connect(self._picked)
        calendar = self.popup.calendar
        calendar.setDateRange(_qdate(self._minimum), _qdate(self._maximum))
        start = self._value or self._reference or min(self._maximum, LATEST)
        calendar.setSelectedDate(_qdate(start))
        self.popup.adjustSize()
        below = self.mapToGlobal(QPoint(0, self.height()))
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None and below.y() + self.popup.height() > screen.bottom():
            below = self.mapToGlobal(QPoint(0, -self.popup.height()))
        self.popup.move(below)
        self.popup.show()
        calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def _picked(self, day: QDate) -> None:
        self.setDate(day)
        self.setFocus(Qt.FocusReason.PopupFocusReason)
        self.selectAll()

