"""Reading vendor exports: CSV (any common encoding and delimiter), XLSX and JSON.

Every reader yields ``(line_number, cells)`` with cells as the text the file holds, so the
original row can be kept verbatim and rejects can point at the line a clerk sees in Excel or a
text editor. A row the reader itself cannot read (a line in no known encoding, a quote that
swallows the lines after it, a formula without a saved value, a broken JSON line) is not
yielded: it is added to ``TableFile.rejects`` with its line and the reason. Problems with the
file as a whole raise :class:`InputError` before anything is written.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from app.domain.errors import InputError
from app.importers.fields import SYNONYMS, normalise_header, split_zone

SAMPLE_BYTES = 256 * 1024
# A cell larger than this is not an audit-log value: the file is damaged or of another kind.
FIELD_LIMIT = 1024 * 1024
DELIMITERS = (",", ";", "\t", "|")
HEADER_SEARCH_ROWS = 15
# Excel's own limits: a sheet that claims more is not an Excel export.
XLSX_MAX_ROWS = 1_048_576
XLSX_MAX_COLUMNS = 16_384
# Columns an audit export can sensibly have; a row with a cell further right is refused.
XLSX_COLUMN_LIMIT = 1_000
# Zip members are inflated at most to their declared size (zipfile checks), so the declared
# sizes bound the work: refuse archives that would inflate beyond these before reading them.
XLSX_MAX_INFLATED = 2 * 1024 ** 3          # all members together
XLSX_MAX_SHARED_STRINGS = 300 * 1024 ** 2  # read into memory whole by the Excel reader
XLSX_MAX_RATIO = 100                        # inflated / compressed, for members over 1 MB
# cp1252 is the fallback for lines that are not UTF-8 (Windows exports); these five bytes are
# not characters in it, so a line holding one fits neither.
FALLBACK_ENCODING = "cp1252"


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
    # The sheet read (XLSX) and every sheet of the workbook, as (name, state) pairs.
    sheet: str = ""
    sheets: list[tuple[str, str]] = field(default_factory=list)
    # Rows the reader could not read on its last pass: (line, reason, cells).
    rejects: list[tuple[int, str, list[str]]] = field(default_factory=list)
    # What the last pass saw: lines read, lines read as Windows-1252, NUL characters removed
    # (and on which lines), blank lines, rows whose cells ran over several lines.
    stats: dict = field(default_factory=dict)
    # CSV decoding: the codec of every line, and the one for lines that are not in it.
    _codec: str = ""
    _fallback: str | None = None
    _strip_nul: bool = False
    _raw: object = field(default=None, repr=False, compare=False)
    # JSON records, parsed once when the file is opened (the header needs all of them).
    _records: list | None = field(default=None, repr=False, compare=False)
    # XLSX: merged ranges and the cells holding a formula without a saved value.
    _merged: list = field(default_factory=list, repr=False, compare=False)
    _unsaved: dict = field(default_factory=dict, repr=False, compare=False)
    # JSON Lines: the lines that are not a JSON object, as rejects.
    _broken: list = field(default_factory=list, repr=False, compare=False)

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
        called every ``every`` rows (progress and cancel). Starts a new ``rejects`` list."""
        self.rejects = []
        self.stats = {"lines": 0, "converted_lines": [], "nul_lines": [], "nul_removed": 0,
                      "blank_lines": 0, "multiline_rows": 0}
        reader = (_csv_rows if self.format == "csv" else
                  _xlsx_rows if self.format == "xlsx" else _json_rows)
        return reader(self, every if tick else 0, tick)


@dataclass
class _Scan:
    sha256: str
    utf8: bool
    separators: bool
    nul: bool


def _scan(path: Path) -> _Scan:
    """One pass over the bytes: the SHA-256, whether it is valid UTF-8, and whether it holds the
    ASCII separator characters the original-row encoding uses or NUL bytes (almost never)."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    utf8 = True
    separators = nul = False
    with _open_bytes(path) as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
            separators = separators or b"\x1d" in chunk or b"\x1e" in chunk \
                or b"\x1f" in chunk
            nul = nul or b"\x00" in chunk
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
    return _Scan(digest.hexdigest(), utf8, separators, nul)


def sha256_of(path: Path) -> str:
    return _scan(path).sha256


def _open_bytes(path: Path):
    """The file, opened for reading; a file that cannot be read is the clerk's to fix."""
    try:
        return path.open("rb")
    except IsADirectoryError:
        raise InputError(f"{path} is a folder; choose the export file inside it.") from None
    except PermissionError:
        raise InputError(
            f"{path.name} cannot be read: permission denied (it may be open in Excel or "
            "another program that locks it, or belong to another user).",
            "Close it in the other program, or copy it to your own folder, and import the "
            "copy.") from None
    except OSError as exc:
        raise InputError(f"{path.name} cannot be read ({exc.strerror or exc}).",
                         "Copy the file to a local folder and import the copy.") from None


