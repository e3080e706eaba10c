"""The Audit records view and the import step, in the window."""

from __future__ import annotations

import multiprocessing
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from app.services.demo import ascii_fold, write_export
from app.ui.records_model import ID_ROLE
from tests.conftest import remote_passes

pytestmark = pytest.mark.gui


@pytest.fixture
def window(open_window):
    return open_window(demo=True, view="records")


def wait_loaded(qtbot, panel):
    qtbot.waitUntil(lambda: not panel.model.loading and (
        panel.model.rowCount() == 0 or panel.model.page_loaded(0)), timeout=10_000)


def test_browser_shows_the_demo_records_lazily(window, qtbot, qtmodeltester):
    panel = window.records_panel
    model = panel.model
    assert model.rowCount() == 475
    assert panel.count_label.text() == "475 records"
    qtbot.waitUntil(lambda: model.page_loaded(0), timeout=10_000)
    first = model.index(0, 0).data()
    assert first.startswith("2019-10-01") and first.endswith(("PDT", "PST"))
    assert not model.page_loaded(474) or model.rowCount() <= 200
    qtmodeltester.check(model)


def test_free_text_and_user_filters(window, qtbot):
    panel = window.records_panel
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.text_edit.setText("garcia")  # accents folded: finds García, GARCIA
        panel.apply_filter()
    wait_loaded(qtbot, panel)
    hits = panel.model.rowCount()
    assert 0 < hits < 475
    for row in range(hits):
        qtbot.waitUntil(lambda row=row: panel.model.page_loaded(row), timeout=10_000)
        # Only the notes name people; the search folds accents, so García matches too.
        assert "garcia" in ascii_fold(panel.model.index(row, 7).data()).lower()
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.text_edit.clear()
        panel.user_edit.setText("O'Connor")
        panel.apply_filter()
    wait_loaded(qtbot, panel)
    users = {panel.model.index(r, 2).data() for r in range(panel.model.rowCount())}
    assert users == {"Siobhán O'Connor"}


def test_sorting_happens_in_sql(window, qtbot):
    panel = window.records_panel
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    wait_loaded(qtbot, panel)
    first_users = [panel.model.index(r, 2).data() for r in range(30)]
    assert first_users == sorted(first_users, reverse=True)


def test_details_show_the_original_row(window, qtbot):
    panel = window.records_panel
    qtbot.waitUntil(lambda: panel.model.page_loaded(0), timeout=10_000)
    panel.table.setCurrentIndex(panel.model.index(3, 0))
    panel.show_details()
    qtbot.waitUntil(lambda: getattr(panel, "detail_dialog", None) is not None, timeout=10_000)
    dialog = panel.detail_dialog
    original = {dialog.original.row_at(r)["k"]: dialog.original.row_at(r)["v"]
                for r in range(dialog.original.rowCount())}
    assert set(original) >= {"Search ID", "Search Date", "Search Time", "User Name", "Notes"}
    fields = {dialog.normalised.row_at(r)["k"]: dialog.normalised.row_at(r)["v"]
              for r in range(dialog.normalised.rowCount())}
    assert fields["User"] == original["User Name"]
    # The export's local time (America/Los_Angeles), converted to UTC, and back for display.
    local = datetime.strptime(f"{original['Search Date']} {original['Search Time']}",
                              "%m/%d/%Y %H:%M:%S").replace(tzinfo=ZoneInfo("America/Los_Angeles"))
    utc = local.astimezone(UTC)
    assert fields["Searched at (UTC)"] == utc.strftime("%Y-%m-%d %H:%M:%S")
    assert fields["Searched at (local)"] == local.strftime("%Y-%m-%d %H:%M:%S %Z")
    assert fields["Searched at (UTC)"] != local.strftime("%Y-%m-%d %H:%M:%S")
    dialog.close()


def test_keys_beyond_the_first_chunk_wait_for_fetch_more(window, qtbot):
    model = window.records_panel.model
    generation = model._generation
    before = model.rowCount()
    model._keys_arrived(generation, [1, 2, 3])
    assert model.canFetchMore() and model.rowCount() == before
    model.fetchMore()
    assert not model.canFetchMore() and model.rowCount() == before + 3


