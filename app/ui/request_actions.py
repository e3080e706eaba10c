"""The actions on one request: change status, extend, stop or resume the FOIA clock, close.

Only the actions the workflow allows from the current status are enabled; the service checks again
and its refusal (with the reason) is shown if the clerk gets there anyway.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QMenu,
    QMessageBox,
    QPushButton,
    QToolButton,
    QWidget,
)

from app.domain.deadlines import UNTIL_ACCESS_REGAINED, Law, TollKind
from app.domain.requests import CLOSING_REASONS, TRANSITIONS, Status
from app.services import reasons as reasons_service
from app.services import requests as svc
from app.services.requests import CLOSING_REASONS_BY_STATUS, RequestView
from app.ui.a11y import announce, data_label, readable
from app.ui.date_field import DateField
from app.ui.extend_dialog import ExtendDialog
from app.ui.tasks import TaskRunner

# Statuses that end the work on a request: choosing one asks first, and can be undone.
TERMINAL = (Status.DENIED, Status.NO_RECORDS, Status.WITHDRAWN)


class ClockDialog(QDialog):
    """Stop (kind and date) or resume (date) a FOIA clock."""

    def __init__(self, title: str, with_kind: bool, today: date, earliest: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout(self)
        self.kind = QComboBox()
        self.kind.setAccessibleName("Why the clock stops")
        self.kind.addItem("Request for information (once per request)", TollKind.INFORMATION.value)
        self.kind.addItem("Fee question", TollKind.FEE.value)
        if with_kind:
            form.addRow("&Reason:", self.kind)
        else:
            self.kind.hide()
        self.day = DateField()
        self.day.setAccessibleName("Date the clock stops" if with_kind
                                   else "Date the requester answered")
        self.day.setMaximumDate(QDate(today.year, today.month, today.day))
        self.day.setMinimumDate(QDate(earliest.year, earliest.month, earliest.day))
        self.day.setDate(QDate(today.year, today.month, today.day))
        form.addRow("&Date:" if with_kind else "Requester &answered on:", self.day)
        self.problem = data_label("Why the date is refused")
        self.problem.setWordWrap(True)
        readable(self.problem)
        self.problem.hide()
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.day.refused.connect(self._refuse)
        self.day.dateChanged.connect(lambda _: self.problem.hide())

    def _refuse(self, text: str) -> None:
        self.problem.setText(f"\u26a0 {text}")
        self.problem.show()

    def accept(self) -> None:
        """Only a date in range closes the dialog; otherwise the reason is shown and spoken."""
        if self.day.value() is None:
            self._refuse(self.day.problem())
            self.day.setFocus()
            self.day.selectAll()
            announce(self, self.day.problem(), assertive=True)
            return
        super().accept()


class RequestActions(QWidget):
    changed = Signal(str)  # number of the request that changed
    failed = Signal(object)
    status_message = Signal(str)
    undo_offered = Signal(str, object)  # what was done; the function that takes it back
    release_requested = Signal(str)  # number: open its letters and packet window
    review_requested = Signal(str)  # number of the request whose redactions to review

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._view: RequestView | None = None
        self.status_button = QToolButton()
        self.status_button.setText("Change s&tatus")
        self.status_button.setAccessibleName("Change status")
        self.status_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.status_menu = QMenu(self.status_button)
        self.status_button.setMenu(self.status_menu)
        self.extend_button = QPushButton("E&xtend\u2026")
        self.extend_button.setAccessibleName("Extend the deadline")
        self.stop_button = QPushButton("Sto&p clock\u2026")
        self.stop_button.setAccessibleName("Stop the FOIA clock")
        self.resume_button = QPushButton("&Resume clock\u2026")
        self.resume_button.setAccessibleName("Resume the FOIA clock")
        self.regained_button = QPushButton("Access re&gained\u2026")
        self.regained_button.setAccessibleName(
            "Record the day access to the systems was regained (ends a cyberattack extension)")
        self.close_button = QPushButton("Cl&ose\u2026")
        self.close_button.setAccessibleName("Close the request")
        self.review_button = QPushButton("Review re&dactions\u2026")
        self.review_button.setAccessibleName("Review redactions")
        self.review_button.setToolTip("Match, redact and review the responsive records")
        self.review_button.clicked.connect(
            lambda: self._view is not None and self.review_requested.emit(self._view.number))
        self.release_button = QPushButton("Letters and pac&ket\u2026")
        self.release_button.setAccessibleName("Letters, approval, packet and release")
        self.release_button.clicked.connect(
            lambda: self._view is not None and self.release_requested.emit(self._view.number))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.status_button, self.extend_button, self.regained_button,
                       self.stop_button, self.resume_button, self.close_button,
                       self.review_button, self.release_button):
            layout.addWidget(widget)
        self.hint = data_label("Why an action is unavailable")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint, 1)
        self.extend_button.clicked.connect(self.extend)
        self.regained_button.clicked.connect(self.access_regained)
        self.stop_button.clicked.connect(self.stop_clock)
        self.resume_button.clicked.connect(self.resume_clock)
        self.close_button.clicked.connect(self.close_request)
        self.set_view(None)

    def set_view(self, view: RequestView | None) -> None:
        self._view = view
        self.status_menu.clear()
        if view is None:
            for w in (self.status_button, self.extend_button, self.stop_button,
                      self.resume_button, self.close_button, self.review_button,
                      self.release_button):
                w.setEnabled(False)
            self.regained_button.setVisible(False)
            self.stop_button.hide()  # FOIA only
            self.resume_button.hide()
            self.hint.clear()
            return
        self.review_button.setEnabled(True)
        allowed = TRANSITIONS[view.status]
        for status in Status:
            # Extending and closing need a reason (their own buttons); releasing needs the
            # release gate, never a bare status change.
            if status in allowed and status not in (Status.EXTENDED, Status.CLOSED,
                                                    Status.RELEASED):
                action = QAction(status.label, self.status_menu)
                action.triggered.connect(lambda _=False, s=status: self.change_status(s))
                self.status_menu.addAction(action)
        self.status_button.setEnabled(not self.status_menu.isEmpty())
        due = view.deadline.due
        late = due is not None and self._runner.today() > due and bool(allowed - {Status.CLOSED})
        extendable = Status.EXTENDED in allowed and not view.row["extension_reason"] and not late
        self.extend_button.setEnabled(extendable)
        foia = view.law is Law.FOIA
        stopped = any(t["end"] is None for t in view.tolls)
        still_open = bool(allowed - {Status.CLOSED})
        self.stop_button.setVisible(foia)
        self.resume_button.setVisible(foia)
        self.stop_button.setEnabled(foia and not stopped and still_open)
        self.resume_button.setEnabled(foia and stopped)
        self.close_button.setEnabled(Status.CLOSED in allowed)
        self.release_button.setEnabled(True)
        reason = view.deadline.reason
        until_regained = reason is not None and reason.limit == UNTIL_ACCESS_REGAINED
        self.regained_button.setVisible(until_regained)
        self.regained_button.setEnabled(until_regained and still_open
                                        and not view.row["extension_ended"])
        if late and Status.EXTENDED in allowed and not view.row["extension_reason"]:
            self.hint.setText("Deadline passed: it can no longer be extended. Send the "
                              "determination now (late notice).")
        elif until_regained and not view.row["extension_ended"]:
            self.hint.setText(f"Extended ({reason.citation}) only until access to the systems "
                              "is regained: record that day.")
        elif reason is not None:
            self.hint.setText(f"Extended ({reason.citation}); one extension only.")
        elif view.law is Law.CPRA:
            self.hint.setText("CPRA: no tolling; the clock runs from receipt.")
        else:
            self.hint.clear()

    # -- the actions -----------------------------------------------------------------------------
    def _run(self, fn, done: str = "", after=None) -> None:
        number = self._view.number
        ctx = self._runner.context()

        def finished(view) -> None:
            self.changed.emit(number)
            if done:
                self.status_message.emit(done)
            if after is not None:
                after(view)

        self._runner.run(lambda db, job: fn(db, ctx), on_done=finished,
                         on_error=self.failed.emit, write=True, owner=self,
                         label="update request")

    def confirm_status(self, status: Status) -> bool:
        """Ask before a status that ends the work on the request."""
        view = self._view
        box = QMessageBox(QMessageBox.Icon.Question, f"Mark {view.number} as "
                          f"{status.label.lower()}?",
                          f"Mark {view.number} as {status.label.lower()}?", parent=self)
        box.setInformativeText(
            "It leaves the working queue and its deadline is no longer tracked; from there it "
            "can only be closed. You can undo this right afterwards (Ctrl+Z).")
        yes = box.addButton(f"&Mark as {status.label.lower()}",
                            QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(yes)
        box.exec()
        return box.clickedButton() is yes

    def change_status(self, status: Status) -> None:
        view = self._view
        number, before = view.number, view.status
        if status in TERMINAL and not self.confirm_status(status):
            return
        what = f"{number}: {before.label} \u2192 {status.label}."

        def offer_undo(changed: RequestView) -> None:
            seq = changed.events[-1]["seq"]
            self.undo_offered.emit(what, lambda: self._undo_status(number, seq, before))

        self._run(lambda db, ctx: svc.change_status(db, ctx, number, status), what, offer_undo)

    def _undo_status(self, number: str, seq: int, before: Status) -> None:
        ctx = self._runner.context()
        self._runner.run(
            lambda db, job: svc.undo_status_change(db, ctx, number, seq),
            on_done=lambda _view: (self.changed.emit(number), self.status_message.emit(
                f"Undone: {number} is {before.label.lower()} again.")),
            on_error=self.failed.emit, write=True, owner=self, label="undo status change")

    def extend(self) -> None:
        """Load the reasons in force today, then let the clerk choose one."""
        view = self._view
        today = self._runner.today()
        self._runner.run(lambda db, job: reasons_service.in_force(db, view.law, today),
                         on_done=lambda reasons: self._choose_reason(view, reasons),
                         on_error=self.failed.emit, owner=self, label="load extension reasons")

    def _choose_reason(self, view: RequestView, reasons) -> None:
        dialog = ExtendDialog(view.number, view.law, reasons, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.chosen() is not None:
            reason = dialog.chosen()
            self._run(lambda db, ctx: svc.extend(db, ctx, view.number, reason.code),
                      f"{view.number} extended ({reason.citation}).")

    def access_regained(self) -> None:
        view = self._view
        dialog = ClockDialog(f"Access regained: {view.number}", False, self._runner.today(),
                             date.fromisoformat(view.row["extended_on"]), self)
        dialog.setWindowTitle(f"{view.number}: access to the systems regained")
        label = dialog.layout().labelForField(dialog.day)
        if label is not None:
            label.setText("Access &regained on:")
        if dialog.exec() == QDialog.DialogCode.Accepted:
            day = dialog.day.value()
            self._run(lambda db, ctx: svc.record_access_regained(db, ctx, view.number, day),
                      f"{view.number}: access to the systems regained on {day}.")

    def stop_clock(self) -> None:
        view = self._view
        today = self._runner.today()
        dialog = ClockDialog(f"Stop the clock of {view.number}", True, today,
                             date.fromisoformat(view.row["received"]), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            kind = TollKind(dialog.kind.currentData())
            day = dialog.day.value()
            self._run(lambda db, ctx: svc.stop_clock(db, ctx, view.number, kind, day),
                      f"{view.number}: clock stopped on {day}.")

    def resume_clock(self) -> None:
        view = self._view
        start = max(date.fromisoformat(t["start"]) for t in view.tolls if t["end"] is None)
        dialog = ClockDialog(f"Resume the clock of {view.number}", False, self._runner.today(),
                             start, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            day = dialog.day.value()
            self._run(lambda db, ctx: svc.resume_clock(db, ctx, view.number, day),
                      f"{view.number}: clock resumed; the requester answered on {day}.")

    def close_request(self) -> None:
        view = self._view
        fitting = CLOSING_REASONS_BY_STATUS.get(view.status, set())
        reasons = [r for r in CLOSING_REASONS if r.code in fitting]
        label, ok = QInputDialog.getItem(self, f"Close {view.number}", "Closing reason:",
                                         [r.label for r in reasons], 0, False)
        if not ok:
            return
        reason = reasons[[r.label for r in reasons].index(label)]
        prompt = ("Exemption relied on (e.g. Gov. Code § 7923.600):" if reason.needs_citation
                  else "Note (optional):")
        note, ok = QInputDialog.getText(self, f"Close {view.number}", prompt)
        if ok:
            self._run(lambda db, ctx: svc.close(db, ctx, view.number, reason.code, note),
                      f"{view.number} closed: {reason.label.lower()}.")
