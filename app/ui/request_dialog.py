"""The intake form: a new request with live validation and a preview of its deadline.

The form scrolls inside the dialog, so it fits a 1280x720 screen at 150 % (about 853x440
logical pixels for the window); the problems and the buttons stay in view below it.
"""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import QDate, QSize, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from app.domain.deadlines import Law
from app.domain.errors import DeskError
from app.domain.requests import Channel, Criteria, Intake
from app.services import requests as requests_service
from app.services.clocks import preview_deadline
from app.ui.a11y import announce, describe_data, fit_to_screen, readable
from app.ui.date_field import DateField
from app.ui.errors import explain
from app.ui.forms.ui_request_dialog import Ui_RequestDialog
from app.ui.tasks import TaskRunner

CHANNEL_LABELS = {Channel.EMAIL: "E-mail", Channel.PORTAL: "Online portal",
                  Channel.MAIL: "Mail", Channel.WALK_IN: "Walk-in", Channel.PHONE: "Phone"}


def _split(text: str) -> tuple[str, ...]:
    """The entries of a list typed in one field: separated by commas, semicolons or lines."""
    parts = text.replace(";", ",").replace("\n", ",").split(",")
    return tuple(dict.fromkeys(part.strip() for part in parts if part.strip()))


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


class RequestDialog(QDialog):
    created = Signal(str)  # the new request's number

    def __init__(self, runner: TaskRunner, log_dir, assignees: list[str] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_RequestDialog()
        self.ui.setupUi(self)
        self._runner = runner
        self._log_dir = log_dir
        self._today = runner.today()
        self._attempted = False
        self._fitted = False
        ui = self.ui
        for law in Law:
            ui.lawCombo.addItem(f"{law.label} \u2014 {law.title}", law.value)
        for channel in Channel:
            ui.channelCombo.addItem(CHANNEL_LABELS[channel], channel.value)
        ui.assigneeCombo.addItem("")
        ui.assigneeCombo.addItems(list(assignees))
        ui.receivedEdit.setMaximumDate(_qdate(self._today))
        ui.receivedEdit.setDate(_qdate(self._today))
        ui.fromEdit.setDate(_qdate(self._today.replace(month=1, day=1)))
        ui.toEdit.setDate(_qdate(self._today))
        ui.fromEdit.setAccessibleName("Records from")
        ui.toEdit.setAccessibleName("Records to")
        ui.datesCheck.toggled.connect(ui.fromEdit.setEnabled)
        ui.datesCheck.toggled.connect(ui.toEdit.setEnabled)
        # The preview and the problems are read by their text; Tab reaches both.
        describe_data(ui.deadlineLabel, "Determination deadline this request would have")
        describe_data(ui.problemsLabel, "Problems to correct before the request can be saved")
        readable(ui.deadlineLabel)
        readable(ui.problemsLabel)
        ui.problemsLabel.setStyleSheet("color: #b00020;" if self.palette().base().color()
                                       .lightness() > 128 else "color: #ff8a80;")
        ui.problemsLabel.hide()
        self.save_button = ui.buttonBox.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("&Save request")
        ui.buttonBox.accepted.connect(self.save)
        ui.buttonBox.rejected.connect(self.reject)
        # Where the focus goes for each problem the intake can have.
        self._fields: dict[str, QWidget] = {
            "received": ui.receivedEdit, "description": ui.descriptionEdit,
            "requester_name": ui.nameEdit, "requester_org": ui.orgEdit,
            "requester_email": ui.emailEdit, "requester_address": ui.addressEdit,
            "assignee": ui.assigneeCombo, "date_from": ui.fromEdit, "date_to": ui.toEdit}
        self._descriptions = {w: w.accessibleDescription() for w in self._fields.values()}

        for signal in (ui.nameEdit.textChanged, ui.emailEdit.textChanged,
                       ui.descriptionEdit.textChanged, ui.datesCheck.toggled,
                       ui.fromEdit.textChanged, ui.toEdit.textChanged,
                       ui.receivedEdit.textChanged):
            signal.connect(self._revalidate)
        for edit in (ui.receivedEdit, ui.fromEdit, ui.toEdit):
            edit.refused.connect(lambda _text: self._revalidate())
        ui.lawCombo.currentIndexChanged.connect(self._preview_deadline)
        ui.receivedEdit.dateChanged.connect(self._preview_deadline)
        ui.receivedEdit.textChanged.connect(self._preview_if_not_a_date)
        self._preview_deadline()

    def showEvent(self, event: QShowEvent) -> None:
        if not self._fitted:
            self._fitted = True
            self._grow_to_fit()
        super().showEvent(event)

    def _grow_to_fit(self) -> None:
        """As big as the form needs (the deadline preview included once it has come), never
        bigger than the screen; the form scrolls in what is left. Only grows, so the dialog
        does not jump about while the clerk types."""
        ui = self.ui
        chrome = self.sizeHint() - ui.scrollArea.sizeHint()
        page = ui.formPage.sizeHint()
        width = max(page.width(), ui.scrollArea.viewport().width())
        height = ui.formPage.layout().totalHeightForWidth(width) \
            if ui.formPage.layout().hasHeightForWidth() else page.height()
        wanted = QSize(page.width() + chrome.width() + 24, height + chrome.height() + 8)
        if wanted.width() > self.width() or wanted.height() > self.height():
            fit_to_screen(self, wanted.expandedTo(self.size()))

    # -- the form's content ----------------------------------------------------------------------
    def _date_fields(self) -> list[tuple[str, DateField]]:
        ui = self.ui
        fields = [("received", ui.receivedEdit)]
        if ui.datesCheck.isChecked():
            fields += [("date_from", ui.fromEdit), ("date_to", ui.toEdit)]
        return fields

    def intake(self) -> Intake:
        """The request as typed; call only when every date field holds a date."""
        ui = self.ui
        dated = ui.datesCheck.isChecked()
        criteria = Criteria(
            date_from=ui.fromEdit.value() if dated else None,
            date_to=ui.toEdit.value() if dated else None,
            systems=tuple(s.lower() for s in _split(ui.systemsEdit.text())),
            users=_split(ui.usersEdit.text()),
            units=_split(ui.unitsEdit.text()),
            case_numbers=_split(ui.caseNumbersEdit.text()),
            keywords=_split(ui.keywordsEdit.text()),
        )
        return Intake(
            law=Law(ui.lawCombo.currentData()), received=ui.receivedEdit.value(),
            requester_name=ui.nameEdit.text(), requester_org=ui.orgEdit.text(),
            requester_email=ui.emailEdit.text().strip(),
            requester_address=ui.addressEdit.toPlainText(),
            description=ui.descriptionEdit.toPlainText(),
            channel=Channel(ui.channelCombo.currentData()),
            assignee=ui.assigneeCombo.currentText(), criteria=criteria)

    def problem_fields(self) -> list[tuple[QWidget, str]]:
        """Every problem, with the field it belongs to, in the form's order."""
        words = {"received": "Received on", "date_from": "Records from",
                 "date_to": "Records to"}
        dates = [(self._fields[key], f"{words[key]}: {field.problem()}")
                 for key, field in self._date_fields() if field.value() is None]
        if dates:
            others = []
            if not self.ui.descriptionEdit.toPlainText().strip():
                others.append(("description", "Describe what the requester asked for, in "
                                              "their words."))
            if not self.ui.nameEdit.text().strip():
                others.append(("requester_name",
                               "Enter the requester's name (or 'Anonymous')."))
            return dates + [(self._fields[k], t) for k, t in others]
        return [(self._fields[key], text) for key, text in self.intake().problems(self._today)]

    def problems(self) -> list[str]:
        return [text for _, text in self.problem_fields()]

    def _revalidate(self) -> None:
        refused = [(f, f.problem()) for _, f in self._date_fields() if f.refusing()]
        if self._attempted:
            self._show_problems(self.problem_fields())
        else:
            self._show_problems([(f, text) for f, text in refused])

    def _show_problems(self, problems: list[tuple[QWidget, str]]) -> None:
        label = self.ui.problemsLabel
        label.setText("\n".join(f"\u26a0 {text}" for _, text in problems))
        label.setVisible(bool(problems))
        # Each field at fault is described by its problem, which a screen reader speaks when
        # the focus reaches it; the others get their usual description back.
        at_fault: dict[QWidget, str] = {}
        for widget, text in problems:
            at_fault.setdefault(widget, text)
        for widget, usual in self._descriptions.items():
            if isinstance(widget, DateField):
                continue  # a date field describes its own refusal
            widget.setAccessibleDescription(at_fault.get(widget, usual))

    def _preview_if_not_a_date(self) -> None:
        if self.ui.receivedEdit.value() is None:
            self.ui.deadlineLabel.setText(
                "The deadline appears here once the received date is a date.")

    def _preview_deadline(self) -> None:
        law = Law(self.ui.lawCombo.currentData())
        received = self.ui.receivedEdit.value()
        if received is None:
            self._preview_if_not_a_date()
            return

        def compute(db, job):
            return preview_deadline(db, law, received)

        def show(deadline) -> None:
            if (law.value, received) != (self.ui.lawCombo.currentData(),
                                         self.ui.receivedEdit.value()):
                return  # the clerk changed the form meanwhile
            steps = "".join(f"<li>{html.escape(s)}</li>" for s in deadline.steps[:-1])
            self.ui.deadlineLabel.setText(
                f"<b>Determination due {deadline.due:%a %Y-%m-%d}</b><ol>{steps}</ol>")
            if self._fitted:
                self._grow_to_fit()

        self._runner.run(compute, on_done=show, owner=self, label="preview deadline",
                         latest=(self, "preview"))

    # -- saving ----------------------------------------------------------------------------------
    def save(self) -> None:
        self._attempted = True
        problems = self.problem_fields()
        self._show_problems(problems)
        if problems:
            widget, text = problems[0]
            widget.setFocus()
            if isinstance(widget, DateField):
                widget.selectAll()
            others = len(problems) - 1
            announce(self, f"Not saved. {text}"
                           + (f" {others} more problem{'s' if others > 1 else ''} listed below "
                              "the form." if others else ""), assertive=True)
            return
        intake = self.intake()
        ctx = self._runner.context()
        self.save_button.setEnabled(False)
        self._runner.run(
            lambda db, job: requests_service.create_request(db, ctx, intake),
            on_done=self._saved, on_error=self._failed, write=True, owner=self,
            label="save request")

    def _saved(self, view) -> None:
        self.created.emit(view.number)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, DeskError):
            self._show_problems([(self.ui.problemsLabel, str(exc))])
            self.ui.problemsLabel.setFocus()
            announce(self, f"Not saved. {exc}", assertive=True)
        else:
            explain(self, exc, self._log_dir, "Saving the request")
