"""The task runner: a late, older answer never overwrites a newer one (style guide §14)."""

from __future__ import annotations

import threading

import pytest

from app.ui.tasks import TaskRunner

pytestmark = pytest.mark.gui


@pytest.fixture
def runner(qtbot, db_path, db):
    """A runner owned by a widget that outlives the test's work, as the window owns its own."""
    from PySide6.QtWidgets import QWidget

    owner = QWidget()
    qtbot.addWidget(owner)
    runner = TaskRunner(db_path, owner)
    yield runner
    runner.wait(10_000)
    qtbot.wait(50)  # deliver what the workers sent before the owner goes


def test_an_older_load_that_ends_last_is_dropped(qtbot, runner):
    release = threading.Event()
    shown = []

    def slow(db, job):
        release.wait(10)
        return "old"

    owner = object()
    runner.run(slow, on_done=shown.append, latest=(owner, "list"))
    newer = runner.run(lambda db, job: "new", on_done=shown.append, latest=(owner, "list"))
    qtbot.waitUntil(lambda: newer.done, timeout=10_000)
    release.set()
    assert runner.wait(10_000)
    qtbot.wait(50)  # let the old task's delivery run
    assert shown == ["new"]
    # Another name is another load: both count.
    runner.run(lambda db, job: "a", on_done=shown.append, latest=(owner, "a"))
    runner.run(lambda db, job: "b", on_done=shown.append, latest=(owner, "b"))
    qtbot.waitUntil(lambda: len(shown) == 3, timeout=10_000)
    assert sorted(shown[1:]) == ["a", "b"]


def test_errors_of_a_superseded_load_are_not_shown(qtbot, runner):
    release = threading.Event()
    failed, done = [], []
    runner.task_failed.connect(lambda label, exc: failed.append(exc))

    def broken(db, job):
        release.wait(10)
        raise RuntimeError("stale failure")

    runner.run(broken, latest="queue")
    runner.run(lambda db, job: 1, on_done=done.append, latest="queue")
    qtbot.waitUntil(lambda: done == [1], timeout=10_000)
    release.set()
    assert runner.wait(10_000)
    qtbot.wait(50)
    assert failed == []


def test_a_just_imported_batch_stays_listed(open_window, qtbot, monkeypatch, tmp_path):
    """The records view asked for the batch list twice; the first answer, read before the
    import committed, arrives last. The list keeps the newer answer."""
    from app.services import imports, reference
    from app.services.demo import write_export

    window = open_window(demo=True, view="records")
    panel = window.records_panel
    release = threading.Event()
    real = reference.batches
    calls = []

    def batches(db):
        rows = real(db)
        calls.append(len(rows))
        if len(calls) == 1:
            release.wait(10)  # the first read is slow to come back
        return rows

    monkeypatch.setattr(reference, "batches", batches)
    panel.refresh()                           # reads 1 batch, then waits
    qtbot.waitUntil(lambda: len(calls) == 1, timeout=10_000)

    from app.services.database import open_database

    with open_database(window.paths.database) as db:
        plan = imports.plan_import(db, write_export(tmp_path / "more.csv", 20, seed=4),
                                   system="clearview")
        imports.import_audit(db, window.runner.context(), plan)
    panel.refresh()                           # reads 2 batches, arrives first
    qtbot.waitUntil(lambda: panel.batch_model.rowCount() == 2, timeout=10_000)
    release.set()
    assert window.runner.wait(10_000)
    qtbot.wait(100)
    assert panel.batch_model.rowCount() == 2
