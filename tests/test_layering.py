"""The layers point one way and the core runs without Qt (style guide §1).

Imports are read from the syntax tree - module-level and inside functions alike - and SQL is
looked for in every string the code builds, however it is split over lines. Each checker is
first shown to catch a planted violation, so a green run means something.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import ROOT

APP = ROOT / "app"
QT_MODULES = ("PySide6", "shiboken6")

# What each package may import from the application. ``app`` itself (the version, the name),
# the one clock and the paths module sit below every layer.
BASE = ("app.clock", "app.paths", "app.logsetup")
ALLOWED = {
    "domain": ("app.domain",),
    "storage": ("app.domain", "app.storage", "app.clock"),
    "importers": ("app.domain", "app.importers", "app.services.jobs"),
    "outputs": ("app.domain", "app.outputs", *BASE),
    "services": ("app.domain", "app.storage", "app.services", "app.importers", "app.outputs",
                 *BASE),
    # The front ends reach the database only through the services.
    "cli": ("app.cli", "app.domain", "app.services", "app.importers", *BASE),
    "ui": ("app.ui", "app.domain", "app.services", "app.importers", *BASE),
}


def _is_app_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imported_modules(source: str) -> set[str]:
    """Every module a source file imports, wherever the import statement stands
    (``from app import clock`` imports app.clock; ``from app import APP_NAME`` imports app)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names
                         if _is_app_module(f"{node.module}.{a.name}"))
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def layer_violations(source: str, allowed: tuple[str, ...]) -> set[str]:
    """Qt anywhere, and application modules outside ``allowed`` (a package or its children)."""
    bad = set()
    for module in imported_modules(source):
        top = module.split(".")[0]
        if top in QT_MODULES:
            bad.add(module)
        elif top == "app" and module != "app" and not any(
                module == a or module.startswith(a + ".") for a in allowed):
            bad.add(module)
    return bad


_SQL = re.compile(r"\bSELECT\b.*\bFROM\b|\bINSERT\s+(OR\s+\w+\s+)?INTO\b|\bUPDATE\s+\w+\s+SET\b"
                  r"|\bDELETE\s+FROM\b|\bCREATE\s+(TABLE|INDEX|TRIGGER|VIRTUAL)\b"
                  r"|\bDROP\s+(TABLE|INDEX|TRIGGER)\b|\bPRAGMA\s+\w+", re.S)


def _string_of(node: ast.AST) -> str | None:
    """The text a string expression builds: literals, f-strings (with their holes blanked)
    and ``+`` of those."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else " ? " for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _string_of(node.left), _string_of(node.right)
        if left is not None or right is not None:
            return (left or " ? ") + (right or " ? ")
    return None


def sql_strings(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        text = _string_of(node)
        if text is not None and _SQL.search(" ".join(text.split())):
            found.append(" ".join(text.split())[:80])
    return found


# --- the checkers catch what they are for ---------------------------------------------------

PLANTED = textwrap.dedent('''
    """A service with the two violations the first layering test missed."""

    def load(db):
        from PySide6.QtWidgets import QMessageBox  # a dialog from a service

        return db.query(
            "SELECT id, number "
            "FROM requests WHERE status = ?", ("new",))

    def later(db, table):
        return db.execute(f"""DELETE
            FROM {table}""")
''')


def test_the_checkers_catch_planted_violations():
    assert layer_violations(PLANTED, ALLOWED["services"]) == {"PySide6.QtWidgets"}
    found = sql_strings(PLANTED)
    assert any(t.startswith("SELECT id, number FROM requests") for t in found)
    assert any(t.startswith("DELETE FROM") for t in found)
    assert layer_violations("def f():\n    from app.storage.requests import get_by_id\n",
                            ALLOWED["ui"]) == {"app.storage.requests"}
    # Prose that merely mentions the words is not SQL.
    assert sql_strings('MSG = "Select a request from the queue, then update its status."') == []


# --- the application ------------------------------------------------------------------------

@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_imports_point_one_way(package):
    offenders = {}
    for path in (APP / package).rglob("*.py"):
        if "forms" in path.relative_to(APP).parts:
            continue  # generated by pyside6-uic
        bad = layer_violations(path.read_text(encoding="utf-8"), ALLOWED[package])
        if package == "ui":
            bad = {m for m in bad if m.split(".")[0] not in QT_MODULES}
        if bad:
            offenders[str(path.relative_to(ROOT))] = sorted(bad)
    assert offenders == {}


def test_only_the_window_imports_qt():
    offenders = {}
    for path in APP.rglob("*.py"):
        if path.relative_to(APP).parts[0] == "ui":
            continue
        qt = {m for m in imported_modules(path.read_text(encoding="utf-8"))
              if m.split(".")[0] in QT_MODULES}
        if qt:
            offenders[str(path.relative_to(ROOT))] = sorted(qt)
    assert offenders == {}


def test_sql_lives_in_storage():
    offenders = {}
    for path in APP.rglob("*.py"):
        if path.relative_to(APP).parts[0] == "storage":
            continue
        found = sql_strings(path.read_text(encoding="utf-8"))
        if found:
            offenders[str(path.relative_to(ROOT))] = found
    assert offenders == {}


def test_no_import_cycles_between_modules():
    """No module imports, directly or through others, a module that imports it - counting the
    imports inside functions, which only hide a cycle until someone moves them."""
    graph: dict[str, set[str]] = {}
    for path in APP.rglob("*.py"):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        graph[name] = {m for m in imported_modules(path.read_text(encoding="utf-8"))
                       if m.startswith("app")}
    modules = set(graph)
    # A module's own parent packages are initialised before it whatever it imports: an edge to
    # them is not a cycle of ours.
    edges = {m: {d for d in deps if d in modules and d != m and not m.startswith(d + ".")}
             for m, deps in graph.items()}
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for dep in edges[node]:
            if state.get(dep) == 1:
                cycles.append([*stack[stack.index(dep):], dep])
            elif dep not in state:
                visit(dep, [*stack, dep])
        state[node] = 2

    for module in sorted(modules):
        if module not in state:
            visit(module, [module])
    assert cycles == []


# --- the core really runs without Qt ----------------------------------------------------------

def _loads_pyside(code: str) -> bool:
    probe = code + "\nimport sys\nprint('PySide6' in sys.modules)\n"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         cwd=ROOT, check=True, timeout=60)
    return out.stdout.strip().splitlines()[-1] == "True"


def test_core_layers_do_not_load_qt():
    modules = sorted(".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
                     for p in APP.rglob("*.py") if p.relative_to(APP).parts[0] != "ui"
                     and p.name != "__main__.py")
    assert not _loads_pyside("\n".join(f"import {m}" for m in modules))


@pytest.mark.parametrize("argv", [["--version"], ["deadline", "--law", "cpra", "--received",
                                                  "2026-11-16", "--json"]])
def test_commands_do_not_load_qt(argv, tmp_path):
    code = (f"from app.main import main\nimport contextlib, io\n"
            f"with contextlib.redirect_stdout(io.StringIO()):\n    rc = main({argv!r})\n"
            "assert rc == 0, rc")
    assert not _loads_pyside(code)


def test_init_command_does_not_load_qt(tmp_path):
    db = tmp_path / "x.sqlite3"
    code = (f"from app.main import main\nrc = main(['--db', {str(db)!r}, 'init'])\n"
            "assert rc == 0, rc")
    assert not _loads_pyside(code)


def test_the_gui_is_what_loads_qt():
    # The probe is meaningful: importing the window does load PySide6.
    assert _loads_pyside("import app.ui.main_window")
