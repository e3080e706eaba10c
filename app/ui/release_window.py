"""Letters and packet: everything a clerk does for one request on its way out of the building.

Five tabs, in the order of the work: write the letters (Word, from the agency's templates),
have a reviewer other than the preparer approve the redactions, build the packet (letter, PDF,
CSV, XLSX and a manifest with the SHA-256 of each file), preview and print the PDF inside the
app, and release - which runs the release gate and, when it blocks, lists each finding (file,
page, identifier) so the clerk can read, copy and act on it. Every service call runs on the
task runner; the services check again whatever this window enables.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from PySide6.QtCore import QPointF, QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QDesktopServices,
    QGuiApplication,
    QKeySequence,
    QShortcut,
)
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.domain.errors import DeskError
from app.domain.letters import LANGUAGES, LetterKind
from app.domain.requests import Status
from app.paths import Paths
from app.services import release as release_service
from app.services.jobs import Cancelled
from app.services.letters import record_assistance, write_letter
from app.ui.a11y import announce, data_label, fit_to_screen, named_button
from app.ui.errors import explain
from app.ui.pdf_print import paint_pdf, set_paper_of
from app.ui.rows_model import Column, RowsModel
from app.ui.simple_panels import fit_columns, make_table
from app.ui.tasks import Task, TaskRunner

WARN = "\u26a0"     # the sign beside a refusal: the words say it, the colour only repeats it
DONE = "\u2714"


def packets_folder(paths: Paths) -> Path:
    """Where packets are built by default: one folder per production, under the data folder."""
    return paths.data_dir / "packets"


def letters_folder(paths: Paths, number: str) -> Path:
    return paths.data_dir / "letters" / number


def _items(message: str) -> list[str]:
    """The numbered items of a refused letter's message ("it needs: (1) ...; (2) ...")."""
    _, _, needs = message.partition("it needs: ")
    needs = needs.rsplit(". Nothing was written.", 1)[0]
    return [m.strip() for m in re.split(r";?\s*\(\d+\)\s+", needs) if m.strip()]


def _human_size(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:,} {unit}" if unit == "bytes" else f"{size:,.1f} {unit}"
        size /= 1024
    return str(size)


# What the clerk does about each kind of finding of the release gate.
NEXT_STEP = {
    "identifier": "Redact it (or record why it is released), have the redactions approved "
                  "again, and build a new packet.",
    "files": "Do not edit the packet's folder: build the packet again (Packet tab).",
    "review": "Decide the open review items, then approve and build again.",
    "approval": "A reviewer other than the preparer approves (Approve tab); build again.",
    "profile": "Counsel confirms the redaction profile; then release again.",
    "workflow": "Move the request to In review or Awaiting approval first.",
    "pdf": "Build the packet again; if it comes back, report it as a fault.",
    "bates": "Build the packet again; if it comes back, report it as a fault.",
    "count": "Build the packet again; if it comes back, report it as a fault.",
    "exports": "Build the packet again; if it comes back, report it as a fault.",
    "xlsx": "Build the packet again; do not edit the workbook.",
}


# What each kind of letter takes beyond the request and Settings (app.domain.letters).
KIND_FIELDS = {
    LetterKind.ACKNOWLEDGEMENT: (),
    LetterKind.EXTENSION: ("determination_by",),
    LetterKind.CLARIFICATION: ("questions", "suggestions", "records_note"),
    LetterKind.DETERMINATION: ("records_exist", "reasons", "available_on",
                               "available_time", "delivery"),
    LetterKind.NO_RECORDS: ("searched",),
    LetterKind.DENIAL: ("partial", "withheld", "responsible", "available_on",
                        "available_time", "volume"),
    LetterKind.LATE: ("expected_on", "explanation"),
}


