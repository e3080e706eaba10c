"""Settings: the agency's configuration and the holiday/closure calendars behind the clocks."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.calendars import AGENCY_CLOSURES, CALENDAR_TITLES, CalendarEntry
from app.domain.deadlines import Law
from app.domain.holiday_rules import COUNT_CESAR_CHAVEZ_DAY, COUNT_MLK_DAY
from app.services import calendars as calendar_service
from app.services import reasons as reasons_service
from app.services import settings as settings_service
from app.services.database import agency_settings
from app.ui.rows_model import Column, RowsModel
from app.ui.simple_panels import Panel, labelled, make_table
from app.ui.tasks import TaskRunner

SHOWN_SETTINGS = ("agency_name", "agency_address", "agency_timezone", "bates_prefix")
LOCAL_OPTION_TICKS = (
    (COUNT_MLK_DAY, "Count Martin Luther King Jr. Day as &closed"),
    (COUNT_CESAR_CHAVEZ_DAY, "Count Cesar Chavez Day as clo&sed"),
)


MAX_COLUMN_WIDTH = 340


def fit_columns(table) -> None:
    """Columns as wide as their contents, but no column so wide that the next ones (the legal
    source) scroll out of sight; the full text is in the tooltip."""
    table.resizeColumnsToContents()
    header = table.horizontalHeader()
    for column in range(header.count()):
        if header.sectionSize(column) > MAX_COLUMN_WIDTH:
            header.resizeSection(column, MAX_COLUMN_WIDTH)


class ClosureDialog(QDialog):
    """Add a day on which the office is closed (CCP § 12b) or a holiday to a calendar."""

    def __init__(self, today, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a closed day")
        form = QFormLayout(self)
        self.calendar = QComboBox()
        self.calendar.setAccessibleName("Calendar")
        for name, title in CALENDAR_TITLES.items():
            self.calendar.addItem(title, name)
        self.calendar.setCurrentIndex(self.calendar.findData(AGENCY_CLOSURES))
        self.day = QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.day.setAccessibleName("Date")
        self.day.setDate(QDate(today.year, today.month, today.day))
        self.name = QLineEdit(placeholderText="e.g. Furlough day, Office closed (flood)")
        self.name.setAccessibleName("Name of the closure")
        self.note = QLineEdit()
        self.note.setAccessibleName("Note")
        form.addRow("&Calendar:", self.calendar)
        form.addRow("&Date:", self.day)
        form.addRow("&Name:", self.name)
        form.addRow("N&ote:", self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def entry(self) -> CalendarEntry:
        return CalendarEntry(self.calendar.currentData(), self.day.date().toPython(),
                             self.name.text().strip(), observed=True, note=self.note.text())


class SettingsPanel(Panel):
    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        agency_box = QGroupBox("Agency")
        self.agency_form = QFormLayout(agency_box)
        self.agency_labels: dict[str, QLabel] = {}
        for key in SHOWN_SETTINGS:
            label = QLabel()
            label.setAccessibleName(key.replace("_", " "))
            self.agency_labels[key] = label
            self.agency_form.addRow(key.replace("_", " ").capitalize() + ":", label)
        self.due_soon = QSpinBox(minimum=0, maximum=30, suffix=" working days")
        self.due_soon.setAccessibleName("Mark requests due soon this many working days ahead")
        self.apply_due_soon = QPushButton("&Apply")
        self.apply_due_soon.setAccessibleName("Apply the due-soon setting")
        self.apply_due_soon.clicked.connect(self._save_due_soon)
        row = QHBoxLayout()
        row.addWidget(self.due_soon)
        row.addWidget(self.apply_due_soon)
        row.addStretch(1)
        due_label = QLabel("&Due soon:")
        due_label.setBuddy(self.due_soon)
        self.agency_form.addRow(due_label, row)

        options_box = QGroupBox("Holidays your agency may choose not to observe")
        options = QVBoxLayout(options_box)
        options_text = QLabel(
            "Gov. Code § 6700(a) lets a city, county or district not adopt Martin Luther King "
            "Jr. Day and Cesar Chavez Day. CCP § 135 still lists both as court holidays, which "
            "CPRA deadlines roll past (CCP § 12a), so they are counted as closed unless you "
            "untick them; unticked, a deadline that lands on one is not moved (the earlier, "
            "cautious date). The deadline steps say which choice was used.")
        options_text.setWordWrap(True)
        options.addWidget(options_text)
        self.option_ticks: dict[str, QCheckBox] = {}
        ticks = QHBoxLayout()
        for key, text in LOCAL_OPTION_TICKS:
            tick = QCheckBox(text)
            tick.setAccessibleName(text.replace("&", ""))
            tick.clicked.connect(lambda checked, k=key: self._save_local_option(k, checked))
            self.option_ticks[key] = tick
            ticks.addWidget(tick)
        ticks.addStretch(1)
        options.addLayout(ticks)

        self.calendar_filter = QComboBox()
        self.calendar_filter.setAccessibleName("Which calendar to show")
        self.calendar_filter.addItem("All calendars", None)
        for name, title in CALENDAR_TITLES.items():
            self.calendar_filter.addItem(title, name)
        self.year = QSpinBox(minimum=2015, maximum=2045, value=runner.today().year)
        self.year.setAccessibleName("Year shown")
        self.add_button = QPushButton("Add &closed day\u2026")
        self.toggle_button = QPushButton("Count / do&n't count selected day")
        self.toggle_button.setAccessibleName("Switch whether the selected day counts as closed")
        tools = QHBoxLayout()
        labelled("Ca&lendar:", self.calendar_filter, tools)
        labelled("&Year:", self.year, tools)
        tools.addStretch(1)
        tools.addWidget(self.add_button)
        tools.addWidget(self.toggle_button)

        self.calendar_model = RowsModel([
            Column("Calendar", "calendar", lambda r: CALENDAR_TITLES.get(r["calendar"],
                                                                          r["calendar"])),
            Column("Date", "day", lambda r: f"{r['day']:%a %Y-%m-%d}"),
            Column("Name", "name"),
            Column("Office", "counted",
                   lambda r: "closed (counted)" if r["counted"] else "open (not counted)"),
            Column("Legal source", "authority"),
            Column("Why", "why"),
            Column("Note", "note"),
        ], self)
        self.calendar_table = make_table(self.calendar_model, "Holiday and closure calendars")
        explanation = QLabel(
            "CPRA deadlines roll past Saturdays, the California court holidays of CCP § 135 "
            "(observed days per Cal. Rules of Court 1.11) and your office's closures (CCP §§ "
            "12a, 12b); FOIA counts only U.S. federal legal public holidays (5 U.S.C. "
            "§ 6103). Changing a day recomputes the deadline of every open request.")
        explanation.setWordWrap(True)
        calendars_page = QWidget()
        calendars_layout = QVBoxLayout(calendars_page)
        calendars_layout.addWidget(options_box)
        calendars_layout.addWidget(explanation)
        calendars_layout.addLayout(tools)
        calendars_layout.addWidget(self.calendar_table, 1)

        self.reasons_model = RowsModel([
            Column("Law", "law", lambda r: r["law"].upper()),
            Column("Code", "code"),
            Column("In force", "effective_from",
                   lambda r: r["effective_from"] + (f" to {r['effective_to']}"
                                                    if r["effective_to"] else " on")),
            Column("Citation", "citation"),
            Column("Words", "text"),
            Column("Checked", "wording",
                   lambda r: "verbatim" if r["wording"] == "verbatim"
                   else "NOT YET CHECKED - ask counsel"),
            Column("Note", "note"),
        ], self)
        self.reasons_table = make_table(self.reasons_model, "Extension reasons")
        reasons_page = QWidget()
        reasons_layout = QVBoxLayout(reasons_page)
        reasons_text = QLabel(
            "The statutory reasons for an extension, in the statute's words, with the dates "
            "they are in force. Counsel updates them with: disclosure-desk reason set "
            "--law cpra --code c6 --from YYYY-MM-DD --citation ... --text ... Each extension "
            "keeps the words in force on the day it was made.")
        reasons_text.setWordWrap(True)
        reasons_layout.addWidget(reasons_text)
        reasons_layout.addWidget(self.reasons_table, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(calendars_page, "Holiday and closure &calendars")
        self.tabs.addTab(reasons_page, "E&xtension reasons")
        layout = QVBoxLayout(self)
        layout.addWidget(agency_box)
        layout.addWidget(self.tabs, 1)

        self.calendar_filter.currentIndexChanged.connect(self.refresh)
        self.year.valueChanged.connect(self.refresh)
        self.add_button.clicked.connect(self.add_closed_day)
        self.toggle_button.clicked.connect(self.toggle_selected)

    def refresh(self) -> None:
        calendar, year = self.calendar_filter.currentData(), self.year.value()

        def load(db, job):
            rows = [{**v.as_json(), "entry": v.entry}
                    for v in calendar_service.entries_for_view(db, calendar, year)]
            reasons = [r for law in Law for r in reasons_service.listing(db, law)]
            return agency_settings(db), rows, reasons

        self._runner.run(load, on_done=self._loaded, owner=self, label="load settings",
                         latest=(self, "settings"))

    def _loaded(self, result) -> None:
        settings, rows, reasons = result
        for key, label in self.agency_labels.items():
            label.setText(str(settings.get(key, "")))
        self.due_soon.setValue(int(settings["due_soon_days"]))
        for key, tick in self.option_ticks.items():
            tick.setChecked(bool(settings.get(key, True)))
        self.calendar_model.set_rows(rows)
        fit_columns(self.calendar_table)
        self.reasons_model.set_rows(reasons)
        fit_columns(self.reasons_table)
        self.loaded.emit()

    def _write(self, fn, done_message: str) -> None:
        ctx = self._runner.context()
        self._runner.run(lambda db, job: fn(db, ctx),
                         on_done=lambda result: (self.status_message.emit(
                             done_message + _moved(result)), self.refresh()),
                         write=True, owner=self, label="change settings")

    def _save_due_soon(self) -> None:
        days = self.due_soon.value()
        self._write(lambda db, ctx: settings_service.update(db, ctx, "due_soon_days", days),
                    f"Requests are marked due soon {days} working days ahead.")

    def _save_local_option(self, key: str, counted: bool) -> None:
        def done(changes) -> None:
            moved = f"; {len(changes)} open deadline(s) moved" if changes else ""
            self.status_message.emit(settings_service.local_option_change(key, counted) + moved
                                     + ".")
            self.refresh()

        ctx = self._runner.context()
        self._runner.run(lambda db, job: settings_service.set_local_option(db, ctx, key, counted),
                         on_done=done, write=True, owner=self, label="change settings")

    def add_closed_day(self) -> None:
        dialog = ClosureDialog(self._runner.today(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            entry = dialog.entry()
            self._write(lambda db, ctx: calendar_service.set_day(db, ctx, entry),
                        f"{entry.name} on {entry.day} added.")

    def toggle_selected(self) -> None:
        index = self.calendar_table.currentIndex()
        if not index.isValid():
            self.status_message.emit("Select a day in the calendar first.")
            return
        row = self.calendar_model.row_at(index.row())
        listed: CalendarEntry = row["entry"]
        entry = CalendarEntry(listed.calendar, listed.day, listed.name,
                              observed=not listed.observed, source=listed.source,
                              note=listed.note)
        self._write(lambda db, ctx: calendar_service.set_day(db, ctx, entry),
                    f"{entry.name} {entry.day}: office "
                    f"{'closed' if entry.observed else 'open'}.")


def _moved(result) -> str:
    """What a calendar edit did to open deadlines, for the status bar."""
    if not isinstance(result, list):
        return ""
    if not result:
        return " No open deadline moved."
    moved = ", ".join(f"{c.number} now due {c.after}" for c in result[:3])
    more = f" and {len(result) - 3} more" if len(result) > 3 else ""
    return f" Deadlines moved: {moved}{more} (see each request's timeline)."
