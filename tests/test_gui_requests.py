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


def run_extend_dialog(monkeypatch, code: str | None, seen: dict) -> None:
    """Answer the Extend dialog as a clerk would: read it, choose ``code`` (None: cancel)."""
    from PySide6.QtWidgets import QDialog

    from app.ui.extend_dialog import ExtendDialog

    def exec_(dialog):
        seen["dialog"] = dialog
        seen["items"] = [dialog.list.item(i).text() for i in range(dialog.list.count())]
        seen["lead_in"] = dialog.lead_in.text()
        if code is None:
            return QDialog.DialogCode.Rejected
        dialog.choose(code)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ExtendDialog, "exec", exec_)


def test_extend_from_the_window(window, qtbot, monkeypatch):
    """Gov. Code § 7922.535(c): the dialog offers the reasons in force today, in the statute's
    words from the database, under the lead-in; the one chosen is recorded and named."""
    _create(window, qtbot)
    actions = window.requests_panel.actions
    assert actions.extend_button.isEnabled()
    assert not actions.stop_button.isVisible()  # CPRA: no tolling
    seen = {}
    run_extend_dialog(monkeypatch, "c2", seen)
    with qtbot.waitSignal(window.requests_panel.request_shown, timeout=10_000):
        actions.extend_button.click()
    assert len(seen["items"]) == 6  # (c)(1)-(6) on 2026-11-26
    assert seen["items"][1].startswith("Gov. Code § 7922.535(c)(2)\nThe need to search for, "
                                       "collect, and appropriately examine a voluminous amount")
    assert "cyberattack" in seen["items"][5] and "access is regained" in seen["items"][5]
    assert "only to the extent reasonably necessary to the proper processing of the " \
           "particular request" in seen["lead_in"]
    panel = window.requests_panel
    qtbot.waitUntil(lambda: panel.model.index(0, 4).data() == "2026-12-10", timeout=10_000)
    assert not actions.extend_button.isEnabled()
    assert "one extension only" in actions.hint.text()
    text = panel.detail.toPlainText()
    assert "extended: Gov. Code § 7922.535(c)(2)" in text
    assert "separate and distinct records that are demanded in a single request" in text


def test_cancelling_the_extend_dialog_changes_nothing(window, qtbot, monkeypatch):
    _create(window, qtbot)
    seen = {}
    run_extend_dialog(monkeypatch, None, seen)
    window.requests_panel.actions.extend_button.click()
    qtbot.waitUntil(lambda: "dialog" in seen, timeout=10_000)
    assert window.requests_panel.model.index(0, 4).data() == "2026-11-30"
    assert window.requests_panel.actions.extend_button.isEnabled()


def test_foia_extend_dialog_names_the_three_unusual_circumstances(window, qtbot, monkeypatch):
    """5 U.S.C. § 552(a)(6)(B)(iii): field facilities, voluminous records, consultation - one is
    chosen and the timeline names it."""
    _create(window, qtbot, law="foia")
    seen = {}
    run_extend_dialog(monkeypatch, "consultation", seen)
    with qtbot.waitSignal(window.requests_panel.request_shown, timeout=10_000):
        window.requests_panel.actions.extend_button.click()
    assert [i.split("\n")[0] for i in seen["items"]] == [
        "5 U.S.C. § 552(a)(6)(B)(iii)(I)", "5 U.S.C. § 552(a)(6)(B)(iii)(II)",
        "5 U.S.C. § 552(a)(6)(B)(iii)(III)"]
    panel = window.requests_panel
    qtbot.waitUntil(lambda: panel.model.index(0, 4).data() == "2026-12-30", timeout=10_000)
    assert "Extended (5 U.S.C. § 552(a)(6)(B)(iii)(III) \u2014 the need for consultation" \
        in panel.detail.toPlainText()


