"""Settings / Redaction: counsel's profiles and the safety holds, in the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.domain.redaction import Action
from app.services import profiles as profile_service
from app.services import reference
from app.services.database import open_database
from app.ui.settings_panel import CounselDialog, HoldDialog, RuleDialog
from tests.gui_helpers import back_in, when_modal

pytestmark = pytest.mark.gui
ALT = Qt.KeyboardModifier.AltModifier
PROFILE = "CPRA default"


def _redaction_tab(open_window, qtbot):
    window = open_window(demo=True, view="settings")
    panel = window.settings_panel
    window.activateWindow()
    panel.tabs.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.keyClick(panel.tabs, Qt.Key.Key_R, ALT)  # the tab's mnemonic
    assert panel.tabs.currentIndex() == 3
    qtbot.waitUntil(lambda: panel.rules_model.rowCount() > 0, timeout=10_000)
    assert panel.profile_combo.currentData() == PROFILE
    return window, panel


def _stored(window, name: str = PROFILE):
    with open_database(window.paths.database) as db:
        return profile_service.get_profile(db, name)


def _select_rule(panel, target: str) -> None:
    row = next(i for i in range(panel.rules_model.rowCount())
               if panel.rules_model.row_at(i)["target"] == target)
    panel.rules_table.selectRow(row)


def _cells(model, row: int) -> list[str]:
    return [model.data(model.index(row, c)) for c in range(model.columnCount())]


def test_a_rule_changed_and_the_profile_confirmed_by_counsel(open_window, qtbot):
    window, panel = _redaction_tab(open_window, qtbot)
    assert panel.confirmation_label.text().startswith("\u26a0 Not confirmed by counsel")
    # Counsel confirms the shipped profile first.
    when_modal(CounselDialog, lambda d: (d.by.setText("A. Counsel, Deputy City Attorney"),
                                         d.ok.click()))
    qtbot.keyClick(panel.rules_table, Qt.Key.Key_O, ALT)
    qtbot.waitUntil(lambda: panel.confirmation_label.text().startswith("Confirmed"),
                    timeout=10_000)
    assert panel.confirmation_label.text() == (
        "Confirmed by A. Counsel, Deputy City Attorney on 2026-11-26")
    assert _stored(window).confirmed_by == "A. Counsel, Deputy City Attorney"

    # The clerk withholds the unit, citing the personnel-records exemption, by keyboard.
    _select_rule(panel, "unit")
    before = _cells(panel.rules_model, panel.rules_table.currentIndex().row())
    assert before[:2] == ["Unit", "release"]

    def fill(dialog: RuleDialog) -> None:
        dialog.action.setCurrentIndex(dialog.action.findData("withhold"))
        dialog.exemption.setCurrentIndex(dialog.exemption.findData("cpra-7927.700"))
        dialog.justification.setText("The unit names an undercover team.")
        dialog.accept()

    back_in(qtbot, window)
    when_modal(RuleDialog, fill)
    qtbot.keyClick(panel.rules_table, Qt.Key.Key_U, ALT)
    qtbot.waitUntil(lambda: _cells(panel.rules_model, 6)[1] == "withhold", timeout=10_000)
    assert _cells(panel.rules_model, 6) == ["Unit", "withhold", "Gov. Code § 7927.700",
                                            "The unit names an undercover team."]
    # A changed profile needs counsel again: the label says so in words, not by colour.
    assert panel.confirmation_label.text().startswith("\u26a0 Not confirmed by counsel")
    stored = _stored(window)
    assert stored.rule("unit").action is Action.WITHHOLD
    assert stored.rule("unit").exemption == "cpra-7927.700"
    assert stored.confirmed_by == ""


def test_a_refused_rule_shows_the_services_reason_and_changes_nothing(open_window, qtbot):
    window, panel = _redaction_tab(open_window, qtbot)
    _select_rule(panel, "unit")

    def fill(dialog: RuleDialog) -> None:
        dialog.action.setCurrentIndex(dialog.action.findData("withhold"))
        dialog.exemption.setCurrentIndex(dialog.exemption.findData(""))  # (none)
        dialog.justification.setText("No reason given")
        dialog.accept()

    when_modal(RuleDialog, fill)
    panel.change_rule_button.click()
    qtbot.waitUntil(lambda: panel.redaction_problem.isVisible(), timeout=10_000)
    text = panel.redaction_problem.text()
    assert text.startswith("\u26a0 Not changed:")
    assert "Unit" in text and "exemption" in text and "Nothing was changed." in text
    assert _stored(window).rule("unit").action is Action.RELEASE
    assert _cells(panel.rules_model, 6)[1] == "release"


def test_a_safety_hold_added_and_lifted(open_window, qtbot, monkeypatch):
    window, panel = _redaction_tab(open_window, qtbot)
    with open_database(window.paths.database) as db:
        person = reference.people(db)[0]
    assert panel.holds_model.rowCount() == 0
    assert not panel.lift_hold_button.isEnabled()

    def fill(dialog: HoldDialog) -> None:
        dialog.employee.setText(person["employee_id"])
        dialog.kind.setCurrentText("undercover")
        dialog.reason.setText("Assigned to the narcotics task force")
        dialog.exemption.setCurrentIndex(dialog.exemption.findData("cpra-7923.600"))
        dialog.accept()

    when_modal(HoldDialog, fill)
    qtbot.keyClick(panel.rules_table, Qt.Key.Key_A, ALT)
    qtbot.waitUntil(lambda: panel.holds_model.rowCount() == 1, timeout=10_000)
    row = _cells(panel.holds_model, 0)
    assert row[0] == person["employee_id"]
    assert row[1] == f"{person['last_name']}, {person['first_name']}"
    assert row[2:] == ["undercover", "Assigned to the narcotics task force", "cpra-7923.600",
                       "2026-11-26", "open-ended", "in force"]
    assert panel.holds_count.text() == "1 hold in force, 0 lifted"

    asked = []
    monkeypatch.setattr(panel, "confirm_lift", lambda r: asked.append(r) or True)
    back_in(qtbot, window)
    panel.holds_table.selectRow(0)
    qtbot.keyClick(panel.holds_table, Qt.Key.Key_L, ALT)
    qtbot.waitUntil(lambda: _cells(panel.holds_model, 0)[7] == "lifted 2026-11-26",
                    timeout=10_000)
    assert [r["employee_id"] for r in asked] == [person["employee_id"]]
    assert panel.holds_count.text() == "0 holds in force, 1 lifted"
    with open_database(window.paths.database) as db:
        (hold,) = profile_service.holds(db)
    assert hold["lifted_on"] == "2026-11-26"
    assert QApplication.activeModalWidget() is None
