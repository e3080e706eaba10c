"""Typed dates, driven by the keyboard as a clerk types them: every date field stores the date
typed or refuses it visibly; nothing is stored wrong. (QDateEdit, which these fields replaced,
stored 2026-11-11 for "2026-11-16" typed after tabbing in.)"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication

from app.domain.requests import Status
from app.services import calendars as calendar_service
from app.services import requests as requests_service
from app.services.database import open_database
from app.ui.date_field import DateField
from tests.gui_helpers import Announcements, focus_by_tab, when_modal

pytestmark = pytest.mark.gui

SAME_DATE = ["2026-11-16", "11/16/2026", "20261116", "11162026"]


def type_request(qtbot, dialog, received_keys) -> None:
    ui = dialog.ui
    focus_by_tab(qtbot, ui.lawCombo, ui.receivedEdit)
    received_keys(ui.receivedEdit)
    focus_by_tab(qtbot, ui.receivedEdit, ui.descriptionEdit)
    qtbot.keyClicks(ui.descriptionEdit, "Clearview search logs")
    focus_by_tab(qtbot, ui.descriptionEdit, ui.nameEdit)
    qtbot.keyClicks(ui.nameEdit, "Rosa Delgado")


def saved_received(window) -> list[str]:
    with open_database(window.paths.database) as db:
        return [requests_service.get_request(db, q.number).row["received"]
                for q in requests_service.queue(db, window.runner.context())]


@pytest.mark.parametrize("typed", SAME_DATE)
def test_a_received_date_typed_after_tab_is_stored_as_typed(open_window, qtbot, typed):
    window = open_window(demo=False)
    dialog = window.new_request()
    qtbot.waitUntil(lambda: "Determination due" in dialog.ui.deadlineLabel.text(),
                    timeout=10_000)
    type_request(qtbot, dialog, lambda field: qtbot.keyClicks(field, typed))
    # The preview follows the date typed: CPRA from Mon 2026-11-16 is due Mon 2026-11-30.
    qtbot.waitUntil(lambda: "Mon 2026-11-30" in dialog.ui.deadlineLabel.text(), timeout=10_000)
    with qtbot.waitSignal(window.requests_panel.request_shown, timeout=10_000):
        qtbot.keyClick(dialog.ui.nameEdit, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    assert saved_received(window) == ["2026-11-16"]


def test_select_all_then_typing_replaces_the_whole_date(open_window, qtbot):
    window = open_window(demo=False)
    dialog = window.new_request()
    qtbot.waitUntil(lambda: "Determination due" in dialog.ui.deadlineLabel.text(),
                    timeout=10_000)

    def retype(field):
        qtbot.keyClicks(field, "2019-01-01")  # first something else, then Ctrl+A and retype
        qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(field, "2026-11-02")

    type_request(qtbot, dialog, retype)
    # The records range, typed the same way: a whole other year.
    ui = dialog.ui
    focus_by_tab(qtbot, ui.nameEdit, ui.datesCheck)
    qtbot.keyClick(ui.datesCheck, Qt.Key.Key_Space)
    focus_by_tab(qtbot, ui.datesCheck, ui.fromEdit)
    qtbot.keyClick(ui.fromEdit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(ui.fromEdit, "2019-01-01")
    qtbot.keyClick(ui.fromEdit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is ui.toEdit
    qtbot.keyClicks(ui.toEdit, "12/31/2019")
    with qtbot.waitSignal(window.requests_panel.request_shown, timeout=10_000):
        qtbot.keyClick(ui.toEdit, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    with open_database(window.paths.database) as db:
        number = requests_service.queue(db, window.runner.context())[0].number
        criteria = requests_service.criteria_of(requests_service.get_request(db, number).row)
    assert saved_received(window) == ["2026-11-02"]
    assert (criteria.date_from, criteria.date_to) == (date(2019, 1, 1), date(2019, 12, 31))


@pytest.mark.parametrize(("typed", "reason"), [
    ("2026-02-30", "February 2026 has no day 30"),
    ("16/11/2026", "no month 16"),
    ("2027-01-05", "after 2026-11-26"),  # a request cannot be received in the future
])
def test_a_date_that_cannot_be_stored_is_refused_visibly(open_window, qtbot, typed, reason,
                                                         monkeypatch):
    announced = Announcements(monkeypatch)
    window = open_window(demo=False)
    dialog = window.new_request()
    qtbot.waitUntil(lambda: "Determination due" in dialog.ui.deadlineLabel.text(),
                    timeout=10_000)
    field = dialog.ui.receivedEdit
    type_request(qtbot, dialog, lambda f: qtbot.keyClicks(f, typed))
    # Leaving the field refuses the text at once: a warning in the field, the reason in words.
    assert field.refusing() and field.warning_action.isVisible()
    assert reason in dialog.ui.problemsLabel.text() and dialog.ui.problemsLabel.isVisible()
    assert reason in QAccessible.queryAccessibleInterface(field).text(
        QAccessible.Text.Description)
    qtbot.keyClick(dialog.ui.nameEdit, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    # Not saved: the focus is back on the date, and the reason was spoken. (A mnemonic
    # clicks its button after a short animation, hence the wait.)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field, timeout=5_000)
    assert dialog.isVisible()
    assert announced.said(reason)
    assert saved_received(window) == []
    # Corrected, it saves the date typed.
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, "2026-11-16")
    assert not field.refusing() and reason not in dialog.ui.problemsLabel.text()
    with qtbot.waitSignal(window.requests_panel.request_shown, timeout=10_000):
        qtbot.keyClick(field, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    assert saved_received(window) == ["2026-11-16"]


def test_the_calendar_opens_from_the_keyboard_and_alt_down_changes_nothing(open_window, qtbot):
    window = open_window(demo=False)
    dialog = window.new_request()
    field: DateField = dialog.ui.receivedEdit
    focus_by_tab(qtbot, dialog.ui.lawCombo, field)
    qtbot.keyClicks(field, "2026-11-16")
    for key, mods in ((Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier),
                      (Qt.Key.Key_F4, Qt.KeyboardModifier.NoModifier)):
        qtbot.keyClick(field, key, mods)
        assert field.popup.isVisible(), key
        assert field.value() == date(2026, 11, 16)  # opening never changes the date
        calendar = QApplication.focusWidget()
        assert field.popup.isAncestorOf(calendar)
        qtbot.keyClick(calendar, Qt.Key.Key_Escape)
        assert not field.popup.isVisible() and field.value() == date(2026, 11, 16)
    # Arrows move in the calendar, Return picks: a day earlier, a week later.
    qtbot.keyClick(field, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = QApplication.focusWidget()
    qtbot.keyClick(calendar, Qt.Key.Key_Left)
    qtbot.keyClick(calendar, Qt.Key.Key_Down)
    qtbot.keyClick(calendar, Qt.Key.Key_Return)
    assert not field.popup.isVisible()
    assert field.value() == date(2026, 11, 22) and field.text() == "2026-11-22"
    assert QApplication.focusWidget() is field
    dialog.reject()


def test_records_filters_take_the_dates_typed_and_return_applies_them(open_window, qtbot):
    window = open_window(demo=True, view="records")
    panel = window.records_panel
    opened = []
    panel.detail_dialog = None
    panel._open_detail = lambda record: opened.append(record)
    focus_by_tab(qtbot, panel.tabs.tabBar(), panel.from_check)
    qtbot.keyClick(panel.from_check, Qt.Key.Key_Space)
    qtbot.keyClick(panel.from_check, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is panel.from_edit
    qtbot.keyClicks(panel.from_edit, "2019-11-01")  # QDateEdit stored 2019-01-11
    qtbot.keyClick(panel.from_edit, Qt.Key.Key_Tab)
    qtbot.keyClick(panel.to_check, Qt.Key.Key_Space)
    qtbot.keyClick(panel.to_check, Qt.Key.Key_Tab)
    qtbot.keyClick(panel.to_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(panel.to_edit, "11/30/2019")
    focus_by_tab(qtbot, panel.to_edit, panel.text_edit)
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        qtbot.keyClick(panel.text_edit, Qt.Key.Key_Return)
    assert (panel.model.filter.date_from, panel.model.filter.date_to) == (
        date(2019, 11, 1), date(2019, 11, 30))
    november = panel.model.rowCount()
    assert 0 < november < 475
    assert opened == []  # Return in a filter applies it; it never opens a record
    # A later year is taken as typed (QDateEdit dropped it).
    qtbot.keyClick(panel.to_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(panel.to_edit, "2027-01-05")
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        qtbot.keyClick(panel.to_edit, Qt.Key.Key_Return)
    assert panel.model.filter.date_to == date(2027, 1, 5)
    assert panel.model.rowCount() > november
    # Not a date: the filter is not applied, and the count says why.
    qtbot.keyClick(panel.from_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(panel.from_edit, "2019-13-01")
    qtbot.keyClick(panel.from_edit, Qt.Key.Key_Return)
    assert panel.from_edit.refusing()
    assert "Filter not applied" in panel.count_label.text()
    assert "no month 13" in panel.count_label.text()
    assert panel.model.filter.date_from == date(2019, 11, 1)
    # Return on the table opens the record.
    panel.table.setFocus()
    qtbot.waitUntil(lambda: panel.model.page_loaded(0), timeout=10_000)
    panel.table.setCurrentIndex(panel.model.index(0, 0))
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(opened), timeout=10_000)


def test_a_closed_day_typed_in_a_later_year_is_stored(open_window, qtbot):
    window = open_window(demo=False, view="settings")
    panel = window.settings_panel
    panel.tabs.setCurrentIndex(1)

    def fill(dialog):
        focus_by_tab(qtbot, dialog.calendar, dialog.day)
        qtbot.keyClicks(dialog.day, "01/05/2027")
        qtbot.keyClick(dialog.day, Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.name, "Furlough day")
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)

    from app.ui.settings_panel import ClosureDialog

    when_modal(ClosureDialog, fill)
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        qtbot.keyClick(panel.add_button, Qt.Key.Key_Space)
    with open_database(window.paths.database) as db:
        days = [(e.entry.day, e.entry.name) for e in calendar_service.entries_for_view(
            db, "agency-closures")]
    assert days == [(date(2027, 1, 5), "Furlough day")]
    assert "Furlough day on 2027-01-05 added" in window.message.text()


def test_clock_dates_are_stored_as_typed(open_window, qtbot):
    from app.domain.deadlines import Law
    from app.domain.requests import Intake
    from app.services.context import Context
    from app.ui.request_actions import ClockDialog

    window = open_window(demo=False)
    with open_database(window.paths.database) as db:
        number = requests_service.create_request(db, Context("x", date(2026, 11, 26)), Intake(
            law=Law.FOIA, received=date(2026, 11, 16), requester_name="Daniel Kwan",
            description="Search logs")).number
        requests_service.change_status(db, Context(), number, Status.ACKNOWLEDGED)
    panel = window.requests_panel
    with qtbot.waitSignal(panel.request_shown, timeout=10_000):
        window.refresh_current()
    actions = panel.actions

    def stop(dialog):
        focus_by_tab(qtbot, dialog.kind, dialog.day)
        qtbot.keyClicks(dialog.day, "11/20/2026")
        qtbot.keyClick(dialog.day, Qt.Key.Key_Return)

    when_modal(ClockDialog, stop)
    qtbot.keyClick(actions.stop_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "Clock stopped on 2026-11-20" in panel.detail.toPlainText()
                    and actions.resume_button.isEnabled(), timeout=10_000)

    def refuse_then_resume(dialog):
        # The date is the dialog's first field: typing replaces the date shown.
        qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.day, timeout=5_000)
        qtbot.keyClicks(dialog.day, "2026-11-19")  # before the clock stopped: refused
        qtbot.keyClick(dialog.day, Qt.Key.Key_Return)
        assert dialog.isVisible() and "before 2026-11-20" in dialog.problem.text()
        qtbot.keyClick(dialog.day, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(dialog.day, "20261124")
        qtbot.keyClick(dialog.day, Qt.Key.Key_Return)

    when_modal(ClockDialog, refuse_then_resume)
    qtbot.keyClick(actions.resume_button, Qt.Key.Key_Space)
    # What the clerk then sees: the answer in the request's timeline.
    qtbot.waitUntil(lambda: "Requester answered 2026-11-24" in panel.detail.toPlainText(),
                    timeout=10_000)
    with open_database(window.paths.database) as db:
        tolls = requests_service.get_request(db, number).tolls
    assert [(t["start"], t["end"]) for t in tolls] == [("2026-11-20", "2026-11-24")]
