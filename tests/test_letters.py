"""Letters to requesters, read back from the produced .docx with python-docx (body paragraphs,
tables, every header and footer, core properties) - never from the objects that wrote them."""

from __future__ import annotations

import hashlib
import json
import struct
import zipfile
import zlib
from dataclasses import replace
from datetime import date, time
from pathlib import Path

import pytest
from docx import Document

from app.domain.deadlines import Law
from app.domain.errors import InputError
from app.domain.letters import written_date, written_time
from app.domain.requests import Criteria, Intake
from app.outputs import letters as outputs
from app.services import database as database_service
from app.services import letters as svc
from app.services import requests as requests_service
from app.services import settings as settings_service
from app.services.context import Context
from tests.conftest import ROOT, give_agency, run_cli

D = date.fromisoformat
AGENCY = "City of Ribera Police Department"
SIGNERS = [
    {"name": "Alma Rivera", "title": "Chief of Police", "role": "head"},
    {"name": "Dana Okafor", "title": "Records Supervisor", "role": "records_officer"},
    {"name": "Luis Ortega", "title": "Deputy City Attorney", "role": "designee"},
]
LIAISON = {"name": "Pat Lee", "phone": "(555) 010-0199", "email": "foia@ribera.example"}
APPEAL = {"to": "the Chief of Police", "address": "100 Civic Center Plaza, Ribera, CA 90000",
          "email": "foia-appeals@ribera.example", "days": 90}
DESCRIPTION = "All Clearview AI search logs for 2019, with the number of searches per officer."
DETERMINATION = {"records_exist": True, "available_on": D("2026-12-04"),
                 "available_time": "10:00",
                 "reasons": "The search logs are public records (Gov. Code § 7920.530) and no "
                            "exemption applies to the fields requested."}
DENIAL = {"withheld": ["Officers' e-mail addresses|Gov. Code § 7922.000|Disclosure would "
                       "expose officers to harassment; the counts per officer remain.",
                       "Case numbers of open investigations|Gov. Code § 7923.600|Records of "
                       "investigations conducted by a police agency."],
          "responsible": ["Alma Rivera", "Kim Soto|Assistant City Attorney"]}


# --- reading a letter back -----------------------------------------------------------------------

def flat(text: str) -> str:
    """Whitespace (line breaks, the non-breaking spaces inside citations) as single spaces."""
    return " ".join(text.split())


def letter_text(path: Path) -> str:
    """Everything a reader of the file sees: paragraphs, table cells, headers and footers."""
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    for section in doc.sections:
        for story in (section.first_page_header, section.header, section.first_page_footer,
                      section.footer):
            parts += [p.text for p in story.paragraphs]
    return flat("\n".join(parts))


def body_text(path: Path) -> str:
    doc = Document(str(path))
    return flat("\n".join([p.text for p in doc.paragraphs]
                          + [c.text for t in doc.tables for r in t.rows for c in r.cells]))


# --- fixtures ------------------------------------------------------------------------------------

@pytest.fixture
def desk(db, ctx):
    give_agency(db, ctx)
    for key, value in (("signers", SIGNERS), ("foia_public_liaison", LIAISON),
                       ("foia_appeal", APPEAL), ("agency_phone", "(555) 010-0100"),
                       ("agency_email", "records@ribera.example")):
        settings_service.update(db, ctx, key, value)
    return db


@pytest.fixture
def out(tmp_path) -> Path:
    """Where letters are written (not the folder of the database)."""
    return tmp_path / "letters"


def new_request(db, ctx, law: Law = Law.CPRA, **changes) -> str:
    intake = Intake(law=law, received=D("2026-11-16"), requester_name="Rosa Delgado",
                    requester_org="Ribera Ledger", requester_email="rdelgado@ledger.example",
                    requester_address="12 Main Street\nRibera, CA 90001",
                    description=DESCRIPTION, criteria=Criteria())
    return requests_service.create_request(db, ctx, replace(intake, **changes)).number


def state(db, out: Path):
    return (db.scalar("SELECT count(*) FROM events"),
            sorted(p.name for p in out.iterdir()) if out.exists() else [])


def refused(db, ctx, out: Path, number: str, kind: str, *words: str, **details) -> str:
    """Write a letter that must be refused; check the message and that nothing changed."""
    before = state(db, out)
    with pytest.raises(InputError) as err:
        svc.write_letter(db, ctx, number, kind, out, "en", **details)
    assert state(db, out) == before, "a refused letter wrote something"
    message = str(err.value)
    for word in words:
        assert word in message, f"{word!r} not in: {message}"
    return message


