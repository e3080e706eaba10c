"""The review window of one request: match its criteria, redact, and review every redaction in
the records as they will be released.

Each redaction is shown at its place with the marker the packet prints ("[7927.700]",
"[Employee 04 · 7927.700]"), and its state is written, not only coloured: an open review item
shows the original text underlined with "?[7927.700]" after it (it counts as redacted until the
clerk decides: fail closed), an accepted one is a dark box holding the marker, a rejected one is
the released text followed by a struck "✗[7927.700]".

Every decision (accept, reject, a manual redaction, a record withheld in full, a record left
out) is a command on a QUndoStack whose redo and undo call the services on the task runner;
writes run one after another on the runner's single writer, so an undo always follows what it
undoes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import (
    QAction,
    QBrush,
    QColor,
    QFont,
    QKeySequence,
    QTextCharFormat,
    QTextCursor,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.domain.errors import DeskError
from app.domain.exemptions import Exemption
from app.domain.redaction import FIELDS, WHOLE_RECORD
from app.services import matching
from app.services import redaction as svc
from app.ui.a11y import announce, data_label, fit_to_screen, readable
from app.ui.errors import explain
from app.ui.help_dialog import HelpDialog
from app.ui.rows_model import Column, RowsModel
from app.ui.simple_panels import fit_columns, make_table
from app.ui.tasks import TaskRunner

RECORDS_SHOWN = 2_000   # records listed in the window (the packet has them all)
ITEMS_SHOWN = 5_000     # decisions on single records listed (open ones first)

# What each state of a decision is called, in words (colour is never the only sign).
OPEN, REDACTED, RELEASED = "? open", "\u25a0 redacted", "\u2717 released"
ACCEPTED = "\u25a0 accepted"   # a review item the clerk kept redacted


def item_state(item: dict) -> str:
    if item["decision"] == "rejected":
        return RELEASED
    if item["certain"] == 0 and item["decision"] == "proposed":
        return OPEN
    if item["certain"] == 0:
        return ACCEPTED
    if item["field"] == WHOLE_RECORD:
        return "\u25a0 record withheld"
    if item["masked_by"] == "vendor":
        return "masked by vendor"
    return "\u25a0 added" if item["source"] == "manual" else REDACTED


def _field_label(name: str) -> str:
    return "Whole record" if name == WHOLE_RECORD else FIELDS.get(name, (name,))[0]


@dataclass(frozen=True)
class Segment:
    """A run of the record view's text: where it is in the document, and which characters of
    the field's original text it shows (an item's run stands for all it covers)."""

    field: str
    doc_start: int
    doc_end: int
    start: int
    end: int
    item: int | None
    whole: bool = False      # a whole cell replaced (column, person, record): nothing to add


def selection_range(segments: list[Segment], start: int, end: int) -> tuple[str, int, int]:
    """The field and the original characters a selection in the record view covers."""
    touched = [s for s in segments if s.doc_start < end and s.doc_end > start]
    fields = {s.field for s in touched}
    if not touched:
        raise DeskError("Select some of the record's text first (Shift+arrow keys in the "
                        "record, or drag with the mouse).")
    if len(fields) > 1:
        raise DeskError("Select text within one field of the record.",
                        "A manual redaction covers part of one field; withhold the record "
                        "(Ctrl+Shift+D) to withhold all of it.")
    if any(s.whole for s in touched):
        raise DeskError("That field is already withheld or pseudonymised as a whole.")
    lo = hi = None
    for s in touched:
        if s.item is None:
            a = s.start + max(0, start - s.doc_start)
            b = s.start + min(s.doc_end - s.doc_start, end - s.doc_start)
        else:
            a, b = s.start, s.end
        lo = a if lo is None else min(lo, a)
        hi = b if hi is None else max(hi, b)
    if lo is None or hi is None or lo >= hi:
        raise DeskError("Select some of the record's text first.")
    return touched[0].field, lo, hi


class DecisionDialog(QDialog):
    """Ask for the exemption (from the catalogue) and a one-line justification - or, for
    leaving a record out of the set, a note only."""

    last_code = ""   # the exemption chosen last (a clerk often cites one many times)

    def __init__(self, title: str, what: str, exemptions: list[Exemption] | None,
                 parent: QWidget | None = None, *, note_label: str = "&Justification:") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout(self)
        self.what = readable(data_label("What will be decided", what))
        self.what.setWordWrap(True)
        form.addRow(self.what)
        self.exemption = QComboBox()
        self.exemption.setAccessibleName("Exemption")
        self.exemption.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.exemption.setMinimumContentsLength(36)
        for e in exemptions or []:
            self.exemption.addItem(f"[{e.mark}] {e.cite} \u2014 {e.title}", e.code)
            self.exemption.setItemData(self.exemption.count() - 1, e.summary or e.title,
                                       Qt.ItemDataRole.ToolTipRole)
        chosen = self.exemption.findData(DecisionDialog.last_code)
        if chosen >= 0:
            self.exemption.setCurrentIndex(chosen)
        if exemptions is not None:
            form.addRow("&Exemption:", self.exemption)
        else:
            self.exemption.hide()
        self.note = QLineEdit()
        self.note.setAccessibleName("Justification" if exemptions is not None else "Note")
        self.note.setPlaceholderText("One line, printed in the exemption log"
                                     if exemptions is not None else "Why")
        form.addRow(note_label, self.note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.note.textChanged.connect(lambda t: self.ok.setEnabled(bool(t.strip())))
        self.ok.setEnabled(False)
        self.note.setFocus()
        fit_to_screen(self, QSize(560, self.sizeHint().height()))

    def accept(self) -> None:
        if self.exemption.isVisibleTo(self):
            DecisionDialog.last_code = self.code()  # offered first next time
        super().accept()

    def code(self) -> str:
        return self.exemption.currentData() or ""

    def text(self) -> str:
        return self.note.text().strip()


class _Command(QUndoCommand):
    """A decision: ``do`` and ``undo`` run on the runner's writer, with the database, a context
    of the moment and this command (to keep what undo needs, e.g. the earlier decisions)."""

    def __init__(self, window: ReviewWindow, text: str, do: Callable, undo: Callable) -> None:
        super().__init__(text)
        self.window = window
        self._do, self._undo = do, undo
        self.state = None
        self.failed = False

    def redo(self) -> None:
        self.window._write(lambda db, ctx: self._do(db, ctx, self), self, self.text())

    def undo(self) -> None:
        if self.failed:
            return
        self.window._write(lambda db, ctx: self._undo(db, ctx, self), self,
                           f"Undone: {self.text()}")


class ReviewWindow(QDialog):
    """Review the redactions of one request (not modal: the main window stays usable)."""

    def __init__(self, runner: TaskRunner, number: str, log_dir,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.number = number
        self._log_dir = log_dir
        self.setWindowTitle(f"Review redactions \u2014 {number}")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.state: dict = {}
        self.exemptions: list[Exemption] = []
        self.record: svc.ReviewRecord | None = None
        self.segments: list[Segment] = []
        self._shown_item: int | None = None
        self._task = None
        self.stack = QUndoStack(self)

        # -- header: what is being reviewed, with its counts ------------------------------
        self.title_label = data_label("Request", f"<b>{number}</b>")
        self.profile_label = data_label("Redaction profile in use")
        self.banner_label = readable(data_label("Counsel's confirmation of the profile"))
        self.banner_label.setWordWrap(True)
        self.banner_label.setObjectName("reviewBanner")
        self.counts_label = data_label("Responsive set and redactions")
        self.counts_label.setWordWrap(True)
        self.open_label = readable(data_label("Open review items"))
        self.open_label.setObjectName("openItems")
        head = QHBoxLayout()
        head.addWidget(self.title_label)
        head.addWidget(self.profile_label, 1)
        head.addWidget(self.open_label)

        # -- steps: match, redact, leave a record out; undo, redo -----------------------------
        self.match_button = self._button("&Match\u2026", "Match the request's criteria",
                                         self.match)
        self.redact_button = self._button("Re&dact", "Run the redaction profile and the "
                                          "free-text scan", self.redact)
        self.exclude_button = self._button("E&xclude record\u2026", "Leave the selected "
                                           "record out of the responsive set", self.exclude)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress of the redaction run")
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        self.cancel_button = self._button("Cancel", "Cancel the run", self._cancel)
        self.cancel_button.hide()
        self.undo_button = self._button("&Undo", "Undo the last decision", self.stack.undo)
        self.redo_button = self._button("Red&o", "Redo the decision undone", self.stack.redo)
        self.help_button = self._button("&Help", "Help and keyboard shortcuts (F1)",
                                        self.show_help)
        self.close_button = self._button("Close", "Close the review window", self.close)
        steps = QHBoxLayout()
        for w in (self.match_button, self.redact_button, self.exclude_button, self.progress,
                  self.cancel_button):
            steps.addWidget(w)
        steps.addStretch(1)
        for w in (self.undo_button, self.redo_button, self.help_button, self.close_button):
            steps.addWidget(w)

        # -- the items and the records; the selected record as released ---------------------
        self.items_model = RowsModel([
            Column("State", "", item_state),
            Column("Record", "row_no"),
            Column("Field", "", lambda i: _field_label(i["field"])),
            Column("Text", "original"),
            Column("Exemption", "", self._mark_of),
            Column("Occurrences", "occurrences"),
            Column("Term", "term"),
            Column("Why", "why"),
        ], self)
        self.items_table = make_table(self.items_model, "Review items", single=True)
        self.items_table.selectionModel().currentRowChanged.connect(self._item_chosen)
        self.records_model = RowsModel([
            Column("No.", "row_no"), Column("Date and time", "occurred_at"),
            Column("Searcher", "user_name"), Column("Purpose / reason", "purpose"),
            Column("Notes", "notes"),
        ], self)
        self.records_table = make_table(self.records_model, "Records as released", single=True)
        self.records_table.selectionModel().currentRowChanged.connect(self._record_chosen)
        for table in (self.items_table, self.records_table):  # one line a row, compact
            table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.items_table, "Review &items")
        self.tabs.addTab(self.records_table, "Re&cords")
        self.record_view = QTextBrowser()
        self.record_view.setObjectName("recordView")
        self.record_view.setAccessibleName("Selected record as it will be released")
        self.record_view.setOpenLinks(False)
        # A caret the arrow keys move and Shift+arrows select: a manual redaction by keyboard.
        self.record_view.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.record_view.setPlaceholderText("Select a review item or a record.")
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.record_view)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        # -- decisions ------------------------------------------------------------------------
        self.accept_button = self._button("&Accept", "Accept: keep the selected item "
                                          "redacted (A)", lambda: self.decide("accepted"))
        self.reject_button = self._button("&Reject", "Reject: release the selected item's "
                                          "text (R)", lambda: self.decide("rejected"))
        self.accept_term_button = self._button(
            "Accept &term", "Accept every occurrence of the selected item's term (Shift+A)",
            lambda: self.decide_term("accepted"))
        self.reject_term_button = self._button(
            "Reject t&erm", "Reject every occurrence of the selected item's term (Shift+R)",
            lambda: self.decide_term("rejected"))
        self.accept_all_button = self._button(
            "Accept a&ll open", "Keep every open review item redacted (Ctrl+Shift+A)",
            self.accept_all)
        self.manual_button = self._button(
            "Redact &selection\u2026", "Redact the text selected in the record (Ctrl+D)",
            self.redact_selection)
        self.withhold_button = self._button(
            "&Withhold record\u2026", "Withhold the selected record in full (Ctrl+Shift+D)",
            self.withhold_record)
        decisions = QHBoxLayout()
        for w in (self.accept_button, self.reject_button, self.accept_term_button,
                  self.reject_term_button, self.accept_all_button, self.manual_button,
                  self.withhold_button):
            decisions.addWidget(w)
        decisions.addStretch(1)
        self.message = data_label("What happened last")
        self.message.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.banner_label)
        layout.addWidget(self.counts_label)
        layout.addLayout(steps)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(decisions)
        layout.addWidget(self.message)

        self.actions_list = self._actions()
        self.stack.indexChanged.connect(self._stack_changed)
        self._update_buttons()
        fit_to_screen(self, QSize(1180, 760))
        self.items_table.setFocus()
        self.refresh()

    # -- building --------------------------------------------------------------------------------
    def _button(self, text: str, name: str, slot: Callable) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name.split(" (")[0])
        button.setToolTip(name)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _=False: slot())
        return button

    def _actions(self) -> list[QAction]:
        """The window's keys (listed in its help, F1)."""
        found = []
        for text, keys, slot in (
                ("Accept the selected item", ["A"], lambda: self.decide("accepted")),
                ("Reject the selected item", ["R"], lambda: self.decide("rejected")),
                ("Accept every occurrence of the term", ["Shift+A"],
                 lambda: self.decide_term("accepted")),
                ("Reject every occurrence of the term", ["Shift+R"],
                 lambda: self.decide_term("rejected")),
                ("Accept all open review items", ["Ctrl+Shift+A"], self.accept_all),
                ("Redact the selected text\u2026", ["Ctrl+D"], self.redact_selection),
                ("Withhold the record in full\u2026", ["Ctrl+Shift+D"], self.withhold_record),
                ("Undo", ["Ctrl+Z"], self.stack.undo),
                ("Redo (also Ctrl+Shift+Z)", ["Ctrl+Y", "Ctrl+Shift+Z"], self.stack.redo),
                ("Match the criteria\u2026", ["Ctrl+M"], self.match),
                ("Run the redaction", ["Ctrl+R"], self.redact),
                ("Reload", ["F5"], self.refresh),
                ("Help", ["F1"], self.show_help)):
            action = QAction(text, self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _=False, s=slot: s())
            self.addAction(action)
            found.append(action)
        return found

    def _mark_of(self, item: dict) -> str:
        marks = {e.code: e.mark for e in self.exemptions}
        code = item.get("exemption") or ""
        return f"[{marks.get(code, code)}]" if code else ""

    # -- loading ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        number, today = self.number, self.runner.today()

        def load(db, job):
            state = svc.review_state(db, number, ITEMS_SHOWN)
            rows = (svc.released_rows(db, number, limit=RECORDS_SHOWN)
                    if state["matched"] else [])
            return state, rows, svc.exemptions_in_force(db, number, today)

        self.runner.run(load, on_done=self._loaded, on_error=self._failed, owner=self,
                        label="load review", latest=(self, "state"))

    def _loaded(self, result) -> None:
        state, rows, exemptions = result
        self.state, self.exemptions = state, exemptions
        current_item = self.items_table.currentIndex().row()
        current_record = self._current_record_no()
        self.profile_label.setText(f"Profile: {state['profile']}"
                                   + ("" if state["redacted"] else " (not yet applied)"))
        self.banner_label.setText(("" if state["profile_confirmed"] else "\u26a0 ")
                                  + state["banner"])
        self.banner_label.setProperty("warning", not state["profile_confirmed"])
        self.banner_label.setStyleSheet("" if state["profile_confirmed"] else
                                        "QLabel { border: 1px solid #b26a00; padding: 3px; }")
        summary = state["summary"]
        if not state["matched"]:
            counts = "Not matched yet: Match (Alt+M) counts the records the criteria select."
        else:
            counts = (f"{state['records']:,} records in the responsive set; "
                      f"{summary.get('searchers', 0):,} searchers on the roster, "
                      f"{summary.get('unresolved', 0):,} not on it. "
                      + (f"{state['redactions']:,} redactions." if state["redacted"]
                         else "Not redacted yet: Redact (Alt+D)."))
            limits = []
            if state["records"] > RECORDS_SHOWN:
                limits.append(f"the Records tab lists the first {RECORDS_SHOWN:,} records")
            if len(state["items"]) >= ITEMS_SHOWN:
                limits.append(f"the items table the first {ITEMS_SHOWN:,} decisions, open "
                              "ones first")
            if limits:
                counts += " (The packet has them all; " + "; ".join(limits) + ".)"
        self.counts_label.setText(counts)
        n = state["review_items"]
        self.open_label.setText(f"{n:,} review item{'s' if n != 1 else ''} open" if n
                                else "No review items open")
        self.items_model.set_rows(state["items"])
        fit_columns(self.items_table)
        header = self.items_table.horizontalHeader()
        for column in (3, 6):  # the texts: the whole text is in the tooltip and the record
            header.resizeSection(column, min(header.sectionSize(column), 180))
        self.records_model.set_rows([self._record_row(r) for r in rows] + [
            {"row_no": r["row_no"], "occurred_at": "(left out of the set)",
             "notes": f"Left out: {r['note']}", "excluded": True}
            for r in state.get("excluded", [])])
        fit_columns(self.records_table)
        if self.items_model.rowCount():
            row = min(max(current_item, 0), self.items_model.rowCount() - 1)
            self.items_table.setCurrentIndex(self.items_model.index(row, 0))
        if current_record is not None:
            self._select_record(current_record)
        elif self.records_model.rowCount() and not self.items_model.rowCount():
            self.records_table.setCurrentIndex(self.records_model.index(0, 0))
        if self.record is not None and self.tabs.currentWidget() is self.records_table:
            self.show_record(self.record.released.row_no, self._shown_item)
        self._update_buttons()

    @staticmethod
    def _record_row(r: svc.ReleasedRow) -> dict:
        row = {"row_no": r.row_no, **{k: c.text for k, c in r.cells.items()}}
        if r.withheld:
            row["notes"] = f"Record withheld in full ({r.withheld})"
        return row

    def _current_record_no(self) -> int | None:
        index = self.records_table.currentIndex()
        return self.records_model.row_at(index.row())["row_no"] if index.isValid() else None

    def _select_record(self, row_no: int) -> None:
        for i in range(self.records_model.rowCount()):
            if self.records_model.row_at(i)["row_no"] == row_no:
                self.records_table.setCurrentIndex(self.records_model.index(i, 0))
                return

    def current_item(self) -> dict | None:
        index = self.items_table.currentIndex()
        return self.items_model.row_at(index.row()) if index.isValid() else None

    def _item_chosen(self, current, _previous) -> None:
        if current.isValid():
            item = self.items_model.row_at(current.row())
            self.show_record(item["row_no"], item["id"])
        self._update_buttons()

    def _record_chosen(self, current, _previous) -> None:
        if current.isValid():
            self.show_record(self.records_model.row_at(current.row())["row_no"])
        self._update_buttons()

    def show_record(self, row_no: int, item_id: int | None = None) -> None:
        number = self.number
        self._shown_item = item_id
        self.runner.run(lambda db, job: svc.review_record(db, number, row_no),
                        on_done=lambda rec: self._show(rec, item_id), on_error=self._failed,
                        owner=self, label="load record", latest=(self, "record"))

    # -- the record as released, with every decision at its place ------------------------------
    def _formats(self) -> dict[str, QTextCharFormat]:
        palette = self.record_view.palette()
        base, text = palette.base().color(), palette.text().color()
        dark = base.lightness() < 128
        f = {}
        f["label"] = QTextCharFormat()
        f["label"].setFontWeight(QFont.Weight.Bold)
        f["text"] = QTextCharFormat()
        boxed = QTextCharFormat()  # what is released in its place: a dark box with the code
        boxed.setBackground(QBrush(text))
        boxed.setForeground(QBrush(base))
        f["withheld"] = f["pseudonym"] = boxed
        vendor = QTextCharFormat()
        vendor.setFontItalic(True)
        f["vendor"] = vendor
        shown = QTextCharFormat()  # an open item's original text: underlined, highlighted
        shown.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
        shown.setFontUnderline(True)
        shown.setBackground(QBrush(QColor("#5a4500" if dark else "#ffe8a3")))
        f["open"] = shown
        tag = QTextCharFormat(shown)
        tag.setFontWeight(QFont.Weight.Bold)
        tag.setUnderlineStyle(QTextCharFormat.UnderlineStyle.NoUnderline)
        f["open_tag"] = tag
        struck = QTextCharFormat()
        struck.setFontStrikeOut(True)
        struck.setForeground(QBrush(QColor("#b0b0b0" if dark else "#555555")))
        f["rejected_tag"] = struck
        return f

    def _show(self, rec: svc.ReviewRecord | None, item_id: int | None) -> None:
        self.record = rec
        self.segments = []
        view = self.record_view
        view.clear()
        if rec is None:
            view.setPlainText("This record is no longer in the responsive set.")
            return
        f = self._formats()
        cursor = QTextCursor(view.document())
        released = rec.released
        head = f"Record {released.row_no}"
        if not rec.included:
            head += f" \u2014 left out of the set ({rec.note})"
        elif released.withheld:
            head += f" \u2014 WITHHELD IN FULL: {released.withheld}"
        cursor.insertText(head, f["label"])
        selected: tuple[int, int] | None = None
        for name, (label, _) in FIELDS.items():
            cell = released.cells[name]
            if not cell.original and not cell.text:
                continue
            cursor.insertBlock()
            cursor.insertText(f"{label}: ", f["label"])
            spans = sorted((i for i in rec.items.values() if i["row_no"] == released.row_no
                            and i["field"] == name and i["scope"] == "span"
                            and i["decision"] == "rejected"), key=lambda i: i["start"])
            for piece in self._pieces_with_rejected(cell, spans):
                start = cursor.position()
                kind, text, lo, hi, item = piece
                found = rec.items.get(item, {}) if item is not None else {}
                whole = kind != "rejected" and (found.get("scope") in ("column", "person",
                                                                       "cell")
                                                or found.get("field") == WHOLE_RECORD)
                if kind == "text":
                    cursor.insertText(text, f["text"])
                elif kind == "open":
                    cursor.insertText(cell.original[lo:hi], f["open"])
                    cursor.insertText(f"?{text}", f["open_tag"])
                elif kind == "rejected":
                    cursor.insertText(cell.original[lo:hi], f["text"])
                    cursor.insertText(f" \u2717{text}", f["rejected_tag"])
                else:
                    cursor.insertText(text, f.get(kind, f["withheld"]))
                self.segments.append(Segment(name, start, cursor.position(), lo, hi, item,
                                             whole))
                if item is not None and item == item_id:
                    selected = (start, cursor.position())
        if selected is not None:
            mark = QTextCursor(view.document())
            mark.setPosition(selected[0])
            mark.setPosition(selected[1], QTextCursor.MoveMode.KeepAnchor)
            view.setTextCursor(mark)
            view.ensureCursorVisible()
        else:
            view.moveCursor(QTextCursor.MoveOperation.Start)
        self._update_buttons()

    def _pieces_with_rejected(self, cell: svc.ReleasedCell, rejected: list[dict]):
        """(kind, text, original start, end, item) runs of a cell: the released pieces, open
        items told apart from decided ones, and rejected items (released, so not among the
        pieces) marked inside the plain text."""
        items = self.record.items if self.record else {}
        for piece in cell.pieces:
            if piece.item is not None:
                item = items.get(piece.item, {})
                kind = "open" if (item.get("certain") == 0
                                  and item.get("decision") == "proposed") else piece.kind
                yield kind, piece.text, piece.start, piece.end, piece.item
                continue
            cursor = piece.start
            for item in rejected:
                if item["start"] >= cursor and item["end"] <= piece.end:
                    if item["start"] > cursor:
                        yield "text", cell.original[cursor:item["start"]], cursor, \
                            item["start"], None
                    yield "rejected", item["replacement"], item["start"], item["end"], \
                        item["id"]
                    cursor = item["end"]
            if cursor < piece.end:
                yield "text", cell.original[cursor:piece.end], cursor, piece.end, None

    # -- enabling --------------------------------------------------------------------------------
    def _stack_changed(self, _index: int) -> None:
        if isValid(self) and isValid(self.stack):  # not while the window is being destroyed
            self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self._task is not None
        matched = bool(self.state.get("matched"))
        item = self.current_item()
        has_item = item is not None and not busy and item["field"] != WHOLE_RECORD \
            and item["source"] not in ("manual", "vendor")
        has_term = has_item and bool(item["term"])
        self.match_button.setEnabled(not busy)
        self.redact_button.setEnabled(matched and not busy)
        record = self.record is not None and matched and not busy
        self.exclude_button.setEnabled(record)
        included = self.record is None or self.record.included
        self.exclude_button.setText("E&xclude record\u2026" if included
                                    else "Include record again (&x)\u2026")
        self.exclude_button.setAccessibleName(
            "Leave the selected record out of the responsive set" if included
            else "Include the selected record in the responsive set again")
        self.accept_button.setEnabled(has_item)
        self.reject_button.setEnabled(has_item)
        self.accept_term_button.setEnabled(has_term)
        self.reject_term_button.setEnabled(has_term)
        self.accept_all_button.setEnabled(bool(self.state.get("review_items")) and not busy)
        self.manual_button.setEnabled(record and bool(self.state.get("redacted")))
        self.withhold_button.setEnabled(record and not self.record.released.withheld)
        self.undo_button.setEnabled(self.stack.canUndo() and not busy)
        self.redo_button.setEnabled(self.stack.canRedo() and not busy)
        self.undo_button.setToolTip(f"Undo: {self.stack.undoText()} (Ctrl+Z)"
                                    if self.stack.canUndo() else "Nothing to undo")
        self.redo_button.setToolTip(f"Redo: {self.stack.redoText()} (Ctrl+Y)"
                                    if self.stack.canRedo() else "Nothing to redo")

    # -- running work ----------------------------------------------------------------------------
    def say(self, text: str) -> None:
        self.message.setText(text)
        announce(self, text)

    def _failed(self, exc: BaseException) -> None:
        self._end_task()
        explain(self, exc, self._log_dir, f"Review of {self.number}")

    def _begin_task(self, task, text: str) -> None:
        self._task = task
        self.progress.setRange(0, 0)
        self.progress.setFormat(text)
        self.progress.show()
        self.cancel_button.show()
        self._update_buttons()

    def _end_task(self) -> None:
        self._task = None
        self.progress.hide()
        self.cancel_button.hide()
        self._update_buttons()

    def _cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def _progressed(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, max(total, 0))
        self.progress.setValue(done)
        self.progress.setFormat(f"{text} %p%" if total else text)

    def _write(self, fn: Callable, command: _Command, what: str) -> None:
        def failed(exc: BaseException) -> None:
            command.failed = True
            self.say(f"Not done: {what}")
            self._failed(exc)
            self.refresh()

        def done(_result) -> None:
            self.say(what)
            self.refresh()

        ctx = self.runner.context()
        self.runner.run(lambda db, job: fn(db, ctx), on_done=done, on_error=failed,
                        write=True, owner=self, label="review decision")

    # -- match and redact --------------------------------------------------------------------
    def match(self) -> None:
        number, ctx = self.number, self.runner.context()
        task = self.runner.run(lambda db, job: matching.match(db, ctx, number, job=job),
                               on_done=self._counted, on_error=self._failed,
                               on_progress=self._progressed, owner=self, label="count matches")
        self._begin_task(task, "counting")

    def _counted(self, result) -> None:
        self._end_task()
        lines = [f"{result.records:,} records by {result.searchers:,} searchers on the roster"
                 + (f"; {result.unresolved:,} identities not on it" if result.unresolved
                    else "") + "."]
        lines += ["Per month: " + ", ".join(f"{m}: {n:,}" for m, n in result.by_month.items())]
        lines += ["Per system: " + ", ".join(f"{s}: {n:,}"
                                             for s, n in result.by_system.items())]
        lines += [f"Not on the roster: {u['shown']} ({u['records']:,})"
                  for u in result.unresolved_identities[:10]]
        box = QMessageBox(QMessageBox.Icon.Question, f"Match {self.number}",
                          f"The criteria of {self.number} select {result.records:,} records.",
                          parent=self)
        box.setObjectName("matchCounts")
        box.setInformativeText("\n".join(lines) + "\n\nFreeze them as the request's "
                               "responsive set? Later imports and roster edits will not "
                               "change it.")
        freeze = box.addButton("&Freeze as the responsive set",
                               QMessageBox.ButtonRole.AcceptRole)
        freeze.setObjectName("freezeButton")
        freeze.setEnabled(result.records > 0)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(freeze)
        self.say(lines[0])
        box.exec()
        if box.clickedButton() is freeze:
            self._freeze()

    def _freeze(self) -> None:
        number, ctx = self.number, self.runner.context()

        def done(result) -> None:
            self._end_task()
            self.say(f"{number}: {result.records:,} records frozen as the responsive set.")
            self.refresh()

        task = self.runner.run(lambda db, job: matching.match(db, ctx, number, commit=True,
                                                              job=job),
                               on_done=done, on_error=self._failed,
                               on_progress=self._progressed, write=True, owner=self,
                               label="freeze responsive set")
        self._begin_task(task, "freezing")

    def redact(self) -> None:
        number, ctx = self.number, self.runner.context()

        def done(summary: dict) -> None:
            self._end_task()
            self.stack.clear()  # decisions before the run are kept, but not undone from here
            self.say(f"Redacted: {summary['redactions']:,} redactions, "
                     f"{summary['review_items']:,} review items open.")
            self.refresh()

        task = self.runner.run(lambda db, job: svc.redact(db, ctx, number, job=job),
                               on_done=done, on_error=self._failed,
                               on_progress=self._progressed, write=True, owner=self,
                               label="redact")
        self._begin_task(task, "redacting")

    # -- decisions -------------------------------------------------------------------------------
    def _describe(self, item: dict) -> str:
        return (f"\u201c{item['original'] or item['term']}\u201d in "
                f"{_field_label(item['field']).lower()} of record {item['row_no']}")

    def decide(self, decision: str) -> None:
        item = self.current_item()
        if item is None or not self.accept_button.isEnabled():
            return
        number, ids = self.number, [item["id"]]
        verb = "Accepted (stays redacted)" if decision == "accepted" else \
            "Rejected (released)"

        def do(db, ctx, cmd):
            cmd.state = svc.decide(db, ctx, number, ids, decision)

        self.stack.push(_Command(self, f"{verb}: {self._describe(item)}", do, self._restore))

    def decide_term(self, decision: str) -> None:
        item = self.current_item()
        if item is None or not item["term"] or not self.accept_term_button.isEnabled():
            return
        number, term = self.number, item["term"]
        verb = "Accepted (stay redacted)" if decision == "accepted" else \
            "Rejected (released)"

        def do(db, ctx, cmd):
            cmd.state = svc.decide(db, ctx, number, svc.term_items(db, number, term),
                                   decision)

        self.stack.push(_Command(self, f"{verb}: every occurrence of \u201c{term}\u201d "
                                       f"({item['occurrences']:,})", do, self._restore))

    def accept_all(self) -> None:
        if not self.state.get("review_items"):
            return
        number = self.number

        def do(db, ctx, cmd):
            ids = [i["id"] for i in svc.review_items(db, number)]
            cmd.state = svc.decide(db, ctx, number, ids, "accepted") if ids else []

        self.stack.push(_Command(self, f"Accepted all {self.state['review_items']:,} open "
                                       "review items (they stay redacted)", do,
                                 self._restore))

    def _restore(self, db, ctx, cmd) -> None:
        if cmd.state:
            svc.restore(db, ctx, self.number, cmd.state)

    def _remove_added(self, db, ctx, cmd) -> None:
        if cmd.state is not None:
            svc.remove_added(db, ctx, self.number, cmd.state)

    def redact_selection(self) -> None:
        if self.record is None or not self.manual_button.isEnabled():
            return
        cursor = self.record_view.textCursor()
        try:
            name, start, end = selection_range(self.segments, cursor.selectionStart(),
                                               cursor.selectionEnd())
        except DeskError as exc:
            explain(self, exc, self._log_dir, "Redact the selection")
            return
        original = self.record.released.cells[name].original
        row_no = self.record.released.row_no
        shown = original[start:end]
        dialog = DecisionDialog(f"Redact selection \u2014 record {row_no}",
                                f"Redact \u201c{shown}\u201d in "
                                f"{FIELDS[name][0].lower()} of record {row_no}.",
                                self.exemptions, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        number, code, why = self.number, dialog.code(), dialog.text()

        def do(db, ctx, cmd):
            cmd.state = svc.add_manual(db, ctx, number, row_no, name, start, end, code, why)

        self.stack.push(_Command(self, f"Redacted \u201c{shown}\u201d in record {row_no}",
                                 do, self._remove_added))

    def withhold_record(self) -> None:
        if self.record is None or not self.withhold_button.isEnabled():
            return
        row_no = self.record.released.row_no
        dialog = DecisionDialog(f"Withhold record {row_no}",
                                f"Withhold record {row_no} in full: the packet prints a "
                                "numbered slip sheet in its place.", self.exemptions, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        number, code, why = self.number, dialog.code(), dialog.text()

        def do(db, ctx, cmd):
            cmd.state = svc.withhold_record(db, ctx, number, row_no, code, why)

        self.stack.push(_Command(self, f"Withheld record {row_no} in full", do,
                                 self._remove_added))

    def exclude(self) -> None:
        """Leave the selected record out of the set, or take a left-out one back in; with a
        note either way."""
        if self.record is None or not self.exclude_button.isEnabled():
            return
        row_no, include = self.record.released.row_no, not self.record.included
        if include:
            dialog = DecisionDialog(f"Include record {row_no}",
                                    f"Include record {row_no} in the responsive set again "
                                    f"(left out: {self.record.note}).", None, self,
                                    note_label="&Note:")
        else:
            dialog = DecisionDialog(f"Exclude record {row_no}",
                                    f"Leave record {row_no} out of the responsive set (it is "
                                    "not responsive). The note is kept with the record.",
                                    None, self, note_label="&Note:")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        number, note, before = self.number, dialog.text(), self.record.note

        def do(db, ctx, cmd):
            matching.set_included(db, ctx, number, row_no=row_no, included=include,
                                  note=note)

        def undo(db, ctx, cmd):
            matching.set_included(db, ctx, number, row_no=row_no, included=not include,
                                  note=before or f"Undone: {note}")

        self.stack.push(_Command(
            self, f"{'Included' if include else 'Left'} record {row_no} "
                  f"{'in' if include else 'out of'} the set", do, undo))

    # -- help ------------------------------------------------------------------------------------
    def show_help(self) -> HelpDialog:
        dialog = HelpDialog(self.actions_list, self)
        dialog.setWindowTitle(f"Help \u2014 review redactions of {self.number}")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
