"""The disclosure packet as a PDF (reportlab), streamed page by page.

Everything drawn comes from the released view the caller hands over: a redaction is drawn as
its marker (the exemption's mark, or a pseudonym, in brackets) on a dark box - there is no
text under the box to copy. Every page carries the request number in its header, "Page X of Y"
and a Bates number (``PREFIX-000123``) at the lower right, unique and without gaps.

Two passes: the first lays the records out (line breaks only, no drawing) to learn on which
page each record falls, so the exemption log - printed before the records - can name the
Bates pages of every redaction; the second draws. Wrapping is cached per text and width, and
word widths per word, because audit logs repeat themselves. Each page's text is one text
object, and each page's content is compressed as the page ends, so memory does not grow with
the number of pages.
"""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO

from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFStream
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from app.paths import resource_path

FONT, BOLD = "DeskSans", "DeskSans-Bold"
PAGE = landscape(letter)
MARGIN = 36.0
HEADER_H = 30.0
FOOTER_H = 24.0
TABLE_SIZE = 7.0
TABLE_LEAD = 8.6
TEXT_SIZE = 10.0
TEXT_LEAD = 13.5
CELL_PAD = 2.5
REDACTION_FILL = (0.13, 0.13, 0.13)
PSEUDONYM_FILL = (0.86, 0.86, 0.86)
_BOX_FILL = {"withheld": f"{fp_str(*REDACTION_FILL)} rg",
             "pseudonym": f"{fp_str(*PSEUDONYM_FILL)} rg"}


