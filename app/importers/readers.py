"""Reading vendor exports: CSV (any common encoding and delimiter), XLSX and JSON.

Every reader yields ``(line_number, cells)`` with cells as the text the file holds, so the
original row can be kept verbatim and rejects can point at the line a clerk sees in Excel or a
text editor. Problems with the file as a whole raise :class:`InputError` before anything is
written.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from app.domain.errors import InputError
from app.importers.fields import SYNONYMS, normalise_header

SAMPLE_BYTES = 256 * 1024
# A cell larger than this is not an audit-log value: the file is damaged or of another kind.
FIELD_LIMIT = 1024 * 1024
DELIMITERS = (",", ";", "\t", "|")
HEADER_SEARCH_ROWS = 15


@dataclass
class TableFile:
    path: Path
    format: str                    # csv, xlsx, json, ndjson
    encoding: str
    sha256: str
    size: int
    header: list[str]
    header_line: int
    delimiter: str = ","
    notes: list[str] = field(default_factory=list)
    # False when the file cannot contain the separators of the original-row encoding.
    may_hold_separators: bool = True
    _raw: object = field(default=None, repr=False, compare=False)
    # JSON records, parsed once when the file is opened (the header needs all of them).
    _records: list | None = field(default=None, repr=False, compare=False)

    def bytes_done(self) -> int:
        """How far the current pass over a CSV file has read (for progress bars)."""
        raw = self._raw
        try:
            return raw.tell() if raw is not None and not raw.closed else 0
        except (OSError, ValueError):
            return 0

    def rows(self, every: int = 0, tick: Callable[[int], None] | None = None
             ) -> Iterator[tuple[int, list[str]]]:
        """``(line, cells)`` for every non-blank row after the header; ``tick(rows_read)`` is
        called every ``every`` rows (progress and cancel)."""
        reader = (_csv_rows if self.format == "csv" else
                  _xlsx_rows if self.format == "xlsx" else _json_rows)
        return reader(self, every if tick else 0, tick)


def _scan(path: Path) -> tuple[str, bool, bool]:
    """One pass over the bytes: the SHA-256, whether it is valid UTF-8, and whether it holds the
    ASCII separator characters the original-row encoding uses (almost never)."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    utf8 = True
    separators = False
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
            separators = separators or b"\x1d" in chunk or b"\x1e" in chunk \
                or b"\x1f" in chunk
            if utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = False
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    return digest.hexdigest(), utf8, separators


def sha256_of(path: Path) -> str:
    return _scan(path)[0]


def _text_encoding(sample: bytes, utf8_ok: bool, path: Path) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in sample:
        # UTF-16 without a byte-order mark: every other byte of ASCII text is NUL.
        even, odd = sample[0::2], sample[1::2]
        if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.1 * len(even):
            return "utf-16-le"
        if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.1 * len(odd):
            return "utf-16-be"
        raise InputError(
            f"{path.name} is a binary file, not a CSV, XLSX or JSON export.",
            "Export the audit log from the vendor's portal as CSV or Excel and import that.")
    if utf8_ok:
        return "utf-8"
    from charset_normalizer import from_bytes  # only for files that are not UTF-8

    best = from_bytes(sample).best()
    if best is None:
        raise InputError(f"{path.name} is not readable text in any common encoding.",
                         "Open it in Excel and save it as 'CSV UTF-8', then import that.")
    encoding = best.encoding
    # Windows exports are cp1252; detectors sometimes call plain Latin text by a cousin's name.
    if encoding in ("latin_1", "iso8859_1", "iso8859_15", "cp1250", "cp1252"):
        encoding = "cp1252"
    return encoding


def open_table(path: Path | str) -> TableFile:
    path = Path(path)
    if not path.exists():
        raise InputError(f"There is no file at {path}.")
    if path.is_dir():
        raise InputError(f"{path} is a folder; choose the export file inside it.")
    size = path.stat().st_size
    if size == 0:
        raise InputError(f"{path.name} is empty (0 bytes).",
                         "Export the audit log again; the download may have failed.")
    with path.open("rb") as fh:
        sample = fh.read(SAMPLE_BYTES)
    sha, utf8_ok, separators = _scan(path)
    if sample.startswith(b"PK\x03\x04"):
        return _open_xlsx(path, sha, size)
    if sample.startswith((b"%PDF", b"\xd0\xcf\x11\xe0")):
        kind = "a PDF" if sample.startswith(b"%PDF") else "an old-style Excel (.xls) file"
        raise InputError(f"{path.name} is {kind}, which cannot be imported.",
                         "Ask the vendor for a CSV or XLSX export, or save the file as .xlsx "
                         "from Excel.")
    encoding = _text_encoding(sample, utf8_ok, path)
    text_sample = sample.decode(encoding, errors="ignore").lstrip("\ufeff")
    stripped = text_sample.lstrip()
    if stripped.startswith(("[", "{")):
        table = _open_json(path, sha, size, encoding)
    else:
        table = _open_csv(path, sha, size, encoding, text_sample)
    # Only single-byte encodings can be trusted to hold no separator when the bytes hold none.
    table.may_hold_separators = separators or encoding.startswith("utf-16")
    return table


