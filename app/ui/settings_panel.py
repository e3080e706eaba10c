"""Settings: the agency's configuration and the holiday/closure calendars behind the clocks."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QDate, QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.agency import SIGNER_ROLES, agency_missing
from app.domain.calendars import (
    AGENCY_CLOSURES,
    CA_STATE,
    CALENDAR_TITLES,
    US_FEDERAL,
    CalendarEntry,
)
from app.domain.deadlines import Law
from app.domain.errors import DeskError, InputError
from app.domain.exemptions import Exemption
from app.domain.holiday_rules import COUNT_CESAR_CHAVEZ_DAY, COUNT_MLK_DAY
from app.domain.redaction import FIELDS, TEXT_RULES, Action, Profile, Rule
from app.services import calendars as calendar_service
from app.services import profiles as profile_service
from app.services import reasons as reasons_service
from app.services import settings as settings_service
from app.services.database import agency_settings
from app.ui.a11y import announce, data_label, fit_to_screen, named_button, readable
from app.ui.date_field import DateField
from app.ui.import_dialog import COMMON_ZONES
from app.ui.rows_model import Column, RowsModel
from app.ui.simple_panels import Panel, fit_columns, labelled, make_table
from app.ui.tasks import TaskRunner

# Calendars whose days are holidays by law (as opposed to the agency's own closures).
STATUTORY = (CA_STATE, US_FEDERAL)
LOCAL_OPTION_TICKS = (
    (COUNT_MLK_DAY, "Count Martin Luther &King Jr. Day as closed"),
    (COUNT_CESAR_CHAVEZ_DAY, "Count Cesar Chave&z Day as closed"),
)


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
        self.day = DateField()
        self.day.setAccessibleName("Date of the closed day")
        self.day.setDate(QDate(today.year, today.month, today.day))
        self.name = QLineEdit(placeholderText="e.g. Furlough day, Office closed (flood)")
        self.name.setAccessibleName("Name of the closure")
        self.note = QLineEdit()
        self.note.setAccessibleName("Note")
        self.problem = readable(data_label("Why the day cannot be added yet"))
        self.problem.setWordWrap(True)
        self.problem.hide()
        form.addRow("&Calendar:", self.calendar)
        form.addRow("&Date:", self.day)
        form.addRow("&Name:", self.name)
        form.addRow("N&ote:", self.note)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.day.refused.connect(self._refuse)

    def _refuse(self, text: str) -> None:
        self.problem.setText(f"\u26a0 {text}")
        self.problem.show()

    def accept(self) -> None:
        """Close only with a date and a name; otherwise say what is missing, at the field."""
        if self.day.value() is None:
            field, text = self.day, f"Date: {self.day.problem()}"
        elif not self.name.text().strip():
            field, text = self.name, "Give the closed day a name (e.g. 'Furlough day')."
        else:
            super().accept()
            return
        self._refuse(text)
        field.setAccessibleDescription(text)
        field.setFocus()
        announce(self, text, assertive=True)

    def entry(self) -> CalendarEntry:
        return CalendarEntry(self.calendar.currentData(), self.day.value(),
                             self.name.text().strip(), observed=True, note=self.note.text())


def target_label(target: str) -> str:
    """A rule's target as the clerk knows it: the column's or the text kind's label."""
    if target in FIELDS:
        return FIELDS[target][0]
    if target in TEXT_RULES:
        return "Text: " + TEXT_RULES[target][0]
    return target


def _exemption_text(e: Exemption) -> str:
    return f"[{e.mark}] {e.cite} \u2014 {e.title}"


