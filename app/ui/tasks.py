"""The one way the window runs work in the background (style guide §2).

``TaskRunner.run(fn, on_done=...)`` runs ``fn(db, job)`` on a worker thread with a database
connection of its own, and delivers the result, the error or the progress on the GUI thread by
signal. Writes go to a pool of one thread, so they are serialised; reads run beside them (WAL lets
them). ``job.progress()`` reports progress and raises ``Cancelled`` once the clerk cancels.

A view that reloads in the background names its load with ``latest=(self, "what")``: a result
that arrives after a newer load of the same name was started is dropped (style guide §14), so a
late, older answer never overwrites what the clerk already sees.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from shiboken6 import isValid

from app import clock as app_clock
from app.services.context import Context
from app.services.database import open_database
from app.services.jobs import Cancelled, Job

log = logging.getLogger(__name__)


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)
    published = Signal(object)


class Task:
    """A handle on running work: cancel it, or wait for it in tests."""

    def __init__(self, label: str, job: Job, signals: _Signals, write: bool = False) -> None:
        self.label = label
        self.job = job
        self.signals = signals
        self.write = write
        self.done = False

    def cancel(self) -> None:
        self.job.cancel()


class _Runnable(QRunnable):
    def __init__(self, fn: Callable, db_path: Path, task: Task) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn = fn
        self._db_path = db_path
        self._task = task

    def run(self) -> None:  # worker thread
        # Qt's pool threads are not started by Python's threading module, so a tracer that
        # threading installs in new threads (coverage, a debugger) is not in them: install it
        # here; it sees the frames called from now on.
        tracer = threading.gettrace()
        if tracer is not None and sys.gettrace() is None:
            sys.settrace(tracer)
        self._work()

    def _work(self) -> None:
        signals = self._task.signals
        try:
            with open_database(self._db_path, migrate=False) as db:
                result = self._fn(db, self._task.job)
        except BaseException as exc:  # noqa: BLE001 - delivered to the GUI thread, which decides
            if not isinstance(exc, Cancelled):
                log.info("task %r failed: %r", self._task.label, exc)
            signals.failed.emit(exc)
        else:
            signals.finished.emit(result)


class TaskRunner(QObject):
    busy_changed = Signal(bool)
    task_failed = Signal(str, object)  # label, exception - unhandled errors go to the window

    def __init__(self, db_path: Path, parent: QObject | None = None, *,
                 clock: app_clock.Clock | None = None) -> None:
        super().__init__(parent)
        self.db_path = db_path
        # The window's clock: every action it runs is dated by it (tests fix it).
        self.clock = clock or app_clock.system()
        self._reads = QThreadPool(self)
        self._reads.setMaxThreadCount(2)
        self._writes = QThreadPool(self)
        self._writes.setMaxThreadCount(1)
        self._running: set[Task] = set()
        self._generations: dict[Hashable, int] = {}

    def context(self) -> Context:
        """Who acts and on which day, for one action the clerk takes now."""
        return Context.at(self.clock)

    def today(self):
        return self.clock.today()

    def run(
        self,
        fn: Callable[[Any, Job], Any],
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        on_partial: Callable[[Any], None] | None = None,
        write: bool = False,
        label: str = "",
        owner: QObject | None = None,
        latest: Hashable | None = None,
    ) -> Task:
        """``owner``: the widget the callbacks update. When it has been deleted by the time the
        work ends (a dialog closed while its file was being read), the callbacks are skipped.
        Bound methods of a QObject name their owner themselves.

        ``latest``: a name for a load whose newest run alone counts. Results and errors of an
        older run of the same name are dropped; a tuple such as ``(self, "queue")`` keeps two
        views' loads apart."""
        if owner is None:
            owner = next((getattr(cb, "__self__", None) for cb in (on_done, on_error)
                          if isinstance(getattr(cb, "__self__", None), QObject)), None)
        signals = _Signals(self)
        job = Job(on_progress=signals.progressed.emit, on_partial=signals.published.emit)
        task = Task(label or getattr(fn, "__name__", "task"), job, signals, write)

        if latest is not None:
            key = (id(latest[0]), *latest[1:]) if isinstance(latest, tuple) else latest
            generation = self._generations[key] = self._generations.get(key, 0) + 1
        else:
            key, generation = None, 0

        def alive() -> bool:
            if key is not None and self._generations.get(key) != generation:
                return False  # a newer load of the same thing was started: this one is stale
            return owner is None or isValid(owner)

        def progressed(done: int, total: int, text: str) -> None:
            if on_progress is not None and alive():
                on_progress(done, total, text)

        def published(part: Any) -> None:
            if on_partial is not None and alive():
                on_partial(part)

        signals.progressed.connect(progressed)
        signals.published.connect(published)

        def finished(result: Any) -> None:
            self._finish(task)
            if on_done is not None and alive():
                on_done(result)

        def failed(exc: BaseException) -> None:
            self._finish(task)
            if on_error is not None and alive():
                on_error(exc)
            elif on_error is None and not isinstance(exc, Cancelled) and alive():
                self.task_failed.emit(task.label, exc)

        signals.finished.connect(finished)
        signals.failed.connect(failed)
        self._running.add(task)
        if len(self._running) == 1:
            self.busy_changed.emit(True)
        (self._writes if write else self._reads).start(_Runnable(fn, self.db_path, task))
        return task

    def _finish(self, task: Task) -> None:
        task.done = True
        self._running.discard(task)
        task.signals.deleteLater()
        if not self._running:
            self.busy_changed.emit(False)

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def writing(self) -> list[str]:
        """Labels of the writes under way (an import, a backup)."""
        return [t.label for t in self._running if t.write]

    def cancel_all(self) -> None:
        for task in list(self._running):
            task.cancel()

    def wait(self, msecs: int = 10_000) -> bool:
        """Block until the pools are idle (shutdown and tests only)."""
        return self._reads.waitForDone(msecs) and self._writes.waitForDone(msecs)
