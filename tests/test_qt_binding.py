"""Guards against known defects of the Qt binding that would crash the application."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    flag = Signal(bool)
    number = Signal(int)


def test_emitting_signals_keeps_bool_reference_counts(qapp):
    """PySide6 6.12.0 dropped a reference to the bool that emit() returns: a long session then
    dies with 'bool_dealloc: deallocating True or False'. The lock file avoids that release."""
    emitter = _Emitter()
    emitter.flag.connect(lambda value: None)
    emitter.number.connect(lambda value: None)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(200):
        emitter.flag.emit(False)
        emitter.number.emit(1)
    assert (sys.getrefcount(True), sys.getrefcount(False)) == before
