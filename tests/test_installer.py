"""The Windows installer script and the spec, read as text (Inno Setup does not run here)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from app import __version__
from installer import build as installer_build

ROOT = Path(__file__).resolve().parents[1]
ISS = (ROOT / "installer" / "disclosure-desk.iss").read_text(encoding="utf-8")
SPEC = (ROOT / "build_installer.spec").read_text(encoding="utf-8")
SECTIONS = dict(re.findall(r"^\[(\w+)\]\n(.*?)(?=^\[\w+\]\n|\Z)", ISS, re.M | re.S))


def directives(section: str) -> dict[str, str]:
    return dict(re.findall(r"^(\w+)=(.*)$", SECTIONS[section], re.M))


def test_the_version_comes_from_app_init():
    assert installer_build.app_version() == __version__
    assert installer_build.command("ISCC.exe")[1] == f"/DAppVersion={__version__}"
    setup = directives("Setup")
    assert setup["AppVersion"] == "{#AppVersion}"
    # Compiled by hand, the fallback is the version resource the spec writes from __version__.
    assert re.search(r'#ifndef AppVersion\n(?:\s*#(?!define).*\n)*\s*#define AppVersion '
                     r'GetStringFileInfo\(BundleDir \+ "\\" \+ WindowExe, "ProductVersion"\)\n'
                     r'#endif', ISS)
    assert 'StringStruct("ProductVersion", VERSION)' in SPEC


def test_one_appid_for_ever_and_upgrade_in_place():
    setup = directives("Setup")
    assert setup["AppId"] == "{{6F1D3C1A-8C7E-4C41-9F3B-5D2A8E0B7C11}"
    assert setup["UsePreviousAppDir"] == "yes"
    # An upgrade clears the old libraries, inside the program folder only.
    assert re.findall(r'Name: "([^"]+)"', SECTIONS["InstallDelete"]) == [r"{app}\_internal"]


def test_per_user_by_default_all_users_on_request():
    setup = directives("Setup")
    assert setup["PrivilegesRequired"] == "lowest"
    assert setup["PrivilegesRequiredOverridesAllowed"] == "dialog commandline"
    assert setup["DefaultDirName"].startswith("{autopf}")
    # The Start-menu shortcut, in the folder the earlier script used (an upgrade replaces it).
    assert setup["DefaultGroupName"] == "{#AppName}" and '#define AppName "Disclosure Desk"' in ISS
    assert re.search(r'^Name: "\{group\}\\\{#AppName\}"; Filename: "\{app\}\\'
                     r'\{#WindowExe\}"', SECTIONS["Icons"], re.M)


def test_both_executables_are_installed():
    files = SECTIONS["Files"]
    assert r'"{#BundleDir}\{#WindowExe}"' in files and r'"{#BundleDir}\{#ConsoleExe}"' in files
    assert '#define ConsoleExe "disclosure-desk.exe"' in ISS
    assert '#define WindowExe "Disclosure Desk.exe"' in ISS
    assert 'CONSOLE_NAME = "disclosure-desk"' in SPEC and 'WINDOW_NAME = "Disclosure Desk"' in SPEC


def test_add_to_path_is_an_optional_task_undone_at_uninstall():
    assert re.search(r'^Name: "addtopath";.*Flags: unchecked', SECTIONS["Tasks"], re.M)
    code = SECTIONS["Code"]
    assert "WizardIsTaskSelected('addtopath')" in code
    assert re.search(r"usUninstall then\s+RemoveFromPath", code)
    # Per user: the user's own PATH; the machine's only in an all-users (administrator) install.
    assert re.search(r"if IsAdminInstallMode then\s+begin\s+Root := HKEY_LOCAL_MACHINE", code)
    assert "HKEY_CURRENT_USER" in code and directives("Setup")["ChangesEnvironment"] == "yes"


def test_the_uninstaller_keeps_the_data_and_says_where():
    assert "UninstallDelete" not in SECTIONS
    assert not re.search(r"DelTree|DeleteFile|RemoveDir", ISS, re.I)
    from app.paths import APP_DIR_NAME, ENV_DIRS

    assert rf"{{localappdata}}\{APP_DIR_NAME}" in SECTIONS["Code"]
    assert ENV_DIRS["data"] in SECTIONS["Code"]
    assert "were kept in" in SECTIONS["Code"]


def test_the_spec_excludes_no_qt_module_the_app_imports():
    used = set()
    for path in (ROOT / "app").rglob("*.py"):
        used |= set(re.findall(r"PySide6\.(Qt\w+)", path.read_text(encoding="utf-8")))
    tree = ast.parse(SPEC)
    [unused] = [ast.literal_eval(n.value) for n in tree.body if isinstance(n, ast.Assign)
                and getattr(n.targets[0], "id", "") == "QT_UNUSED"]
    assert used and not used & set(unused)
    assert not {"QtPdf", "QtPdfWidgets", "QtPrintSupport", "QtSvg"} & set(unused)
