"""Help (F1): every keyboard shortcut and how to do each job, on this computer, no network.

The shortcut table is built from the window's own menu actions, so it cannot fall out of date;
the keys that work inside fields and tables are listed beside them.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from PySide6.QtCore import QSize
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from app import APP_NAME
from app.ui.a11y import fit_to_screen

IN_VIEW_KEYS = (
    ("Tab / Shift+Tab", "Next / previous control; Tab leaves a table"),
    ("Arrow keys, Home, End, Page Up/Down", "Move inside a table or list"),
    ("Alt + underlined letter", "Go to that field or press that button"),
    ("Return (in the records table)", "Show the selected record and its original row"),
    ("Return (in a records filter)", "Apply the filter"),
    ("Alt+Down or F4 (in a date)", "Open the calendar; arrows move, Return picks, Escape "
                                   "closes"),
    ("Up / Down (in a date)", "One day later / earlier"),
    ("Escape", "Close a dialog without saving"),
)

JOBS = (
    ("Log a request", [
        "Press Ctrl+N. Choose the law, type the date received (2026-11-16, 11/16/2026 or "
        "20261116) and describe the request in the requester's words.",
        "The deadline preview below the Request box shows the determination date and how it "
        "was computed; Tab reaches it.",
        "Press Alt+S to save. If something is missing the focus moves to it and the problem is "
        "read out; nothing is saved until it is right.",
    ]),
    ("Work the queue", [
        "Ctrl+1 shows the requests; Ctrl+F searches them. The arrow keys move through the "
        "queue; the selected request's deadline, its reasoning and its timeline are below.",
        "Change status with Alt+T (a menu of the statuses the workflow allows), extend with "
        "Alt+X, close with Alt+O. Denying, no records and withdrawn ask first and can be "
        "undone with Ctrl+Z for a short while.",
        "Overdue requests are marked \u26a0 and due-soon ones \u25f7, in words as well; the "
        "status bar counts the overdue ones from any view.",
        "Ctrl+C copies the selected request's text (or what you selected in it).",
    ]),
    ("Review redactions", [
        "Select a request and press Alt+D (Review redactions): a window of its own. Match "
        "(Alt+M) shows the counts - records, searchers, per month, per system - before you "
        "freeze them as the responsive set; Redact (Alt+D) applies the profile and the scan.",
        "Review items come first in the table; the record is shown beside it as it will be "
        "released, each redaction at its place with the code the packet prints. '? open' "
        "items show the text underlined followed by ?[code]: they count as redacted until "
        "you decide. Redacted text is a dark box with its code; released text is followed by "
        "a struck ✗[code].",
        "A accepts (keeps it redacted), R rejects (releases the text); Shift+A and Shift+R "
        "decide every occurrence of the term; Ctrl+Shift+A accepts all open items.",
        "Select text in the record (Tab to it, Shift+arrows) and press Ctrl+D to redact it "
        "with an exemption; Ctrl+Shift+D withholds the whole record (a numbered slip sheet "
        "in the packet). Ctrl+Z undoes, Ctrl+Y or Ctrl+Shift+Z redoes; F1 lists the keys.",
    ]),
    ("Import an audit log", [
        "Press Ctrl+I, or drop the file on the window. The import step says what it found, "
        "lets you set the system, the time zone and what each column holds, and previews the "
        "rows as they will be stored. Alt+I imports.",
        "Ctrl+2 shows the records: filter by dates, system, user, unit, case or text (Ctrl+F "
        "goes to the text filter); Return in the table shows a record and its original row.",
    ]),
    ("Keep the roster", [
        "Ctrl+3 shows the personnel; Ctrl+Shift+I imports or updates the roster.",
    ]),
    ("Set up the agency and the calendars", [
        "Ctrl+, opens Settings: the agency's name, address, time zone, Bates prefix, FOIA "
        "public liaison and the signers of letters (name and title). Save with Alt+S.",
        "The Holidays and closures tab lists the days the clocks skip; add a closure with "
        "Alt+D, switch whether a day counts with Alt+O.",
    ]),
    ("Keep the data safe", [
        "Ctrl+B backs up the database while it is in use. Everything stays on this computer.",
    ]),
)


def shortcut_rows(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    """(keys, what they do) of every action with a shortcut: its first key sequence, the one
    the menus show (the platform may add others, such as Alt+Backspace for Undo)."""
    rows = []
    for action in actions:
        key = action.shortcut()
        if not key.isEmpty():
            rows.append((key.toString(QKeySequence.SequenceFormat.NativeText),
                         action.text().replace("&", "").rstrip("\u2026")))
    return rows


def help_html(actions: Iterable[QAction]) -> str:
    e = html.escape

    def table(rows: Iterable[tuple[str, str]]) -> str:
        return ("<table cellspacing='4'>" + "".join(
            f"<tr><td><b>{e(k)}</b></td><td>{e(v)}</td></tr>" for k, v in rows) + "</table>")

    jobs = "".join(f"<h3>{e(title)}</h3><ul>" + "".join(f"<li>{e(p)}</li>" for p in steps)
                   + "</ul>" for title, steps in JOBS)
    return (f"<h2>{e(APP_NAME)}: help</h2>"
            "<p>Everything can be done from the keyboard. This page is on your computer; "
            "nothing is fetched from the network.</p>"
            f"<h3>Keyboard shortcuts</h3>{table(shortcut_rows(actions))}"
            f"<h3>Keys inside a view</h3>{table(IN_VIEW_KEYS)}{jobs}")


class HelpDialog(QDialog):
    def __init__(self, actions: Iterable[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{APP_NAME} help")
        self.browser = QTextBrowser()
        self.browser.setObjectName("helpText")
        self.browser.setAccessibleName("Help")
        self.browser.setOpenLinks(False)
        self.browser.setHtml(help_html(actions))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        # Not the default button: it would look focused (default) while the focus is elsewhere.
        buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        # A page to read: about a hundred characters wide, as tall as the screen allows.
        fit_to_screen(self, QSize(self.fontMetrics().averageCharWidth() * 100, 680))
