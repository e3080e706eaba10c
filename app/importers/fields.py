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


# Zones a column name can carry ("Search Date (UTC)", "timestamp_utc", "Time (PST)"): the
# abbreviations are fixed offsets, as they say which side of a daylight-saving change they are.
HEADER_ZONES = {
    "utc": "UTC", "gmt": "UTC", "z": "UTC", "zulu": "UTC",
    "pst": "Etc/GMT+8", "pdt": "Etc/GMT+7", "mst": "Etc/GMT+7", "mdt": "Etc/GMT+6",
    "cst": "Etc/GMT+6", "cdt": "Etc/GMT+5", "est": "Etc/GMT+5", "edt": "Etc/GMT+4",
    "akst": "Etc/GMT+9", "akdt": "Etc/GMT+8", "hst": "Etc/GMT+10",
    "pt": "America/Los_Angeles", "pacific": "America/Los_Angeles",
    "mt": "America/Denver", "mountain": "America/Denver",
    "ct": "America/Chicago", "central": "America/Chicago",
    "et": "America/New_York", "eastern": "America/New_York",
}
_PAREN_ZONE = re.compile(r"^(?P<base>.*?)\s*[(\[]\s*(?P<zone>[A-Za-z_/+\-0-9]+)\s*[)\]]\s*$")
_SUFFIX_ZONE = re.compile(r"^(?P<base>.*?)[\s_\-]+(?:in[\s_]+)?(?P<zone>[A-Za-z]+)\s*$")


def split_zone(name: str) -> tuple[str, str | None]:
    """A column name without the zone it names, and that zone (an IANA name) or None:
    'Search Date (UTC)' -> ('Search Date', 'UTC'); 'timestamp_utc' -> ('timestamp', 'UTC');
    'Time (America/Chicago)' -> ('Time', 'America/Chicago')."""
    text = str(name).strip()
    match = _PAREN_ZONE.match(text)
    if match and match["base"]:
        token = match["zone"]
        zone = HEADER_ZONES.get(token.lower()) or (token if "/" in token and _is_zone(token)
                                                   else None)
        if zone:
            return match["base"], zone
    match = _SUFFIX_ZONE.match(text)
    if match and match["base"] and match["zone"].lower() in HEADER_ZONES \
            and len(match["zone"]) >= 3 and normalise_header(match["base"]) in SYNONYMS:
        return match["base"], HEADER_ZONES[match["zone"].lower()]
    return text, None


def _is_zone(name: str) -> bool:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def field_for_header(name: str) -> str | None:
    found = SYNONYMS.get(normalise_header(name))
    if found is None:
        base, zone = split_zone(name)
        if zone is not None:
            found = SYNONYMS.get(normalise_header(base))
    return found
