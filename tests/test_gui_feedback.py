"""What the clerk sees and hears after acting: announcements, urgency in words, empty states
that say what to do, confirmations and Undo."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QMessageBox

from app.services import calendars as calendar_service
from app.services import requests as requests_service
from app.services.database import open_database
from app.services.demo import write_export
from tests.gui_helpers import Announcements, back_in, focus_by_tab, when_menu, when_modal

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def spoken(widget, what=QAccessible.Text.Name) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(what)


def events_of(window, number: str) -> list[str]:
    with open_database(window.paths.database) as db:
        return [e["action"] for e in requests_service.get_request(db, number).events]


def test_request_logged_is_announced(open_window, qtbot, monkeypatch):
    heard = Announcements(monkeypatch)
    window = open_window(demo=False)
    dialog = window.new_request()
    qtbot.waitUntil(lambda: "Determination due" in dialog.ui.deadlineLabel.text(),
                    timeout=10_000)
    # First without a description: the focus goes to it, which says what is wrong.
    focus_by_tab(qtbot, dialog.ui.lawCombo, dialog.ui.nameEdit)
    qtbot.keyClicks(dialog.ui.nameEdit, "Rosa Delgado")
    qtbot.keyClick(dialog.ui.nameEdit, Qt.Key.Key_S, ALT)
    description = dialog.ui.descriptionEdit
    qtbot.waitUntil(lambda: QApplication.focusWidget() is description, timeout=5_000)
    assert "Describe what the requester asked for" in spoken(description,
                                                             QAccessible.Text.Description)
    assert heard.said("Not saved. Describe what the requester asked for")
    # The deadline preview is read by its text, and Tab reaches it (after the last field).
    focus_by_tab(qtbot, dialog.ui.keywordsEdit, dialog.ui.deadlineLabel, limit=2)
    assert "Determination due" in spoken(QApplication.focusWidget())
    description.setFocus()
    qtbot.keyClicks(description, "Clearview logs")
    with qtbot.waitSignal(window.requests_panel.request_shown, timeout=10_000):
        qtbot.keyClick(description, Qt.Key.Key_S, ALT)
    assert window.message.text() == "CPRA-2026-0001 logged."
    assert heard.said("CPRA-2026-0001 logged.")
    assert spoken(window.message) == "CPRA-2026-0001 logged."


def choose_status(qtbot, window, label: str, confirm: int | None) -> list[str]:
    """Alt+T opens the status menu; the arrows go to ``label``; Return chooses it; the
    confirmation (if any) is answered with ``confirm`` (a key). Returns what was asked."""
    asked: list[str] = []
    def pick(menu):
        for _ in menu.actions():
            if menu.activeAction() is not None and menu.activeAction().text() == label:
                break
            qtbot.keyClick(menu, Qt.Key.Key_Down)
        assert menu.activeAction().text() == label
        qtbot.keyClick(menu, Qt.Key.Key_Return)

    when_menu(pick)
    if confirm is not None:
        when_modal(QMessageBox, lambda box: (asked.append(box.text()),
                                             qtbot.keyClick(box, confirm)))
    panel = window.requests_panel
    qtbot.waitUntil(lambda: panel.actions.status_button.isEnabled(), timeout=10_000)
    back_in(qtbot, window)
    qtbot.keyClick(panel.table, Qt.Key.Key_T, ALT)
    return asked


def test_a_terminal_status_asks_first_and_can_be_undone(open_window, qtbot, monkeypatch):
    heard = Announcements(monkeypatch)
    window = open_window(demo=True)
    panel = window.requests_panel
    qtbot.waitUntil(lambda: window.overdue_label.text() == "\u26a0 1 overdue", timeout=10_000)
    number = panel.selected_number()  # the overdue one leads the queue
    assert number == "CPRA-2026-0005"
    # Escape on the question changes nothing.
    before = events_of(window, number)
    asked = choose_status(qtbot, window, "Withdrawn", Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: bool(asked), timeout=5_000)
    assert asked[0] == f"Mark {number} as withdrawn?"
    qtbot.wait(300)
    assert events_of(window, number) == before
    # Return confirms ("Mark as withdrawn" is the default button).
    with qtbot.waitSignal(panel.request_shown, timeout=10_000):
        choose_status(qtbot, window, "Withdrawn", Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Searching \u2192 Withdrawn" in window.message.text(),
                    timeout=10_000)
    assert events_of(window, number) == [*before, "request.status_changed"]
    assert heard.said(f"{number}: Searching \u2192 Withdrawn.")
    assert heard.said("Press Ctrl+Z")
    assert window.undo_button.isVisible() and window.ui.actionUndo.isEnabled()
    # It has left the working queue: nothing is overdue now, from any view.
    qtbot.waitUntil(lambda: window.overdue_label.text() == "None overdue", timeout=10_000)
    # Ctrl+Z takes it back, through the service that allows exactly that.
    back_in(qtbot, window)
    with qtbot.waitSignal(panel.request_shown, timeout=10_000):
        qtbot.keyClick(panel.table, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: "is searching again" in window.message.text(), timeout=10_000)
    assert events_of(window, number)[-1] == "request.status_change_undone"
    assert not window.undo_button.isVisible() and not window.ui.actionUndo.isEnabled()
    qtbot.waitUntil(lambda: window.overdue_label.text() == "\u26a0 1 overdue", timeout=10_000)


def test_undo_is_offered_only_for_a_while(open_window, qtbot, monkeypatch):
    monkeypatch.setattr("app.ui.main_window.UNDO_SECONDS", 0.2)
    window = open_window(demo=True)
    window._undo_timer.setInterval(200)
    panel = window.requests_panel
    with qtbot.waitSignal(panel.request_shown, timeout=10_000):
        choose_status(qtbot, window, "No records", Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.undo_button.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: not window.undo_button.isVisible(), timeout=5_000)
    back_in(qtbot, window)
    qtbot.keyClick(panel.table, Qt.Key.Key_Z, CTRL)  # too late: nothing happens
    qtbot.wait(200)
    assert events_of(window, "CPRA-2026-0005")[-1] == "request.status_changed"


def test_the_detail_and_the_queue_state_urgency_in_words(open_window, qtbot):
    window = open_window(demo=True)
    panel = window.requests_panel
    qtbot.waitUntil(lambda: "OVERDUE by 14 days" in panel.detail.toPlainText(), timeout=10_000)
    model = panel.model
    soon = [r for r in range(model.rowCount())
            if model.index(r, 5).data().startswith("\u25f7 Due soon")]
    assert soon, "due soon has its mark (a clock face) besides its words and colour"
    # Screen readers get the words, not the symbol.
    assert model.index(soon[0], 5).data(Qt.ItemDataRole.AccessibleTextRole).startswith(
        "Due soon: ")
    qtbot.keyClick(panel.table, Qt.Key.Key_Down)  # the arrow keys, to the next request
    assert panel.table.currentIndex().row() == soon[0]
    qtbot.waitUntil(lambda: "\u25f7 Due soon: 4 days left" in panel.detail.toPlainText(),
                    timeout=10_000)
    qtbot.keyClick(panel.table, Qt.Key.Key_End, CTRL)  # the last: a finished request
    assert not model.queue_row(panel.table.currentIndex().row()).is_open
    qtbot.waitUntil(lambda: "Finished (closed): no deadline is running."
                    in panel.detail.toPlainText(), timeout=10_000)
    # The overdue count follows the clerk to every view, read by its text.
    for view in ("records", "personnel", "settings"):
        with qtbot.waitSignal(window.panels[("requests", "records", "personnel", "reports",
                                             "settings").index(view)].loaded,
                              timeout=10_000):
            window.show_view(view)
        assert window.overdue_label.isVisible()
        assert spoken(window.overdue_label) == "\u26a0 1 overdue"
        assert "CPRA-2026-0005" in spoken(window.overdue_label, QAccessible.Text.Description)


def test_an_empty_database_says_how_to_begin(open_window, qtbot):
    window = open_window(demo=False)
    panel = window.requests_panel
    text = panel.detail.toPlainText()
    for words in ("No requests yet", "Ctrl+N", "Ctrl+I", "drop the file on this window",
                  "agency's details are not filled in", "Ctrl+,"):
        assert words in text, words
    assert not panel.actions.status_button.isEnabled()
    with qtbot.waitSignal(window.records_panel.loaded, timeout=10_000):
        window.show_view("records")
    empty = window.records_panel.empty_label
    assert empty.isVisible() and "Import a vendor's search-audit export" in spoken(empty)
    with qtbot.waitSignal(window.personnel_panel.loaded, timeout=10_000):
        window.show_view("personnel")
    assert "No roster yet" in window.personnel_panel.empty_label.text()


def test_a_search_without_a_match_clears_the_detail(open_window, qtbot):
    window = open_window(demo=True)
    panel = window.requests_panel
    qtbot.waitUntil(lambda: panel.actions.status_button.isEnabled(), timeout=10_000)
    qtbot.keyClick(panel.table, Qt.Key.Key_F, CTRL)
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        qtbot.keyClicks(panel.search, "no such requester")
    assert panel.model.rowCount() == 0
    assert panel.count_label.text() == "0 requests"
    assert "No request matches \u201cno such requester\u201d" in panel.detail.toPlainText()
    assert "CPRA-2026" not in panel.detail.toPlainText()
    buttons = (panel.actions.status_button, panel.actions.extend_button,
               panel.actions.close_button)
    assert not any(b.isEnabled() for b in buttons)


def test_import_results_reach_a_screen_reader(open_window, qtbot, tmp_path, monkeypatch):
    heard = Announcements(monkeypatch)
    window = open_window(demo=True, view="records")
    path = write_export(tmp_path / "more.csv", 30, seed=7)
    dialog = window.import_audit(path)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    assert heard.said("Shape: Generic facial-recognition search log")
    dialog.ui.systemEdit.setText("clearview")
    dialog.analyse(dialog.current_mapping())
    qtbot.waitUntil(lambda: dialog.ui.importButton.isEnabled(), timeout=10_000)
    assert heard.said("Ready to import.")
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        qtbot.keyClick(dialog.ui.systemEdit, Qt.Key.Key_I, ALT)
    dialog.result_box.accept()
    assert heard.said("Imported 30 rows from more.csv")
    assert spoken(window.message).startswith("Imported 30 rows from more.csv")


def test_counting_a_legal_holiday_as_open_asks_first_and_can_be_undone(open_window, qtbot):
    window = open_window(demo=True, view="settings")
    panel = window.settings_panel
    panel.tabs.setCurrentIndex(1)
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.calendar_filter.setCurrentIndex(panel.calendar_filter.findData("CA-state"))
    model = panel.calendar_model
    row = next(r for r in range(model.rowCount()) if model.row_at(r)["day"] ==
               date(2026, 11, 26))
    panel.calendar_table.setFocus()
    panel.calendar_table.setCurrentIndex(model.index(row, 0))

    def observed() -> bool:
        with open_database(window.paths.database) as db:
            return next(e.entry.observed for e in calendar_service.entries_for_view(
                db, "CA-state") if e.entry.day == date(2026, 11, 26))

    asked = []
    when_modal(QMessageBox, lambda box: (asked.append(box.text()),
                                         qtbot.keyClick(box, Qt.Key.Key_Escape)))
    qtbot.keyClick(panel.calendar_table, Qt.Key.Key_O, ALT)
    qtbot.waitUntil(lambda: bool(asked), timeout=5_000)
    assert "Thanksgiving" in asked[0] and observed()
    when_modal(QMessageBox, lambda box: qtbot.keyClick(box, Qt.Key.Key_Return))
    back_in(qtbot, window)
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        qtbot.keyClick(panel.calendar_table, Qt.Key.Key_O, ALT)
    qtbot.waitUntil(lambda: not observed() and window.undo_button.isVisible(),
                    timeout=10_000)
    assert "office open" in window.message.text()
    back_in(qtbot, window)
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        qtbot.keyClick(panel.calendar_table, Qt.Key.Key_Z, CTRL)
    assert observed()
    assert "counts as closed again" in window.message.text()
