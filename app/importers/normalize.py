"""Turning one row of an export into the parameters of one audit record.

Built once per import for the file's header and mapping, then called for every row, so it does
as little as possible per row (measured on a million rows). The row's own cells are passed to
SQLite as they are, and SQLite takes the text fields from them (blank -> NULL; see
``storage.audit.record_insert_sql``); a row whose text cells have whitespace at either end (one
identity comparison in C per row finds it) has them trimmed first, with the one normalisation
the preview shows too (``domain.records.normalise_text``). Python adds only what needs Python:
the verbatim original (only for rows that need more than the cells SQLite joins), the UTC
timestamp (from the parser's caches), a
checked result count and the line number.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter

from app.domain.records import (
    GROUP_SEP,
    TEXT_COLUMNS,
    UNIT_SEP,
    decode_any,
    encode_cells,
    normalise_text,
)
from app.importers.mapping import Mapping
from app.importers.timestamps import TimestampError, TimestampParser


class RowRejected(ValueError):
    """This row cannot be imported; the message says why, for the clerk."""


class Normalizer:
    """``row(line, cells)`` extends ``cells`` (exactly ``width`` of them) with
    ``[line, occurred_at, source_tz, result_count, original]``, or returns None for a
    row that cannot be imported after adding ``(line, reason, cells)`` to ``rejects``; so a whole
    file is fed to ``executemany`` as ``filter(None, starmap(row, rows))``, with no Python loop
    of its own."""

    def __init__(self, header: list[str], mapping: Mapping, parser: TimestampParser, *,
                 check_separators: bool = True) -> None:
        """``check_separators``: the file may hold the separator characters, so every row is
        encoded safely (in full). Otherwise the original row need only hold the cells no text
        field takes ("compact"); the storage stores the whole row instead when a text cell
        is not exactly its trimmed field (see ``storage.audit.record_insert_sql``)."""
        self.header = header
        self.width = len(header)
        self.parser = parser
        self.check_separators = check_separators
        self.compact = not check_separators
        self.rejects: list[tuple[int, str, list[str]]] = []
        by_field = mapping.fields()
        index = {name: i for i, name in enumerate(header)}
        # field -> index of the cell that holds it (for the SQL that takes them).
        self.text_index = {f: index[by_field[f]] for f in TEXT_COLUMNS if f in by_field}
        others = [i for i in range(self.width) if i not in set(self.text_index.values())]
        taken = sorted(self.text_index.values())
        self._texts = (itemgetter(*taken) if len(taken) > 1 else
                       (lambda cells, i=taken[0]: (cells[i],)) if taken else (lambda cells: ()))
        self._taken = taken
        self._others = (itemgetter(*others) if len(others) > 1 else
                        (lambda cells, i=others[0]: (cells[i],)) if others else (lambda cells: ()))
        self._results = index.get(by_field.get("result_count", ""))
        self._when = self._timestamp_reader(by_field, index)
        self.row = self._build_row()

    def _timestamp_reader(self, by_field: dict, index: dict) -> Callable:
        parser = self.parser
        if "occurred_at" in by_field:
            at, name = index[by_field["occurred_at"]], by_field["occurred_at"]

            def combined(cells: list[str]) -> tuple[str, str | None]:
                text = cells[at]
                if not text.strip():
                    raise RowRejected(f"no date and time in column '{name}'")
                try:
                    return parser.parse(text)
                except TimestampError as exc:
                    raise RowRejected(f"{name}: {exc}") from None

            return combined
        di, name = index[by_field["occurred_date"]], by_field["occurred_date"]
        ti = index.get(by_field.get("occurred_time", ""))
        dates, times, special = parser.dates, parser.times, parser.special
        utc, prefix_of, counts = parser.utc, parser.utc_prefix, parser.counts

        def split(cells: list[str]) -> tuple[str, None]:
            date_text = cells[di]
            time_text = cells[ti] if ti is not None else ""
            try:
                day = dates.get(date_text)
                if day is None:
                    if not date_text.strip():
                        raise RowRejected(f"no date in column '{name}'")
                    day = parser.parse_date(date_text)
                minute, seconds = times.get(time_text) or parser.parse_time(time_text)
                key = day + minute
                prefix = utc.get(key) or prefix_of(key)  # (a first look-up may mark it)
            except TimestampError as exc:
                raise RowRejected(f"{name}: {exc}") from None
            if key in special:       # the repeated or the skipped hour of a DST change
                counts[special[key]] += 1
            return prefix + seconds, None

        return split

    def _build_row(self) -> Callable[[int, list[str]], list | None]:
        """The per-row function, with everything it needs bound as locals (a million calls)."""
        width, when, results_at = self.width, self._when, self._results
        fit, check, encode = self._fit, self.check_separators, encode_cells
        reject = self.rejects.append
        texts, strip, taken = self._texts, str.strip, self._taken

        def row(line_no: int, cells: list[str]) -> list | None:
            try:
                if check or len(cells) != width:
                    original = encode(cells)    # safe with any cell; a ragged row as it was
                    if len(cells) != width:
                        cells = fit(cells)
                    values = texts(cells)
                    trimmed = tuple(map(strip, values))
                    if trimmed != values:
                        for i, value in zip(taken, trimmed, strict=True):
                            cells[i] = value
                # strip() returns the very same string when there is nothing to trim, so this
                # comparison is by identity, in C: a text cell with whitespace at either end.
                elif (trimmed := tuple(map(strip, values := texts(cells)))) != values:
                    original = encode(cells)    # the fields are trimmed: keep every cell
                    for i, value in zip(taken, trimmed, strict=True):
                        cells[i] = value
                else:   # compact: the text fields hold their cells exactly; SQLite joins
                    original = None             # the other cells (record_insert_sql)
                occurred, zone_named = when(cells)
                results = None
                if results_at is not None:
                    results = cells[results_at]
                    if results and not results.isdigit():
                        results = _number(results)
            except RowRejected as exc:
                reject((line_no, str(exc), cells))
                return None
            cells += (line_no, occurred, zone_named, results, original)
            return cells

        return row

    def _fit(self, cells: list[str]) -> list[str]:
        width = self.width
        if len(cells) < width:
            return cells + [""] * (width - len(cells))
        if any(c.strip() for c in cells[width:]):
            raise RowRejected(f"the row has {len(cells)} cells but the header names "
                              f"{width} columns")
        return cells[:width]

    def record(self, line_no: int, cells: list[str]) -> dict:
        """The record as it will be stored (for previews and tests); raises RowRejected."""
        params = self.row(line_no, list(cells))
        if params is None:
            raise RowRejected(self.rejects.pop()[1])
        width = self.width
        line, occurred, zone_named, results, original = params[width:]
        record = {"line_no": line, "occurred_at": occurred, "source_tz": zone_named,
                  "result_count": int(results) if results not in (None, "") else None}
        for field in TEXT_COLUMNS:
            i = self.text_index.get(field)
            record[field] = normalise_text(params[i]) if i is not None else None
        if original is None:   # as the storage joins it
            original = GROUP_SEP + UNIT_SEP.join(self._others(params))
        record["original"] = original
        return record

    def original_cells(self, record: dict) -> list[str]:
        """The original row of a record this normaliser produced (for tests and previews)."""
        return decode_any(record["original"], record, self.text_index, self.width)


def _number(value: str) -> int:
    cleaned = value.replace(",", "").replace(" ", "")
    try:
        number = float(cleaned)
    except ValueError:
        raise RowRejected(f"the result count {value!r} is not a number") from None
    if not number.is_integer() or number < 0:
        raise RowRejected(f"the result count {value!r} is not a whole number")
    return int(number)
