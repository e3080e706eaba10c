"""Checks that keep every view and every dialog keyboard- and screen-reader-complete.

What is checked, for every state of the window a clerk can reach (each view of the main
window, each tab of a view that has tabs) and for every dialog of ``app.ui``:

* the Tab chain, walked with real key events, reaches every enabled, visible control that takes
  focus, comes back round, and leaves every table after one stop;
* every such control has a spoken name, read through ``QAccessible`` as a screen reader would;
* every label that shows data is read by its text (a label's accessible name used to hide it:
  "Number of requests shown" instead of "8 requests");
* no two visible mnemonics (Alt+letter) clash, menus included;
* the focus is visible: a control looks different with the focus than without it.

New views are picked up through ``MainWindow.panels`` (and their tab widgets); new dialogs
through every QDialog subclass defined in ``app.ui``: a dialog without an entry in
``DIALOGS`` fails :func:`test_every_dialog_is_checked` until one is added.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QImage, QKeySequence, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QGroupBox,
    QLabel,
    QMainWindow,
    QMenu,
    QTabBar,
    QTabWidget,
    QWidget,
)

import app.ui
from app.domain.deadlines import Law
from app.ui.main_window import VIEWS
from tests.conftest import TODAY

pytestmark = pytest.mark.gui


# -- what a keyboard and a screen-reader user meet -----------------------------------------------
def spoken(widget: QWidget, what: QAccessible.Text = QAccessible.Text.Name) -> str:
    iface = QAccessible.queryAccessibleInterface(widget)
    return iface.text(what) if iface is not None else ""


def plain(text: str) -> str:
    doc = QTextDocument()
    doc.setHtml(text)
    return " ".join(doc.toPlainText().split())


def shown(widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0 and widget.height() > 0


def focusable(top: QWidget) -> list[QWidget]:
    """The controls Tab should reach: visible, enabled, taking focus by Tab."""
    found = []
    for widget in top.findChildren(QWidget):
        if widget.window() is not top or not shown(widget) or not widget.isEnabled():
            continue
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            continue
        if widget.focusProxy() is not None:
            continue  # its proxy takes the focus (an editable combo's line edit)
        found.append(widget)
    return found


def describe(widget: QWidget) -> str:
    return (f"{type(widget).__name__}({widget.objectName() or widget.accessibleName()!r}, "
            f"{spoken(widget)!r})")


def walk_tab_chain(qtbot, top: QWidget) -> list[tuple[QWidget, QImage]]:
    """Press Tab until the focus comes back to where it started: what received the focus, in
    order, each with how it looked while it had it."""
    qtbot.waitUntil(lambda: QApplication.activeWindow() is top, timeout=5_000)
    start = QApplication.focusWidget()
    if start is None or start.window() is not top:
        top.focusNextChild()
        start = QApplication.focusWidget()
    assert start is not None, f"nothing in {top.windowTitle()!r} has the focus"
    qtbot.keyClick(start, Qt.Key.Key_Tab)  # from here on, the focus moved by keyboard
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is start, "Shift+Tab does not go back"
    chain = [(start, start.grab().toImage())]
    limit = len(focusable(top)) + 10
    for _ in range(limit):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        current = QApplication.focusWidget()
        if current is start:
            return chain
        assert current is not chain[-1][0], f"Tab did not leave {describe(current)}"
        chain.append((current, current.grab().toImage()))
    raise AssertionError("Tab never came back round; it went: "
                         + " -> ".join(describe(w) for w, _ in chain[-12:]))


def mnemonics(top: QWidget) -> list[tuple[str, str]]:
    """(Alt+key, where) of every visible mnemonic of a window, its menu bar's included."""
    found = []

    def add(text: str, where: str) -> None:
        key = QKeySequence.mnemonic(text)
        if not key.isEmpty():
            found.append((key.toString(), where))

    for widget in top.findChildren(QWidget):
        if widget.window() is not top or not shown(widget):
            continue
        if isinstance(widget, QLabel) and widget.buddy() is not None:
            add(widget.text(), f"label {plain(widget.text())!r}")
        elif isinstance(widget, QAbstractButton) and not isinstance(widget.parent(), QTabBar):
            add(widget.text(), f"button {widget.text()!r}")
        elif isinstance(widget, QGroupBox):
            add(widget.title(), f"group {widget.title()!r}")
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                add(widget.tabText(i), f"tab {widget.tabText(i)!r}")
    if isinstance(top, QMainWindow):
        for action in top.menuBar().actions():
            add(action.text(), f"menu {action.text()!r}")
    return found


