"""The Requests view: the queue on the left, the selected request on the right."""

from __future__ import annotations

import html

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain.deadlines import Law
from app.domain.requests import OPEN_STATUSES, Status
from app.services import requests as requests_service
from app.services.requests import RequestView, describe_event
from app.ui.request_actions import RequestActions
from app.ui.requests_model import NUMBER_ROLE, RequestsModel
from app.ui.simple_panels import labelled, make_table
from app.ui.tasks import TaskRunner

SHOW_CHOICES = (
    ("All requests", ()),
    ("Open requests", tuple(s.value for s in OPEN_STATUSES)),
    ("Finished requests", tuple(s.value for s in Status if s not in OPEN_STATUSES)),
    *((f"Status: {s.label}", (s.value,)) for s in Status),
)


class RequestsPanel(QWidget):
    status_message = Signal(str)
    loaded = Signal()
    new_request_requested = Signal()
    action_failed = Signal(object)
    request_shown = Signal(str)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._pending_select: str | None = None

        self.search = QLineEdit(placeholderText="Search number, requester or description")
        self.search.setAccessibleName("Search requests")
        self.search.setClearButtonEnabled(True)
        self.show_combo = QComboBox()
        self.show_combo.setAccessibleName("Show which requests")
        for title, _ in SHOW_CHOICES:
            self.show_combo.addItem(title)
        self.law_combo = QComboBox()
        self.law_combo.setAccessibleName("Law")
        self.law_combo.addItem("Any law", None)
        for law in Law:
            self.law_combo.addItem(law.label, law.value)
        self.assignee_combo = QComboBox()
        self.assignee_combo.setAccessibleName("Assignee")
        self.assignee_combo.addItem("Anyone", None)
        self.new_button = QPushButton("&New request…")
        self.new_button.setAccessibleName("New request")
        self.new_button.clicked.connect(self.new_request_requested)

        filters = QHBoxLayout()
        labelled("&Search:", self.search, filters, 3)
        labelled("S&how:", self.show_combo, filters)
        labelled("&Law:", self.law_combo, filters)
        labelled("Ass&ignee:", self.assignee_combo, filters)
        filters.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Number of requests shown")
        filters.addWidget(self.count_label)
        filters.addWidget(self.new_button)

        self.model = RequestsModel(self)
        self.table = make_table(self.model, "Requests queue", single=True)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)

        self.detail = QTextBrowser()
        self.detail.setObjectName("requestDetail")
        self.detail.setAccessibleName("Selected request")
        self.detail.setOpenLinks(False)
        self.detail.setPlaceholderText("Select a request to see its deadline and timeline.")

        self.actions = RequestActions(runner)
        self.actions.changed.connect(self._request_changed)
        self.actions.failed.connect(self.action_failed)
        detail_pane = QWidget()
        detail_layout = QVBoxLayout(detail_pane)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.actions)
        detail_layout.addWidget(self.detail, 1)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(detail_pane)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([300, 420])

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)

        self._search_timer = QTimer(self, singleShot=True, interval=250)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._search_timer.start)
        for combo in (self.show_combo, self.law_combo, self.assignee_combo):
            combo.currentIndexChanged.connect(self.refresh)

    # -- loading --------------------------------------------------------------------------------
    def current_filter(self) -> requests_service.QueueFilter:
        return requests_service.QueueFilter(
            statuses=SHOW_CHOICES[self.show_combo.currentIndex()][1],
            law=self.law_combo.currentData(),
            assignee=self.assignee_combo.currentData(),
            search=self.search.text())

    def refresh(self) -> None:
        flt = self.current_filter()
        ctx = self._runner.context()

        def load(db, job):
            return requests_service.queue(db, ctx, flt), requests_service.assignees(db)

        self._runner.run(load, on_done=self._loaded, owner=self, label="load requests",
                         latest=(self, "queue"))

    def _loaded(self, result) -> None:
        rows, assignees = result
        selected = self.selected_number()
        self.model.set_rows(rows)
        self._update_assignees(assignees)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(2, min(self.table.columnWidth(2), 320))
        self.count_label.setText(f"{len(rows)} request{'s' if len(rows) != 1 else ''}")
        target = self._pending_select or selected
        self._pending_select = None
        if not (target and self.select_number(target)) and rows:
            self.select_number(rows[0].number)
        self.loaded.emit()

    def _update_assignees(self, names: list[str]) -> None:
        current = self.assignee_combo.currentData()
        existing = [self.assignee_combo.itemData(i) for i in range(1, self.assignee_combo.count())]
        if existing == names:
            return
        self.assignee_combo.blockSignals(True)
        self.assignee_combo.clear()
        self.assignee_combo.addItem("Anyone", None)
        for name in names:
            self.assignee_combo.addItem(name, name)
        index = self.assignee_combo.findData(current)
        self.assignee_combo.setCurrentIndex(max(index, 0))
        self.assignee_combo.blockSignals(False)

    # -- selection -------------------------------------------------------------------------------
    def selected_number(self) -> str | None:
        index = self.table.currentIndex()
        return index.data(NUMBER_ROLE) if index.isValid() else None

    def select_number(self, number: str) -> bool:
        row = self.model.row_of(number)
        if row < 0:
            self._pending_select = number
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        return True

    def _current_changed(self, current, _previous) -> None:
        number = current.data(NUMBER_ROLE) if current.isValid() else None
        if not number:
            self.detail.clear()
            self.actions.set_view(None)
            return
        self._load_detail(number)

    def _load_detail(self, number: str) -> None:
        self._runner.run(lambda db, job: requests_service.get_request(db, number),
                         on_done=self.show_request, owner=self, label="load request",
                         latest=(self, "detail"))

    def show_request(self, view: RequestView) -> None:
        if view.number != self.selected_number():
            return  # the clerk moved on while it loaded
        self.detail.setHtml(request_html(view))
        self.actions.set_view(view)
        self.request_shown.emit(view.number)

    def refresh_and_select(self, number: str) -> None:
        self._pending_select = number
        self.refresh()

    def _request_changed(self, number: str) -> None:
        self.refresh_and_select(number)
        self._load_detail(number)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()


def request_html(view: RequestView) -> str:
    r = view.row
    e = html.escape
    who = e(r["requester_name"]) + (f", {e(r['requester_org'])}" if r["requester_org"] else "")
    steps = "".join(f"<li>{e(s)}</li>" for s in view.deadline.steps)
    events = "".join(
        f"<tr><td>{e(ev['at'].replace('T', ' ').rstrip('Z'))} UTC</td><td>{e(ev['actor'])}</td>"
        f"<td>{e(describe_event(ev))}</td></tr>"
        for ev in view.events)
    due = view.deadline.due.isoformat() if view.deadline.due else "clock stopped"
    return (
        f"<h2>{e(view.number)} &mdash; {e(view.status.label)}</h2>"
        f"<p><b>{e(view.law.title)}</b><br>Requester: {who}"
        + (f" &lt;{e(r['requester_email'])}&gt;" if r["requester_email"] else "")
        + f"<br>Received {e(r['received'])} by {e(r['channel'])}"
        f"<br>Assignee: {e(r['assignee'] or 'unassigned')}</p>"
        f"<p><b>Determination due: {e(due)}</b>"
        + (f" (extended: {e(view.deadline.reason.citation)})" if view.deadline.reason else "")
        + f"</p><h3>How the deadline was computed</h3><ol>{steps}</ol>"
        f"<h3>Request</h3><p>{e(r['description'])}</p>"
        f"<h3>Timeline</h3><table cellspacing='6'>{events}</table>"
    )
