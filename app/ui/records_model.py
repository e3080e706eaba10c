"""A table model for millions of audit records that holds keys, not rows.

Loading a filter publishes the matching ids, in display order, from a worker thread: the first
thousand at once (the first page paints immediately), the rest in chunks that wait in a buffer
until the view asks for them (``canFetchMore``/``fetchMore``) or the load ends. Row contents are
fetched a page at a time, also on the worker, when the view first paints a row of that page, and
a small LRU cache keeps the pages around the viewport. Sorting and filtering happen in SQL.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from app.services import records as records_service
from app.services.records import RecordFilter
from app.ui.tasks import Task, TaskRunner

PAGE = 200
CACHE_PAGES = 60
ID_ROLE = Qt.ItemDataRole.UserRole + 1

# (title, key in the page rows, SQL column to sort by)
COLUMNS = (
    ("Searched at", "local_time", "occurred_at"),
    ("System", "system", None),
    ("User", "user_name", "user_name"),
    ("Employee no.", "user_id", "user_id"),
    ("Unit", "unit", "unit"),
    ("Case no.", "case_number", "case_number"),
    ("Purpose", "purpose", "purpose"),
    ("Notes", "notes", "notes"),
    ("Results", "result_count", "result_count"),
    ("IP address", "ip_address", "ip_address"),
    ("Batch / line", "line_no", "batch_id"),
)


class RecordsModel(QAbstractTableModel):
    loading_changed = Signal(bool)
    count_changed = Signal(int, bool)  # records known so far, complete?
    load_failed = Signal(object)

    def __init__(self, runner: TaskRunner, parent=None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._keys = array("q")
        self._pending = array("q")
        self._pages: OrderedDict[int, list[dict]] = OrderedDict()
        self._in_flight: set[int] = set()
        self._generation = 0
        self._loading = False
        self._load_task: Task | None = None
        self.filter = RecordFilter()
        self.sort_column = 0
        self.sort_order = Qt.SortOrder.AscendingOrder

    # -- loading keys ------------------------------------------------------------------------------
    def load(self, flt: RecordFilter | None = None) -> None:
        if flt is not None:
            self.filter = flt
        if self._load_task is not None and not self._load_task.done:
            self._load_task.cancel()
        self._generation += 1
        generation = self._generation
        self.beginResetModel()
        self._keys = array("q")
        self._pending = array("q")
        self._pages.clear()
        self._in_flight.clear()
        self.endResetModel()
        self._set_loading(True)
        self.count_changed.emit(0, False)
        flt, sort_key = self.filter, COLUMNS[self.sort_column][2] or "occurred_at"
        descending = self.sort_order == Qt.SortOrder.DescendingOrder

        def keys(db, job):
            return records_service.load_keys(db, job, flt, sort_key, descending)

        self._load_task = self._runner.run(
            keys, on_partial=lambda chunk: self._keys_arrived(generation, chunk),
            on_done=lambda total: self._keys_done(generation, total),
            on_error=lambda exc: self._keys_failed(generation, exc), owner=self,
            label="load records")

    def _keys_arrived(self, generation: int, chunk: list[int]) -> None:
        if generation != self._generation:
            return
        if not self._keys:
            self._reveal(array("q", chunk))   # the first page, at once
        else:
            self._pending.extend(chunk)
        self.count_changed.emit(len(self._keys) + len(self._pending), False)

    def _keys_done(self, generation: int, total: int) -> None:
        if generation != self._generation:
            return
        self.fetchMore(QModelIndex())
        self._set_loading(False)
        self.count_changed.emit(total, True)

    def _keys_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self._set_loading(False)
            from app.services.jobs import Cancelled

            if not isinstance(exc, Cancelled):
                self.load_failed.emit(exc)

    def _reveal(self, keys: array) -> None:
        if not keys:
            return
        start = len(self._keys)
        self.beginInsertRows(QModelIndex(), start, start + len(keys) - 1)
        self._keys.extend(keys)
        self.endInsertRows()

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loading_changed.emit(loading)

    @property
    def loading(self) -> bool:
        return self._loading

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:
        return not parent.isValid() and len(self._pending) > 0

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:
        if parent.isValid() or not self._pending:
            return
        pending, self._pending = self._pending, array("q")
        self._reveal(pending)

    # -- rows --------------------------------------------------------------------------------------
    def record_id(self, row: int) -> int:
        return self._keys[row]

    def _row(self, row: int) -> dict | None:
        number = row // PAGE
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            offset = row - number * PAGE
            return page[offset] if offset < len(page) else None
        self._request_page(number)
        return None

    def _request_page(self, number: int) -> None:
        if number in self._in_flight:
            return
        self._in_flight.add(number)
        generation = self._generation
        ids = list(self._keys[number * PAGE:(number + 1) * PAGE])
        self._runner.run(lambda db, job: records_service.page(db, ids),
                         on_done=lambda rows: self._page_arrived(generation, number, ids, rows),
                         on_error=lambda exc: self._in_flight.discard(number),
                         owner=self, label="load records page")

    def _page_arrived(self, generation: int, number: int, ids: list[int],
                      rows: list[dict]) -> None:
        if generation != self._generation:
            return
        self._in_flight.discard(number)
        by_id = {r["id"]: r for r in rows}
        self._pages[number] = [by_id.get(i, {"id": i}) for i in ids]
        while len(self._pages) > CACHE_PAGES:
            self._pages.popitem(last=False)
        first = number * PAGE
        last = min(first + len(ids), len(self._keys)) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    def page_loaded(self, row: int) -> bool:
        return row // PAGE in self._pages

    # -- Qt's model interface ----------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._keys)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._keys):
            return None
        if role == ID_ROLE:
            return self._keys[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                        Qt.ItemDataRole.AccessibleTextRole):
            if role == Qt.ItemDataRole.TextAlignmentRole and COLUMNS[index.column()][1] == \
                    "result_count":
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        row = self._row(index.row())
        if row is None:
            return "\u2026" if index.column() == 0 else ""
        key = COLUMNS[index.column()][1]
        if key == "line_no":
            return f"{row.get('batch_id', '')} / {row.get('line_no', '')}"
        value = row.get(key)
        return "" if value is None else str(value)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return COLUMNS[section][0]
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS) or COLUMNS[column][2] is None:
            return
        if (column, order) == (self.sort_column, self.sort_order) and self._keys:
            return
        self.sort_column, self.sort_order = column, order
        self.load()
