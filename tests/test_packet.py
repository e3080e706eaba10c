"""The packet, the exports and the release gate, read back with independent readers."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from app.domain.errors import RuleError
from app.domain.requests import Status
from app.services import imports, matching, profiles, redaction, release
from app.services import requests as requests_service
from app.services import settings as settings_service
from app.services.context import Context
from app.services.demo import SEARCH_COUNT, roster, write_export, write_roster
from tests.conftest import AGENCY, TODAY, give_agency
from tests.test_matching import new_request

REVIEWER = Context(actor="sgt-review", today=TODAY)
SIGNERS = [{"name": "Dolores Ruiz", "title": "Records Supervisor", "role": "records_officer"},
           {"name": "A. Rivera", "title": "Chief of Police", "role": "head"}]
LETTER = release.LetterRequest(responsible=("Dolores Ruiz",), available_time="10:00")


@pytest.fixture
def approved(db, ctx, tmp_path):
    """The demo quarter, matched, redacted, in review, its profile confirmed, approved."""
    return prepare(db, ctx, tmp_path)


def prepare(db, ctx, tmp_path, before_redact=lambda: None):
    give_agency(db, ctx)
    imports.import_roster(db, ctx, write_roster(tmp_path / "roster.csv"))
    export = write_export(tmp_path / "q4.csv", SEARCH_COUNT)
    imports.import_audit(db, ctx, imports.plan_import(db, export, system="clearview"))
    settings_service.update(db, ctx, "signers", SIGNERS)
    number = new_request(db, ctx)
    # A note that a spreadsheet would run as a formula.
    matching.match(db, ctx, number, commit=True)
    db.execute("UPDATE responsive_records SET notes = '=HYPERLINK(\"http://x\",\"click\")' "
               "WHERE row_no = 2")
    before_redact()
    redaction.redact(db, ctx, number)
    for status in (Status.ACKNOWLEDGED, Status.SEARCHING, Status.IN_REVIEW):
        requests_service.change_status(db, ctx, number, status)
    profiles.confirm(db, ctx, "CPRA default", "A. Counsel, Deputy City Attorney")
    release.approve(db, REVIEWER, number, "Sgt. Review")
    return number


def produce(db, ctx, number, out, **kw):
    return release.make_packet(db, ctx, number, out, letter=LETTER, **kw)


def identifiers() -> list[str]:
    """Each roster person as the detector must catch them: full name, "Last, First", rank
    and surname, without accents, e-mail, username, employee number."""
    import unicodedata

    from app.services.demo import RANK_ABBREV

    def plain(text: str) -> str:
        return "".join(c for c in unicodedata.normalize("NFKD", text)
                       if not unicodedata.combining(c))

    out = []
    for p in roster():
        forms = [f"{p.first_name} {p.last_name}", f"{p.last_name}, {p.first_name}"]
        if RANK_ABBREV.get(p.rank):
            forms.append(f"{RANK_ABBREV[p.rank]} {p.last_name}")
        forms += [plain(f) for f in forms if plain(f) != f]
        out += [p.employee_id, p.email, p.username, *forms]
    return out


def test_the_packet_read_back(db, ctx, approved, tmp_path):
    result = produce(db, ctx, approved, tmp_path / "out")
    folder = Path(result["folder"])
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(Path(f).name for f in result["files"])
    pdf = folder / f"{approved}-1-packet.pdf"
    reader = PdfReader(pdf)
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) == result["pages"]
    # Every page: the request number, "Page X of Y", and its own Bates number, in order.
    for number, text in enumerate(pages, 1):
        assert approved in text
        assert f"Page {number} of {len(pages)}" in text
        assert f"RPD-{number:06d}" in text
    assert (result["bates_first"], result["bates_last"]) == ("RPD-000001",
                                                             f"RPD-{len(pages):06d}")
    # The cover: dates written one way, signed by the letter's signer with their title.
    assert "received November 16, 2026" in pages[0] and "November 26, 2026" in pages[0]
    assert "Dolores Ruiz" in pages[0] and "Records Supervisor" in pages[0]
    everything = "\n".join(pages)
    # No roster identifier, except the names of the staff acting on the request (Gov. Code
    # § 7922.540): the signer on the cover.
    staff = {s["name"] for s in SIGNERS}
    for identifier in identifiers():
        if identifier not in staff:
            assert identifier not in everything, identifier
    assert everything.count("Dolores Ruiz") == 1
    # The exemption codes are printed where text was withheld; searchers by pseudonym.
    assert "[7927.700]" in everything and "[7929.210]" in everything
    assert "[Employee 01]" in everything and "Exemption log" in everything
    # No annotations, forms, scripts or attachments; no personal names in the metadata.
    root = reader.trailer["/Root"]
    assert not any(k in root for k in ("/AcroForm", "/OpenAction", "/Names"))
    assert not any("/Annots" in page for page in reader.pages)
    assert reader.metadata["/Author"] == "City of Ribera Police Department"
    assert reader.metadata["/Title"] == f"Disclosure packet {approved}"
    # Accented text renders with an embedded font (DejaVu), not a substitute the reader picks.
    fonts = [f.get_object() for f in reader.pages[0]["/Resources"]["/Font"].values()]
    assert all("DejaVuSansCondensed" in str(f["/BaseFont"]) for f in fonts)
    assert all("/FontFile2" in f["/FontDescriptor"].get_object() for f in fonts)

    with (folder / f"{approved}-1-records.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    exported = "\n".join(" | ".join(r) for r in rows)
    for identifier in identifiers():
        assert identifier not in exported, identifier
    assert len(rows) == SEARCH_COUNT + 1
    assert rows[2][rows[0].index("Notes")].startswith("'=HYPERLINK")   # neutralised
    workbook = load_workbook(folder / f"{approved}-1-records.xlsx")
    assert [s.title for s in workbook.worksheets] == ["Records"]
    cells = [["" if c is None else str(c) for c in r]
             for r in workbook.worksheets[0].iter_rows(values_only=True)]
    assert cells == rows
    assert workbook.worksheets[0]["A2"].data_type == "s"
    assert not any(cell.data_type == "f" for r in workbook.worksheets[0].iter_rows()
                   for cell in r)
    letter = Document(str(folder / f"{approved}-denial.en.docx"))
    text = "\n".join([p.text for p in letter.paragraphs]
                     + [c.text for t in letter.tables for r in t.rows for c in r.cells]
                     ).replace("\u00a0", " ")
    # A partial denial (Gov. Code § 7922.540): what is withheld, why, and who is responsible.
    assert "Employee no.: 475 places" in text and "Gov. Code § 7927.700" in text
    assert "Persons responsible for this denial" in text and "Dolores Ruiz" in text
    manifest = json.loads((folder / f"{approved}-1-manifest.json").read_text(encoding="utf-8"))
    assert {f["name"] for f in manifest["files"]} == {n for n in names
                                                     if not n.endswith("manifest.json")}
    assert manifest["log_head"]["seq"] > 0


def test_the_gate_releases_a_clean_packet_and_locks_it(db, ctx, approved, tmp_path):
    first = produce(db, ctx, approved, tmp_path / "out")
    result = release.release(db, ctx, approved)
    assert result["released"] is True
    assert requests_service.get_request(db, approved).status is Status.RELEASED
    with pytest.raises(RuleError, match="its packet is locked"):
        produce(db, ctx, approved, tmp_path / "again")
    corrected = produce(db, ctx, approved, tmp_path / "fix", correction="Page 3 misprinted")
    # A correction gets new Bates numbers and names what it replaces.
    assert corrected["replaces"] == f"{first['bates_first']} to {first['bates_last']}"
    assert int(corrected["bates_first"][-6:]) == int(first["bates_last"][-6:]) + 1
    pages = [p.extract_text() for p in PdfReader(corrected["files"][0]).pages]
    assert all(f"Replaces {corrected['replaces']}" in text for text in pages)
    # The correction goes through the same gate, and is released; the request stays Released.
    again = release.release(db, ctx, approved)
    assert (again["released"], again["production"]) == (True, 2)
    assert requests_service.get_request(db, approved).status is Status.RELEASED
    with pytest.raises(RuleError, match="already released"):
        release.release(db, ctx, approved)


def test_approval_by_another_person_of_these_decisions(db, ctx, approved, tmp_path):
    with pytest.raises(RuleError, match="a reviewer other than the preparer"):
        release.approve(db, ctx, approved, "Someone Else")
    # A decision changed after approval voids it.
    item = redaction.add_manual(db, ctx, approved, 5, "purpose", 0, 4, "cpra-7923.600",
                                "Reveals the focus of an open investigation")
    with pytest.raises(RuleError, match="have not been approved as they stand"):
        produce(db, ctx, approved, tmp_path / "out")
    redaction.decide(db, ctx, approved, [item], "rejected")
    release.approve(db, REVIEWER, approved, "Sgt. Review")
    assert produce(db, ctx, approved, tmp_path / "out")["pages"] > 10


def leaks(monkeypatch, where: str) -> None:
    """Make one writer leak Det. García's identifiers, as a faulty release could."""
    from app.outputs import exports, packet
    from app.services import letters

    if where == "pdf footer":
        original = packet.Packet._new_page

        def footer(self):
            original(self)
            if self.drawing:
                self.canvas.drawString(300, 20, "Prepared for Det. García")

        monkeypatch.setattr(packet.Packet, "_new_page", footer)
    elif where == "docx core properties":
        original = letters.render_letter

        def render(*args, **kwargs):
            kwargs["author"] = "jose.garcia@ribera-pd.example"
            return original(*args, **kwargs)

        monkeypatch.setattr(letters, "render_letter", render)
    elif where in ("xlsx comment", "xlsx hidden sheet"):
        original = exports.XlsxExport.close

        def close(self):
            original(self)
            from openpyxl import load_workbook
            from openpyxl.comments import Comment

            book = load_workbook(self._path)
            if where == "xlsx comment":
                book.worksheets[0]["B2"].comment = Comment("checked by GARCIA, JOSE", "x")
            else:
                hidden = book.create_sheet("key")
                hidden.sheet_state = "hidden"
                hidden["A1"] = "[Employee 01] = P" + "12345"
                hidden["A2"] = "José García"
            book.save(self._path)

        monkeypatch.setattr(exports.XlsxExport, "close", close)


