"""Agency configuration: the defaults a new database starts with, all editable in Settings."""

from __future__ import annotations

DEFAULT_SETTINGS: dict[str, object] = {
    "agency_name": "City of Ribera Police Department",
    "agency_address": "100 Civic Center Plaza\nRibera, CA 90000",
    # Naive timestamps in vendor exports are read in this zone.
    "agency_timezone": "America/Los_Angeles",
    "bates_prefix": "RPD",
    # The queue marks a request "due soon" this many days ahead of its deadline.
    "due_soon_days": 2,
    # Gov. Code § 6700(a) local option: a city, county or district need not adopt these two
    # holidays. Counted as closed unless the agency unticks them (see domain.holiday_rules).
    "count_mlk_day": True,
    "count_cesar_chavez_day": True,
}
