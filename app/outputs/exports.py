"""The redacted records as CSV and XLSX (Gov. Code § 7922.570: electronic records in an
electronic format), with the same markers in the cells as the PDF, row for row.

A cell that a spreadsheet would run as a formula - starting with =, +, -, @, a tab or a
carriage return - is neutralised with a leading apostrophe, in both files.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl.cell.cell import ERROR_CODES

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


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> int:
    export = CsvExport(path, header)
    try:
        for row in rows:
            export.add(row)
    finally:
        export.close()
    return export.rows


def write_xlsx(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]],
               title: str, author: str) -> int:
    export = XlsxExport(path, header, title, author)
    for row in rows:
        export.add(row)
    export.close()
    return export.rows
