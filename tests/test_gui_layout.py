"""Sizes, colours and what the window remembers.

* "Fits 1280x720 at 150 %": tests/fit_check.py runs the window in a subprocess whose offscreen
  screen is that laptop's work area (1280x648 physical pixels: the screen less a 48-pixel
  taskbar) with QT_SCALE_FACTOR=1.5, so Qt lays out and paints on 853x432 logical pixels at a
  device pixel ratio of 1.5, as on the laptop. Each window plus a modelled frame (16x39 logical
  pixels of borders and title bar) must fit, and every field of New request must scroll into
  view.
* "Fits 1024x768 at 100 %": the window in its work area (768 less a 48-pixel taskbar, less the
  frame) shows the queue's Status and Assignee columns.
* Dark mode: the window under a dark palette (tests/palettes.py, Windows 11's dark colours);
  the contrast of every queue row and of the request detail's text is measured (WCAG 2).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QPalette

from app import paths as app_paths
from app.clock import Clock
from app.ui.a11y import contrast_ratio
from app.ui.application import prepare_database
from app.ui.main_window import MainWindow
from tests.conftest import ROOT, TODAY
from tests.fit_check import FRAME
from tests.palettes import dark_palette

pytestmark = pytest.mark.gui
TASKBAR = 48


@pytest.mark.slow
def test_everything_fits_1280_by_720_at_150_percent(tmp_path):
    screens = tmp_path / "screens.json"
    screens.write_text(json.dumps({
        "synchronousWindowSystemEvents": False, "windowFrameMargins": False,
        "screens": [{"name": "laptop-work-area", "x": 0, "y": 0, "width": 1280,
                     "height": 720 - int(TASKBAR * 1.5), "logicalDpi": 96,
                     "logicalBaseDpi": 96, "dpr": 1}]}), encoding="utf-8")
    env = {**os.environ, "QT_SCALE_FACTOR": "1.5",
           "QT_QPA_PLATFORM": f"offscreen:configfile={screens}"}
    out = subprocess.run([sys.executable, "-m", "tests.fit_check", str(tmp_path)], cwd=ROOT,
                         env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    width, height = result["area"]
    assert (width, height) == (853, 432) and result["dpr"] == 1.5
    room = (width - FRAME[0], height - FRAME[1])
    for name in ("main", "records", "settings", "new_request", "extend", "help", "import",
                 "release", "review", "decision", "rule", "counsel", "hold"):
        size = result[name]
        assert size["dpr"] == 1.5, name  # painted at 150 %
        assert size["width"] <= room[0] and size["height"] <= room[1], (name, size, room)
        assert size["min_width"] <= room[0] and size["min_height"] <= room[1], (name, size)
    assert result["new_request"]["unreachable"] == []
    # The Extend dialog wraps its statutory reasons (it was 1737 pixels wide).
    assert result["extend"]["width"] <= 600
    # Even here the queue shows Status and Assignee.
    for column in ("Status", "Assignee"):
        start, size = result["queue_columns"][column]
        assert 0 <= start and start + size <= result["queue_viewport"], column
    assert (tmp_path / "new-request-1.5.png").stat().st_size > 10_000


def test_the_window_fits_1024_by_768_with_status_and_assignee_in_view(open_window, qtbot):
    window = open_window(demo=True)
    assert window.minimumSizeHint().width() < 1009  # it could not be narrower before
    window.resize(1024 - FRAME[0], 768 - TASKBAR - FRAME[1])
    qtbot.waitUntil(lambda: window.width() == 1024 - FRAME[0], timeout=5_000)
    table = window.requests_panel.table
    header = table.horizontalHeader()
    for column in (6, 7):  # Status, Assignee
        start = header.sectionViewportPosition(column)
        assert 0 <= start and start + header.sectionSize(column) <= table.viewport().width(), \
            window.requests_panel.model.headerData(column, Qt.Orientation.Horizontal)
        assert not table.isColumnHidden(column)


@pytest.fixture
def dark(qapp):
    before = QPalette(qapp.palette())
    qapp.setPalette(dark_palette())
    yield
    qapp.setPalette(before)


def _row_colours(view, row: int) -> tuple[QColor, QColor]:
    index = view.model().index(row, 0)
    palette = view.palette()
    fg = index.data(Qt.ItemDataRole.ForegroundRole)
    bg = index.data(Qt.ItemDataRole.BackgroundRole)
    return (fg.color() if fg is not None else palette.color(QPalette.ColorRole.Text),
            bg.color() if bg is not None else palette.color(QPalette.ColorRole.Base))


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_every_queue_row_is_readable(open_window, qtbot, request, palette):
    if palette == "dark":
        request.getfixturevalue("dark")
    window = open_window(demo=True)
    view = window.requests_panel.table
    finished = 0
    for row in range(view.model().rowCount()):
        fg, bg = _row_colours(view, row)
        ratio = contrast_ratio(fg, bg)
        assert ratio >= 4.5, (row, fg.name(), bg.name(), round(ratio, 2))
        finished += not window.requests_panel.model.queue_row(row).is_open
    assert finished == 2  # the finished rows, which fell to 2.3:1, are among them


def _text_contrast(widget) -> float:
    """The contrast of the most contrasting pixel against the background (the most common
    colour): the colour the text is painted in, measured on the painted widget."""
    image = widget.grab().toImage()
    counts: dict[int, int] = {}
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            pixel = image.pixel(x, y)
            counts[pixel] = counts.get(pixel, 0) + 1
    background = QColor.fromRgb(max(counts, key=counts.get))
    return max(contrast_ratio(QColor.fromRgb(p), background) for p in counts)


def test_the_request_detail_is_readable_in_a_dark_palette(open_window, qtbot, dark):
    window = open_window(demo=True)
    panel = window.requests_panel
    qtbot.waitUntil(lambda: "How the deadline was computed" in panel.detail.toPlainText(),
                    timeout=10_000)
    assert _text_contrast(panel.detail.viewport()) >= 7  # it was 1.03:1, white on near-white
    help_dialog = window.show_help()
    assert _text_contrast(help_dialog.browser.viewport()) >= 7
    help_dialog.reject()


def test_the_sidebar_shows_where_the_focus_is(open_window, qtbot):
    window = open_window(demo=True)
    nav = window.ui.navList
    amber = QColor("#ffbf47")

    def ring_pixels() -> int:
        image = nav.grab().toImage()
        return sum(QColor.fromRgb(image.pixel(x, y)) == amber
                   for y in range(image.height()) for x in range(image.width()))

    window.requests_panel.search.setFocus()
    qtbot.waitUntil(lambda: not nav.hasFocus(), timeout=2_000)
    assert ring_pixels() == 0
    nav.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(nav.hasFocus, timeout=2_000)
    assert ring_pixels() > 200
    assert contrast_ratio(amber, QColor("#1f3a5f")) >= 3  # against the sidebar around it


def test_the_window_remembers_its_layout_and_the_import_folder(qtbot, tmp_path):
    paths = app_paths.for_folder(tmp_path / "desk")
    now = Clock(TODAY, "the test")
    prepare_database(paths, demo=True, now=now)
    first = MainWindow(paths, demo=True, clock=now)
    qtbot.addWidget(first)
    with qtbot.waitSignal(first.requests_panel.loaded, timeout=10_000):
        first.show()
        first.show_view(first.last_view())
    assert first.current_view() == "requests"  # the first time
    first.requests_panel.splitter.setSizes([150, 500])
    sizes = first.requests_panel.splitter.sizes()
    first.requests_panel.table.setColumnWidth(0, 211)
    folder = tmp_path / "exports"
    folder.mkdir()
    export = folder / "log.csv"
    export.write_text("When,Who\n2019-10-05 10:00,Det. Park\n", encoding="utf-8")
    dialog = first.import_audit(export)
    dialog.reject()
    with qtbot.waitSignal(first.records_panel.loaded, timeout=10_000):
        first.show_view("records")
    first.close()
    stored = QSettings(str(paths.settings_file), QSettings.Format.IniFormat)
    assert stored.value("window/view") == "records"

    second = MainWindow(paths, demo=True, clock=now)
    qtbot.addWidget(second)
    with qtbot.waitSignal(second.records_panel.loaded, timeout=10_000):
        second.show()
        second.show_view(second.last_view())
    assert second.current_view() == "records"
    assert second.requests_panel.splitter.sizes() == sizes
    with qtbot.waitSignal(second.requests_panel.loaded, timeout=10_000):
        second.show_view("requests")
    # The clerk's column width survives the queue's reload.
    assert second.requests_panel.table.columnWidth(0) == 211
    assert second.import_folder() == str(folder)
    second.close()