def _mostly_binary(sample: bytes, utf8: bool) -> bool:
    """A picture, a program, a database: NUL-heavy, or not text and full of control bytes. (A
    text export may hold a few NUL or control characters in its cells.)"""
    if sample.count(0) > 0.3 * len(sample):
        return True
    if utf8:
        return False
    controls = sum(sample.count(bytes([b])) for b in (*range(0, 9), 11, *range(14, 27),
                                                       *range(28, 32)))
    return controls > 0.05 * len(sample)


def _text_encoding(sample: bytes, scan: _Scan, path: Path) -> tuple[str, str, str | None]:
    """(label, codec of every line, fallback codec for lines not in it or None)."""
    if sample.startswith(codecs.BOM_UTF8):
        return ("utf-8-sig", "utf-8-sig", None) if scan.utf8 else \
            ("utf-8-sig+cp1252", "utf-8", FALLBACK_ENCODING)
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "utf-16", None
    if b"\x00" in sample:
        # UTF-16 without a byte-order mark: every other byte of ASCII text is NUL.
        even, odd = sample[0::2], sample[1::2]
        if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.1 * len(even):
            return "utf-16-le", "utf-16-le", None
        if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.1 * len(odd):
            return "utf-16-be", "utf-16-be", None
    if _mostly_binary(sample, scan.utf8):
        raise InputError(
            f"{path.name} is a binary file, not a CSV, XLSX or JSON export.",
            "Export the audit log from the vendor's portal as CSV or Excel and import that.")
    if scan.utf8:
        return "utf-8", "utf-8", None
    if _has_utf8_lines(path):
        # UTF-8 with some lines from elsewhere (a row pasted in from a Windows program): every
        # line is read as UTF-8, and only the lines that are not, as Windows-1252.
        return "utf-8+cp1252", "utf-8", FALLBACK_ENCODING
    from charset_normalizer import from_bytes  # only for files that are not UTF-8

    best = from_bytes(sample).best()
    if best is None:
        raise InputError(f"{path.name} is not readable text in any common encoding.",
                         "Open it in Excel and save it as 'CSV UTF-8', then import that.")
    encoding = best.encoding
    # Windows exports are cp1252; detectors sometimes call plain Latin text by a cousin's name.
    if encoding in ("latin_1", "iso8859_1", "iso8859_15", "cp1250", "cp1252", "ascii"):
        encoding = "cp1252"
    return encoding, encoding, None


def _has_utf8_lines(path: Path) -> bool:
    """Whether some line that is not plain ASCII is valid UTF-8 (a file otherwise in a
    single-byte encoding practically never has one)."""
    with _open_bytes(path) as fh:
        for line in fh:
            if line.isascii():
                continue
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                continue
            return True
    return False


