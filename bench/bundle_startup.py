"""Start-up of the bundle: the window's time to first paint, the console twin's ``--version``.

    uv run python bench/bundle_startup.py [--bundle "dist/Disclosure Desk"] [--runs 7]
                                          [--source]

Without ``--bundle`` it uses (or builds) the cached bundle of tools/bundle.py. Each figure is
the median of ``--runs`` runs, wall time measured from just before the process is started:

* console twin: ``disclosure-desk --version`` until the process has exited;
* window: ``Disclosure Desk --db D --screenshot`` until the window's first paint event, which
  the window writes to ``DISCLOSURE_DESK_FIRST_PAINT_FILE`` (app/ui/application.py), once on
  an empty database (a clerk's first start) and once on the demo database (``--demo``, which
  creates and fills a fresh database before the window opens).

Where there is no display (Linux without X or Wayland) the window runs on Qt's offscreen
platform, so the figure leaves out a real screen's compositing. ``--source`` adds the same
figures for ``python -m app`` from the checkout, for comparison. Every folder the desk uses is
redirected to a temporary one: the bench never touches a real user's files.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.paths import ENV_DIRS  # noqa: E402
from tools import bundle as bundle_tool  # noqa: E402


def environment(folder: Path) -> dict[str, str]:
    env = {**os.environ, **{var: str(folder / kind) for kind, var in ENV_DIRS.items()}}
    env.pop("DISCLOSURE_DESK_DB", None)
    if sys.platform.startswith("linux") and not (env.get("DISPLAY")
                                                 or env.get("WAYLAND_DISPLAY")):
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def version_time(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    out = subprocess.run([*command, "--version"], capture_output=True, text=True, env=env,
                         timeout=60)
    seconds = time.perf_counter() - started
    if out.returncode != 0:
        raise SystemExit(f"--version failed: {out.stderr}")
    return seconds


def first_paint_time(command: list[str], args: list[str], env: dict[str, str],
                     folder: Path) -> float:
    painted = folder / "first-paint.txt"
    painted.unlink(missing_ok=True)
    env = {**env, "DISCLOSURE_DESK_FIRST_PAINT_FILE": str(painted)}
    started = time.time()
    out = subprocess.run([*command, *args, "--screenshot", str(folder / "shot.png")],
                         capture_output=True, text=True, env=env, timeout=120)
    if out.returncode != 0 or not painted.exists():
        raise SystemExit(f"the window did not paint: {out.stderr}")
    return float(painted.read_text(encoding="utf-8")) - started


def measure(name: str, window: list[str], console: list[str], runs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="desk-startup-") as tmp:
        folder = Path(tmp)
        env = environment(folder)
        db = folder / "empty.sqlite3"
        subprocess.run([*console, "--db", str(db), "init"], env=env, check=True,
                       capture_output=True, timeout=60)
        version_time(console, env)  # the first run fills the operating system's file cache
        versions = [version_time(console, env) for _ in range(runs)]
        empty = [first_paint_time(window, ["--db", str(db)], env, folder) for _ in range(runs)]
        demo = [first_paint_time(window, ["--demo"], env, folder) for _ in range(runs)]
    print(f"{name}:")
    for label, values in (("console --version", versions),
                          ("window first paint, empty database", empty),
                          ("window first paint, --demo", demo)):
        print(f"  {label:38} median {statistics.median(values) * 1000:6.0f} ms "
              f"(min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f}, n={len(values)})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path,
                        help="the bundle folder (default: the cached build of tools/bundle.py)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--source", action="store_true",
                        help="also time python -m app from the checkout")
    args = parser.parse_args()
    if args.bundle:
        folder = args.bundle
    else:
        built = bundle_tool.ensure()
        folder = built.folder
        print(f"bundle {folder} ({'cached' if built.cached else 'built'}, "
              f"build {built.build_seconds:.0f} s)")
    measure("bundle", [str(folder / bundle_tool.WINDOW)], [str(folder / bundle_tool.CONSOLE)],
            args.runs)
    if args.source:
        source = [sys.executable, "-m", "app"]
        measure("source (python -m app)", source, source, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
