"""The letters and packet window, driven as a clerk drives it: letters written and refused,
approval by a reviewer other than the preparer, the packet built and listed, previewed page by
page, printed, and released - or blocked by the release gate, each finding shown."""

from __future__ import annotations

import csv
import hashlib
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog

from app.domain.requests import Status
from app.services import imports, matching, profiles, redaction
from app.services import requests as requests_service
from app.services import settings as settings_service
from app.services.context import Context
from app.services.database import open_database
from app.services.demo import write_export, write_roster
from app.ui import release_window
from app.ui.release_window import ReleaseWindow
from tests.conftest import TODAY, give_agency
from tests.test_matching import new_request
from tests.test_packet import leaks

pytestmark = pytest.mark.gui

PREPARER = Context(actor="test-clerk", today=TODAY)
SIGNERS = [{"name": "Dolores Ruiz", "title": "Records Supervisor", "role": "records_officer"},
           {"name": "A. Rivera", "title": "Chief of Police", "role": "head"}]
SEARCHES = 120


def prepare(db_path: Path, folder: Path, *, signers: bool = True) -> str:
    """A request matched, redacted, in review, its profile confirmed (not yet approved), by
    the preparer, through the services a clerk's actions call."""
    folder.mkdir(parents=True, exist_ok=True)
    with open_database(db_path) as db:
        give_agency(db, PREPARER)
        if signers:
            settings_service.update(db, PREPARER, "signers", SIGNERS)
        imports.import_roster(db, PREPARER, write_roster(folder / "roster.csv"))
        export = write_export(folder / "q4.csv", SEARCHES)
        imports.import_audit(db, PREPARER, imports.plan_import(db, export, system="clearview"))
        number = new_request(db, PREPARER)
        matching.match(db, PREPARER, number, commit=True)
        redaction.redact(db, PREPARER, number)
        for status in (Status.ACKNOWLEDGED, Status.SEARCHING, Status.IN_REVIEW):
            requests_service.change_status(db, PREPARER, number, status)
        profiles.confirm(db, PREPARER, "CPRA default", "A. Counsel, Deputy City Attorney")
    return number


@pytest.fixture
def desk(open_window, qtbot, tmp_path):
    """(main window, request number): an empty desk holding the prepared request."""
    window = open_window(demo=False)
    number = prepare(window.paths.database, tmp_path / "inputs")
    return window, number


def open_release(window, qtbot, number) -> ReleaseWindow:
    dialog = window.open_release(number)
    qtbot.waitUntil(lambda: dialog.state is not None, timeout=10_000)
    return dialog


def idle(qtbot, dialog: ReleaseWindow, timeout: int = 60_000) -> None:
    qtbot.waitUntil(lambda: dialog._task is None and not dialog._runner.busy, timeout=timeout)


def approve(qtbot, dialog: ReleaseWindow, name: str) -> None:
    dialog.tabs.setCurrentIndex(1)
    dialog.reviewer.setText(name)
    assert dialog.approve_button.isEnabled()
    qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)
    idle(qtbot, dialog)


def build(qtbot, dialog: ReleaseWindow) -> None:
    dialog.tabs.setCurrentIndex(2)
    dialog.available_time.setText("10:00")
    assert dialog.build_button.isEnabled()
    qtbot.mouseClick(dialog.build_button, Qt.MouseButton.LeftButton)
    idle(qtbot, dialog, 120_000)
    qtbot.waitUntil(lambda: dialog.files_model.rowCount() > 0, timeout=10_000)


def test_the_button_of_the_request_opens_the_window(desk, qtbot):
    window, number = desk
    panel = window.requests_panel
    with qtbot.waitSignal(panel.request_shown, timeout=10_000):
        panel.refresh_and_select(number)
    button = panel.actions.release_button
    assert button.isEnabled() and button.text() == "Letters and pac&ket\u2026"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, ReleaseWindow) and w.isVisible())
    qtbot.waitUntil(lambda: "status: In review" in dialog.summary.text(), timeout=10_000)
    assert number in dialog.windowTitle()
    assert "redactions not approved" in dialog.summary.text()
    assert "no packet yet" in dialog.summary.text()
    dialog.close()