def open_table(path: Path | str, sheet: str | None = None) -> TableFile:
    """The file's shape (format, encoding, header); ``sheet`` names the sheet of a workbook
    (default: the first visible one)."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"There is no file at {path}.")
    if path.is_dir():
        raise InputError(f"{path} is a folder; choose the export file inside it.")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"{path.name} cannot be read ({exc.strerror or exc}).") from None
    if size == 0:
        raise InputError(f"{path.name} is empty (0 bytes).",
                         "Export the audit log again; the download may have failed.")
    with _open_bytes(path) as fh:
        try:
            sample = fh.read(SAMPLE_BYTES)
        except OSError as exc:
            raise InputError(f"{path.name} cannot be read ({exc.strerror or exc}).",
                             "Copy the file to a local folder and import the copy.") from None
    scan = _scan(path)
    if sample.startswith(b"PK\x03\x04"):
        return _open_xlsx(path, scan.sha256, size, sheet)
    if sample.startswith(b"\xd0\xcf\x11\xe0"):
        if _encrypted_office_file(path):
            raise InputError(f"{path.name} is a password-protected Excel workbook, which "
                             "cannot be read without its password.",
                             "Open it in Excel with the password, save a copy without one "
                             "(File > Info > Protect Workbook > Encrypt with Password, "
                             "cleared), and import the copy.")
        raise InputError(f"{path.name} is an old-style Excel (.xls) file, which cannot be "
                         "imported.", "Save it as .xlsx from Excel, or ask the vendor for a CSV "
                         "export.")
    if sample.startswith(b"%PDF"):
        raise InputError(f"{path.name} is a PDF, which cannot be imported.",
                         "Ask the vendor for a CSV or XLSX export, or save the file as .xlsx "
                         "from Excel.")
    if sheet:
        raise InputError(f"{path.name} is not a workbook, so it has no sheet '{sheet}'.",
                         "Leave out --sheet for CSV and JSON files.")
    label, codec, fallback = _text_encoding(sample, scan, path)
    nul = scan.nul and not codec.startswith("utf-16")
    text_sample = "".join(_decode_lines(io.BytesIO(sample), codec, fallback, nul, {}, [])) \
        if not codec.startswith("utf-16") else sample.decode(codec, errors="ignore")
    text_sample = text_sample.lstrip("\ufeff")
    stripped = text_sample.lstrip()
    if stripped.startswith(("[", "{")):
        table = _open_json(path, scan.sha256, size, codec)
    elif _looks_like_json_scalar(stripped, size):
        raise InputError(f"{path.name} holds a single JSON value ({stripped[:20]!r}), not "
                         "records.", "Export the audit log as a list of records, or as CSV.")
    else:
        table = _open_csv(path, scan.sha256, size, label, text_sample)
        table._codec, table._fallback, table._strip_nul = codec, fallback, nul
    # Only single-byte encodings can be trusted to hold no separator when the bytes hold none;
    # JSON escapes (\u001f) hold them without the bytes.
    table.may_hold_separators = scan.separators or codec.startswith("utf-16") \
        or table.format in ("json", "ndjson")
    return table


def _looks_like_json_scalar(text: str, size: int) -> bool:
    """A file that is one JSON number, string, true/false or null (not records)."""
    body = text.strip()
    if size > SAMPLE_BYTES or not body or "\n" in body:
        return False
    if re.fullmatch(r"-?\d+(\.\d+)?([eE][+-]?\d+)?", body):
        return True
    try:
        value = json.loads(body)
    except ValueError:
        return False
    return not isinstance(value, (list, dict))


def _encrypted_office_file(path: Path) -> bool:
    """An OLE compound file holding an 'EncryptedPackage' stream: an Office file saved with a
    password (its directory names the stream in UTF-16)."""
    marker = "EncryptedPackage".encode("utf-16-le")
    with _open_bytes(path) as fh:
        while chunk := fh.read(1 << 20):
            if marker in chunk:
                return True
            if len(chunk) == 1 << 20:
                fh.seek(-len(marker), 1)
    return False


# --- CSV --------------------------------------------------------------------------------------

def _score_header(cells: list[str]) -> int:
    return sum(1 for c in cells if normalise_header(split_zone(c)[0]) in SYNONYMS)


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
    # Lines as csv reads them: ended by \n (or \r\n), not by the other characters Python's
    # splitlines() also breaks at (\x1c, \u2028 ...), which a cell may hold.
    lines = [line for line in sample.split("\n") if line][:200]
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


def _decode_lines(raw: Iterable[bytes], codec: str, fallback: str | None, strip_nul: bool,
                  stats: dict, bad: list[int]) -> Iterator[str]:
    """The file's lines as text, each decoded on its own: in ``codec``, else in ``fallback``
    (counted in ``stats['converted_lines']``); a line in neither is decoded with replacement
    characters and its number added to ``bad`` (its row becomes a reject). NUL characters are
    removed and counted when ``strip_nul``."""
    converted = stats.setdefault("converted_lines", [])
    nul_lines = stats.setdefault("nul_lines", [])
    stats.setdefault("nul_removed", 0)
    for number, line in enumerate(raw, 1):
        if number == 1:
            line = line.removeprefix(codecs.BOM_UTF8)
        try:
            text = line.decode(codec)
        except UnicodeDecodeError:
            try:
                if fallback is None:
                    raise
                text = line.decode(fallback)
                converted.append(number)
            except UnicodeDecodeError:
                text = line.decode(fallback or codec, errors="replace")
                bad.append(number)
        if strip_nul and "\x00" in text:
            nul_lines.append(number)
            stats["nul_removed"] += text.count("\x00")
            text = text.replace("\x00", "")
        yield text


class _LineSource:
    """The decoded lines of a CSV file, opened once per pass; ``fetch(a, b)`` reads lines a..b
    again through a second handle (only rows whose cells run over several lines need it, and
    rows come in order, so the second handle only moves forward)."""

    def __init__(self, table: TableFile, stats: dict, bad: list[int]) -> None:
        self.table = table
        self._stats, self._bad = stats, bad
        self._again: Iterator[str] | None = None
        self._again_at = 0
        self._files: list = []

    def lines(self) -> Iterator[str]:
        raw = self._open()
        self.table._raw = raw
        t = self.table
        if t._fallback is None and not t._strip_nul and t._codec in ("utf-8", "utf-8-sig",
                                                                     "utf-16", "utf-16-le",
                                                                     "utf-16-be"):
            # The whole file is in one encoding: decode it in C, line by line as csv needs.
            return io.TextIOWrapper(raw, encoding=t._codec, newline="")
        return _decode_lines(raw, t._codec, t._fallback, t._strip_nul, self._stats, self._bad)

    def fetch(self, first: int, last: int) -> list[str]:
        if self._again is None or first <= self._again_at:
            t = self.table
            raw = self._open()
            if t._codec.startswith("utf-16"):
                self._again = iter(io.TextIOWrapper(raw, encoding=t._codec, newline=""))
            else:
                self._again = _decode_lines(raw, t._codec, t._fallback, t._strip_nul, {}, [])
            self._again_at = 0
        out = []
        for text in self._again:
            self._again_at += 1
            if self._again_at >= first:
                out.append(text)
            if self._again_at >= last:
                break
        return out

    def _open(self):
        raw = _open_bytes(self.table.path)
        self._files.append(raw)
        return raw

    def close(self) -> None:
        for raw in self._files:
            raw.close()


def _fits_as_row(line: str, delimiter: str, width: int) -> bool:
    """Whether ``line`` on its own is a complete row of the file's width."""
    if width < 3 or not line.strip():
        return False
    try:
        cells = next(csv.reader([line], delimiter=delimiter, strict=True), [])
    except csv.Error:
        return False
    return len(cells) == width or (len(cells) > width and not any(
        c.strip() for c in cells[width:]))


