"""The Requests view: the queue above, the selected request below."""

from __future__ import annotations

import html

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain.agency import agency_missing
from app.domain.deadlines import Law, Urgency
from app.domain.requests import OPEN_STATUSES, Status
from app.services import requests as requests_service
from app.services.database import agency_settings
from app.services.requests import RequestView, describe_event
from app.ui.a11y import data_label
from app.ui.request_actions import RequestActions
from app.ui.requests_model import MARKS, NUMBER_ROLE, RequestsModel
from app.ui.simple_panels import Panel, fit_columns, labelled, make_table
from app.ui.tasks import TaskRunner

SHOW_CHOICES = (
    ("All requests", ()),
    ("Open requests", tuple(s.value for s in OPEN_STATUSES)),
    ("Finished requests", tuple(s.value for s in Status if s not in OPEN_STATUSES)),
    *((f"Status: {s.label}", (s.value,)) for s in Status),
)


class RequestsPanel(Panel):
    new_request_requested = Signal()
    action_failed = Signal(object)
    request_shown = Signal(str)
    requests_changed = Signal()  # a request was changed here (the window recounts overdue ones)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self._pending_select: str | None = None
        self.agency_missing: list[str] = []  # what Settings still needs (the empty state)

        self.search = QLineEdit(placeholderText="Search number, requester or description")
        self.search.setAccessibleName("Search requests")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(140)
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
        for combo, letters in ((self.show_combo, 12), (self.assignee_combo, 10)):
            # Narrow windows: the combo shows what fits; its list still shows whole entries.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(letters)
        self.new_button = QPushButton("&New request…")
        self.new_button.setAccessibleName("New request")
        self.new_button.setToolTip("Log a new request (Ctrl+N)")
        self.new_button.clicked.connect(self.new_request_requested)

        # Two rows, so the window can be narrow (a 1024-pixel screen, or 150 % scaling).
        top = QHBoxLayout()
        labelled("&Search:", self.search, top, 1)
        self.count_label = data_label("Number of requests shown")
        top.addWidget(self.count_label)
        top.addWidget(self.new_button)
        second = QHBoxLayout()
        labelled("Sho&w:", self.show_combo, second)
        labelled("&Law:", self.law_combo, second)
        labelled("Ass&ignee:", self.assignee_combo, second)
        second.addStretch(1)
        filters = QVBoxLayout()
        filters.addLayout(top)
        filters.addLayout(second)

        self.model = RequestsModel(self)
        self.table = make_table(self.model, "Requests queue", single=True)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        header = self.table.horizontalHeader()
        # What the clerk works by comes first: number, due date, urgency, status, assignee;
        # the requester takes the room that is left, so Status and Assignee stay in view in a
        # narrow window (1024 pixels, or 150 % scaling). The law is in the number (CPRA-,
        # FOIA-), so its column is hidden. The clerk may drag columns; the order is kept.
        header.setStretchLastSection(False)
        header.setSectionsMovable(True)
        for visual, column in enumerate((0, 4, 5, 6, 7, 2, 3, 1)):
            header.moveSection(header.visualIndex(column), visual)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        self.table.setColumnHidden(1, True)

        self.detail = QTextBrowser()
        self.detail.setObjectName("requestDetail")
        self.detail.setAccessibleName("Selected request")
        self.detail.setOpenLinks(False)
        # A caret the arrow keys move, and Shift+arrows select: for reading it line by line
        # with a screen reader, and for copying part of it (Ctrl+C).
        self.detail.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextBrowserInteraction
            | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.detail.setPlaceholderText("Select a request to see its deadline and timeline.")

        self.actions = RequestActions(runner)
        self.actions.changed.connect(self._request_changed)
        self.actions.failed.connect(self.action_failed)
        self.actions.status_message.connect(self.status_message)
        self.actions.undo_offered.connect(self.undo_offered)
        detail_pane = QWidget()
        detail_layout = QVBoxLayout(detail_pane)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.actions)
        detail_layout.addWidget(self.detail, 1)

        self.splitter = splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("requestsSplitter")
        splitter.setChildrenCollapsible(False)
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
            return (requests_service.queue(db, ctx, flt), requests_service.assignees(db),
                    agency_missing(agency_settings(db)))

        self._runner.run(load, on_done=self._loaded, owner=self, label="load requests",
                         latest=(self, "queue"))

    def _loaded(self, result) -> None:
        rows, assignees, self.agency_missing = result
        selected = self.selected_number()
        self.model.set_rows(rows)
        self._update_assignees(assignees)
        fit_columns(self.table)
        self.count_label.setText(f"{len(rows)} request{'s' if len(rows) != 1 else ''}")
        target = self._pending_select or selected
        self._pending_select = None
        if not (target and self.select_number(target)) and rows:
            self.select_number(rows[0].number)
        if not rows:
            self._show_nothing()
        self.loaded.emit()

    def _show_nothing(self) -> None:
        """No request to show: say why, and what to do; no action applies."""
        self.actions.set_view(None)
        flt = self.current_filter()
        if flt.search or flt.statuses or flt.law or flt.assignee:
            what = (f"No request matches \u201c{html.escape(flt.search)}\u201d"
                    if flt.search else "No request matches these filters")
            self.detail.setHtml(
                f"<h3>{what}.</h3><p>Change the search (Ctrl+F) or the Show, Law and Assignee "
                "filters to see more.</p>")
            return
        missing = ""
        if self.agency_missing:
            missing = ("<p>Your agency's details are not filled in yet "
                       f"({html.escape(', '.join(self.agency_missing))}): open Settings with "
                       "<b>Ctrl+,</b> and save them; letters and packets use them.</p>")
        self.detail.setHtml(
            "<h3>No requests yet.</h3>"
            "<p>To log a request, press <b>Ctrl+N</b> (File \u25b8 New request).</p>"
            "<p>To import a vendor's audit log, press <b>Ctrl+I</b> (File \u25b8 Import audit "
            "log), or drop the file on this window.</p>" + missing
            + "<p>Press <b>F1</b> for help and every keyboard shortcut.</p>")

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
        ctx = self._runner.context()
        self._runner.run(lambda db, job: requests_service.get_request(db, number, ctx),
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
        self.requests_changed.emit()

    def focus_search(self) -> bool:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()
        return True

    def detail_text(self) -> str:
        """What Ctrl+C copies from the detail: the selected text, or the whole request."""
        cursor = self.detail.textCursor()
        if cursor.hasSelection():
            return cursor.selection().toPlainText()
        return self.detail.toPlainText()


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
    if view.urgency_text:  # open: how pressing, in words (colour is never the only signal)
        text = e(MARKS.get(view.urgency, "") + view.urgency_text)
        strong = view.urgency in (Urgency.OVERDUE, Urgency.DUE_SOON)
        urgency = f"<p>{'<b>' + text + '</b>' if strong else text}</p>"
    elif view.status not in OPEN_STATUSES:
        urgency = f"<p>Finished ({e(view.status.label.lower())}): no deadline is running.</p>"
    else:
        urgency = ""
    return (
        f"<h2>{e(view.number)} &mdash; {e(view.status.label)}</h2>{urgency}"
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
