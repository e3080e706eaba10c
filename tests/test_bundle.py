"""The bundle built from build_installer.spec, run as a clerk and a script would run it.

The build takes about a minute, so it is cached outside the clone (tools/bundle.py:
``~/.cache/disclosure-desk/bundle/<hash of the spec, lock file and sources>``). A module the
analysis misses, a data file, font or letter template left out of the bundle fails here, not on
a clerk's first day.

Deselect for a quick local run with ``uv run pytest -m "not bundle"``; CI runs it.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import time
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from app import __version__
from app.importers import worker
from app.outputs.exports import PROCESS_FROM
from app.services.demo import roster, write_export, write_roster
from tests.conftest import AGENCY, TODAY
from tests.test_startup import png_size
from tools import bundle as bundle_tool
from tools.bundle import CONSOLE, WINDOW

pytestmark = [pytest.mark.bundle, pytest.mark.slow]

SIGNERS = [{"name": "Dolores Ruiz", "title": "Records Supervisor", "role": "records_officer"},
           {"name": "A. Rivera", "title": "Chief of Police", "role": "head"}]


@pytest.fixture(scope="session")
def bundle(request) -> Path:
    """The bundle folder (``Disclosure Desk``), built now or taken from the cache."""
    started = time.perf_counter()
    built = bundle_tool.ensure()
    how = (f"cached (its build took {built.build_seconds:.0f} s)" if built.cached
           else f"built in {built.build_seconds:.0f} s")
    say = request.config.pluginmanager.get_plugin("terminalreporter")
    if say is not None:  # past the output capture: a CI log shows how long the build took
        with request.config.pluginmanager.get_plugin("capturemanager") \
                .global_and_fixture_disabled():
            say.write_line(f"\nbundle: {built.folder} {how}; ready after "
                           f"{time.perf_counter() - started:.1f} s")
    return built.folder


def run(bundle: Path, exe: str, *args: str, user: str = "clerk", env: dict | None = None,
        timeout: float = 120) -> subprocess.CompletedProcess:
    """Run a bundled executable as ``user`` on the tests' date, outside the clone."""
    full_env = {**os.environ, "DISCLOSURE_DESK_TODAY": TODAY.isoformat(),
                "LOGNAME": user, "USER": user, "USERNAME": user, **(env or {})}
    # The bundle must not lean on the clone or the virtual environment.
    full_env.pop("PYTHONPATH", None)
    full_env.pop("VIRTUAL_ENV", None)
    return subprocess.run([str(bundle / exe), *args], capture_output=True, text=True,
                          encoding="utf-8", env=full_env, cwd=bundle.parent, timeout=timeout)


def test_both_executables_report_the_version(bundle):
    out = run(bundle, CONSOLE, "--version")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"disclosure-desk {__version__}"
    # The windowed one runs the same program (on Windows it has no console to print to).
    assert run(bundle, WINDOW, "--version").returncode == 0
    # One folder, shared libraries: the twins sit side by side over one _internal.
    assert sorted(p.name for p in bundle.iterdir()) == sorted([WINDOW, CONSOLE, "_internal"])