# --- dates in words ------------------------------------------------------------------------------

def test_dates_and_times_in_words_without_the_locale():
    assert written_date(D("2026-11-30")) == "November 30, 2026"
    assert written_date(D("2026-11-30"), "es") == "30 de noviembre de 2026"
    assert written_date(D("2027-01-05"), "es") == "5 de enero de 2027"
    assert written_time(time(10, 0)) == "10:00 a.m."
    assert written_time(time(14, 30)) == "2:30 p.m."
    assert written_time(time(0, 5), "es") == "12:05 a. m."
    assert written_time(time(12, 0), "es") == "12:00 p. m."


# --- CPRA determination (Gov. Code § 7922.535(a)) ----------------------------------------------

def test_cpra_determination_states_records_reasons_and_date_and_time(desk, ctx, out):
    number = new_request(desk, ctx)
    path = svc.write_letter(desk, ctx, number, "determination", out, "en", **DETERMINATION)
    assert path.name == f"{number}-determination.en.docx"
    text = letter_text(path)
    # Letterhead, date, addressee, subject, signature.
    for expected in (AGENCY, "100 Civic Center Plaza · Ribera, CA 90000",
                     "(555) 010-0100 · records@ribera.example", "November 26, 2026",
                     "Rosa Delgado Ribera Ledger 12 Main Street Ribera, CA 90001",
                     "By e-mail: rdelgado@ledger.example",
                     f"Re: Public records request {number}", "Dear Rosa Delgado:",
                     "received on November 16, 2026", f"“{DESCRIPTION}”",
                     "Sincerely,", "Dana Okafor Records Supervisor"):
        assert expected in text, expected
    # The three things § 7922.535(a) requires.
    assert "seeks disclosable public records in its possession (Gov. Code § 7922.535(a))" in text
    assert DETERMINATION["reasons"] in text
    assert "available at 10:00 a.m. on December 4, 2026" in text
    # Page numbering in the footer, the request number with it.
    doc = Document(str(path))
    footer = doc.sections[0].first_page_footer.paragraphs[0]
    assert footer.text.startswith(f"{number} · Page ")
    assert "NUMPAGES" in footer._p.xml


@pytest.mark.parametrize("drop, words", [
    ("records_exist", ["whether disclosable records exist", "7922.535(a)"]),
    ("reasons", ["the reasons for the determination"]),
    ("available_on", ["estimated date and time the records will be available"]),
    ("available_time", ["estimated date and time", "--available-time"]),
])
def test_cpra_determination_refused_without_a_required_block(desk, ctx, out, drop, words):
    number = new_request(desk, ctx)
    details = {k: v for k, v in DETERMINATION.items() if k != drop}
    refused(desk, ctx, out, number, "determination", "Nothing was written",
            *words, **details)


def test_determination_that_no_records_exist_is_the_wrong_letter(desk, ctx, out):
    number = new_request(desk, ctx)
    refused(desk, ctx, out, number, "determination", "no-records letter",
            **{**DETERMINATION, "records_exist": "no"})
    refused(desk, ctx, out, number, "determination", "not in the past",
            **{**DETERMINATION, "available_on": D("2026-11-25")})


def test_a_detail_the_kind_does_not_take_is_refused(desk, ctx, out):
    number = new_request(desk, ctx)
    refused(desk, ctx, out, number, "acknowledgement", "does not take reasons",
            reasons="because")


# --- CPRA extension (Gov. Code § 7922.535(b)–(c)) ---------------------------------------------

def test_cpra_extension_from_the_head_with_reason_and_date(desk, ctx, out):
    number = new_request(desk, ctx)
    refused(desk, ctx, out, number, "extension", "extend the request first")
    requests_service.extend(desk, ctx, number, "c2")
    path = svc.write_letter(desk, ctx, number, "extension", out, "en")
    text = letter_text(path)
    assert "was due on November 30, 2026" in text
    assert "voluminous amount of separate and distinct records" in text
    assert "(Gov. Code § 7922.535(c)(2))" in text
    # Day 24 after receipt: the original 10 days plus at most 14.
    assert "on or before December 10, 2026" in text
    assert "Alma Rivera Chief of Police Head of agency" in text  # the head signs by default


def test_cpra_extension_needs_the_head_or_a_designee(desk, ctx, out):
    number = new_request(desk, ctx)
    requests_service.extend(desk, ctx, number, "c1")
    refused(desk, ctx, out, number, "extension", "head of the agency or a designee",
            "Dana Okafor", signer="Dana Okafor")
    path = svc.write_letter(desk, ctx, number, "extension", out, "en", signer="Luis Ortega")
    assert "Designee of the head of agency" in letter_text(path)


