"""The main window: assembles the panels, the menus and the status bar. Nothing else."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QCloseEvent, QDesktopServices, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
)

from app import APP_NAME, __version__
from app import clock as app_clock
from app.paths import Paths
from app.ui.errors import explain
from app.ui.forms.ui_main_window import Ui_MainWindow
from app.ui.import_dialog import ImportDialog
from app.ui.records_panel import RecordsPanel
from app.ui.request_dialog import RequestDialog
from app.ui.requests_panel import RequestsPanel
from app.ui.settings_panel import SettingsPanel
from app.ui.simple_panels import PersonnelPanel, ReportsPanel
from app.ui.tasks import Task, TaskRunner

VIEWS = ("requests", "records", "personnel", "reports", "settings")


def _shortcuts(standard: QKeySequence.StandardKey, usual: str) -> list[QKeySequence]:
    """The platform's keys for an action, led by the one Windows users expect (some platform
    themes, such as offscreen, define none)."""
    keys = [QKeySequence(usual)]
    keys += [k for k in QKeySequence.keyBindings(standard) if not k.isEmpty() and k not in keys]
    return keys


class MainWindow(QMainWindow):
    def __init__(self, paths: Paths, *, demo: bool = False,
                 clock: app_clock.Clock | None = None) -> None:
        super().__init__()
        self.paths = paths
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        title = APP_NAME + (" \u2014 DEMO (temporary database)" if demo else "")
        self.setWindowTitle(f"{title} \u2014 {paths.database.name}")
        self.runner = TaskRunner(paths.database, self, clock=clock)
        self.runner.task_failed.connect(
            lambda label, exc: explain(self, exc, self.paths.log_dir, APP_NAME))

        self.requests_panel = RequestsPanel(self.runner)
        self.records_panel = RecordsPanel(self.runner)
        self.personnel_panel = PersonnelPanel(self.runner)
        self.reports_panel = ReportsPanel(self.runner)
        self.settings_panel = SettingsPanel(self.runner)
        self.panels = (self.requests_panel, self.records_panel, self.personnel_panel,
                       self.reports_panel, self.settings_panel)
        for panel in self.panels:
            self.ui.pages.addWidget(panel)
            panel.status_message.connect(self._show_message)
        self.ui.navList.currentRowChanged.connect(self._nav_changed)
        self.requests_panel.new_request_requested.connect(self.new_request)
        self.records_panel.import_requested.connect(self.import_audit)
        self.personnel_panel.import_requested.connect(self.import_roster)
        self.records_panel.action_failed.connect(
            lambda exc: explain(self, exc, self.paths.log_dir, "Audit records"))
        self.setAcceptDrops(True)
        self.requests_panel.action_failed.connect(
            lambda exc: explain(self, exc, self.paths.log_dir, "Updating the request"))

        self._build_status_bar()
        self._connect_actions()
        self._settings = QSettings(str(paths.settings_file), QSettings.Format.IniFormat)
        self._restore_geometry()

    # -- frame ------------------------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        self.message = QLabel()
        self.message.setAccessibleName("Status")
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress of background work")
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel background work")
        self.cancel_button.hide()
        self.db_label = QLabel(str(self.paths.database))
        self.db_label.setAccessibleName("Database file")
        bar = self.ui.statusbar
        bar.addWidget(self.message, 1)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)
        bar.addPermanentWidget(self.db_label)
        if self.runner.clock.notice:  # a training copy, or a test: say so where it is seen
            self.clock_label = QLabel(f"\u23f0 {self.runner.clock.notice}")
            bar.addPermanentWidget(self.clock_label)
        self._progress_task: Task | None = None
        self.cancel_button.clicked.connect(self._cancel_progress_task)

    def track(self, task: Task, what: str) -> None:
        """Show a long task's progress in the status bar with a Cancel button."""
        self._progress_task = task
        self.progress.setRange(0, 0)
        self.progress.setFormat(what)
        self.progress.show()
        self.cancel_button.show()

        def progressed(done: int, total: int, text: str) -> None:
            if total:
                self.progress.setRange(0, total)
                self.progress.setValue(done)
            self.progress.setFormat(f"{what}: {text or '%p%'}")

        def ended(*_):
            if self._progress_task is task:
                self._progress_task = None
                self.progress.hide()
                self.cancel_button.hide()

        task.signals.progressed.connect(progressed)
        task.signals.finished.connect(ended)
        task.signals.failed.connect(ended)

    def _cancel_progress_task(self) -> None:
        if self._progress_task is not None:
            self._progress_task.cancel()
            self._show_message("Cancelling\u2026 nothing will be saved.")

    def _connect_actions(self) -> None:
        ui = self.ui
        for action, standard, usual in (
            (ui.actionNewRequest, QKeySequence.StandardKey.New, "Ctrl+N"),
            (ui.actionQuit, QKeySequence.StandardKey.Quit, "Ctrl+Q"),
            (ui.actionFind, QKeySequence.StandardKey.Find, "Ctrl+F"),
            (ui.actionCopy, QKeySequence.StandardKey.Copy, "Ctrl+C"),
            (ui.actionRefresh, QKeySequence.StandardKey.Refresh, "F5"),
            (ui.actionAbout, QKeySequence.StandardKey.HelpContents, "F1"),
        ):
            action.setShortcuts(_shortcuts(standard, usual))
        ui.actionNewRequest.triggered.connect(self.new_request)
        ui.actionImportAudit.triggered.connect(self.import_audit)
        ui.actionImportRoster.triggered.connect(self.import_roster)
        ui.actionQuit.triggered.connect(self.close)
        ui.actionAbout.triggered.connect(self.show_about)
        ui.actionOpenLogFolder.triggered.connect(self.open_log_folder)
        ui.actionBackup.triggered.connect(self.back_up)
        ui.actionRefresh.triggered.connect(self.refresh_current)
        ui.actionFind.triggered.connect(self.find)
        ui.actionCopy.triggered.connect(self.copy_selection)
        for i, action in enumerate((ui.actionShowRequests, ui.actionShowRecords,
                                    ui.actionShowPersonnel, ui.actionShowReports,
                                    ui.actionShowSettings)):
            action.triggered.connect(lambda _=False, i=i: ui.navList.setCurrentRow(i))

    # -- navigation -------------------------------------------------------------------------------
    def _nav_changed(self, row: int) -> None:
        if row < 0:
            return
        self.ui.pages.setCurrentIndex(row)
        self.panels[row].refresh()

    def show_view(self, view: str) -> None:
        """``requests``, ``records``, ``personnel``, ``reports``, ``settings`` or
        ``request:NUMBER``."""
        name, _, number = view.partition(":")
        name = {"request": "requests"}.get(name, name)
        if name not in VIEWS:
            raise ValueError(f"unknown view {view!r}; use one of {', '.join(VIEWS)} or "
                             "request:NUMBER")
        row = VIEWS.index(name)
        if self.ui.navList.currentRow() == row:
            self.panels[row].refresh()
        else:
            self.ui.navList.setCurrentRow(row)
        if number:
            self.requests_panel.select_number(number)

    def refresh_current(self) -> None:
        self.panels[self.ui.pages.currentIndex()].refresh()

    def find(self) -> None:
        self.ui.navList.setCurrentRow(0)
        self.requests_panel.focus_search()

    def copy_selection(self) -> None:
        from PySide6.QtWidgets import QApplication, QTableView

        view = self.focusWidget()
        if isinstance(view, QTableView):
            rows = sorted({i.row() for i in view.selectionModel().selectedIndexes()})
            model = view.model()
            text = "\n".join("\t".join(str(model.index(r, c).data() or "")
                                       for c in range(model.columnCount())) for r in rows)
            QApplication.clipboard().setText(text)

    def _show_message(self, text: str) -> None:
        self.message.setText(text)

    # -- actions ----------------------------------------------------------------------------------
    def show_about(self) -> None:
        QMessageBox.about(
            self, f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>Public-records requests about facial-recognition and licence-plate-reader "
            "searches: requests and their statutory clocks, audit-log and roster import, the "
            "records browser and a hash-chained activity log.</p>"
            "<p>Not in this version yet: matching records to requests, redaction, letters "
            "and disclosure packets.</p>"
            "<p>Everything stays on this computer.</p>"
            f"<p>Database: {self.paths.database}<br>Logs: {self.paths.log_dir}</p>")

    def new_request(self) -> RequestDialog:
        assignees = [self.requests_panel.assignee_combo.itemData(i)
                     for i in range(1, self.requests_panel.assignee_combo.count())]
        dialog = RequestDialog(self.runner, self.paths.log_dir, assignees, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.created.connect(self._request_created)
        dialog.open()
        return dialog

    def _request_created(self, number: str) -> None:
        self._show_message(f"{number} logged.")
        self.ui.navList.setCurrentRow(0)
        self.requests_panel.refresh_and_select(number)

    # -- imports ----------------------------------------------------------------------------------
    def import_audit(self, path: str | Path | None = None) -> ImportDialog | None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self, "Import audit log", str(Path.home()),
                "Audit exports (*.csv *.txt *.xlsx *.json *.ndjson);;All files (*)")
            if not path:
                return None
        dialog = ImportDialog(self.runner, self.paths.log_dir, Path(path), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(self._audit_imported)
        dialog.open()
        return dialog

    def _audit_imported(self, summary: dict) -> None:
        self._show_message(f"Imported {summary['rows']:,} rows from {summary['file']} "
                           f"(batch {summary['batch']}).")
        self.ui.navList.setCurrentRow(VIEWS.index("records"))
        self.records_panel.refresh()

    def import_roster(self, path: str | Path | None = None) -> None:
        from app.services.imports import import_roster

        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "Import personnel roster",
                                                  str(Path.home()),
                                                  "Rosters (*.csv *.xlsx);;All files (*)")
            if not path:
                return
        ctx = self.runner.context()
        task = self.runner.run(
            lambda db, job: import_roster(db, ctx, path, job), on_done=self._roster_imported,
            on_error=lambda exc: explain(self, exc, self.paths.log_dir, "Importing the roster"),
            write=True, owner=self, label="import roster")
        self.track(task, "Importing roster")

    def _roster_imported(self, result: dict) -> None:
        text = (f"Roster: {result['added']} added, {result['updated']} updated, "
                f"{result['unchanged']} unchanged, {result['rejected']} not imported.")
        self._show_message(text)
        if self.ui.navList.currentRow() == VIEWS.index("personnel"):
            self.personnel_panel.refresh()
        else:
            self.ui.navList.setCurrentRow(VIEWS.index("personnel"))
        if result["rejected"]:
            box = QMessageBox(QMessageBox.Icon.Warning, "Roster imported", text, parent=self)
            box.setInformativeText("\n".join(f"line {r['line']}: {r['reason']}"
                                             for r in result["rejects"][:15]))
            box.open()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = [u for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            event.acceptProposedAction()
            self.import_audit(urls[0].toLocalFile())

    def open_log_folder(self) -> None:
        self.paths.log_dir.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.paths.log_dir)))

    def back_up(self) -> None:
        from app.services.database import backup

        target, _ = QFileDialog.getSaveFileName(
            self, "Back up database", str(self.paths.database.with_suffix(".backup.sqlite3")),
            "SQLite database (*.sqlite3 *.db)")
        if not target:
            return
        ctx = self.runner.context()
        task = self.runner.run(lambda db, job: backup(db, ctx, target, job),
                               on_done=lambda r: self._show_message(f"Backed up to {r['backup']}"),
                               write=True, owner=self, label="backup")
        self.track(task, "Backing up")

    # -- geometry ---------------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = self._settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self._settings.value("window/state")
        if state is not None:
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        writing = self.runner.writing()
        if writing and QMessageBox.question(
                self, "Work still running",
                f"Still running: {', '.join(writing)}. Stop it and close? Nothing of it will "
                "be saved; you can start it again later.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No) != QMessageBox.StandardButton.Yes:
            event.ignore()
            return
        self._settings.setValue("window/geometry", self.saveGeometry())
        self._settings.setValue("window/state", self.saveState())
        self._settings.sync()
        self.runner.cancel_all()
        self.runner.wait(10_000)
        super().closeEvent(event)
