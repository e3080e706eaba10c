"""Vendor export shapes recognised from their headers."""

from __future__ import annotations

from dataclasses import dataclass

from app.importers.fields import normalise_header, split_zone
from app.importers.mapping import Mapping


@dataclass(frozen=True)
class VendorProfile:
    name: str
    title: str
    system: str                      # '' when the header does not tell which system it is
    columns: dict[str, str]          # normalised header -> field
    required: frozenset[str]         # normalised headers that identify the shape
    timezone: str = ""               # zone of naive timestamps, if the vendor fixes one
    date_order: str = ""             # order of numeric dates, if the vendor fixes one

    def matches(self, header: list[str]) -> bool:
        return self.required <= {_name(h) for h in header}

    def mapping_for(self, header: list[str]) -> Mapping:
        columns = {h: self.columns[_name(h)] for h in header if _name(h) in self.columns}
        return Mapping(self.system, self.timezone, columns, self.date_order)


def _name(header: str) -> str:
    """A column name as profiles know it: normalised, without a zone it names."""
    return normalise_header(split_zone(header)[0])


PROFILES: tuple[VendorProfile, ...] = (
    # Flock Safety's network search audit (licence-plate reader), as released by agencies: the
    # vendor's labels ("Org Name", "Search Time") or the same with underscores. Name, Case # and
    # License Plate are present when the agency did not redact them. Search times say "UTC".
    VendorProfile(
        name="flock-alpr-audit",
        title="Flock Safety ALPR search audit",
        system="flock",
        columns={
            "id": "event_id",
            "search time": "occurred_at",
            "name": "user_name",
            "user": "user_name",
            "org name": "unit",
            "case #": "case_number",
            "case number": "case_number",
            "reason": "purpose",
        },
        required=frozenset({"id", "org name", "search time", "reason", "search type"}),
        # A US vendor: the release writes "11/14/2025, 09:53:36 AM UTC", month first.
        date_order="month-first",
    ),
    # A generic facial-recognition search log: one row per search with the searcher, the case
    # and the result count; dates and times in local time. No vendor's real export header has
    # been seen, so this shape names no vendor and does not decide the system: the clerk names
    # it (--system, or the import dialog).
    VendorProfile(
        name="facial-recognition-search-log",
        title="Generic facial-recognition search log",
        system="",
        columns={
            "search id": "event_id",
            "search date": "occurred_date",
            "search time": "occurred_time",
            "user name": "user_name",
            "user email": "user_email",
            "employee id": "user_id",
            "department": "unit",
            "case number": "case_number",
            "crime type": "purpose",
            "notes": "notes",
            "results": "result_count",
            "ip address": "ip_address",
        },
        required=frozenset({"search id", "search date", "search time", "user name",
                            "case number", "results"}),
    ),
)


def detect(header: list[str]) -> VendorProfile | None:
    for profile in PROFILES:
        if profile.matches(header):
            return profile
    return None


def by_name(name: str) -> VendorProfile | None:
    return next((p for p in PROFILES if p.name == name), None)