def test_cpra_extension_never_beyond_14_days(desk, ctx, out):
    number = new_request(desk, ctx)
    requests_service.extend(desk, ctx, number, "c4")
    refused(desk, ctx, out, number, "extension", "no later than 2026-12-10",
            "more than 14 days", determination_by=D("2026-12-11"))
    path = svc.write_letter(desk, ctx, number, "extension", out, "en",
                            determination_by=D("2026-12-07"))
    assert "on or before December 7, 2026" in letter_text(path)


# --- CPRA denial (Gov. Code § 7922.540) --------------------------------------------------------

def test_cpra_partial_denial_names_each_person_responsible_and_the_law(desk, ctx, out):
    number = new_request(desk, ctx)
    path = svc.write_letter(desk, ctx, number, "denial", out, "en", partial=True,
                            available_on=D("2026-12-04"), available_time="14:30", **DENIAL)
    text = letter_text(path)
    assert "granted in part and denied in part" in text
    assert "at 2:30 p.m." in text and "December 4, 2026" in text
    assert "Persons responsible for this denial (Gov. Code § 7922.540(b))" in text
    assert "Alma Rivera, Chief of Police" in text            # a signer, title from Settings
    assert "Kim Soto, Assistant City Attorney" in text       # given with the title
    assert "Gov. Code §§ 7922.000, 7922.540(c)" in text
    doc = Document(str(path))
    rows = [[flat(c.text) for c in r.cells] for r in doc.tables[0].rows]
    assert rows[0] == ["Records or information withheld", "Legal basis", "Justification"]
    assert rows[1][:2] == ["Officers' e-mail addresses", "Gov. Code § 7922.000"]
    assert rows[2][1] == "Gov. Code § 7923.600"
    assert len(rows) == 3  # the loop's marker rows are gone


@pytest.mark.parametrize("change, words", [
    ({"responsible": None}, ["each person responsible", "7922.540(b)"]),
    ({"responsible": ["Nobody Known"]}, ["both a name and a title", "Nobody Known"]),
    ({"withheld": None}, ["what is withheld", "7922.000"]),
    ({"withheld": ["Names|the privacy exemption|Privacy."]}, ["the exemption cited",
                                                             "name the section"]),
    ({"withheld": ["Names|Gov. Code § 7922.000| "]}, ["the justification for withholding"]),
])
def test_cpra_denial_refused_without_names_titles_or_justification(desk, ctx, out,
                                                                    change, words):
    number = new_request(desk, ctx)
    details = {**DENIAL, **change}
    details = {k: v for k, v in details.items() if v is not None}
    refused(desk, ctx, out, number, "denial", *words, **details)


def test_partial_denial_still_says_when_records_come(desk, ctx, out):
    number = new_request(desk, ctx)
    refused(desk, ctx, out, number, "denial", "estimated date and time", partial=True,
            **DENIAL)


# --- no records: first the help given (Gov. Code § 7922.600) ----------------------------------

def test_no_records_letter_only_after_help_is_recorded(desk, ctx, out):
    number = new_request(desk, ctx)
    refused(desk, ctx, out, number, "no-records", "7922.600", "assist")
    view = svc.record_assistance(desk, ctx, number, "Called the requester; explained that the "
                                 "logs start in 2019 and suggested a date range.",
                                 D("2026-11-20"))
    assert "Help to identify records (2026-11-20)" in requests_service.describe_event(
        view.events[-1])
    path = svc.write_letter(desk, ctx, number, "no-records", out, "en",
                            searched="the Clearview AI audit log")
    text = letter_text(path)
    assert "no records responsive to your request" in text
    assert "After searching the Clearview AI audit log" in text
    assert "November 20, 2026: Called the requester; explained that the logs start" in text
    assert "(Gov. Code § 7922.600)" in text


def test_help_cannot_be_recorded_in_the_future_or_empty(desk, ctx):
    number = new_request(desk, ctx)
    with pytest.raises(InputError, match="future"):
        svc.record_assistance(desk, ctx, number, "Called", D("2026-11-27"))
    with pytest.raises(InputError, match="before the request was received"):
        svc.record_assistance(desk, ctx, number, "Called", D("2026-11-15"))
    with pytest.raises(InputError, match="what help was given"):
        svc.record_assistance(desk, ctx, number, "   ")


# --- FOIA adverse determinations -------------------------------------------------------------

OGIS_LINES = ("Office of Government Information Services (OGIS)",
              "National Archives and Records Administration, 8601 Adelphi Road–OGIS, "
              "College Park, MD 20740-6001", "ogis@nara.gov", "202-741-5770", "1-877-684-6448")


