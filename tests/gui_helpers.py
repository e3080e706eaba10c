"""Driving the window as a keyboard user does: Tab to a control, answer a modal dialog or a
menu that the action opened (they run their own event loop, so the answer is scheduled)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QWidget


def focus_by_tab(qtbot, start: QWidget, target: QWidget, limit: int = 60) -> None:
    """Press Tab from ``start`` until ``target`` has the focus, as a keyboard user would."""
    qtbot.waitUntil(lambda: QApplication.activeWindow() is start.window(), timeout=5_000)
    start.setFocus(Qt.FocusReason.OtherFocusReason)
    for _ in range(limit):
        if QApplication.focusWidget() is target:
            return
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target.accessibleName()!r}")


def back_in(qtbot, window: QWidget) -> None:
    """Wait until ``window`` is active again after a modal dialog or menu closed (a desktop
    re-activates it; the offscreen platform sometimes needs telling)."""
    try:
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=1_000)
    except Exception:  # noqa: BLE001 - pytest-qt's timeout: activate it as a desktop would
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)


def when_shown(find, act, tries: int = 250) -> None:
    """Run ``act(widget)`` once ``find()`` returns a widget (a modal dialog opened with exec(),
    a menu popped up); a failure closes it, so a test never hangs on it."""
    def attempt(left=tries):
        widget = find()
        if widget is not None:
            try:
                act(widget)
            except BaseException:
                widget.close()
                raise
        elif left:
            QTimer.singleShot(20, lambda: attempt(left - 1))

    QTimer.singleShot(0, attempt)


def when_modal(kind, act) -> None:
    """``act(dialog)`` once a modal dialog of ``kind`` is open."""
    when_shown(lambda: w if isinstance(w := QApplication.activeModalWidget(), kind) else None,
               act)


def when_menu(act) -> None:
    """``act(menu)`` once a pop-up menu is open."""
    when_shown(QApplication.activePopupWidget, act)


class Announcements:
    """What was sent to screen readers as announcements (QAccessibleAnnouncementEvent)."""

    def __init__(self, monkeypatch) -> None:
        self.texts: list[str] = []
        real = QAccessible.updateAccessibility

        def record(event) -> None:
            if event.type() == QAccessible.Event.Announcement:
                self.texts.append(event.message())
            real(event)

        monkeypatch.setattr(QAccessible, "updateAccessibility", record)

    def said(self, words: str) -> bool:
        return any(words in text for text in self.texts)
