"""The import step: what the importer found, the column mapping, a preview, then the import
itself with progress and cancel."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QHeaderView,
    QMessageBox,
    QScrollArea,
    QTableWidgetItem,
    QWidget,
)

from app.domain.errors import DeskError
from app.importers.fields import FIELD_TITLES, FIELDS
from app.importers.mapping import Mapping, load_mapping, save_mapping
from app.services import imports as import_service
from app.services.imports import ImportPlan
from app.services.jobs import Cancelled
from app.ui.a11y import announce, fit_to_screen, readable
from app.ui.errors import explain
from app.ui.forms.ui_import_dialog import Ui_ImportDialog
from app.ui.rows_model import Column, RowsModel
from app.ui.tasks import Task, TaskRunner

COMMON_ZONES = ("America/Los_Angeles", "America/Denver", "America/Phoenix", "America/Chicago",
                "America/New_York", "America/Anchorage", "Pacific/Honolulu", "UTC")
NOT_MAPPED = "\u2014 keep in the original row only \u2014"
DATE_ORDER_CHOICES = (
    ("", "Decide from the file's dates (a day above 12 tells)"),
    ("month-first", "Month first: 03/04/2019 is 4 March"),
    ("day-first", "Day first: 03/04/2019 is 3 April"),
)
SOURCE_WORDS = {"profile": "recognised vendor shape", "saved": "mapping saved earlier for "
                "these columns", "file": "mapping file", "proposed": "proposed from the column "
                "names: check it"}


class _ScrollToFocused(QObject):
    """Keeps the mapping row whose combo box has the focus in view, and current."""

    def __init__(self, table, row: int, combo: QComboBox) -> None:
        super().__init__(combo)
        self._table, self._row = table, row

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            index = self._table.model().index(self._row, 1)
            self._table.scrollTo(index)
            self._table.setCurrentIndex(index)
        return False


def _record_text(key: str):
    return lambda row: "" if row.get(key) is None else str(row[key])


class ImportDialog(QDialog):
    imported = Signal(dict)

    def __init__(self, runner: TaskRunner, log_dir: Path, path: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_ImportDialog()
        self.ui.setupUi(self)
        self._runner = runner
        self._log_dir = log_dir
        self.path = Path(path)
        self.plan: ImportPlan | None = None
        self._task: Task | None = None
        self._filling = False
        ui = self.ui
        ui.fileLabel.setText(f"<b>{self.path.name}</b> in {self.path.parent}")
        ui.shapeLabel.setText("Reading the file\u2026")
        for zone in COMMON_ZONES:
            ui.zoneCombo.addItem(zone)
        for value, text in DATE_ORDER_CHOICES:
            ui.dateOrderCombo.addItem(text, value)
        ui.sheetLabel.setVisible(False)
        ui.sheetCombo.setVisible(False)
        ui.mappingTable.horizontalHeader().setSectionResizeMode(
            2, QHeaderView.ResizeMode.Stretch)
        ui.mappingTable.verticalHeader().hide()
        self.preview = RowsModel([
            Column("Line", "line", lambda r: str(r["line"])),
            Column("Searched at (UTC)", "occurred_at", _record_text("occurred_at")),
            Column("User", "user_name", _record_text("user_name")),
            Column("Employee no.", "user_id", _record_text("user_id")),
            Column("Unit", "unit", _record_text("unit")),
            Column("Case no.", "case_number", _record_text("case_number")),
            Column("Purpose", "purpose", _record_text("purpose")),
            Column("Results", "result_count", _record_text("result_count")),
            Column("Problem", "problem", _record_text("problem")),
        ], self)
        ui.previewTable.setModel(self.preview)
        ui.previewTable.verticalHeader().hide()
        for label in (ui.fileLabel, ui.shapeLabel, ui.problemsLabel):
            readable(label)  # read by its text; Tab reaches it
        # Small screens (1280x720 at 150 %): the tables shrink to a few rows, the dialog to
        # the screen.
        for table in (ui.mappingTable, ui.previewTable):
            table.setMinimumHeight(4 * self.fontMetrics().height())
        # The problems scroll when there is no room for all of them; never cut off.
        self.problems_area = QScrollArea()
        self.problems_area.setObjectName("problemsScroll")
        self.problems_area.setWidgetResizable(True)
        self.problems_area.setFrameShape(QFrame.Shape.NoFrame)
        self.problems_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.problems_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.layout().replaceWidget(ui.problemsLabel, self.problems_area)
        self.problems_area.setWidget(ui.problemsLabel)
        self.problems_area.setMinimumHeight(2 * self.fontMetrics().lineSpacing() + 6)
        fit_to_screen(self, self.size())
        ui.problemsLabel.setStyleSheet("color: #b00020;" if self.palette().base().color()
                                       .lightness() > 128 else "color: #ff8a80;")
        ui.importButton.setEnabled(False)
        ui.importButton.clicked.connect(self.start_import)
        ui.cancelButton.clicked.connect(self._cancel_clicked)
        ui.saveMappingButton.clicked.connect(self.save_mapping_file)
        ui.loadMappingButton.clicked.connect(self.load_mapping_file)
        self._replan_timer = QTimer(self, singleShot=True, interval=400)
        self._replan_timer.timeout.connect(lambda: self.analyse(self.current_mapping()))
        ui.systemEdit.textEdited.connect(self._replan_timer.start)
        ui.zoneCombo.currentTextChanged.connect(
            lambda _: None if self._filling else self._replan_timer.start())
        # A new sheet is a new shape (other columns): its mapping is found afresh.
        ui.sheetCombo.currentIndexChanged.connect(
            lambda _: None if self._filling else self.analyse())
        ui.dateOrderCombo.currentIndexChanged.connect(
            lambda _: None if self._filling else self._replan_timer.start())
        self.analyse()

    # -- reading the file --------------------------------------------------------------------------
    def analyse(self, mapping: Mapping | None = None) -> None:
        ui = self.ui
        system = ui.systemEdit.text().strip() or None
        zone = ui.zoneCombo.currentText().strip() if self.plan else None
        sheet = ui.sheetCombo.currentData() if ui.sheetCombo.count() else None
        order = ui.dateOrderCombo.currentData() or None
        path = self.path
        ui.importButton.setEnabled(False)
        self._runner.run(
            lambda db, job: import_service.plan_import(db, path, mapping=mapping, system=system,
                                                       timezone=zone, sheet=sheet,
                                                       date_order=order),
            on_done=self._planned, on_error=self._plan_failed, owner=self, label="read export",
            latest=(self, "plan"))

    def _plan_failed(self, exc: BaseException) -> None:
        if isinstance(exc, DeskError):
            self.ui.shapeLabel.setText("This file cannot be imported.")
            self.ui.problemsLabel.setText(f"\u26a0 {exc}")
        else:
            explain(self, exc, self._log_dir, "Reading the export")

    def _planned(self, plan: ImportPlan) -> None:
        self.plan = plan
        t = plan.table
        ui = self.ui
        shape = plan.profile.title if plan.profile else "not a known vendor shape"
        parts = [f"{t.format.upper()}", f"encoding {t.encoding}"]
        if t.format == "csv":
            parts.append({",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}
                         .get(t.delimiter, t.delimiter) + "-separated")
        if t.sheet:
            parts.append(f"sheet '{html.escape(t.sheet)}'")
        parts.append(f"column names on line {t.header_line}" if t.header_line else "records")
        ui.shapeLabel.setText(f"{', '.join(parts)}. Shape: <b>{shape}</b>. Mapping: "
                              f"{SOURCE_WORDS[plan.mapping_source]}. "
                              f"<br><b>Day and month:</b> "
                              f"{html.escape(import_service.date_order_words(plan))}"
                              f"<br>SHA-256 {t.sha256[:16]}\u2026"
                              + "".join(f"<br>{html.escape(n)}" for n in plan.notes))
        self._filling = True
        self._fill_sheets(plan)
        if not ui.systemEdit.text():
            ui.systemEdit.setText(plan.system)
        if ui.zoneCombo.findText(plan.timezone) < 0:
            ui.zoneCombo.addItem(plan.timezone)
        ui.zoneCombo.setCurrentText(plan.timezone)
        self._fill_mapping(plan)
        self._filling = False
        self.preview.set_rows([
            {"line": p.line, "problem": p.problem, **(p.record or {})} for p in plan.preview])
        ui.previewTable.resizeColumnsToContents()
        problems = list(plan.problems)
        if plan.duplicate_of:
            b = plan.duplicate_of
            problems.insert(0, f"This file was already imported as batch {b['id']} on "
                               f"{b['imported_at']} by {b['imported_by']}.")
        ui.problemsLabel.setText("\n".join(f"\u26a0 {p}" for p in problems))
        ui.problemsLabel.setVisible(bool(problems))
        ui.importButton.setEnabled(plan.ready)
        ui.rememberCheck.setChecked(plan.mapping_source in ("proposed", "file"))
        announce(self, ui.shapeLabel.text().split("<br>")[0].replace("<b>", "").replace(
            "</b>", "") + (" " + ui.problemsLabel.text() if problems else " Ready to import."))

    def _fill_sheets(self, plan: ImportPlan) -> None:
        combo, sheets = self.ui.sheetCombo, plan.table.sheets
        self.ui.sheetLabel.setVisible(len(sheets) > 1)
        combo.setVisible(len(sheets) > 1)
        if combo.count() != len(sheets):
            combo.clear()
            for name, state in sheets:
                combo.addItem(name if state == "visible" else f"{name} ({state})", name)
        combo.setCurrentIndex(max(combo.findData(plan.table.sheet), 0))

    def _fill_mapping(self, plan: ImportPlan) -> None:
        """Show the plan's mapping. The combo boxes are made once per set of columns and
        updated in place afterwards: replacing them after each choice took the keyboard focus
        away from the combo the clerk had just used."""
        table = self.ui.mappingTable
        header = plan.table.header
        samples = [p.cells for p in plan.preview[:3]]
        same_columns = table.rowCount() == len(header) and all(
            table.item(row, 0) is not None and table.item(row, 0).text() == name
            for row, name in enumerate(header))
        if not same_columns:
            table.setRowCount(len(header))
        previous: QWidget = table
        for row, name in enumerate(header):
            chosen = plan.mapping.columns.get(name, "")
            combo = table.cellWidget(row, 1) if same_columns else None
            if isinstance(combo, QComboBox):
                if combo.currentData() != chosen:
                    combo.blockSignals(True)
                    combo.setCurrentIndex(max(combo.findData(chosen), 0))
                    combo.blockSignals(False)
            else:
                item = QTableWidgetItem(name)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                table.setItem(row, 0, item)
                combo = QComboBox()
                combo.setAccessibleName(f"Field held by column {name}")
                combo.addItem(NOT_MAPPED, "")
                for field in FIELDS:
                    combo.addItem(f"{FIELD_TITLES[field]} ({field})", field)
                combo.setCurrentIndex(max(combo.findData(chosen), 0))
                combo.currentIndexChanged.connect(self._replan_timer.start)
                combo.installEventFilter(_ScrollToFocused(table, row, combo))
                table.setCellWidget(row, 1, combo)
                # Tab goes from the table through its combo boxes, then on to the preview.
                QWidget.setTabOrder(previous, combo)
            previous = combo
            values = " | ".join(s[row] for s in samples if row < len(s) and s[row])
            sample = table.item(row, 2)
            if sample is None:
                sample = QTableWidgetItem()
                sample.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                table.setItem(row, 2, sample)
            sample.setText(values)
        if not same_columns:
            QWidget.setTabOrder(previous, self.ui.previewTable)
            table.resizeColumnToContents(0)
            table.resizeColumnToContents(1)

    def current_mapping(self) -> Mapping:
        table = self.ui.mappingTable
        columns = {}
        for row in range(table.rowCount()):
            field = table.cellWidget(row, 1).currentData()
            if field:
                columns[table.item(row, 0).text()] = field
        return Mapping(self.ui.systemEdit.text().strip().lower(),
                       self.ui.zoneCombo.currentText().strip(), columns)

    # -- mapping files -----------------------------------------------------------------------------
    def save_mapping_file(self) -> None:
        target, _ = QFileDialog.getSaveFileName(
            self, "Save column mapping", str(self.path.with_suffix(".mapping.json")),
            "Mapping (*.json)")
        if target:
            save_mapping(self.current_mapping(), target)

    def load_mapping_file(self) -> None:
        source, _ = QFileDialog.getOpenFileName(self, "Load column mapping",
                                                str(self.path.parent), "Mapping (*.json)")
        if not source:
            return
        try:
            mapping = load_mapping(source)
        except DeskError as exc:
            explain(self, exc, self._log_dir, "Loading the mapping")
            return
        if mapping.system:
            self.ui.systemEdit.setText(mapping.system)
        if mapping.timezone:
            self.ui.zoneCombo.setCurrentText(mapping.timezone)
        self.analyse(mapping)

    # -- importing ---------------------------------------------------------------------------------
    def start_import(self) -> None:
        if self.plan is None or not self.plan.ready:
            return
        plan, remember = self.plan, self.ui.rememberCheck.isChecked()
        ui = self.ui
        for widget in self._settings_widgets():
            widget.setEnabled(False)
        ui.importButton.setEnabled(False)
        ui.cancelButton.setText("Sto&p import")
        ui.progressBar.setVisible(True)
        ui.progressBar.setRange(0, 0)
        ctx = self._runner.context()
        self._task = self._runner.run(
            lambda db, job: import_service.import_audit(db, ctx, plan, job,
                                                        remember_mapping=remember),
            on_progress=self._progressed, on_done=self._imported, on_error=self._import_failed,
            write=True, owner=self, label="import audit log")

    def _settings_widgets(self) -> tuple[QWidget, ...]:
        ui = self.ui
        return (ui.mappingTable, ui.systemEdit, ui.zoneCombo, ui.dateOrderCombo, ui.sheetCombo,
                ui.loadMappingButton, ui.saveMappingButton, ui.rememberCheck)

    def _progressed(self, done: int, total: int, text: str) -> None:
        bar = self.ui.progressBar
        if total:
            bar.setRange(0, 1000)
            bar.setValue(int(done * 1000 / total))
        bar.setFormat(f"{text} (%p%)")

    def _imported(self, summary: dict) -> None:
        self._task = None
        self.summary = summary
        self.imported.emit(summary)
        lines = import_service.summary_lines(summary)
        self.result_box = QMessageBox(QMessageBox.Icon.Information, "Import finished",
                                      lines[0], parent=self)
        if len(lines) > 1:
            self.result_box.setInformativeText("\n".join(lines[1:]))
        self.result_box.finished.connect(self.accept)
        self.result_box.open()

    def _import_failed(self, exc: BaseException) -> None:
        self._task = None
        ui = self.ui
        ui.progressBar.setVisible(False)
        ui.cancelButton.setText("Cancel")
        for widget in self._settings_widgets():
            widget.setEnabled(True)
        if isinstance(exc, Cancelled):
            ui.problemsLabel.setText("The import was stopped; nothing was imported.")
            ui.problemsLabel.setVisible(True)
            ui.importButton.setEnabled(True)
            announce(self, ui.problemsLabel.text(), assertive=True)
        elif isinstance(exc, DeskError):
            ui.problemsLabel.setText(f"\u26a0 {exc}")
            ui.problemsLabel.setVisible(True)
            announce(self, f"Not imported. {exc}", assertive=True)
        else:
            explain(self, exc, self._log_dir, "Importing the audit log")

    def _cancel_clicked(self) -> None:
        if self._task is not None and not self._task.done:
            self._task.cancel()
            self.ui.cancelButton.setEnabled(False)
            self.ui.progressBar.setFormat("Stopping\u2026 nothing will be imported")
        else:
            self.reject()

    def reject(self) -> None:
        if self._task is not None and not self._task.done:
            self._cancel_clicked()  # Escape while importing stops the import first
            return
        super().reject()
