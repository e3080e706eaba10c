"""Logging and working requests in the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.ui.request_dialog import RequestDialog
from tests.conftest import TODAY

pytestmark = pytest.mark.gui


@pytest.fixture
def window(open_window):
    return open_window(demo=False, view="requests")


def open_dialog(window, qtbot) -> RequestDialog:
    dialog = window.new_request()
    qtbot.waitUntil(lambda: "Determination due" in dialog.ui.deadlineLabel.text(),
                    timeout=10_000)
    return dialog


def test_empty_form_explains_what_is_missing(window, qtbot):
    dialog = open_dialog(window, qtbot)
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).click()
    text = dialog.ui.problemsLabel.text()
    assert "Enter the requester's name" in text
    assert "Describe what the requester asked for" in text
    assert dialog.isVisible()
    assert dialog.ui.descriptionEdit.hasFocus() or dialog.focusWidget() is \
        dialog.ui.descriptionEdit
    # Messages follow the clerk's corrections.
    dialog.ui.nameEdit.setText("Rosa Delgado")
    assert "requester's name" not in dialog.ui.problemsLabel.text()
    dialog.ui.emailEdit.setText("rosa at ledger")
    assert "does not look like an e-mail" in dialog.ui.problemsLabel.text()
    dialog.reject()


def test_received_date_cannot_be_in_the_future(window, qtbot):
    dialog = open_dialog(window, qtbot)
    today = TODAY
    assert dialog.ui.receivedEdit.maximumDate() == QDate(today.year, today.month, today.day)
    dialog.ui.receivedEdit.setDate(QDate(today.year + 1, 1, 1))
    assert dialog.ui.receivedEdit.date().toPython() == today
    dialog.reject()


def test_deadline_preview_follows_law_and_date(window, qtbot):
    dialog = open_dialog(window, qtbot)
    dialog.ui.receivedEdit.setDate(QDate(2026, 11, 16))
    qtbot.waitUntil(lambda: "Mon 2026-11-30" in dialog.ui.deadlineLabel.text(), timeout=10_000)
    assert "Thanksgiving Day" in dialog.ui.deadlineLabel.text()
    dialog.ui.lawCombo.setCurrentIndex(dialog.ui.lawCombo.findData("foia"))
    qtbot.waitUntil(lambda: "Tue 2026-12-15" in dialog.ui.deadlineLabel.text(), timeout=10_000)
    dialog.reject()


def test_saving_a_request_puts_it_in_the_queue(window, qtbot):
    dialog = open_dialog(window, qtbot)
    ui = dialog.ui
    ui.receivedEdit.setDate(QDate(2026, 11, 16))
    ui.nameEdit.setText("Rosa Delgado")
    ui.orgEdit.setText("Ribera Ledger")
    ui.emailEdit.setText("rdelgado@ledger.example")
    ui.descriptionEdit.setPlainText("All Clearview search logs, Q4 2019")
    ui.datesCheck.setChecked(True)
    ui.fromEdit.setDate(QDate(2019, 10, 1))
    ui.toEdit.setDate(QDate(2019, 12, 31))
    ui.systemsEdit.setText("Clearview")
    ui.keywordsEdit.setText("robbery, homicide")
    panel = window.requests_panel
    with qtbot.waitSignal(panel.request_shown, timeout=10_000):
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).click()
    assert panel.model.rowCount() == 1
    number = panel.selected_number()
    assert number.startswith("CPRA-2026-")
    assert panel.model.index(0, 4).data() == "2026-11-30"
    assert "Ribera Ledger" in panel.model.index(0, 2).data()
    assert "Thanksgiving Day" in panel.detail.toPlainText()
    assert window.message.text() == f"{number} logged."


def _create(window, qtbot, received=QDate(2026, 11, 16), law="cpra"):
    dialog = open_dialog(window, qtbot)
    dialog.ui.lawCombo.setCurrentIndex(dialog.ui.lawCombo.findData(law))
    dialog.ui.receivedEdit.setDate(received)
    dialog.ui.nameEdit.setText("Daniel Kwan")
    dialog.ui.descriptionEdit.setPlainText("Search logs")
    with qtbot.waitSignal(window.requests_panel.request_shown, timeout=10_000):
        dialog.save()
    return window.requests_panel.selected_number()


def test_status_menu_offers_only_allowed_transitions(window, qtbot):
    number = _create(window, qtbot)
    actions = window.requests_panel.actions
    labels = [a.text() for a in actions.status_menu.actions()]
    assert "Acknowledged" in labels
    assert "Released" not in labels and "Closed" not in labels
    assert not actions.close_button.isEnabled()
    acknowledge = next(a for a in actions.status_menu.actions() if a.text() == "Acknowledged")
    with qtbot.waitSignal(window.requests_panel.request_shown, timeout=10_000):
        acknowledge.trigger()
    panel = window.requests_panel
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1
                    and panel.model.index(0, 6).data() == "Acknowledged", timeout=10_000)
    assert "New \u2192 Acknowledged" in panel.detail.toPlainText()
    assert panel.selected_number() == number


def test_extend_from_the_window(window, qtbot):
    _create(window, qtbot)
    actions = window.requests_panel.actions
    assert actions.extend_button.isEnabled()
    assert not actions.stop_button.isVisible()  # CPRA: no tolling
    seen = {}

    def choose_by_keyboard():
        dialog = QApplication.activeModalWidget()
        seen["items"] = [dialog.list.item(i).text() for i in range(dialog.list.count())]
        seen["width"] = dialog.width()
        seen["focus"] = QApplication.focusWidget()
        qtbot.keyClick(dialog.list, Qt.Key.Key_Down)  # the second reason
        qtbot.keyClick(dialog.list, Qt.Key.Key_Return)

    QTimer.singleShot(0, choose_by_keyboard)
    with qtbot.waitSignal(window.requests_panel.request_shown, timeout=10_000):
        qtbot.keyClick(actions.extend_button, Qt.Key.Key_Space)
    assert len(seen["items"]) == 5 and "7922.535(c)(2)" in seen["items"][1]
    # The long statutory texts wrap: the dialog is not as wide as the longest one (1737 px).
    assert seen["width"] <= 640
    panel = window.requests_panel
    qtbot.waitUntil(lambda: panel.model.index(0, 4).data() == "2026-12-10", timeout=10_000)
    assert not actions.extend_button.isEnabled()
    assert "one extension only" in actions.hint.text()
    assert "extended (Gov. Code § 7922.535(c)(2))" in window.message.text()


def test_refused_action_is_explained(window, qtbot, monkeypatch):
    """A stale window (another clerk acted meanwhile) gets the service's reason, not a crash."""
    from app.domain.requests import Status
    from app.services import requests as svc
    from app.services.context import Context
    from app.services.database import open_database

    number = _create(window, qtbot)
    with open_database(window.paths.database) as db:
        svc.change_status(db, Context(), number, Status.WITHDRAWN)
    shown = {}
    monkeypatch.setattr("app.ui.main_window.explain",
                        lambda parent, exc, log_dir, what: shown.update(exc=exc))
    window.requests_panel.actions.change_status(Status.ACKNOWLEDGED)
    qtbot.waitUntil(lambda: "exc" in shown, timeout=10_000)
    assert "withdrawn" in str(shown["exc"])


def test_an_overdue_request_cannot_be_extended(window, qtbot):
    _create(window, qtbot, received=QDate(2026, 10, 1))  # due in October: long past
    actions = window.requests_panel.actions
    assert not actions.extend_button.isEnabled()
    assert "can no longer be extended" in actions.hint.text()
    assert window.requests_panel.model.index(0, 5).data().startswith("\u26a0 OVERDUE by")