@pytest.mark.parametrize("where, file_end, finding", [
    ("pdf footer", "packet.pdf", "Det. García"),
    ("docx core properties", ".docx", "jose.garcia@ribera-pd.example"),
    ("xlsx comment", ".xlsx", "GARCIA, JOSE"),
    ("xlsx hidden sheet", ".xlsx", "José García"),
])
def test_the_gate_blocks_a_leaking_packet(db, ctx, approved, tmp_path, monkeypatch, where,
                                          file_end, finding):
    leaks(monkeypatch, where)
    if where == "docx core properties":
        # The letter is read back as it is written and refused then; the gate catches it
        # too, should a letter get past that check.
        from app.domain.errors import InputError
        from app.services import letters

        with pytest.raises(InputError, match=re.escape(finding)):
            produce(db, ctx, approved, tmp_path / "out")
        monkeypatch.setattr(letters, "_roster_identifiers", lambda *args: [])
    produce(db, ctx, approved, tmp_path / "out")
    monkeypatch.undo()
    with pytest.raises(release.ReleaseBlocked) as blocked:
        release.release(db, ctx, approved)
    named = [f for f in blocked.value.findings if finding in f.detail]
    assert named, [f.sentence for f in blocked.value.findings]
    assert all(f.file.endswith(file_end) for f in named)
    if where == "pdf footer":
        assert named[0].where == "page 1"
    assert requests_service.get_request(db, approved).status is Status.IN_REVIEW
    assert "cannot be released" in blocked.value.message