class RuleDialog(QDialog):
    """Change what a profile does with one field or kind of text: an action, the exemption
    it rests on (from the catalogue for the profile's law) and a one-line justification."""

    def __init__(self, profile: str, rule: Rule, exemptions: list[Exemption],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Change a rule of {profile}")
        form = QFormLayout(self)
        what = readable(data_label(
            "Which rule is changed",
            f"{target_label(rule.target)}: the profile will need counsel's confirmation "
            "again."))
        what.setWordWrap(True)
        form.addRow(what)
        self.action = QComboBox()
        self.action.setAccessibleName("Action")
        for action in Action:
            self.action.addItem(action.value, action.value)
        self.action.setCurrentIndex(self.action.findData(rule.action.value))
        self.exemption = QComboBox()
        self.exemption.setAccessibleName("Exemption")
        self.exemption.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.exemption.setMinimumContentsLength(30)
        self.exemption.addItem("(none)", "")
        for e in exemptions:
            self.exemption.addItem(_exemption_text(e), e.code)
            self.exemption.setItemData(self.exemption.count() - 1, e.summary or e.title,
                                       Qt.ItemDataRole.ToolTipRole)
        self.exemption.setCurrentIndex(max(0, self.exemption.findData(rule.exemption)))
        self.justification = QLineEdit(rule.justification)
        self.justification.setAccessibleName("Justification")
        self.justification.setPlaceholderText("One line, printed in the exemption log")
        form.addRow("&Action:", self.action)
        form.addRow("&Exemption:", self.exemption)
        form.addRow("&Justification:", self.justification)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.action.setFocus()
        fit_to_screen(self, QSize(560, self.sizeHint().height()))

    def values(self) -> tuple[str, str, str]:
        """(action, exemption code or '', justification)"""
        return (self.action.currentData(), self.exemption.currentData() or "",
                self.justification.text().strip())


class CounselDialog(QDialog):
    """Counsel confirms a profile: their name and title go on record with the date."""

    def __init__(self, profile: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Confirm {profile} as counsel")
        form = QFormLayout(self)
        what = readable(data_label(
            "What confirming means",
            f"Confirm that you, as counsel, reviewed what {profile} withholds and releases "
            "and its citations. The banner on requests that use it goes away."))
        what.setWordWrap(True)
        form.addRow(what)
        self.by = QLineEdit(placeholderText="e.g. A. Counsel, Deputy City Attorney")
        self.by.setAccessibleName("Counsel's name and title")
        form.addRow("&Name, title:", self.by)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("&Confirm")
        self.ok.setEnabled(False)
        self.by.textChanged.connect(lambda t: self.ok.setEnabled(bool(t.strip())))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.by.setFocus()
        # The wrapped text's height at the width given (sizeHint() guesses a narrower one).
        fit_to_screen(self, QSize(520, form.totalHeightForWidth(520)))

    def value(self) -> str:
        return self.by.text().strip()


class HoldDialog(QDialog):
    """Withhold a person entirely (an undercover officer, a task-force member): employee
    number, kind, reason (kept with the hold, never printed) and the exemption relied on."""

    def __init__(self, exemptions: list[Exemption], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a safety hold")
        form = QFormLayout(self)
        self.employee = QLineEdit(placeholderText="as on the roster, e.g. P65642")
        self.employee.setAccessibleName("Employee number of the person held")
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of hold")
        self.kind.addItems(list(profile_service.HOLD_KINDS))
        self.reason = QLineEdit(placeholderText="Why (stays with the hold, not in the packet)")
        self.reason.setAccessibleName("Reason for the hold")
        self.exemption = QComboBox()
        self.exemption.setAccessibleName("Exemption")
        self.exemption.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.exemption.setMinimumContentsLength(30)
        # No default: the exemption a hold rests on is a choice, never the first in a list
        # (an empty choice is refused by the service with its message).
        self.exemption.addItem("Choose the exemption\u2026", "")
        for e in exemptions:
            self.exemption.addItem(f"{e.law.value.upper()} {_exemption_text(e)}", e.code)
        form.addRow("&Employee no.:", self.employee)
        form.addRow("&Kind:", self.kind)
        form.addRow("&Reason:", self.reason)
        form.addRow("E&xemption:", self.exemption)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.employee.setFocus()
        fit_to_screen(self, QSize(560, self.sizeHint().height()))

    def values(self) -> dict:
        return {"employee_id": self.employee.text().strip(), "kind": self.kind.currentText(),
                "reason": self.reason.text().strip(),
                "exemption": self.exemption.currentData() or ""}


class SettingsPanel(Panel):
    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, parent)
        self._agency_dirty = False
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Settings")
        # The agency's form scrolls, so the view fits a 1280x720 screen at 150 %.
        agency_scroll = QScrollArea()
        agency_scroll.setObjectName("agencyScroll")
        agency_scroll.setWidgetResizable(True)
        agency_scroll.setFrameShape(QFrame.Shape.NoFrame)
        agency_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to its fields
        agency_scroll.setWidget(self._build_agency())
        self.tabs.addTab(agency_scroll, "A&gency")
        self.tabs.addTab(self._build_calendars(), "Holidays and &closures")
        self.tabs.addTab(self._build_reasons(), "E&xtension reasons")
        # Two tables: on a small screen the page scrolls rather than push the window's size.
        redaction_scroll = QScrollArea()
        redaction_scroll.setObjectName("redactionScroll")
        redaction_scroll.setWidgetResizable(True)
        redaction_scroll.setFrameShape(QFrame.Shape.NoFrame)
        redaction_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to its controls
        redaction_scroll.setWidget(self._build_redaction())
        self.tabs.addTab(redaction_scroll, "&Redaction")
        self.tabs.setTabToolTip(3, "Redaction profiles and safety holds (Alt+R)")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    # -- the agency --------------------------------------------------------------------------------
    def _build_agency(self) -> QWidget:
        page = QWidget()
        self.agency_prompt = readable(data_label("What Settings still needs"))
        self.agency_prompt.setWordWrap(True)
        self.agency_prompt.hide()
        agency_box = QGroupBox("Agency (printed on letters and packets)")
        self.agency_form = form = QFormLayout(agency_box)
        self.name_edit = QLineEdit(placeholderText="e.g. City of Ribera Police Department")
        self.name_edit.setAccessibleName("Agency name")
        self.address_edit = QPlainTextEdit()
        self.address_edit.setAccessibleName("Agency postal address")
        self.address_edit.setPlaceholderText("Street\nCity, State ZIP")
        self.address_edit.setTabChangesFocus(True)
        self.address_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        self.zone_combo = QComboBox()
        self.zone_combo.setEditable(True)
        self.zone_combo.setAccessibleName("Agency time zone")
        self.zone_combo.addItems(list(COMMON_ZONES))
        self.zone_combo.setToolTip("An IANA time zone name; vendor logs without a zone are "
                                   "read in it")
        self.bates_edit = QLineEdit(placeholderText="e.g. RPD")
        self.bates_edit.setAccessibleName("Bates prefix")
        self.bates_edit.setMaxLength(12)
        self.bates_edit.setToolTip("Printed before the page number on every packet page, "
                                   "e.g. RPD-000123")
        # The FOIA Public Liaison (5 U.S.C. § 552(a)(6)(A)(i)(II)): a name and a way to reach
        # them; empty for an agency that answers no FOIA requests.
        self.liaison_edit = QLineEdit(placeholderText="FOIA only: name")
        self.liaison_edit.setAccessibleName("FOIA public liaison's name")
        self.liaison_phone = QLineEdit(placeholderText="telephone")
        self.liaison_phone.setAccessibleName("FOIA public liaison's telephone")
        self.liaison_email = QLineEdit(placeholderText="e-mail")
        self.liaison_email.setAccessibleName("FOIA public liaison's e-mail")
        liaison_row = QHBoxLayout()
        liaison_row.addWidget(self.liaison_edit, 2)
        liaison_row.addWidget(self.liaison_phone, 1)
        liaison_row.addWidget(self.liaison_email, 2)
        # Signers: a list, and two fields to add one. (Cells edited in a table took Tab from
        # cell to cell and never let it out.)
        self.signers = QListWidget()
        self.signers.setObjectName("signersList")
        self.signers.setAccessibleName("Signers of letters, with their titles")
        self.signers.setFixedHeight(self.fontMetrics().height() * 4 + 12)
        self.remove_signer_button = QPushButton("Re&move signer")
        self.remove_signer_button.setAccessibleName("Remove the selected signer")
        signer_row = QHBoxLayout()
        signer_row.addWidget(self.signers, 1)
        signer_row.addWidget(self.remove_signer_button, 0, Qt.AlignmentFlag.AlignTop)
        self.signer_name = QLineEdit(placeholderText="Name, e.g. Dolores Ruiz")
        self.signer_name.setAccessibleName("New signer's name")
        self.signer_title = QLineEdit(placeholderText="Title, e.g. Records Supervisor")
        self.signer_title.setAccessibleName("New signer's title")
        # A CPRA extension notice must come from the head of the agency or a designee
        # (Gov. Code § 7922.535(b)): each signer says which they are.
        self.signer_role = QComboBox()
        self.signer_role.setAccessibleName("New signer's role")
        for key, label in SIGNER_ROLES.items():
            self.signer_role.addItem(label, key)
        self.signer_role.setCurrentIndex(self.signer_role.findData("records_officer"))
        self.add_signer_button = QPushButton("A&dd signer")
        self.add_signer_button.setAccessibleName("Add the signer typed")
        new_signer = QHBoxLayout()
        new_signer.addWidget(self.signer_name, 1)
        new_signer.addWidget(_buddy("&Title:", self.signer_title))
        new_signer.addWidget(self.signer_title, 1)
        new_signer.addWidget(_buddy("R&ole:", self.signer_role))
        new_signer.addWidget(self.signer_role)
        new_signer.addWidget(self.add_signer_button)
        self.save_agency_button = QPushButton("&Save agency details")
        self.agency_problem = readable(data_label("Why the agency details were not saved"))
        self.agency_problem.setWordWrap(True)
        self.agency_problem.hide()
        form.addRow(_buddy("&Name:", self.name_edit), self.name_edit)
        form.addRow(_buddy("&Address:", self.address_edit), self.address_edit)
        form.addRow(_buddy("Time &zone:", self.zone_combo), self.zone_combo)
        form.addRow(_buddy("&Bates prefix:", self.bates_edit), self.bates_edit)
        form.addRow(_buddy("FOIA public &liaison:", self.liaison_edit), liaison_row)
        # No mnemonic: Alt+R is the Redaction tab's (every other letter of "Redaction" was
        # taken); Tab reaches the list from the liaison's fields.
        form.addRow(_buddy("Signers:", self.signers), signer_row)
        form.addRow(_buddy("New s&igner:", self.signer_name), new_signer)
        save_row = QHBoxLayout()
        save_row.addWidget(self.agency_problem, 3)
        save_row.addStretch(1)
        save_row.addWidget(self.save_agency_button, 0, Qt.AlignmentFlag.AlignTop)
        form.addRow(save_row)

        queue_box = QGroupBox("Queue")
        queue_form = QFormLayout(queue_box)
        self.due_soon = QSpinBox(minimum=0, maximum=30, suffix=" working days")
        self.due_soon.setAccessibleName("Mark requests due soon this many working days ahead")
        self.apply_due_soon = named_button("A&pply", "Apply the due-soon setting",
                                           self._save_due_soon)
        row = QHBoxLayout()
        row.addWidget(self.due_soon)
        row.addWidget(self.apply_due_soon)
        row.addStretch(1)
        queue_form.addRow(_buddy("D&ue soon:", self.due_soon), row)

        for box in (agency_box, queue_box):
            box.setMaximumWidth(820)  # lines a reader can follow on a wide screen
        layout = QVBoxLayout(page)
        layout.addWidget(self.agency_prompt)
        layout.addWidget(agency_box)
        layout.addWidget(queue_box)
        layout.addStretch(1)

        self.add_signer_button.clicked.connect(self.add_signer)
        self.remove_signer_button.clicked.connect(self.remove_signer)
        self.save_agency_button.clicked.connect(self.save_agency)
        for edit in (self.name_edit, self.bates_edit, self.liaison_edit, self.liaison_phone,
                     self.liaison_email):
            edit.textEdited.connect(self._edited)
        self.address_edit.textChanged.connect(self._edited)
        self.zone_combo.editTextChanged.connect(self._edited)
        self.signer_title.returnPressed.connect(self.add_signer)
        return page

    def _edited(self, *_args) -> None:
        self._agency_dirty = True

    def add_signer(self) -> None:
        name, title = self.signer_name.text().strip(), self.signer_title.text().strip()
        if not name or not title:
            missing = self.signer_name if not name else self.signer_title
            self._agency_refused(InputError("A signer needs a name and a title.",
                                            "Letters print the title under the name."),
                                 focus=missing)
            return
        self._add_signer_item({"name": name, "title": title,
                               "role": self.signer_role.currentData()})
        self.signer_name.clear()
        self.signer_title.clear()
        self.signer_name.setFocus(Qt.FocusReason.OtherFocusReason)
        self.agency_problem.hide()
        self._edited()
        self.status_message.emit(f"{name} ({title}) added; Save agency details to keep it.")

    def _add_signer_item(self, signer: dict) -> None:
        role = SIGNER_ROLES.get(signer.get("role", ""), "")
        item = QListWidgetItem(f"{signer['name']} \u2014 {signer['title']}"
                               + (f" ({role.lower()})" if role else ""))
        item.setData(Qt.ItemDataRole.UserRole, signer)
        self.signers.addItem(item)

    def remove_signer(self) -> None:
        row = self.signers.currentRow()
        if row >= 0:
            item = self.signers.takeItem(row)
            self._edited()
            self.status_message.emit(f"{item.text()} removed; Save agency details to keep it.")

    def agency_values(self) -> dict:
        signers = [self.signers.item(r).data(Qt.ItemDataRole.UserRole)
                   for r in range(self.signers.count())]
        return {"agency_name": self.name_edit.text(),
                "agency_address": self.address_edit.toPlainText(),
                "agency_timezone": self.zone_combo.currentText().strip(),
                "bates_prefix": self.bates_edit.text(), "signers": signers,
                "foia_public_liaison": self._liaison()}

    def _liaison(self) -> dict:
        values = {"name": self.liaison_edit.text(), "phone": self.liaison_phone.text(),
                  "email": self.liaison_email.text()}
        return values if any(v.strip() for v in values.values()) else {}

    def save_agency(self) -> None:
        values = self.agency_values()
        ctx = self._runner.context()

        def saved(_result) -> None:
            self._agency_dirty = False
            self.agency_problem.hide()
            self.status_message.emit("Agency details saved.")
            self.refresh()

        self._runner.run(lambda db, job: settings_service.update_agency(db, ctx, values),
                         on_done=saved, on_error=self._agency_refused, write=True, owner=self,
                         label="change settings")

    def _agency_refused(self, exc: BaseException, focus: QWidget | None = None) -> None:
        if not isinstance(exc, DeskError):
            self._runner.task_failed.emit("change settings", exc)
            return
        text = f"\u26a0 {exc}" if focus is not None else f"\u26a0 Not saved: {exc}"
        self.agency_problem.setText(text)
        self.agency_problem.show()
        (focus or self.agency_problem).setFocus(Qt.FocusReason.OtherFocusReason)
        announce(self, text, assertive=True)

    def focus_agency(self) -> None:
        """Preferences (Ctrl+,): the agency's details, ready to edit."""
        self.tabs.setCurrentIndex(0)
        self.name_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.name_edit.selectAll()

    def _show_agency(self, settings: dict) -> None:
        missing = agency_missing(settings)
        self.agency_prompt.setText(
            "This database does not know your agency yet: fill in " + ", ".join(missing)
            + ", then press Save agency details (Alt+S). Letters and packets use them."
            if missing else "")
        self.agency_prompt.setVisible(bool(missing))
        if self._agency_dirty:
            return  # the clerk is editing: a reload must not overwrite the typing
        self.name_edit.setText(str(settings.get("agency_name") or ""))
        self.address_edit.blockSignals(True)
        self.address_edit.setPlainText(str(settings.get("agency_address") or ""))
        self.address_edit.blockSignals(False)
        self.zone_combo.blockSignals(True)
        self.zone_combo.setCurrentText(str(settings.get("agency_timezone") or ""))
        self.zone_combo.blockSignals(False)
        self.bates_edit.setText(str(settings.get("bates_prefix") or ""))
        liaison = settings.get("foia_public_liaison") or {}
        liaison = liaison if isinstance(liaison, dict) else {"name": str(liaison)}
        self.liaison_edit.setText(str(liaison.get("name", "")))
        self.liaison_phone.setText(str(liaison.get("phone", "")))
        self.liaison_email.setText(str(liaison.get("email", "")))
        self.signers.clear()
        for signer in settings.get("signers") or []:
            self._add_signer_item(signer)
        self._agency_dirty = False

    # -- calendars ---------------------------------------------------------------------------------
    def _build_calendars(self) -> QWidget:
        page = QWidget()
        self.calendar_filter = QComboBox()
        self.calendar_filter.setAccessibleName("Which calendar to show")
        self.calendar_filter.addItem("All calendars", None)
        for name, title in CALENDAR_TITLES.items():
            self.calendar_filter.addItem(title, name)
        self.year = QSpinBox(minimum=2015, maximum=2045, value=self._runner.today().year)
        self.year.setAccessibleName("Year shown")
        self.add_button = QPushButton("Add a closed &day\u2026")
        self.toggle_button = QPushButton("C&ount / don't count selected day")
        self.toggle_button.setAccessibleName("Switch whether the selected day counts as closed")
        self.calendar_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.calendar_filter.setMinimumContentsLength(16)
        tools = QHBoxLayout()
        labelled("Sho&w:", self.calendar_filter, tools)
        labelled("&Year:", self.year, tools)
        tools.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.toggle_button)

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
        layout = QVBoxLayout(page)
        layout.addWidget(options_box)
        layout.addWidget(explanation)
        layout.addLayout(tools)
        layout.addWidget(self.calendar_table, 1)
        layout.addLayout(buttons)

        self.calendar_filter.currentIndexChanged.connect(self.refresh)
        self.year.valueChanged.connect(self.refresh)
        self.add_button.clicked.connect(self.add_closed_day)
        self.toggle_button.clicked.connect(self.toggle_selected)
        return page

    # -- extension reasons ---------------------------------------------------------------
    def _build_reasons(self) -> QWidget:
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
        page = QWidget()
        layout = QVBoxLayout(page)
        text = QLabel(
            "The statutory reasons for an extension, in the statute's words, with the dates "
            "they are in force. Counsel updates them with: disclosure-desk reason set "
            "--law cpra --code c6 --from YYYY-MM-DD --citation ... --text ... Each extension "
            "keeps the words in force on the day it was made.")
        text.setWordWrap(True)
        layout.addWidget(text)
        layout.addWidget(self.reasons_table, 1)
        return page

    # -- redaction profiles and safety holds -------------------------------------------------
    def _build_redaction(self) -> QWidget:
        self._profiles: list[Profile] = []
        self._catalogue: list[Exemption] = []
        self.profile_combo = QComboBox()
        self.profile_combo.setAccessibleName("Redaction profile shown")
        self.profile_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.profile_combo.setMinimumContentsLength(20)
        self.confirmation_label = readable(data_label("Whether counsel confirmed the profile"))
        self.confirmation_label.setWordWrap(True)
        self.rules_model = RowsModel([
            Column("Field or text", "target", lambda r: target_label(r["target"])),
            Column("Action", "action"),
            Column("Exemption", "cite"),
            Column("Justification", "justification"),
        ], self)
        self.rules_table = make_table(self.rules_model, "Rules of the profile", single=True)
        self.change_rule_button = QPushButton("Change r&ule\u2026")
        self.change_rule_button.setAccessibleName("Change the selected rule")
        self.confirm_button = QPushButton("C&onfirm as counsel\u2026")
        self.confirm_button.setAccessibleName("Confirm the profile as counsel")
        self.redaction_problem = readable(data_label("Why the change was not made"))
        self.redaction_problem.setWordWrap(True)
        self.redaction_problem.hide()
        top = QHBoxLayout()
        labelled("&Profile:", self.profile_combo, top)
        top.addWidget(self.confirmation_label, 1)
        rule_buttons = QHBoxLayout()
        rule_buttons.addStretch(1)
        rule_buttons.addWidget(self.change_rule_button)
        rule_buttons.addWidget(self.confirm_button)

        self.holds_model = RowsModel([
            Column("Employee no.", "employee_id"),
            Column("Name", "last_name",
                   lambda r: ", ".join(p for p in (r.get("last_name"), r.get("first_name"))
                                       if p)),
            Column("Kind", "kind"),
            Column("Reason", "reason"),
            Column("Exemption", "exemption"),
            Column("From", "held_from"),
            Column("Until", "held_until", lambda r: r["held_until"] or "open-ended"),
            Column("Lifted", "lifted_on",
                   lambda r: f"lifted {r['lifted_on']}" if r["lifted_on"] else "in force"),
        ], self)
        self.holds_table = make_table(self.holds_model, "Safety holds", single=True)
        self.add_hold_button = QPushButton("&Add hold\u2026")
        self.add_hold_button.setAccessibleName("Add a safety hold")
        self.lift_hold_button = QPushButton("&Lift hold")
        self.lift_hold_button.setAccessibleName("Lift the selected safety hold")
        self.holds_count = data_label("Number of safety holds")
        hold_buttons = QHBoxLayout()
        hold_buttons.addWidget(self.holds_count)
        hold_buttons.addStretch(1)
        hold_buttons.addWidget(self.add_hold_button)
        hold_buttons.addWidget(self.lift_hold_button)

        profiles_box = QGroupBox("Redaction profiles (set by counsel)")
        profiles_layout = QVBoxLayout(profiles_box)
        profiles_layout.addLayout(top)
        profiles_layout.addWidget(self.rules_table, 1)
        profiles_layout.addLayout(rule_buttons)
        holds_box = QGroupBox("Safety holds (the reason is shown only here)")
        holds_layout = QVBoxLayout(holds_box)
        holds_layout.addWidget(self.holds_table, 1)
        holds_layout.addLayout(hold_buttons)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.redaction_problem)
        layout.addWidget(profiles_box, 3)
        layout.addWidget(holds_box, 2)

        self.profile_combo.currentIndexChanged.connect(self._show_profile)
        self.change_rule_button.clicked.connect(self.change_rule)
        self.confirm_button.clicked.connect(self.confirm_profile)
        self.add_hold_button.clicked.connect(self.add_hold)
        self.lift_hold_button.clicked.connect(self.lift_hold)
        return page

    def current_profile(self) -> Profile | None:
        name = self.profile_combo.currentData()
        return next((p for p in self._profiles if p.name == name), None)

    def _show_redaction(self, profiles: list[Profile], catalogue: list[Exemption],
                        holds: list[dict]) -> None:
        self._profiles, self._catalogue = profiles, catalogue
        shown = self.profile_combo.currentData()
        self.profile_combo.blockSignals(True)
        self.profile_combo.clear()
        for profile in profiles:
            self.profile_combo.addItem(f"{profile.name} ({profile.law.value.upper()})",
                                       profile.name)
        self.profile_combo.setCurrentIndex(max(0, self.profile_combo.findData(shown)))
        self.profile_combo.blockSignals(False)
        self._show_profile()
        self.holds_model.set_rows(holds)
        fit_columns(self.holds_table)
        in_force = sum(1 for h in holds if not h["lifted_on"])
        self.holds_count.setText(f"{in_force} {'hold' if in_force == 1 else 'holds'} in force, "
                                 f"{len(holds) - in_force} lifted")
        self.lift_hold_button.setEnabled(bool(in_force))

    def _show_profile(self, *_args) -> None:
        profile = self.current_profile()
        cites = {e.code: e.cite for e in self._catalogue}
        row = self.rules_table.currentIndex().row()
        self.rules_model.set_rows(
            [{**r.as_json(), "cite": cites.get(r.exemption, r.exemption)}
             for r in (profile.rules if profile else ())])
        fit_columns(self.rules_table)
        if profile is not None and self.rules_model.rowCount():
            self.rules_table.selectRow(min(max(row, 0), self.rules_model.rowCount() - 1))
        if profile is None:
            text = "No redaction profile in this database."
        elif profile.confirmed_by:
            text = f"Confirmed by {profile.confirmed_by} on {profile.confirmed_on}"
        else:
            text = ("\u26a0 Not confirmed by counsel \u2014 counsel should review what it "
                    "withholds and releases, then press Confirm as counsel (Alt+O).")
        self.confirmation_label.setText(text)
        for button in (self.change_rule_button, self.confirm_button):
            button.setEnabled(profile is not None)

    def _redaction_refused(self, exc: BaseException) -> None:
        """The service said no: show why in the tab, and where to go next."""
        if not isinstance(exc, DeskError):
            self._runner.task_failed.emit("change redaction settings", exc)
            return
        text = f"\u26a0 Not changed: {exc.message}" + (f" {exc.hint}" if exc.hint else "")
        self.redaction_problem.setText(text)
        self.redaction_problem.show()
        self.redaction_problem.setFocus(Qt.FocusReason.OtherFocusReason)
        announce(self, text, assertive=True)

    def _redaction_write(self, fn, done_message: str) -> None:
        ctx = self._runner.context()

        def finished(_result) -> None:
            self.redaction_problem.hide()
            self.status_message.emit(done_message)
            announce(self, done_message)
            self.refresh()

        self._runner.run(lambda db, job: fn(db, ctx), on_done=finished,
                         on_error=self._redaction_refused, write=True, owner=self,
                         label="change redaction settings")

    def change_rule(self) -> None:
        profile = self.current_profile()
        index = self.rules_table.currentIndex()
        if profile is None or not index.isValid():
            self.status_message.emit("Select a rule of the profile first.")
            return
        rule = profile.rule(self.rules_model.row_at(index.row())["target"])
        exemptions = [e for e in self._catalogue if e.law is profile.law
                      and (e.in_force(self._runner.today()) or e.code == rule.exemption)]
        dialog = RuleDialog(profile.name, rule, exemptions, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        action, code, justification = dialog.values()
        name, target = profile.name, rule.target
        self._redaction_write(
            lambda db, ctx: profile_service.set_rule(db, ctx, name, target, action, code,
                                                     justification),
            f"{name}: {target_label(target)} now {action}; counsel needs to confirm it again.")

    def confirm_profile(self) -> None:
        profile = self.current_profile()
        if profile is None:
            return
        dialog = CounselDialog(profile.name, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        name, by = profile.name, dialog.value()
        self._redaction_write(lambda db, ctx: profile_service.confirm(db, ctx, name, by),
                              f"{name} confirmed by {by}.")

    def add_hold(self) -> None:
        today = self._runner.today()
        dialog = HoldDialog([e for e in self._catalogue if e.in_force(today)], self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        values = dialog.values()
        employee = values.pop("employee_id")
        self._redaction_write(
            lambda db, ctx: profile_service.add_hold(db, ctx, employee, **values),
            f"Safety hold added for employee {employee}.")

    def confirm_lift(self, row: dict) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, "Lift the safety hold?",
                          f"Lift the {row['kind']} hold on employee {row['employee_id']}?",
                          parent=self)
        box.setInformativeText("From today, packets no longer withhold this person entirely: "
                               "the profile's rules apply to them again.")
        lift = box.addButton("&Lift hold", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is lift

    def lift_hold(self) -> None:
        index = self.holds_table.currentIndex()
        if not index.isValid():
            self.status_message.emit("Select a safety hold first.")
            return
        row = self.holds_model.row_at(index.row())
        if row["lifted_on"]:
            self.status_message.emit(f"That hold was lifted on {row['lifted_on']}.")
            return
        if not self.confirm_lift(row):
            return
        hold_id = row["id"]
        self._redaction_write(lambda db, ctx: profile_service.lift_hold(db, ctx, hold_id),
                              f"Safety hold on employee {row['employee_id']} lifted.")

    def refresh(self) -> None:
        calendar, year = self.calendar_filter.currentData(), self.year.value()

        def load(db, job):
            rows = [{**v.as_json(), "entry": v.entry}
                    for v in calendar_service.entries_for_view(db, calendar, year)]
            reasons = [r for law in Law for r in reasons_service.listing(db, law)]
            redaction = (profile_service.list_profiles(db), profile_service.catalogue(db),
                         profile_service.holds(db))
            return agency_settings(db), rows, reasons, redaction

        self._runner.run(load, on_done=self._loaded, owner=self, label="load settings",
                         latest=(self, "settings"))

    def _loaded(self, result) -> None:
        settings, rows, reasons, redaction = result
        self._show_agency(settings)
        self.due_soon.setValue(int(settings["due_soon_days"]))
        for key, tick in self.option_ticks.items():
            tick.setChecked(bool(settings.get(key, True)))
        self.calendar_model.set_rows(rows)
        fit_columns(self.calendar_table)
        self.reasons_model.set_rows(reasons)
        fit_columns(self.reasons_table)
        self._show_redaction(*redaction)
        self.loaded.emit()

    def _save_local_option(self, key: str, counted: bool) -> None:
        def done(changes) -> None:
            moved = f"; {len(changes)} open deadline(s) moved" if changes else ""
            self.status_message.emit(settings_service.local_option_change(key, counted) + moved
                                     + ".")
            self.refresh()

        ctx = self._runner.context()
        self._runner.run(lambda db, job: settings_service.set_local_option(db, ctx, key, counted),
                         on_done=done, write=True, owner=self, label="change settings")

    def _write(self, fn, done_message: str, after=None) -> None:
        ctx = self._runner.context()

        def finished(result) -> None:
            self.status_message.emit(done_message + _moved(result))
            self.refresh()
            if after is not None:
                after()

        self._runner.run(lambda db, job: fn(db, ctx), on_done=finished, write=True,
                         owner=self, label="change settings")

    def _save_due_soon(self) -> None:
        days = self.due_soon.value()
        self._write(lambda db, ctx: settings_service.update(db, ctx, "due_soon_days", days),
                    f"Requests are marked due soon {days} working days ahead.")

    def add_closed_day(self) -> None:
        dialog = ClosureDialog(self._runner.today(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            entry = dialog.entry()
            self._write(lambda db, ctx: calendar_service.set_day(db, ctx, entry),
                        f"{entry.name} on {entry.day} added.")

    def confirm_uncount(self, row: dict) -> bool:
        """Ask before a legal holiday stops counting as closed: deadlines then come earlier."""
        title = CALENDAR_TITLES.get(row["calendar"], row["calendar"])
        box = QMessageBox(QMessageBox.Icon.Warning, "Count a legal holiday as open?",
                          f"Count {row['name']} ({row['day']:%a %Y-%m-%d}) as a day the office "
                          "is open?", parent=self)
        box.setInformativeText(
            f"It is a holiday in the {title} calendar. Deadlines that now roll past it will "
            "fall earlier. Do this only if your office is open that day. You can undo it "
            "right afterwards (Ctrl+Z).")
        yes = box.addButton("&Count as open", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(yes)
        box.exec()
        return box.clickedButton() is yes

    def toggle_selected(self) -> None:
        index = self.calendar_table.currentIndex()
        if not index.isValid():
            self.status_message.emit("Select a day in the calendar first.")
            return
        row = self.calendar_model.row_at(index.row())
        before: CalendarEntry = row["entry"]
        entry = replace(before, observed=not before.observed)
        uncounting = row["observed"] and row["calendar"] in STATUTORY
        if uncounting and not self.confirm_uncount(row):
            return
        what = (f"{entry.name} {entry.day}: office "
                f"{'closed' if entry.observed else 'open'}.")

        def offer_undo() -> None:
            self.undo_offered.emit(what, lambda: self._write(
                lambda db, ctx: calendar_service.set_day(db, ctx, before),
                f"Undone: {before.name} {before.day} counts as closed again."))

        self._write(lambda db, ctx: calendar_service.set_day(db, ctx, entry), what,
                    offer_undo if uncounting else None)


def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def _moved(result) -> str:
    """What a calendar edit did to open deadlines, for the status bar."""
    if not isinstance(result, list):
        return ""
    if not result:
        return " No open deadline moved."
    moved = ", ".join(f"{c.number} now due {c.after}" for c in result[:3])
    more = f" and {len(result) - 3} more" if len(result) > 3 else ""
    return f" Deadlines moved: {moved}{more} (see each request's timeline)."