class ReleaseWindow(QDialog):
    """Letters, approval, packet, preview and print, and release of one request."""

    changed = Signal(str)          # the request's number, after a change the queue should show

    def __init__(self, runner: TaskRunner, paths: Paths, number: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._paths = paths
        self.number = number
        self.state: dict | None = None
        self.letter_path: Path | None = None
        self._task: Task | None = None
        self.setWindowTitle(f"Letters and packet \u2014 {number}")
        self.setObjectName("releaseWindow")

        self.summary = data_label("Where the request stands", focusable=True)
        self.summary.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Steps")
        self.tabs.addTab(self._letters_tab(), "&Letters")
        self.tabs.addTab(self._approve_tab(), "&Approve")
        self.tabs.addTab(self._packet_tab(), "&Packet")
        self.tabs.addTab(self._preview_tab(), "Pre&view and print")
        self.tabs.addTab(self._release_tab(), "&Release")

        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress")
        self.progress_text = data_label("What is being done")
        self.stop_button = named_button("S&top", "Stop the work under way", self.stop)
        self.close_button = named_button("Close", "Close the letters and packet window",
                                         self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress_text)
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.stop_button)
        bottom.addStretch()
        bottom.addWidget(self.close_button)
        self._busy(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        fit_to_screen(self, QSize(860, 640))
        self.kind.setFocus()
        self.refresh()

    # -- building the tabs ---------------------------------------------------------------------
    def _letters_tab(self) -> QWidget:
        page = QWidget()
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of letter")
        for kind in LetterKind:
            self.kind.addItem(kind.label(), kind.value)
        self.language = QComboBox()
        self.language.setAccessibleName("Language of the letter")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.signer = QComboBox()
        self.signer.setAccessibleName("Who signs the letter")
        top = QFormLayout()
        top.addRow("&Kind:", self.kind)
        top.addRow("Lan&guage:", self.language)
        top.addRow("&Signs:", self.signer)

        # What each kind needs beyond the request and Settings; only the chosen kind's show.
        self.details = QFormLayout()
        self.fields: dict[str, QWidget] = {}

        def line(name: str, label: str, spoken: str, hint: str = "") -> QLineEdit:
            edit = QLineEdit()
            edit.setAccessibleName(spoken)
            edit.setPlaceholderText(hint)
            self.fields[name] = edit
            self.details.addRow(label, edit)
            return edit

        def lines(name: str, label: str, spoken: str, hint: str) -> QPlainTextEdit:
            edit = QPlainTextEdit()
            edit.setAccessibleName(spoken)
            edit.setPlaceholderText(hint)
            edit.setTabChangesFocus(True)     # Tab leaves, as everywhere else
            edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 3 + 12)
            self.fields[name] = edit
            self.details.addRow(label, edit)
            return edit

        self.nothing_more = QLabel("This letter needs nothing beyond the request and the "
                                   "agency's details in Settings.")
        self.nothing_more.setWordWrap(True)
        self.details.addRow(self.nothing_more)
        records = QComboBox()
        records.setAccessibleName("Whether disclosable records exist")
        records.addItem("Yes: disclosable records exist", True)
        records.addItem("No disclosable records", False)
        self.fields["records_exist"] = records
        self.details.addRow("Records exist:", records)
        line("reasons", "Reasons:", "Reasons for the determination")
        partial = QCheckBox("Denied in part; the rest is released")
        partial.setAccessibleName("Denied in part; the rest is released")
        partial.setChecked(True)
        self.fields["partial"] = partial
        self.details.addRow("Partial:", partial)
        lines("withheld", "Withheld:", "What is withheld, one item a line",
              "One a line: WHAT | CITATION | JUSTIFICATION")
        line("responsible", "Responsible:", "Persons responsible for the denial",
             "Names of signers, or NAME | TITLE; separate with ;")
        line("available_on", "Available on:", "Date the records will be available",
             "YYYY-MM-DD")
        line("available_time", "Available at:", "Time the records will be available",
             "HH:MM (24-hour)")
        line("delivery", "Delivery:", "How the records will be provided")
        line("volume", "Volume withheld:", "Estimated volume withheld (FOIA)",
             "e.g. about 40 pages")
        line("determination_by", "Determination by:", "Date the determination will be sent",
             "YYYY-MM-DD (default: the extended due date)")
        lines("questions", "Questions:", "Questions to the requester, one a line",
              "What the requester should clarify, one a line")
        lines("suggestions", "Suggestions:", "Suggestions to the requester, one a line",
              "Optional, one a line")
        line("records_note", "Records kept:", "Where and how the records are kept")
        line("searched", "Searched:", "What was searched")
        line("expected_on", "Expected on:", "Date the determination will be sent",
             "YYYY-MM-DD")
        line("explanation", "Why late:", "Why the determination is late (optional)")
        # A CPRA no-records letter needs the help given to identify records on record first
        # (Gov. Code § 7922.600): recorded here, at once, as its own entry in the timeline.
        self.help_edit = QLineEdit()
        self.help_edit.setAccessibleName("Help given to the requester to identify records")
        self.help_edit.setPlaceholderText("e.g. Called on 20 Nov; suggested a date range")
        self.help_button = QPushButton("Record hel&p given")
        self.help_button.setAccessibleName(
            "Record the help given to identify records (Gov. Code § 7922.600)")
        self.help_button.clicked.connect(self.record_help)
        self.help_row = QWidget()
        help_layout = QHBoxLayout(self.help_row)
        help_layout.setContentsMargins(0, 0, 0, 0)
        help_layout.addWidget(self.help_edit, 1)
        help_layout.addWidget(self.help_button)
        self.details.addRow("Help given:", self.help_row)
        details = QWidget()
        stack = QVBoxLayout(details)
        stack.addLayout(self.details)
        stack.addStretch()   # the rows stay together at the top
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(details)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setAccessibleName("Details of the letter")
        self.kind.currentIndexChanged.connect(self._kind_changed)

        self.write_button = named_button("&Write letter", "Write the letter (Word file)",
                                         self.write_letter)
        self.open_button = named_button("&Open in Word", "Open the letter in Word",
                                        self.open_letter)
        self.copy_button = named_button("Save a cop&y\u2026", "Save a copy of the letter elsewhere",
                                        self.save_letter_copy)
        buttons = QHBoxLayout()
        for button in (self.write_button, self.open_button, self.copy_button):
            buttons.addWidget(button)
        buttons.addStretch()
        self.letter_status = data_label("The letter written, or why it was not",
                                        focusable=True)
        self.letter_status.setWordWrap(True)
        self.letter_status.hide()   # until there is something to say

        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.letter_status)
        self._kind_changed()
        return page

    def _approve_tab(self) -> QWidget:
        page = QWidget()
        intro = QLabel("A reviewer other than the person who prepared the redactions approves "
                       "them as they stand. Any later change to a redaction undoes the "
                       "approval.")
        intro.setWordWrap(True)
        self.approval_status = data_label("Who approved, and when", focusable=True)
        self.approval_status.setWordWrap(True)
        self.reviewer = QLineEdit()
        self.reviewer.setAccessibleName("Reviewer's name, as they sign")
        self.note = QLineEdit()
        self.note.setAccessibleName("Note with the approval (optional)")
        form = QFormLayout()
        form.addRow("Reviewer's &name:", self.reviewer)
        form.addRow("No&te:", self.note)
        self.approve_button = named_button("Approve the re&dactions",
                                           "Approve the redactions as they stand", self.approve)
        self.reviewer.returnPressed.connect(self.approve)
        self.approve_problem = data_label("Why the approval was refused", focusable=True)
        self.approve_problem.setWordWrap(True)
        self.approve_problem.hide()
        row = QHBoxLayout()
        row.addWidget(self.approve_button)
        row.addStretch()
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addWidget(self.approval_status)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.approve_problem)
        layout.addStretch()
        return page

    def _packet_tab(self) -> QWidget:
        page = QWidget()
        self.folder_label = data_label("Folder the packet is built in", focusable=True)
        self.folder_label.setWordWrap(True)
        self.responsible = QLineEdit()
        self.responsible.setAccessibleName("Persons responsible for withholding")
        self.responsible.setPlaceholderText("Signers' names, or NAME | TITLE; separate with ;")
        self.packet_language = QComboBox()
        self.packet_language.setAccessibleName("Language of the packet's letter")
        for code, name in LANGUAGES.items():
            self.packet_language.addItem(name, code)
        self.available_time = QLineEdit()
        self.available_time.setAccessibleName("Time the records are available")
        self.available_time.setPlaceholderText("HH:MM (24-hour)")
        self.correction = QLineEdit()
        self.correction.setAccessibleName("Why the released packet is corrected")
        self.correction.setPlaceholderText("Only to correct a released packet: what was wrong")
        form = QFormLayout()
        form.addRow("&Who is responsible:", self.responsible)
        form.addRow("Lan&guage:", self.packet_language)
        form.addRow("Available at t&ime:", self.available_time)
        form.addRow("Correctio&n:", self.correction)
        self.locked_label = data_label("What the packet needs first, or that it is locked",
                                       focusable=True)
        self.locked_label.setWordWrap(True)
        self.locked_label.hide()
        self.build_button = named_button("&Build packet", "Build the packet", self.build_packet)
        self.open_folder_button = named_button("Open &folder", "Open the packet's folder",
                                               self.open_folder)
        self.save_copies_button = named_button("Save &copies to\u2026",
                                               "Save copies of the packet's files to a folder",
                                               self.save_copies)
        buttons = QHBoxLayout()
        for button in (self.build_button, self.open_folder_button, self.save_copies_button):
            buttons.addWidget(button)
        buttons.addStretch()
        self.packet_status = data_label("The packet built, or why it was not", focusable=True)
        self.packet_status.setWordWrap(True)
        self.packet_status.hide()   # until there is something to say
        self.files_model = RowsModel([Column("File", "name"), Column("Size", "size"),
                                      Column("SHA-256", "sha256")], self)
        self.files_table = make_table(self.files_model, "Files of the packet")
        self.files_table.setMinimumHeight(60)
        layout = QVBoxLayout(page)
        layout.addWidget(self.folder_label)
        layout.addLayout(form)
        layout.addWidget(self.locked_label)
        layout.addLayout(buttons)
        layout.addWidget(self.packet_status)
        layout.addWidget(self.files_table, 1)
        return page

    def _preview_tab(self) -> QWidget:
        page = QWidget()
        self.pdf = QPdfDocument(self)
        self.pdf_view = QPdfView()
        self.pdf_view.setObjectName("packetPreview")
        self.pdf_view.setAccessibleName("Packet preview")
        self.pdf_view.setDocument(self.pdf)
        self.pdf_view.setPageMode(QPdfView.PageMode.SinglePage)
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitInView)
        self.pdf_view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.pdf_view.setMinimumHeight(80)
        self.pdf_view.pageNavigator().currentPageChanged.connect(self._page_changed)
        self.page_label = data_label("Page shown", focusable=True)
        self.previous_button = named_button("Previous pa&ge", "Previous page (Page Up)",
                                            lambda: self.go_to_page(self.page() - 1))
        self.next_button = named_button("Ne&xt page", "Next page (Page Down)",
                                        lambda: self.go_to_page(self.page() + 1))
        self.zoom_in_button = named_button("Zoom &in", "Zoom in (Ctrl+plus)",
                                           lambda: self.zoom(1.25))
        self.zoom_out_button = named_button("Zoom &out", "Zoom out (Ctrl+minus)",
                                            lambda: self.zoom(0.8))
        self.print_preview_button = named_button("Print previe&w\u2026",
                                                 "Print preview of the packet", self.print_preview)
        self.print_button = named_button("Prin&t\u2026", "Print the packet", self.print_packet)
        row = QHBoxLayout()
        for widget in (self.previous_button, self.next_button, self.page_label):
            row.addWidget(widget)
        row.addStretch()
        for widget in (self.zoom_out_button, self.zoom_in_button, self.print_preview_button,
                       self.print_button):
            row.addWidget(widget)
        self.preview_status = data_label("What the preview shows", focusable=True)
        self.preview_status.setWordWrap(True)
        self.preview_status.hide()   # until there is something to say
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(self.preview_status)
        layout.addWidget(self.pdf_view, 1)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, act in (
                ([QKeySequence(Qt.Key.Key_PageDown)], lambda: self.go_to_page(self.page() + 1)),
                ([QKeySequence(Qt.Key.Key_PageUp)], lambda: self.go_to_page(self.page() - 1)),
                ([QKeySequence(Qt.Key.Key_Home)], lambda: self.go_to_page(0)),
                ([QKeySequence(Qt.Key.Key_End)], lambda: self.go_to_page(self.pdf.pageCount() - 1)),
                ([QKeySequence(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")],
                 lambda: self.zoom(1.25)),
                ([QKeySequence(QKeySequence.StandardKey.ZoomOut)], lambda: self.zoom(0.8)),
                ([QKeySequence("Ctrl+0")], self.fit_page)):
            for key in keys:
                shortcut = QShortcut(key, page)
                shortcut.setContext(context)
                shortcut.activated.connect(act)
        return page

    def _release_tab(self) -> QWidget:
        page = QWidget()
        intro = QLabel("Releasing reads every file of the newest packet back and checks it: no "
                       "roster identifier the profile does not release, no open review item, "
                       "Bates numbers without gaps, as many redactions as the exemption log, "
                       "PDF and exports alike, and the approval. Anything found blocks the "
                       "release.")
        intro.setWordWrap(True)
        self.release_button = named_button("Check and r&elease",
                                           "Run the release gate and release the packet",
                                           self.release)
        self.copy_findings_button = named_button("Cop&y findings",
                                                 "Copy the findings to the clipboard",
                                                 self.copy_findings)
        row = QHBoxLayout()
        row.addWidget(self.release_button)
        row.addWidget(self.copy_findings_button)
        row.addStretch()
        self.release_notice = data_label("Whether there is a packet to release",
                                         focusable=True)
        self.release_notice.setWordWrap(True)
        self.release_status = data_label("The outcome of the release gate", focusable=True)
        self.release_status.setWordWrap(True)
        self.release_status.hide()   # until there is something to say
        self.findings_model = RowsModel([Column("File", "file"), Column("Where", "where"),
                                         Column("What was found", "detail"),
                                         Column("What to do", "next")], self)
        self.findings_table = make_table(self.findings_model, "Findings of the release gate")
        self.findings_table.setMinimumHeight(60)
        self.findings_table.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addWidget(self.release_notice)
        layout.addLayout(row)
        layout.addWidget(self.release_status)
        layout.addWidget(self.findings_table, 1)
        self.copy_findings_button.setEnabled(False)
        return page

    # -- state -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        number = self.number
        self._runner.run(lambda db, job: release_service.state(db, number),
                         on_done=self._show_state, on_error=self._failed, owner=self,
                         label="load the request's packet", latest=(self, "state"))

    def _latest(self) -> dict | None:
        productions = (self.state or {}).get("productions") or []
        return productions[-1] if productions else None

    def _released(self) -> dict | None:
        released = [p for p in (self.state or {}).get("productions") or [] if p["released_at"]]
        return released[-1] if released else None

    def _show_state(self, state: dict) -> None:
        first = self.state is None
        self.state = state
        if first:
            self._fill_choices(state)
        status = Status(state["status"])
        parts = [f"{state['number']} ({state['law'].upper()})", f"status: {status.label}"]
        approval = state["approval"]
        if approval is None:
            parts.append("redactions not approved")
        elif approval["current"]:
            parts.append(f"approved by {approval['reviewer']}")
        else:
            parts.append("approval out of date (redactions changed since)")
        latest = self._latest()
        if latest is None:
            parts.append("no packet yet")
        else:
            parts.append(f"packet {latest['seq']}: {latest['bates_first']} to "
                         f"{latest['bates_last']}"
                         + (f", RELEASED {latest['released_at'][:10]} (locked)"
                            if latest["released_at"] else ", not released"))
        self.summary.setText(" \u00b7 ".join(parts))
        self._show_approval(state)
        self._show_packet(state)
        self._enable()

    def _fill_choices(self, state: dict) -> None:
        self.signer.clear()
        self.signer.addItem("By role (Settings)", None)
        for signer in state["signers"]:
            self.signer.addItem(f"{signer['name']}, {signer['title']}", signer["name"])
        for combo in (self.language, self.packet_language):
            index = combo.findData(state["letter_language"])
            combo.setCurrentIndex(max(index, 0))
        officer = next((s["name"] for s in state["signers"] if s["role"] == "records_officer"),
                       state["signers"][0]["name"] if state["signers"] else "")
        if not self.responsible.text():
            self.responsible.setText(officer)
        if not self.fields["responsible"].text():
            self.fields["responsible"].setText(officer)

    def _show_approval(self, state: dict) -> None:
        approval = state["approval"]
        if not state["redacted"]:
            text = (f"{WARN} Not redacted yet: match and redact the request before it can be "
                    "approved.")
        elif approval is None:
            text = f"{WARN} Not approved yet."
        else:
            when = approval["approved_at"].replace("T", " ").rstrip("Z") + " UTC"
            text = (f"{DONE} Approved by {approval['reviewer']} (signed in as "
                    f"{approval['actor']}) on {when}."
                    + (f" Note: {approval['note']}" if approval["note"] else ""))
            if not approval["current"]:
                text = (f"{WARN} The approval by {approval['reviewer']} on {when} no longer "
                        "holds: redactions changed since. Approve again.")
        if state["preparers"]:
            text += "\nPrepared by: " + ", ".join(state["preparers"]) + "."
        self.approval_status.setText(text)

    def _show_packet(self, state: dict) -> None:
        latest = self._latest()
        released = self._released()
        if latest is None:
            self.folder_label.setText(
                f"Packets are built in {packets_folder(self._paths)}, one folder per "
                "production; Save copies to\u2026 puts copies anywhere.")
            self.files_model.set_rows([])
        else:
            self.folder_label.setText(f"Packet {latest['seq']} is in {latest['folder']}")
            self.files_model.set_rows([
                {"name": f["name"], "size": _human_size(f["bytes"]), "sha256": f["sha256"]}
                for f in latest["files"]])
            fit_columns(self.files_table)
            self._load_preview(latest)
        if released is not None:
            self.locked_label.setText(
                f"{WARN} Packet {released['seq']} ({released['bates_first']} to "
                f"{released['bates_last']}) was released on {released['released_at'][:10]} "
                f"by {released['released_by']} and is locked. A new packet is a correction: "
                "say what it corrects; it gets new Bates numbers and names the range it "
                "replaces.")
            self.locked_label.show()
            self.build_button.setText("&Build correction")
            self.build_button.setAccessibleName("Build a corrected packet")
        else:
            self.build_button.setText("&Build packet")
            self.build_button.setAccessibleName("Build the packet")
            approval = state["approval"]
            if not state["redacted"]:
                self.locked_label.setText(f"{WARN} The request is not matched and redacted yet: "
                                          "the packet is built from its redacted records.")
            elif approval is None or not approval["current"]:
                self.locked_label.setText(f"{WARN} A reviewer approves the redactions first "
                                          "(Approve tab, Alt+A).")
            self.locked_label.setVisible(not state["redacted"] or approval is None
                                         or not approval["current"])
        self.correction.setEnabled(released is not None)
        if latest is None:
            self.release_notice.setText("No packet yet: build it on the Packet tab (Alt+P), "
                                        "then release it here.")
        elif latest["released_at"]:
            self.release_notice.setText(
                f"{DONE} Packet {latest['seq']} ({latest['bates_first']} to "
                f"{latest['bates_last']}) was released on {latest['released_at'][:10]} by "
                f"{latest['released_by']}. It is locked; a correction is built on the Packet "
                "tab.")
        else:
            self.release_notice.setText(
                f"Packet {latest['seq']} ({latest['bates_first']} to {latest['bates_last']}, "
                f"{latest['pages'] or '?'} pages) is ready to be checked and released.")

    def _enable(self) -> None:
        busy = self._task is not None
        state = self.state or {}
        latest = self._latest()
        redacted = bool(state.get("redacted"))
        self.write_button.setEnabled(not busy and self.state is not None)
        self.open_button.setEnabled(self.letter_path is not None)
        self.copy_button.setEnabled(self.letter_path is not None)
        self.approve_button.setEnabled(not busy and redacted)
        approval = state.get("approval") or {}
        self.build_button.setEnabled(not busy and redacted and bool(approval.get("current")))
        has_files = latest is not None
        self.open_folder_button.setEnabled(has_files)
        self.save_copies_button.setEnabled(has_files and not busy)
        loaded = self.pdf.status() == QPdfDocument.Status.Ready
        for button in (self.previous_button, self.next_button, self.zoom_in_button,
                       self.zoom_out_button, self.print_preview_button, self.print_button):
            button.setEnabled(loaded and not busy)
        self.release_button.setEnabled(not busy and latest is not None
                                       and not latest["released_at"])

    def _busy(self, busy: bool, text: str = "") -> None:
        self.progress.setVisible(busy)
        self.progress_text.setVisible(busy)
        self.stop_button.setVisible(busy)
        self.progress_text.setText(text)
        if busy:
            self.progress.setRange(0, 0)
        if hasattr(self, "build_button"):
            self._enable()

    def _start(self, fn, what: str, on_done, on_error=None, *, write: bool = True) -> None:
        # The button pressed is disabled while the work runs; the focus goes back to it after.
        focus = QApplication.focusWidget()

        def settle() -> None:
            self._task = None
            self._busy(False)
            if focus is not None and isValid(focus) and focus.window() is self \
                    and focus.isEnabled() and focus.isVisible():
                focus.setFocus(Qt.FocusReason.OtherFocusReason)

        def done(result) -> None:
            settle()
            on_done(result)

        def failed(exc: BaseException) -> None:
            settle()
            (on_error or self._failed)(exc)

        self._task = self._runner.run(fn, on_done=done, on_error=failed,
                                      on_progress=self._progressed, write=write,
                                      owner=self, label=what)
        self._busy(True, what[:1].upper() + what[1:] + "\u2026")

    def _progressed(self, done: int, total: int, text: str) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        if text:
            self.progress_text.setText(text[:1].upper() + text[1:] + "\u2026")

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def reject(self) -> None:
        """Closing stops the work under way (a packet half built is removed, a release not
        finished is not recorded), so nothing goes on unseen."""
        self.stop()
        super().reject()

    def _failed(self, exc: BaseException, target: QLabel | None = None) -> None:
        """A refusal is shown where the clerk is, with what to do next; a fault is reported
        as every error of the window is."""
        if isinstance(exc, Cancelled):
            text = "Stopped. Nothing was kept."
        elif isinstance(exc, DeskError):
            text = f"{WARN} {exc.message}" + (f"\n{exc.hint}" if exc.hint else "")
        else:
            explain(self, exc, self._paths.log_dir, f"Letters and packet \u2014 {self.number}")
            return
        label = target or self._status_of_current_tab()
        label.setText(text)
        label.show()
        announce(label, text, assertive=True)

    def _status_of_current_tab(self) -> QLabel:
        return (self.letter_status, self.approve_problem, self.packet_status,
                self.preview_status, self.release_status)[self.tabs.currentIndex()]

    def _say(self, label: QLabel, text: str) -> None:
        label.setText(text)
        label.show()
        announce(label, text)

    # -- letters ---------------------------------------------------------------------------------
    def _kind_changed(self) -> None:
        kind = LetterKind(self.kind.currentData())
        wanted = KIND_FIELDS[kind]
        for name, widget in self.fields.items():
            self.details.setRowVisible(widget, name in wanted)
        self.details.setRowVisible(self.nothing_more, not wanted)
        self.details.setRowVisible(self.help_row, kind is LetterKind.NO_RECORDS)

    def record_help(self) -> None:
        text = self.help_edit.text()
        ctx, number = self._runner.context(), self.number

        def work(db, job):
            return record_assistance(db, ctx, number, text)

        def done(_view) -> None:
            self._say(self.letter_status, f"{DONE} Recorded the help given: "
                                          f"{' '.join(text.split())}")
            self.help_edit.clear()
            self.changed.emit(number)

        self._start(work, "recording the help given", done,
                    lambda exc: self._failed(exc, self.letter_status))

    def letter_values(self) -> dict:
        """The chosen kind's details as the letters service takes them; blanks left out."""
        values: dict = {}
        for name in KIND_FIELDS[LetterKind(self.kind.currentData())]:
            widget = self.fields[name]
            if isinstance(widget, QComboBox):
                values[name] = widget.currentData()
            elif isinstance(widget, QCheckBox):
                values[name] = widget.isChecked()
            elif isinstance(widget, QPlainTextEdit):
                items = [t.strip() for t in widget.toPlainText().splitlines() if t.strip()]
                if items:
                    values[name] = items
            elif widget.text().strip():
                values[name] = widget.text().strip()
        if "responsible" in values:
            values["responsible"] = [p.strip() for p in values["responsible"].split(";")
                                     if p.strip()]
        if "withheld" in values:
            values["withheld"] = ["|".join(p.strip() for p in w.split("|"))
                                  for w in values["withheld"]]
        return values

    def write_letter(self) -> None:
        ctx = self._runner.context()
        number, kind = self.number, self.kind.currentData()
        language, signer = self.language.currentData(), self.signer.currentData()
        values = self.letter_values()
        folder = letters_folder(self._paths, number)

        def work(db, job):
            folder.mkdir(parents=True, exist_ok=True)
            return write_letter(db, ctx, number, kind, folder, language, signer=signer,
                                **values)

        self._start(work, "writing the letter", self._letter_written, self._letter_refused)

    def _letter_written(self, path: Path) -> None:
        self.letter_path = Path(path)
        self._say(self.letter_status,
                  f"{DONE} Written: {self.letter_path.name}\nin {self.letter_path.parent}. "
                  "Open it in Word to read it through before it is sent.")
        self._enable()
        self.open_button.setFocus()
        self.changed.emit(self.number)

    def _letter_refused(self, exc: BaseException) -> None:
        if isinstance(exc, DeskError) and "it needs: " in exc.message:
            needs = [self._in_words(item) for item in _items(exc.message)]
            head = exc.message.partition("; it needs: ")[0].replace("cannot be written yet",
                                                                    "was not written")
            text = (f"{WARN} {head}. It needs:\n"
                    + "\n".join(f"{i}. {item}" for i, item in enumerate(needs, 1))
                    + f"\n{exc.hint}")
            self._say(self.letter_status, text)
            self.letter_status.setFocus()
            return
        self._failed(exc, self.letter_status)

    def _in_words(self, item: str) -> str:
        """A command-line option the service names ('--available-on') as the field of this
        window where it is given ('Available on')."""
        def field(found: re.Match) -> str:
            name = found.group(1).replace("-", "_")
            widget = self.fields.get(name) or self.fields.get(name + "s")
            label = self.details.labelForField(widget) if widget is not None else None
            text = label.text().rstrip(":") if isinstance(label, QLabel) else ""
            return f"'{text}'" if text else found.group(0)

        return re.sub(r"--([a-z][a-z-]*)", field, item)

    def open_letter(self) -> None:
        if self.letter_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.letter_path)))

    def save_letter_copy(self) -> None:
        if self.letter_path is None:
            return
        target, _ = QFileDialog.getSaveFileName(
            self, "Save a copy of the letter", str(Path.home() / self.letter_path.name),
            "Word document (*.docx)")
        if not target:
            return
        try:
            shutil.copyfile(self.letter_path, target)
        except OSError as exc:
            self._say(self.letter_status, f"{WARN} The copy could not be saved in {target}: "
                                          f"{exc.strerror or exc}. Choose another folder.")
            return
        self._say(self.letter_status, f"{DONE} A copy was saved as {target}.")

    # -- approval --------------------------------------------------------------------------------
    def approve(self) -> None:
        if not self.approve_button.isEnabled():
            return
        ctx = self._runner.context()
        number, reviewer, note = self.number, self.reviewer.text(), self.note.text()
        self.approve_problem.hide()
        self._start(lambda db, job: release_service.approve(db, ctx, number, reviewer, note),
                    "approving the redactions", self._approved,
                    lambda exc: self._failed(exc, self.approve_problem))

    def _approved(self, result: dict) -> None:
        announce(self.approval_status, f"Approved by {result['reviewer']}.")
        self.changed.emit(self.number)
        self.refresh()

    # -- the packet ------------------------------------------------------------------------------
    def build_packet(self) -> None:
        ctx = self._runner.context()
        number = self.number
        letter = release_service.LetterRequest(
            responsible=tuple(p.strip() for p in self.responsible.text().split(";")
                              if p.strip()),
            language=self.packet_language.currentData(),
            available_time=self.available_time.text().strip() or None)
        correction = self.correction.text() if self.correction.isEnabled() else ""
        out = packets_folder(self._paths)
        self.packet_status.hide()

        def work(db, job):
            out.mkdir(parents=True, exist_ok=True)
            return release_service.make_packet(db, ctx, number, out, job,
                                               correction=correction, letter=letter)

        self._start(work, "building the packet", self._packet_built,
                    lambda exc: self._failed(exc, self.packet_status))

    def _packet_built(self, result: dict) -> None:
        text = (f"{DONE} Packet {result['production']} built: {result['pages']:,} pages, Bates "
                f"{result['bates_first']} to {result['bates_last']}")
        earlier = [p for p in (self.state or {}).get("productions") or []
                   if p["seq"] < result["production"]]
        if result["replaces"]:
            text += f"; it replaces {result['replaces']}"
        elif earlier:
            last = earlier[-1]
            text += (f"; it supersedes packet {last['seq']} ({last['bates_first']} to "
                     f"{last['bates_last']}), which was not released")
        self._say(self.packet_status, text + ". The files and their SHA-256 are listed below.")
        self.correction.clear()
        self.changed.emit(self.number)
        self.refresh()

    def open_folder(self) -> None:
        latest = self._latest()
        if latest is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(latest["folder"]))

    def save_copies(self) -> None:
        latest = self._latest()
        if latest is None:
            return
        target = QFileDialog.getExistingDirectory(self, "Save copies of the packet to",
                                                  str(Path.home()))
        if not target:
            return
        source = Path(latest["folder"])
        names = [f["name"] for f in latest["files"]]
        destination = Path(target) / source.name

        def work(db, job):
            destination.mkdir(parents=True, exist_ok=True)
            for i, name in enumerate(names):
                job.progress(i, len(names), f"copying {name}")
                shutil.copy2(source / name, destination / name)
            return destination

        self._start(work, "saving copies", lambda where: self._say(
            self.packet_status, f"{DONE} Copies of the {len(names)} files were saved in "
                                f"{where}. The packet itself stays where it was built."),
                    lambda exc: self._failed(exc, self.packet_status), write=False)

    # -- preview and print -----------------------------------------------------------------------
    def _pdf_of(self, production: dict) -> Path | None:
        name = next((f["name"] for f in production["files"]
                     if f["name"].endswith("-packet.pdf")), None)
        return Path(production["folder"]) / name if name else None

    def _load_preview(self, production: dict) -> None:
        path = self._pdf_of(production)
        if path is None or str(path) == self.pdf.property("loadedFile"):
            return
        self.pdf.close()
        error = self.pdf.load(str(path))
        if error != QPdfDocument.Error.None_:
            self._say(self.preview_status, f"{WARN} The packet's PDF could not be opened "
                                           f"({path}): {error.name}. Build the packet again.")
            return
        self.pdf.setProperty("loadedFile", str(path))
        self._bates_first = production["bates_first"]
        self.preview_status.setText(f"Packet {production['seq']}: {path.name}")
        self.preview_status.show()
        self.go_to_page(0)
        self._page_changed(0)

    def page(self) -> int:
        return self.pdf_view.pageNavigator().currentPage()

    def go_to_page(self, page: int) -> None:
        count = self.pdf.pageCount()
        if count <= 0:
            return
        page = max(0, min(page, count - 1))
        self.pdf_view.pageNavigator().jump(page, QPointF(), self.pdf_view.pageNavigator()
                                           .currentZoom())

    def _page_changed(self, page: int) -> None:
        count = self.pdf.pageCount()
        if count <= 0:
            self.page_label.setText("No packet to show")
            return
        prefix, _, first = getattr(self, "_bates_first", "-0").rpartition("-")
        bates = f" ({prefix}-{int(first) + page:06d})" if first.isdigit() else ""
        self.page_label.setText(f"Page {page + 1} of {count}{bates}")

    def zoom(self, factor: float) -> None:
        view = self.pdf_view
        current = view.zoomFactor()
        if view.zoomMode() != QPdfView.ZoomMode.Custom:
            # From a fitted view: start at what it shows now.
            size = self.pdf.pagePointSize(max(self.page(), 0))
            viewport = view.viewport().size()
            if size.width() > 0 and size.height() > 0:
                current = min(viewport.width() / size.width(),
                              viewport.height() / size.height()) * 72 / view.logicalDpiX()
        view.setZoomMode(QPdfView.ZoomMode.Custom)
        view.setZoomFactor(max(0.1, min(current * factor, 8.0)))

    def fit_page(self) -> None:
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitInView)

    def _printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(f"Disclosure packet {self.number}")
        printer.setFromTo(1, self.pdf.pageCount())
        set_paper_of(printer, self.pdf)
        return printer

    def _shown_pdf(self) -> Path:
        return Path(str(self.pdf.property("loadedFile")))

    def print_preview(self) -> None:
        printer = self._printer()
        dialog = QPrintPreviewDialog(printer, self)
        dialog.setWindowTitle(f"Print preview \u2014 {self.number}")
        path = self._shown_pdf()
        # The preview dialog asks for every page at once and waits for them.
        dialog.paintRequested.connect(lambda target: paint_pdf(path, target))
        dialog.exec()

    def print_packet(self) -> None:
        printer = self._printer()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(f"Print the packet of {self.number}")
        dialog.setMinMax(1, self.pdf.pageCount())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        if dialog.printRange() != QPrintDialog.PrintRange.PageRange:
            printer.setFromTo(1, self.pdf.pageCount())
        path = self._shown_pdf()
        self._printing = printer   # kept alive while the worker paints on it

        def printed(pages: int) -> None:
            self._printing = None
            where = printer.printerName() or printer.outputFileName()
            self._say(self.preview_status,
                      f"{DONE} Sent {pages} page{'s' * (pages != 1)} to {where}.")

        def failed(exc: BaseException) -> None:
            self._printing = None
            self._failed(exc, self.preview_status)

        self._start(lambda db, job: paint_pdf(path, printer, job), "printing", printed, failed,
                    write=False)

    # -- release ---------------------------------------------------------------------------------
    def release(self) -> None:
        ctx = self._runner.context()
        number = self.number
        self.findings_model.set_rows([])
        self.copy_findings_button.setEnabled(False)
        self._start(lambda db, job: release_service.release(db, ctx, number, job),
                    "running the release gate", self._released_now, self._release_failed)

    def _released_now(self, result: dict) -> None:
        self._say(self.release_status,
                  f"{DONE} Released: {result['number']}, Bates {result['bates_first']} to "
                  f"{result['bates_last']}. The files and their SHA-256 are recorded and the "
                  "packet is locked: any change must be produced as a correction, with new "
                  "Bates numbers that name the range it replaces.")
        self.changed.emit(self.number)
        self.refresh()

    def _release_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, release_service.ReleaseBlocked):
            self._failed(exc, self.release_status)
            return
        findings = exc.findings
        self.findings_model.set_rows([
            {"file": f.file or "(the request)", "where": f.where, "detail": f.detail,
             "next": NEXT_STEP.get(f.check, "Correct it and build the packet again.")}
            for f in findings])
        fit_columns(self.findings_table)
        self.findings_table.resizeRowsToContents()
        self.copy_findings_button.setEnabled(True)
        self._say(self.release_status,
                  f"{WARN} NOT RELEASED: the release gate found {len(findings)} "
                  f"problem{'s' * (len(findings) != 1)} (listed below); nothing was released. "
                  f"{exc.hint}")
        self.refresh()

    def findings_text(self) -> str:
        rows = [self.findings_model.row_at(i) for i in range(self.findings_model.rowCount())]
        return "\n".join(["File\tWhere\tWhat was found\tWhat to do"]
                         + [f"{r['file']}\t{r['where']}\t{r['detail']}\t{r['next']}"
                            for r in rows])

    def copy_findings(self) -> None:
        QGuiApplication.clipboard().setText(self.findings_text())
        self._say(self.release_status, self.release_status.text().split("\n")[0]
                  + "\nThe findings were copied (paste them into an e-mail or a note).")


def open_release_window(runner: TaskRunner, paths: Paths, number: str,
                        parent: QWidget | None = None) -> ReleaseWindow:
    window = ReleaseWindow(runner, paths, number, parent)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.show()
    return window