def clashes(keys: list[tuple[str, str]]) -> dict[str, list[str]]:
    by_key: dict[str, list[str]] = {}
    for key, where in keys:
        by_key.setdefault(key, []).append(where)
    return {k: v for k, v in by_key.items() if len(v) > 1}


def check_window(qtbot, top: QWidget, what: str) -> None:
    """Every check of the module on one state of one window."""
    expected = focusable(top)
    walked = walk_tab_chain(qtbot, top)
    chain = [widget for widget, _ in walked]
    missed = [describe(w) for w in expected if w not in chain]
    assert not missed, f"{what}: Tab never reaches {missed}"
    for widget in chain:
        if isinstance(widget, QAbstractItemView):
            assert not widget.tabKeyNavigation(), f"{what}: {describe(widget)} traps Tab"
    unnamed = [describe(w) for w in chain if not spoken(w).strip()]
    assert not unnamed, f"{what}: controls a screen reader cannot name: {unnamed}"
    for label in top.findChildren(QLabel):
        if label.window() is not top or not shown(label) or not label.text().strip():
            continue
        text = plain(label.text()).replace("&", "")
        if label.buddy() is None:
            assert text[:40] in " ".join(spoken(label).split()), (
                f"{what}: the label showing {text!r} is read as {spoken(label)!r}")
    clash = clashes(mnemonics(top))
    assert not clash, f"{what}: mnemonics used twice: {clash}"
    if isinstance(top, QMainWindow):
        for menu in top.menuBar().findChildren(QMenu):
            keys = [(QKeySequence.mnemonic(a.text()).toString(), a.text())
                    for a in menu.actions() if not a.isSeparator()]
            clash = clashes([k for k in keys if k[0]])
            assert not clash, f"menu {menu.title()!r}: mnemonics used twice: {clash}"
    # The focus is visible: each control looked different while Tab had put the focus on it
    # than it does now that the focus has moved on (for the first: once Tab moves on again).
    invisible = []
    for widget, focused in walked:
        if QApplication.focusWidget() is widget:
            qtbot.keyClick(widget, Qt.Key.Key_Tab)
        if widget.grab().toImage() == focused:
            invisible.append(describe(widget))
    assert not invisible, f"{what}: no visible focus on {invisible}"


# -- the states of the main window -----------------------------------------------------------------
def view_states(window) -> list[tuple[str, QTabWidget | None, int]]:
    states = []
    for name, panel in zip(VIEWS, window.panels, strict=True):
        tabs = [t for t in panel.findChildren(QTabWidget)]
        if not tabs:
            states.append((name, None, 0))
        for tab in tabs:
            states.extend((name, tab, i) for i in range(tab.count()))
    return states


@pytest.mark.parametrize("demo", [True, False], ids=["demo", "empty"])
def test_every_view_is_complete_by_keyboard_and_by_ear(open_window, qtbot, demo):
    window = open_window(demo=demo)
    window.activateWindow()
    states = view_states(window)
    assert len(states) >= len(VIEWS) + 2  # the records' and the settings' tabs too
    for name, tabs, index in states:
        panel = window.panels[VIEWS.index(name)]
        with qtbot.waitSignal(panel.loaded, timeout=10_000):
            window.show_view(name)
        if tabs is not None:
            tabs.setCurrentIndex(index)
        qtbot.waitUntil(lambda: not window.runner.busy, timeout=10_000)
        window.ui.navList.setFocus(Qt.FocusReason.OtherFocusReason)
        what = name + (f" / {tabs.tabText(index).replace('&', '')}" if tabs else "")
        check_window(qtbot, window, what)