# --- CSV --------------------------------------------------------------------------------------

def _score_header(cells: list[str]) -> int:
    return sum(1 for c in cells if normalise_header(c) in SYNONYMS)


def _pick_delimiter(lines: list[str]) -> str:
    best, best_score = ",", -1.0
    for delimiter in DELIMITERS:
        counts = [len(row) for row in csv.reader(lines, delimiter=delimiter) if row]
        if not counts or max(counts) < 2:
            continue
        common = max(set(counts), key=counts.count)
        score = counts.count(common) / len(counts) * min(common, 40)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _open_csv(path: Path, sha: str, size: int, encoding: str, sample: str) -> TableFile:
    lines = sample.splitlines()[:200]
    if len(sample) >= SAMPLE_BYTES - 4 and lines:
        lines = lines[:-1]  # the last sampled line may be cut short
    delimiter = _pick_delimiter(lines)
    try:
        rows = [r for r in csv.reader(lines, delimiter=delimiter)][:HEADER_SEARCH_ROWS * 2]
    except csv.Error as exc:
        raise InputError(f"{path.name} cannot be read as CSV: {exc}.") from None
    candidates = [(i, r) for i, r in enumerate(rows) if any(c.strip() for c in r)]
    if not candidates:
        raise InputError(f"{path.name} has no rows, only blank lines.",
                         "Export the audit log again; the file holds no data.")
    header_index, header = candidates[0]
    best = _score_header(header)
    for i, row in candidates[1:HEADER_SEARCH_ROWS]:
        score = _score_header(row)
        if score > best:
            header_index, header, best = i, row, score
    table = TableFile(path, "csv", encoding, sha, size, _clean_header(header), header_index + 1,
                      delimiter)
    if header_index:
        table.notes.append(f"The column names are on line {header_index + 1}; the "
                           f"{header_index} line(s) above them were skipped.")
    return table


def _csv_rows(table: TableFile, every: int = 0, tick=None) -> Iterator[tuple[int, list[str]]]:
    csv.field_size_limit(FIELD_LIMIT)
    with table.path.open("rb") as raw, \
            io.TextIOWrapper(raw, encoding=table.encoding, newline="") as fh:
        table._raw = raw
        reader = csv.reader(fh, delimiter=table.delimiter)
        try:
            last = 0
            while last < table.header_line:   # the preamble and the header itself
                if next(reader, None) is None:
                    return
                last = reader.line_num
            count = 0
            for cells in reader:
                start, last = last + 1, reader.line_num
                if cells and (cells[0] or any(cells)):
                    count += 1
                    if count == every:
                        tick(every)
                        count = 0
                    yield start, cells
        except csv.Error as exc:
            line = reader.line_num
            if "field larger than field limit" in str(exc):
                raise InputError(
                    f"Line {line} of {table.path.name} holds a cell of more than "
                    f"{FIELD_LIMIT // (1024 * 1024)} MB. That is not an audit-log value: the "
                    "file is damaged or is not an audit export. Nothing was imported.",
                    "Export the audit log again from the vendor's portal.") from None
            raise InputError(f"Line {line} of {table.path.name} is not valid CSV ({exc}). "
                             "Nothing was imported.",
                             "Open the file in Excel, save it as CSV and import again.") from None
        except UnicodeDecodeError as exc:
            raise InputError(f"{table.path.name} mixes text encodings (a byte at position "
                             f"{exc.start} is not {table.encoding}). Nothing was imported.",
                             "Open it in Excel and save it as 'CSV UTF-8'.") from None


