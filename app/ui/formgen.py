"""Compile the Designer forms in ``forms/`` into ``app/ui/forms/ui_*.py`` with pyside6-uic.

Run ``uv run python -m app.ui.formgen`` after editing a form; a test fails when a generated file
is out of date.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import PySide6

ROOT = Path(__file__).resolve().parents[2]
FORMS_DIR = ROOT / "forms"
OUT_DIR = Path(__file__).resolve().parent / "forms"
HEADER = ("# GENERATED FILE - do not edit. Source: forms/{name}\n"
          "# Regenerate with: uv run python -m app.ui.formgen\n")


def uic_executable() -> Path:
    base = Path(PySide6.__file__).resolve().parent
    if sys.platform == "win32":
        return base / "uic.exe"
    return base / "Qt" / "libexec" / "uic"


def compile_form(ui_file: Path) -> str:
    result = subprocess.run([str(uic_executable()), "-g", "python", str(ui_file)],
                            capture_output=True, text=True, check=True, encoding="utf-8")
    return HEADER.format(name=ui_file.name) + result.stdout.replace("\r\n", "\n")


# uic stamps its own version into the file; a PySide6 patch release changes only that line.
_UIC_VERSION = re.compile(r"^## Created by: Qt User Interface Compiler version .*$", re.M)


def comparable(generated: str) -> str:
    """Generated code without uic's version stamp, for checking a form is up to date."""
    return _UIC_VERSION.sub("## Created by: Qt User Interface Compiler", generated)


def output_path(ui_file: Path) -> Path:
    return OUT_DIR / f"ui_{ui_file.stem}.py"


def main() -> int:
    for ui_file in sorted(FORMS_DIR.glob("*.ui")):
        target = output_path(ui_file)
        target.write_text(compile_form(ui_file), encoding="utf-8", newline="\n")
        print(f"{ui_file.relative_to(ROOT)} -> {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
