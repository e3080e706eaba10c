"""Numbered schema migrations, run in order at start-up (after a backup of the file).

Each migration runs in one transaction together with the ``PRAGMA user_version`` bump, so a
failed migration leaves the previous schema intact. Never edit a migration that has shipped:
add the next one.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from app.domain.exemptions import SEED
from app.domain.redaction import DEFAULT_PROFILES
from app.storage.database import APPLICATION_ID, Database, utc_now

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Migration:
    version: int
    title: str
    apply: Callable[[Database], None]


def _script(sql: str) -> Callable[[Database], None]:
    def apply(db: Database) -> None:
        # executescript() would COMMIT our transaction; run statement by statement instead.
        for statement in _split(sql):
            db.execute(statement)

    return apply


def _split(sql: str) -> list[str]:
    statements, current = [], []
    for line in sql.splitlines():
        current.append(line)
        joined = "\n".join(current).strip()
        if joined.endswith(";") and sqlite3.complete_statement(joined):
            statements.append(joined)
            current = []
    rest = "\n".join(current).strip()
    if rest:
        statements.append(rest)
    return statements


V1_CORE = """
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL               -- JSON
);

CREATE TABLE calendar_days (
    calendar TEXT NOT NULL,           -- CA-state, US-federal, agency-closures
    day      TEXT NOT NULL,           -- YYYY-MM-DD
    name     TEXT NOT NULL,
    observed INTEGER NOT NULL DEFAULT 1,   -- 1: office closed; 0: listed but open
    source   TEXT NOT NULL DEFAULT 'agency',
    note     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (calendar, day, name)
);

CREATE TABLE request_sequences (
    law  TEXT NOT NULL,
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (law, year)
);

CREATE TABLE requests (
    id                INTEGER PRIMARY KEY,
    number            TEXT NOT NULL UNIQUE,
    law               TEXT NOT NULL CHECK (law IN ('cpra', 'foia')),
    status            TEXT NOT NULL,
    received          TEXT NOT NULL,
    channel           TEXT NOT NULL,
    requester_name    TEXT NOT NULL,
    requester_org     TEXT NOT NULL DEFAULT '',
    requester_email   TEXT NOT NULL DEFAULT '',
    requester_address TEXT NOT NULL DEFAULT '',
    description       TEXT NOT NULL,
    assignee          TEXT NOT NULL DEFAULT '',
    criteria          TEXT NOT NULL DEFAULT '{}',   -- JSON, see domain.requests.Criteria
    extension_reason  TEXT,
    extended_on       TEXT,
    due               TEXT,           -- derived from the clock; stored so the queue sorts in SQL
    closing_reason    TEXT,
    closing_note      TEXT NOT NULL DEFAULT '',
    closed_on         TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE INDEX requests_due ON requests (due);
CREATE INDEX requests_status ON requests (status);

CREATE TABLE request_tolls (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('information', 'fee')),
    start      TEXT NOT NULL,
    "end"      TEXT,
    note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX request_tolls_request ON request_tolls (request_id);

-- The activity log: append-only and hash-chained (see domain.activity).
CREATE TABLE events (
    seq        INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    request_id INTEGER,
    subject    TEXT NOT NULL DEFAULT '',
    details    TEXT NOT NULL DEFAULT '{}',
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE INDEX events_request ON events (request_id);
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'the activity log is append-only');
END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'the activity log is append-only');
END;

CREATE TABLE personnel (
    id          INTEGER PRIMARY KEY,
    employee_id TEXT NOT NULL UNIQUE,     -- serial / badge number
    last_name   TEXT NOT NULL,
    first_name  TEXT NOT NULL DEFAULT '',
    middle_name TEXT NOT NULL DEFAULT '',
    email       TEXT NOT NULL DEFAULT '',
    username    TEXT NOT NULL DEFAULT '',
    rank        TEXT NOT NULL DEFAULT '',
    unit        TEXT NOT NULL DEFAULT '',
    aliases     TEXT NOT NULL DEFAULT '[]',   -- JSON: other written forms (nicknames, old names)
    active      INTEGER NOT NULL DEFAULT 1,
    updated_at  TEXT NOT NULL
);

