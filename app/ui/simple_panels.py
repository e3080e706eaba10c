"""Views that list small reference tables: import batches, the roster, report counts and the
agency settings. Each loads through the task runner and shows a plain table.

Every table of the window is made by :func:`make_table`: Tab leaves it (the arrow keys move
inside), and its column widths are the clerk's once restored (:func:`fit_columns`)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services import reference
from app.ui.a11y import data_label
from app.ui.rows_model import Column, RowsModel
from app.ui.tasks import TaskRunner


def make_table(model: QAbstractItemModel, name: str, *, single: bool = False) -> QTableView:
    """A read-only table of whole rows; ``single``: one row at a time, on one line each (the
    request queue and the records browser, whose selection drives a detail view)."""
    view = QTableView()
    view.setObjectName(name.replace(" ", "_"))
    view.setAccessibleName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setWordWrap(False)
    keyboard_table(view)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


def keyboard_table(view: QAbstractItemView) -> QAbstractItemView:
    """Tab and Shift+Tab move to the next and previous control, as everywhere else; the arrow
    keys, Home/End and Page Up/Down move inside the table. (Qt's default walks Tab cell by cell
    and wraps, so the controls after a table could not be reached by Tab.)"""
    view.setTabKeyNavigation(False)
    return view


COLUMNS_RESTORED = "columnsRestored"


MAX_COLUMN_WIDTH = 340


def fit_columns(view: QTableView) -> None:
    """Size the columns to their contents, unless the clerk's own widths were restored; no
    column so wide that the next ones scroll out of sight (the full text is in the
    tooltip)."""
    if view.property(COLUMNS_RESTORED):
        return
    view.resizeColumnsToContents()
    header = view.horizontalHeader()
    for column in range(header.count()):
        if header.sectionSize(column) > MAX_COLUMN_WIDTH:
            header.resizeSection(column, MAX_COLUMN_WIDTH)


def labelled(text: str, widget: QWidget, layout: QBoxLayout, stretch: int = 0) -> QLabel:
    """Add ``widget`` to ``layout`` behind a label whose mnemonic focuses it."""
    label = QLabel(text)
    label.setBuddy(widget)
    layout.addWidget(label)
    layout.addWidget(widget, stretch)
    return label


class Panel(QWidget):
    """A view of the main window."""

    status_message = Signal(str)
    loaded = Signal()
    # (what was done, in words; a function that takes it back): the window offers an Undo.
    undo_offered = Signal(str, object)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner

    def focus_search(self) -> bool:
        """Put the focus in the view's search box (Ctrl+F); False when it has none."""
        return False


class PersonnelPanel(Panel):
    import_requested = Signal()

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.model = RowsModel([
            Column("Employee no.", "employee_id"), Column("Last name", "last_name"),
            Column("First name", "first_name"), Column("Rank", "rank"), Column("Unit", "unit"),
            Column("E-mail", "email"), Column("Username", "username"),
        ], self)
        self.table = make_table(self.model, "Personnel roster")
        self.import_button = QPushButton("&Import roster\u2026")
        self.import_button.setAccessibleName("Import or update the personnel roster")
        self.import_button.clicked.connect(self.import_requested)
        top = QHBoxLayout()
        intro = QLabel("The agency's personnel, by employee number. Importing a roster "
                       "again updates people in place.")
        intro.setWordWrap(True)
        top.addWidget(intro, 1)
        self.count_label = data_label("Number of people on the roster")
        top.addWidget(self.count_label)
        top.addWidget(self.import_button)
        self.empty_label = data_label("What to do first", focusable=True)
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        self._runner.run(lambda db, job: reference.people(db), on_done=self._loaded,
                         owner=self, label="load roster", latest=(self, "roster"))

    def _loaded(self, people) -> None:
        self.model.set_rows(people)
        fit_columns(self.table)
        self.count_label.setText(f"{len(people)} {'person' if len(people) == 1 else 'people'}")
        self.empty_label.setText(
            "No roster yet. Import the agency's personnel list (CSV or XLSX) with Import "
            "roster (Alt+I, or Ctrl+Shift+I from anywhere): redaction finds officers' names in "
            "free text through it.")
        self.empty_label.setVisible(not people)
        self.loaded.emit()


class ReportsPanel(Panel):
    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.heading = data_label("Request totals", focusable=True)
        self.model = RowsModel([Column("Status", "status"), Column("Requests", "count")], self)
        self.table = make_table(self.model, "Requests by status")
        self.overdue = data_label("Overdue requests", focusable=True)
        self.overdue.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.overdue)

    def refresh(self) -> None:
        ctx = self._runner.context()
        self._runner.run(lambda db, job: reference.status_report(db, ctx),
                         on_done=self._loaded, owner=self, label="load report",
                         latest=(self, "report"))

    def _loaded(self, report: dict) -> None:
        self.heading.setText(f"{report['total']} requests, {report['open']} open.")
        self.model.set_rows([{"status": k, "count": v} for k, v in report["by_status"].items()])
        fit_columns(self.table)
        self.overdue.setText("Overdue: " + (", ".join(report["overdue"]) or "none"))
        self.loaded.emit()