# -- every dialog ---------------------------------------------------------------------------------
def _request_dialog(window, qtbot, tmp_path):
    dialog = window.new_request()
    qtbot.waitUntil(lambda: "Determination due" in dialog.ui.deadlineLabel.text(),
                    timeout=10_000)
    dialog.ui.datesCheck.setChecked(True)  # the date range fields too
    return dialog


def _import_dialog(window, qtbot, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("When,Who,Why\n2019-10-05 10:00,Det. Park,robbery\n", encoding="utf-8")
    dialog = window.import_audit(path)
    qtbot.waitUntil(lambda: dialog.ui.mappingTable.rowCount() == 3, timeout=10_000)
    return dialog


def _record_dialog(window, qtbot, tmp_path):
    panel = window.records_panel
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        window.show_view("records")
    qtbot.waitUntil(lambda: panel.model.page_loaded(0), timeout=10_000)
    panel.table.setCurrentIndex(panel.model.index(0, 0))
    panel.show_details()
    qtbot.waitUntil(lambda: getattr(panel, "detail_dialog", None) is not None, timeout=10_000)
    return panel.detail_dialog


def _show(dialog):
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def _clock_dialog(window, qtbot, tmp_path):
    from app.ui.request_actions import ClockDialog

    return _show(ClockDialog("Stop the clock of FOIA-2026-0001", True, TODAY,
                             date(2026, 11, 16), window))


def _extend_dialog(window, qtbot, tmp_path):
    from app.services import reasons as reasons_service
    from app.services.database import open_database
    from app.ui.extend_dialog import ExtendDialog

    with open_database(window.paths.database) as db:
        reasons = reasons_service.in_force(db, Law.CPRA, TODAY)
    return _show(ExtendDialog("CPRA-2026-0001", Law.CPRA, reasons, window))


def _closure_dialog(window, qtbot, tmp_path):
    from app.ui.settings_panel import ClosureDialog

    return _show(ClosureDialog(TODAY, window))


def _catalogue(window, law=None):
    from app.services import profiles as profile_service
    from app.services.database import open_database

    with open_database(window.paths.database) as db:
        return [e for e in profile_service.catalogue(db) if law is None or e.law is law]


def _rule_dialog(window, qtbot, tmp_path):
    from app.domain.redaction import Action, Rule
    from app.ui.settings_panel import RuleDialog

    rule = Rule("unit", Action.WITHHOLD, "cpra-7927.700", "Names an undercover team")
    return _show(RuleDialog("CPRA default", rule, _catalogue(window, Law.CPRA), window))


def _counsel_dialog(window, qtbot, tmp_path):
    from app.ui.settings_panel import CounselDialog

    dialog = _show(CounselDialog("CPRA default", window))
    dialog.by.setText("A. Counsel, Deputy City Attorney")  # the Confirm button enabled
    return dialog


def _hold_dialog(window, qtbot, tmp_path):
    from app.ui.settings_panel import HoldDialog

    return _show(HoldDialog(_catalogue(window), window))


def _help_dialog(window, qtbot, tmp_path):
    return window.show_help()


def _release_window(window, qtbot, tmp_path):
    dialog = window.open_release("CPRA-2026-0001")
    qtbot.waitUntil(lambda: dialog.state is not None, timeout=10_000)
    return dialog


def _review_window(window, qtbot, tmp_path):
    """Matched and redacted, an item selected: every control enabled that can be."""
    from app.services import matching, redaction
    from app.services.database import open_database

    ctx = window.runner.context()
    with open_database(window.paths.database) as db:
        number = db.one("SELECT number FROM requests WHERE law = 'cpra' ORDER BY id")["number"]
        matching.match(db, ctx, number, commit=True)
        db.execute("UPDATE responsive_records SET notes = 'asked Young' WHERE row_no = 1")
        redaction.redact(db, ctx, number)
    review = window.review_redactions(number)
    qtbot.waitUntil(lambda: review.open_label.text() == "1 review item open", timeout=10_000)
    qtbot.waitUntil(lambda: review.record is not None, timeout=10_000)
    return review


def _decision_dialog(window, qtbot, tmp_path):
    from app.domain.exemptions import SEED
    from app.ui.review_window import DecisionDialog

    dialog = _show(DecisionDialog("Withhold record 3", "Withhold record 3 in full.",
                                  [e for e in SEED if e.law is Law.CPRA], window))
    dialog.note.setText("Part of an open investigation")
    return dialog


DIALOGS = {
    "ReviewWindow": _review_window, "DecisionDialog": _decision_dialog,
    "RequestDialog": _request_dialog, "ImportDialog": _import_dialog,
    "RecordDialog": _record_dialog, "ClockDialog": _clock_dialog,
    "ExtendDialog": _extend_dialog, "ClosureDialog": _closure_dialog,
    "HelpDialog": _help_dialog, "ReleaseWindow": _release_window,
    "RuleDialog": _rule_dialog, "CounselDialog": _counsel_dialog, "HoldDialog": _hold_dialog,
}


def dialog_classes() -> set[str]:
    """Every QDialog subclass the application defines."""
    names = set()
    for module in pkgutil.walk_packages(app.ui.__path__, "app.ui."):
        loaded = importlib.import_module(module.name)
        for _, cls in inspect.getmembers(loaded, inspect.isclass):
            if issubclass(cls, QDialog) and cls.__module__ == loaded.__name__:
                names.add(cls.__name__)
    return names


def test_every_dialog_is_checked():
    assert dialog_classes() == set(DIALOGS), "add the new dialog to DIALOGS"


@pytest.mark.parametrize("name", sorted(DIALOGS))
def test_every_dialog_is_complete_by_keyboard_and_by_ear(open_window, qtbot, tmp_path, name):
    window = open_window(demo=True)
    dialog = DIALOGS[name](window, qtbot, tmp_path)
    qtbot.waitUntil(lambda: dialog.isVisible(), timeout=5_000)
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10_000)
    check_window(qtbot, dialog, name)
    dialog.reject()


def test_the_checks_catch_what_they_guard(open_window, qtbot):
    """Each check fails on the fault it is there for (a table that traps Tab, a label read by a
    name that hides its data, a clash of mnemonics, an unnamed control)."""
    window = open_window(demo=True)
    panel = window.requests_panel
    window.activateWindow()
    window.ui.navList.setFocus()
    panel.table.setTabKeyNavigation(True)
    with pytest.raises(AssertionError, match=r"Tab did not leave|traps Tab|never came back"):
        check_window(qtbot, window, "requests")
    panel.table.setTabKeyNavigation(False)
    panel.count_label.setAccessibleName("Number of requests shown")
    with pytest.raises(AssertionError, match="is read as 'Number of requests shown'"):
        check_window(qtbot, window, "requests")
    panel.count_label.setAccessibleName("")
    panel.new_button.setText("&Search again")
    with pytest.raises(AssertionError, match="mnemonics used twice"):
        check_window(qtbot, window, "requests")
    panel.new_button.setText("&New request\u2026")
    panel.search.setAccessibleName("")
    for label in panel.findChildren(QLabel):
        if label.buddy() is panel.search:
            label.setBuddy(None)
    with pytest.raises(AssertionError, match="cannot name"):
        check_window(qtbot, window, "requests")