def test_a_whole_job_headless_with_the_console_twin(bundle, tmp_path):
    db = str(tmp_path / "desk.sqlite3")

    def desk(*args: str, user: str = "clerk") -> subprocess.CompletedProcess:
        out = run(bundle, CONSOLE, "--db", db, *args, user=user)
        assert out.returncode == 0, f"{args}: {out.stdout}\n{out.stderr}"
        return out

    desk("init")
    assert json.loads(desk("import-roster", str(write_roster(tmp_path / "roster.csv")),
                           "--json").stdout)["rows"] == len(roster())
    # As many records as make the packet write its exports in a second process (the bundle's
    # own executable, started again: multiprocessing's freeze_support must catch it).
    searches = PROCESS_FROM
    imported = json.loads(desk("import-audit", str(write_export(tmp_path / "q4.csv", searches)),
                               "--system", "clearview", "--json").stdout)
    assert imported["rows"] == searches
    desk("settings", "set", "signers", json.dumps(SIGNERS))
    for key, value in AGENCY.items():
        desk("settings", "set", key, value)
    number = json.loads(desk("request", "new", "--law", "cpra", "--received", "2026-11-16",
                             "--requester", "R", "--description", "Clearview logs",
                             "--json").stdout)["number"]
    assert json.loads(desk("request", "match", number, "--json").stdout)["records"] == searches
    assert json.loads(desk("request", "redact", number, "--json").stdout)["redactions"] > 0
    for status in ("acknowledged", "searching", "in_review"):
        desk("request", "transition", number, status)
    desk("profile", "confirm", "CPRA default", "--by", "A. Counsel")
    # Output and exit codes, as a script or Task Scheduler sees them: the preparer cannot
    # approve their own work.
    refused = run(bundle, CONSOLE, "--db", db, "request", "approve", number, "--reviewer",
                  "Me Myself", user="clerk")
    assert refused.returncode == 2 and "other than the preparer" in refused.stderr
    desk("request", "approve", number, "--reviewer", "Sgt. Review", user="sgtreview")
    files = [Path(f) for f in json.loads(desk(
        "packet", number, "--out", str(tmp_path / "out"), "--responsible", "Dolores Ruiz",
        "--available-time", "10:00", "--json").stdout)["files"]]
    assert {f.suffix for f in files} == {".pdf", ".csv", ".xlsx", ".docx", ".json"}
    [csv_file] = [f for f in files if f.suffix == ".csv"]
    with csv_file.open(encoding="utf-8-sig", newline="") as fh:
        assert sum(1 for _ in csv.reader(fh)) == searches + 1
    assert json.loads(desk("release", number, "--json").stdout)["released"] is True

    # The packet read back: Bates number and page count on every page, an embedded font
    # (resources/fonts), no roster identifier anywhere.
    [pdf] = [f for f in files if f.name.endswith("-packet.pdf")]
    reader = PdfReader(pdf)
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) >= 2
    for n, text in enumerate(pages, 1):
        assert f"RPD-{n:06d}" in text and f"Page {n} of {len(pages)}" in text
    everything = "\n".join(pages)
    assert number in everything and "Exemption log" in everything
    # (The signer, on the roster too, signs the cover: staff acting on the request are named.)
    staff = {s["name"] for s in SIGNERS}
    for person in roster():
        for identifier in (person.email, person.username, person.employee_id,
                           f"{person.first_name} {person.last_name}"):
            if identifier not in staff:
                assert identifier not in everything, identifier
    fonts = [f.get_object() for f in reader.pages[0]["/Resources"]["/Font"].values()]
    assert fonts and all("DejaVuSansCondensed" in str(f["/BaseFont"]) for f in fonts)
    assert all("/FontFile2" in f["/FontDescriptor"].get_object() for f in fonts)
    # The letter came from a bundled Word template (resources/letters).
    [letter] = [f for f in files if f.suffix == ".docx"]
    document = Document(str(letter))
    text = "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for r in t.rows for c in r.cells]
                     ).replace("\u00a0", " ")
    assert "Persons responsible for this denial" in text and "Dolores Ruiz" in text


def test_a_large_import_is_read_by_a_second_bundled_process(bundle, tmp_path,
                                                             isolated_locations):
    """From worker.PROCESS_FROM rows the file is read by the bundle's own executable, started
    again (multiprocessing's freeze_support must catch it), beside the insert."""
    db = str(tmp_path / "desk.sqlite3")
    assert run(bundle, CONSOLE, "--db", db, "init").returncode == 0
    rows = worker.PROCESS_FROM + 10_000
    out = run(bundle, CONSOLE, "--db", db, "import-audit",
              str(write_export(tmp_path / "large.csv", rows)), "--system", "clearview", "--json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert (result["rows"], result["rejected"]) == (rows, 0)
    listed = json.loads(run(bundle, CONSOLE, "--db", db, "batch", "list", "--json").stdout)
    assert [b["rows_imported"] for b in listed["batches"]] == [rows]
    log = (isolated_locations / "log" / "disclosure-desk.log").read_text(encoding="utf-8")
    assert "reading large.csv in a second process" in log


def test_the_window_offscreen_paints_and_takes_a_screenshot(bundle, tmp_path):
    shot = tmp_path / "shot.png"
    painted = tmp_path / "first-paint.txt"
    started = time.time()
    out = run(bundle, WINDOW, "--demo", "--screenshot", str(shot),
              env={"QT_QPA_PLATFORM": "offscreen",
                   "DISCLOSURE_DESK_FIRST_PAINT_FILE": str(painted)})
    assert out.returncode == 0, out.stderr
    width, height = png_size(shot)
    assert width >= 1000 and height >= 600
    assert shot.stat().st_size > 50_000  # the demo's requests drawn, not an empty frame
    assert started < float(painted.read_text(encoding="utf-8")) < time.time()
    assert "Traceback" not in out.stderr and "Cannot load library" not in out.stderr


def test_unused_qt_is_left_out(bundle):
    internal = bundle / "_internal"
    names = {p.relative_to(internal).as_posix() for p in internal.rglob("*") if p.is_file()}
    for unwanted in ("Qt6Qml", "Qt6Quick", "Qt6WebEngine", "Qt63D", "Qt6Multimedia",
                     "VirtualKeyboard", "/translations/", "opengl32sw"):
        assert not [n for n in names if unwanted in n], unwanted
    modules = {Path(n).name.split(".")[0] for n in names if n.startswith("PySide6/Qt")
               and "/" not in n.removeprefix("PySide6/")}
    assert {"QtCore", "QtGui", "QtWidgets"} <= modules