def test_the_gate_checks_bates_counts_and_the_files_themselves(db, ctx, approved, tmp_path,
                                                                monkeypatch):
    from app.outputs import packet

    def skip_bates(self, page):  # a renderer that numbers every page the same
        return "RPD-000001"

    monkeypatch.setattr(packet.Packet, "bates_of", skip_bates)
    produce(db, ctx, approved, tmp_path / "out")
    monkeypatch.undo()
    with pytest.raises(release.ReleaseBlocked) as blocked:
        release.release(db, ctx, approved)
    bates = [f.detail for f in blocked.value.findings if f.check == "bates"]
    assert "Bates numbers are not one per page, in order, without gaps" in bates


def test_a_dropped_marker_or_a_changed_file_blocks(db, ctx, approved, tmp_path, monkeypatch):
    from app.outputs import packet

    original = packet.Packet._draw_runs

    def lose_markers(self, runs, x, baseline, measure, font=packet.FONT):
        runs = [(text.replace("[7929.210]", ""), kind) for text, kind in runs]
        return original(self, runs, x, baseline, measure, font)

    monkeypatch.setattr(packet.Packet, "_draw_runs", lose_markers)
    produce(db, ctx, approved, tmp_path / "out")
    monkeypatch.undo()
    with pytest.raises(release.ReleaseBlocked) as blocked:
        release.release(db, ctx, approved)
    counted = [f.detail for f in blocked.value.findings if f.check == "count"]
    assert counted and re.search(r"\d+ redaction markers; the exemption log gives \d+",
                                 counted[0])


