"""The Audit records view: the records browser and the import batches."""

from __future__ import annotations

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services import imports as import_service
from app.services import records as records_service
from app.services import reference
from app.services.records import RecordFilter
from app.ui.a11y import data_label
from app.ui.date_field import DateField
from app.ui.records_model import ID_ROLE, RecordsModel
from app.ui.rows_model import Column, RowsModel
from app.ui.simple_panels import Panel, fit_columns, labelled, make_table
from app.ui.tasks import TaskRunner


class RecordDialog(QDialog):
    """One audit record: the normalised fields and the original row, cell by cell."""

    def __init__(self, record: dict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Audit record {record['id']}")
        self.resize(720, 560)
        fields = [
            ("Searched at (local)", record["local_time"]),
            ("Searched at (UTC)", record["occurred_at"]),
            ("Zone named in the file", record["source_tz"] or f"none ({record['batch_tz']})"),
            ("System", record["system"]), ("User", record["user_name"]),
            ("Employee no.", record["user_id"]), ("E-mail", record["user_email"]),
            ("Username", record["username"]), ("Unit", record["unit"]),
            ("Case no.", record["case_number"]), ("Purpose", record["purpose"]),
            ("Notes", record["notes"]), ("Results", record["result_count"]),
            ("IP address", record["ip_address"]), ("Event ID", record["event_id"]),
            ("Imported from", f"{record['file_name']}, line {record['line_no']} "
                              f"(batch {record['batch_id']})"),
        ]
        self.normalised = RowsModel([Column("Field", "k"), Column("Value", "v")], self)
        self.normalised.set_rows([{"k": k, "v": "" if v is None else v} for k, v in fields])
        self.original = RowsModel([Column("Column in the file", "k"),
                                   Column("Value as exported", "v")], self)
        self.original.set_rows([{"k": k, "v": v} for k, v in record["original"]])
        layout = QVBoxLayout(self)
        normalised = make_table(self.normalised, "Normalised fields")
        original = make_table(self.original, "Original row")
        for table in (normalised, original):
            fit_columns(table)
        layout.addWidget(labelled_above("<b>&Normalised</b>", normalised))
        layout.addWidget(normalised, 3)
        layout.addWidget(labelled_above("<b>&Original row, verbatim</b>", original))
        layout.addWidget(original, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        # Not the default button: it would look focused (default) while the focus is elsewhere.
        buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        layout.addWidget(buttons)


def labelled_above(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


class _ReturnOpens(QObject):
    """Return or Enter on the records table opens the record. An event filter on the table
    itself, so the key does so only there: a window-wide Return shortcut (PySide6 ignored the
    shortcut's context argument) opened a record when the clerk pressed Return in a filter."""

    def __init__(self, table: QWidget, action) -> None:
        super().__init__(table)
        self._action = action
        table.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier):
            self._action()
            return True
        return super().eventFilter(watched, event)


class RecordsPanel(Panel):
    import_requested = Signal()
    action_failed = Signal(object)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Audit records and import batches")
        self.tabs.addTab(self._build_browser(), "&Records")
        self.tabs.addTab(self._build_batches(), "Import &batches")
        self.tabs.setTabToolTip(0, "Alt+R")
        self.tabs.setTabToolTip(1, "Alt+B")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self._loaded_once = False

    # -- the browser -------------------------------------------------------------------------------
    def _build_browser(self) -> QWidget:
        page = QWidget()
        self.from_check = QCheckBox("Fro&m")
        self.from_check.setAccessibleName("Only records from a date")
        self.from_edit = DateField()
        self.from_edit.setAccessibleName("Records from")
        self.to_check = QCheckBox("&To")
        self.to_check.setAccessibleName("Only records up to a date")
        self.to_edit = DateField()
        self.to_edit.setAccessibleName("Records up to")
        today = self._runner.today()
        self.from_edit.setDate(QDate(today.year, 1, 1))
        self.to_edit.setDate(QDate(today.year, today.month, today.day))
        self.from_edit.setEnabled(False)
        self.to_edit.setEnabled(False)
        self.from_check.toggled.connect(self.from_edit.setEnabled)
        self.to_check.toggled.connect(self.to_edit.setEnabled)
        self.system_combo = QComboBox()
        self.system_combo.setAccessibleName("System")
        self.system_combo.addItem("All systems", None)
        self.user_edit = QLineEdit(placeholderText="name, number, e-mail")
        self.user_edit.setAccessibleName("User")
        self.unit_edit = QLineEdit()
        self.unit_edit.setAccessibleName("Unit")
        self.case_edit = QLineEdit()
        self.case_edit.setAccessibleName("Case number")
        self.text_edit = QLineEdit(placeholderText="words in purpose or notes")
        self.text_edit.setAccessibleName("Free text")
        self.clear_button = QPushButton("C&lear filters")
        self.import_button = QPushButton("&Import audit log\u2026")
        self.import_button.setToolTip("Import a vendor's audit export (Ctrl+I); you can also "
                                      "drop the file on the window")
        self.import_button.clicked.connect(self.import_requested)
        for edit in (self.user_edit, self.unit_edit, self.case_edit, self.text_edit):
            edit.setMinimumWidth(60)
        self.system_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.system_combo.setMinimumContentsLength(10)

        row1 = QHBoxLayout()
        row1.addWidget(self.from_check)
        row1.addWidget(self.from_edit)
        row1.addWidget(self.to_check)
        row1.addWidget(self.to_edit)
        labelled("S&ystem:", self.system_combo, row1)
        row1.addStretch(1)
        row2 = QHBoxLayout()
        labelled("&User:", self.user_edit, row2)
        labelled("U&nit:", self.unit_edit, row2)
        labelled("&Case:", self.case_edit, row2)
        labelled("Te&xt:", self.text_edit, row2)
        row2.addWidget(self.clear_button)

        self.model = RecordsModel(self._runner, self)
        self.table = make_table(self.model, "Audit records", single=True)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # a million rows, one height
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        for column, width in enumerate((190, 80, 170, 90, 150, 90, 150, 260, 60, 100, 90)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(lambda _: self.show_details())
        self._return_opens = _ReturnOpens(self.table, self.show_details)
        self.count_label = data_label("Number of records shown")
        self.empty_label = data_label("What to do first", focusable=True)
        self.empty_label.setWordWrap(True)
        self.empty_label.setText(
            "No audit records yet. Import a vendor's search-audit export (CSV, XLSX or JSON) "
            "with Import audit log (Alt+I, or Ctrl+I from anywhere), or drop the file on this "
            "window.")
        self.empty_label.hide()
        self.details_button = QPushButton("&Details\u2026")
        self.details_button.setAccessibleName("Show the selected record and its original row")
        self.details_button.clicked.connect(self.show_details)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.details_button)
        bottom.addWidget(self.import_button)

        layout = QVBoxLayout(page)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        self.model.count_changed.connect(self._count_changed)
        self.model.load_failed.connect(self.action_failed)
        self._filter_timer = QTimer(self, singleShot=True, interval=300)
        self._filter_timer.timeout.connect(self.apply_filter)
        for edit in (self.user_edit, self.unit_edit, self.case_edit, self.text_edit,
                     self.from_edit, self.to_edit):
            edit.returnPressed.connect(self.apply_filter)
        for edit in (self.user_edit, self.unit_edit, self.case_edit, self.text_edit):
            edit.textChanged.connect(self._filter_timer.start)
        for signal in (self.from_check.toggled, self.to_check.toggled,
                       self.from_edit.dateChanged, self.to_edit.dateChanged,
                       self.system_combo.currentIndexChanged):
            signal.connect(self._filter_timer.start)
        self.from_edit.refused.connect(lambda _: self._date_refused())
        self.to_edit.refused.connect(lambda _: self._date_refused())
        self.clear_button.clicked.connect(self.clear_filters)
        return page

    def current_filter(self) -> RecordFilter:
        system = self.system_combo.currentData()
        return RecordFilter(
            date_from=self.from_edit.value() if self.from_check.isChecked() else None,
            date_to=self.to_edit.value() if self.to_check.isChecked() else None,
            systems=(system,) if system else (), user=self.user_edit.text(),
            unit=self.unit_edit.text(), case_number=self.case_edit.text(),
            text=self.text_edit.text())

    def date_problems(self) -> list[str]:
        """Why a ticked date filter cannot be applied (its text is not a date)."""
        return [f"{name}: {edit.problem()}" for name, check, edit in (
            ("From", self.from_check, self.from_edit), ("To", self.to_check, self.to_edit))
            if check.isChecked() and edit.value() is None]

    def apply_filter(self) -> None:
        self._filter_timer.stop()
        if self.date_problems():
            self._date_refused()
            return
        self.model.load(self.current_filter())

    def _date_refused(self) -> None:
        problems = self.date_problems()
        if problems:
            self.count_label.setText("Filter not applied: " + " ".join(problems))
            self.status_message.emit("Records filter not applied. " + " ".join(problems))

    def focus_search(self) -> bool:
        self.tabs.setCurrentIndex(0)
        self.text_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.text_edit.selectAll()
        return True

    def _reset_filters(self) -> None:
        """Empty every filter field without the delayed reload that typing triggers."""
        for check in (self.from_check, self.to_check):
            check.setChecked(False)
        for edit in (self.user_edit, self.unit_edit, self.case_edit, self.text_edit):
            edit.clear()
        self.system_combo.setCurrentIndex(0)
        self._filter_timer.stop()

    def clear_filters(self) -> None:
        self._reset_filters()
        self.apply_filter()

    def _count_changed(self, count: int, complete: bool) -> None:
        text = (f"{count:,} record{'s' if count != 1 else ''}" if complete
                else f"Loading\u2026 {count:,} records so far")
        if self.model.filter.batch_id is not None:
            text = f"Batch {self.model.filter.batch_id} only (change a filter to see all): {text}"
        self.count_label.setText(text)
        if complete:
            self.empty_label.setVisible(count == 0 and self.model.filter == RecordFilter())
            self.loaded.emit()

    def show_details(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            self.status_message.emit("Select a record first.")
            return
        record_id = index.data(ID_ROLE)
        self._runner.run(lambda db, job: records_service.detail(db, record_id),
                         on_done=self._open_detail, owner=self, label="load record",
                         latest=(self, "record"))

    def _open_detail(self, record: dict) -> None:
        self.detail_dialog = RecordDialog(record, self)
        self.detail_dialog.open()

    # -- batches -----------------------------------------------------------------------------------
    def _build_batches(self) -> QWidget:
        page = QWidget()
        self.batch_model = RowsModel([
            Column("Batch", "id"), Column("File", "file_name"), Column("System", "system"),
            Column("Shape", "vendor_profile"), Column("Encoding", "encoding"),
            Column("Zone of naive times", "source_tz"),
            Column("Rows imported", "rows_imported", lambda r: f"{r['rows_imported']:,}"),
            Column("Rows rejected", "rows_rejected", lambda r: f"{r['rows_rejected']:,}"),
            Column("Imported by", "imported_by"), Column("Imported at (UTC)", "imported_at"),
            Column("SHA-256", "sha256"),
        ], self)
        self.batch_table = make_table(self.batch_model, "Import batches")
        self.batch_table.selectionModel().currentRowChanged.connect(self._batch_selected)
        self.reject_model = RowsModel([Column("Line", "line_no"), Column("Why", "reason"),
                                       Column("Row as read", "raw")], self)
        self.reject_table = make_table(self.reject_model, "Rejected rows of the batch")
        self.remove_button = QPushButton("Remove ba&tch\u2026")
        self.remove_button.setAccessibleName("Remove the selected batch and its records")
        self.remove_button.clicked.connect(self.remove_batch)
        self.show_records_button = QPushButton("Sh&ow its records")
        self.show_records_button.clicked.connect(self._show_batch_records)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.show_records_button)
        buttons.addWidget(self.remove_button)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("batchesSplitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.batch_table)
        reject_box = QWidget()
        reject_layout = QVBoxLayout(reject_box)
        reject_layout.setContentsMargins(0, 0, 0, 0)
        self.reject_label = QLabel("Rows not im&ported, with the file's line numbers:")
        self.reject_label.setBuddy(self.reject_table)
        reject_layout.addWidget(self.reject_label)
        reject_layout.addWidget(self.reject_table)
        splitter.addWidget(reject_box)
        layout = QVBoxLayout(page)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        return page

    def selected_batch(self) -> dict | None:
        index = self.batch_table.currentIndex()
        return self.batch_model.row_at(index.row()) if index.isValid() else None

    def _batch_selected(self, current, _previous) -> None:
        batch = self.selected_batch()
        if batch is None:
            self.reject_model.set_rows([])
            return
        batch_id = batch["id"]
        self._runner.run(lambda db, job: import_service.batch_rejects(db, batch_id),
                         on_done=self.reject_model.set_rows, owner=self, label="load rejects",
                         latest=(self, "rejects"))

    def _show_batch_records(self) -> None:
        batch = self.selected_batch()
        if batch is not None:
            self._reset_filters()
            self.model.load(RecordFilter(batch_id=batch["id"]))
            self.tabs.setCurrentIndex(0)

    def remove_batch(self) -> None:
        batch = self.selected_batch()
        if batch is None:
            self.status_message.emit("Select a batch first.")
            return
        answer = QMessageBox.question(
            self, "Remove import batch",
            f"Remove batch {batch['id']} ({batch['file_name']}) and its "
            f"{batch['rows_imported']:,} records? The removal is recorded in the activity log; "
            "the file can be imported again afterwards.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        batch_id = batch["id"]
        ctx = self._runner.context()
        self._runner.run(lambda db, job: import_service.remove_batch(db, ctx, batch_id),
                         on_done=lambda r: (self.status_message.emit(
                             f"Removed batch {batch_id} ({r['removed_records']:,} records)."),
                             self.refresh()),
                         on_error=self.action_failed.emit, write=True, owner=self,
                         label="remove batch")

    # -- both --------------------------------------------------------------------------------------
    def refresh(self) -> None:
        def load(db, job):
            return reference.batches(db), records_service.systems(db)

        self._runner.run(load, on_done=self._reference_loaded, owner=self, label="load batches",
                         latest=(self, "batches"))
        self.apply_filter()

    def _reference_loaded(self, result) -> None:
        batches, systems = result
        self.batch_model.set_rows(batches)
        fit_columns(self.batch_table)
        current = self.system_combo.currentData()
        self.system_combo.blockSignals(True)
        self.system_combo.clear()
        self.system_combo.addItem("All systems", None)
        for system in systems:
            self.system_combo.addItem(system, system)
        self.system_combo.setCurrentIndex(max(self.system_combo.findData(current), 0))
        self.system_combo.blockSignals(False)
