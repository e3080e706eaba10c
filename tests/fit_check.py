"""Run in a subprocess by tests/test_gui_layout.py: the window and its dialogs on a small or
scaled screen, measured as the clerk would meet them. Prints JSON; saves screenshots into the
folder given as its argument (if any).

How a screen is modelled (the offscreen platform has no taskbar and no window frames):

* the offscreen screen is the *work area*: the screen less the Windows taskbar (48 logical
  pixels). 1280x720 at 150 % is configured as 1280x648 physical pixels with QT_SCALE_FACTOR=1.5,
  which Qt presents as 853x432 logical pixels, and renders at a device pixel ratio of 1.5;
* a window needs its client size plus FRAME (borders and title bar, logical pixels) on it.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

from app.ui.a11y import WINDOW_FRAME

FRAME = (WINDOW_FRAME.width(), WINDOW_FRAME.height())


def main() -> int:
    shots = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QWidget

    from app import paths as app_paths
    from app.clock import Clock
    from app.domain.deadlines import Law
    from app.services import reasons as reasons_service
    from app.services.database import open_database
    from app.ui.application import apply_style, prepare_database
    from app.ui.extend_dialog import ExtendDialog
    from app.ui.main_window import MainWindow

    app = QApplication([sys.argv[0]])
    apply_style(app)
    screen = QGuiApplication.primaryScreen()
    area = screen.availableGeometry()
    root = Path(tempfile.mkdtemp())
    paths = app_paths.for_folder(root)
    now = Clock(date(2026, 11, 26), "fit check")
    prepare_database(paths, demo=True, now=now)
    window = MainWindow(paths, demo=True, clock=now)
    window.setGeometry(area.adjusted(0, 0, -FRAME[0], -FRAME[1]))  # maximised, as it would be
    window.show()

    def settle() -> None:
        for _ in range(100):
            QTest.qWait(30)
            if not window.runner.busy:
                break
        QTest.qWait(200)

    def measure(widget: QWidget, name: str) -> dict:
        settle()
        if shots is not None:
            widget.grab().save(str(shots / f"{name}-{os.environ.get('QT_SCALE_FACTOR', '1')}"
                                             ".png"))
        return {"width": widget.width(), "height": widget.height(),
                "min_width": widget.minimumSizeHint().width(),
                "min_height": widget.minimumSizeHint().height(),
                "dpr": widget.grab().devicePixelRatio()}

    out = {"area": [area.width(), area.height()], "frame": list(FRAME),
           "dpr": screen.devicePixelRatio()}
    settle()
    header = window.requests_panel.table.horizontalHeader()
    viewport = window.requests_panel.table.viewport().width()
    out["queue_columns"] = {
        window.requests_panel.model.headerData(c, header.orientation()): [
            header.sectionViewportPosition(c), header.sectionSize(c)]
        for c in range(header.count())}
    out["queue_viewport"] = viewport
    out["main"] = measure(window, "main")
    for view in ("records", "settings"):
        window.show_view(view)
        out[view] = measure(window, view)
    window.show_view("requests")

    dialog = window.new_request()
    out["new_request"] = measure(dialog, "new-request")
    # Every field can be brought into view (the form scrolls inside the dialog).
    hidden = []
    for field in (dialog.ui.lawCombo, dialog.ui.nameEdit, dialog.ui.keywordsEdit,
                  dialog.ui.deadlineLabel, dialog.save_button):
        field.setFocus()
        # The deadline preview is computed in the background and may grow the form after the
        # first scroll, so scroll again (as a clerk would) before calling a field unreachable.
        for _ in range(20):
            dialog.ui.scrollArea.ensureWidgetVisible(field)
            QTest.qWait(50)
            if not field.visibleRegion().isEmpty():
                break
        if field.visibleRegion().isEmpty():
            hidden.append(field.objectName() or field.text())
    out["new_request"]["unreachable"] = hidden
    dialog.reject()

    with open_database(window.paths.database) as db:
        reasons = reasons_service.in_force(db, Law.CPRA, window.runner.today())
    extend = ExtendDialog("CPRA-2026-0001", Law.CPRA, reasons, window)
    extend.show()
    out["extend"] = measure(extend, "extend")
    extend.reject()

    help_dialog = window.show_help()
    out["help"] = measure(help_dialog, "help")
    help_dialog.reject()

    release = window.open_release("CPRA-2026-0001")
    out["release"] = measure(release, "release")
    for index in range(release.tabs.count()):   # every tab, for the screenshots
        release.tabs.setCurrentIndex(index)
        measure(release, f"release-tab{index}")
    release.reject()

    csv = root / "odd.csv"
    csv.write_text("When,Who,Why\n2019-10-05 10:00,Det. Park,robbery\n", encoding="utf-8")
    importer = window.import_audit(csv)
    out["import"] = measure(importer, "import")
    importer.reject()
    from app.services import matching, redaction
    from app.ui.review_window import DecisionDialog

    with open_database(window.paths.database) as db:
        number = db.one("SELECT number FROM requests WHERE law = 'cpra' ORDER BY id")["number"]
        matching.match(db, window.runner.context(), number, commit=True)
        redaction.redact(db, window.runner.context(), number)
    review = window.review_redactions(number)
    out["review"] = measure(review, "review")
    settle()
    decision = DecisionDialog("Withhold record 3", "Withhold record 3 in full: the packet "
                              "prints a numbered slip sheet in its place.",
                              review.exemptions, review)
    decision.show()
    out["decision"] = measure(decision, "decision")
    decision.reject()
    review.close()

    from app.domain.redaction import Action, Rule
    from app.services import profiles as profile_service
    from app.ui.settings_panel import CounselDialog, HoldDialog, RuleDialog

    with open_database(window.paths.database) as db:
        catalogue = profile_service.catalogue(db)
    rule = Rule("text:unlisted", Action.WITHHOLD, "cpra-7927.700", "A person not on the roster")
    for name, dialog in (
            ("rule", RuleDialog("CPRA default", rule,
                                [e for e in catalogue if e.law is Law.CPRA], window)),
            ("counsel", CounselDialog("CPRA default", window)),
            ("hold", HoldDialog(catalogue, window))):
        dialog.show()
        out[name] = measure(dialog, name)
        dialog.reject()
    print(json.dumps(out))
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
