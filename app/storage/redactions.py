"""The exemption log: every redaction decision of a request, one row each."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from app.storage.database import Database, utc_now

COLUMNS = ("scope", "row_no", "field", "start", "end", "person_key", "original",
           "replacement", "action", "masked_by", "exemption", "justification", "source", "kind",
           "term", "why", "certain", "decision", "decided_by", "decided_at", "cells",
           "created_by")


# What an item that does not say otherwise holds (as the table's defaults).
DEFAULTS = {"original": "", "masked_by": "agency", "exemption": "", "justification": "",
            "kind": "", "term": "", "why": "", "certain": 1, "decision": "proposed", "cells": 1}


def has_decisions(db: Database, request_id: int) -> bool:
    """Whether the clerk decided anything on the request's set (a review decision or a manual
    redaction): work that matching again would throw away."""
    return bool(db.scalar(
        "SELECT 1 FROM redactions WHERE request_id = ? AND (source = 'manual' "
        "OR decided_by IS NOT NULL) LIMIT 1", (request_id,)))


def earlier_decisions(db: Database, request_id: int) -> dict[tuple, tuple]:
    """Decisions the clerk made on automatic items, keyed by what the item is, so a new
    redaction run keeps them."""
    return {(r["scope"], r["row_no"], r["field"], r["start"], r["end"], r["person_key"],
             r["source"], r["term"]): (r["decision"], r["decided_by"], r["decided_at"])
            for r in db.query("SELECT * FROM redactions WHERE request_id = ? AND source != "
                              "'manual' AND decided_by IS NOT NULL", (request_id,))}


def delete_automatic(db: Database, request_id: int) -> None:
    db.execute("DELETE FROM redactions WHERE request_id = ? AND source != 'manual'",
               (request_id,))


def insert(db: Database, request_id: int, items: Iterable[dict]) -> None:
    now = utc_now()
    cols = ", ".join(f'"{c}"' if c == "end" else c for c in COLUMNS)
    db.executemany(
        f"INSERT INTO redactions (request_id, {cols}, created_at) "
        f"VALUES (?, {', '.join('?' for _ in COLUMNS)}, ?)",
        ((request_id, *(item.get(c, DEFAULTS.get(c)) for c in COLUMNS), now)
         for item in items))


def insert_one(db: Database, request_id: int, item: dict) -> int:
    insert(db, request_id, [item])
    return int(db.scalar("SELECT max(id) FROM redactions WHERE request_id = ?", (request_id,)))


def items(db: Database, request_id: int) -> list[dict]:
    return db.query("SELECT * FROM redactions WHERE request_id = ? ORDER BY "
                    "coalesce(row_no, 0), field, start, id", (request_id,))


def iter_items(db: Database, request_id: int) -> Iterator[dict]:
    """:func:`items`, a batch at a time (a large request has tens of thousands)."""
    return db.iterate("SELECT * FROM redactions WHERE request_id = ? ORDER BY "
                      "coalesce(row_no, 0), field, start, id", (request_id,))


def items_for_rows(db: Database, request_id: int, first: int, last: int) -> list[dict]:
    """Items that apply to rows ``first``..``last``: those of the rows, and the column and
    person items that apply to every row."""
    # Two searches of the (request_id, row_no) index: with "row_no IS NULL OR BETWEEN" in one
    # WHERE, SQLite read every item of the request for each chunk of rows.
    return db.query(
        "SELECT * FROM (SELECT * FROM redactions WHERE request_id = ? AND row_no IS NULL "
        "UNION ALL SELECT * FROM redactions WHERE request_id = ? AND row_no BETWEEN ? AND ?) "
        "ORDER BY coalesce(row_no, 0), field, start, id", (request_id, request_id, first, last))


def item(db: Database, request_id: int, item_id: int) -> dict | None:
    return db.one("SELECT * FROM redactions WHERE request_id = ? AND id = ?",
                  (request_id, item_id))


def set_decisions(db: Database, request_id: int, decisions: Sequence[tuple[int, str]],
                  actor: str | None, at: str | None) -> int:
    return db.executemany(
        "UPDATE redactions SET decision = ?, decided_by = ?, decided_at = ? "
        "WHERE request_id = ? AND id = ?",
        [(decision, actor, at, request_id, item_id) for item_id, decision in decisions]
    ).rowcount


def ids_for_term(db: Database, request_id: int, term: str, only_open: bool) -> list[dict]:
    return db.query("SELECT id, decision FROM redactions WHERE request_id = ? AND term = ?"
                    + (" AND certain = 0 AND decision = 'proposed'" if only_open else ""),
                    (request_id, term))


def open_review_items(db: Database, request_id: int) -> list[dict]:
    return db.query("SELECT * FROM redactions WHERE request_id = ? AND certain = 0 AND "
                    "decision = 'proposed' ORDER BY row_no, field, start", (request_id,))


def counts(db: Database, request_id: int) -> dict:
    row = db.one(
        "SELECT coalesce(sum(CASE WHEN decision != 'rejected' AND masked_by = 'agency' "
        "THEN cells END), 0) AS redactions, "
        "coalesce(sum(CASE WHEN certain = 0 AND decision = 'proposed' THEN 1 END), 0) "
        "AS review_items, "
        "coalesce(sum(CASE WHEN masked_by = 'vendor' THEN cells END), 0) AS vendor_masked "
        "FROM redactions WHERE request_id = ?", (request_id,))
    by = db.query(
        "SELECT exemption, sum(cells) AS n FROM redactions WHERE request_id = ? AND "
        "decision != 'rejected' AND masked_by = 'agency' GROUP BY exemption ORDER BY exemption",
        (request_id,))
    return {**row, "by_exemption": {r["exemption"]: r["n"] for r in by}}


def delete_item(db: Database, request_id: int, item_id: int) -> int:
    return db.execute("DELETE FROM redactions WHERE request_id = ? AND id = ?",
                      (request_id, item_id)).rowcount


def record_withholding(db: Database, request_id: int, row_no: int) -> dict | None:
    """The decision that withholds record ``row_no`` in full, if one stands."""
    return db.one("SELECT * FROM redactions WHERE request_id = ? AND row_no = ? AND field = "
                  "'record' AND decision != 'rejected' ORDER BY id LIMIT 1",
                  (request_id, row_no))


def row_items(db: Database, request_id: int, limit: int) -> list[dict]:
    """The decisions of single records (spans, cells, whole records), open review items first,
    each with how many items share its term."""
    return db.query(
        "SELECT r.*, CASE WHEN r.term = '' THEN 1 ELSE (SELECT count(*) FROM redactions AS t "
        "WHERE t.request_id = r.request_id AND t.term = r.term) END AS occurrences "
        "FROM redactions AS r WHERE r.request_id = ? AND r.row_no IS NOT NULL "
        "ORDER BY (r.certain = 0 AND r.decision = 'proposed') DESC, r.row_no, r.field, "
        "r.start, r.id LIMIT ?", (request_id, limit))
