"""Reading produced files back with independent readers, as a requester's software would: the
release gate scans what these return, never the objects that wrote the files.

Each reader returns :class:`Text` pieces: where the text was found ("page 12", "core
properties", "sheet Records, cell C14", "comment", "file name") and the text itself.
"""

from __future__ import annotations

import csv
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Text:
    file: str
    where: str
    text: str


def read_any(path: Path) -> Iterator[Text]:
    yield Text(path.name, "file name", path.name)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        yield from read_pdf(path)
    elif suffix == ".docx":
        yield from read_docx(path)
    elif suffix == ".csv":
        yield from read_csv(path)
    elif suffix == ".xlsx":
        yield from read_xlsx(path)
    elif suffix in (".json", ".txt", ".md"):
        yield Text(path.name, "contents", path.read_text(encoding="utf-8", errors="replace"))
    else:
        yield Text(path.name, "contents", path.read_bytes().decode("latin-1"))


# --- PDF ----------------------------------------------------------------------------------------

PDF_FORBIDDEN = ("/Annots", "/AcroForm", "/JavaScript", "/JS", "/EmbeddedFiles",
                 "/OpenAction", "/AA", "/Launch", "/RichMedia")


def read_pdf(path: Path) -> Iterator[Text]:
    """The text of every page (PDFium, the engine of Chrome's viewer), the document
    information and XMP metadata, and any interactive or embedded content, named (pypdf reads
    the structure)."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    info = reader.metadata or {}
    yield Text(path.name, "metadata", " | ".join(f"{k}={v}" for k, v in info.items()))
    root = reader.trailer["/Root"]
    if "/Metadata" in root:
        yield Text(path.name, "XMP metadata", root["/Metadata"].get_object().get_data()
                   .decode("utf-8", "replace"))
    found = [key for key in PDF_FORBIDDEN if key in root]
    if "/Names" in root:
        found += [key for key in ("/JavaScript", "/EmbeddedFiles")
                  if key in root["/Names"].get_object()]
    for page in reader.pages:
        found += [key for key in ("/Annots", "/AA") if key in page]
    for number, text in enumerate(pdf_pages(path), 1):
        yield Text(path.name, f"page {number}", text)
    if found:
        yield Text(path.name, "interactive content", "PDF holds " + ", ".join(sorted(
            set(found))))


def pdf_pages(path: Path) -> list[str]:
    """The text of each page as a PDF reader extracts it."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        texts = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range().replace("\r\n", "\n"))
            textpage.close()
            page.close()
        return texts
    finally:
        document.close()


# --- DOCX ---------------------------------------------------------------------------------------

def read_docx(path: Path) -> Iterator[Text]:
    """Body paragraphs and tables, headers and footers (python-docx); core properties; and,
    from the package itself, comments, tracked insertions and deletions, and hidden text."""
    from docx import Document

    document = Document(str(path))
    for i, paragraph in enumerate(document.paragraphs, 1):
        yield Text(path.name, f"paragraph {i}", paragraph.text)
    for t, table in enumerate(document.tables, 1):
        for r, row in enumerate(table.rows, 1):
            yield Text(path.name, f"table {t} row {r}", " | ".join(c.text for c in row.cells))
    for s, section in enumerate(document.sections, 1):
        for part, name in ((section.header, "header"), (section.footer, "footer"),
                           (section.first_page_header, "first-page header"),
                           (section.first_page_footer, "first-page footer")):
            text = "\n".join(p.text for p in part.paragraphs)
            text += "\n".join(c.text for t in part.tables for row in t.rows for c in row.cells)
            if text.strip():
                yield Text(path.name, f"section {s} {name}", text)
    props = document.core_properties
    yield Text(path.name, "core properties", " | ".join(
        f"{name}={getattr(props, name)}" for name in (
            "author", "last_modified_by", "title", "subject", "keywords", "comments",
            "category", "identifier", "content_status", "language", "version")
        if getattr(props, name)))
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        for name in names:
            if name.startswith("word/comments") or name == "docProps/custom.xml":
                yield Text(path.name, name, _xml_text(package.read(name)))
        body = package.read("word/document.xml").decode("utf-8", "replace")
        for tag, what in (("w:ins", "tracked insertion"), ("w:del", "tracked deletion")):
            for match in re.finditer(rf"<{tag}\b.*?</{tag}>", body, re.S):
                yield Text(path.name, what, _xml_text(match.group().encode()))
        for match in re.finditer(r"<w:r>(?:(?!</w:r>).)*<w:vanish/>.*?</w:r>", body, re.S):
            yield Text(path.name, "hidden text", _xml_text(match.group().encode()))
        if "docProps/app.xml" in names:
            yield Text(path.name, "extended properties", _xml_text(package.read(
                "docProps/app.xml")))


def _xml_text(data: bytes) -> str:
    text = data.decode("utf-8", "replace")
    text = re.sub(r"<w:delText[^>]*>", "", text)
    return re.sub(r"<[^>]+>", " ", text)


# --- CSV and XLSX -------------------------------------------------------------------------------

def read_csv(path: Path, lines_per_text: int = 500) -> Iterator[Text]:
    """The rows, a few hundred per piece of text (a scan costs per call), one row per line
    (a line break inside a cell is read as a space), so that a position in the text gives
    its row: see :func:`row_of`."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        batch: list[str] = []
        first = 1
        for i, row in enumerate(csv.reader(fh), 1):
            batch.append(" | ".join(c.replace("\r", " ").replace("\n", " ") for c in row))
            if len(batch) == lines_per_text:
                yield Text(path.name, f"rows {first}-{i}", "\n".join(batch))
                batch, first = [], i + 1
        if batch:
            yield Text(path.name, f"rows {first}-{first + len(batch) - 1}", "\n".join(batch))


def row_of(text: Text, position: int) -> str:
    """Where ``position`` of a CSV text is: "row N" (the header is row 1); else ``where``."""
    if text.where.startswith("rows "):
        first = int(text.where.split()[1].split("-")[0])
        return f"row {first + text.text.count(chr(10), 0, position)}"
    return text.where


def csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def read_xlsx(path: Path) -> Iterator[Text]:
    """Every sheet (hidden ones named as such) and every cell, streamed (openpyxl read-only);
    from the package itself, cell comments, defined names and document properties."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=False)
    try:
        props = workbook.properties
        yield Text(path.name, "document properties", " | ".join(
            f"{k}={getattr(props, k)}" for k in ("creator", "lastModifiedBy", "title",
                                                 "subject", "description", "keywords",
                                                 "category") if getattr(props, k)))
        for name, defined in workbook.defined_names.items():
            yield Text(path.name, f"defined name {name}", str(defined.value))
        for sheet in workbook.worksheets:
            state = "" if sheet.sheet_state == "visible" else f" ({sheet.sheet_state})"
            for r, row in enumerate(sheet.iter_rows(values_only=True), 1):
                text = " | ".join("" if v is None else str(v) for v in row)
                if text.strip(" |"):
                    yield Text(path.name, f"sheet {sheet.title}{state}, row {r}", text)
    finally:
        workbook.close()
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if "comments" in name.lower() or name == "docProps/custom.xml":
                yield Text(path.name, name, _xml_text(package.read(name)))


def xlsx_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    """(sheet names with their state, the first sheet's rows as text)."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=False)
    try:
        sheets = [f"{s.title}:{s.sheet_state}" for s in workbook.worksheets]
        rows = [["" if v is None else str(v) for v in row]
                for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()
    return sheets, rows