def test_a_letter_written_opened_in_word_and_copied(desk, qtbot, monkeypatch, tmp_path):
    window, number = desk
    opened = []
    monkeypatch.setattr(release_window.QDesktopServices, "openUrl",
                        lambda url: opened.append(url.toLocalFile()) or True)
    dialog = open_release(window, qtbot, number)
    dialog.kind.setCurrentIndex(dialog.kind.findData("acknowledgement"))
    assert not dialog.open_button.isEnabled()
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    idle(qtbot, dialog)
    path = dialog.letter_path
    assert path is not None and path.is_file() and path.suffix == ".docx"
    assert path.name == f"{number}-acknowledgement.en.docx"
    assert path.name in dialog.letter_status.text()
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert opened == [str(path)]
    copy = tmp_path / "elsewhere" / "letter.docx"
    copy.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(copy), "")))
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert copy.read_bytes() == path.read_bytes()
    assert str(copy) in dialog.letter_status.text()


def test_a_refused_letter_names_what_is_missing(desk, qtbot):
    window, number = desk
    dialog = open_release(window, qtbot, number)
    dialog.kind.setCurrentIndex(dialog.kind.findData("denial"))
    assert dialog.fields["withheld"].isVisible() and not dialog.fields["searched"].isVisible()
    dialog.fields["responsible"].clear()
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    idle(qtbot, dialog)
    text = dialog.letter_status.text()
    assert dialog.letter_path is None
    assert "was not written" in text
    assert "1. what is withheld and the law relied on" in text
    assert "the name and title of each person responsible for the denial" in text
    assert "Settings" in text
    assert not list((window.paths.data_dir / "letters" / number).glob("*.docx"))


def test_a_letter_without_signers_points_to_settings(open_window, qtbot, tmp_path):
    window = open_window(demo=False)
    number = prepare(window.paths.database, tmp_path / "inputs", signers=False)
    dialog = open_release(window, qtbot, number)
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    idle(qtbot, dialog)
    assert "someone to sign the letter (Settings: signers" in dialog.letter_status.text()


def test_the_preparer_cannot_approve_another_reviewer_can(desk, qtbot):
    window, number = desk
    dialog = open_release(window, qtbot, number)
    assert "Not approved yet" in dialog.approval_status.text()
    approve(qtbot, dialog, "test-clerk")
    assert dialog.approve_problem.isVisible()
    assert "a reviewer other than the preparer must approve" in dialog.approve_problem.text()
    assert "Not approved yet" in dialog.approval_status.text()
    approve(qtbot, dialog, "Sgt. Review")
    qtbot.waitUntil(lambda: "Approved by Sgt. Review" in dialog.approval_status.text(),
                    timeout=10_000)
    # When: as the approval was stored (UTC, by the application's clock).
    assert re.search(r"\(signed in as .+\) on \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC",
                     dialog.approval_status.text())
    assert "approved by Sgt. Review" in dialog.summary.text()


