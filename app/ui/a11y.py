"""What makes the window usable by keyboard and by screen reader, shared by every view.

* :func:`announce` - tell assistive technology about an outcome ("CPRA-2026-0007 logged") that
  appears somewhere the clerk's focus is not, such as the status bar.
* :func:`data_label` / :func:`readable` - labels that carry data are read by their text (the
  accessible name is left to the text; what the label is goes into the description), and may
  take focus so the clerk can Tab to them and hear them again.
* :func:`contrast_ratio`, :func:`muted_colour` - colours that stay readable in light and dark
  palettes (WCAG 2 contrast ratio).
* :func:`fit_to_screen` - a window sized to what it needs, never larger than the screen it opens
  on (1280x720 at 150 % leaves about 853x440 logical pixels).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QColor, QGuiApplication
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

# A dynamic property the style sheet draws a focus ring for (labels draw none of their own).
READABLE = "readable"


def announce(widget: QWidget, text: str, *, assertive: bool = False) -> None:
    """Ask screen readers to speak ``text`` now (Qt 6.8+: an announcement event, which
    UI Automation and AT-SPI pass on as a notification)."""
    if not text:
        return
    event = QAccessibleAnnouncementEvent(widget, text)
    event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive if assertive
                        else QAccessible.AnnouncementPoliteness.Polite)
    QAccessible.updateAccessibility(event)


def readable(label: QLabel) -> QLabel:
    """Let ``label`` take keyboard focus (Tab reaches it; its text can be selected and copied)
    and show a focus ring, so a clerk can move to it and hear it again."""
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                  | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    label.setProperty(READABLE, True)
    return label


def data_label(what: str, text: str = "", *, focusable: bool = False) -> QLabel:
    """A label that shows data (a count, a value, a message). Its accessible name stays its
    text - a screen reader says "8 requests", not "Number of requests shown" - and ``what``
    becomes its description."""
    label = QLabel(text)
    describe_data(label, what)
    return readable(label) if focusable else label


def named_button(text: str, name: str, slot: Callable) -> QPushButton:
    """A push button with its spoken name, pressing it calls ``slot``."""
    button = QPushButton(text)
    button.setAccessibleName(name)
    button.clicked.connect(slot)
    return button


def describe_data(label: QLabel, what: str) -> None:
    """Make an existing label (a Designer form's) read by its text, described by ``what``."""
    label.setAccessibleName("")
    label.setAccessibleDescription(what)


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG 2 contrast ratio of two opaque colours, from 1 to 21."""
    a, b = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def muted_colour(text: QColor, background: QColor, minimum: float = 4.5) -> QColor:
    """``text`` faded toward ``background`` as far as it stays readable (contrast at least
    ``minimum``): for rows that are finished, in a light palette and a dark one alike."""
    best = QColor(text)
    for step in range(1, 10):
        share = step / 10
        mixed = QColor.fromRgbF(
            text.redF() * (1 - share) + background.redF() * share,
            text.greenF() * (1 - share) + background.greenF() * share,
            text.blueF() * (1 - share) + background.blueF() * share)
        if contrast_ratio(mixed, background) < minimum:
            break
        best = mixed
    return best


# What a Windows window frame takes around the client area, in logical pixels: the borders
# (8 on each side) and the title bar (31). tests/fit_check.py models the same frame.
WINDOW_FRAME = QSize(16, 39)


def fit_to_screen(window: QWidget, wanted: QSize) -> None:
    """Resize ``window`` to ``wanted``, bounded by the available area of its screen (the
    taskbar excluded) less the window frame."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        window.resize(wanted)
        return
    room = screen.availableGeometry().size() - WINDOW_FRAME
    window.resize(wanted.boundedTo(room).expandedTo(window.minimumSizeHint()))