def _csv_rows(table: TableFile, every: int = 0, tick=None) -> Iterator[tuple[int, list[str]]]:
    csv.field_size_limit(FIELD_LIMIT)
    stats, bad = table.stats, []
    source = _LineSource(table, stats, bad)
    try:
        lines = source.lines()
        yield from _csv_parse(table, lines, 1, source.fetch, bad, every, tick, skip_header=True)
    except UnicodeDecodeError as exc:
        # Only a file read whole in one UTF-16 codec gets here.
        raise InputError(f"{table.path.name} is not valid {table.encoding} text (a byte at "
                         f"position {exc.start} of a read buffer). Nothing was imported.",
                         "Open it in Excel and save it as 'CSV UTF-8'.") from None
    finally:
        source.close()
    stats["converted_lines"] = sorted(set(stats["converted_lines"]))


def _csv_parse(table: TableFile, lines: Iterator[str], first_line: int,
               fetch: Callable[[int, int], list[str]], bad: list[int], every: int, tick,
               skip_header: bool) -> Iterator[tuple[int, list[str]]]:
    """Rows of ``lines`` (the first being line ``first_line``); a row whose quoted cell runs
    over lines that are complete rows themselves is a stray quote: its first line is rejected
    and the lines after it are read again on their own."""
    reader = csv.reader(lines, delimiter=table.delimiter)
    width = len(table.header)
    stats = table.stats
    offset = first_line - 1
    last = 0
    try:
        if skip_header:
            while last < table.header_line:   # the preamble and the header itself
                if next(reader, None) is None:
                    return
                last = reader.line_num
            _take_bad(bad, last + offset)   # a damaged line up there is no row's
        count = 0
        for cells in reader:
            start, last = last + 1, reader.line_num
            if last > start:
                stray = _stray_quote(table, cells, start + offset, last + offset, fetch, width,
                                     bad)
                if stray is not None:
                    yield from stray
                    continue
                stats["multiline_rows"] += 1
            if spanned := _take_bad(bad, last + offset):
                if cells and any(cells):
                    table.rejects.append((
                        start + offset,
                        f"line {spanned[0]} is neither UTF-8 nor Windows-1252 text (the file "
                        "is damaged there or mixes other encodings)", cells))
                    continue
            if cells and (cells[0] or any(cells)):
                count += 1
                if count == every:
                    tick(every)
                    count = 0
                yield start + offset, cells
            else:
                stats["blank_lines"] += 1
    except csv.Error as exc:
        line = reader.line_num + offset
        if "field larger than field limit" in str(exc):
            raise InputError(
                f"Line {line} of {table.path.name} holds a cell of more than "
                f"{FIELD_LIMIT // (1024 * 1024)} MB. That is not an audit-log value: the "
                "file is damaged or is not an audit export. Nothing was imported.",
                "Export the audit log again from the vendor's portal.") from None
        raise InputError(f"Line {line} of {table.path.name} is not valid CSV ({exc}). "
                         "Nothing was imported.",
                         "Open the file in Excel, save it as CSV and import again.") from None
    finally:   # (set once, not per row: a million rows)
        stats["lines"] = max(stats["lines"], last + offset)


