"""The shape of a normalised audit record, shared by the importers and the storage."""

from __future__ import annotations

import json
from collections.abc import Sequence

# The fields taken from the file's cells as they are (blank ones become NULL).
TEXT_COLUMNS = ("event_id", "user_name", "user_id", "user_email", "username", "unit",
                "case_number", "purpose", "notes", "ip_address")

UNIT_SEP, RECORD_SEP = "\x1f", "\x1e"


def encode_cells(cells: Sequence[str]) -> str:
    """A row's cells, verbatim, in one column. Joined by the ASCII unit separator (a JSON dump
    per row cost a third of a million-row import); a row whose cells contain the separators
    themselves is stored as JSON behind a record separator, so every row decodes exactly."""
    joined = UNIT_SEP.join(cells)
    if joined.count(UNIT_SEP) == len(cells) - 1 and RECORD_SEP not in joined:
        return joined
    return RECORD_SEP + json.dumps(list(cells), ensure_ascii=False)


def decode_cells(text: str) -> list[str]:
    if text.startswith(RECORD_SEP):
        return json.loads(text[1:])
    return text.split(UNIT_SEP)
