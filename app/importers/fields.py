"""The normalised fields of an audit record and the header names that mean them."""

from __future__ import annotations

import re
import unicodedata

# The fields of the mapping-file format (design brief, "Column mappings").
FIELDS = ("event_id", "occurred_at", "occurred_date", "occurred_time", "user_name", "user_id",
          "user_email", "username", "unit", "case_number", "purpose", "notes", "result_count",
          "ip_address")
FIELD_TITLES = {
    "event_id": "Event / search ID",
    "occurred_at": "Date and time",
    "occurred_date": "Date",
    "occurred_time": "Time",
    "user_name": "User's name",
    "user_id": "Employee / serial number",
    "user_email": "User's e-mail",
    "username": "Username / login",
    "unit": "Unit / department",
    "case_number": "Case number",
    "purpose": "Purpose / reason",
    "notes": "Notes / free text",
    "result_count": "Result count",
    "ip_address": "IP address",
}


def normalise_header(name: str) -> str:
    """'Badge/Serial #' -> 'badge serial #'; accents, case, underscores and spacing ignored."""
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[_/\-.:()\[\]]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


_SYNONYMS: dict[str, tuple[str, ...]] = {
    "event_id": ("id", "search id", "event id", "audit id", "query id", "transaction id",
                 "record id", "uuid", "guid", "log id", "request id"),
    "occurred_at": ("timestamp", "date time", "datetime", "searched at", "search datetime",
                    "search date time", "time of search", "created at", "created", "query time",
                    "event time", "search timestamp", "date and time", "logged at"),
    "occurred_date": ("date", "search date", "query date", "event date", "date of search"),
    "occurred_time": ("time", "search time", "query time of day", "event time of day"),
    "user_name": ("user", "user name", "searched by", "officer", "officer name", "name",
                  "employee name", "searcher", "requested by", "run by", "operator",
                  "member name", "full name", "investigator"),
    "user_id": ("badge", "badge number", "badge #", "badge no", "serial", "serial number",
                "serial #", "badge serial", "employee id", "employee number", "employee #",
                "emp id", "emp #", "officer id", "payroll", "payroll number", "user id",
                "personnel number", "id number"),
    "user_email": ("email", "e mail", "user email", "email address", "login email",
                   "user e mail"),
    "username": ("username", "login", "login name", "account", "user login", "account name"),
    "unit": ("department", "unit", "division", "group", "bureau", "section", "team", "squad",
             "org", "org name", "organization", "organisation", "agency"),
    "case_number": ("case number", "case #", "case no", "case", "dr #", "dr", "dr number",
                    "dr no", "report number", "report #", "incident number", "incident #",
                    "rd number", "rd #", "cad number", "file number", "case id"),
    "purpose": ("reason", "purpose", "crime type", "offense", "offence", "reason for search",
                "search reason", "justification", "search purpose", "category", "crime",
                "investigation type", "search type reason"),
    "notes": ("notes", "comments", "comment", "remarks", "description", "details", "narrative",
              "memo", "note", "additional info"),
    "result_count": ("hits", "results", "result count", "matches", "number of results",
                     "match count", "candidates", "# results", "results returned"),
    "ip_address": ("ip", "ip address", "source ip", "client ip", "remote addr",
                   "remote address", "ip addr"),
}
SYNONYMS: dict[str, str] = {}
for _field, _names in _SYNONYMS.items():
    for _name in _names:
        SYNONYMS.setdefault(normalise_header(_name), _field)


def field_for_header(name: str) -> str | None:
    return SYNONYMS.get(normalise_header(name))
