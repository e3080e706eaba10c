"""Progress and cancellation for long work, without Qt.

A service that may take long takes a :class:`Job` and calls :meth:`Job.progress`; the GUI's task
runner passes one wired to a progress bar and a Cancel button, the CLI passes a quiet one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class Cancelled(Exception):
    """The clerk cancelled the work; everything it did was rolled back."""


class Job:
    def __init__(self, on_progress: Callable[[int, int, str], None] | None = None,
                 on_partial: Callable[[object], None] | None = None) -> None:
        self._on_progress = on_progress
        self._on_partial = on_partial
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def progress(self, done: int, total: int = 0, text: str = "") -> None:
        """Report progress and stop here (raise :class:`Cancelled`) if cancel was asked."""
        if self._cancel.is_set():
            raise Cancelled()
        if self._on_progress is not None:
            self._on_progress(done, total, text)

    def publish(self, partial: object) -> None:
        """Hand over part of the result before the work ends (e.g. the first page of keys)."""
        if self._cancel.is_set():
            raise Cancelled()
        if self._on_partial is not None:
            self._on_partial(partial)