def test_an_edited_file_blocks(db, ctx, approved, tmp_path):
    result = produce(db, ctx, approved, tmp_path / "out")
    csv_file = next(Path(f) for f in result["files"] if f.endswith(".csv"))
    csv_file.write_text(csv_file.read_text(encoding="utf-8-sig") + "\n", encoding="utf-8")
    (Path(result["folder"]) / "notes.txt").write_text("draft", encoding="utf-8")
    with pytest.raises(release.ReleaseBlocked) as blocked:
        release.release(db, ctx, approved)
    sentences = [f.sentence for f in blocked.value.findings]
    assert any("changed since the packet was produced" in s for s in sentences)
    assert any("notes.txt" in s and "not part of the production" in s for s in sentences)


def test_an_unconfirmed_profile_or_open_review_blocks(db, ctx, approved, tmp_path):
    produce(db, ctx, approved, tmp_path / "out")
    profiles.set_rule(db, ctx, "CPRA default", "unit", "release")   # needs confirming again
    with pytest.raises(release.ReleaseBlocked) as blocked:
        release.release(db, ctx, approved)
    assert any("not been confirmed by counsel" in f.detail for f in blocked.value.findings)


def test_the_command_line(db_path, tmp_path):
    from tests.conftest import run_cli

    db = str(db_path)
    run_cli("--db", db, "init")
    run_cli("--db", db, "import-roster", str(write_roster(tmp_path / "roster.csv")))
    run_cli("--db", db, "import-audit", str(write_export(tmp_path / "q4.csv", 200)),
            "--system", "clearview")
    run_cli("--db", db, "settings", "set", "signers", json.dumps(SIGNERS))
    for key, value in AGENCY.items():
        run_cli("--db", db, "settings", "set", key, value)
    number = run_cli("--db", db, "request", "new", "--law", "cpra", "--received",
                     "2026-11-16", "--requester", "R", "--description", "logs",
                     today=TODAY).stdout.strip()
    for argv in (["request", "match", number], ["request", "redact", number],
                 ["request", "transition", number, "acknowledged"],
                 ["request", "transition", number, "searching"],
                 ["request", "transition", number, "in_review"],
                 ["profile", "confirm", "CPRA default", "--by", "A. Counsel"]):
        out = run_cli("--db", db, *argv, today=TODAY)
        assert out.returncode == 0, out.stderr
    out = run_cli("--db", db, "request", "approve", number, "--reviewer", "Me Myself",
                  today=TODAY)
    assert out.returncode == 2 and "other than the preparer" in out.stderr
    out = run_cli("--db", db, "request", "approve", number, "--reviewer", "Sgt. Review",
                  env={"USER": "sgtreview", "LOGNAME": "sgtreview", "USERNAME": "sgtreview"},
                  today=TODAY)
    assert out.returncode == 0, out.stderr
    out = run_cli("--db", db, "packet", number, "--out", str(tmp_path / "out"),
                  "--responsible", "Dolores Ruiz", "--available-time", "10:00", "--json",
                  today=TODAY)
    assert out.returncode == 0, out.stderr
    files = json.loads(out.stdout)["files"]
    assert {Path(f).suffix for f in files} == {".pdf", ".csv", ".xlsx", ".docx", ".json"}
    out = run_cli("--db", db, "release", number, "--json", today=TODAY)
    assert out.returncode == 0, out.stdout + out.stderr
    assert json.loads(out.stdout)["released"] is True


