"""Column mappings: which column of an export holds which normalised field.

The file format is the design brief's (``system``, ``timezone``, ``columns``), so an agency can
keep and share mappings; the GUI's mapping step writes the same format.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from app.domain.errors import InputError
from app.importers.fields import FIELDS, field_for_header, normalise_header

DATE_ORDERS = ("month-first", "day-first")


@dataclass(frozen=True)
class Mapping:
    system: str = ""
    timezone: str = ""
    columns: dict[str, str] = field(default_factory=dict)   # header -> field
    date_order: str = ""   # "month-first", "day-first", or "" (the file's dates decide)

    def as_json(self) -> dict:
        data: dict = {}
        if self.system:
            data["system"] = self.system
        if self.timezone:
            data["timezone"] = self.timezone
        if self.date_order:
            data["date_order"] = self.date_order
        data["columns"] = dict(self.columns)
        return data

    def with_(self, **changes) -> Mapping:
        return Mapping(**{**self.__dict__, **changes})

    def fields(self) -> dict[str, str]:
        """field -> header."""
        return {f: h for h, f in self.columns.items()}


def load_mapping(path: Path | str) -> Mapping:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise InputError(f"There is no mapping file at {path}.") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder, not a mapping file.",
                         "Give the mapping's .json file itself with --mapping.") from None
    except PermissionError:
        raise InputError(f"The mapping file {path.name} cannot be read: permission denied.",
                         "Copy it to your own folder and give the copy.") from None
    except OSError as exc:
        raise InputError(f"The mapping file {path.name} cannot be read "
                         f"({exc.strerror or exc}).") from None
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        raise InputError(f"The mapping file {path.name} is not valid JSON "
                         f"({type(exc).__name__}: {exc}).") from None
    return mapping_from_json(data, source=path.name)


def mapping_from_json(data, source: str = "the mapping") -> Mapping:
    if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
        raise InputError(f"{source} needs a \"columns\" object naming, for each column of the "
                         "file, the field it holds.",
                         'Example: {"columns": {"Date": "occurred_date", "DR #": "case_number"}}')
    columns = {str(k): str(v) for k, v in data["columns"].items() if v not in (None, "")}
    order = str(data.get("date_order") or "").strip().lower()
    if order and order not in DATE_ORDERS:
        raise InputError(f"{source} says \"date_order\": {data['date_order']!r}; it must be "
                         "\"month-first\" (03/04/2019 is 4 March) or \"day-first\" (3 April).")
    return Mapping(str(data.get("system") or "").strip().lower(),
                   str(data.get("timezone") or "").strip(), columns, order)


def save_mapping(mapping: Mapping, path: Path | str) -> Path:
    path = Path(path)
    path.write_text(json.dumps(mapping.as_json(), indent=2, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    return path


def check_mapping(mapping: Mapping, header: list[str]) -> list[str]:
    """Every problem that makes the mapping unusable for a file with ``header``."""
    problems = []
    unknown = sorted({f for f in mapping.columns.values() if f not in FIELDS})
    if unknown:
        problems.append(f"Unknown field(s) in the mapping: {', '.join(unknown)}. "
                        f"Fields are: {', '.join(FIELDS)}.")
    missing = [h for h in mapping.columns if h not in header]
    if missing:
        problems.append(f"Column(s) named in the mapping are not in the file: "
                        f"{', '.join(repr(m) for m in missing)}. The file's columns are: "
                        f"{', '.join(repr(h) for h in header)}.")
    targets = [f for f in mapping.columns.values()]
    twice = sorted({f for f in targets if targets.count(f) > 1})
    if twice:
        problems.append(f"Each field can come from one column only: {', '.join(twice)} "
                        "is mapped more than once.")
    chosen = set(targets)
    if "occurred_at" not in chosen and "occurred_date" not in chosen:
        problems.append("No column is mapped to the date and time of the search "
                        "(occurred_at, or occurred_date with occurred_time).")
    if "occurred_at" in chosen and {"occurred_date", "occurred_time"} & chosen:
        problems.append("Map either occurred_at, or occurred_date with occurred_time; not both.")
    if "occurred_time" in chosen and "occurred_date" not in chosen:
        problems.append("A time column (occurred_time) needs a date column (occurred_date).")
    return problems


def propose_mapping(header: list[str], samples: list[list[str]]) -> Mapping:
    """The importer's best guess from header synonyms, checked against sample values: a 'Time'
    column whose values carry a date is a full timestamp."""
    from app.importers.timestamps import TIMESTAMP_RE

    columns: dict[str, str] = {}
    used: set[str] = set()
    for index, name in enumerate(header):
        target = field_for_header(name)
        if target is None:
            continue
        values = [row[index] for row in samples if index < len(row) and row[index].strip()]
        if target in ("occurred_time", "occurred_date") and values and all(
                TIMESTAMP_RE.match(v) and any(c.isdigit() for c in v.split()[0]) and
                len(v.strip()) > 10 for v in values):
            target = "occurred_at"
        if target in used:
            continue
        columns[name] = target
        used.add(target)
    if "occurred_at" in used:
        columns = {h: f for h, f in columns.items() if f not in ("occurred_date", "occurred_time")}
    return Mapping(columns=columns)


def signature(header: list[str]) -> str:
    """A file shape's identity: its normalised column names, in order."""
    return "|".join(normalise_header(h) for h in header)
