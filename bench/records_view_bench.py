"""Benchmark: the records browser on a million-row database.

    uv run python bench/records_view_bench.py [--rows 1000000]

Builds (once, into bench/out/) a database holding a generated facial-recognition export, then,
offscreen, opens the Audit records view on it and measures what the clerk waits for: the first
page painted, the whole key list loaded, jumping to the last row, a sort by user and a free-text
filter. As a reference it times the bare SQL for the first page in the same run.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def build(rows: int) -> Path:
    from app.services import imports
    from app.services.context import Context
    from app.services.database import init_database
    from app.services.demo import write_export

    db_path = OUT / f"records-{rows}.sqlite3"
    if db_path.exists():
        return db_path
    export = OUT / f"facial-recognition-{rows}.csv"
    if not export.exists():
        print(f"generating {export.name} ...", flush=True)
        write_export(export, rows)
    print(f"building {db_path.name} ...", flush=True)
    with init_database(db_path, Context(actor="bench")) as db:
        imports.import_audit(db, Context(actor="bench"),
                             imports.plan_import(db, export, system="clearview"))
    return db_path


def wait(app, condition, timeout: float = 60.0) -> float:
    start = time.perf_counter()
    while not condition():
        app.processEvents()
        if time.perf_counter() - start > timeout:
            raise SystemExit("timed out")
        time.sleep(0.001)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    db_path = build(args.rows)

    start = time.perf_counter()
    conn = sqlite3.connect(db_path)
    conn.execute("SELECT * FROM audit_records ORDER BY occurred_at, id LIMIT 200").fetchall()
    conn.close()
    bare = time.perf_counter() - start

    from PySide6.QtWidgets import QApplication

    from app.paths import Paths
    from app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    folder = OUT / "view-bench"
    paths = Paths(folder / "data", folder / "config", folder / "log", folder / "cache",
                  db_override=db_path)
    window = MainWindow(paths)
    window.resize(1400, 900)
    window.show()
    panel = window.records_panel
    model, table = panel.model, panel.table

    start = time.perf_counter()
    window.show_view("records")
    wait(app, lambda: model.rowCount() > 0 and model.page_loaded(0))
    app.processEvents()
    first_page = time.perf_counter() - start
    wait(app, lambda: not model.loading)
    all_keys = time.perf_counter() - start
    assert model.rowCount() == args.rows, model.rowCount()

    start = time.perf_counter()
    table.scrollToBottom()
    wait(app, lambda: model.page_loaded(model.rowCount() - 1))
    to_end = time.perf_counter() - start

    start = time.perf_counter()
    model.sort(2)  # by user
    wait(app, lambda: model.rowCount() > 0 and model.page_loaded(0))
    sort_first = time.perf_counter() - start
    wait(app, lambda: not model.loading)

    start = time.perf_counter()
    panel.text_edit.setText("robbery")
    panel.apply_filter()
    wait(app, lambda: not model.loading and model.rowCount() > 0 and model.page_loaded(0))
    text_filter = time.perf_counter() - start
    matches = model.rowCount()
    window.close()

    print(f"\nRecords view on {args.rows:,} records")
    print(f"  bare SQL, first 200 rows (reference):   {bare * 1000:8.0f} ms")
    print(f"  first page painted:                     {first_page * 1000:8.0f} ms   "
          f"target < 1000 ms -> {'OK' if first_page < 1 else 'MISSED'}")
    print(f"  all {args.rows:,} keys loaded:             {all_keys * 1000:8.0f} ms")
    print(f"  jump to the last row, its page shown:   {to_end * 1000:8.0f} ms")
    print(f"  sort by user, first page:               {sort_first * 1000:8.0f} ms")
    print(f"  free-text filter 'robbery' ({matches:,} rows): {text_filter * 1000:6.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