def test_the_packets_own_numbers_are_not_read_as_employee_numbers():
    """A record's number printed after the header "Search ID", or a page number, that happens
    to equal an employee number is the packet's furniture; the same number anywhere else in
    the text is still found. (A 100,000-record benchmark packet was blocked on record 17602.)"""
    from app.domain.detection import Detector
    from app.domain.people import RosterPerson
    from app.outputs.readback import Text

    detector = Detector([RosterPerson(1, "17602", "Okonkwo", "Ngozi")])
    page = ("No. Date and time System Notes Search ID\n"
            "17602 2019-08-14 19:24:02 PDT clearview badge 17602 asked c818a90476816e8c\n"
            "17603 2019-08-14 19:25:02 PDT clearview no usable result 0b36a215f47d1f42\n"
            "Page 17602 of 20000 RPD-017602")
    found = [page[h.start:h.end] for h in detector.scan(page)]
    assert found.count("17602") >= 2          # the record number after "ID", and the badge

    cleaned = release._without_furniture(Text("p.pdf", "page 7", page), {17602, 17603})
    hits = detector.scan(cleaned.text)
    assert [cleaned.text[h.start:h.end] for h in hits] == ["17602"]
    assert page[hits[0].start - 6:hits[0].end] == "badge 17602"   # positions still point
    # A number at a line's start that is not a record of this packet is not furniture.
    other = release._without_furniture(Text("p.pdf", "page 7", page), {17603})
    assert sum(other.text[h.start:h.end] == "17602" for h in detector.scan(other.text)) >= 2


def test_a_safety_hold_leaves_no_trace_of_who_or_why(db, ctx, tmp_path):
    """A hold withholds the person entirely: the packet prints neither the hold's kind nor
    its reason, gives them no pseudonym, and does not count their searches."""
    held = roster()[1]

    def hold():
        profiles.add_hold(db, ctx, held.employee_id, kind="undercover",
                          reason="UC assignment, narcotics task force", exemption="7923.600")

    number = prepare(db, ctx, tmp_path, hold)
    result = produce(db, ctx, number, tmp_path / "out")
    folder = Path(result["folder"])
    pages = [p.extract_text() for p in PdfReader(folder / f"{number}-1-packet.pdf").pages]
    everything = "\n".join(pages)
    for secret in ("undercover", "UC assignment", "task force", "Safety hold", "safety hold"):
        assert secret not in everything, secret
    assert re.search(r"every\s+record\s+of\s+a\s+withheld\s+searcher", everything)
    with (folder / f"{number}-1-records.csv").open(encoding="utf-8-sig") as fh:
        searches = sum(1 for r in csv.DictReader(fh) if r["Searcher"] == "[7923.600]")
    assert searches > 0
    summary = everything[everything.index("Searches per searcher"):]
    assert "No searcher" not in summary.split("Exemption log")[0]
    # The agency's own exemption log keeps the reason.
    assert any("UC assignment" in i["justification"]
               for i in redaction.exemption_log(db, number))


