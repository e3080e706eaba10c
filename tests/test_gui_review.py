"""The review window: match, redact, and decide every redaction by keyboard, with undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QMessageBox

from app.services import redaction
from app.services.database import open_database
from app.ui.review_window import DecisionDialog, ReviewWindow
from tests.gui_helpers import back_in, when_modal

pytestmark = pytest.mark.gui

NOTES = {1: "asked Young and Ofc. Smith", 2: "Young called back"}


def first_cpra(window) -> str:
    with open_database(window.paths.database) as db:
        return db.one("SELECT number FROM requests WHERE law = 'cpra' ORDER BY id")["number"]


def idle(qtbot, review: ReviewWindow) -> None:
    qtbot.waitUntil(lambda: not review.runner.busy, timeout=20_000)


def press(qtbot, review: ReviewWindow, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget() or review, key, modifiers)


def log_of(window, number) -> list[dict]:
    with open_database(window.paths.database) as db:
        return redaction.exemption_log(db, number)


@pytest.fixture
def review(open_window, qtbot):
    """The review window of a demo request, matched through its Match step, with two notes
    that name people in ways that need a decision, redacted with Ctrl+R."""
    window = open_window(demo=True)
    number = first_cpra(window)
    window.requests_panel.select_number(number)
    qtbot.waitUntil(lambda: window.requests_panel.actions.review_button.isEnabled(),
                    timeout=10_000)
    window.requests_panel.actions.review_button.click()
    rw = window.review_windows[number]
    qtbot.waitUntil(lambda: "Not matched yet" in rw.counts_label.text(), timeout=10_000)
    assert not rw.redact_button.isEnabled()

    def freeze(box: QMessageBox) -> None:
        assert "records by" in box.informativeText() and "Per month: 2019-10" in \
            box.informativeText()
        box.findChild(type(box.defaultButton()), "freezeButton").click()

    when_modal(QMessageBox, freeze)
    rw.match_button.click()
    qtbot.waitUntil(lambda: "records in the responsive set" in rw.counts_label.text(),
                    timeout=20_000)
    idle(qtbot, rw)
    with open_database(window.paths.database) as db:
        for row_no, text in NOTES.items():
            db.execute("UPDATE responsive_records SET notes = ? WHERE row_no = ?",
                       (text, row_no))
    back_in(qtbot, rw)
    rw.items_table.setFocus()
    press(qtbot, rw, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: rw.open_label.text() == "3 review items open", timeout=30_000)
    idle(qtbot, rw)
    rw.window_ = window
    return rw


def test_review_by_keyboard_with_undo(review, qtbot):
    rw, window = review, review.window_
    assert "not been confirmed by counsel" in rw.banner_label.text()
    assert rw.banner_label.text().startswith("\u26a0")
    # The open items come first; the first is "Young" in record 1, shown with its marker.
    item = rw.current_item()
    assert (item["original"], item["row_no"]) == ("Young", 1)
    qtbot.waitUntil(lambda: "Young?[Employee" in rw.record_view.toPlainText(), timeout=10_000)
    assert "Ofc. Smith?[7927.700]" in rw.record_view.toPlainText()
    # R rejects it: the text is released, the marker struck.
    rw.items_table.setFocus()
    press(qtbot, rw, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: rw.open_label.text() == "2 review items open", timeout=10_000)
    idle(qtbot, rw)
    rw.show_record(1)
    qtbot.waitUntil(lambda: "asked Young \u2717[Employee" in rw.record_view.toPlainText(),
                    timeout=10_000)
    decided = next(i for i in log_of(window, rw.number) if i["id"] == item["id"])
    assert (decided["decision"], decided["decided_by"]) == (
        "rejected", window.runner.context().actor)
    # Undo and redo.
    press(qtbot, rw, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: rw.open_label.text() == "3 review items open", timeout=10_000)
    idle(qtbot, rw)
    press(qtbot, rw, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: rw.open_label.text() == "2 review items open", timeout=10_000)
    idle(qtbot, rw)
    # Undo again: three open items, Young (record 1), Ofc. Smith, Young (record 2).
    press(qtbot, rw, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: rw.open_label.text() == "3 review items open", timeout=10_000)
    idle(qtbot, rw)
    # Down to Ofc. Smith, A accepts him...
    rw.items_table.setFocus()
    rw.items_table.setCurrentIndex(rw.items_model.index(0, 0))
    press(qtbot, rw, Qt.Key.Key_Down)
    assert rw.current_item()["original"] == "Ofc. Smith"
    press(qtbot, rw, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: rw.open_label.text() == "2 review items open", timeout=10_000)
    idle(qtbot, rw)
    states = {rw.items_model.index(r, 3).data(): rw.items_model.index(r, 0).data()
              for r in range(rw.items_model.rowCount())
              if rw.items_model.row_at(r)["certain"] == 0}
    assert states["Ofc. Smith"] == "\u25a0 accepted"
    # ... and Shift+R on the Young of record 2 releases every occurrence of "Young".
    assert (rw.current_item()["original"], rw.current_item()["row_no"]) == ("Young", 2)
    press(qtbot, rw, Qt.Key.Key_R, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: rw.open_label.text() == "No review items open", timeout=10_000)
    idle(qtbot, rw)
    young = [i for i in log_of(window, rw.number) if i["term"] == "young"]
    assert len(young) == 2 and {i["decision"] for i in young} == {"rejected"}
    smith = [i for i in log_of(window, rw.number) if i["term"] == "ofc. smith"]
    assert [i["decision"] for i in smith] == ["accepted"]
    with open_database(window.paths.database) as db:
        notes = [r.cells["notes"].text for r in redaction.released_rows(db, rw.number,
                                                                         limit=2)]
    assert notes == ["asked Young and [7927.700]", "Young called back"]


def _select_in_record(rw: ReviewWindow, text: str) -> None:
    found = rw.record_view.document().find(text)
    assert not found.isNull(), text
    cursor = QTextCursor(rw.record_view.document())
    cursor.setPosition(found.selectionStart())
    cursor.setPosition(found.selectionEnd(), QTextCursor.MoveMode.KeepAnchor)
    rw.record_view.setTextCursor(cursor)
    rw.record_view.setFocus()


def _answer(code_mark: str, why: str):
    def act(dialog: DecisionDialog) -> None:
        index = next(i for i in range(dialog.exemption.count())
                     if dialog.exemption.itemText(i).startswith(f"[{code_mark}]"))
        dialog.exemption.setCurrentIndex(index)
        dialog.note.setText(why)
        dialog.ok.click()
    return act


def test_manual_redaction_and_withholding_with_undo(review, qtbot):
    rw, window = review, review.window_
    rw.tabs.setCurrentWidget(rw.records_table)
    rw.records_table.setFocus()
    rw.records_table.setCurrentIndex(rw.records_model.index(2, 0))   # record 3
    qtbot.waitUntil(lambda: rw.record_view.toPlainText().startswith("Record 3"),
                    timeout=10_000)
    purpose = rw.record.released.cells["purpose"].original
    case = rw.record.released.cells["case_number"].original
    # Select the purpose in the record and press Ctrl+D.
    _select_in_record(rw, f"Purpose / reason: {purpose}")
    cursor = rw.record_view.textCursor()
    cursor.setPosition(cursor.selectionEnd() - len(purpose))
    cursor.setPosition(cursor.position() + len(purpose), QTextCursor.MoveMode.KeepAnchor)
    rw.record_view.setTextCursor(cursor)
    when_modal(DecisionDialog, _answer("7923.600", "Reveals the focus of an open case"))
    press(qtbot, rw, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Purpose / reason: [7923.600]" in rw.record_view.toPlainText(),
                    timeout=10_000)
    idle(qtbot, rw)
    manual = [i for i in log_of(window, rw.number) if i["source"] == "manual"]
    assert [(i["row_no"], i["field"], i["exemption"], i["original"]) for i in manual] == [
        (3, "purpose", "cpra-7923.600", purpose)]
    assert manual[0]["justification"] == "Reveals the focus of an open case"
    # Withhold the whole record (Ctrl+Shift+D): a slip sheet in the packet.
    back_in(qtbot, rw)
    when_modal(DecisionDialog, _answer("7923.600", "Part of an open investigation"))
    press(qtbot, rw, Qt.Key.Key_D,
          Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: "WITHHELD IN FULL" in rw.record_view.toPlainText(),
                    timeout=10_000)
    idle(qtbot, rw)
    assert f"Case no.: {case}" not in rw.record_view.toPlainText()
    assert rw.records_model.row_at(2)["notes"].startswith("Record withheld in full")
    assert [i["row_no"] for i in log_of(window, rw.number) if i["field"] == "record"] == [3]
    # Undo the withholding, then the manual redaction; redo both.
    back_in(qtbot, rw)
    for expected in ("Purpose / reason: [7923.600]", f"Purpose / reason: {purpose}"):
        press(qtbot, rw, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda e=expected: e in rw.record_view.toPlainText(), timeout=10_000)
        idle(qtbot, rw)
    assert not [i for i in log_of(window, rw.number) if i["source"] == "manual"]
    assert "WITHHELD" not in rw.record_view.toPlainText()
    for _ in range(2):
        press(qtbot, rw, Qt.Key.Key_Z,
              Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        idle(qtbot, rw)
    qtbot.waitUntil(lambda: "WITHHELD IN FULL" in rw.record_view.toPlainText(),
                    timeout=10_000)
    assert len([i for i in log_of(window, rw.number) if i["source"] == "manual"]) == 2


def test_f1_lists_the_review_keys(review, qtbot):
    from app.ui.help_dialog import HelpDialog

    review.items_table.setFocus()
    press(qtbot, review, Qt.Key.Key_F1)
    helps = review.findChildren(HelpDialog)
    assert len(helps) == 1
    text = helps[0].browser.toPlainText()
    for words in ("Shift+R", "Reject every occurrence of the term", "Ctrl+Shift+D",
                  "Withhold the record in full", "Ctrl+D", "Redo (also Ctrl+Shift+Z)",
                  "Review redactions", "?[code]"):
        assert words in text, words
    helps[0].reject()


def test_leave_a_record_out_and_take_it_back(review, qtbot):
    rw = review

    def note(text):
        def act(dialog: DecisionDialog) -> None:
            assert not dialog.exemption.isVisible()
            dialog.note.setText(text)
            dialog.ok.click()
        return act

    rw.tabs.setCurrentWidget(rw.records_table)
    rw.records_table.setFocus()
    rw.records_table.setCurrentIndex(rw.records_model.index(4, 0))   # record 5
    qtbot.waitUntil(lambda: rw.record_view.toPlainText().startswith("Record 5"),
                    timeout=10_000)
    when_modal(DecisionDialog, note("A training search, not a real case"))
    rw.exclude_button.click()
    qtbot.waitUntil(lambda: rw.counts_label.text().startswith("474 records"), timeout=10_000)
    idle(qtbot, rw)
    left = [r for r in rw.records_model._rows if r.get("excluded")]
    assert [(r["row_no"], r["notes"]) for r in left] == [
        (5, "Left out: A training search, not a real case")]
    qtbot.waitUntil(lambda: "left out of the set" in rw.record_view.toPlainText(),
                    timeout=10_000)
    assert rw.exclude_button.text() == "Include record again (&x)\u2026"
    when_modal(DecisionDialog, note("It was a real case after all"))
    rw.exclude_button.click()
    qtbot.waitUntil(lambda: rw.counts_label.text().startswith("475 records"), timeout=10_000)
    idle(qtbot, rw)
    back_in(qtbot, rw)
    press(qtbot, rw, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: rw.counts_label.text().startswith("474 records"), timeout=10_000)


def test_the_window_says_when_it_lists_only_the_first_records(review, qtbot, monkeypatch):
    from app.ui import review_window

    monkeypatch.setattr(review_window, "RECORDS_SHOWN", 100)
    review.refresh()
    qtbot.waitUntil(lambda: "lists the first 100 records" in review.counts_label.text(),
                    timeout=10_000)
    assert review.records_model.rowCount() == 100
    assert "475 records in the responsive set" in review.counts_label.text()
