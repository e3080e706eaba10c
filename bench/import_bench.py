"""Benchmark: importing a large facial-recognition export against a raw baseline.

    uv run python bench/import_bench.py [--rows 1000000]

Generates (once, into bench/out/) a vendor-style CSV export with the project's demo generator,
then, each in a fresh process so that peak memory is measured per step:

* baseline - the same CSV parsed with csv.reader and inserted with sqlite3 executemany into an
  unindexed table, then committed;
* import   - ``import_audit`` into a fresh desk database: every row normalised (UTC timestamps,
  NULLs, numbers), the original kept, indexed and searchable with FTS5, in one transaction;
  timed to the commit, and again to the closed connection (which checkpoints the WAL).

Prints the figures and the ratios against the baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"

BASELINE = r"""
import csv, json, sqlite3, sys, time
path, db = sys.argv[1], sys.argv[2]
start = time.perf_counter()
conn = sqlite3.connect(db)
with open(path, newline="", encoding="utf-8-sig") as fh:
    reader = csv.reader(fh)
    header = next(reader)
    conn.execute(f"CREATE TABLE raw ({', '.join(f'c{i}' for i in range(len(header)))})")
    conn.executemany(f"INSERT INTO raw VALUES ({', '.join('?' * len(header))})", reader)
conn.commit()
rows = conn.execute("SELECT count(*) FROM raw").fetchone()[0]
conn.close()
print(json.dumps({"seconds": time.perf_counter() - start, "rows": rows}))
"""

IMPORT = r"""
import json, sys, time
from app.services.context import Context
from app.services.database import init_database
from app.services import imports
from app.storage import audit
path, db_path = sys.argv[1], sys.argv[2]
db = init_database(db_path, Context(actor="bench"))
start = time.perf_counter()
plan = imports.plan_import(db, path, system="clearview")
result = imports.import_audit(db, Context(actor="bench"), plan)
committed = time.perf_counter() - start
rows = audit.record_count(db)
hits = audit.count_records(db, audit.RecordQuery(fts='"robbery"*'))
db.close()
closed = time.perf_counter() - start
print(json.dumps({"seconds": committed, "with_close": closed, "rows": rows,
                  "rejected": result["rejected"], "fts_hits": hits}))
"""


def run(code: str, *args: str) -> tuple[dict, float, float]:
    """Run ``code`` in a fresh interpreter; return its JSON, wall seconds and peak RSS (MB)."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                            cwd=ROOT, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    out = proc.stdout.read()
    if status != 0:
        raise SystemExit(f"benchmark step failed (status {status})")
    peak_mb = usage.ru_maxrss / 1024  # Linux reports KiB
    return json.loads(out), wall, peak_mb


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from app.services.demo import write_export

    OUT.mkdir(parents=True, exist_ok=True)
    export = OUT / f"facial-recognition-{args.rows}.csv"
    if not export.exists():
        print(f"generating {export.name} ...", flush=True)
        write_export(export, args.rows)
    size_mb = export.stat().st_size / 1e6
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        base, _base_wall, base_rss = run(BASELINE, str(export), str(Path(tmp) / "raw.sqlite3"))
        ours, _ours_wall, ours_rss = run(IMPORT, str(export), str(Path(tmp) / "desk.sqlite3"))
    assert base["rows"] == ours["rows"] == args.rows, (base, ours)
    print(f"\nImport of {args.rows:,} rows ({size_mb:.0f} MB CSV)")
    print(f"  baseline (csv.reader + executemany, unindexed): {base['seconds']:7.2f} s   "
          f"peak {base_rss:6.0f} MB")
    print(f"  import, committed and searchable:               {ours['seconds']:7.2f} s   "
          f"ratio {ours['seconds'] / base['seconds']:.2f}x   peak {ours_rss:6.0f} MB")
    print(f"  import incl. WAL checkpoint at close:           {ours['with_close']:7.2f} s   "
          f"ratio {ours['with_close'] / base['seconds']:.2f}x")
    print(f"  rows/s: {args.rows / ours['seconds']:,.0f}; rejected {ours['rejected']}; "
          f"FTS hits for 'robbery': {ours['fts_hits']:,}")
    ratio_ok = ours["seconds"] <= 3 * base["seconds"]
    print(f"  targets: ratio <= 3.0x -> {'OK' if ratio_ok else 'MISSED'}"
          f"; peak memory <= 300 MB -> {'OK' if ours_rss <= 300 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