def test_the_requesters_words_and_staff_names_are_allowed_only_where_they_belong(
        db, ctx, approved, tmp_path):
    """The requester may name an officer's username in the request, and a reviewer may share
    a name with someone on the roster: that allows them in the letter and on the cover, never
    in a released record."""
    people = roster()
    username, namesake = people[0].username, people[2]
    db.execute("UPDATE requests SET description = description || ?", (f" (user {username})",))
    db.execute("UPDATE responsive_records SET event_id = ? WHERE row_no = 3", (username,))
    db.execute("UPDATE responsive_records SET event_id = ? WHERE row_no = 4",
               (f"{namesake.first_name} {namesake.last_name}",))
    release.approve(db, REVIEWER, approved, f"{namesake.first_name} {namesake.last_name}")
    produce(db, ctx, approved, tmp_path / "out")
    with pytest.raises(release.ReleaseBlocked) as blocked:
        release.release(db, ctx, approved)
    found = "\n".join(f.sentence for f in blocked.value.findings)
    assert f"'{username}'" in found and f"'{namesake.first_name} {namesake.last_name}'" in found
    assert "-records.csv" in found and "-packet.pdf" in found
    # A finding in the CSV names its row (the header is row 1; record 3 is row 4).
    csv_rows = {f.where for f in blocked.value.findings if f.file.endswith("-records.csv")}
    assert csv_rows == {"row 4", "row 5"}, csv_rows


def test_the_manifest_is_read_back_too(db, ctx, approved, tmp_path):
    first = produce(db, ctx, approved, tmp_path / "out")
    release.release(db, ctx, approved)
    email = roster()[0].email
    produce(db, ctx, approved, tmp_path / "out",
            correction=f"the e-mail {email} was shown on page 20")
    with pytest.raises(release.ReleaseBlocked) as blocked:
        release.release(db, ctx, approved)
    found = [f.sentence for f in blocked.value.findings]
    assert any("-2-manifest.json" in f and email in f for f in found), found
    assert first["bates_first"] == "RPD-000001"


def test_matching_again_after_approval_is_refused(db, ctx, approved, tmp_path):
    """Re-freezing the set of an approved request would drop its pseudonyms and void what
    was approved without a word: refused, nothing changed."""
    from app.storage.events import all_events

    before = (len(all_events(db)), db.scalar("SELECT count(*) FROM redactions"))
    with pytest.raises(RuleError, match="has been approved or has a packet"):
        matching.match(db, ctx, approved, commit=True)
    assert (len(all_events(db)), db.scalar("SELECT count(*) FROM redactions")) == before
    assert matching.match(db, ctx, approved).records == SEARCH_COUNT   # counting is fine


