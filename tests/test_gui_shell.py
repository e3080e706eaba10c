"""The window's frame: navigation, menus, the queue, About, remembered geometry."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from app import __version__
from app import paths as app_paths
from app.clock import Clock
from app.ui.application import prepare_database
from app.ui.main_window import MainWindow
from tests.conftest import TODAY

pytestmark = pytest.mark.gui


@pytest.fixture
def window(open_window):
    return open_window(demo=True, view="requests")


def test_requests_view_lists_the_demo_queue(window):
    model = window.requests_panel.model
    assert model.rowCount() == 8
    first = [model.index(0, c).data() for c in range(model.columnCount())]
    # The queue leads with the overdue request, flagged in words, not only in colour.
    assert first[5].startswith("\u26a0 OVERDUE by")
    assert model.index(0, 5).data(Qt.ItemDataRole.BackgroundRole) is not None
    # Open requests come before finished ones, by due date.
    open_dues = [model.queue_row(r).due for r in range(model.rowCount())
                 if model.queue_row(r).is_open]
    assert open_dues == sorted(open_dues)
    assert window.requests_panel.count_label.text() == "8 requests"


def test_selecting_a_request_shows_its_deadline_steps(window, qtbot):
    panel = window.requests_panel
    qtbot.waitUntil(lambda: "How the deadline was computed" in panel.detail.toPlainText())
    text = panel.detail.toPlainText()
    number = panel.selected_number()
    assert number in text
    # The steps cite the law of the request shown, and only that law.
    cited, other = (("Code Civ. Proc.", "5 U.S.C.") if number.startswith("CPRA")
                    else ("5 U.S.C.", "Code Civ. Proc."))
    assert cited in text and other not in text


def test_navigation_by_keyboard_reaches_every_view(window, qtbot):
    for i, action in enumerate((window.ui.actionShowRecords, window.ui.actionShowPersonnel,
                                window.ui.actionShowReports, window.ui.actionShowSettings)):
        assert not action.shortcut().isEmpty()
        with qtbot.waitSignal(window.panels[i + 1].loaded, timeout=10_000):
            action.trigger()
        assert window.ui.pages.currentIndex() == i + 1
    assert window.personnel_panel.model.rowCount() == 40
    assert window.records_panel.count_label.text() == "475 records"
    calendar = window.settings_panel.calendar_model
    year = window.settings_panel.year.value()
    assert calendar.rowCount() > 20
    assert {calendar.row_at(r)["day"].year for r in range(calendar.rowCount())} == {year}


def test_menus_and_shortcuts(window):
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles == ["File", "Edit", "View", "Help"]
    assert window.ui.actionQuit.shortcut().toString() == "Ctrl+Q"
    assert window.ui.actionFind.shortcut().toString() == "Ctrl+F"
    assert window.ui.actionNewRequest.shortcut().toString() == "Ctrl+N"


def test_about_shows_the_version(window, qtbot, monkeypatch):
    shown = {}
    monkeypatch.setattr(QMessageBox, "about",
                        lambda parent, title, text: shown.update(title=title, text=text))
    window.ui.actionAbout.trigger()
    assert __version__ in shown["text"]


def test_find_focuses_the_search_box(window, qtbot):
    window.ui.actionShowSettings.trigger()
    window.ui.actionFind.trigger()
    assert window.ui.pages.currentIndex() == 0
    assert window.requests_panel.search.hasFocus() or \
        window.focusWidget() is window.requests_panel.search


def test_search_filters_in_sql(window, qtbot):
    panel = window.requests_panel
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.search.setText("Ledger")
    assert panel.model.rowCount() == 2
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.law_combo.setCurrentIndex(panel.law_combo.findData("foia"))
    assert panel.model.rowCount() == 0


def test_geometry_is_remembered_in_an_ini_file(qtbot, tmp_path):
    paths = app_paths.for_folder(tmp_path / "desk")
    prepare_database(paths, demo=False, now=Clock(TODAY))
    first = MainWindow(paths, clock=Clock(TODAY))
    qtbot.addWidget(first)
    first.show()
    first.resize(1100, 700)
    first.close()
    assert paths.settings_file.exists()
    settings = QSettings(str(paths.settings_file), QSettings.Format.IniFormat)
    assert settings.value("window/geometry") is not None
    second = MainWindow(paths, clock=Clock(TODAY))
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (1100, 700)
    # Usable on a 1024-pixel-wide laptop screen.
    assert second.minimumSizeHint().width() <= 1024
    second.close()


def test_models_pass_qt_model_tester(window, qtmodeltester, qtbot):
    qtmodeltester.check(window.requests_panel.model)
    with qtbot.waitSignal(window.personnel_panel.loaded, timeout=10_000):
        window.ui.actionShowPersonnel.trigger()
    qtmodeltester.check(window.personnel_panel.model)


def test_closing_during_a_write_asks_first(window, qtbot, monkeypatch):
    import threading

    release = threading.Event()

    def slow_write(db, job):
        while not release.wait(0.01):
            job.progress(0, 0, "")  # stops here once cancelled

    window.runner.run(slow_write, write=True, label="import of big.csv")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a:
                        asked.append(text) or QMessageBox.StandardButton.No)
    window.close()
    assert window.isVisible() and "import of big.csv" in asked[0]
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a: QMessageBox.StandardButton.Yes)
    window.close()
    assert not window.isVisible()
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=5_000)  # cancelled, rolled back
    release.set()


def test_import_roster_from_the_personnel_view(window, qtbot, tmp_path):
    from app.services.demo import write_roster

    path = write_roster(tmp_path / "roster.csv")
    text = path.read_text(encoding="utf-8-sig").replace("Robbery", "Homicide", 1)
    path.write_text(text + "P99999,Quispe,Ana,,Officer,Patrol North,,\n", encoding="utf-8-sig")
    window.ui.actionShowPersonnel.trigger()
    panel = window.personnel_panel
    qtbot.waitUntil(lambda: panel.model.rowCount() == 40, timeout=10_000)
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        window.import_roster(path)
    assert panel.model.rowCount() == 41
    assert window.message.text() == ("Roster: 1 added, 1 updated, 39 unchanged, "
                                     "0 not imported.")
