"""The intake form: a new request with live validation and a preview of its deadline."""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from app.domain.deadlines import Law
from app.domain.errors import DeskError
from app.domain.requests import Channel, Criteria, Intake
from app.services import requests as requests_service
from app.services.clocks import preview_deadline
from app.ui.errors import explain
from app.ui.forms.ui_request_dialog import Ui_RequestDialog
from app.ui.tasks import TaskRunner

CHANNEL_LABELS = {Channel.EMAIL: "E-mail", Channel.PORTAL: "Online portal",
                  Channel.MAIL: "Mail", Channel.WALK_IN: "Walk-in", Channel.PHONE: "Phone"}


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


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
        ui.datesCheck.toggled.connect(ui.fromEdit.setEnabled)
        ui.datesCheck.toggled.connect(ui.toEdit.setEnabled)
        ui.problemsLabel.setStyleSheet("color: #842029;")
        self.save_button = ui.buttonBox.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("&Save request")
        ui.buttonBox.accepted.connect(self.save)
        ui.buttonBox.rejected.connect(self.reject)

        for signal in (ui.nameEdit.textChanged, ui.emailEdit.textChanged,
                       ui.descriptionEdit.textChanged, ui.datesCheck.toggled,
                       ui.fromEdit.dateChanged, ui.toEdit.dateChanged):
            signal.connect(self._revalidate)
        ui.lawCombo.currentIndexChanged.connect(self._preview_deadline)
        ui.receivedEdit.dateChanged.connect(self._preview_deadline)
        self._preview_deadline()

    # -- the form's content ----------------------------------------------------------------------
    def intake(self) -> Intake:
        ui = self.ui
        criteria = Criteria(
            date_from=ui.fromEdit.date().toPython() if ui.datesCheck.isChecked() else None,
            date_to=ui.toEdit.date().toPython() if ui.datesCheck.isChecked() else None,
            systems=tuple(s.lower() for s in _split(ui.systemsEdit.text())),
            keywords=_split(ui.keywordsEdit.text()),
        )
        return Intake(
            law=Law(ui.lawCombo.currentData()), received=ui.receivedEdit.date().toPython(),
            requester_name=ui.nameEdit.text(), requester_org=ui.orgEdit.text(),
            requester_email=ui.emailEdit.text().strip(),
            requester_address=ui.addressEdit.toPlainText(),
            description=ui.descriptionEdit.toPlainText(),
            channel=Channel(ui.channelCombo.currentData()),
            assignee=ui.assigneeCombo.currentText(), criteria=criteria)

    def problems(self) -> list[str]:
        return self.intake().validate(self._today)

    def _revalidate(self) -> None:
        if self._attempted:
            self._show_problems(self.problems())

    def _show_problems(self, problems: list[str]) -> None:
        self.ui.problemsLabel.setText(
            "\n".join(f"\u26a0 {p}" for p in problems))
        self.ui.problemsLabel.setVisible(bool(problems))

    def _preview_deadline(self) -> None:
        law = Law(self.ui.lawCombo.currentData())
        received = self.ui.receivedEdit.date().toPython()

        def compute(db, job):
            return preview_deadline(db, law, received)

        def show(deadline) -> None:
            if (law.value, received) != (self.ui.lawCombo.currentData(),
                                         self.ui.receivedEdit.date().toPython()):
                return  # the clerk changed the form meanwhile
            steps = "".join(f"<li>{html.escape(s)}</li>" for s in deadline.steps[:-1])
            self.ui.deadlineLabel.setText(
                f"<b>Determination due {deadline.due:%a %Y-%m-%d}</b><ol>{steps}</ol>")

        self._runner.run(compute, on_done=show, owner=self, label="preview deadline",
                         latest=(self, "preview"))

    # -- saving ----------------------------------------------------------------------------------
    def save(self) -> None:
        self._attempted = True
        problems = self.problems()
        self._show_problems(problems)
        if problems:
            self._focus_first_problem()
            return
        intake = self.intake()
        ctx = self._runner.context()
        self.save_button.setEnabled(False)
        self._runner.run(
            lambda db, job: requests_service.create_request(db, ctx, intake),
            on_done=self._saved, on_error=self._failed, write=True, owner=self,
            label="save request")

    def _focus_first_problem(self) -> None:
        ui = self.ui
        if not ui.descriptionEdit.toPlainText().strip():
            ui.descriptionEdit.setFocus()
        elif not ui.nameEdit.text().strip():
            ui.nameEdit.setFocus()
        else:
            ui.emailEdit.setFocus()

    def _saved(self, view) -> None:
        self.created.emit(view.number)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, DeskError):
            self._show_problems([str(exc)])
        else:
            explain(self, exc, self._log_dir, "Saving the request")