def test_a_folder_that_cannot_be_written_is_a_clear_refusal(db, ctx, approved, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    from app.domain.errors import InputError

    with pytest.raises(InputError, match="cannot be written to"):
        produce(db, ctx, approved, blocker / "out")
    assert db.scalar("SELECT count(*) FROM productions") == 0


def test_markers_are_legible_on_the_page(db, ctx, approved, tmp_path):
    """Rendered, not only extracted: a pseudonym's text is dark on its light box and a
    withheld marker light on its dark box (a pseudonym once came out in its box's own grey,
    present in the text layer but invisible on paper)."""
    import pypdfium2 as pdfium

    result = produce(db, ctx, approved, tmp_path / "out")
    pdf = pdfium.PdfDocument(result["files"][0])
    page = pdf[result["pages"] - 1]                      # a records page
    scale = 3
    image = page.render(scale=scale).to_pil().convert("L")
    height = page.get_height()
    text = page.get_textpage()

    def darkest_and_lightest(word: str) -> tuple[int, int]:
        search = text.search(word)
        found = search.get_next()
        assert found, word
        index, count = found
        boxes = [text.get_charbox(i) for i in range(index, index + count)]
        left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
        bottom, top = min(b[1] for b in boxes), max(b[3] for b in boxes)
        crop = image.crop((int(left * scale), int((height - top) * scale),
                           int(right * scale) + 1, int((height - bottom) * scale) + 1))
        low, high = crop.getextrema()
        return low, high

    low, high = darkest_and_lightest("[Employee")
    assert low < 80 and high > 180, (low, high)       # dark text on a light box
    low, high = darkest_and_lightest("7929.210")
    assert high > 180 and low < 80, (low, high)       # light text on a dark box
    pdf.close()


def test_the_cover_is_signed_by_the_letters_signer(db, ctx, approved, tmp_path):
    """With no signer named, the letter goes out over the records officer (by role), wherever
    they stand in the list; the cover names the same person."""
    settings_service.update(db, ctx, "signers", list(reversed(SIGNERS)))   # the head first
    result = produce(db, ctx, approved, tmp_path / "out")
    cover = PdfReader(result["files"][0]).pages[0].extract_text()
    assert "Dolores Ruiz" in cover and "Records Supervisor" in cover
    assert "A. Rivera" not in cover and "Chief of Police" not in cover


def test_a_large_packets_exports_are_written_by_a_second_process(db, ctx, approved, tmp_path,
                                                                  monkeypatch):
    import multiprocessing

    from app.outputs import exports

    first = produce(db, ctx, approved, tmp_path / "inline")
    spawned = []
    real = multiprocessing.get_context

    def context(method):
        spawned.append(method)
        return real(method)

    monkeypatch.setattr(exports, "PROCESS_FROM", 0)   # as a packet of 5,000 records or more
    monkeypatch.setattr(exports.multiprocessing, "get_context", context)
    second = produce(db, ctx, approved, tmp_path / "process")
    assert spawned == ["spawn"]
    # The same records, cell for cell, whichever process wrote them ...
    for name in ("records.csv", "records.xlsx"):
        a, b = (next(Path(r["folder"]).glob(f"*-{name}")) for r in (first, second))
        if name.endswith(".csv"):
            assert a.read_bytes() == b.read_bytes() and a.stat().st_size > 10_000
        else:
            rows = [[list(r) for r in load_workbook(p).worksheets[0].iter_rows(values_only=True)]
                    for p in (a, b)]
            assert rows[0] == rows[1] and len(rows[1]) == SEARCH_COUNT + 1
    # ... and the gate finds the second production's PDF and exports in agreement.
    assert release.release(db, ctx, approved)["released"] is True


def test_an_export_process_that_fails_is_reported(tmp_path):
    from app.domain.errors import EnvironmentProblem
    from app.outputs import exports
    from app.outputs.packet import Record, Spool

    spool = Spool(tmp_path / "records.spool")
    spool.add(Record(1, ((("1", "text"),), (("robbery", "text"),))), [])
    spool.complete()
    spool.close()
    job = exports.ExportJob(spool.path, tmp_path / "r.csv", tmp_path,   # a folder: unwritable
                            ("No.", "Purpose"), "Records released", "City of Ribera")
    exporter = exports.Exporter(job, records=exports.PROCESS_FROM)
    with pytest.raises(EnvironmentProblem,
                       match=r"could not be written \((IsADirectoryError|PermissionError)"):
        exporter.wait()
    # The same job, with a file to write to, works (the spool is read in full).
    ok = exports.Exporter(exports.ExportJob(spool.path, tmp_path / "r.csv", tmp_path / "r.xlsx",
                                            ("No.", "Purpose"), "Records", "City"),
                          records=exports.PROCESS_FROM)
    ok.wait()
    assert (tmp_path / "r.csv").read_text(encoding="utf-8-sig").splitlines() == [
        "No.,Purpose", "1,robbery"]