def _clean_header(cells: list) -> list[str]:
    cells = list(cells)
    # Trailing unnamed columns (a trailing comma on every line) carry nothing.
    while len(cells) > 1 and not str(cells[-1] if cells[-1] is not None else "").strip():
        cells.pop()
    header, seen = [], {}
    for i, cell in enumerate(cells):
        name = (str(cell).strip().lstrip("\ufeff") if cell is not None else "") or \
            f"Column {i + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
        header.append(name)
    return header


# --- XLSX -------------------------------------------------------------------------------------

def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _workbook(path: Path):
    from openpyxl import load_workbook  # only for XLSX files

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(f"{path.name} is a ZIP file but not an Excel workbook ({exc}).",
                         "Import the .xlsx or .csv export itself.") from None


def _open_xlsx(path: Path, sha: str, size: int) -> TableFile:
    workbook = _workbook(path)
    try:
        sheet = workbook.worksheets[0]
        head = []
        for i, row in enumerate(sheet.iter_rows(values_only=True)):
            head.append([_cell_text(v) for v in row])
            if i >= HEADER_SEARCH_ROWS:
                break
    finally:
        workbook.close()
    candidates = [(i, r) for i, r in enumerate(head) if any(c.strip() for c in r)]
    if not candidates:
        raise InputError(f"The first sheet of {path.name} is empty.")
    header_index, header = max(candidates, key=lambda ir: (_score_header(ir[1]), -ir[0]))
    if _score_header(header) == 0:
        header_index, header = candidates[0]
    table = TableFile(path, "xlsx", "xlsx", sha, size, _clean_header(header), header_index + 1)
    if len(workbook.worksheets) > 1:
        table.notes.append(f"Only the first sheet ('{sheet.title}') is imported.")
    return table


def _xlsx_rows(table: TableFile, every: int = 0, tick=None) -> Iterator[tuple[int, list[str]]]:
    workbook = _workbook(table.path)
    try:
        sheet = workbook.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), 1):
            if number <= table.header_line:
                continue
            cells = [_cell_text(v) for v in row]
            if any(c.strip() for c in cells):
                if every and number % every == 0:
                    tick(every)
                yield number, cells
    finally:
        workbook.close()


# --- JSON -------------------------------------------------------------------------------------

_LIST_KEYS = ("records", "results", "data", "searches", "items", "rows", "entries", "logs",
              "audit", "events")


def _load_json(path: Path, encoding: str) -> tuple[str, list]:
    with path.open("r", encoding=encoding) as fh:
        text = fh.read()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        lines = [ln for ln in text.splitlines() if ln.strip()]
        try:  # JSON Lines: one object per line
            return "ndjson", [json.loads(ln) for ln in lines]
        except json.JSONDecodeError:
            raise InputError(f"{path.name} is not valid JSON (line {exc.lineno}, column "
                             f"{exc.colno}: {exc.msg}). Nothing was imported.") from None
    if isinstance(data, dict):
        for key in _LIST_KEYS:
            if isinstance(data.get(key), list):
                return "json", data[key]
        lists = [v for v in data.values() if isinstance(v, list)]
        if len(lists) == 1:
            return "json", lists[0]
        raise InputError(f"{path.name} holds a JSON object without one list of records.",
                         "Export the audit log as a list of records, or as CSV.")
    if isinstance(data, list):
        return "json", data
    raise InputError(f"{path.name} holds a single JSON value, not records.")


def _open_json(path: Path, sha: str, size: int, encoding: str) -> TableFile:
    kind, records = _load_json(path, encoding)
    if not records:
        raise InputError(f"{path.name} holds no records.")
    if not all(isinstance(r, dict) for r in records):
        raise InputError(f"{path.name} holds a list whose items are not records (objects).")
    header: dict[str, None] = {}
    for record in records:
        for key in record:
            header.setdefault(str(key), None)
    table = TableFile(path, kind, encoding, sha, size, list(header), 0)
    table._records = records
    return table


def _json_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _json_rows(table: TableFile, every: int = 0, tick=None) -> Iterator[tuple[int, list[str]]]:
    records = table._records if table._records is not None else \
        _load_json(table.path, table.encoding)[1]
    for number, record in enumerate(records, 1):
        if every and number % every == 0:
            tick(every)
        yield number, [_json_cell(record.get(name)) for name in table.header]


def read_sample(table: TableFile, count: int = 20) -> list[tuple[int, list[str]]]:
    out = []
    for item in table.rows():
        out.append(item)
        if len(out) >= count:
            break
    return out
