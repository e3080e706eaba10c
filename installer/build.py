"""Compile the Windows installer from the built bundle, with the version of app/__init__.py.

    uv run pyinstaller build_installer.spec --noconfirm
    uv run python installer/build.py [--iscc PATH] [--dry-run]

Runs Inno Setup's compiler (ISCC.exe) on installer/disclosure-desk.iss with
``/DAppVersion=<app.__version__>``; the setup program lands in dist/ as
``DisclosureDesk-<version>-setup.exe``. The version is read from the file, as the spec reads it,
so that nothing of the application is imported to build it.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "installer" / "disclosure-desk.iss"
BUNDLE = ROOT / "dist" / "Disclosure Desk"


def app_version() -> str:
    text = (ROOT / "app" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'__version__ = "([^"]+)"', text).group(1)


def find_iscc() -> str | None:
    """ISCC.exe on PATH, or where Inno Setup 6 installs itself (per user or for all users)."""
    found = shutil.which("iscc")
    if found:
        return found
    folders = [Path(os.environ[v]) / sub for v, sub in (("LOCALAPPDATA", "Programs"),
                                                         ("ProgramFiles(x86)", ""),
                                                         ("ProgramFiles", ""))
               if os.environ.get(v)]
    for folder in folders:
        candidate = folder / "Inno Setup 6" / "ISCC.exe"
        if candidate.exists():
            return str(candidate)
    return None


def command(iscc: str) -> list[str]:
    return [iscc, f"/DAppVersion={app_version()}", str(SCRIPT)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iscc", help="path of ISCC.exe (default: PATH, then the usual "
                                       "Inno Setup 6 folders)")
    parser.add_argument("--dry-run", action="store_true", help="print the command only")
    args = parser.parse_args(argv)
    iscc = args.iscc or find_iscc() or "ISCC.exe"
    cmd = command(iscc)
    print(" ".join(f'"{c}"' if " " in c else c for c in cmd))
    if args.dry_run:
        return 0
    if not (BUNDLE / "Disclosure Desk.exe").exists():
        print(f"error: no bundle in {BUNDLE}; first run "
              "uv run pyinstaller build_installer.spec --noconfirm", file=sys.stderr)
        return 2
    if not Path(iscc).exists() and not shutil.which(iscc):
        print("error: Inno Setup 6 not found; install it (https://jrsoftware.org/isinfo.php) "
              "or name ISCC.exe with --iscc", file=sys.stderr)
        return 2
    return subprocess.run(cmd, check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main())