@pytest.mark.parametrize("kind, details", [
    ("denial", DENIAL),
    ("denial", {**DENIAL, "partial": True, "available_on": "2026-12-04",
                "available_time": "09:00", "volume": "about 40 pages"}),
    ("no-records", {"searched": "the Clearview AI audit log"}),
])
def test_foia_adverse_letters_give_appeal_rights_liaison_and_ogis(desk, ctx, out, kind,
                                                                  details):
    number = new_request(desk, ctx, Law.FOIA)
    path = svc.write_letter(desk, ctx, number, kind, out, "en", **details)
    text = letter_text(path)
    assert ("You may appeal this determination to the Chief of Police, 100 Civic Center "
            "Plaza, Ribera, CA 90000, or by e-mail to foia-appeals@ribera.example") in text
    assert "within 90 days of the date of this letter, that is, by February 24, 2027" in text
    assert "5 U.S.C. § 552(a)(6)(A)(i)(III)(aa)" in text
    assert "FOIA Public Liaison, Pat Lee, at (555) 010-0199 or foia@ribera.example" in text
    for line in OGIS_LINES:
        assert line in text, line
    if kind == "denial":
        assert "Persons responsible for this denial (5 U.S.C. § 552(a)(6)(C)(i))" in text
        assert "Kim Soto, Assistant City Attorney" in text
    if details.get("volume"):
        assert "about 40 pages (5 U.S.C. § 552(a)(6)(F))" in text


def test_foia_adverse_letter_refused_without_appeal_route_or_liaison(db, ctx, out):
    give_agency(db, ctx)
    settings_service.update(db, ctx, "signers", SIGNERS)
    number = new_request(db, ctx, Law.FOIA)
    refused(db, ctx, out, number, "no-records", "FOIA Public Liaison",
            "552(a)(6)(A)(i)(II)", "where an appeal goes", "(III)(aa)")
    settings_service.update(db, ctx, "foia_public_liaison", LIAISON)
    refused(db, ctx, out, number, "no-records", "where an appeal goes")
    settings_service.update(db, ctx, "foia_appeal", APPEAL)
    assert svc.write_letter(db, ctx, number, "no-records", out, "en").is_file()


def test_foia_determination_is_not_adverse_but_names_the_liaison(desk, ctx, out):
    number = new_request(desk, ctx, Law.FOIA)
    text = letter_text(svc.write_letter(desk, ctx, number, "determination", out, "en",
                                        **DETERMINATION))
    assert "Pat Lee" in text and "appeal" not in text.lower()


@pytest.mark.parametrize("key, value, message", [
    ("foia_appeal", {**APPEAL, "days": 60}, "at least 90"),
    ("foia_appeal", {"to": "the Chief", "days": 90}, "postal address or an e-mail"),
    ("foia_public_liaison", {"name": "Pat Lee"}, "telephone number or an e-mail"),
    ("signers", [{"name": "A", "title": "Chief", "role": "boss"}], "role 'boss'"),
    ("signers", [{"name": "A", "title": "", "role": "head"}], "both a name and a title"),
    ("agency_email", "records-at-ribera", "does not look like an e-mail"),
    ("letter_language", "fr", "English (en) or Spanish (es)"),
])
def test_letter_settings_are_checked(db, ctx, key, value, message):
    before = database_service.agency_settings(db)[key]
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        settings_service.update(db, ctx, key, value)
    assert database_service.agency_settings(db)[key] == before


# --- requester text is printed, never run -------------------------------------------------------

INJECTION = ("Logs {{ 7*7 }} and ${x} {% if true %}YES{% endif %} {# c #} {_{ y }_} "
             "<w:t>x</w:t> & \u202eevil\x07bell")


def test_requester_text_appears_literally(desk, ctx, out):
    number = new_request(desk, ctx, description=INJECTION, requester_name="Ann {{ name }}",
                         requester_org="Org ${org} & Co")
    path = svc.write_letter(desk, ctx, number, "acknowledgement", out, "en")
    text = letter_text(path)
    assert ("Logs {{ 7*7 }} and ${x} {% if true %}YES{% endif %} {# c #} {_{ y }_} "
            "<w:t>x</w:t> & \\u202eevilbell") in text
    assert "49" not in text
    assert "Dear Ann {{ name }}:" in text and "Org ${org} & Co" in text


