"""Every job by keyboard: the window's shortcuts, the import mapping, the agency's settings."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QFileDialog, QMessageBox

from app.services.database import agency_settings, open_database
from app.ui.help_dialog import HelpDialog
from tests.gui_helpers import focus_by_tab

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def press(qtbot, window, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    qtbot.keyClick(QApplication.focusWidget() or window, key, modifiers)


def test_ctrl_c_copies_the_request_detail(open_window, qtbot):
    window = open_window(demo=True)
    panel = window.requests_panel
    qtbot.waitUntil(lambda: "How the deadline was computed" in panel.detail.toPlainText(),
                    timeout=10_000)
    focus_by_tab(qtbot, panel.table, panel.detail)
    QApplication.clipboard().clear()
    press(qtbot, window, Qt.Key.Key_C, CTRL)
    copied = QApplication.clipboard().text()
    assert copied == panel.detail.toPlainText()  # nothing selected: the whole request
    assert panel.selected_number() in copied and "How the deadline was computed" in copied
    # With a selection, the selection (Shift+End selects to the end of the first line).
    qtbot.keyClick(panel.detail, Qt.Key.Key_Home, CTRL)
    qtbot.keyClick(panel.detail, Qt.Key.Key_End, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, window, Qt.Key.Key_C, CTRL)
    assert QApplication.clipboard().text() == panel.detail.toPlainText().splitlines()[0]


@pytest.mark.parametrize(("view", "search"), [
    ("requests", "search"), ("records", "text_edit"), ("settings", None)])
def test_ctrl_f_goes_to_the_search_of_the_view_shown(open_window, qtbot, view, search):
    window = open_window(demo=True, view=view)
    window.ui.navList.setFocus()
    press(qtbot, window, Qt.Key.Key_F, CTRL)
    if search is None:  # a view without a search: the requests' search
        assert window.current_view() == "requests"
        search = "search"
    panel = window.panels[("requests", "records").index(window.current_view())]
    assert QApplication.focusWidget() is getattr(panel, search)


def test_preferences_back_up_and_help_shortcuts(open_window, qtbot, tmp_path, monkeypatch):
    window = open_window(demo=True)
    press(qtbot, window, Qt.Key.Key_Comma, CTRL)
    assert window.current_view() == "settings"
    assert QApplication.focusWidget() is window.settings_panel.name_edit

    target = tmp_path / "copy.sqlite3"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    press(qtbot, window, Qt.Key.Key_B, CTRL)
    qtbot.waitUntil(lambda: "Backed up to" in window.message.text(), timeout=10_000)
    assert target.exists()

    press(qtbot, window, Qt.Key.Key_F1)
    helps = window.findChildren(HelpDialog)
    assert len(helps) == 1 and helps[0].isVisible()
    text = helps[0].browser.toPlainText()
    for words in ("Ctrl+N", "New request", "Ctrl+,", "Ctrl+B", "Ctrl+Z", "Alt+Down",
                  "Log a request", "Import an audit log", "Ctrl+F"):
        assert words in text, words
    assert "http" not in helps[0].browser.toHtml().replace("http://www.w3.org", "")
    helps[0].reject()
    # About stays in the Help menu, without F1.
    assert window.ui.actionAbout in window.ui.menuHelp.actions()
    assert window.ui.actionAbout.shortcut().isEmpty()
    assert window.ui.actionHelp.shortcut().toString() == "F1"


def test_choosing_a_column_keeps_the_focus_on_that_combo_box(open_window, qtbot, tmp_path):
    window = open_window(demo=True)
    path = tmp_path / "odd.csv"
    path.write_text("When,Who,Why\n2019-10-05 10:00,Det. Park,robbery\n", encoding="utf-8")
    dialog = window.import_audit(path)
    table = dialog.ui.mappingTable
    qtbot.waitUntil(lambda: table.rowCount() == 3, timeout=10_000)
    first = table.cellWidget(0, 1)
    focus_by_tab(qtbot, dialog.ui.zoneCombo, table)
    qtbot.keyClick(table, Qt.Key.Key_Tab)  # from the table into its first combo box
    assert QApplication.focusWidget() is first
    target = first.findData("occurred_at")
    while first.currentIndex() != target:  # the arrow keys, as a keyboard user chooses
        qtbot.keyClick(first, Qt.Key.Key_Down if first.currentIndex() < target
                       else Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: not window.runner.busy and dialog.plan is not None
                    and dialog.plan.mapping.columns.get("When") == "occurred_at",
                    timeout=10_000)
    # The replanned mapping kept the very same combo box, with the focus still in it.
    assert table.cellWidget(0, 1) is first and first.currentData() == "occurred_at"
    assert QApplication.focusWidget() is first
    # Tab goes through the other combo boxes, then out of the table.
    qtbot.keyClick(first, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is table.cellWidget(1, 1)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.ui.previewTable
    assert all(isinstance(table.cellWidget(r, 1), QComboBox) for r in range(3))
    dialog.reject()


def test_the_agency_is_edited_by_keyboard_and_saved(open_window, qtbot):
    window = open_window(demo=False)
    press(qtbot, window, Qt.Key.Key_Comma, CTRL)
    panel = window.settings_panel
    qtbot.waitUntil(lambda: panel.agency_prompt.isVisible(), timeout=10_000)
    assert "does not know your agency" in panel.agency_prompt.text()
    qtbot.keyClicks(panel.name_edit, "Town of Alder Creek Police")
    qtbot.keyClick(panel.name_edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(panel.address_edit, "1 Main St")
    qtbot.keyClick(panel.address_edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is panel.zone_combo.lineEdit() or \
        QApplication.focusWidget() is panel.zone_combo
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClicks(panel.bates_edit, "acpd")
    # A signer needs both a name and a title: the title missing is said, at the field.
    qtbot.keyClick(panel.bates_edit, Qt.Key.Key_I, ALT)
    assert QApplication.focusWidget() is panel.signer_name
    qtbot.keyClicks(panel.signer_name, "Ana Ruiz")
    qtbot.keyClick(panel.signer_name, Qt.Key.Key_D, ALT)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.signer_title, timeout=5_000)
    assert "needs a name and a title" in panel.agency_problem.text()
    qtbot.keyClicks(panel.signer_title, "Records Manager")
    qtbot.keyClick(panel.signer_title, Qt.Key.Key_Return)
    assert panel.signers.count() == 1
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, ALT)
    assert window.message.text() == "Agency details saved."
    assert not panel.agency_prompt.isVisible()
    with open_database(window.paths.database) as db:
        stored = agency_settings(db)
    assert (stored["agency_name"], stored["agency_address"], stored["bates_prefix"]) == (
        "Town of Alder Creek Police", "1 Main St", "ACPD")
    assert stored["signers"] == [{"name": "Ana Ruiz", "title": "Records Manager",
                                  "role": "records_officer"}]


def test_a_refused_agency_value_is_said_and_nothing_saved(open_window, qtbot, monkeypatch):
    monkeypatch.setattr(QMessageBox, "exec", lambda self: pytest.fail("a box, not the form"))
    window = open_window(demo=True, view="settings")
    panel = window.settings_panel
    panel.focus_agency()
    qtbot.keyClick(panel.name_edit, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(panel.name_edit, Qt.Key.Key_Delete)
    qtbot.keyClick(panel.name_edit, Qt.Key.Key_S, ALT)
    qtbot.waitUntil(lambda: panel.agency_problem.isVisible(), timeout=10_000)
    assert "agency name cannot be empty" in panel.agency_problem.text()
    assert QApplication.focusWidget() is panel.agency_problem
    with open_database(window.paths.database) as db:
        assert agency_settings(db)["agency_name"] == "City of Ribera Police Department"