def name_the_system(dialog, qtbot, system="clearview") -> None:
    dialog.ui.systemEdit.setText(system)
    dialog.analyse(dialog.current_mapping())
    qtbot.waitUntil(lambda: dialog.ui.importButton.isEnabled(), timeout=20_000)


@pytest.mark.parametrize("reader", ["this process", "a second process"])
def test_import_a_recognised_export(window, qtbot, tmp_path, monkeypatch, reader):
    started = remote_passes(monkeypatch) if reader == "a second process" else []
    path = write_export(tmp_path / "more.csv", 1500, seed=99)
    dialog = window.import_audit(path)
    qtbot.waitUntil(lambda: "Shape" in dialog.ui.shapeLabel.text(), timeout=10_000)
    assert "Generic facial-recognition search log" in dialog.ui.shapeLabel.text()
    # The shape names no vendor, so the clerk says which system the log comes from.
    assert dialog.ui.systemEdit.text() == ""
    assert not dialog.ui.importButton.isEnabled()
    assert "--system" in dialog.ui.problemsLabel.text()
    name_the_system(dialog, qtbot)
    assert dialog.preview.rowCount() == 20
    with qtbot.waitSignal(dialog.imported, timeout=30_000) as signal:
        dialog.ui.importButton.click()
    assert signal.args[0]["rows"] == 1500
    assert len(started) == (reader == "a second process")
    dialog.result_box.accept()
    panel = window.records_panel
    # What the clerk sees once everything settles: both batches listed, every record shown.
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1975 and not panel.model.loading
                    and panel.batch_model.rowCount() == 2, timeout=10_000)


def test_unknown_shape_needs_a_mapping(window, qtbot, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("When,Who,Why\n2019-10-05 10:00,Det. Park,robbery\n"
                    "2019-10-05 11:00,Sgt. Bell,fraud\n", encoding="utf-8")
    dialog = window.import_audit(path)
    qtbot.waitUntil(lambda: "Shape" in dialog.ui.shapeLabel.text(), timeout=10_000)
    assert not dialog.ui.importButton.isEnabled()
    assert "None of the columns" in dialog.ui.problemsLabel.text()
    table = dialog.ui.mappingTable
    for row, field in ((0, "occurred_at"), (1, "user_name"), (2, "purpose")):
        combo = table.cellWidget(row, 1)
        combo.setCurrentIndex(combo.findData(field))
    dialog.ui.systemEdit.setText("clearview")
    dialog.analyse(dialog.current_mapping())
    qtbot.waitUntil(lambda: dialog.ui.importButton.isEnabled(), timeout=10_000)
    assert dialog.preview.row_at(0)["user_name"] == "Det. Park"
    assert dialog.ui.rememberCheck.isChecked()
    with qtbot.waitSignal(dialog.imported, timeout=30_000) as signal:
        dialog.ui.importButton.click()
    assert signal.args[0]["rows"] == 2
    dialog.result_box.accept()


def test_stopping_an_import_imports_nothing(window, qtbot, tmp_path, monkeypatch):
    started = remote_passes(monkeypatch, force=False)   # (this large a file is read by one)
    path = write_export(tmp_path / "big.csv", 150_000, seed=5)
    dialog = window.import_audit(path)
    qtbot.waitUntil(lambda: "Shape" in dialog.ui.shapeLabel.text(), timeout=20_000)
    name_the_system(dialog, qtbot)
    progressed = []
    dialog.ui.importButton.click()
    dialog._task.signals.progressed.connect(lambda *a: progressed.append(a))
    qtbot.waitUntil(lambda: bool(progressed), timeout=20_000)
    dialog.ui.cancelButton.click()
    qtbot.waitUntil(lambda: dialog._task is None, timeout=20_000)
    assert "nothing was imported" in dialog.ui.problemsLabel.text()
    # The second process that read the file was ended by the cancel.
    assert started and not [p for p in multiprocessing.active_children()
                if p.name == "disclosure-desk import"]
    assert dialog.isVisible()
    dialog.reject()
    from app.services import reference
    from app.services.database import open_database

    with open_database(window.paths.database) as db:
        assert [b["file_name"] for b in reference.batches(db)] == [
            "clearview-search-log-2019Q4.csv"]


def test_dropping_a_file_opens_the_import(window, qtbot, tmp_path):
    path = write_export(tmp_path / "dropped.csv", 10, seed=3)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    from app.ui.import_dialog import ImportDialog

    dialogs = window.findChildren(ImportDialog)
    assert len(dialogs) == 1 and dialogs[0].path == path
    qtbot.waitUntil(lambda: dialogs[0].plan is not None, timeout=10_000)
    dialogs[0].reject()


def test_remove_a_batch(window, qtbot, monkeypatch):
    panel = window.records_panel
    panel.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: panel.batch_model.rowCount() == 1, timeout=10_000)
    panel.batch_table.setCurrentIndex(panel.batch_model.index(0, 0))
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    panel.remove_batch()
    qtbot.waitUntil(lambda: panel.batch_model.rowCount() == 0, timeout=10_000)
    qtbot.waitUntil(lambda: not panel.model.loading, timeout=10_000)
    assert panel.model.rowCount() == 0
    assert "Removed batch 1 (475 records)" in window.message.text()


