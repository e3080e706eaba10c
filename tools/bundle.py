"""The PyInstaller bundle of build_installer.spec, built once per state of its sources.

    uv run python tools/bundle.py            prints the bundle folder (building it if needed)

The bundle lives outside the clone, in ``~/.cache/disclosure-desk/bundle/<hash>`` (the
``DISCLOSURE_DESK_BUNDLE_CACHE`` variable moves it), keyed by a hash of everything that goes
into it: the spec, the lock file, pyproject.toml, app/ and resources/, and the Python that
builds it. A change to any of them builds afresh and drops the older bundle. Used by
tests/test_bundle.py and bench/bundle_startup.py.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import platformdirs

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "build_installer.spec"
INPUTS = [SPEC, ROOT / "uv.lock", ROOT / "pyproject.toml", ROOT / "app", ROOT / "resources"]
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""
WINDOW = "Disclosure Desk" + EXE_SUFFIX
CONSOLE = "disclosure-desk" + EXE_SUFFIX
BUILD_TIMEOUT_S = 1800  # a cold build takes about a minute here; CI's machine may be slower


@dataclass(frozen=True)
class Bundle:
    folder: Path          # ".../dist/Disclosure Desk", holding both executables
    build_seconds: float  # how long its build took
    cached: bool          # taken from the cache rather than built now

    @property
    def window(self) -> Path:
        return self.folder / WINDOW

    @property
    def console(self) -> Path:
        return self.folder / CONSOLE


def inputs_hash() -> str:
    """Everything the bundle is built from, and the interpreter that builds it."""
    digest = hashlib.sha256(f"{sys.version} {sys.platform}".encode())
    for item in INPUTS:
        files = [item] if item.is_file() else sorted(
            p for p in item.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")
        for path in files:
            digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def cache_root() -> Path:
    return Path(os.environ.get("DISCLOSURE_DESK_BUNDLE_CACHE")
                or Path(platformdirs.user_cache_dir("disclosure-desk", appauthor=False))
                / "bundle")


def build(target: Path) -> float:
    """Build the spec into ``target``: PyInstaller's work and dist folders both outside the
    clone, in a partial folder renamed into place once complete."""
    partial = target.with_name(f"{target.name}.partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm", "--log-level", "WARN",
         "--workpath", str(partial / "work"), "--distpath", str(partial / "dist")],
        cwd=partial, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S)
    seconds = time.perf_counter() - started
    if out.returncode != 0:
        shutil.rmtree(partial, ignore_errors=True)
        raise RuntimeError(f"PyInstaller failed ({out.returncode}):\n{out.stderr[-6000:]}")
    shutil.rmtree(partial / "work", ignore_errors=True)  # intermediate files, about 60 MB
    (partial / "build.json").write_text(json.dumps({"seconds": round(seconds, 1)}),
                                        encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    return seconds


def ensure() -> Bundle:
    """The bundle of the sources as they are, from the cache or built now."""
    root = cache_root()
    target = root / inputs_hash()
    folder = target / "dist" / "Disclosure Desk"
    if (target / "build.json").exists() and (folder / CONSOLE).exists():
        seconds = json.loads((target / "build.json").read_text(encoding="utf-8"))["seconds"]
        return Bundle(folder, seconds, cached=True)
    seconds = build(target)
    for old in root.iterdir():  # one bundle is enough: drop those of older sources
        if old != target and old.is_dir() and ".partial-" not in old.name:
            shutil.rmtree(old, ignore_errors=True)
    return Bundle(folder, seconds, cached=False)


if __name__ == "__main__":
    bundle = ensure()
    how = "cached" if bundle.cached else "built"
    print(f"{bundle.folder}  ({how}; build took {bundle.build_seconds:.0f} s)")
