"""Views that list small reference tables: import batches, the roster, report counts and the
agency settings. Each loads through the task runner and shows a plain table."""

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
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


def labelled(text: str, widget: QWidget, layout: QBoxLayout, stretch: int = 0) -> QLabel:
    """Add ``widget`` to ``layout`` behind a label whose mnemonic focuses it."""
    label = QLabel(text)
    label.setBuddy(widget)
    layout.addWidget(label)
    layout.addWidget(widget, stretch)
    return label


class Panel(QWidget):
    status_message = Signal(str)
    loaded = Signal()

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner


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
        top.addWidget(QLabel("The agency's personnel, by employee number. Importing a roster "
                             "again updates people in place."), 1)
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Number of people on the roster")
        top.addWidget(self.count_label)
        top.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        self._runner.run(lambda db, job: reference.people(db), on_done=self._loaded,
                         owner=self, label="load roster", latest=(self, "roster"))

    def _loaded(self, people) -> None:
        self.model.set_rows(people)
        self.table.resizeColumnsToContents()
        self.count_label.setText(f"{len(people)} people")
        self.loaded.emit()


class ReportsPanel(Panel):
    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self.heading = QLabel()
        self.heading.setAccessibleName("Request totals")
        self.model = RowsModel([Column("Status", "status"), Column("Requests", "count")], self)
        self.table = make_table(self.model, "Requests by status")
        self.overdue = QLabel()
        self.overdue.setAccessibleName("Overdue requests")
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
        self.table.resizeColumnsToContents()
        self.overdue.setText("Overdue: " + (", ".join(report["overdue"]) or "none"))
        self.loaded.emit()
