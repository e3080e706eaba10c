"""Benchmark: matching a request over a million audit records, and redacting 100,000 of them.

    uv run python bench/match_bench.py [--rows 1000000] [--responsive 100000]

Builds (once, into bench/out/) a database with the demo roster and a year of generated
facial-recognition searches, then, each step in a fresh process so peak memory is its own:

* summary   - the one-time count of each batch's records per hour and searcher identity (done
              by the first match after an import);
* match     - counting a request's records, searchers and months (what the clerk sees before
              committing), three times, and the same count as a plain GROUP BY over the
              records (the baseline it replaces);
* freeze    - committing the responsive set;
* redact    - ``request redact`` end to end on a request of --responsive records.

Prints the figures; the targets are "well under a second" for the match and the peak memory
of the redaction.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"

SETUP = r"""
import sys
from datetime import date
from pathlib import Path
from app.services import imports
from app.services.context import Context
from app.services.database import init_database
from app.services.demo import write_export, write_roster
rows, db_path, out = int(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
ctx = Context(actor="bench", today=date(2026, 11, 26))
export = out / f"fr-{rows}.csv"
if not export.exists():
    write_export(export, rows, start=date(2019, 1, 1), end=date(2019, 12, 31))
with init_database(db_path, ctx) as db:
    imports.import_roster(db, ctx, write_roster(out / "roster.csv"))
    imports.import_audit(db, ctx, imports.plan_import(db, export, system="clearview"))
"""

STEP = r"""
import json, resource, sys, time
from datetime import date
from app.domain.deadlines import Law
from app.domain.requests import Criteria, Intake
from app.services import matching, redaction, requests
from app.services.context import Context
from app.services.database import open_database
step, db_path, responsive = sys.argv[1], sys.argv[2], int(sys.argv[3])
ctx = Context(actor="bench", today=date(2026, 11, 26))
out = {}
with open_database(db_path) as db:
    def new(criteria):
        intake = Intake(law=Law.CPRA, received=date(2026, 11, 16), requester_name="Bench",
                        description="bench", criteria=criteria)
        return requests.create_request(db, ctx, intake).number
    year = Criteria(date(2019, 1, 1), date(2019, 12, 31), ("clearview",))
    if step == "summary":
        start = time.perf_counter()
        matching.match(db, ctx, new(Criteria(date(2019, 1, 1), date(2019, 1, 1))))
        out["seconds"] = time.perf_counter() - start
    elif step == "match":
        number = new(year)
        times = []
        for _ in range(3):
            start = time.perf_counter()
            result = matching.match(db, ctx, number)
            times.append(time.perf_counter() - start)
        out.update(seconds=min(times), runs=times, records=result.records,
                   searchers=result.searchers, months=len(result.by_month))
        start = time.perf_counter()
        db.query("SELECT user_id, user_email, username, user_name, unit, batch_id, "
                 "substr(occurred_at, 1, 13), count(*) FROM audit_records WHERE occurred_at "
                 ">= '2019-01-01 08:00:00' AND occurred_at < '2020-01-01 08:00:00' "
                 "GROUP BY 1, 2, 3, 4, 5, 6, 7")
        out["baseline_group_by"] = time.perf_counter() - start
        keyword = new(Criteria(date(2019, 1, 1), date(2019, 12, 31), ("clearview",),
                               keywords=("carjacking",)))
        start = time.perf_counter()
        result = matching.match(db, ctx, keyword)
        out["keyword_seconds"] = time.perf_counter() - start
        out["keyword_records"] = result.records
    elif step == "freeze":
        number = new(year)
        start = time.perf_counter()
        result = matching.match(db, ctx, number, commit=True)
        out.update(seconds=time.perf_counter() - start, records=result.records)
    elif step == "redact":
        # A request whose set is the first --responsive records of the year.
        first = db.query("SELECT occurred_at FROM audit_records ORDER BY occurred_at "
                         "LIMIT 1 OFFSET ?", (responsive,))[0]["occurred_at"]
        last_day = date.fromisoformat(first[:10])
        number = new(Criteria(date(2019, 1, 1), last_day, ("clearview",)))
        result = matching.match(db, ctx, number, commit=True)
        start = time.perf_counter()
        summary = redaction.redact(db, ctx, number)
        out.update(seconds=time.perf_counter() - start, records=result.records,
                   redactions=summary["redactions"], review_items=summary["review_items"])
out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def run(code: str, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          cwd=ROOT, check=False)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1]) if done.stdout.strip() else {}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--responsive", type=int, default=100_000)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / f"match-{args.rows}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    print(f"building a database of {args.rows:,} records ...", flush=True)
    start = time.perf_counter()
    run(SETUP, str(args.rows), str(db), str(OUT))
    print(f"  built in {time.perf_counter() - start:.1f} s")
    summary = run(STEP, "summary", str(db), "0")
    print(f"summary (once per imported batch): {summary['seconds']:.2f} s")
    match = run(STEP, "match", str(db), "0")
    print(f"match over {match['records']:,} records, {match['searchers']} searchers, "
          f"{match['months']} months: {match['seconds'] * 1000:.0f} ms (best of 3; runs "
          + ", ".join(f"{t * 1000:.0f}" for t in match["runs"]) + " ms)")
    print(f"  baseline GROUP BY over the records: {match['baseline_group_by'] * 1000:.0f} ms "
          f"-> {match['baseline_group_by'] / match['seconds']:.1f}x faster")
    print(f"  with a keyword ({match['keyword_records']:,} records): "
          f"{match['keyword_seconds'] * 1000:.0f} ms")
    print(f"  target: well under a second -> {'OK' if match['seconds'] < 0.5 else 'MISSED'}")
    freeze = run(STEP, "freeze", str(db), "0")
    print(f"freeze {freeze['records']:,} records as a responsive set: {freeze['seconds']:.1f} s, "
          f"peak {freeze['peak_mb']:.0f} MB")
    redact = run(STEP, "redact", str(db), str(args.responsive))
    print(f"request redact on {redact['records']:,} records: {redact['seconds']:.1f} s, "
          f"{redact['redactions']:,} redactions, {redact['review_items']:,} review items, "
          f"peak {redact['peak_mb']:.0f} MB")


if __name__ == "__main__":
    main()