def test_packet_preview_print_and_release(desk, qtbot, monkeypatch, tmp_path):
    window, number = desk
    dialog = open_release(window, qtbot, number)
    approve(qtbot, dialog, "Sgt. Review")
    build(qtbot, dialog)
    names = [dialog.files_model.row_at(i)["name"] for i in range(dialog.files_model.rowCount())]
    assert {Path(n).suffix for n in names} == {".pdf", ".csv", ".xlsx", ".docx", ".json"}
    folder = window.paths.data_dir / "packets" / f"{number}-production-1"
    for i, name in enumerate(names):
        digest = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        assert dialog.files_model.row_at(i)["sha256"] == digest
    pages = len(PdfReader(folder / f"{number}-1-packet.pdf").pages)
    assert "Packet 1 built" in dialog.packet_status.text()
    assert f"RPD-{pages:06d}" in dialog.packet_status.text()

    # The preview: page 1 of N, and the keyboard moves through it.
    dialog.tabs.setCurrentIndex(3)
    qtbot.waitUntil(lambda: dialog.page_label.text().startswith(f"Page 1 of {pages}"),
                    timeout=10_000)
    dialog.activateWindow()
    dialog.pdf_view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.pdf_view, timeout=5_000)
    qtbot.keyClick(dialog.pdf_view, Qt.Key.Key_PageDown)
    assert dialog.page_label.text() == f"Page 2 of {pages} (RPD-000002)"
    qtbot.keyClick(dialog.pdf_view, Qt.Key.Key_End)
    assert dialog.page_label.text().startswith(f"Page {pages} of {pages}")
    qtbot.keyClick(dialog.pdf_view, Qt.Key.Key_PageUp)
    assert dialog.page_label.text().startswith(f"Page {pages - 1} of {pages}")
    qtbot.keyClick(dialog.pdf_view, Qt.Key.Key_Home)
    assert dialog.page_label.text().startswith("Page 1 of")
    zoom = dialog.pdf_view.zoomFactor()
    qtbot.keyClick(dialog.pdf_view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert dialog.pdf_view.zoomMode() == dialog.pdf_view.ZoomMode.Custom
    bigger = dialog.pdf_view.zoomFactor()
    qtbot.keyClick(dialog.pdf_view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert dialog.pdf_view.zoomFactor() < bigger and bigger != zoom

    # Printing: the print dialog's choice is a PDF file here; every page is on it.
    printed = tmp_path / "printed.pdf"

    def to_pdf(printer: QPrinter, target: Path) -> None:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))

    def accept(self):
        to_pdf(self.printer(), printed)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Sent" in dialog.preview_status.text(), timeout=60_000)
    reader = PdfReader(printed)
    assert len(reader.pages) == pages
    assert f"Sent {pages} pages" in dialog.preview_status.text()
    # On the packet's paper (US Letter), each sheet in its page's orientation.
    assert {(round(p.mediabox.width), round(p.mediabox.height)) for p in reader.pages} == {
        (792, 612)}
    previewed = tmp_path / "previewed.pdf"

    def preview(self):
        to_pdf(self.printer(), previewed)
        self.paintRequested.emit(self.printer())
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", preview)
    qtbot.mouseClick(dialog.print_preview_button, Qt.MouseButton.LeftButton)
    assert len(PdfReader(previewed).pages) == pages

    # Release: the gate passes a clean packet; the request is released and the packet locked.
    dialog.tabs.setCurrentIndex(4)
    qtbot.mouseClick(dialog.release_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Released" in dialog.release_status.text(), timeout=120_000)
    idle(qtbot, dialog)
    assert dialog.findings_model.rowCount() == 0
    assert "locked" in dialog.release_status.text()
    with open_database(window.paths.database) as db:
        assert requests_service.get_request(db, number).status is Status.RELEASED
    qtbot.waitUntil(lambda: "RELEASED" in dialog.summary.text(), timeout=10_000)
    assert not dialog.release_button.isEnabled()
    # A released packet is not built again silently: the window says so, and only a
    # correction with its reason builds a new one, with a new Bates range naming the old.
    dialog.tabs.setCurrentIndex(2)
    assert dialog.locked_label.isVisible() and "is locked" in dialog.locked_label.text()
    assert dialog.build_button.text() == "&Build correction"
    qtbot.mouseClick(dialog.build_button, Qt.MouseButton.LeftButton)
    idle(qtbot, dialog)
    assert "its packet is locked" in dialog.packet_status.text()
    dialog.correction.setText("Page 2 misprinted")
    qtbot.mouseClick(dialog.build_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Packet 2 built" in dialog.packet_status.text(), timeout=120_000)
    assert f"it replaces RPD-000001 to RPD-{pages:06d}" in dialog.packet_status.text()
    assert f"RPD-{pages + 1:06d}" in dialog.packet_status.text()


def test_a_leaking_packet_is_blocked_with_the_finding_shown(desk, qtbot, monkeypatch):
    window, number = desk
    dialog = open_release(window, qtbot, number)
    approve(qtbot, dialog, "Sgt. Review")
    build(qtbot, dialog)
    # Someone edits the CSV after the packet was built: a roster e-mail in a cell.
    folder = window.paths.data_dir / "packets" / f"{number}-production-1"
    csv_file = folder / f"{number}-1-records.csv"
    with csv_file.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[3][-1] = "see jose.garcia@ribera-pd.example"
    with csv_file.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    dialog.tabs.setCurrentIndex(4)
    qtbot.mouseClick(dialog.release_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "NOT RELEASED" in dialog.release_status.text(), timeout=120_000)
    idle(qtbot, dialog)
    found = [dialog.findings_model.row_at(i) for i in range(dialog.findings_model.rowCount())]
    changed = [f for f in found if f["file"] == csv_file.name]
    assert [(f["where"], f["detail"]) for f in changed] == [
        ("contents", "changed since the packet was produced")]
    assert "build the packet again" in changed[0]["next"]
    assert "produce the packet again" in dialog.release_status.text()
    assert dialog.release_button.isEnabled()
    with open_database(window.paths.database) as db:
        assert requests_service.get_request(db, number).status is Status.IN_REVIEW
    qtbot.mouseClick(dialog.copy_findings_button, Qt.MouseButton.LeftButton)
    copied = QApplication.clipboard().text()
    assert f"{csv_file.name}\tcontents\tchanged since the packet was produced" in copied


def test_a_leak_the_file_hashes_cannot_see_is_named_by_page(desk, qtbot, monkeypatch):
    """A writer that leaks (the PDF footer names an officer) is caught by reading the file
    back; the finding names the file, the page and the identifier."""
    window, number = desk
    leaks(monkeypatch, "pdf footer")
    dialog = open_release(window, qtbot, number)
    approve(qtbot, dialog, "Sgt. Review")
    build(qtbot, dialog)
    monkeypatch.undo()
    dialog.tabs.setCurrentIndex(4)
    qtbot.mouseClick(dialog.release_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "NOT RELEASED" in dialog.release_status.text(), timeout=120_000)
    found = [dialog.findings_model.row_at(i) for i in range(dialog.findings_model.rowCount())]
    first = next(f for f in found if "Det. García" in f["detail"])
    assert first["file"] == f"{number}-1-packet.pdf" and first["where"] == "page 1"


def test_every_tab_by_keyboard_and_by_ear_with_a_packet_and_findings(desk, qtbot):
    """Each tab as the clerk meets it once there is something in it: the letter's problems,
    the approval, the packet's files, the preview, the gate's findings."""
    from tests.test_accessibility import check_window

    window, number = desk
    dialog = open_release(window, qtbot, number)
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)   # refused: no details
    idle(qtbot, dialog)
    approve(qtbot, dialog, "Sgt. Review")
    build(qtbot, dialog)
    folder = window.paths.data_dir / "packets" / f"{number}-production-1"
    (folder / "notes.txt").write_text("draft", encoding="utf-8")
    dialog.tabs.setCurrentIndex(4)
    qtbot.mouseClick(dialog.release_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.findings_model.rowCount() > 0, timeout=120_000)
    idle(qtbot, dialog)
    for index in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(index)
        dialog.activateWindow()
        dialog.tabs.tabBar().setFocus()
        check_window(qtbot, dialog, dialog.tabs.tabText(index).replace("&", ""))


def test_a_no_records_letter_after_recording_the_help_given(desk, qtbot):
    """Gov. Code § 7922.600: the no-records letter is refused until the help given to
    identify records is on record; the clerk records it in the same window."""
    window, number = desk
    dialog = open_release(window, qtbot, number)
    dialog.kind.setCurrentIndex(dialog.kind.findData("no-records"))
    assert dialog.help_edit.isVisible() and dialog.help_button.isVisible()
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    idle(qtbot, dialog)
    assert dialog.letter_path is None and "was not written" in dialog.letter_status.text()
    qtbot.mouseClick(dialog.help_button, Qt.MouseButton.LeftButton)    # nothing typed
    idle(qtbot, dialog)
    assert "Say what help was given" in dialog.letter_status.text()
    dialog.help_edit.setText("Called on 20 Nov; suggested limiting it to 2019")
    qtbot.mouseClick(dialog.help_button, Qt.MouseButton.LeftButton)
    idle(qtbot, dialog)
    assert "Recorded the help given: Called on 20 Nov" in dialog.letter_status.text()
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    idle(qtbot, dialog)
    assert dialog.letter_path is not None and dialog.letter_path.is_file()
    from docx import Document

    text = "\n".join(p.text for p in Document(str(dialog.letter_path)).paragraphs)
    assert "suggested limiting it to 2019" in text
    dialog.kind.setCurrentIndex(dialog.kind.findData("acknowledgement"))
    assert not dialog.help_row.isVisible()
