"""The shape of a normalised audit record, shared by the importers and the storage."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

# The fields taken from the file's cells as they are (blank ones become NULL).
TEXT_COLUMNS = ("event_id", "user_name", "user_id", "user_email", "username", "unit",
                "case_number", "purpose", "notes", "ip_address")

UNIT_SEP, RECORD_SEP, GROUP_SEP = "\x1f", "\x1e", "\x1d"

def normalise_text(cell: str) -> str | None:
    """A text field's stored value, the one normalisation the preview and the storage share:
    without surrounding whitespace as ``str.strip()`` defines it (spaces, tabs, line breaks,
    no-break and other Unicode spaces), and blank -> None (SQL NULL)."""
    return cell.strip() or None


def encode_cells(cells: Sequence[str]) -> str:
    """A row's cells, verbatim, in one column. Joined by the ASCII unit separator (a JSON dump
    per row cost a third of a million-row import); a row whose cells contain the separators
    themselves is stored as JSON behind a record separator, so every row decodes exactly."""
    joined = UNIT_SEP.join(cells)
    if joined.count(UNIT_SEP) == len(cells) - 1 and RECORD_SEP not in joined \
            and not joined.startswith(GROUP_SEP):
        return joined
    return RECORD_SEP + json.dumps(list(cells), ensure_ascii=False)


def decode_cells(text: str) -> list[str]:
    if text.startswith(RECORD_SEP):
        return json.loads(text[1:])
    return text.split(UNIT_SEP)


def encode_compact(other_cells: Sequence[str]) -> str:
    """The original row of a record whose text fields hold their cells exactly: only the other
    cells are stored (behind a group separator); :func:`decode_cells` puts the row back
    together from them and the record. A third of the database, on a typical export."""
    return GROUP_SEP + UNIT_SEP.join(other_cells)


def decode_any(stored: str, record: Mapping[str, object], text_cells: Mapping[str, int],
               width: int) -> list[str]:
    """The original cells of a record, whichever way they were stored. ``text_cells`` maps
    each text field to the index of the cell it was taken from; ``width`` is the header's."""
    if not stored.startswith(GROUP_SEP):
        return decode_cells(stored)
    taken = {index: record.get(field) for field, index in text_cells.items()}
    others = iter(stored[1:].split(UNIT_SEP) if width > len(taken) else ())
    return [("" if taken[i] is None else str(taken[i])) if i in taken else next(others)
            for i in range(width)]