def _stray_quote(table: TableFile, cells: list[str], start: int, last: int,
                 fetch: Callable[[int, int], list[str]], width: int, bad: list[int]):
    """None for a row whose multi-line cell is genuine; otherwise the rows of its lines, read
    again without the quote that opened on line ``start`` (which is rejected). The lines in no
    known encoding among them (``bad``) go with them, so that it is their rows that are
    rejected."""
    if not any("\n" in c or "\r" in c for c in cells):
        return None
    raw = fetch(start, last)
    if not any(_fits_as_row(line, table.delimiter, width) for line in raw[1:]):
        return None
    column = next((table.header[i] if i < width else f"column {i + 1}"
                   for i, c in enumerate(cells) if "\n" in c or "\r" in c), "a column")
    table.rejects.append((
        start, f"a quote (\") opens the cell in column '{column}' on this line and is not "
        f"closed before line {last}: read as written it would swallow lines {start + 1}–{last} "
        "into that cell. This line was not imported; the lines after it were read on their "
        "own. Correct the quote in the file and import it again to add this row", cells))
    rest = raw[1:]
    spanned = _take_bad(bad, last)
    return _csv_parse(table, iter(rest), start + 1,
                      lambda a, b: rest[a - start - 1:b - start],
                      [n for n in spanned if n > start], 0, None, skip_header=False)


def _take_bad(bad: list[int], last: int) -> list[int]:
    """Remove from ``bad`` (line numbers in no known encoding, in order) those up to line
    ``last``, and return them."""
    taken = 0
    while taken < len(bad) and bad[taken] <= last:
        taken += 1
    spanned = bad[:taken]
    del bad[:taken]
    return spanned


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

UNSAVED_FORMULA = "formula without a saved value — open and save the file in Excel"


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)