def test_record_ids_are_keys(window, qtbot):
    model = window.records_panel.model
    ids = [model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())]
    assert len(set(ids)) == 475


def test_showing_a_batch_resets_the_other_filters(window, qtbot):
    panel = window.records_panel
    panel.from_check.setChecked(True)
    panel.user_edit.setText("Bell")
    panel.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: panel.batch_model.rowCount() == 1, timeout=10_000)
    panel.batch_table.setCurrentIndex(panel.batch_model.index(0, 0))
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.show_records_button.click()
    assert not panel.from_check.isChecked() and not panel.from_edit.isEnabled()
    assert panel.user_edit.text() == ""
    assert panel.model.rowCount() == 475
    assert panel.count_label.text().startswith("Batch 1 only")


def test_import_window_sheet_and_date_order(window, qtbot, tmp_path):
    """The window offers the sheets of a workbook and the order of day and month, states
    what the file says, and refuses a file that cannot tell until the clerk chooses."""
    from openpyxl import Workbook

    book = Workbook()
    hidden = book.active
    hidden.title = "Lookup"
    hidden.sheet_state = "hidden"
    hidden.append(["Timestamp", "User"])
    log = book.create_sheet("Searches")
    log.append(["Timestamp", "User", "Reason"])
    log.append(["03/04/2019 10:00", "Det. Park", "\trobbery\t"])
    log.append(["04/05/2019 11:00", "Sgt. Bell", "fraud"])
    path = tmp_path / "searches.xlsx"
    book.save(path)
    dialog = window.import_audit(path)
    qtbot.waitUntil(lambda: "Shape" in dialog.ui.shapeLabel.text(), timeout=10_000)
    ui = dialog.ui
    assert ui.sheetCombo.isVisibleTo(dialog) and ui.sheetCombo.currentData() == "Searches"
    assert [ui.sheetCombo.itemText(i) for i in range(ui.sheetCombo.count())] == [
        "Lookup (hidden)", "Searches"]
    assert "the first rows cannot tell" in ui.shapeLabel.text()
    assert dialog.preview.row_at(0)["purpose"] == "robbery"   # as it will be stored
    name_the_system(dialog, qtbot)
    ui.importButton.click()
    qtbot.waitUntil(lambda: "cannot tell whether" in ui.problemsLabel.text(), timeout=20_000)
    ui.dateOrderCombo.setCurrentIndex(ui.dateOrderCombo.findData("day-first"))
    qtbot.waitUntil(lambda: "as your choice says" in ui.shapeLabel.text(), timeout=10_000)
    qtbot.waitUntil(lambda: ui.importButton.isEnabled(), timeout=10_000)
    assert dialog.preview.row_at(0)["occurred_at"].startswith("2019-04-03")
    dialog.resize(1000, 760)
    dialog.grab().save(str(tmp_path / "import-dialog.png"))
    with qtbot.waitSignal(dialog.imported, timeout=30_000) as signal:
        ui.importButton.click()
    assert signal.args[0]["date_order"] == "day-first" and signal.args[0]["rows"] == 2
    assert "Dates read day first" in dialog.result_box.informativeText()
    dialog.result_box.accept()
