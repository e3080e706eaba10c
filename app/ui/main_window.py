"""The main window: assembles the panels, the menus and the status bar. Nothing else.

What the window remembers between sessions (an INI file at ``paths.settings_file``): its
geometry, the view shown last, every splitter's position and every table's column widths (by
object name), and the folder the last import came from."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import QCloseEvent, QDesktopServices, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTextEdit,
)

from app import APP_NAME, __version__
from app import clock as app_clock
from app.paths import Paths
from app.services import reference
from app.ui.a11y import announce, data_label
from app.ui.errors import explain
from app.ui.forms.ui_main_window import Ui_MainWindow
from app.ui.help_dialog import HelpDialog
from app.ui.import_dialog import ImportDialog
from app.ui.records_panel import RecordsPanel
from app.ui.release_window import ReleaseWindow, open_release_window
from app.ui.request_dialog import RequestDialog
from app.ui.requests_panel import RequestsPanel
from app.ui.review_window import ReviewWindow
from app.ui.settings_panel import SettingsPanel
from app.ui.simple_panels import COLUMNS_RESTORED, PersonnelPanel, ReportsPanel
from app.ui.tasks import Task, TaskRunner

VIEWS = ("requests", "records", "personnel", "reports", "settings")
UNDO_SECONDS = 30  # how long an Undo is offered after a change that can be taken back


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
            panel.undo_offered.connect(self.offer_undo)
        self.ui.navList.currentRowChanged.connect(self._nav_changed)
        self.requests_panel.requests_changed.connect(self.refresh_overdue)
        self.requests_panel.new_request_requested.connect(self.new_request)
        self.requests_panel.actions.release_requested.connect(self.open_release)
        self.requests_panel.actions.review_requested.connect(self.review_redactions)
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
        self.refresh_overdue()

    # -- frame ------------------------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        # Messages are read by their text, and announced as they appear (see _show_message).
        self.message = data_label("Status")
        self.undo_button = QPushButton("Undo (Ctrl+Z)")
        self.undo_button.setAccessibleName("Undo")
        self.undo_button.hide()
        self.undo_button.clicked.connect(self.undo)
        self._undo = None
        self._undo_timer = QTimer(self, singleShot=True, interval=UNDO_SECONDS * 1000)
        self._undo_timer.timeout.connect(self._withdraw_undo)
        self.overdue_label = data_label("Overdue requests, in the whole queue")
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress of background work")
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel background work")
        self.cancel_button.hide()
        self.db_label = data_label("Database file", self.paths.database.name)
        self.db_label.setToolTip(str(self.paths.database))
        bar = self.ui.statusbar
        bar.addWidget(self.message, 1)
        bar.addWidget(self.undo_button)
        bar.addPermanentWidget(self.overdue_label)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)
        bar.addPermanentWidget(self.db_label)
        if self.runner.clock.notice:  # a training copy, or a test: say so where it is seen
            self.clock_label = data_label("The date the desk works with",
                                          f"\u23f0 {self.runner.clock.notice}")
            self.clock_label.setWordWrap(True)
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
            (ui.actionHelp, QKeySequence.StandardKey.HelpContents, "F1"),
            (ui.actionUndo, QKeySequence.StandardKey.Undo, "Ctrl+Z"),
            (ui.actionPreferences, QKeySequence.StandardKey.Preferences, "Ctrl+,"),
        ):
            action.setShortcuts(_shortcuts(standard, usual))
        ui.actionNewRequest.triggered.connect(self.new_request)
        ui.actionHelp.triggered.connect(self.show_help)
        ui.actionUndo.triggered.connect(self.undo)
        ui.actionPreferences.triggered.connect(self.show_preferences)
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
        self.refresh_overdue()

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
        self.refresh_overdue()

    def current_view(self) -> str:
        return VIEWS[max(self.ui.pages.currentIndex(), 0)]

    def find(self) -> None:
        """Ctrl+F: the search box of the view shown (the requests' search where it has
        none)."""
        if not self.panels[self.ui.pages.currentIndex()].focus_search():
            self.ui.navList.setCurrentRow(0)
            self.requests_panel.focus_search()

    def copy_selection(self) -> None:
        """Ctrl+C: what is selected where the focus is; in the request detail with nothing
        selected, the whole request."""
        widget = QApplication.focusWidget()
        text = ""
        if widget is self.requests_panel.detail:
            text = self.requests_panel.detail_text()
        elif isinstance(widget, QTextEdit):
            text = widget.textCursor().selectedText().replace("\u2029", "\n")
        elif isinstance(widget, QLineEdit):
            text = widget.selectedText()
        elif isinstance(widget, QTableView) and widget.selectionModel() is not None:
            rows = sorted({i.row() for i in widget.selectionModel().selectedIndexes()})
            model = widget.model()
            text = "\n".join("\t".join(str(model.index(r, c).data() or "")
                                       for c in range(model.columnCount())) for r in rows)
        if text:
            QApplication.clipboard().setText(text)
            self._show_message(f"Copied {len(text.splitlines()) or 1} line"
                               f"{'s' if len(text.splitlines()) > 1 else ''}.")

    def _show_message(self, text: str) -> None:
        """An outcome in the status bar, spoken by a screen reader as it appears."""
        self.message.setText(text)
        announce(self.message, text)

    # -- undo --------------------------------------------------------------------------------------
    def offer_undo(self, what: str, undo) -> None:
        """For a short while after a change that can be taken back: Ctrl+Z or the status bar's
        Undo button takes it back (through the service that allows exactly that)."""
        self._undo = undo
        self.undo_button.setToolTip(f"Undo: {what}")
        self.undo_button.setAccessibleDescription(f"Take back: {what}")
        self.undo_button.show()
        self.ui.actionUndo.setEnabled(True)
        self.ui.actionUndo.setText(f"&Undo: {what}")
        self._undo_timer.start()
        self._show_message(f"{what} Press Ctrl+Z within {UNDO_SECONDS} seconds to undo.")
        self.refresh_overdue()

    def undo(self) -> None:
        undo, self._undo = self._undo, None
        self._withdraw_undo()
        if undo is not None:
            undo()

    def _withdraw_undo(self) -> None:
        self._undo = None
        self._undo_timer.stop()
        if self.undo_button.hasFocus():
            self.ui.navList.setFocus()
        self.undo_button.hide()
        self.ui.actionUndo.setEnabled(False)
        self.ui.actionUndo.setText("&Undo")

    # -- what needs attention ----------------------------------------------------------------------
    def refresh_overdue(self) -> None:
        """The overdue requests, counted in the whole queue, shown from every view."""
        ctx = self.runner.context()
        self.runner.run(lambda db, job: reference.overdue(db, ctx), on_done=self._overdue_loaded,
                        owner=self, label="count overdue", latest=(self, "overdue"))

    def _overdue_loaded(self, overdue: list[str]) -> None:
        self.overdue_label.setText(f"\u26a0 {len(overdue)} overdue" if overdue
                                   else "None overdue")
        self.overdue_label.setToolTip(", ".join(overdue) if overdue else "")
        self.overdue_label.setAccessibleDescription(
            "Overdue requests: " + (", ".join(overdue) if overdue else "none"))

    # -- actions ----------------------------------------------------------------------------------
    def show_help(self) -> HelpDialog:
        actions = [a for menu in (self.ui.menuFile, self.ui.menuEdit, self.ui.menuView,
                                  self.ui.menuHelp) for a in menu.actions()
                   if not a.isSeparator() and a is not self.ui.actionUndo]
        dialog = HelpDialog([*actions[:1], self.ui.actionUndo, *actions[1:]], self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_preferences(self) -> None:
        self.show_view("settings")
        self.settings_panel.focus_agency()

    def show_about(self) -> None:
        QMessageBox.about(
            self, f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>Public-records requests about facial-recognition and licence-plate-reader "
            "searches: requests and their statutory clocks, audit-log and roster import, the "
            "records browser, matching and redaction under a counsel-set profile, letters, "
            "the Bates-numbered disclosure packet, a release gate that reads every file "
            "back, and a hash-chained activity log.</p>"
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

    def review_redactions(self, number: str) -> ReviewWindow:
        """The review window of a request (one per request; opening it again raises it)."""
        windows = getattr(self, "review_windows", {})
        self.review_windows = windows
        window = windows.get(number)
        if window is None:
            window = windows[number] = ReviewWindow(self.runner, number, self.paths.log_dir,
                                                    self)
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.destroyed.connect(lambda _=None: windows.pop(number, None))
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def _request_created(self, number: str) -> None:
        self._show_message(f"{number} logged.")
        self.refresh_overdue()
        self.ui.navList.setCurrentRow(0)
        self.requests_panel.refresh_and_select(number)

    # -- a request's way out ---------------------------------------------------------------------
    def open_release(self, number: str) -> ReleaseWindow:
        """The letters, approval, packet and release of one request, in a window of its own."""
        window = open_release_window(self.runner, self.paths, number, self)
        window.changed.connect(self.requests_panel.actions.changed)
        return window

    # -- imports ----------------------------------------------------------------------------------
    def import_folder(self) -> str:
        """Where the file dialogs of imports open: the folder of the last file imported."""
        folder = self._settings.value("imports/folder")
        return str(folder) if folder and Path(str(folder)).is_dir() else str(Path.home())

    def _remember_import_folder(self, path: str | Path) -> None:
        self._settings.setValue("imports/folder", str(Path(path).parent))

    def import_audit(self, path: str | Path | None = None) -> ImportDialog | None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self, "Import audit log", self.import_folder(),
                "Audit exports (*.csv *.txt *.xlsx *.json *.ndjson);;All files (*)")
            if not path:
                return None
        self._remember_import_folder(path)
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
                                                  self.import_folder(),
                                                  "Rosters (*.csv *.xlsx);;All files (*)")
            if not path:
                return
        self._remember_import_folder(path)
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
        for splitter in self.findChildren(QSplitter):
            saved = self._settings.value(f"splitters/{splitter.objectName()}")
            if splitter.objectName() and saved is not None:
                splitter.restoreState(saved)
        for table in self.findChildren(QTableView):
            saved = self._settings.value(f"columns/{table.objectName()}")
            if table.objectName() and saved is not None and \
                    table.horizontalHeader().restoreState(saved):
                table.setProperty(COLUMNS_RESTORED, True)

    def last_view(self) -> str:
        """The view shown when the window was last closed (``requests`` the first time)."""
        view = str(self._settings.value("window/view") or "requests")
        return view if view in VIEWS else "requests"

    def _save_layout(self) -> None:
        self._settings.setValue("window/geometry", self.saveGeometry())
        self._settings.setValue("window/state", self.saveState())
        self._settings.setValue("window/view", self.current_view())
        for splitter in self.findChildren(QSplitter):
            if splitter.objectName():
                self._settings.setValue(f"splitters/{splitter.objectName()}",
                                        splitter.saveState())
        for table in self.findChildren(QTableView):
            if table.objectName() and table.model() is not None:
                self._settings.setValue(f"columns/{table.objectName()}",
                                        table.horizontalHeader().saveState())

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
        self._save_layout()
        self._settings.sync()
        self.runner.cancel_all()
        self.runner.wait(10_000)
        super().closeEvent(event)