def test_cyberattack_extension_ends_with_access_regained(open_window, qtbot, monkeypatch):
    """Gov. Code § 7922.535(c)(6): after a cyberattack extension the window offers to record
    the day access was regained, and the deadline becomes that day."""
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QDialog

    from app.ui.request_actions import ClockDialog

    window = open_window(demo=False, view="requests", today=TODAY.replace(day=20))
    _create(window, qtbot, received=QDate(2026, 11, 16))
    actions = window.requests_panel.actions
    assert not actions.regained_button.isVisible()
    run_extend_dialog(monkeypatch, "c6", {})
    with qtbot.waitSignal(window.requests_panel.request_shown, timeout=10_000):
        actions.extend_button.click()
    panel = window.requests_panel
    qtbot.waitUntil(lambda: panel.model.index(0, 4).data() == "2026-12-10", timeout=10_000)
    assert actions.regained_button.isVisible() and actions.regained_button.isEnabled()
    assert "only until access to the systems is regained" in actions.hint.text()
    seen = {}

    def answer(dialog):
        seen["label"] = dialog.layout().labelForField(dialog.day).text()
        dialog.day.setDate(QDate(2026, 11, 20))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ClockDialog, "exec", answer)
    with qtbot.waitSignal(window.requests_panel.request_shown, timeout=10_000):
        actions.regained_button.click()
    assert seen["label"] == "Access &regained on:"
    # Regained on day 4: the determination is still due on the unextended date.
    # What the clerk sees once both reloads (the queue, the request's actions) have landed.
    qtbot.waitUntil(lambda: panel.model.index(0, 4).data() == "2026-11-30"
                    and not actions.regained_button.isEnabled(), timeout=10_000)
    assert "Access to the systems regained 2026-11-20" in panel.detail.toPlainText()


def test_extend_by_keyboard_in_a_readable_dialog(window, qtbot):
    """The Extend dialog is driven by keys alone; its long statutory texts wrap (a plain list
    dialog was 1737 px wide); the outcome is announced in the status bar."""
    _create(window, qtbot)
    actions = window.requests_panel.actions
    seen = {}

    def choose_by_keyboard():
        dialog = QApplication.activeModalWidget()
        seen["items"] = [dialog.list.item(i).text() for i in range(dialog.list.count())]
        seen["width"] = dialog.width()
        # Nothing is chosen for the clerk: the first Down reaches (c)(1), the second (c)(2).
        seen["enabled"] = dialog.buttons.buttons()[0].isEnabled()
        qtbot.keyClick(dialog.list, Qt.Key.Key_Down)
        qtbot.keyClick(dialog.list, Qt.Key.Key_Down)
        qtbot.keyClick(dialog.list, Qt.Key.Key_Return)

    QTimer.singleShot(200, choose_by_keyboard)
    with qtbot.waitSignal(window.requests_panel.request_shown, timeout=10_000):
        qtbot.keyClick(actions.extend_button, Qt.Key.Key_Space)
    assert "7922.535(c)(2)" in seen["items"][1] and not seen["enabled"]
    assert seen["width"] <= 640
    panel = window.requests_panel
    qtbot.waitUntil(lambda: panel.model.index(0, 4).data() == "2026-12-10", timeout=10_000)
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


def test_the_intake_form_takes_users_units_and_case_numbers(window, qtbot, tmp_path):
    """What the clerk types in Users, Units and Case numbers is stored as the request's
    criteria, and matching uses it."""
    from app.services import imports, matching
    from app.services import requests as requests_service
    from app.services.database import open_database
    from tests.test_matching import LOG, ROSTER

    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    (tmp_path / "log.csv").write_text(LOG, encoding="utf-8")
    ctx = window.runner.context()
    with open_database(window.paths.database) as db:
        imports.import_roster(db, ctx, tmp_path / "roster.csv")
        imports.import_audit(db, ctx, imports.plan_import(
            db, tmp_path / "log.csv", system="clearview", timezone="America/Los_Angeles"))
    dialog = open_dialog(window, qtbot)
    ui = dialog.ui
    ui.nameEdit.setText("Rosa Delgado")
    ui.descriptionEdit.setPlainText("Det. García's searches in two robbery cases")
    qtbot.keyClicks(ui.usersEdit, "Det. Garcia")  # keyClicks types ASCII only
    qtbot.keyClicks(ui.unitsEdit, "Robbery")
    qtbot.keyClicks(ui.caseNumbersEdit, "19-1; 19-3, 19-1")
    panel = window.requests_panel
    with qtbot.waitSignal(panel.request_shown, timeout=10_000):
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).click()
    number = panel.selected_number()
    with open_database(window.paths.database) as db:
        criteria = requests_service.criteria_of(requests_service.get_request(db, number).row)
        assert criteria.users == ("Det. Garcia",)
        assert criteria.units == ("Robbery",)
        assert criteria.case_numbers == ("19-1", "19-3")
        # García's two searches in those cases; not his other two, nor anyone else's.
        result = matching.match(db, ctx, number)
        assert (result.records, result.searchers) == (2, 1)
