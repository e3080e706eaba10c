"""Guards against known defects of the Qt binding that would crash the application."""

from __future__ import annotations

import sys

import pytest
from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, Signal

# PySide6 6.12.0's SignalInstance.emit() dropped a reference to the True/False it returned, so a
# long session died with 'bool_dealloc: deallocating True or False'.
BROKEN_RELEASES = {"6.12.0"}


class _Emitter(QObject):
    flag = Signal(bool)
    number = Signal(int)


def test_the_installed_binding_is_not_a_known_broken_release():
    """pyproject.toml excludes the release; this fails if an environment installs it anyway."""
    assert pyside_version not in BROKEN_RELEASES


@pytest.mark.skipif(sys.version_info >= (3, 12),
                    reason="from Python 3.12 True and False are immortal: their reference count "
                           "never changes, so the defect cannot be seen (nor crash) this way")
def test_emitting_signals_keeps_bool_reference_counts(qapp):
    emitter = _Emitter()
    emitter.flag.connect(lambda value: None)
    emitter.number.connect(lambda value: None)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(200):
        emitter.flag.emit(False)
        emitter.number.emit(1)
    assert (sys.getrefcount(True), sys.getrefcount(False)) == before
