"""The redacted records as CSV and XLSX (Gov. Code § 7922.570: electronic records in an
electronic format), with the same markers in the cells as the PDF, row for row.

A cell that a spreadsheet would run as a formula - starting with =, +, -, @, a tab or a
carriage return - is neutralised with a leading apostrophe, in both files.
"""

from __future__ import annotations

import csv
import multiprocessing
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl.cell.cell import ERROR_CODES

from app.domain.errors import EnvironmentProblem

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unneutralise(text: str) -> str:
    """What the cell said before :func:`neutralise` (for comparing the files)."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


class CsvExport:
    """The records as CSV, a row at a time: UTF-8 with a byte-order mark, so Excel opens
    accented names correctly."""

    def __init__(self, path: Path, header: Sequence[str]) -> None:
        self._fh = path.open("w", encoding="utf-8-sig", newline="")
        self._writer = csv.writer(self._fh)
        self._writer.writerow(header)
        self.rows = 0

    def add(self, row: Sequence[str]) -> None:
        self._writer.writerow([neutralise(c) for c in row])
        self.rows += 1

    def close(self) -> None:
        self._fh.close()


class XlsxExport:
    """The records as XLSX, streamed (openpyxl write-only): one visible sheet, every cell
    stored as text, no comments, document properties naming the agency only."""

    def __init__(self, path: Path, header: Sequence[str], title: str, author: str) -> None:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell

        self._path, self._cell = path, WriteOnlyCell
        self._book = Workbook(write_only=True)
        self._sheet = self._book.create_sheet("Records")
        self._sheet.freeze_panes = "A2"
        self._sheet.append(list(header))
        props = self._book.properties
        props.title, props.creator, props.lastModifiedBy = title, author, author
        props.subject = props.description = props.keywords = props.category = None
        self.rows = 0

    def add(self, row: Sequence[str]) -> None:
        # A neutralised text cannot start a formula; only a text that reads as an error code
        # ("#N/A") needs its type set by hand, so most cells go in as plain strings (fast).
        self._sheet.append([self._text_cell(v) if v in ERROR_CODES else neutralise(v)
                            for v in row])
        self.rows += 1

    def _text_cell(self, value: str):
        cell = self._cell(self._sheet, value=value)
        cell.data_type = "s"
        return cell

    def close(self) -> None:
        self._book.save(self._path)


# --- written beside the drawing of the PDF ------------------------------------------------------

# From this many records the exports are written by a second process while the PDF is drawn
# (measured on a 100,000-record packet: a quarter of the time saved on a two-core machine);
# below it, starting a process costs more than it saves.
PROCESS_FROM = 5_000


@dataclass(frozen=True)
class ExportJob:
    """Both exports of one packet, written from the packet's spool file (``packet.Spool``):
    every record's cells exactly as the PDF draws them, markers included."""

    spool: Path
    csv_path: Path
    xlsx_path: Path
    header: tuple[str, ...]
    title: str
    author: str

    def run(self) -> int:
        from app.outputs.packet import read_spool

        csv_export = CsvExport(self.csv_path, self.header)
        xlsx_export = XlsxExport(self.xlsx_path, self.header, self.title, self.author)
        try:
            for record in read_spool(self.spool):
                cells = ["".join(text for text, _ in cell) for cell in record.cells]
                csv_export.add(cells)
                xlsx_export.add(cells)
        finally:
            csv_export.close()
        xlsx_export.close()
        return csv_export.rows


class Exporter:
    """Runs an :class:`ExportJob` in this process (small packets) or in a second one, started
    with ``spawn`` on every system (as Windows must), so that it runs as it will there."""

    def __init__(self, job: ExportJob, records: int) -> None:
        self.job = job
        self._process = None
        self._failure = job.spool.with_suffix(".failed")
        if records < PROCESS_FROM:
            job.run()
            return
        context = multiprocessing.get_context("spawn")
        self._process = context.Process(target=_run_job, args=(job, self._failure),
                                        name="disclosure-desk exports", daemon=True)
        self._process.start()

    def wait(self) -> None:
        """Until the exports are written; raises if they could not be."""
        if self._process is None:
            return
        self._process.join()
        code = self._process.exitcode
        self._process = None
        if code != 0:
            why = (self._failure.read_text(encoding="utf-8").strip()
                   if self._failure.exists() else f"the export process ended with code {code}")
            raise ExportFailed(f"The CSV and XLSX copies of the records could not be written "
                               f"({why}). No production was recorded.",
                               "Check that the packet folder has free space and can be "
                               "written to, then build the packet again.")

    def stop(self) -> None:
        """Stop a second process that is still writing (the packet failed or was cancelled)."""
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
            self._process.join(10)
            if self._process.is_alive():   # not even a terminate ends it: no more writing
                self._process.kill()
                self._process.join()
        self._process = None


class ExportFailed(EnvironmentProblem):
    """The second process could not write the exports; no production was recorded."""


def _run_job(job: ExportJob, failure: Path) -> None:
    # openpyxl streams the sheet through a temporary file that only its exit hook removes; a
    # terminated process runs no hook, so that file goes into the folder the parent removes.
    tempfile.tempdir = str(job.spool.parent)
    try:
        job.run()
    except Exception as exc:  # noqa: BLE001 - told to the parent through the file, exit 1
        failure.write_text(f"{type(exc).__name__}: {exc}", encoding="utf-8")
        raise SystemExit(1) from None