CREATE TABLE audit_batches (
    id             INTEGER PRIMARY KEY,
    sha256         TEXT NOT NULL UNIQUE,
    file_name      TEXT NOT NULL,
    system         TEXT NOT NULL,
    vendor_profile TEXT NOT NULL DEFAULT '',
    encoding       TEXT NOT NULL DEFAULT '',
    source_tz      TEXT NOT NULL DEFAULT '',
    header         TEXT NOT NULL DEFAULT '[]',  -- JSON: the file's column names, in order
    mapping        TEXT NOT NULL DEFAULT '{}',  -- JSON: the column mapping used
    rows_imported  INTEGER NOT NULL DEFAULT 0,
    rows_rejected  INTEGER NOT NULL DEFAULT 0,
    imported_by    TEXT NOT NULL,
    imported_at    TEXT NOT NULL
);

CREATE TABLE audit_rejects (
    batch_id INTEGER NOT NULL REFERENCES audit_batches (id) ON DELETE CASCADE,
    line_no  INTEGER NOT NULL,
    reason   TEXT NOT NULL,
    raw      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_rejects_batch ON audit_rejects (batch_id);

CREATE TABLE audit_records (
    id           INTEGER PRIMARY KEY,
    batch_id     INTEGER NOT NULL REFERENCES audit_batches (id) ON DELETE CASCADE,
    line_no      INTEGER NOT NULL,
    system       TEXT NOT NULL,
    event_id     TEXT,
    occurred_at  TEXT,                -- UTC, 'YYYY-MM-DD HH:MM:SS'
    source_tz    TEXT,
    user_name    TEXT,
    user_id      TEXT,
    user_email   TEXT,
    username     TEXT,
    unit         TEXT,
    case_number  TEXT,
    purpose      TEXT,
    notes        TEXT,
    result_count INTEGER,
    ip_address   TEXT,
    original     TEXT NOT NULL        -- JSON array: the row's cells verbatim, in header order
);
"""

V1_INDEXES = """
CREATE INDEX audit_records_batch ON audit_records (batch_id);
CREATE INDEX audit_records_time ON audit_records (occurred_at, id);
CREATE INDEX audit_records_user ON audit_records (user_name, occurred_at);
CREATE VIRTUAL TABLE audit_records_fts USING fts5 (
    user_name, purpose, notes, case_number, unit,
    content = 'audit_records', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
"""


def _v1(db: Database) -> None:
    _script(V1_CORE)(db)
    _script(V1_INDEXES)(db)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")


# v2: measured on a 1,000,000-row import. The system and the source zone are properties of the
# batch, not of each row (a row keeps its own zone only when its timestamp carried one); the
# free-text index covers the two free-text fields and stores only which rows hold a word
# (columnsize=0, detail=none: no ranking, no phrase queries, 40% faster to build); the user-name
# index cost more to maintain than the scan it saved. A batch records which cell each text field
# came from, so a record's original row need not repeat those cells. Saved column
# mappings let a confirmed mapping be reused for files with the same columns.
V2 = """
CREATE TABLE audit_records_v2 (
    id           INTEGER PRIMARY KEY,
    batch_id     INTEGER NOT NULL REFERENCES audit_batches (id) ON DELETE CASCADE,
    line_no      INTEGER NOT NULL,
    event_id     TEXT,
    occurred_at  TEXT,                -- UTC, 'YYYY-MM-DD HH:MM:SS'
    source_tz    TEXT,                -- NULL: the batch's zone
    user_name    TEXT,
    user_id      TEXT,
    user_email   TEXT,
    username     TEXT,
    unit         TEXT,
    case_number  TEXT,
    purpose      TEXT,
    notes        TEXT,
    result_count INTEGER,
    ip_address   TEXT,
    original     TEXT NOT NULL        -- the row's cells verbatim (see domain.records)
);
-- JSON: text field -> index of the cell it was taken from
ALTER TABLE audit_batches ADD COLUMN text_cells TEXT NOT NULL DEFAULT '{}';
INSERT INTO audit_records_v2 (id, batch_id, line_no, event_id, occurred_at, source_tz,
    user_name, user_id, user_email, username, unit, case_number, purpose, notes, result_count,
    ip_address, original)
SELECT r.id, r.batch_id, r.line_no, r.event_id, r.occurred_at,
       CASE WHEN r.source_tz = b.source_tz THEN NULL ELSE r.source_tz END,
       r.user_name, r.user_id, r.user_email, r.username, r.unit, r.case_number, r.purpose,
       r.notes, r.result_count, r.ip_address,
       char(30) || r.original          -- schema 1 kept the cells as a JSON array
FROM audit_records AS r JOIN audit_batches AS b ON b.id = r.batch_id;
DROP TABLE audit_records_fts;
DROP TABLE audit_records;
ALTER TABLE audit_records_v2 RENAME TO audit_records;
CREATE INDEX audit_records_batch ON audit_records (batch_id);
CREATE INDEX audit_records_time ON audit_records (occurred_at, id);
CREATE VIRTUAL TABLE audit_records_fts USING fts5 (
    purpose, notes,
    content = 'audit_records', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2', columnsize = 0, detail = none
);
INSERT INTO audit_records_fts (audit_records_fts) VALUES ('rebuild');

CREATE TABLE saved_mappings (
    signature TEXT PRIMARY KEY,       -- the file's normalised column names, in order
    mapping   TEXT NOT NULL,          -- JSON, the mapping-file format
    saved_by  TEXT NOT NULL,
    saved_at  TEXT NOT NULL
);
"""


# v3: the activity log's head (its newest event) kept in a row of its own by triggers, so that
# removing the newest events - after dropping the append-only guards - no longer leaves a chain
# that verifies. The head only moves forward.
V3 = """
CREATE TABLE events_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO events_head (id, seq, hash)
SELECT 1, coalesce(max(seq), 0),
       coalesce((SELECT hash FROM events ORDER BY seq DESC LIMIT 1), '')
FROM events;
CREATE TRIGGER events_head_follows AFTER INSERT ON events
BEGIN
    UPDATE events_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1;
END;
CREATE TRIGGER events_head_forward_only BEFORE UPDATE ON events_head
WHEN NEW.seq <= OLD.seq
BEGIN
    SELECT RAISE(ABORT, 'the activity log head only moves forward');
END;
CREATE TRIGGER events_head_kept BEFORE DELETE ON events_head
BEGIN
    SELECT RAISE(ABORT, 'the activity log head cannot be removed');
END;
"""

# v4 (issue 8): the clocks to the letter of the law.
# - Seeded calendar days record the rule that gave them, its legal source and the flag they were
#   seeded with (so an agency's change stays recognisable); the California calendar becomes the
#   court-holiday calendar of CCP § 135 (see app.domain.holiday_rules) instead of the state-employee
#   holidays the ``holidays`` package lists. Days the agency added, changed or removed are kept.
# - The statutory reasons for an extension become data with the dates their words are in force,
#   which counsel can update; FOIA's unusual circumstances are named one by one.
# - A CPRA extension for a cyberattack (§ 7922.535(c)(6)) ends when access is regained: the day is
#   kept on the request.
# - Deadlines that move because of the corrected calendar are recomputed, and the changes written
#   to the activity log, right after the upgrade by the services (``upgrade_steps``).
V4 = """
ALTER TABLE calendar_days ADD COLUMN rule TEXT NOT NULL DEFAULT '';
ALTER TABLE calendar_days ADD COLUMN authority TEXT NOT NULL DEFAULT '';
-- the observed flag the day was seeded with; NULL for a day the agency added
ALTER TABLE calendar_days ADD COLUMN seeded_observed INTEGER;

CREATE TABLE extension_reasons (
    law            TEXT NOT NULL CHECK (law IN ('cpra', 'foia')),
    code           TEXT NOT NULL,
    effective_from TEXT NOT NULL,             -- YYYY-MM-DD: the first day these words apply
    effective_to   TEXT,                      -- the last day; NULL while in force
    citation       TEXT NOT NULL,
    text           TEXT NOT NULL,             -- the statute's words
    lead_in        TEXT NOT NULL DEFAULT '',  -- the words that introduce the list
    ends_when      TEXT NOT NULL DEFAULT '',  -- 'until_access_regained' for (c)(6)
    offered        INTEGER NOT NULL DEFAULT 1,  -- 0: kept only for older extensions
    wording        TEXT NOT NULL DEFAULT 'verbatim' CHECK (wording IN ('verbatim', 'unverified')),
    note           TEXT NOT NULL DEFAULT '',
    entered_by     TEXT NOT NULL,
    entered_at     TEXT NOT NULL,
    PRIMARY KEY (law, code, effective_from)
);

-- the day access to the systems was regained (an extension under § 7922.535(c)(6))
ALTER TABLE requests ADD COLUMN extension_ended TEXT;

CREATE TABLE upgrade_steps (
    id         INTEGER PRIMARY KEY,
    version    INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    details    TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL
);
"""

_CPRA_LEAD_IN = ("As used in this section, \u201cunusual circumstances\u201d means the following, "
                 "but only to the extent reasonably necessary to the proper processing of the "
                 "particular request:")
_FOIA_LEAD_IN = ("As used in this subparagraph, \u201cunusual circumstances\u201d means, but only "
                 "to the extent reasonably necessary to the proper processing of the particular "
                 "requests\u2014")
_UNVERIFIED = ("Reconstructed from the legislative digest and practitioners' summaries of {bill}: "
               "the enacted words were not available when this row was seeded. Counsel: replace "
               "it with the chaptered text (disclosure-desk reason set ... --verbatim).")

# (law, code, from, to, citation, text, lead-in, ends_when, offered, wording, note)
V4_REASONS: tuple[tuple, ...] = (
    ("cpra", "c1", "2023-01-01", None, "Gov. Code § 7922.535(c)(1)",
     "The need to search for and collect the requested records from field facilities or other "
     "establishments that are separate from the office processing the request.",
     _CPRA_LEAD_IN, "", 1, "verbatim",
     "Former § 6253(c)(1); recodified as § 7922.535 from 2023 (Stats. 2021, ch. 614)."),
    ("cpra", "c2", "2023-01-01", None, "Gov. Code § 7922.535(c)(2)",
     "The need to search for, collect, and appropriately examine a voluminous amount of "
     "separate and distinct records that are demanded in a single request.",
     _CPRA_LEAD_IN, "", 1, "verbatim", ""),
    ("cpra", "c3", "2023-01-01", None, "Gov. Code § 7922.535(c)(3)",
     "The need for consultation, which shall be conducted with all practicable speed, with "
     "another agency having substantial interest in the determination of the request or among "
     "two or more components of the agency having substantial subject matter interest therein.",
     _CPRA_LEAD_IN, "", 1, "verbatim", ""),
    ("cpra", "c4", "2023-01-01", None, "Gov. Code § 7922.535(c)(4)",
     "The need to compile data, to write programming language or a computer program, or to "
     "construct a computer report to extract data.",
     _CPRA_LEAD_IN, "", 1, "verbatim", ""),
    ("cpra", "c5", "2025-01-01", "2025-12-31", "Gov. Code § 7922.535(c)(5)",
     "The need to search for, collect, and appropriately examine records during a state of "
     "emergency proclaimed by the Governor in the jurisdiction where the agency is located, "
     "when the state of emergency currently affects the agency's ability to timely respond to "
     "requests due to staffing shortages or closure of facilities where the requested records "
     "are located.",
     _CPRA_LEAD_IN, "", 1, "unverified",
     _UNVERIFIED.format(bill="SB 1034 (Stats. 2024)") + " The paragraph is also reported not "
     "to apply to records created during and related to the emergency."),
    ("cpra", "c5", "2026-01-01", None, "Gov. Code § 7922.535(c)(5)",
     "The need to search for, collect, and appropriately examine records during a state of "
     "emergency proclaimed by the Governor in the jurisdiction where the agency is located, "
     "when the state of emergency directly affects the agency's ability to timely respond to "
     "requests due to staffing shortages or closure of facilities where the requested records "
     "are located.",
     _CPRA_LEAD_IN, "", 1, "unverified",
     _UNVERIFIED.format(bill="AB 370 (Stats. 2025), which requires the emergency to directly "
                             "affect the agency") + " The paragraph is also reported not to "
     "apply to records created during and related to the emergency."),
    ("cpra", "c6", "2026-01-01", None, "Gov. Code § 7922.535(c)(6)",
     "The inability of the agency, because of a cyberattack, to access its electronic servers "
     "or systems in order to search for and obtain a record that the agency believes is "
     "responsive to the request and that is maintained only on the affected servers or "
     "systems. The agency may delay its response only until it regains access to its "
     "electronic servers or systems and can search for and obtain the record.",
     _CPRA_LEAD_IN, "until_access_regained", 1, "unverified",
     _UNVERIFIED.format(bill="AB 370 (Stats. 2025)")),
    ("foia", "field", "1990-01-01", None, "5 U.S.C. § 552(a)(6)(B)(iii)(I)",
     "the need to search for and collect the requested records from field facilities or other "
     "establishments that are separate from the office processing the request;",
     _FOIA_LEAD_IN, "", 1, "verbatim", "Pub. L. 93-502, 88 Stat. 1563 (1974)."),
    ("foia", "voluminous", "1990-01-01", None, "5 U.S.C. § 552(a)(6)(B)(iii)(II)",
     "the need to search for, collect, and appropriately examine a voluminous amount of "
     "separate and distinct records which are demanded in a single request; or",
     _FOIA_LEAD_IN, "", 1, "verbatim", "Pub. L. 93-502, 88 Stat. 1563 (1974)."),
    ("foia", "consultation", "1990-01-01", None, "5 U.S.C. § 552(a)(6)(B)(iii)(III)",
     "the need for consultation, which shall be conducted with all practicable speed, with "
     "another agency having a substantial interest in the determination of the request or "
     "among two or more components of the agency having substantial subject-matter interest "
     "therein.",
     _FOIA_LEAD_IN, "", 1, "verbatim", "Pub. L. 93-502, 88 Stat. 1563 (1974)."),
    ("foia", "unusual", "1990-01-01", None, "5 U.S.C. § 552(a)(6)(B)(i), (iii)",
     "Unusual circumstances (recorded before Disclosure Desk asked which of the three applied).",
     _FOIA_LEAD_IN, "", 0, "verbatim",
     "Kept so that extensions recorded with the old code 'unusual' still read; no longer "
     "offered."),
)


def _v4(db: Database) -> None:
    # Imported here: the rule table and the calendar code are not needed to open a database.
    from app.domain.holiday_rules import seeded_entries
    from app.storage import calendar, upgrades

    _script(V4)(db)
    db.executemany(
        "INSERT INTO extension_reasons (law, code, effective_from, effective_to, citation, text, "
        "lead_in, ends_when, offered, wording, note, entered_by, entered_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'Disclosure Desk (schema 4)', "
        "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))", V4_REASONS)
    if not calendar.has_seeded_days(db):
        return  # a new database: its calendars are seeded after the schema is created
    changes = calendar.correct_seeded(db, seeded_entries())
    upgrades.add(db, 4, "calendar_corrected", changes)
    upgrades.add(db, 4, "extension_reasons_seeded", {
        "reasons": [f"{r[0]} {r[1]} {r[4]} from {r[2]}" + (" (wording unverified)"
                                                            if r[9] == "unverified" else "")
                    for r in V4_REASONS if r[8]]})


# v5: redaction. The exemption catalogue and the profiles are data counsel edits; a request's
# responsive set is a frozen copy of its records (later imports, batch removals and roster
# edits do not change what was reviewed), with a frozen copy of the roster and each person's
# pseudonym; the exemption log holds every redaction decision. batch_identity_hours counts each
# batch's records per UTC hour and searcher identity, so matching a million records reads a few
# thousand summary rows instead of grouping a million.
V5 = """
CREATE TABLE exemptions (
    code           TEXT PRIMARY KEY,
    law            TEXT NOT NULL CHECK (law IN ('cpra', 'foia')),
    cite           TEXT NOT NULL,
    mark           TEXT NOT NULL,
    title          TEXT NOT NULL,
    former_cite    TEXT NOT NULL DEFAULT '',
    summary        TEXT NOT NULL DEFAULT '',
    effective_from TEXT NOT NULL,
    effective_to   TEXT,
    source         TEXT NOT NULL DEFAULT 'seed'     -- seed | agency
);

CREATE TABLE profiles (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    law          TEXT NOT NULL CHECK (law IN ('cpra', 'foia')),
    description  TEXT NOT NULL DEFAULT '',
    confirmed_by TEXT NOT NULL DEFAULT '',
    confirmed_on TEXT NOT NULL DEFAULT '',
    updated_by   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE TABLE profile_rules (
    profile_id    INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    target        TEXT NOT NULL,
    action        TEXT NOT NULL CHECK (action IN ('release', 'pseudonymise', 'withhold')),
    exemption     TEXT NOT NULL DEFAULT '',
    justification TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (profile_id, target)
);

CREATE TABLE safety_holds (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES personnel (id),
    kind       TEXT NOT NULL,                 -- undercover, task force, threat, other
    reason     TEXT NOT NULL,
    held_from  TEXT NOT NULL,
    held_until TEXT,                          -- NULL: until lifted
    exemption  TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    lifted_by  TEXT,
    lifted_on  TEXT
);

CREATE TABLE custom_patterns (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE,
    regex     TEXT NOT NULL,
    active    INTEGER NOT NULL DEFAULT 1,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE responsive_sets (
    request_id INTEGER PRIMARY KEY REFERENCES requests (id) ON DELETE CASCADE,
    criteria   TEXT NOT NULL,                 -- JSON, as matched
    summary    TEXT NOT NULL,                 -- JSON: counts as shown when committed
    frozen_by  TEXT NOT NULL,
    frozen_at  TEXT NOT NULL,
    profile    TEXT NOT NULL DEFAULT '',      -- the profile of the last redaction run
    redacted_at TEXT
);
CREATE TABLE responsive_records (
    request_id   INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    row_no       INTEGER NOT NULL,            -- 1, 2, ... in time order: the packet's order
    record_id    INTEGER,                     -- audit_records.id when frozen (it may go later)
    batch_id     INTEGER,
    line_no      INTEGER,
    system       TEXT,
    occurred_at  TEXT,
    event_id     TEXT,
    user_name    TEXT,
    user_id      TEXT,
    user_email   TEXT,
    username     TEXT,
    unit         TEXT,
    case_number  TEXT,
    purpose      TEXT,
    notes        TEXT,
    result_count INTEGER,
    ip_address   TEXT,
    person_key   TEXT,                        -- request_people.person_key of the searcher
    included     INTEGER NOT NULL DEFAULT 1,
    note         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (request_id, row_no)
);
CREATE INDEX responsive_records_person ON responsive_records (request_id, person_key);
CREATE TABLE request_people (
    request_id  INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    person_key  TEXT NOT NULL,                -- 'p:<personnel id>'; 'u:<identity>' if unlisted
    person_id   INTEGER,
    employee_id TEXT NOT NULL DEFAULT '',
    last_name   TEXT NOT NULL DEFAULT '',
    first_name  TEXT NOT NULL DEFAULT '',
    middle_name TEXT NOT NULL DEFAULT '',
    email       TEXT NOT NULL DEFAULT '',
    username    TEXT NOT NULL DEFAULT '',
    rank        TEXT NOT NULL DEFAULT '',
    unit        TEXT NOT NULL DEFAULT '',
    aliases     TEXT NOT NULL DEFAULT '[]',
    shown_as    TEXT NOT NULL DEFAULT '',     -- for 'u:' people: the identity as the log wrote it
    pseudonym   TEXT,                         -- never leaves the agency with the person
    PRIMARY KEY (request_id, person_key)
);

-- The exemption log: one row per decision. scope 'column': a field in every row; 'person':
-- the identity fields of one person's rows; 'cell': one field of one row; 'span': part of one.
CREATE TABLE redactions (
    id            INTEGER PRIMARY KEY,
    request_id    INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    scope         TEXT NOT NULL CHECK (scope IN ('column', 'person', 'cell', 'span')),
    row_no        INTEGER,
    field         TEXT NOT NULL,
    start         INTEGER,
    "end"         INTEGER,
    person_key    TEXT,
    original      TEXT NOT NULL DEFAULT '',
    replacement   TEXT NOT NULL,
    action        TEXT NOT NULL CHECK (action IN ('pseudonymised', 'withheld')),
    masked_by     TEXT NOT NULL DEFAULT 'agency' CHECK (masked_by IN ('agency', 'vendor')),
    exemption     TEXT NOT NULL DEFAULT '',
    justification TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL,   -- profile, hold, roster, pattern, unlisted, manual, vendor
    kind          TEXT NOT NULL DEFAULT '',
    term          TEXT NOT NULL DEFAULT '',
    why           TEXT NOT NULL DEFAULT '',
    certain       INTEGER NOT NULL DEFAULT 1, -- 0: a review item
    decision      TEXT NOT NULL DEFAULT 'proposed'
                  CHECK (decision IN ('proposed', 'accepted', 'rejected')),
    decided_by    TEXT,
    decided_at    TEXT,
    cells         INTEGER NOT NULL DEFAULT 1,
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX redactions_request ON redactions (request_id, row_no);
CREATE INDEX redactions_term ON redactions (request_id, term);

-- Each distinct searcher identity (the five fields as the log wrote them) once.
CREATE TABLE identities (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,         -- the five fields joined (NULL as char(0))
    user_id     TEXT,
    user_email  TEXT,
    username    TEXT,
    user_name   TEXT,
    unit        TEXT
);
CREATE TABLE batch_identity_hours (
    batch_id    INTEGER NOT NULL REFERENCES audit_batches (id) ON DELETE CASCADE,
    hour        TEXT NOT NULL,                -- UTC 'YYYY-MM-DD HH'
    identity_id INTEGER NOT NULL REFERENCES identities (id),
    records     INTEGER NOT NULL,
    PRIMARY KEY (batch_id, hour, identity_id)
) WITHOUT ROWID;
ALTER TABLE audit_batches ADD COLUMN summarised INTEGER NOT NULL DEFAULT 0;
ALTER TABLE responsive_sets ADD COLUMN redacted_by TEXT NOT NULL DEFAULT '';

-- A reviewer other than the preparer approves a set of decisions (its fingerprint): any later
-- change of a decision voids the approval.
CREATE TABLE approvals (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    reviewer    TEXT NOT NULL,                -- as the reviewer signs
    actor       TEXT NOT NULL,                -- the operating-system user who approved
    fingerprint TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    approved_at TEXT NOT NULL
);
-- Bates numbers are never reused: one counter per prefix, across requests and corrections.
CREATE TABLE bates_counters (
    prefix TEXT PRIMARY KEY,
    last   INTEGER NOT NULL
);
CREATE TABLE productions (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,             -- 1, 2, ... per request
    folder      TEXT NOT NULL,
    bates_first TEXT NOT NULL,
    bates_last  TEXT NOT NULL,
    replaces    TEXT NOT NULL DEFAULT '',     -- the Bates range a correction replaces
    fingerprint TEXT NOT NULL,
    manifest    TEXT NOT NULL,                -- JSON, as written beside the files
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    released_by TEXT,
    released_at TEXT,
    UNIQUE (request_id, seq)
);
CREATE TABLE production_files (
    production_id INTEGER NOT NULL REFERENCES productions (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    bytes         INTEGER NOT NULL,
    PRIMARY KEY (production_id, name)
);
"""

def _v5(db: Database) -> None:
    _script(V5)(db)
    db.executemany(
        "INSERT INTO exemptions (code, law, cite, mark, title, former_cite, summary, "
        "effective_from, effective_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(e.code, e.law.value, e.cite, e.mark, e.title, e.former_cite, e.summary,
          e.effective_from.isoformat(), e.effective_to.isoformat() if e.effective_to else None)
         for e in SEED])
    for profile in DEFAULT_PROFILES:
        profile_id = db.execute(
            "INSERT INTO profiles (name, law, description, updated_by, updated_at) "
            "VALUES (?, ?, ?, 'Disclosure Desk (shipped default)', ?)",
            (profile.name, profile.law.value, profile.description, utc_now())).lastrowid
        db.executemany(
            "INSERT INTO profile_rules (profile_id, target, action, exemption, justification) "
            "VALUES (?, ?, ?, ?, ?)",
            [(profile_id, r.target, r.action.value, r.exemption, r.justification)
             for r in profile.rules])


# The triggers that keep the activity log append-only; ``log verify`` checks they are there.
GUARD_TRIGGERS = ("events_append_only_update", "events_append_only_delete",
                  "events_head_follows", "events_head_forward_only", "events_head_kept")


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "requests, calendars, activity log, personnel, audit records", _v1),
    Migration(2, "leaner audit records, free-text index on free text, saved mappings",
              _script(V2)),
    Migration(3, "the activity log's head, kept by triggers", _script(V3)),
    Migration(4, "court-holiday calendar with legal sources, extension reasons as dated data",
              _v4),
    Migration(5, "redaction: exemptions, profiles, holds, responsive sets, exemption log",
              _v5),
)
LATEST_VERSION = MIGRATIONS[-1].version


def migrate(db: Database) -> list[int]:
    """Apply every migration newer than the file's ``user_version``; return those applied."""
    applied = []
    for migration in MIGRATIONS:
        if migration.version <= db.user_version:
            continue
        log.info("migrating %s to schema %d: %s", db.path, migration.version, migration.title)
        with db.transaction():
            migration.apply(db)
            db.execute(f"PRAGMA user_version = {migration.version}")
        applied.append(migration.version)
    return applied