def test_agency_text_is_literal_too(desk, ctx, out):
    settings_service.update(desk, ctx, "agency_name", "Ribera {{ PD }} & {% raw %}")
    number = new_request(desk, ctx)
    text = letter_text(svc.write_letter(desk, ctx, number, "acknowledgement", out, "en"))
    assert "The Ribera {{ PD }} & {% raw %} received your request" in text
    assert Document(str(out / f"{number}-acknowledgement.en.docx")
                    ).core_properties.author == "Ribera {{ PD }} & {% raw %}"


# --- Spanish -------------------------------------------------------------------------------------

def test_spanish_letters_are_in_spanish(desk, ctx, out):
    number = new_request(desk, ctx)
    requests_service.extend(desk, ctx, number, "c2")
    path = svc.write_letter(desk, ctx, number, "extension", out, "es")
    assert path.name.endswith(".es.docx")
    text = letter_text(path)
    for expected in ("26 de noviembre de 2026", f"Ref.: Solicitud de registros públicos {number}",
                     "Estimado/a Rosa Delgado:", "recibida el 16 de noviembre de 2026",
                     "vencía el 30 de noviembre de 2026", "a más tardar el 10 de diciembre de 2026",
                     "cantidad voluminosa de registros separados y distintos",
                     "(Código de Gobierno, § 7922.535(c)(2))", "Titular de la agencia",
                     "Atentamente,", "Por correo electrónico: rdelgado@ledger.example",
                     "Página"):
        assert expected in text, expected
    for english in ("Dear", "Sincerely", "received on", "Head of agency", "Page "):
        assert english not in text, english
    assert Document(str(path)).core_properties.title == f"Aviso de prórroga — {number}"


def test_spanish_foia_denial_keeps_the_required_blocks(desk, ctx, out):
    number = new_request(desk, ctx, Law.FOIA)
    text = letter_text(svc.write_letter(desk, ctx, number, "denial", out, "es", **DENIAL))
    assert "Su derecho a apelar" in text and "a más tardar el 24 de febrero de 2027" in text
    assert "Oficina de Servicios de Información Gubernamental (OGIS)" in text
    assert "ogis@nara.gov" in text and "Enlace Público de FOIA, Pat Lee" in text


def test_spanish_is_the_agency_default_when_chosen(desk, ctx, out):
    settings_service.update(desk, ctx, "letter_language", "es")
    number = new_request(desk, ctx)
    path = svc.write_letter(desk, ctx, number, "acknowledgement", out)
    assert path.name.endswith(".es.docx")
    assert "a más tardar el 30 de noviembre de 2026" in letter_text(path)


# --- the file carries nothing but the letter ----------------------------------------------------

def test_core_properties_and_package_are_clean(desk, ctx, out):
    number = new_request(desk, ctx)
    path = svc.write_letter(desk, ctx, number, "determination", out, "en", **DETERMINATION)
    props = Document(str(path)).core_properties
    assert props.author == AGENCY and props.last_modified_by == AGENCY
    assert props.title == f"Determination — {number}"
    assert (props.comments, props.keywords, props.subject, props.category) == ("", "", "", "")
    assert props.revision == 1 and props.created.date() == ctx.today
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        xml = {n: zf.read(n).decode("utf-8", "replace") for n in names if n.endswith(".xml")}
    assert not any(n.startswith(("word/comments", "customXml/", "docProps/custom",
                                 "docProps/thumbnail")) for n in names)
    assert "word/people.xml" not in names
    everything = "\n".join(xml.values())
    assert "python-docx" not in everything and "test-clerk" not in everything
    for tag in ("<w:ins ", "<w:del ", "<w:vanish", "<w:commentReference", "attachedTemplate",
                "<w:trackRevisions"):
        assert tag not in everything, tag
    assert "<Application>Disclosure Desk</Application>" in xml["docProps/app.xml"]
    assert "Company" not in xml["docProps/app.xml"]


def _tiny_png(text_chunk: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = zlib.compress(b"\x00\xff\x00\x00")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"tEXt", text_chunk) + chunk(b"IDAT", raw) + chunk(b"IEND", b""))


def test_logo_is_printed_without_its_metadata(desk, ctx, out, tmp_path):
    logo = tmp_path / "jdoe-logo.png"
    logo.write_bytes(_tiny_png(b"Author\x00Jane Doe"))
    settings_service.update(desk, ctx, "agency_logo", str(logo))
    number = new_request(desk, ctx)
    path = svc.write_letter(desk, ctx, number, "acknowledgement", out, "en")
    with zipfile.ZipFile(path) as zf:
        media = [n for n in zf.namelist() if n.startswith("word/media/")]
        assert len(media) == 1
        image = zf.read(media[0])
        everything = b"".join(zf.read(n) for n in zf.namelist())
    assert image.startswith(b"\x89PNG") and b"IDAT" in image
    assert b"Jane Doe" not in everything and b"jdoe" not in everything
    header = Document(str(path)).sections[0].first_page_header
    assert "graphicData" in header._element.xml