def register_fonts() -> None:
    """DejaVu Sans Condensed, embedded: accented and non-Latin (Greek, Cyrillic) names render
    as written."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(FONT, str(resource_path("fonts",
                                                           "DejaVuSansCondensed.ttf"))))
    pdfmetrics.registerFont(TTFont(BOLD, str(resource_path("fonts",
                                                           "DejaVuSansCondensed-Bold.ttf"))))


# --- what the caller hands over -----------------------------------------------------------------

# A piece of a cell: (text, kind) - released text, or a redaction marker; the kind is one of
# text | withheld | pseudonym | space. A plain tuple, not a class: a large packet holds
# millions of them, and they go to the spool file and back (a named tuple costs a Python call
# each way).
Run = tuple[str, str]


Cell = tuple[Run, ...]


@dataclass(frozen=True)
class Column:
    label: str
    weight: float           # share of the width left once every column has its minimum
    min_width: float = 0.0  # points: the longest word, marker or date it must hold


def column_minimum(texts: Iterable[Cell], label: str, *, whole: bool = False,
                   cap: float = 140.0) -> float:
    """The width (points) a column needs so that no word, marker - or, with ``whole``,
    no value - of ``texts`` is cut: measured on the records themselves."""
    register_fonts()
    measure = Measure(FONT, TABLE_SIZE)
    bold = Measure(BOLD, TABLE_SIZE)
    widest = max((bold.width(word) for word in label.split()), default=0.0)
    for cell in texts:
        if whole:
            widest = max(widest, measure.width("".join(text for text, _ in cell)))
            continue
        for text, kind in cell:
            parts = [text] if kind != "text" else text.split()
            widest = max(widest, *(measure.width(part) for part in parts), 0.0)
    return min(widest, cap) + 2 * CELL_PAD + 1.0


@dataclass(frozen=True)
class Record:
    row_no: int
    cells: tuple[Cell, ...]
    withheld: str = ""            # set: the record is withheld in full; a slip sheet stands in
    lines: tuple | None = None    # its cells' lines, once laid out


class Spool:
    """The records as laid out, kept in a file between the layout pass and the drawing pass:
    the records are read (and wrapped) once, and memory stays flat. Once the layout pass is
    over the file is complete, and another process may read it too (:func:`read_spool`: the
    exports are written from it while the pages are drawn)."""

    BATCH = 500

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: IO[bytes] = path.open("w+b")
        self._batch: list[tuple] = []

    def add(self, record: Record, lines) -> None:
        self._batch.append((record.row_no, record.cells, record.withheld, tuple(lines)))
        if len(self._batch) >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._batch:
            pickle.dump(self._batch, self._file, protocol=pickle.HIGHEST_PROTOCOL)
            self._batch = []

    def complete(self) -> None:
        """Write what is still held; from now on the file holds every record."""
        self._flush()
        self._file.flush()

    def replay(self) -> Iterator[Record]:
        self.complete()
        self._file.seek(0)
        yield from _records_of(self._file)

    def close(self) -> None:
        self._file.close()


def read_spool(path: Path) -> Iterator[Record]:
    """The records of a complete spool file, in order (read by their own handle)."""
    with path.open("rb") as fh:
        yield from _records_of(fh)


def _records_of(fh: IO[bytes]) -> Iterator[Record]:
    while True:
        try:
            batch = pickle.load(fh)
        except EOFError:
            return
        for row_no, cells, withheld, lines in batch:
            yield Record(row_no, cells, withheld, lines or None)


@dataclass(frozen=True)
class LogLine:
    """One decision of the exemption log. ``rows``: the records it touches (None: all)."""

    record: str
    field: str
    extent: str
    action: str
    masked_by: str
    citation: str
    justification: str
    decided_by: str
    approved_by: str
    rows: tuple[int, ...] | None = None


@dataclass(frozen=True)
class PacketInfo:
    number: str
    law_title: str
    agency_name: str
    agency_address: str
    requester: str
    produced_on: date
    bates_prefix: str
    bates_start: int = 1
    replaces: str = ""            # "RPD-000001 to RPD-000412": the production this corrects
    cover: tuple[str, ...] = ()   # the cover letter's paragraphs
    summary: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()   # (title, rows)


@dataclass
class PacketResult:
    pages: int
    bates_first: str
    bates_last: str
    record_pages: dict[int, str] = field(default_factory=dict)   # row -> Bates of its page
    markers: int = 0
    records_from_page: int = 1    # the first page of the records (after the front matter)


def bates(prefix: str, n: int) -> str:
    return f"{prefix}-{n:06d}"


# --- text layout --------------------------------------------------------------------------------

class Measure:
    """Word widths and wrapped cells, cached: the same units, purposes and markers recur."""

    def __init__(self, font: str, size: float) -> None:
        self.font, self.size = font, size
        self._words: dict[str, float] = {}
        self._cells: dict[tuple, list[list[Run]]] = {}
        self.space = pdfmetrics.stringWidth(" ", font, size)

    def width(self, text: str) -> float:
        w = self._words.get(text)
        if w is None:
            w = self._words[text] = pdfmetrics.stringWidth(text, self.font, self.size)
        return w

    def wrap(self, cell: Cell, width: float) -> list[list[Run]]:
        """Lines of runs. Words break at spaces; a word longer than the line is cut; a
        marker stays whole where it fits."""
        key = (cell[0][0] if len(cell) == 1 and cell[0][1] == "text" else cell, width)
        cached = self._cells.get(key)
        if cached is not None:
            return cached
        lines: list[list[Run]] = [[]]
        used = 0.0
        for text, kind in cell:
            pieces = [text] if kind != "text" and self.width(text) <= width \
                else text.replace("\r", "").split(" ")
            for j, word in enumerate(pieces):
                if "\n" in word:
                    first, *rest = word.split("\n")
                    used = self._place(lines, (first, kind), used, width, j > 0)
                    for part in rest:
                        lines.append([])
                        used = self._place(lines, (part, kind), 0.0, width, False)
                    continue
                used = self._place(lines, (word, kind), used, width,
                                   j > 0 and kind == "text")
        if len(self._cells) > 50_000:
            self._cells.clear()
        self._cells[key] = lines
        return lines

    def _place(self, lines: list[list[Run]], run: Run, used: float, width: float,
               space_before: bool) -> float:
        text, kind = run
        w = self.width(text)
        gap = self.space if (space_before or lines[-1]) and used else 0.0
        if used and used + gap + w > width:
            lines.append([])
            used, gap = 0.0, 0.0
        while w > width and len(text) > 1:       # a word wider than the column: cut it
            cut = max(1, int(len(text) * width / w))
            while cut > 1 and self.width(text[:cut]) > width:
                cut -= 1
            lines[-1].append((text[:cut], kind))
            lines.append([])
            text = text[cut:]
            w, used, gap = self.width(text), 0.0, 0.0
        if gap:
            lines[-1].append((" ", "space"))
        lines[-1].append((text, kind))
        return used + gap + w


def _widths(columns: Sequence[Column], width: float) -> list[float]:
    """Every column its minimum, and what is left shared by weight (the free-text columns
    weigh most); when the minimums alone are too wide, they shrink in proportion."""
    minimums = [c.min_width for c in columns]
    spare = width - sum(minimums)
    if spare < 0:
        return [m * width / sum(minimums) for m in minimums]
    total = sum(c.weight for c in columns) or 1.0
    return [m + spare * c.weight / total for m, c in zip(minimums, columns, strict=True)]


# --- the document -------------------------------------------------------------------------------

class _Deflated:
    """A stream filter for content that is compressed already (see _PageCanvas)."""

    pdfname = "FlateDecode"

    @staticmethod
    def encode(content: bytes) -> bytes:
        return content


class _PageCanvas(Canvas):
    """reportlab's canvas keeps every page's content uncompressed until save(); this one
    compresses each page's content as the page ends, so a packet of thousands of pages is
    held in memory as the (much smaller) compressed streams it will be written as."""

    def showPage(self) -> None:
        super().showPage()
        page = self._doc.Pages.pages[-1]
        if page.stream:
            data = page.stream.encode("utf-8") if isinstance(page.stream, str) else page.stream
            page.Contents = PDFStream(content=zlib.compress(data), filters=[_Deflated])
            page.stream = None


class Packet:
    def __init__(self, info: PacketInfo, columns: Sequence[Column]) -> None:
        register_fonts()
        self.info, self.columns = info, list(columns)
        self.widths = _widths(self.columns, PAGE[0] - 2 * MARGIN)
        self.measure = Measure(FONT, TABLE_SIZE)
        self.text_measure = Measure(FONT, TEXT_SIZE)
        self.body_top = PAGE[1] - MARGIN - HEADER_H
        self.body_bottom = MARGIN + FOOTER_H
        self.header_h = self._wrapped_height([((c.label, "text"),) for c in self.columns],
                                             self.widths)
        self.max_lines = int((self.body_top - self.body_bottom - self.header_h - 2 * CELL_PAD)
                             // TABLE_LEAD)
        self.total_pages = 0
        self.page = 0
        self.markers = 0
        self.canvas: Canvas | None = None
        self.record_pages: dict[int, int] = {}
        self.cursor: float | None = None   # where the current page's content ends
        self._text = None                  # the current page's text object
        self._text_font: tuple[str, float] | None = None
        self._text_white = False
        self._row_lines: dict[str, list[int]] = {}   # table title -> lines of each row
        self._ops: dict = {}
        self._subsets: dict = {}
        self._origins: dict = {}
        self._measures: dict[tuple[str, float], Measure] = {}
        self._furniture: list = []   # the page's header and footer, written as it ends

    @property
    def drawing(self) -> bool:
        return self.canvas is not None

    def start(self, canvas: Canvas | None, first_page: int = 0) -> None:
        """Begin a pass: drawing on ``canvas``, or (None) laying out - the same code decides
        every break, nothing is drawn."""
        self.canvas, self.page, self.markers = canvas, first_page, 0
        self._ops, self._subsets, self._origins = {}, {}, {}   # this document's operators
        self._furniture = []
        self.record_pages = {}
        self.cursor = None
        self._text = None

    def finish(self) -> None:
        """End the last page."""
        if self.drawing:
            self._flush_text()
            self.canvas.showPage()

    def _flush_text(self) -> None:
        """End the page's text: its furniture last (so the page's text read back ends with
        "Page X of Y" and its Bates number), then the text object, over every box."""
        for args, align in self._furniture:
            self._page_text(*args, align=align)
        self._furniture = []
        if self._text is not None:
            self.canvas.drawText(self._text)
            self._text = None

    def _text_object(self, font: str, size: float):
        """The page's text object: drawn once, when the page ends - over every box."""
        if self._text is None:
            self._text = self.canvas.beginText()
            self._text.setFillColorRGB(0, 0, 0)
            self._text_font, self._text_white = None, False
        if self._text_font != (font, size):
            self._text.setFont(font, size)
            self._text_font = (font, size)
        return self._text

    def _text_out(self, text, font: str, size: float, value: str) -> None:
        """``text.textOut(value)`` without what this document does not use (reportlab's own
        text cursor), and with the PDF operators of each value kept: on thousands of pages the
        same units, purposes and markers recur. The operators depend on which glyph subset
        each character went to in this document, so the cache is the drawing pass's own."""
        key = (font, size, value)
        parts = self._ops.get(key)
        if parts is None:
            doc = self.canvas._doc
            escape = self.canvas._escape
            parts = tuple((subset, f"({escape(chars)}) Tj")
                          for subset, chars in pdfmetrics.getFont(font).splitString(value, doc))
            if len(self._ops) > 50_000:
                self._ops.clear()
            self._ops[key] = parts
        code = text._code
        for subset, op in parts:
            if subset != text._curSubset:   # as reportlab's _formatText switches subsets
                code.append(f"{self._subset_name(font, subset)} {fp_str(size)} Tf "
                            f"{fp_str(text._leading)} TL")
                text._curSubset = subset
            code.append(op)

    def _subset_name(self, font: str, subset: int) -> str:
        name = self._subsets.get((font, subset))
        if name is None:
            name = self._subsets[font, subset] = pdfmetrics.getFont(font).getSubsetInternalName(
                subset, self.canvas._doc)
        return name

    def _origin(self, text, x: float, y: float) -> None:
        """``text.setTextOrigin(x, y)``, its operator kept per position (a table's cells sit
        on the same few columns and baselines on every page)."""
        op = self._origins.get((x, y))
        if op is None:
            if len(self._origins) > 100_000:
                self._origins.clear()
            op = self._origins[x, y] = f"1 0 0 1 {fp_str(x, y)} Tm"
        text._code.append(op)

    def _white(self, text, white: bool) -> None:
        """White text (on a redaction's dark box) or black: the operator reportlab's
        setFillColorRGB writes, without its colour-space bookkeeping (a text object here
        only ever fills in RGB)."""
        if white != self._text_white:
            text._code.append("1 1 1 rg" if white else "0 0 0 rg")
            self._text_white = white

    def bates_of(self, page: int) -> str:
        return bates(self.info.bates_prefix, self.info.bates_start + page - 1)

    def _wrap_row(self, cells: Sequence[Cell], widths: Sequence[float]
                  ) -> list[list[list[Run]]]:
        """Each cell's lines at its column's width (an empty cell has none)."""
        return [self.measure.wrap(cell, w - 2 * CELL_PAD) if cell else []
                for cell, w in zip(cells, widths, strict=True)]

    def _wrapped_height(self, cells: Sequence[Cell], widths: Sequence[float]) -> float:
        lines = max(1, *(len(x) for x in self._wrap_row(cells, widths)))
        return lines * TABLE_LEAD + 2 * CELL_PAD

    # -- pages ------------------------------------------------------------------------------------
    def _new_page(self) -> None:
        self.page += 1
        if not self.drawing:
            return
        c = self.canvas
        if self.page > 1:
            self._flush_text()
            c.showPage()
        info = self.info
        c.setFillColorRGB(0, 0, 0)
        top = PAGE[1] - MARGIN
        c.setLineWidth(0.5)
        c.line(MARGIN, top - 16, PAGE[0] - MARGIN, top - 16)
        c.line(MARGIN, MARGIN + 16, PAGE[0] - MARGIN, MARGIN + 16)
        # Written into the page's text object when the page ends (_flush_text).
        furniture = [((BOLD, 9, MARGIN, top - 10, info.agency_name), "left"),
                     ((FONT, 9, PAGE[0] - MARGIN, top - 10,
                       f"Public records request {info.number} \u2014 disclosure of "
                       f"{info.produced_on.isoformat()}"), "right"),
                     ((FONT, 9, MARGIN, MARGIN + 4, f"Page {self.page} of {self.total_pages}"),
                      "left")]
        if info.replaces:
            furniture.append(((FONT, 9, PAGE[0] / 2, MARGIN + 4, f"Replaces {info.replaces}"),
                              "centre"))
        furniture.append(((BOLD, 10, PAGE[0] - MARGIN, MARGIN + 4, self.bates_of(self.page)),
                          "right"))
        self._furniture = furniture

    def _page_text(self, font: str, size: float, x: float, y: float, value: str,
                   align: str = "left") -> None:
        """One string of the page's furniture (header, footer), black."""
        if align != "left":
            measure = self._measures.get((font, size))
            if measure is None:
                measure = self._measures[font, size] = Measure(font, size)
            width = measure.width(value)
            x -= width if align == "right" else width / 2
        text = self._text_object(font, size)
        self._white(text, False)
        self._origin(text, x, y)
        self._text_out(text, font, size, value)

    def _draw_runs(self, runs: list[Run], x: float, baseline: float, measure: Measure,
                   font: str = FONT) -> None:
        """One line: the boxes behind its markers now, its text into the page's text object
        (so a reader copies and extracts the line as written, markers included)."""
        size = measure.size
        text = self._text_object(font, size)
        self._origin(text, x, baseline)
        if all(kind in ("text", "space") for _, kind in runs):
            self._white(text, False)
            self._text_out(text, font, size, "".join(value for value, _ in runs))
            return
        # The boxes, as the operators canvas.setFillColorRGB and canvas.rect(fill=1) write
        # (a packet draws hundreds of thousands); the fill is black again afterwards, as the
        # canvas believes it is.
        code = self.canvas._code
        position = x
        for value, kind in runs:
            w = measure.width(value)
            if kind in ("withheld", "pseudonym"):
                code.append(_BOX_FILL[kind])
                box = fp_str(position - 0.8, baseline - size * 0.25, w + 1.6, size * 1.12)
                code.append(f"n {box} re f*")
                if value.startswith("["):
                    self.markers += 1
            position += w
        code.append("0 0 0 rg")
        for value, kind in runs:   # one after the other: each Tj moves on by its own width
            self._white(text, kind == "withheld")
            self._text_out(text, font, size, value)

    # -- sections -------------------------------------------------------------------------
    def prose(self, heading: str, paragraphs: Sequence[str]) -> None:
        """The cover letter: paragraphs wrapped at a reading width."""
        width = PAGE[0] - 2 * MARGIN - 120
        self._new_page()
        y = self.body_top - 14
        if self.drawing:
            self.canvas.setFont(BOLD, 13)
            self.canvas.drawString(MARGIN + 60, y, heading)
        y -= 24
        for paragraph in paragraphs:
            for line in self.text_measure.wrap(((paragraph, "text"),), width) or [[]]:
                if y < self.body_bottom + TEXT_LEAD:
                    self._new_page()
                    y = self.body_top - 14
                if self.drawing:
                    self._draw_runs(line, MARGIN + 60, y, self.text_measure)
                y -= TEXT_LEAD
            y -= TEXT_LEAD * 0.6
        self.cursor = y

    def table(self, title: str, labels: Sequence[str], weights: Sequence[float],
              rows: Iterable[Sequence[str]], *, share_page: bool = False,
              width_share: float = 1.0) -> None:
        """A text table over as many pages as it needs, its header repeated on each.
        ``share_page``: start below what the page already holds when there is room (small
        tables of a summary); ``width_share``: the part of the page width it takes."""
        width = (PAGE[0] - 2 * MARGIN) * width_share
        widths = [width * w / sum(weights) for w in weights]
        head = [((label, "text"),) for label in labels]
        head_h = self._wrapped_height(head, widths)
        room = self.cursor is not None and \
            self.cursor - 28 - head_h - 3 * TABLE_LEAD > self.body_bottom
        y = self._table_header(title, head, widths, head_h,
                               self.cursor - 14 if share_page and room else None)
        # A long row (a pseudonym's Bates pages) fills the page and continues on the next.
        most = int((self.body_top - 20 - head_h - self.body_bottom - 2 * CELL_PAD)
                   // TABLE_LEAD)
        # Laying out again (the front matter is laid out until its page count settles), only
        # the number of lines of each row matters, and it is known from the first time: the
        # rows are not even built (``rows`` may be lazy). The drawing wraps them for real, and
        # _write checks that it ends on the page the layout said.
        known = None if self.drawing else self._row_lines.get(title)
        counted: list[int] = []
        wrapped: list = []
        for row in (known if known is not None else rows):
            if known is not None:
                total = row
            else:
                cells = [((str(v), "text"),) if v else () for v in row]
                wrapped = self._wrap_row(cells, widths)
                total = max(1, *(len(x) for x in wrapped))
                counted.append(total)
            done = 0
            while done < total:
                room = int((y - self.body_bottom - 2 * CELL_PAD) // TABLE_LEAD)
                if room < min(total - done, 3):   # not even a few lines fit: a new page
                    y = self._table_header(title + " (continued)", head, widths, head_h)
                    room = most
                part = min(total - done, room)
                h = part * TABLE_LEAD + 2 * CELL_PAD
                if self.drawing:
                    self._row(widths, y, h, [x[done:done + part] for x in wrapped])
                y -= h
                done += part
        if known is None and not self.drawing:
            self._row_lines[title] = counted
        self.cursor = y

    def _table_header(self, title: str, head: Sequence[Cell], widths: Sequence[float],
                      head_h: float, top: float | None = None) -> float:
        """The table's title and column heads: at ``top`` on this page, or on a new one."""
        if top is None:
            self._new_page()
            top = self.body_top
        y = top - 12
        if self.drawing:
            self.canvas.setFont(BOLD, 11)
            self.canvas.drawString(MARGIN, y, title)
        y -= 8
        if self.drawing:
            self._head(head, widths, y, head_h)
        return y - head_h

    def _head(self, head: Sequence[Cell], widths: Sequence[float], y: float, h: float) -> None:
        c = self.canvas
        c.setFillColorRGB(0.9, 0.9, 0.9)
        c.rect(MARGIN, y - h, sum(widths), h, stroke=0, fill=1)
        c.setFillColorRGB(0, 0, 0)
        x = MARGIN
        for cell, w in zip(head, widths, strict=True):   # into the page's text object
            for i, line in enumerate(self.measure.wrap(cell, w - 2 * CELL_PAD)):
                self._page_text(BOLD, TABLE_SIZE, x + CELL_PAD,
                                y - CELL_PAD - TABLE_SIZE - i * TABLE_LEAD,
                                "".join(value for value, _ in line))
            x += w

    def _row(self, widths: Sequence[float], y: float, h: float,
             lines: Sequence[list[list[Run]]]) -> None:
        """One row (or the part of it on this page): each cell's ``lines``."""
        c = self.canvas
        x = MARGIN
        for wrapped, w in zip(lines, widths, strict=True):
            for i, line in enumerate(wrapped):
                self._draw_runs(line, x + CELL_PAD, y - CELL_PAD - TABLE_SIZE - i * TABLE_LEAD,
                                self.measure)
            x += w
        # A light rule under the row (canvas.setStrokeColorRGB and canvas.line's operators).
        c._code.append(f".8 .8 .8 RG n {fp_str(MARGIN, y - h)} m "
                       f"{fp_str(MARGIN + sum(widths), y - h)} l S 0 0 0 RG")

    def records(self, records: Iterable[Record], spool: Spool | None = None) -> None:
        """The redacted records, the table header on each page; a record taller than a page
        continues on the next; a record withheld in full gets a numbered slip sheet.
        ``spool``: when laying out, each record is kept there with its lines, for drawing."""
        y = None
        head = [((c.label, "text"),) for c in self.columns]
        for record in records:
            if record.withheld:
                self._slip_sheet(record)
                if spool is not None:
                    spool.add(record, ())
                y = None
                continue
            wrapped = record.lines or self._wrap_row(record.cells, self.widths)
            if spool is not None:
                spool.add(record, wrapped)
            total = max(1, *(len(x) for x in wrapped))
            done = 0
            while done < total:
                part = min(total - done, self.max_lines)
                h = part * TABLE_LEAD + 2 * CELL_PAD
                if y is None or y - h < self.body_bottom:
                    self._new_page()
                    if self.drawing:
                        self._head(head, self.widths, self.body_top, self.header_h)
                    y = self.body_top - self.header_h
                if done == 0:
                    self.record_pages[record.row_no] = self.page
                if self.drawing:
                    self._row(self.widths, y, h, [x[done:done + part] for x in wrapped])
                y -= h
                done += part

    def _slip_sheet(self, record: Record) -> None:
        self._new_page()
        self.record_pages[record.row_no] = self.page
        self.markers += 1
        if not self.drawing:
            return
        c = self.canvas
        c.setFont(BOLD, 16)
        c.drawCentredString(PAGE[0] / 2, PAGE[1] / 2 + 20,
                            f"Record {record.row_no} withheld in full")
        c.setFont(FONT, 11)
        c.drawCentredString(PAGE[0] / 2, PAGE[1] / 2 - 4, record.withheld)


# No header may read like a person's name after "by" to a scanner (the release gate reads
# these pages too): "Who masked", not "Masked by".
LOG_LABELS = ("Bates page(s)", "Record", "Field", "Extent", "Action", "Who masked",
              "Citation", "Reason", "Decision", "Approval")
LOG_WEIGHTS = (3.0, 1.5, 1.0, 1.1, 1.0, 0.7, 1.3, 0.6, 0.9, 1.0)


# Replaced in the cover's paragraphs once the layout is known (plain tokens, never a format
# string: the cover quotes what the requester wrote).
FIRST, LAST, PAGES, CONTENTS = "\u00abFIRST\u00bb", "\u00abLAST\u00bb", "\u00abPAGES\u00bb", \
    "\u00abCONTENTS\u00bb"


def write_packet(path: Path, info: PacketInfo, columns: Sequence[Column],
                 records: Callable[[], Iterator[Record]], log: Sequence[LogLine],
                 spool: Path, laid_out: Callable[[Path], None] | None = None) -> PacketResult:
    """Write the packet: cover letter, summary, exemption log (its justifications listed once
    and referred to by key), then the records (slip sheets for those withheld in full).
    ``records`` yields the records in order, once: laid out, they wait in the file ``spool``
    (the caller's, and the caller removes it) for the drawing pass, so no more than a batch of
    them is held in memory. ``laid_out`` is called with that file once it holds every record
    as it will be drawn, before the drawing starts (the exports are written from it)."""
    kept = Spool(spool)
    try:
        return _write(path, info, columns, records, log, laid_out, kept)
    finally:
        kept.close()


def _write(path: Path, info: PacketInfo, columns: Sequence[Column],
           records: Callable[[], Iterator[Record]], log: Sequence[LogLine],
           laid_out: Callable[[Path], None] | None, spool: Spool) -> PacketResult:
    packet = Packet(info, columns)
    # 1. Lay the records out alone: on which of their pages each record falls.
    packet.start(None)
    packet.records(records(), spool)
    spool.complete()
    if laid_out is not None:
        laid_out(spool.path)
    relative = dict(packet.record_pages)
    record_page_count = packet.page
    keys: dict[str, str] = {}
    for line in log:
        keys.setdefault(line.justification, f"J{len(keys) + 1}")

    # 2. The front matter, laid out until its page count settles (the cover names the pages
    #    of each section). The log's Bates references have a fixed width and tabular digits,
    #    so they wrap the same whatever the offset.
    def front(offset: int, sections: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
        total = offset + record_page_count
        found = {}
        start = packet.page + 1
        packet.prose(f"Public records request {info.number}",
                     _cover(info, offset, total, sections))
        found["cover"] = (start, packet.page)
        start = packet.page + 1
        packet.cursor = None
        for i, (title, rows) in enumerate(info.summary):
            packet.table(title, (title.split(":")[0].split(" per ")[-1].capitalize()
                                 if " per " in title else "Month", "Searches"), (3, 1), rows,
                         share_page=i > 0, width_share=0.45)
        if info.summary:
            found["summary"] = (start, packet.page)
        if log:
            start = packet.page + 1
            packet.cursor = None
            packet.table("Justifications in the exemption log", ("Key", "Justification"),
                         (1, 14), [(key, text) for text, key in keys.items()])
            packet.table("Exemption log", LOG_LABELS, LOG_WEIGHTS, share_page=True, rows=(
                (_log_pages(info, line, relative, offset), *_log_cells(line, keys))
                for line in log))
            found["log"] = (start, packet.page)
        found["records"] = (packet.page + 1, total)
        return found

    sections: dict[str, tuple[int, int]] = {}
    front_pages = 0
    for _ in range(4):
        packet.start(None)
        sections = front(front_pages, sections)
        if packet.page == front_pages:
            break
        front_pages = packet.page
    packet.total_pages = front_pages + record_page_count

    # 3. Draw.
    canvas = _PageCanvas(str(path), pagesize=PAGE, invariant=1, pageCompression=1,
                         initialFontName=FONT)
    canvas.setTitle(f"Disclosure packet {info.number}")
    canvas.setAuthor(info.agency_name)
    canvas.setSubject(f"Records released under the {info.law_title}")
    canvas.setCreator("Disclosure Desk")
    canvas.setKeywords("")
    packet.start(canvas)
    front(front_pages, sections)
    if packet.page != front_pages:
        raise RuntimeError(f"front matter laid out on {front_pages} pages, drawn on "
                           f"{packet.page}")
    packet.records(spool.replay())
    if packet.page != packet.total_pages:
        raise RuntimeError(f"laid out {packet.total_pages} pages but drew {packet.page}")
    packet.finish()
    canvas.save()
    return PacketResult(packet.total_pages, packet.bates_of(1),
                        packet.bates_of(packet.total_pages),
                        {row: packet.bates_of(page) for row, page in packet.record_pages.items()},
                        packet.markers, front_pages + 1)


def _cover(info: PacketInfo, front_pages: int, total: int,
           sections: dict[str, tuple[int, int]]) -> tuple[str, ...]:
    first = bates(info.bates_prefix, info.bates_start)
    last = bates(info.bates_prefix, info.bates_start + total - 1)
    names = {"summary": "summary of the searches", "log": "exemption log",
             "records": "the records"}
    contents = "; ".join(
        f"{names[k]}: page{'s' if a != b else ''} {a}" + (f" to {b}" if a != b else "")
        for k, (a, b) in sections.items() if k in names)
    return tuple(p.replace(FIRST, first).replace(LAST, last).replace(PAGES, str(total))
                 .replace(CONTENTS, contents) for p in info.cover)


def _log_cells(line: LogLine, keys: dict[str, str]) -> tuple[str, ...]:
    return (line.record, line.field, line.extent, line.action, line.masked_by, line.citation,
            keys[line.justification], line.decided_by, line.approved_by)


def _log_pages(info: PacketInfo, line: LogLine, relative: dict[int, int], offset: int) -> str:
    """The Bates pages a decision touches, with the records section starting after
    ``offset`` pages."""
    rows = relative.keys() if line.rows is None else line.rows
    first = info.bates_start + offset - 1
    return _page_ranges(info.bates_prefix,
                        sorted({first + relative[r] for r in rows if r in relative}))


def _page_ranges(prefix: str, numbers: Sequence[int]) -> str:
    """RPD-000004 to RPD-000009, RPD-000012: consecutive pages as ranges."""
    if not numbers:
        return ""
    parts, start, prev = [], numbers[0], numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(bates(prefix, start) if start == prev
                     else f"{bates(prefix, start)} to {bates(prefix, prev)}")
        if n is not None:
            start = prev = n
    return ", ".join(parts)
