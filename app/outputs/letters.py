"""Letters as Word files, rendered from the agency's editable templates through docxtpl.

Requester- and agency-supplied text reaches a letter only as a *value*: the template's own
Jinja tags are the only code, autoescaping is on, and every value is made literal first
(:func:`literal`), so a description such as ``{{ 7*7 }}`` or ``{% if %}`` is printed as typed.
Before rendering, a template that carries tracked changes, comments, hidden text or fields
that print a person's name is refused; after rendering, the file is stripped of everything
that could name a person (core and extended properties, custom properties, the thumbnail,
the attached template's path), read back, and refused if a block the law requires is not in
it - so an edited template cannot drop the OGIS paragraph unnoticed.

No SQL, no Qt: the service gathers the data and calls :func:`render_letter`.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import struct
import tempfile
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate, InlineImage
from jinja2 import Environment, StrictUndefined, TemplateError
from markupsafe import Markup, escape

from app.domain.errors import InputError
from app.paths import resolve, resource_path

TEMPLATE_DIR = ("letters",)


def agency_template_dir() -> Path:
    """Where the agency keeps the templates it edited: ``letters`` in the desk's configuration
    folder (``%APPDATA%\\Disclosure Desk\\letters`` on Windows), so that an update of the
    application never overwrites them."""
    return resolve().config_dir / "letters"


def template_path(law: str, kind: str, language: str) -> Path:
    """The agency's own copy of ``cpra-determination.en.docx`` if it has one, else the one
    installed with the desk (``resources/letters``)."""
    name = f"{law}-{kind}.{language}.docx"
    own = agency_template_dir() / name
    return own if own.is_file() else resource_path(*TEMPLATE_DIR, name)


# --- values become literal text ---------------------------------------------------------------

# C0 controls (but tab and newline) and DEL: not allowed in XML, or turned into structure by
# docxtpl (\a starts a paragraph, \f a page). Bidirectional overrides and isolates reorder what
# is shown; in a letter they are written as visible escapes, as the command line shows them.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def plain(text: object) -> str:
    """Requester text as it may stand in a letter: no control characters, tabs as spaces,
    Windows line ends as line ends, reordering marks visible."""
    value = "" if text is None else str(text)
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    value = _CONTROL.sub("", value)
    return _BIDI.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), value)


def literal(text: object) -> Markup:
    """A value for the template: XML-escaped, and with its braces written as character
    references so that nothing downstream (Jinja, docxtpl's ``{_{`` clean-up) can read it as a
    tag. The Word file shows exactly the text given; newlines become line breaks."""
    escaped = str(escape(plain(text)))
    return Markup(escaped.replace("{", "&#123;").replace("}", "&#125;"))


def literal_context(value: object) -> object:
    """Every string in a nested context made literal (dicts, lists and tuples walked)."""
    if isinstance(value, Markup) or isinstance(value, InlineImage):
        return value
    if isinstance(value, str):
        return literal(value)
    if isinstance(value, Mapping):
        return {k: literal_context(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [literal_context(v) for v in value]
    return value


def user_strings(value: object) -> Iterable[str]:
    """The plain text of every string in a context (to tell requester text from template)."""
    if isinstance(value, str):
        yield plain(value)
    elif isinstance(value, Mapping):
        for v in value.values():
            yield from user_strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from user_strings(v)


# --- the logo: pixels only --------------------------------------------------------------------

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Chunks that carry pixels or how to show them; text, time and EXIF chunks are dropped.
PNG_KEEP = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP",
            b"sBIT", b"pHYs", b"bKGD"}


def image_kind(data: bytes) -> str | None:
    if data.startswith(PNG_SIGNATURE):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    return None


def clean_image(data: bytes) -> bytes:
    """The logo without its metadata (EXIF, XMP, IPTC, text chunks: an author's name, a
    camera's GPS position), so that nothing but pixels leaves in a letter."""
    kind = image_kind(data)
    if kind == "png":
        out, pos = [PNG_SIGNATURE], len(PNG_SIGNATURE)
        while pos + 8 <= len(data):
            length, ctype = struct.unpack(">I4s", data[pos:pos + 8])
            end = pos + 12 + length
            if ctype in PNG_KEEP:
                out.append(data[pos:end])
            pos = end
            if ctype == b"IEND":
                break
        return b"".join(out)
    if kind == "jpeg":
        out, pos = [b"\xff\xd8"], 2
        while pos + 4 <= len(data) and data[pos] == 0xFF:
            marker = data[pos + 1]
            if marker == 0xDA:  # start of scan: the rest is image data
                out.append(data[pos:])
                break
            length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
            segment = data[pos:pos + 2 + length]
            # APP1 (EXIF, XMP), APP13 (IPTC) and COM (comments) can name people; APP0 (JFIF),
            # APP2 (ICC colour profile) and APP14 (Adobe colour) only describe the pixels.
            if marker not in (0xE1, 0xED, 0xFE):
                out.append(segment)
            pos += 2 + length
        return b"".join(out)
    raise InputError("The logo is neither a PNG nor a JPEG image.",
                     "Save it as PNG or JPEG and choose it again in Settings (agency_logo).")


# --- what a template or a letter must not carry ----------------------------------------------

_TRACKED = ("ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "sectPrChange",
            "tblPrChange", "trPrChange", "tcPrChange", "numberingChange", "cellIns", "cellDel")
# Fields Word fills in from the computer or the file: they print a person's name or a path.
_PERSONAL_FIELDS = re.compile(
    r"\b(AUTHOR|USERNAME|USERINITIALS|USERADDRESS|LASTSAVEDBY|FILENAME|TEMPLATE|DOCPROPERTY|"
    r"INFO|CREATEDATE|SAVEDATE|PRINTDATE|DATE|TIME|EDITTIME|INCLUDETEXT|INCLUDEPICTURE|LINK)\b",
    re.I)
WORD_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes|styles)\.xml")


def package_problems(path: Path) -> list[str]:
    """Tracked changes, comments, hidden text and name-printing fields in a .docx (template or
    letter), each in words; empty when clean."""
    problems: list[str] = []
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        if any(n.startswith("word/comments") for n in names) or "word/people.xml" in names:
            problems.append("comments")
        for name in names:
            if not WORD_PARTS.fullmatch(name):
                continue
            xml = zf.read(name).decode("utf-8", "replace")
            found = sorted({t for t in _TRACKED if re.search(rf"<w:{t}[ >/]", xml)})
            if found:
                problems.append(f"tracked changes in {name} ({', '.join(found)})")
            if re.search(r"<w:comment(RangeStart|Reference)[ >/]", xml):
                problems.append(f"comment marks in {name}")
            if re.search(r"<w:(vanish|specVanish|webHidden)[ >/]", xml):
                problems.append(f"hidden text in {name}")
            instructions = re.findall(r"<w:instrText[^>]*>([^<]*)<", xml) + re.findall(
                r'<w:fldSimple [^>]*w:instr="([^"]*)"', xml)
            personal = sorted({m.group(1).upper() for i in instructions
                               if (m := _PERSONAL_FIELDS.search(i))})
            if personal:
                problems.append(f"fields that Word fills in from the computer in {name} "
                                f"({', '.join(personal)})")
    return problems


def read_back(path: Path) -> str:
    """The text of a letter as an independent reader sees it: every paragraph of the body
    (table cells included) and of every header and footer part."""
    doc = Document(str(path))
    stories = [doc.part] + [rel.target_part for rel in doc.part.rels.values()
                            if rel.reltype.endswith(("/header", "/footer"))]
    return "\n".join(Paragraph(p, story).text for story in stories
                     for p in story.element.iter(qn("w:p")))


# --- rendering ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Required:
    """Text the produced letter must contain, and why (named in the refusal)."""

    text: str
    why: str


@dataclass(frozen=True)
class Written:
    path: Path
    sha256: str


EXTENDED_PROPERTIES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>Disclosure Desk</Application><DocSecurity>0</DocSecurity></Properties>")
_DROPPED_RELS = ("/custom-properties", "/metadata/thumbnail", "/customXml")


def clean_package(doc, *, author: str, title: str, language: str, on: date) -> None:
    """Properties that say the agency and the letter, nothing about who edited the template."""
    props = doc.core_properties
    props.author = author
    props.last_modified_by = author
    props.title = title
    props.subject = ""
    props.keywords = ""
    props.comments = ""
    props.category = ""
    props.content_status = ""
    props.identifier = ""
    props.version = ""
    props.language = language
    props.revision = 1
    stamp = datetime.combine(on, time(0), tzinfo=UTC)
    props.created = stamp
    props.modified = stamp
    printed = props._element.find(qn("cp:lastPrinted"))
    if printed is not None:
        props._element.remove(printed)
    for description in props._element.findall(qn("dc:description")):
        description.text = ""
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith(_DROPPED_RELS):
            del package.rels[rid]
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/customXml"):
            del doc.part.rels[rid]
    for part in package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = EXTENDED_PROPERTIES.encode("utf-8")
    settings = doc.settings.element
    for tag in ("w:attachedTemplate", "w:trackRevisions", "w:documentProtection"):
        for element in settings.findall(qn(tag)):
            settings.remove(element)


def render_letter(template: Path, context: dict, target: Path, *, title: str, author: str,
                  language: str, on: date, logo: bytes | None = None,
                  required: Iterable[Required] = ()) -> Written:
    """Render ``template`` with ``context`` into ``target`` (which must not exist yet).

    ``context`` holds plain Python values; they are made literal here. ``logo`` (PNG or JPEG
    bytes) becomes the ``logo`` variable, metadata removed. Refuses - with nothing written -
    a template with tracked changes, comments, hidden text or name-printing fields, a template
    that uses a variable the desk does not provide, and a letter that lacks a ``required``
    text. Returns the file and its SHA-256."""
    if not template.is_file():
        raise InputError(f"The letter template {template.name} is missing from {template.parent}.",
                         "Restore it from the installation (resources/letters) or reinstall.")
    problems = package_problems(template)
    if problems:
        raise InputError(
            f"The letter template {template.name} contains {'; '.join(problems)}; a letter made "
            "from it could carry them to the requester. Nothing was written.",
            "Open the template in Word, accept or reject every change, delete the comments, "
            "unhide or remove hidden text, remove those fields, and save it again.")
    tpl = DocxTemplate(str(template))
    tpl.init_docx()
    values = literal_context(context)
    assert isinstance(values, dict)
    values["logo"] = InlineImage(tpl, io.BytesIO(clean_image(logo)), height=Mm(18)) \
        if logo else ""
    env = Environment(autoescape=True, undefined=StrictUndefined)
    try:
        tpl.render(values, jinja_env=env)
    except TemplateError as exc:
        raise InputError(
            f"The letter template {template.name} cannot be filled in: {exc}. Nothing was "
            "written.", "Check the {{ }} tags against resources/letters/README.md (the "
                        "variables a letter provides) and correct the template.") from None
    clean_package(tpl.docx, author=author, title=title, language=language, on=on)

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=".letter-", suffix=".docx", dir=target.parent)
    os.close(fd)
    temp = Path(temp_name)
    try:
        tpl.save(str(temp))
        _verify(temp, template, context, required)
        digest = hashlib.sha256(temp.read_bytes()).hexdigest()
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return Written(temp, digest)


def _verify(produced: Path, template: Path, context: dict, required: Iterable[Required]) -> None:
    problems = package_problems(produced)
    if problems:
        raise InputError(f"The letter made from {template.name} contains {'; '.join(problems)}. "
                         "Nothing was written.", "Correct the template in Word.")
    text = read_back(produced)
    # A tag Word split in a way docxtpl could not join is printed instead of filled in.
    outside_values = text
    for value in sorted(set(user_strings(context)), key=len, reverse=True):
        if value:
            outside_values = outside_values.replace(value, "")
    leftover = re.search(r"\{\{.*?\}\}|\{%.*?%\}", outside_values)
    if leftover:
        raise InputError(f"The letter template {template.name} has a tag that was not filled in: "
                         f"{leftover.group()!r}. Nothing was written.",
                         "Retype the tag in Word in one go (no formatting changes inside it).")
    flat = " ".join(text.split())
    absent = [r for r in required if " ".join(r.text.split()) not in flat]
    if absent:
        raise InputError(
            f"The letter made from {template.name} lacks what the law requires: "
            + "; ".join(f"{r.why} ({r.text!r})" for r in absent) + ". Nothing was written.",
            "Restore the paragraph in the template (compare with a fresh copy from "
            "tools/make_letter_templates.py).")