def test_a_logo_that_is_not_an_image_is_refused(db, ctx, tmp_path):
    fake = tmp_path / "logo.png"
    fake.write_text("not an image")
    with pytest.raises(InputError, match="not a PNG or JPEG"):
        settings_service.update(db, ctx, "agency_logo", str(fake))
    with pytest.raises(InputError, match="no logo file"):
        settings_service.update(db, ctx, "agency_logo", str(tmp_path / "missing.png"))


# --- templates edited in Word --------------------------------------------------------------------

def _edited_template(tmp_path: Path, monkeypatch, name: str, edit) -> None:
    """Point the service at a copy of the template ``name`` whose document.xml ``edit`` changed."""
    source = outputs.template_path(*name.split(".")[0].split("-", 1), name.split(".")[1])
    copy = tmp_path / "templates" / name
    copy.parent.mkdir(exist_ok=True)
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(copy, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = edit(data.decode("utf-8")).encode("utf-8")
            dst.writestr(item, data)
    monkeypatch.setattr(svc, "template_path", lambda law, kind, lang: copy)


@pytest.mark.parametrize("edit, words", [
    (lambda x: x.replace("<w:r>", '<w:ins w:id="1" w:author="Jane Doe" '
                                  'w:date="2026-01-01T00:00:00Z"><w:r>', 1)
     .replace("</w:r>", "</w:r></w:ins>", 1), ["tracked changes"]),
    (lambda x: x.replace("<w:rPr>", "<w:rPr><w:vanish/>", 1), ["hidden text"]),
    (lambda x: x.replace("<w:r>", '<w:r><w:instrText xml:space="preserve"> AUTHOR </w:instrText>'
                                  "</w:r><w:r>", 1), ["fields", "AUTHOR"]),
    (lambda x: x.replace("{{ letter_date }}", "{{ agency_motto }}"), ["agency_motto",
                                                                       "README"]),
])
def test_a_template_carrying_changes_or_unknown_tags_is_refused(desk, ctx, out, tmp_path,
                                                                monkeypatch, edit, words):
    _edited_template(tmp_path, monkeypatch, "cpra-acknowledgement.en.docx", edit)
    number = new_request(desk, ctx)
    refused(desk, ctx, out, number, "acknowledgement", *words)


def test_a_template_that_lost_a_required_block_is_refused(desk, ctx, out, tmp_path, monkeypatch):
    """The agency deletes the OGIS paragraph from its FOIA denial: no letter comes out."""
    def drop_ogis(xml: str) -> str:
        start = xml.index("Help and dispute resolution.")
        p_start = xml.rindex("<w:p>", 0, start) if "<w:p>" in xml[:start] else \
            xml.rindex("<w:p ", 0, start)
        p_end = xml.index("</w:p>", start) + len("</w:p>")
        return xml[:p_start] + xml[p_end:]

    _edited_template(tmp_path, monkeypatch, "foia-denial.en.docx", drop_ogis)
    number = new_request(desk, ctx, Law.FOIA)
    refused(desk, ctx, out, number, "denial", "lacks what the law requires",
            "Office of Government Information Services", "ogis@nara.gov", **DENIAL)


def test_the_agency_copy_of_a_template_is_used(desk, ctx, out):
    installed = outputs.template_path("cpra", "acknowledgement", "en")
    own = outputs.agency_template_dir() / installed.name
    own.parent.mkdir(parents=True)
    doc = Document(str(installed))
    doc.add_paragraph("Office hours: Monday to Thursday.")
    doc.save(str(own))
    assert outputs.template_path("cpra", "acknowledgement", "en") == own
    number = new_request(desk, ctx)
    text = letter_text(svc.write_letter(desk, ctx, number, "acknowledgement", out, "en"))
    assert "Office hours: Monday to Thursday." in text and number in text


def test_a_tag_printed_instead_of_filled_in_is_refused(desk, ctx, out, tmp_path, monkeypatch):
    # docxtpl prints {_{ ... }_} as a literal {{ ... }}: to a requester it is a broken tag.
    _edited_template(tmp_path, monkeypatch, "cpra-acknowledgement.en.docx",
                     lambda x: x.replace("{{ letter_date }}", "{_{ letter_date }_}"))
    number = new_request(desk, ctx)
    refused(desk, ctx, out, number, "acknowledgement", "not filled in", "letter_date")


def test_rendering_strips_what_word_adds_to_a_template(tmp_path):
    """A template saved by another program carries a thumbnail, custom XML, its author and
    comments in the properties; the letter carries none of them."""
    template = Document()  # python-docx's own default: thumbnail, customXml, author
    template.core_properties.author = "Jane Doe"
    template.core_properties.comments = "draft by jdoe"
    template.add_paragraph("Request {{ number }}")
    saved = tmp_path / "saved.docx"
    template.save(str(saved))
    source = tmp_path / "odd.docx"
    with zipfile.ZipFile(saved) as src, zipfile.ZipFile(source, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "docProps/app.xml":  # as Word writes them
                data = data.replace(b"</Properties>", b"<Manager>Jane Doe</Manager>"
                                    b"<Company>jdoe consulting</Company></Properties>")
            dst.writestr(item, data)
    with zipfile.ZipFile(source) as zf:
        assert any(n.startswith(("customXml/", "docProps/thumbnail")) for n in zf.namelist())
    written = outputs.render_letter(source, {"number": "CPRA-2026-0001"}, tmp_path / "x.docx",
                                    title="Letter", author=AGENCY, language="en-US",
                                    on=D("2026-11-26"))
    with zipfile.ZipFile(written.path) as zf:
        names = zf.namelist()
        everything = b"".join(zf.read(n) for n in names)
    assert not any(n.startswith(("customXml/", "docProps/thumbnail", "docProps/custom"))
                   for n in names)
    assert b"Jane Doe" not in everything and b"jdoe" not in everything
    assert b"python-docx" not in everything
    assert letter_text(written.path) == "Request CPRA-2026-0001"


@pytest.mark.slow
def test_templates_are_what_the_script_builds_and_are_clean():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_letter_templates", ROOT / "tools" / "make_letter_templates.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = module.all_templates()
    assert len(built) == 2 * 7 * 2  # laws x kinds x languages
    folder = ROOT / "resources" / "letters"
    stale = [n for n, data in built.items() if (folder / n).read_bytes() != data]
    assert stale == [], "run: uv run python tools/make_letter_templates.py"
    for name in built:
        assert outputs.package_problems(folder / name) == [], name
        props = Document(str(folder / name)).core_properties
        assert (props.author, props.last_modified_by, props.comments) == ("", "", ""), name


# --- the record of what was sent --------------------------------------------------------------

def test_each_letter_is_in_the_activity_log_with_its_hash(desk, ctx, out):
    number = new_request(desk, ctx)
    first = svc.write_letter(desk, ctx, number, "acknowledgement", out, "en")
    second = svc.write_letter(desk, ctx, number, "acknowledgement", out, "es")
    again = svc.write_letter(desk, ctx, number, "acknowledgement", out, "en")
    assert again.name == f"{number}-acknowledgement-2.en.docx" and first.is_file()
    view = requests_service.get_request(desk, number)
    letters = [e for e in view.events if e["action"] == "letter.written"]
    assert len(letters) == 3
    details = json.loads(letters[0]["details"])
    assert details["kind"] == "acknowledgement" and details["language"] == "en"
    assert details["file"] == first.name
    assert details["sha256"] == hashlib.sha256(first.read_bytes()).hexdigest()
    assert json.loads(letters[1]["details"])["sha256"] == hashlib.sha256(
        second.read_bytes()).hexdigest()
    assert requests_service.describe_event(letters[1]) == (
        f"Letter written: Acknowledgement (Spanish), {second.name}")
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [first.name, second.name, again.name])  # no temporary files left behind
    _, problems = database_service.verify_log(desk)
    assert problems == []


# --- the other kinds ----------------------------------------------------------------------------

def test_clarification_asks_its_questions(desk, ctx, out):
    number = new_request(desk, ctx)
    refused(desk, ctx, out, number, "clarification", "at least one question")
    path = svc.write_letter(desk, ctx, number, "clarification", out, "en",
                            questions=["Which systems?", "Which months of 2019?"],
                            records_note="The logs are exported from the vendor's portal.")
    text = letter_text(path)
    assert "1. Which systems? 2. Which months of 2019?" in text
    assert "About our records: The logs are exported" in text
    assert "keeps running while we wait" in text  # no tolling under the CPRA
    assert "Suggestions" not in text              # none given: the block is left out


def test_foia_clarification_says_the_clock_is_stopped(desk, ctx, out):
    from app.domain.deadlines import TollKind

    number = new_request(desk, ctx, Law.FOIA)
    requests_service.stop_clock(desk, ctx, number, TollKind.INFORMATION, ctx.today)
    text = letter_text(svc.write_letter(desk, ctx, number, "clarification", out, "en",
                                        questions=["Which unit?"]))
    assert "552(a)(6)(A)(ii)(I)" in text and "suspended" in text


def test_late_notice_only_once_late(desk, ctx, out):
    number = new_request(desk, ctx)
    refused(desk, ctx, out, number, "late", "not late", expected_on=D("2026-12-01"))
    later = Context(actor="test-clerk", today=D("2026-12-03"))
    refused(desk, later, out, number, "late", "--expected-on")
    text = letter_text(svc.write_letter(desk, later, number, "late", out, "en",
                                        expected_on=D("2026-12-08"),
                                        explanation="Our records system was down."))
    assert "was due on November 30, 2026" in text and "apologize" in text
    assert "on or before December 8, 2026" in text and "Our records system was down." in text


def test_foia_acknowledgement_gives_tracking_number_due_date_and_liaison(desk, ctx, out):
    number = new_request(desk, ctx, Law.FOIA)
    text = letter_text(svc.write_letter(desk, ctx, number, "acknowledgement", out, "en"))
    assert f"tracking number {number}" in text
    assert "no later than December 15, 2026" in text and "Pat Lee" in text


def test_nothing_is_written_without_a_signer(db, ctx, out):
    number = new_request(db, ctx)
    refused(db, ctx, out, number, "acknowledgement", "someone to sign the letter",
            "signers")


# --- the command line ---------------------------------------------------------------------------

@pytest.mark.slow
def test_letter_from_the_command_line(db_path, ctx, out):
    on = D("2026-11-26")
    db = database_service.init_database(db_path, ctx)
    give_agency(db, ctx)
    number = new_request(db, ctx, description="Logs {{ 7*7 }}")
    db.close()
    path = str(db_path)
    done = run_cli("--db", path, "settings", "set", "signers", json.dumps(SIGNERS), today=on)
    assert done.returncode == 0, done.stderr
    done = run_cli("--db", path, "letter", number, "--kind", "no-records", "--out", str(out),
                   "--json", today=on)
    assert done.returncode == 2 and "7922.600" in json.loads(done.stderr)["error"]
    assert not out.exists()
    done = run_cli("--db", path, "assist", number, "--text", "Called; suggested a date range.",
                   "--on", "2026-11-20", today=on)
    assert done.returncode == 0, done.stderr
    done = run_cli("--db", path, "letter", number, "--kind", "denial", "--lang", "es",
                   "--out", str(out), "--withheld", DENIAL["withheld"][0],
                   "--responsible", "Alma Rivera", "--json", today=on)
    assert done.returncode == 0, done.stderr
    letter = Path(json.loads(done.stdout)["file"])
    assert letter.parent == out and letter.name == f"{number}-denial.es.docx"
    text = letter_text(letter)
    assert "Logs {{ 7*7 }}" in text and "Alma Rivera, Chief of Police" in text
    with database_service.open_database(db_path) as db:
        actions = [e["action"] for e in requests_service.get_request(db, number).events]
    assert actions[-2:] == ["request.assistance_recorded", "letter.written"]


def test_every_offered_extension_reason_has_spanish_wording(db):
    """A Spanish extension letter prints the statute's words in Spanish: every reason a clerk
    can choose today has its translation (keyed by the English words in force)."""
    from app.domain.letters import REASON_TEXT_ES
    from app.storage.reasons import all_reasons

    offered = [r for r in all_reasons(db) if r.offered and r.code != "unusual"]
    assert len(offered) >= 9
    assert [f"{r.law.value} {r.code}" for r in offered if r.text not in REASON_TEXT_ES] == []


def test_a_letter_naming_someone_on_the_roster_is_refused(desk, ctx, out, tmp_path):
    """A letter leaves the building like the packet: a roster identifier the clerk typed
    (here in a question) is refused, with nothing written; the same name in the requester's
    own words may be quoted back to them."""
    from app.services.demo import roster, write_roster
    from app.services.imports import import_roster

    import_roster(desk, ctx, write_roster(tmp_path / "roster.csv"))
    person = roster()[0]
    full = f"{person.first_name} {person.last_name}"
    number = new_request(desk, ctx)
    message = refused(desk, ctx, out, number, "clarification", "name people on the roster",
                      person.username, questions=[f"Do you mean searches by {person.username}?"])
    assert "Nothing was written" in message or "nothing was written" in message
    quoted = new_request(desk, ctx, description=f"All searches run by {full} in 2019")
    path = svc.write_letter(desk, ctx, quoted, "clarification", out, "en",
                            questions=["Which months of 2019?"])
    assert full in letter_text(path)