def _check_archive(path: Path) -> None:
    """Refuse a ZIP that is not a workbook, or whose declared sizes would inflate beyond what
    an audit export needs (a decompression bomb), before any of it is inflated."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"{path.name} is a damaged ZIP or Excel file ({exc}).",
                         "Export or download it again.") from None
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names:
        inside = ", ".join(sorted(m.filename for m in members if not m.is_dir())[:5])
        raise InputError(f"{path.name} is a ZIP archive ({inside or 'empty'}), not an Excel "
                         "workbook or an export.",
                         "Extract the archive and import the CSV, XLSX or JSON file inside "
                         "it.")
    total = sum(m.file_size for m in members)
    for m in members:
        too_big = m.filename.endswith("sharedStrings.xml") and \
            m.file_size > XLSX_MAX_SHARED_STRINGS
        packed = m.file_size > (1 << 20) and m.file_size > XLSX_MAX_RATIO * max(m.compress_size,
                                                                                1)
        if too_big or packed or total > XLSX_MAX_INFLATED:
            raise InputError(
                f"{path.name} would inflate to {total / 1e6:,.0f} MB ('{m.filename}' alone "
                f"{m.file_size / 1e6:,.0f} MB from {m.compress_size / 1e6:,.1f} MB): far more "
                "than an audit export holds, so it was not read (a damaged or malicious "
                "file). Nothing was imported.",
                "Export the audit log again, or ask the vendor for a CSV export.")


@contextmanager
def _workbook(path: Path):
    """The workbook, read-only, closed (with its file) on leaving."""
    from openpyxl import load_workbook  # only for XLSX files

    _check_archive(path)
    with _open_bytes(path) as fh:
        try:
            # A file object, so that openpyxl does not judge the file by its name's extension.
            workbook = load_workbook(fh, read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad workbook
            raise InputError(f"{path.name} is a ZIP file but not a readable Excel workbook "
                             f"({type(exc).__name__}: {exc}).",
                             "Open it in Excel and save it again, or import the CSV "
                             "export.") from None
        try:
            yield workbook
        finally:
            workbook.close()


def _pick_sheet(workbook, path: Path, wanted: str | None):
    sheets = workbook.worksheets
    listing = [(s.title, s.sheet_state) for s in sheets]

    def named(items) -> str:
        return ", ".join(f"'{n}'" + ("" if st == "visible" else f" ({st})") for n, st in items)

    if wanted:
        match = [s for s in sheets if s.title == wanted] or \
            [s for s in sheets if s.title.casefold() == wanted.strip().casefold()]
        if not match:
            raise InputError(f"{path.name} has no sheet '{wanted}'. Its sheets are: "
                             f"{named(listing)}.", "Name one of them with --sheet.")
        return match[0], listing
    visible = [s for s in sheets if s.sheet_state == "visible"]
    if not visible:
        raise InputError(f"Every sheet of {path.name} is hidden ({named(listing)}).",
                         "Name the sheet to import with --sheet, or unhide it in Excel.")
    return visible[0], listing


_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
_CELL_RE = re.compile(rb'<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)', re.S)
_REF_RE = re.compile(rb'\br="([A-Z]+)(\d+)"')
_FORMULA_RE = re.compile(rb'<(?:\w+:)?f\b')
_VALUE_RE = re.compile(rb'<(?:\w+:)?v>[^<]')
_ANY_VALUE_RE = re.compile(rb'<(?:\w+:)?v\b')


def _column_index(letters: bytes | str) -> int:
    n = 0
    for ch in letters.decode() if isinstance(letters, bytes) else letters:
        n = n * 26 + ord(ch) - 64
    return n


def _scan_sheet(archive: zipfile.ZipFile, member: str) -> tuple[list, dict]:
    """One streamed pass over a sheet's XML: its merged ranges ((first row, first column, last
    row, last column), 1-based) and the cells holding a formula without a saved value
    ({row: [column letters]})."""
    merged, unsaved = [], {}
    tail = b""
    with archive.open(member) as src:
        while True:
            chunk = src.read(1 << 20)
            data = tail + chunk
            if chunk:
                cut = data.rfind(b"</row>")
                cut = cut + 6 if cut >= 0 else max(len(data) - 4096, 0)
                data, tail = data[:cut], data[cut:]
            if _FORMULA_RE.search(data):
                for attrs, inner in _CELL_RE.findall(data):
                    if inner and _FORMULA_RE.search(inner) and not _VALUE_RE.search(inner) \
                            and not (b't="str"' in attrs and _ANY_VALUE_RE.search(inner)):
                        ref = _REF_RE.search(attrs)
                        if ref:
                            unsaved.setdefault(int(ref[2]), []).append(ref[1].decode())
            for c1, r1, c2, r2 in _MERGE_RE.findall(data):
                last_column = min(_column_index(c2 or c1), XLSX_COLUMN_LIMIT)
                merged.append((int(r1), _column_index(c1), int(r2 or r1), last_column))
            if not chunk:
                break
    return merged, unsaved


def _sheet_rows(workbook, sheet, table: TableFile) -> Iterator[tuple[int, list[str]]]:
    """(Excel row number, cell texts) for every row of ``sheet`` that has a cell, with merged
    values applied to every cell of their range and formula cells without a saved value
    rejected; the columns read are bounded."""
    from openpyxl.worksheet._reader import WorkSheetParser

    parser = WorkSheetParser(workbook._archive.open(sheet._worksheet_path),
                             workbook.shared_strings, data_only=True, epoch=workbook.epoch,
                             date_formats=workbook._date_formats,
                             timedelta_formats=workbook._timedelta_formats)
    starts: dict[int, list] = {}
    for box in table._merged:
        starts.setdefault(box[0], []).append(box)
    active: list[tuple[tuple, str]] = []   # (range, value) for ranges spanning the current row
    try:
        for number, cells in parser.parse():
            if number > XLSX_MAX_ROWS:
                raise InputError(f"{table.path.name} claims a row number ({number:,}) beyond "
                                 "Excel's last row: it is not an Excel export.",
                                 "Export the audit log again.")
            width = cells[-1]["column"] if cells else 0
            if width > XLSX_COLUMN_LIMIT:
                raise InputError(
                    f"Row {number} of sheet '{sheet.title}' in {table.path.name} has a cell "
                    f"in column {width:,}: an audit export has far fewer columns, so the "
                    "sheet was not read. Nothing was imported.",
                    "Delete the stray cells far to the right in Excel, or export again.")
            values = [""] * width
            for cell in cells:
                values[cell["column"] - 1] = _cell_text(cell["value"])
            active = [(box, value) for box, value in active if box[2] >= number]
            for box in starts.get(number, ()):
                first = box[1] - 1
                active.append((box, values[first] if first < len(values) else ""))
            for (_r1, c1, _r2, c2), value in active:
                if len(values) < c2:
                    values += [""] * (c2 - len(values))
                values[c1 - 1:c2] = [value] * (c2 - c1 + 1)
            yield number, values
    finally:
        parser.source.close()


def _open_xlsx(path: Path, sha: str, size: int, wanted: str | None) -> TableFile:
    with _workbook(path) as workbook:
        sheet, listing = _pick_sheet(workbook, path, wanted)
        merged, unsaved = _scan_sheet(workbook._archive, sheet._worksheet_path)
        table = TableFile(path, "xlsx", "xlsx", sha, size, [], 0, sheet=sheet.title,
                          sheets=listing, _merged=merged, _unsaved=unsaved)
        head = []
        for number, row in _sheet_rows(workbook, sheet, table):
            head.append((number, row))
            if number > HEADER_SEARCH_ROWS:
                break
    candidates = [(n, r) for n, r in head if any(c.strip() for c in r)]
    if not candidates:
        raise InputError(f"Sheet '{sheet.title}' of {path.name} is empty.",
                         _other_sheets(listing, sheet.title) or "Export the audit log again.")
    header_line, header = max(candidates, key=lambda nr: (_score_header(nr[1]), -nr[0]))
    if _score_header(header) == 0:
        header_line, header = candidates[0]
    table.header, table.header_line = _clean_header(header), header_line
    if len(listing) > 1:
        table.notes.append(f"Sheet '{sheet.title}' is imported. "
                           + _other_sheets(listing, sheet.title))
    return table


def _other_sheets(listing: list[tuple[str, str]], chosen: str) -> str:
    others = [f"'{n}'" + ("" if st == "visible" else f" ({st})") for n, st in listing
              if n != chosen]
    return f"The workbook's other sheets: {', '.join(others)} (choose one as the Sheet, or " \
        "with --sheet)." if others else ""


def _xlsx_rows(table: TableFile, every: int = 0, tick=None) -> Iterator[tuple[int, list[str]]]:
    with _workbook(table.path) as workbook:
        sheet = next(s for s in workbook.worksheets if s.title == table.sheet)
        count = 0
        for number, cells in _sheet_rows(workbook, sheet, table):
            table.stats["lines"] = number
            if number <= table.header_line:
                continue
            if not any(c.strip() for c in cells):
                continue
            if number in table._unsaved:
                refs = ", ".join(f"{c}{number}" for c in table._unsaved[number])
                table.rejects.append((number, f"cell {refs}: {UNSAVED_FORMULA}", cells))
                continue
            if "\x00" in "".join(cells):
                cells = _strip_nul_cells(table, number, cells)
            count += 1
            if every and count == every:
                tick(every)
                count = 0
            yield number, cells


def _strip_nul_cells(table: TableFile, number: int, cells: list[str]) -> list[str]:
    table.stats["nul_lines"].append(number)
    table.stats["nul_removed"] += sum(c.count("\x00") for c in cells)
    return [c.replace("\x00", "") for c in cells]


# --- JSON -------------------------------------------------------------------------------------

_LIST_KEYS = ("records", "results", "data", "searches", "items", "rows", "entries", "logs",
              "audit", "events")


def _parse_json(text: str):
    """json.loads; nesting deeper than Python's recursion limit (about 1,000 levels) raises
    RecursionError, which the callers turn into a refusal or a reject."""
    return json.loads(text)


def _load_json(path: Path, encoding: str) -> tuple[str, list, list]:
    """(kind, records, broken JSON lines as (line, reason, [text]))."""
    try:
        with path.open("r", encoding=encoding) as fh:
            text = fh.read()
    except UnicodeDecodeError as exc:
        raise InputError(f"{path.name} is not valid {encoding} text (byte {exc.start}). "
                         "Nothing was imported.", "Save it as UTF-8 and import again.") from None
    text = text.lstrip("\ufeff")
    try:
        data = _parse_json(text)
    except RecursionError:
        raise InputError(f"{path.name} nests its JSON thousands of levels deep: that is not "
                         "an audit export. Nothing was imported.",
                         "Export the audit log again, as a list of records or as CSV.") from None
    except json.JSONDecodeError as exc:
        ndjson = _json_lines(text)
        if ndjson is None:
            raise InputError(f"{path.name} is not valid JSON (line {exc.lineno}, column "
                             f"{exc.colno}: {exc.msg}). Nothing was imported.",
                             "Export the audit log again.") from None
        return "ndjson", *ndjson
    if isinstance(data, dict):
        for key in _LIST_KEYS:
            if isinstance(data.get(key), list):
                return "json", _numbered(data[key]), []
        lists = [v for v in data.values() if isinstance(v, list)]
        if len(lists) == 1:
            return "json", _numbered(lists[0]), []
        if not lists and all(not isinstance(v, (list, dict)) for v in data.values()):
            return "ndjson", [(1, data)], []   # JSON Lines with one record
        raise InputError(f"{path.name} holds a JSON object without one list of records.",
                         "Export the audit log as a list of records, or as CSV.")
    if isinstance(data, list):
        return "json", _numbered(data), []
    raise InputError(f"{path.name} holds a single JSON value, not records.",
                     "Export the audit log as a list of records, or as CSV.")


def _numbered(records: list) -> list:
    return list(enumerate(records, 1))


def _json_lines(text: str) -> tuple[list, list] | None:
    """JSON Lines: one object per line, numbered by the file's own lines; a broken line is a
    reject. None when the text is not JSON Lines (no line or only one line is an object)."""
    records, broken = [], []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            value = _parse_json(line)
        except RecursionError:
            broken.append((number, "nested thousands of levels deep", [line[:2000]]))
            continue
        except json.JSONDecodeError as exc:
            broken.append((number, f"not valid JSON (column {exc.colno}: {exc.msg})",
                           [line[:2000]]))
            continue
        if not isinstance(value, dict):
            broken.append((number, "not a JSON object (a record)", [line[:2000]]))
            continue
        records.append((number, value))
    if len(records) < 2 or len(broken) > len(records):
        return None
    return records, broken


def _open_json(path: Path, sha: str, size: int, encoding: str) -> TableFile:
    kind, records, broken = _load_json(path, encoding)
    if not records:
        raise InputError(f"{path.name} holds no records.")
    if not all(isinstance(r, dict) for _, r in records):
        raise InputError(f"{path.name} holds a list whose items are not records (objects).")
    header: dict[str, None] = {}
    for _, record in records:
        for key in record:
            header.setdefault(str(key), None)
    table = TableFile(path, kind, encoding, sha, size, list(header), 0)
    table._records, table._broken = records, broken
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
    if table._records is None:
        _kind, table._records, table._broken = _load_json(table.path, table.encoding)
    table.rejects.extend(table._broken)
    count = 0
    for number, record in table._records:
        count += 1
        if every and count == every:
            tick(every)
            count = 0
        table.stats["lines"] = number
        cells = [_json_cell(record.get(name)) for name in table.header]
        if "\x00" in "".join(cells):
            cells = _strip_nul_cells(table, number, cells)
        yield number, cells


def read_sample(table: TableFile, count: int = 20) -> list[tuple[int, list[str]]]:
    out = []
    for item in table.rows():
        out.append(item)
        if len(out) >= count:
            break
    return out
